"""Data-driven scoring of every instrument in the knowledge base.

All numbers (response values, bands, cut-offs, alert thresholds) come from
``knowledge/data/instruments/*.yaml``; this module only applies them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction

from speciosa.assess.instruments.result import InstrumentScore
from speciosa.basis import Alert, Basis
from speciosa.errors import InputError
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.instruments import Band, Instrument, PositiveScreen

SEXES = ("female", "male")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_instrument(kb: KnowledgeBase, instrument_id: str) -> Instrument:
    """The instrument whose id or short name matches ``instrument_id`` (case and hyphens ignored).

    Raises
    ------
    InputError
        If no instrument matches; the message lists the known ids.
    """
    wanted = _norm(str(instrument_id))
    for inst in kb.instruments:
        if wanted in (_norm(inst.id), _norm(inst.short_name)):
            return inst
    known = ", ".join(sorted(i.id for i in kb.instruments))
    raise InputError("instrument", instrument_id, f"one of: {known}")


def _allowed(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values) + " (or blank for a missing answer)"


def _check_answers(inst: Instrument, answers: Sequence[object]) -> tuple[int | None, ...]:
    n = len(inst.items)
    if isinstance(answers, str | bytes):
        raise InputError("answers", answers, f"a list of exactly {n} answers, one per item 1-{n}")
    if len(answers) != n:
        raise InputError(
            "answers",
            f"{len(answers)} answers",
            f"exactly {n} answers, one per item 1-{n} of {inst.short_name}",
        )
    out: list[int | None] = []
    for item, value in zip(inst.items, answers, strict=True):
        if value is None:
            out.append(None)
            continue
        # bool is an int subclass: True must not silently score as 1.
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
            raise InputError(f"item {item.number}", value, _allowed(item.values))
        out.append(value)
    return tuple(out)


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _band_alert(inst: Instrument, band: Band, total: int, basis: Basis) -> Alert | None:
    if band.alert_level is None or band.alert_message is None:
        return None
    return Alert(
        level=band.alert_level,
        code=f"{inst.id}-{band.code}",
        message=band.alert_message,
        action=band.alert_action,
        basis=basis.model_copy(
            update={
                "numbers": {"total": total, "band_min": band.min_score, "band_max": band.max_score},
                "sources": band.sources,
            }
        ),
    )


def _screen(
    inst: Instrument, total: int, sex: str | None
) -> tuple[bool | None, PositiveScreen | None, str | None]:
    """Positive screen, the cut-off applied, and a note when sex is needed but not given."""
    cuts = inst.positive_screen
    if not cuts:
        return None, None, None
    general = [c for c in cuts if c.sex is None]
    if general:
        return total >= general[0].min_score, general[0], None
    if sex is not None:
        for cut in cuts:
            if cut.sex == sex:
                return total >= cut.min_score, cut, None
        return None, None, f"no {inst.short_name} cut-off is published for sex {sex!r}"
    lowest = min(cuts, key=lambda c: c.min_score)
    highest = max(cuts, key=lambda c: c.min_score)
    limits = "; ".join(f"{c.sex} >= {c.min_score}" for c in cuts)
    if total >= highest.min_score:
        return True, highest, None
    if total < lowest.min_score:
        return False, lowest, None
    return None, None, f"{inst.short_name} cut-off depends on sex ({limits}); sex was not given"


def score(
    instrument_id: str,
    answers: Sequence[int | None],
    kb: KnowledgeBase,
    *,
    sex: str | None = None,
    functional_difficulty: int | None = None,
) -> InstrumentScore:
    """Score one administration of an instrument exactly as its authors specify.

    Parameters
    ----------
    instrument_id
        An instrument id (``phq-9``) or short name (``PHQ9``), case-insensitive.
    answers
        One value per item, in form order; ``None`` for an unanswered item.
    kb
        The knowledge base holding the instrument definitions.
    sex
        ``"female"`` or ``"male"``; used only where cut-offs differ by sex (AUDIT-C).
    functional_difficulty
        PHQ-9 functional-difficulty answer (0 not difficult at all ... 3 extremely difficult); not scored.

    Returns
    -------
    InstrumentScore
        Total (``None`` if too many items are missing), band, screen result and alerts. Item-level
        alerts (PHQ-9 item 9 > 0 -> urgent ``suicide-risk``) fire even when the total is invalid.

    Raises
    ------
    InputError
        Unknown instrument, wrong number of answers, or a value not allowed for its item; the message
        names the item and the allowed values.

    References
    ----------
    Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613. PMID 11556941.
    Sources of every other instrument: ``knowledge/data/sources/instruments.yaml``.

    Examples
    --------
    >>> from speciosa.knowledge import load_knowledge
    >>> result = score("phq-9", [1, 1, 1, 1, 1, 1, 1, 1, 0], load_knowledge())
    >>> (result.total, result.severity, result.valid)
    (8, 'mild', True)
    """
    inst = find_instrument(kb, instrument_id)
    if sex is not None and sex not in SEXES:
        raise InputError("sex", sex, "female or male")
    values = _check_answers(inst, answers)
    difficulty_label = _functional_difficulty(inst, functional_difficulty)

    sources: list[str] = list(inst.sources)
    base = Basis(
        rule=f"{inst.scoring_rule} Missing items: {inst.missing_items.description}",
        inputs={"answers": list(values), "sex": sex, "functional_difficulty": functional_difficulty},
        sources=tuple(inst.sources),
        knowledge_version=kb.version_label,
    )
    alerts: list[Alert] = []
    warnings: list[str] = []

    for rule in inst.alert_rules:
        value = values[rule.item - 1]
        rule_basis = base.model_copy(
            update={
                "rule": f"Item {rule.item} >= {rule.min_value} raises {rule.level.value} alert {rule.code}.",
                "numbers": {"item": rule.item, "answer": value, "threshold": rule.min_value},
                "sources": rule.sources,
            }
        )
        if value is None:
            alerts.append(
                Alert(
                    level=AlertLevel.WARNING,
                    code=f"{rule.code}-item-missing",
                    message=f"{inst.short_name} item {rule.item} was not answered, so "
                    f"{rule.code} cannot be ruled out.",
                    action=f"Ask item {rule.item} directly. {rule.action}",
                    basis=rule_basis,
                )
            )
        elif value >= rule.min_value:
            option = inst.items[rule.item - 1].option(value)
            said = f" ('{option.label}')" if option and option.label else ""
            alerts.append(
                Alert(
                    level=rule.level,
                    code=rule.code,
                    message=f"{rule.message} {inst.short_name} item {rule.item} answer: {value}{said}.",
                    action=rule.action,
                    basis=rule_basis,
                )
            )
        sources += [s for s in rule.sources if s not in sources]

    missing = tuple(i + 1 for i, v in enumerate(values) if v is None)
    answered = [v for v in values if v is not None]
    total: int | None
    prorated = False
    n = len(inst.items)
    if not missing:
        total = sum(answered)
    elif inst.missing_items.kind == "prorate" and len(missing) <= inst.missing_items.max_missing:
        total = _round_half_up(Fraction(sum(answered) * n, len(answered)))
        prorated = True
        warnings.append(
            f"Total prorated from {len(answered)} of {n} items ({inst.missing_items.description})"
        )
    else:
        total = None
        listed = ", ".join(str(m) for m in missing)
        alerts.append(
            Alert(
                level=AlertLevel.WARNING,
                code="incomplete-instrument",
                message=f"{inst.short_name} has no valid total: item(s) {listed} missing. "
                f"{inst.missing_items.description}",
                action="Complete the missing items with the patient and score again.",
                basis=base.model_copy(update={"sources": inst.missing_items.sources}),
            )
        )

    band = inst.band_for(total) if total is not None else None
    positive: bool | None = None
    numbers: dict[str, object] = {
        "total": total,
        "total_min": inst.total_min,
        "total_max": inst.total_max,
        "missing_items": list(missing),
        "prorated": prorated,
    }
    if total is not None:
        if band is not None:
            numbers |= {"band": band.code, "band_min": band.min_score, "band_max": band.max_score}
            sources += [s for s in band.sources if s not in sources]
            band_alert = _band_alert(inst, band, total, base)
            if band_alert is not None:
                alerts.append(band_alert)
        elif inst.bands_note:
            warnings.append(inst.bands_note)
        positive, cut, note = _screen(inst, total, sex)
        if note:
            # Undecided between the sex-specific cut-offs: it may be positive, so it is a warning.
            alerts.append(
                Alert(
                    level=AlertLevel.WARNING,
                    code="screen-needs-sex",
                    message=note,
                    action="Record the patient's sex to apply the published cut-off.",
                    basis=base,
                )
            )
        if cut is not None:
            numbers |= {"screen_cutoff": cut.min_score, "screen_sex": cut.sex}
            sources += [s for s in cut.sources if s not in sources]
            if positive:
                alerts.append(
                    Alert(
                        level=cut.alert_level,
                        code="positive-screen",
                        message=cut.label,
                        action=cut.action,
                        basis=base.model_copy(
                            update={
                                "numbers": {"total": total, "cutoff": cut.min_score},
                                "sources": cut.sources,
                            }
                        ),
                    )
                )

    alerts.sort(key=lambda a: -a.level.rank)
    return InstrumentScore(
        instrument=inst.id,
        instrument_name=inst.short_name,
        total=total,
        total_min=inst.total_min,
        total_max=inst.total_max,
        severity=band.code if band else None,
        severity_label=band.label if band else None,
        positive_screen=positive,
        valid=total is not None,
        prorated=prorated,
        missing_items=missing,
        answers=values,
        functional_difficulty=functional_difficulty,
        functional_difficulty_label=difficulty_label,
        alerts=tuple(alerts),
        warnings=tuple(warnings),
        basis=base.model_copy(update={"numbers": numbers, "sources": tuple(sources)}),
    )


def _functional_difficulty(inst: Instrument, value: int | None) -> str | None:
    if value is None:
        return None
    question = next((q for q in inst.supplementary if q.id == "functional-difficulty"), None)
    if question is None:
        raise InputError("functional_difficulty", value, f"nothing: {inst.short_name} has no such question")
    allowed = [o.value for o in question.options]
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        labels = ", ".join(f"{o.value} ({o.label})" for o in question.options)
        raise InputError("functional_difficulty", value, labels)
    option = next(o for o in question.options if o.value == value)
    return option.label
