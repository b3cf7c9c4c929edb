"""Plan content for each synthetic archetype (examples/*.json), on a fixed date.

Expected guideline steps follow NICE NG222 (2022): PHQ-9 >= 16 = more severe (Recommendations,
definitions of severity); first review within 2 weeks, 1 week at age 18-25 or suicide concern (1.4.11);
no response after 4 weeks (1.9.1); vortioxetine after >= 2 inadequate trials (1.9.7).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from speciosa.grading import AlertLevel
from speciosa.knowledge import KnowledgeBase
from speciosa.plan.care_plan import build_care_plan
from speciosa.plan.model import CarePlan, Section

from .conftest import ARCHETYPES, TODAY, load_example


def plan_for(name: str, kb: KnowledgeBase) -> CarePlan:
    return build_care_plan(load_example(name), kb, TODAY)


def codes(plan: CarePlan) -> list[str]:
    return [i.code for i in plan.all_items()]


def alert_codes(plan: CarePlan) -> list[str]:
    return [a.code for a in plan.alerts]


def test_there_are_at_least_six_archetypes() -> None:
    assert len(ARCHETYPES) >= 6


@pytest.mark.parametrize("name", ARCHETYPES)
def test_every_item_alert_and_schedule_entry_has_a_basis_with_sources(name: str, kb: KnowledgeBase) -> None:
    plan = plan_for(name, kb)
    for item in plan.all_items():
        assert item.basis.sources, item.code
        assert item.basis.knowledge_version == kb.version_label
    for entry in plan.schedule:
        assert entry.basis.sources, entry.what
    cited = {s["id"] for s in plan.sources}
    assert {s for i in plan.all_items() for s in i.basis.sources} <= cited


@pytest.mark.parametrize("name", ARCHETYPES)
def test_alerts_are_ordered_most_urgent_first(name: str, kb: KnowledgeBase) -> None:
    ranks = [a.level.rank for a in plan_for(name, kb).alerts]
    assert ranks == sorted(ranks, reverse=True)


def test_mild_daily_kratom_user_gets_less_severe_options_and_kratom_counselling(kb: KnowledgeBase) -> None:
    plan = plan_for("mild-mdd-daily-kratom", kb)
    # PHQ-9 answers sum to 7 (< 16): NICE less severe.
    assert "Less severe" in plan.severity_context
    assert "PHQ-9 7" in plan.severity_context
    assert "gl-nice-less-severe-options" in codes(plan)
    assert "gl-nice-more-severe-options" not in codes(plan)
    assert plan.kratom is not None
    assert {"gl-kratom-hr-no-mixing", "gl-kratom-hr-liver", "gl-kratom-mood-evidence"} <= set(codes(plan))
    assert "very low" in plan.kratom.evidence_certainty
    assert not any(a.level is AlertLevel.URGENT for a in plan.alerts)


def test_severe_mdd_on_opioid_and_benzodiazepine(kb: KnowledgeBase) -> None:
    plan = plan_for("severe-mdd-opioid-benzodiazepine", kb)
    assert "More severe" in plan.severity_context  # PHQ-9 3+3+2+3+2+3+2+2+0 = 20 >= 16
    assert "gl-nice-more-severe-options" in codes(plan)
    assert "rising-kratom-use" in alert_codes(plan)  # 6 -> 10 g/day
    assert plan.kratom is not None
    drugs = {f.drug.lower() for f in plan.kratom.interactions}
    assert {"oxycodone", "alprazolam"} <= drugs
    taper = next(i for i in plan.kratom.items if i.code == "gl-kratom-taper-consider")
    assert taper.priority is AlertLevel.WARNING
    assert "rising" in taper.text
    # Alprazolam started after the last PHQ-9 (2026-10-15 < 2026-11-01 < 2026-11-12): a new interacting drug.
    assert any(a.code == "new-interacting-medication" and "alprazolam" in a.message for a in plan.alerts)


def test_pregnancy_puts_perinatal_referral_in_the_plan(kb: KnowledgeBase) -> None:
    plan = plan_for("pregnancy", kb)
    assert plan.kratom is not None
    item = next(i for i in plan.kratom.items if i.code == "gl-kratom-pregnancy")
    assert item.section is Section.REFERRAL
    assert item.priority is AlertLevel.WARNING
    # Sertraline started 2026-11-04, 3 weeks before the plan date: first-review rule applies.
    assert "gl-nice-first-review" in codes(plan)


def test_suicide_risk_answer_puts_the_urgent_safety_plan_first(kb: KnowledgeBase) -> None:
    plan = plan_for("suicide-risk", kb)
    assert plan.alerts[0].code == "suicide-risk"
    assert plan.alerts[0].level is AlertLevel.URGENT
    first = plan.items[0]
    assert first.code == "suicide-risk"
    assert first.section is Section.SAFETY
    assert first.priority is AlertLevel.URGENT
    assert "safety plan" in first.text
    # NICE 1.4.11: review within 1 week when suicide risk is a concern.
    phq = next(e for e in plan.schedule if e.kind == "scale")
    assert phq.due_on is not None
    assert phq.due_on - TODAY <= timedelta(weeks=1)
    assert plan.summary().startswith("[URGENT] PHQ-9 item 9")


def test_earlier_positive_item9_stays_visible_as_a_warning(kb: KnowledgeBase) -> None:
    record = load_example("suicide-risk")
    scales = list(record.scales)
    later = scales[-1].model_copy(update={"on": TODAY, "answers": (1, 1, 1, 1, 1, 1, 1, 1, 0)})
    plan = build_care_plan(record.model_copy(update={"scales": (*scales, later)}), kb, TODAY)
    assert not any(a.code == "suicide-risk" and a.level is AlertLevel.URGENT for a in plan.alerts)
    assert any(a.code == "suicide-risk" and a.level is AlertLevel.WARNING for a in plan.alerts)


def test_kratom_taper_in_progress(kb: KnowledgeBase) -> None:
    plan = plan_for("kratom-taper-in-progress", kb)
    assert plan.kratom is not None
    assert {"gl-kratom-taper-monitoring", "gl-kratom-referral-kud"} <= set(codes(plan))
    assert [s.instrument for s in plan.kratom.scores] == ["cows"]
    assert any("withdrawal" in e.what.lower() or "COWS" in e.what for e in plan.schedule)
    # PHQ-9 15 -> 7 on sertraline: >= 50% reduction is response, 7 is not < 5 so no remission,
    # and NG222 1.4.11 ties continuation to remission.
    assert "gl-nice-continuation" not in codes(plan)
    assert "response" in alert_codes(plan)
    assert "remission" not in alert_codes(plan)


def test_treatment_resistant_depression_on_several_drugs(kb: KnowledgeBase) -> None:
    plan = plan_for("treatment-resistant-polypharmacy", kb)
    assert {"gl-nice-after-two-trials", "gl-nice-combination", "gl-nice-specialist-referral"} <= set(
        codes(plan)
    )
    referral = next(i for i in plan.items if i.code == "gl-nice-specialist-referral")
    assert referral.section is Section.REFERRAL
    # ALT 168/40 = 4.2 x ULN with bilirubin 2.9/1.2 = 2.4 x ULN: Hy's law pattern (>= 3x and > 2x).
    assert "liver-injury-pattern" in alert_codes(plan)
    # QTc 438 -> 503 ms: >= 500 ms and a 65 ms rise.
    assert "qtc-high-risk" in alert_codes(plan)
    assert plan.items[0].section is Section.SAFETY
    assert plan.items[0].priority is AlertLevel.URGENT
    assert plan.alerts[0].level is AlertLevel.URGENT


def test_no_phq9_gives_a_warning_and_no_severity_ranking(kb: KnowledgeBase) -> None:
    record = load_example("mild-mdd-daily-kratom").model_copy(update={"scales": ()})
    plan = build_care_plan(record, kb, TODAY)
    assert "Severity unknown" in plan.severity_context
    assert "no-assessment" in alert_codes(plan)
    assert any("No PHQ-9" in w for w in plan.warnings)


def test_plan_is_pure_same_input_same_output(kb: KnowledgeBase) -> None:
    record = load_example("treatment-resistant-polypharmacy")
    assert build_care_plan(record, kb, TODAY) == build_care_plan(record, kb, TODAY)


def test_plan_fails_closed_when_the_interaction_screen_is_missing(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import speciosa.screen
    from speciosa.errors import SpeciosaError

    monkeypatch.delattr(speciosa.screen, "screen")
    with pytest.raises(SpeciosaError, match="interaction screen"):
        build_care_plan(load_example("severe-mdd-opioid-benzodiazepine"), kb, TODAY)


def test_remission_adds_continuation_for_six_months(kb: KnowledgeBase) -> None:
    from datetime import date

    from speciosa.patient import ScaleResult

    record = load_example("kratom-taper-in-progress")
    # PHQ-9 15 -> 4: remission (< 5); NICE NG222 1.4.11: continue at least 6 months after remission.
    last = ScaleResult(instrument="phq-9", on=date(2026, 11, 20), answers=(1, 1, 1, 1, 0, 0, 0, 0, 0))
    plan = build_care_plan(record.model_copy(update={"scales": (*record.scales, last)}), kb, TODAY)
    assert "gl-nice-continuation" in codes(plan)
    entry = next(e for e in plan.schedule if e.what.startswith("Continuation review"))
    assert entry.due_on == date(2027, 5, 20)


def test_earlier_positive_item9_stays_urgent_when_the_latest_phq9_has_no_item_answers(
    kb: KnowledgeBase,
) -> None:
    from speciosa.patient import ScaleResult

    record = load_example("suicide-risk")
    later = ScaleResult(instrument="phq-9", on=TODAY, total=10)  # total only: item 9 not asked again
    plan = build_care_plan(record.model_copy(update={"scales": (*record.scales, later)}), kb, TODAY)
    assert plan.alerts[0].code == "suicide-risk"
    assert plan.alerts[0].level is AlertLevel.URGENT
    assert plan.items[0].code == "suicide-risk"
    assert "item9-not-recorded" in alert_codes(plan)


@pytest.mark.parametrize("name", ARCHETYPES)
def test_schedule_has_one_entry_per_task_soonest_first(name: str, kb: KnowledgeBase) -> None:
    plan = plan_for(name, kb)
    whats = [(e.kind, e.what) for e in plan.schedule]
    assert len(whats) == len(set(whats))
    dated = [e.due_on for e in plan.schedule if e.due_on is not None]
    assert dated == sorted(dated)
    assert all(e.due_on is not None for e in plan.schedule[: len(dated)])


def test_liver_tests_are_due_now_only_when_kratom_use_is_rising(kb: KnowledgeBase) -> None:
    # Schimmel & Dart 2020 (src-gl-schimmel-dart-2020): check after a rise in use; no routine interval.
    rising = next(e for e in plan_for("severe-mdd-opioid-benzodiazepine", kb).schedule if e.kind == "lab")
    steady = next(e for e in plan_for("suicide-risk", kb).schedule if e.kind == "lab")
    assert rising.due_on == TODAY
    assert steady.due_on is None
    assert steady.interval_weeks == "unknown"
