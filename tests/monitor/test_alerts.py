"""Monitoring engine: alerts from a dated record, most urgent first.

Thresholds come from data/guidelines (sources cited there): NICE NG222 1.5.1 reassessment within
2-4 weeks; Hy's law (FDA DILI guidance, as quoted) >= 3 x ULN aminotransferase with bilirubin > 2 x
ULN; QTc upper normal 450 ms (men) / 460 ms (women) (PMC8237186); >= 500 ms or a >= 60 ms rise high
risk (Shah criteria, secondary).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from speciosa.basis import Alert
from speciosa.grading import AlertLevel
from speciosa.knowledge import KnowledgeBase, load_knowledge
from speciosa.monitor.alerts import evaluate_alerts, sort_alerts
from speciosa.monitor.kratom_trend import kratom_trend
from speciosa.patient import (
    KratomUse,
    KratomUseEntry,
    LabName,
    LabResult,
    Medication,
    PatientRecord,
    ScaleResult,
)

TODAY = date(2026, 11, 25)
CALM = (1, 1, 1, 1, 1, 0, 0, 0, 0)  # PHQ-9 total 5, item 9 = 0


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def record(**kw: object) -> PatientRecord:
    base: dict[str, object] = {
        "id": "t",
        "age_years": 40,
        "sex": "female",
        "scales": (ScaleResult(instrument="phq-9", on=TODAY - timedelta(days=3), answers=CALM),),
    }
    return PatientRecord.model_validate(base | kw)


def codes(alerts: tuple[Alert, ...]) -> list[str]:
    return [a.code for a in alerts]


def test_quiet_record_has_no_alerts(kb: KnowledgeBase) -> None:
    assert evaluate_alerts(record(), kb, TODAY) == ()


def test_item9_positive_is_urgent_and_first(kb: KnowledgeBase) -> None:
    alerts = evaluate_alerts(
        record(scales=(ScaleResult(instrument="phq-9", on=TODAY, answers=(3, 3, 3, 3, 3, 3, 3, 3, 1)),)),
        kb,
        TODAY,
    )
    assert alerts[0].code == "suicide-risk"
    assert alerts[0].level is AlertLevel.URGENT
    assert alerts[0].action
    assert "safety plan" in alerts[0].action


def test_total_only_phq9_warns_that_item9_is_unchecked(kb: KnowledgeBase) -> None:
    alerts = evaluate_alerts(record(scales=(ScaleResult(instrument="phq-9", on=TODAY, total=12),)), kb, TODAY)
    assert "item9-not-recorded" in codes(alerts)


@pytest.mark.parametrize(("days_ago", "missed"), [(28, False), (29, True), (60, True)])
def test_missed_assessment_after_four_weeks(days_ago: int, missed: bool, kb: KnowledgeBase) -> None:
    r = record(scales=(ScaleResult(instrument="phq-9", on=TODAY - timedelta(days=days_ago), answers=CALM),))
    assert ("missed-assessment" in codes(evaluate_alerts(r, kb, TODAY))) is missed


def test_suicide_risk_shortens_the_overdue_interval_to_one_week(kb: KnowledgeBase) -> None:
    r = record(
        scales=(ScaleResult(instrument="phq-9", on=TODAY - timedelta(days=8), answers=(0,) * 8 + (1,)),)
    )
    assert "missed-assessment" in codes(evaluate_alerts(r, kb, TODAY))


def test_no_phq9_at_all(kb: KnowledgeBase) -> None:
    assert "no-assessment" in codes(evaluate_alerts(record(scales=()), kb, TODAY))


def test_response_and_remission_from_the_trajectory_module(kb: KnowledgeBase) -> None:
    # PHQ-9 18 -> 4: >= 50% reduction and < 5 (Psychiatr Serv 2020 criteria held by the instruments KB).
    r = record(
        scales=(
            ScaleResult(
                instrument="phq-9", on=TODAY - timedelta(days=56), answers=(2, 2, 2, 2, 2, 2, 2, 2, 2)
            ),
            ScaleResult(
                instrument="phq-9", on=TODAY - timedelta(days=1), answers=(1, 1, 1, 1, 0, 0, 0, 0, 0)
            ),
        )
    )
    assert "remission" in codes(evaluate_alerts(r, kb, TODAY))


def test_rising_kratom_amount_or_frequency(kb: KnowledgeBase) -> None:
    r = record(
        kratom_history=(
            KratomUseEntry(recorded_on=date(2026, 9, 1), grams_per_day=6, doses_per_day=2),
            KratomUseEntry(recorded_on=date(2026, 11, 1), grams_per_day=6, doses_per_day=4),
        )
    )
    alerts = evaluate_alerts(r, kb, TODAY)
    assert "rising-kratom-use" in codes(alerts)
    assert kratom_trend(r).rising_fields == ("doses_per_day",)


def test_falling_kratom_use_is_not_an_alert(kb: KnowledgeBase) -> None:
    r = record(
        kratom_history=(
            KratomUseEntry(recorded_on=date(2026, 9, 1), grams_per_day=9),
            KratomUseEntry(recorded_on=date(2026, 11, 1), grams_per_day=6),
        )
    )
    assert "rising-kratom-use" not in codes(evaluate_alerts(r, kb, TODAY))


@pytest.mark.parametrize(
    ("alt", "bili", "code", "level"),
    [
        (119, 1.0, None, None),  # 2.98 x ULN
        (120, 1.0, "raised-aminotransferase", AlertLevel.WARNING),  # 3.0 x ULN
        (120, 2.5, "liver-injury-pattern", AlertLevel.URGENT),  # bilirubin 2.08 x ULN
        (120, 2.4, "raised-aminotransferase", AlertLevel.WARNING),  # bilirubin exactly 2 x ULN: not > 2
    ],
)
def test_liver_thresholds(
    alt: float, bili: float, code: str | None, level: AlertLevel | None, kb: KnowledgeBase
) -> None:
    r = record(
        labs=(
            LabResult(name=LabName.ALT, on=TODAY, alt_u_per_l=alt, uln=40),
            LabResult(name=LabName.BILIRUBIN, on=TODAY, bilirubin_mg_per_dl=bili, uln=1.2),
        )
    )
    liver = [
        a
        for a in evaluate_alerts(r, kb, TODAY)
        if a.code in ("raised-aminotransferase", "liver-injury-pattern")
    ]
    if code is None:
        assert liver == []
    else:
        assert [(a.code, a.level) for a in liver] == [(code, level)]


@pytest.mark.parametrize(
    ("sex", "qtc", "code"),
    [
        ("female", 455, None),
        ("female", 460, "qtc-prolonged"),
        ("male", 450, "qtc-prolonged"),
        ("male", 449, None),
        ("unknown", 452, "qtc-prolonged"),
        ("female", 500, "qtc-high-risk"),
    ],
)
def test_qtc_thresholds_by_sex(sex: str, qtc: float, code: str | None, kb: KnowledgeBase) -> None:
    r = record(sex=sex, labs=(LabResult(name=LabName.QTC, on=TODAY, qtc_ms=qtc),))
    found = [a.code for a in evaluate_alerts(r, kb, TODAY) if a.code.startswith("qtc")]
    assert found == ([code] if code else [])


def test_qtc_rise_of_60_ms_is_urgent_even_below_500(kb: KnowledgeBase) -> None:
    r = record(
        sex="male",
        labs=(
            LabResult(name=LabName.QTC, on=date(2026, 1, 1), qtc_ms=400),
            LabResult(name=LabName.QTC, on=TODAY, qtc_ms=460),
        ),
    )
    alert = next(a for a in evaluate_alerts(r, kb, TODAY) if a.code.startswith("qtc"))
    assert alert.code == "qtc-high-risk"
    assert alert.level is AlertLevel.URGENT


def test_new_interacting_medication(kb: KnowledgeBase) -> None:
    # Real screen: kratom + alprazolam is a major CNS/respiratory-depression finding; sertraline was
    # started long ago, so only the benzodiazepine is "new".
    r = record(
        kratom=KratomUse(product="leaf-powder", grams_per_dose=2, doses_per_day=2),
        medications=(
            Medication(name="oxycodone", started_on=date(2025, 1, 1)),
            Medication(name="alprazolam", started_on=TODAY - timedelta(days=5)),
        ),
    )
    alerts = [a for a in evaluate_alerts(r, kb, TODAY) if a.code == "new-interacting-medication"]
    assert [a.level for a in alerts] == [AlertLevel.URGENT]
    assert "alprazolam" in alerts[0].message


def test_sort_puts_suicide_first_among_urgent() -> None:
    a = [
        Alert(level=AlertLevel.WARNING, code="w", message="w"),
        Alert(level=AlertLevel.URGENT, code="x", message="x"),
        Alert(level=AlertLevel.URGENT, code="suicide-risk", message="s"),
        Alert(level=AlertLevel.INFO, code="i", message="i"),
    ]
    assert [x.code for x in sort_alerts(a)] == ["suicide-risk", "x", "w", "i"]


def test_unrecognised_new_medication_is_named_not_skipped(kb: KnowledgeBase) -> None:
    r = record(
        kratom=KratomUse(product="leaf-powder", grams_per_dose=2, doses_per_day=2),
        medications=(Medication(name="zzqx-unknown-drug", started_on=TODAY - timedelta(days=2)),),
    )
    alert = next(a for a in evaluate_alerts(r, kb, TODAY) if a.code == "unscreened-medication")
    assert "zzqx-unknown-drug" in alert.message
    assert "medications.0" in alert.message
