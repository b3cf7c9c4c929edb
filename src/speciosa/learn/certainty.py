"""GRADE-style certainty for a body of evidence: a starting level, then reasons for rating down.

The rules are data (``knowledge/data/certainty/grade-rules.yaml``), each with its source; this
module only applies them to a question's :class:`~speciosa.knowledge.evidence.EvidenceRecord`s.
Randomised trials start high and observational studies low; each of risk of bias,
inconsistency, indirectness and imprecision can rate the body down; publication bias is left to
the reviewer. The result lists every downgrade with its reason so a reviewer can overrule it.

References
----------
Balshem H, et al. GRADE guidelines: 3. Rating the quality of evidence. J Clin Epidemiol
2011;64(4):401-406. doi:10.1016/j.jclinepi.2010.07.015
Guyatt GH, et al. GRADE guidelines 6. Rating the quality of evidence - imprecision. J Clin
Epidemiol 2011;64(12):1283-1293.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Annotated

from pydantic import Field, ValidationError

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.grading import Certainty
from speciosa.knowledge.common import SourceIds
from speciosa.knowledge.evidence import Direction, EvidenceRecord, StudyDesign
from speciosa.knowledge.loader import read_yaml

RULES_FILE = "certainty/grade-rules.yaml"


class Domain(StrEnum):
    """GRADE domains for rating certainty down."""

    RISK_OF_BIAS = "risk-of-bias"
    INCONSISTENCY = "inconsistency"
    INDIRECTNESS = "indirectness"
    IMPRECISION = "imprecision"
    PUBLICATION_BIAS = "publication-bias"


class StartingLevel(Frozen):
    designs: Annotated[tuple[StudyDesign, ...], Field(min_length=1)]
    start: Certainty
    reason: str
    sources: SourceIds


class NotCounted(Frozen):
    designs: tuple[StudyDesign, ...]
    reason: str
    sources: SourceIds


class DomainRule(Frozen):
    domain: Domain
    rule: str
    operationalisation: str
    sources: SourceIds


class GradeRules(Frozen):
    """The rules file, validated."""

    starting_levels: tuple[StartingLevel, ...]
    not_counted: NotCounted
    domains: tuple[DomainRule, ...]
    statements: dict[Certainty, str]
    statement_sources: SourceIds

    def start_for(self, design: StudyDesign) -> Certainty | None:
        for level in self.starting_levels:
            if design in level.designs:
                return level.start
        return None

    def domain(self, domain: Domain) -> DomainRule:
        for rule in self.domains:
            if rule.domain is domain:
                return rule
        raise KnowledgeError(f"data/{RULES_FILE}: no rule for domain {domain.value!r}")

    def source_ids(self) -> tuple[str, ...]:
        ids: list[str] = [s for level in self.starting_levels for s in level.sources]
        ids.extend(self.not_counted.sources)
        ids.extend(s for rule in self.domains for s in rule.sources)
        ids.extend(self.statement_sources)
        return tuple(dict.fromkeys(ids))


@cache
def load_grade_rules() -> GradeRules:
    """The GRADE rules from package data (cached); KnowledgeError if the file breaks its schema."""
    try:
        rules = GradeRules.model_validate(read_yaml(RULES_FILE))
    except ValidationError as exc:
        raise KnowledgeError(f"data/{RULES_FILE}: {exc}") from exc
    for design in StudyDesign:
        if rules.start_for(design) is None and design not in rules.not_counted.designs:
            raise KnowledgeError(f"data/{RULES_FILE}: design {design.value!r} has no starting level")
    return rules


class Downgrade(Frozen):
    """One reason the body of evidence was rated down."""

    domain: Domain
    levels: Annotated[int, Field(ge=0, le=2)]
    reason: str
    sources: SourceIds


class CertaintyRating(Frozen):
    """Overall certainty for one question with its starting point and downgrades."""

    start: Certainty | None
    start_reason: str
    downgrades: tuple[Downgrade, ...]
    not_assessed: tuple[Domain, ...]
    overall: Certainty | None  # None: no counted human study

    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{d.domain.value} (-{d.levels}): {d.reason}" for d in self.downgrades if d.levels)


_OPPOSED = (
    frozenset({Direction.BENEFIT, Direction.HARM}),
    frozenset({Direction.BENEFIT, Direction.NO_EFFECT}),
    frozenset({Direction.HARM, Direction.NO_EFFECT}),
)
_SELF_SELECTED = frozenset({StudyDesign.SURVEY, StudyDesign.CROSS_SECTIONAL})


def counted(records: Sequence[EvidenceRecord], rules: GradeRules) -> tuple[EvidenceRecord, ...]:
    """The records that count towards certainty (human study results)."""
    return tuple(r for r in records if r.design not in rules.not_counted.designs)


def rate_certainty(records: Sequence[EvidenceRecord], rules: GradeRules) -> CertaintyRating:
    """Apply the GRADE rules to the records for one question.

    Examples
    --------
    >>> rate_certainty((), load_grade_rules()).overall is None
    True
    """
    body = counted(records, rules)
    if not body:
        return CertaintyRating(
            start=None,
            start_reason="No human study results in the knowledge base for this question.",
            downgrades=(),
            not_assessed=tuple(Domain),
            overall=None,
        )
    starts = {r.id: rules.start_for(r.design) or Certainty.VERY_LOW for r in body}
    start = max(starts.values(), key=lambda c: c.rank)
    start_level = next(level for level in rules.starting_levels if level.start is start)
    downgrades: list[Downgrade] = []

    best = max(body, key=lambda r: (r.certainty.rank, starts[r.id].rank))
    gap = min(2, max(0, start.rank - best.certainty.rank))
    rob = rules.domain(Domain.RISK_OF_BIAS)
    downgrades.append(
        Downgrade(
            domain=Domain.RISK_OF_BIAS,
            levels=gap,
            sources=rob.sources,
            reason=(
                f"the best study ({best.id}) was rated {best.certainty.value}: {best.certainty_reason}"
                if gap
                else "the best study kept its design's starting level"
            ),
        )
    )
    directions = {r.direction for r in body}
    opposed = any(pair <= directions for pair in _OPPOSED) or Direction.MIXED in directions
    rule = rules.domain(Domain.INCONSISTENCY)
    downgrades.append(
        Downgrade(
            domain=Domain.INCONSISTENCY,
            levels=1 if opposed else 0,
            sources=rule.sources,
            reason=(
                "studies point in different directions ("
                + ", ".join(sorted(d.value for d in directions))
                + ")"
            )
            if opposed
            else "studies do not point in opposite directions",
        )
    )
    self_selected = all(r.design in _SELF_SELECTED for r in body)
    rule = rules.domain(Domain.INDIRECTNESS)
    downgrades.append(
        Downgrade(
            domain=Domain.INDIRECTNESS,
            levels=1 if self_selected else 0,
            sources=rule.sources,
            reason="every study is a survey or cross-sectional sample of self-selected users"
            if self_selected
            else "at least one study is not a self-selected user sample",
        )
    )
    known_n = [r.n for r in body if isinstance(r.n, int)]
    imprecise = len(body) == 1 or not known_n
    rule = rules.domain(Domain.IMPRECISION)
    downgrades.append(
        Downgrade(
            domain=Domain.IMPRECISION,
            levels=1 if imprecise else 0,
            sources=rule.sources,
            reason=("a single study" if len(body) == 1 else "no study reports its sample size")
            if imprecise
            else f"{len(body)} studies, {sum(known_n)} participants or cases with known n",
        )
    )
    total = sum(d.levels for d in downgrades)
    overall = list(Certainty)[max(0, start.rank - total)]
    return CertaintyRating(
        start=start,
        start_reason=start_level.reason,
        downgrades=tuple(downgrades),
        not_assessed=(Domain.PUBLICATION_BIAS,),
        overall=overall,
    )
