"""The instrument knowledge files: they load, cite real sources, and hold the codes read in them."""

from __future__ import annotations

import pytest

from speciosa.grading import AlertLevel
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import cited_source_ids


def test_all_six_instruments_load() -> None:
    ids = sorted(i.id for i in load_knowledge().instruments)
    assert ids == ["audit-c", "cows", "gad-7", "phq-2", "phq-9", "sows"]


def test_every_cited_source_resolves_and_is_an_instrument_source() -> None:
    kb = load_knowledge()
    known = kb.source_ids()
    for inst in kb.instruments:
        cited = {sid for _, sid in cited_source_ids(inst)}
        assert cited <= known, inst.id
        assert all(sid.startswith("src-inst-") for sid in cited), inst.id


@pytest.mark.parametrize(
    ("instrument", "panel", "total"),
    [
        ("phq-9", "44249-1", "44261-6"),  # cdn.loinc.org/44261-6
        ("phq-2", "55757-9", "55758-7"),  # cdn.loinc.org/55757-9
        ("gad-7", "unknown", "70274-6"),  # panel not confirmed on loinc.org
        ("audit-c", "72109-2", "75626-2"),  # loinc.org/75626-2
    ],
)
def test_loinc_codes_as_read(instrument: str, panel: str, total: str) -> None:
    inst = next(i for i in load_knowledge().instruments if i.id == instrument)
    assert (inst.loinc.panel, inst.loinc.total) == (panel, total)


def test_phq9_item_codes_follow_loinc_panel_order() -> None:
    # loinc.org/69729-2 and LL358-3: 44250-9 ... 44253-3, item 9 = 44260-8.
    inst = next(i for i in load_knowledge().instruments if i.id == "phq-9")
    assert [i.loinc for i in inst.items] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ]
    assert inst.supplementary[0].loinc == "69722-7"


def test_phq9_item9_rule_is_urgent_suicide_risk_from_any_nonzero_answer() -> None:
    inst = next(i for i in load_knowledge().instruments if i.id == "phq-9")
    rule = next(r for r in inst.alert_rules if r.code == "suicide-risk")
    assert (rule.item, rule.min_value, rule.level) == (9, 1, AlertLevel.URGENT)


def test_item_text_present_exactly_when_licence_allows() -> None:
    for inst in load_knowledge().instruments:
        if inst.licence.text_included:
            assert all(item.text for item in inst.items), inst.id
        else:
            assert all(item.text is None for item in inst.items), inst.id


def test_score_ranges_match_published_ranges() -> None:
    ranges = {i.id: (i.total_min, i.total_max) for i in load_knowledge().instruments}
    # PHQ-9 0-27, PHQ-2 0-6, GAD-7 0-21, AUDIT-C 0-12, SOWS 0-64, COWS 0-48.
    assert ranges == {
        "phq-9": (0, 27),
        "phq-2": (0, 6),
        "gad-7": (0, 21),
        "audit-c": (0, 12),
        "sows": (0, 64),
        "cows": (0, 48),
    }


def test_unsourced_reliability_is_unknown_not_guessed() -> None:
    for inst in load_knowledge().instruments:
        assert inst.reliable_change.test_retest_reliability == "unknown", inst.id
        assert inst.reliable_change.sd == "unknown", inst.id
