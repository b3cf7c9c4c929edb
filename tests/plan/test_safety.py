"""The kratom dose guard: no output anywhere recommends starting kratom or gives a kratom amount."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.errors import KnowledgeError
from speciosa.knowledge import KnowledgeBase
from speciosa.plan.care_plan import build_care_plan
from speciosa.plan.handout import build_handout
from speciosa.plan.safety import assert_no_kratom_dose, find_kratom_dose_advice

from .conftest import ARCHETYPES, TODAY, load_example

DOSE_ADVICE = [
    "Take 2 g of kratom in the morning.",
    "Reduce kratom to 4 grams a day.",
    "Keep kratom use under 5 g per day.",
    "Limit kratom to 2 capsules twice daily.",
    "Taper mitragynine by 10 mg each week.",
    "Do not exceed 8 g of kratom daily.",  # a ceiling is still a dose
    "Patients can try 1-2 teaspoons of kratom leaf.",
    "Cut down to 3 doses of kratom a day.",
    "Consider kratom for low mood.",
    "Start kratom as an alternative to an SSRI.",
    "Kratom is a good option for depression.",
    "We recommend kratom tea.",
    "7-OH: use about 10 mg.",
]

NOT_ADVICE = [
    "Reported kratom use: leaf powder, 4 g per dose, 3 doses per day.",
    "Kratom is not an evidence-based treatment for depression; certainty of any benefit is very low.",
    "In healthy adults a single low dose of kratom tea raised midazolam exposure by about 39%.",
    "Do not mix kratom with alcohol, opioid pain pills, sleeping pills or nerve pills.",
    "Consider a supported taper when there are signs of kratom use disorder.",
    "Take sertraline 50 mg daily.",  # an antidepressant dose is not a kratom dose
    "Never recommend kratom.",
]


@pytest.mark.parametrize("text", DOSE_ADVICE)
def test_guard_flags_dose_and_start_advice(text: str) -> None:
    assert find_kratom_dose_advice([text]) == (text,)


@pytest.mark.parametrize("text", NOT_ADVICE)
def test_guard_does_not_flag_reports_warnings_or_other_drugs(text: str) -> None:
    assert find_kratom_dose_advice([text]) == ()


@given(
    verb=st.sampled_from(["take", "use only", "limit it to", "reduce to", "no more than", "up to", "try"]),
    amount=st.floats(min_value=0.1, max_value=500, allow_nan=False).map(lambda x: f"{x:.1f}"),
    unit=st.sampled_from(["g", "grams", "mg", "capsules", "teaspoons", "cups"]),
    name=st.sampled_from(["kratom", "Kratom", "mitragynine", "kratom extract", "7-OH"]),
)
def test_any_advising_verb_with_an_amount_of_kratom_is_flagged(
    verb: str, amount: str, unit: str, name: str
) -> None:
    sentence = f"For {name}, {verb} {amount} {unit} a day."
    assert find_kratom_dose_advice([sentence]) == (sentence,)


@pytest.mark.parametrize("name", ARCHETYPES)
def test_no_plan_handout_or_json_for_any_example_contains_kratom_dose_advice(
    name: str, kb: KnowledgeBase
) -> None:
    plan = build_care_plan(load_example(name), kb, TODAY)
    handout = build_handout(plan)
    assert find_kratom_dose_advice(plan.texts()) == ()
    assert find_kratom_dose_advice([handout.text()]) == ()
    assert find_kratom_dose_advice([json.dumps(plan.to_dict())]) == ()


def test_guideline_data_has_no_kratom_dose_advice(kb: KnowledgeBase) -> None:
    texts = [t for g in kb.guidelines for t in (g.text, g.patient_text or "", g.title)]
    assert find_kratom_dose_advice(texts) == ()


def test_builder_refuses_a_plan_whose_knowledge_would_advise_a_kratom_dose(kb: KnowledgeBase) -> None:
    poisoned = tuple(
        g.model_copy(update={"text": "Reduce kratom to 4 g a day."}) if g.id == "gl-kratom-hr-liver" else g
        for g in kb.guidelines
    )
    bad_kb = kb.model_copy(update={"guidelines": poisoned})
    with pytest.raises(KnowledgeError, match="kratom dose"):
        build_care_plan(load_example("mild-mdd-daily-kratom"), bad_kb, TODAY)


def test_assert_no_kratom_dose_passes_clean_text() -> None:
    assert_no_kratom_dose(["Ask about kratom use at every visit."])
