"""Evidence summaries per clinical question: studies, direction, GRADE-style certainty, plain words.

Built from the knowledge base's evidence records plus any records a reviewer accepted from a
living-update import (the overlay); the knowledge version label then names the overlay
(``+evidence.N``). Certainty comes from :mod:`speciosa.learn.certainty`. A summary never
recommends kratom: where studies report benefit, the sentence says how uncertain that is.

References
----------
Balshem H, et al. J Clin Epidemiol 2011;64(4):401-406. doi:10.1016/j.jclinepi.2010.07.015
Santesso N, et al. J Clin Epidemiol 2020;119:126-135. doi:10.1016/j.jclinepi.2019.10.014
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from speciosa.basis import DISCLAIMER, Basis, Frozen, Result
from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge.common import Unknown
from speciosa.knowledge.evidence import Direction, EvidenceRecord, Question, StudyDesign, records_for
from speciosa.learn.certainty import CertaintyRating, GradeRules, counted, rate_certainty

#: The questions issue #9 asks summaries for, with the words used in sentences.
SUMMARY_QUESTIONS: dict[Question, str] = {
    Question.MOOD_DEPRESSION: "mood and depression",
    Question.DEPENDENCE_WITHDRAWAL: "dependence and withdrawal",
    Question.LIVER_INJURY: "liver injury",
    Question.INTERACTIONS: "drug interactions",
    Question.MORTALITY: "death",
    Question.PREGNANCY: "pregnancy and the newborn",
}

_DIRECTION_WORDS = {
    Direction.BENEFIT: "benefit",
    Direction.HARM: "harm",
    Direction.NO_EFFECT: "little or no effect",
    Direction.MIXED: "mixed findings",
    Direction.DESCRIPTIVE: "descriptive findings without an effect estimate",
}


class StudyEntry(Frozen):
    """One row of a summary's studies table."""

    id: str
    citation: str
    year: int | Unknown
    design: StudyDesign
    n: int | Unknown
    population: str
    direction: Direction
    certainty: Certainty
    key_finding: str
    counted: bool
    from_overlay: bool
    sources: tuple[str, ...]


class EvidenceSummary(Result):
    """What is known about one question, how certain it is, and why."""

    question: Question
    topic: str
    studies: tuple[StudyEntry, ...]
    directions: dict[Direction, int]
    certainty: Certainty | None
    rating: CertaintyRating
    plain_language: str
    sources: tuple[str, ...]
    knowledge_version: str
    warnings: tuple[str, ...] = ()
    basis: Basis

    def summary(self) -> str:
        level = self.certainty.value if self.certainty else "no rating (no human studies)"
        lines = [f"Evidence on kratom and {self.topic}: certainty {level}", self.plain_language]
        if self.rating.start is not None:
            lines.append(f"start: {self.rating.start.value} ({self.rating.start_reason})")
        lines.extend(f"  rated down, {reason}" for reason in self.rating.reasons())
        lines.append("  publication bias: not assessed automatically")
        lines.append(f"studies ({len(self.studies)}):")
        for s in self.studies:
            n = f"n={s.n}" if s.n != "unknown" else "n unknown"
            flag = "" if s.counted else " [not counted: indirect or not a study result]"
            lines.append(
                f"  - {s.citation} [{s.design.value}, {n}, {s.direction.value}, {s.certainty.value}]{flag}"
            )
        lines.append(f"sources: {', '.join(self.sources)}")
        lines.append(f"knowledge version: {self.knowledge_version}")
        lines.extend(f"note: {w}" for w in self.warnings)
        lines.append(DISCLAIMER)
        return "\n".join(lines)


def parse_question(value: str) -> Question:
    try:
        question = Question(value)
    except ValueError as exc:
        raise InputError("question", value, ", ".join(q.value for q in SUMMARY_QUESTIONS)) from exc
    return question


