"""Patient conditions that change the risk of kratom use (pregnancy, liver disease, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from speciosa.grading import Severity
from speciosa.knowledge.interaction_rules import InteractionRule, RuleKind
from speciosa.patient import Condition
from speciosa.screen.result import ConditionFinding, Evidence

#: String-matching threshold (not a clinical number): a condition name this close is accepted.
MATCH_SCORE = 90.0


#: Words that negate a problem-list text; such text is never matched by containment ("no seizures").
NEGATION_CUES = ("no", "not", "denies", "denied", "without", "negative", "ruled", "r/o", "absent", "never")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace(",", " ").replace(";", " ").split())


def _negated(key: str) -> bool:
    return any(cue in key.split() for cue in NEGATION_CUES)


def _contained(key: str, names: dict[str, InteractionRule]) -> InteractionRule | None:
    """The rule whose longest name stands as whole words inside ``key`` (EHR text such as
    "Pregnancy, second trimester")."""
    padded = f" {key} "
    hits = [(len(name), rule) for name, rule in names.items() if f" {name} " in padded]
    return max(hits, key=lambda hit: hit[0])[1] if hits else None


def screen_conditions(
    conditions: Sequence[str | Condition], rules: tuple[InteractionRule, ...]
) -> tuple[ConditionFinding, ...]:
    """One ConditionFinding per input condition, in input order; none is dropped."""
    cond_rules = [r for r in rules if r.kind is RuleKind.CONDITION]
    names = {_norm(n): r for r in cond_rules for n in r.condition_names}
    out: list[ConditionFinding] = []
    for item in conditions:
        text = item.name if isinstance(item, Condition) else item
        key = _norm(text)
        rule = names.get(key)
        # Approximate matching never applies to negated text: "no history of seizures" is not a rule hit.
        if rule is None and names and not _negated(key):
            best = process.extractOne(key, list(names), scorer=fuzz.ratio)
            if best is not None and best[1] >= MATCH_SCORE:
                rule = names[best[0]]
            if rule is None:
                rule = _contained(key, names)
        if rule is None:
            out.append(
                ConditionFinding(
                    condition=text,
                    recognised=False,
                    rule=None,
                    severity=Severity.NONE_KNOWN,
                    message=(
                        "No reviewed kratom rule for this condition: evidence not reviewed, "
                        "not evidence of safety."
                    ),
                    management=None,
                    evidence=None,
                    sources=(),
                )
            )
            continue
        out.append(
            ConditionFinding(
                condition=text,
                recognised=True,
                rule=rule.id,
                severity=rule.severity,
                message=rule.message,
                management=rule.management,
                evidence=Evidence(certainty=rule.certainty, reason=rule.certainty_reason),
                sources=rule.sources,
            )
        )
    return tuple(sorted(out, key=lambda c: -c.severity.rank))
