"""Safety: the urgent suicide-risk action that always heads the plan, and the kratom dose guard.

speciosa never recommends starting kratom and never proposes a kratom dose. ``find_kratom_dose_advice``
scans any text for sentences that do either; the plan builder runs it over every string it emits and
refuses to return a plan that fails (a defect, raised as KnowledgeError, never shown to a patient).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from speciosa.basis import Alert, Basis
from speciosa.errors import KnowledgeError
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import step
from speciosa.plan.model import PlanItem, Section

SAFETY_PLAN_ACTION = (
    "Assess suicide risk today, in person or by phone; make or update a written safety plan with the "
    "patient (warning signs, coping steps, people to call, crisis line, making the home safe); arrange "
    "the next contact within the early-review interval."
)

_KRATOM = r"(?:kratom|ketum|kratum|mitragyn\w*|7-?oh\b|7-?hydroxy\w*|speciosa)"
_AMOUNT = (
    r"\d+(?:[.,]\d+)?\s*(?:-|to|–)?\s*\d*(?:[.,]\d+)?\s*"
    r"(?:g\b|gm\b|grams?\b|mg\b|milligrams?\b|kg\b|capsules?\b|caps\b|tablets?\b|pills?\b|teaspoons?\b|tsp\b|"
    r"tablespoons?\b|tbsp\b|spoons?\b|cups?\b|glasses?\b|doses?\b|scoops?\b|shots?\b|ml\b|drops?\b|%)"
)
_ADVISE = (
    r"(?:take|taking|use\s+(?:only|about|around|less|under|at\s+most)|start|starting|begin|try|trying|increase|raise|reduce|lower|decrease|"
    r"cut(?:\s+down)?|taper|limit|keep|stay|aim|target|switch|step\s+down|drop|go\s+down|no\s+more\s+than|"
    r"not\s+more\s+than|not\s+exceed|up\s+to|at\s+most|max(?:imum)?|maximum\s+of|should|recommend(?:ed)?|suggest(?:ed)?)"
)
_DOSE_ADVICE = re.compile(rf"{_ADVISE}\b[^.;:!?\n]{{0,60}}?{_AMOUNT}", re.IGNORECASE)
_START_ADVICE = re.compile(
    rf"(?:\b(?:start|begin|try|initiate|recommend(?:ed)?|suggest(?:ed)?|prescribe[ds]?|consider)\s+(?:using\s+|taking\s+)?{_KRATOM}\b"
    rf"|\b{_KRATOM}\s+(?:is|as|may\s+be)\s+(?:a|an)?\s*(?:good|safe|effective|recommended|helpful)?\s*(?:option|treatment|therapy|alternative)\b(?!\s+(?:for\s+depression\s+)?(?:is\s+)?not))",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|avoid|don't|do\s+not|against|isn't|is\s+not)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def find_kratom_dose_advice(texts: Iterable[str]) -> tuple[str, ...]:
    """Sentences that recommend starting kratom or give a kratom amount to take, reduce to or stay under.

    A sentence is flagged when it names kratom (or its alkaloids) and either pairs an advising verb
    with an amount, or advises starting kratom or calls it a treatment option without a negation.
    Reported use ("reported: 4 g three times a day") carries no advising verb and is not flagged.

    Examples
    --------
    >>> find_kratom_dose_advice(["Take 2 g of kratom in the morning."])
    ('Take 2 g of kratom in the morning.',)
    >>> find_kratom_dose_advice(["Reported kratom use: leaf powder, 4 g per dose, 3 doses per day."])
    ()
    >>> find_kratom_dose_advice(["Kratom is not an evidence-based treatment for depression."])
    ()
    """
    flagged: list[str] = []
    for text in texts:
        for sentence in _SENTENCE.split(text):
            if not re.search(_KRATOM, sentence, re.IGNORECASE):
                continue
            if _DOSE_ADVICE.search(sentence):
                flagged.append(sentence.strip())
                continue
            match = _START_ADVICE.search(sentence)
            if match and not _NEGATION.search(sentence[: match.end()]):
                flagged.append(sentence.strip())
    return tuple(flagged)


def assert_no_kratom_dose(texts: Iterable[str]) -> None:
    """Raise if any text recommends starting kratom or proposes a kratom amount: a defect, never output."""
    flagged = find_kratom_dose_advice(texts)
    if flagged:
        raise KnowledgeError(f"refusing to emit kratom dose or start advice: {flagged[:3]}")


def suicide_safety_item(alerts: tuple[Alert, ...], kb: KnowledgeBase) -> PlanItem:
    """The urgent safety-plan action that heads every plan with a suicide-risk signal."""
    early = step(kb.guidelines, "gl-nice-suicide-early-review")
    messages = "; ".join(a.message.rstrip(". ") for a in alerts)
    sources = tuple(dict.fromkeys([*early.sources, *(s for a in alerts if a.basis for s in a.basis.sources)]))
    return PlanItem(
        section=Section.SAFETY,
        priority=AlertLevel.URGENT,
        code="suicide-risk",
        title="Suicide risk: act today",
        text=f"{SAFETY_PLAN_ACTION} Signal: {messages}. {early.text}",
        patient_text=(
            "You told us you have had thoughts of being better off dead or of hurting yourself. You are not "
            "alone. We will make a safety plan with you today. If you feel unsafe, call your crisis line or "
            "emergency number now."
        ),
        basis=Basis(
            rule="Any suicide-risk answer (PHQ-9 item 9 > 0 or a C-SSRS risk answer) puts an urgent "
            "safety-plan action first.",
            inputs={"alerts": [a.code for a in alerts]},
            numbers={"review_within_weeks": early.number("review_within_weeks")},
            sources=sources,
            knowledge_version=kb.version_label,
        ),
    )
