"""A plain-language handout for the patient, built from the plan, with its reading grade measured.

Only the ``patient_text`` written for each guideline entry is used (reviewed wording, reading grade
≤ 8), plus dates from the schedule. Grade is the Flesch-Kincaid grade level from textstat, with
syllables counted by pyphen's en-US hyphenation patterns (language tag ``en-US``): textstat's
default English path needs the NLTK CMU dictionary download, which an offline install lacks, and
a measure must not depend on the network.

References
----------
Kincaid JP, Fishburne RP, Rogers RL, Chissom BS. Derivation of new readability formulas for Navy
enlisted personnel. Research Branch Report 8-75, 1975.
"""

from __future__ import annotations

from textstat.backend.metrics import flesch_kincaid_grade

from speciosa.basis import Frozen, Result
from speciosa.grading import AlertLevel
from speciosa.plan.model import CarePlan, Section
from speciosa.plan.safety import assert_no_kratom_dose

_WHAT = {
    "scale": "Fill in your mood forms",
    "lab": "Blood test for your liver",
    "ecg": "Heart tracing (ECG)",
    "review": "Visit to talk about how treatment is going",
}


class HandoutSection(Frozen):
    title: str
    paragraphs: tuple[str, ...]


class Handout(Result):
    """The patient's handout and its measured reading grade."""

    patient_id: str
    title: str
    sections: tuple[HandoutSection, ...]
    reading_grade: float
    closing: str

    def text(self) -> str:
        parts = [self.title]
        for section in self.sections:
            parts.append(section.title)
            parts += section.paragraphs
        parts.append(self.closing)
        return "\n\n".join(parts)

    def summary(self) -> str:
        return self.text() + f"\n\n(Reading grade {self.reading_grade:.1f})"


READABILITY_LANG = "en-US"


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of ``text`` (0.39 x words/sentence + 11.8 x syllables/word - 15.59).

    >>> reading_grade("We will see you again in two weeks. Call us if you feel worse.") < 4
    True
    """
    return float(flesch_kincaid_grade(text, READABILITY_LANG))


def _date(d: object) -> str:
    from datetime import date

    return d.strftime("%d %B %Y").lstrip("0") if isinstance(d, date) else "a date we will set with you"


def build_handout(plan: CarePlan) -> Handout:
    """The handout for ``plan``: safety first when there is a suicide-risk signal.

    Examples
    --------
    >>> from datetime import date
    >>> from speciosa.plan.model import CarePlan
    >>> h = build_handout(CarePlan(patient_id="x", generated_on=date(2026, 1, 1), knowledge_version="v",
    ...                            alerts=(), severity_context="", items=()))
    >>> h.sections[0].title
    'Your next check-ins'
    """
    sections: list[HandoutSection] = []
    safety = [i.patient_text for i in plan.items if i.section is Section.SAFETY and i.patient_text]
    if any(a.level is AlertLevel.URGENT and a.code == "suicide-risk" for a in plan.alerts) and safety:
        sections.append(HandoutSection(title="Your safety comes first", paragraphs=tuple(safety)))
    care = [i.patient_text for i in plan.items if i.section is not Section.SAFETY and i.patient_text]
    if care:
        sections.append(HandoutSection(title="Your treatment", paragraphs=tuple(dict.fromkeys(care))))
    if plan.kratom is not None:
        kratom = [i.patient_text for i in plan.kratom.items if i.patient_text]
        sections.append(HandoutSection(title="About kratom", paragraphs=tuple(dict.fromkeys(kratom))))
    visits = tuple(
        f"{_WHAT[e.kind]}: {_date(e.due_on)}."
        if e.due_on
        else f"{_WHAT[e.kind]}: when we agree it is needed."
        for e in plan.schedule
    )
    sections.append(
        HandoutSection(title="Your next check-ins", paragraphs=visits or ("We will set a date with you.",))
    )
    closing = (
        "This plan is to help you and your care team talk. It does not replace your care team. "
        "If you feel unsafe, call your crisis line or emergency number now."
    )
    body = "\n".join(p for s in sections for p in s.paragraphs) + "\n" + closing
    assert_no_kratom_dose([body])
    return Handout(
        patient_id=plan.patient_id,
        title="Your care plan",
        sections=tuple(sections),
        reading_grade=reading_grade(body),
        closing=closing,
    )