def summarise_evidence(
    question: Question | str,
    records: Sequence[EvidenceRecord],
    rules: GradeRules,
    knowledge_version: str,
    overlay_ids: frozenset[str] = frozenset(),
) -> EvidenceSummary:
    """The evidence summary for ``question`` from ``records`` (knowledge base plus accepted overlay).

    Examples
    --------
    >>> from speciosa.learn.certainty import load_grade_rules
    >>> s = summarise_evidence("pregnancy", (), load_grade_rules(), "test")
    >>> s.certainty is None
    True
    """
    chosen = question if isinstance(question, Question) else parse_question(question)
    topic = SUMMARY_QUESTIONS.get(chosen, chosen.value.replace("-", " "))
    mine = records_for(records, chosen)
    body = {r.id for r in counted(mine, rules)}
    rating = rate_certainty(mine, rules)
    directions = Counter(r.direction for r in mine if r.id in body)
    studies = tuple(
        StudyEntry(
            id=r.id,
            citation=r.citation,
            year=r.year,
            design=r.design,
            n=r.n,
            population=r.population,
            direction=r.direction,
            certainty=r.certainty,
            key_finding=r.key_finding,
            counted=r.id in body,
            from_overlay=r.id in overlay_ids,
            sources=r.sources,
        )
        for r in mine
    )
    sources = tuple(dict.fromkeys([s for r in mine for s in r.sources] + list(rules.source_ids())))
    warnings: list[str] = []
    if any(s.from_overlay for s in studies):
        warnings.append("includes records accepted from a living-update import (see knowledge version)")
    return EvidenceSummary(
        question=chosen,
        topic=topic,
        studies=studies,
        directions=dict(directions),
        certainty=rating.overall,
        rating=rating,
        plain_language=_sentence(topic, rating, directions, rules, len(body)),
        sources=sources,
        knowledge_version=knowledge_version,
        warnings=tuple(warnings),
        basis=Basis(
            rule="GRADE: randomised trials start high, observational studies low; rated down for risk of "
            "bias, inconsistency, indirectness and imprecision (rules in data/certainty/grade-rules.yaml)",
            inputs={"question": chosen.value, "records": len(mine), "counted_records": len(body)},
            numbers={"downgrade_levels": sum(d.levels for d in rating.downgrades)},
            sources=rules.source_ids(),
            knowledge_version=knowledge_version,
        ),
    )


def summarise_all(
    records: Sequence[EvidenceRecord],
    rules: GradeRules,
    knowledge_version: str,
    overlay_ids: frozenset[str] = frozenset(),
) -> tuple[EvidenceSummary, ...]:
    """One summary per question in :data:`SUMMARY_QUESTIONS`."""
    return tuple(
        summarise_evidence(q, records, rules, knowledge_version, overlay_ids) for q in SUMMARY_QUESTIONS
    )


def _sentence(
    topic: str, rating: CertaintyRating, directions: Counter[Direction], rules: GradeRules, k: int
) -> str:
    if rating.overall is None:
        return f"No human studies about {topic} are in the knowledge base; nothing can be concluded."
    common = [d for d, _ in directions.most_common()]
    lead = common[0] if len(common) == 1 else Direction.MIXED
    words = _DIRECTION_WORDS[lead]
    studies = f"{k} human {'study' if k == 1 else 'studies'}"
    phrase = rules.statements[rating.overall]
    if rating.overall is Certainty.VERY_LOW:
        sentence = f"For {topic}, {phrase} the effect of kratom use ({words}; very low certainty; {studies})."
    elif lead in (Direction.MIXED, Direction.DESCRIPTIVE):
        sentence = f"For {topic}, studies report {words} ({rating.overall.value} certainty; {studies})."
    else:
        sentence = f"For {topic}, kratom use {phrase} {words} ({rating.overall.value} certainty; {studies})."
    if Direction.BENEFIT in directions:
        sentence += " Reported benefits are not a reason to start kratom; speciosa never recommends it."
    return sentence
