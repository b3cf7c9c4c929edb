"""screen(): PD rules, conditions, unrecognised names, AUC ratio with fixture victims."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from speciosa.assess.exposure import kratom_use
from speciosa.grading import Severity
from speciosa.knowledge.base import KnowledgeBase, load_knowledge
from speciosa.knowledge.drugs import Drug, FractionMetabolized
from speciosa.screen import screen


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


USE = kratom_use(product="leaf-tea", grams_per_dose=2, doses_per_day=1, regimen="single")


@pytest.mark.parametrize(
    ("drug", "mechanism", "severity"),
    [
        ("oxycodone", "cns-depression", Severity.MAJOR),
        ("naltrexone", "opioid-withdrawal-precipitation", Severity.MAJOR),
        ("bupropion", "seizure-threshold", Severity.MODERATE),
        ("alcohol", "cns-depression", Severity.MODERATE),
        ("sertraline", "serotonergic", Severity.MODERATE),
        ("citalopram", "qt-prolongation", Severity.MODERATE),
    ],
)
def test_pd_rules(kb: KnowledgeBase, drug: str, mechanism: str, severity: Severity) -> None:
    finding = screen(USE, [drug], [], kb).findings[0]
    assert mechanism in finding.mechanisms
    assert finding.severity is severity
    assert finding.sources
    assert finding.basis.knowledge_version == kb.version_label


def test_strong_cyp3a_inhibitor_raises_kratom_exposure(kb: KnowledgeBase) -> None:
    finding = screen(USE, ["clarithromycin"], [], kb).findings[0]
    assert "kratom-exposure-increase" in finding.mechanisms


def test_unrecognised_never_dropped_and_sorted(kb: KnowledgeBase) -> None:
    result = screen(USE, ["sertraline", "blorpazine", "oxycodone"], [], kb)
    assert [u.text for u in result.unrecognised] == ["blorpazine"]
    ranks = [f.severity.rank for f in result.findings]
    assert ranks == sorted(ranks, reverse=True)


def test_conditions(kb: KnowledgeBase) -> None:
    result = screen(USE, [], ["Pregnancy", "liver disease", "long QT", "bipolar disorder"], kb)
    by = {c.condition: c for c in result.conditions}
    assert by["Pregnancy"].severity is Severity.MAJOR
    assert by["Pregnancy"].recognised
    assert by["liver disease"].severity is Severity.MAJOR
    assert by["long QT"].recognised
    assert by["long QT"].severity is Severity.MAJOR
    # No sourced rule for bipolar disorder: reported, never dropped, and not called safe.
    assert not by["bipolar disorder"].recognised
    assert by["bipolar disorder"].severity is Severity.NONE_KNOWN


def test_no_fm_gives_null_ratio_with_reason(kb: KnowledgeBase) -> None:
    # Lithium is renally cleared: the catalogue has no fm for it (midazolam now has fm 0.90).
    finding = screen(USE, ["lithium"], [], kb).findings[0]
    assert finding.auc_ratio is None
    assert finding.auc_ratio_note
    assert "fm" in finding.auc_ratio_note


def test_auc_ratio_with_fixture_victim(kb: KnowledgeBase) -> None:
    # Synthetic CYP2D6 victim (fm 0.9; not a real drug): point = 1/(0.9/(1+0.18981/1.17) + 0.1) = 1.14364
    victim = Drug(
        id="fixture-2d6",
        name="fixture2d6",
        classes=("other",),
        rxnorm="unknown",
        atc="unknown",  # type: ignore[arg-type]
        fm=(FractionMetabolized(enzyme="cyp2d6", fm=0.9, sources=("src-ph-tanna-2021-jpet",)),),  # type: ignore[arg-type]
        sources=("src-ph-tanna-2021-jpet",),
    )
    fixture_kb = kb.model_copy(update={"drugs": (*kb.drugs, victim), "content_hash": "fixture"})
    finding = screen(USE, ["fixture2d6"], [], fixture_kb, mc_samples=300, seed=3).findings[0]
    assert finding.auc_ratio is not None
    ih = 0.19 * 38.96 / 39.0
    assert_allclose(finding.auc_ratio.point, 1 / (0.9 / (1 + ih / 1.17) + 0.1), rtol=1e-9)
    assert "cyp2d6-inhibition" in finding.mechanisms


def test_no_kratom_amount(kb: KnowledgeBase) -> None:
    result = screen(None, ["oxycodone"], [], kb)
    assert result.kratom is None
    assert result.findings[0].auc_ratio is None
    assert result.warnings


def test_cyp3a_inducer_gives_direction_only(kb: KnowledgeBase) -> None:
    finding = screen(USE, ["rifampin"], [], kb).findings[0]
    assert "kratom-exposure-change" in finding.mechanisms
    assert finding.auc_ratio is None


def _cyp3a_victim(nti: bool) -> Drug:
    return Drug(
        id="fixture-3a",
        name="fixture3a",
        classes=("other",),
        rxnorm="unknown",
        atc="unknown",  # type: ignore[arg-type]
        fm=(FractionMetabolized(enzyme="cyp3a", fm=0.5, sources=("src-ph-han-2013",)),),  # type: ignore[arg-type]
        fg=0.5,
        fg_sources=("src-drug-fg-grapefruit-table",),
        narrow_therapeutic_index=nti,
        sources=("src-ph-han-2013",),
    )


@pytest.mark.parametrize(("nti", "severity"), [(False, Severity.MODERATE), (True, Severity.MAJOR)])
def test_cyp3a_victim_flagged_and_nti_escalates(kb: KnowledgeBase, nti: bool, severity: Severity) -> None:
    # Synthetic victim fm 0.5, Fg 0.5 (not a real drug). Point AUCR well above the 1.25 cutoff (Tanna 2021).
    fixture_kb = kb.model_copy(
        update={"drugs": (*kb.drugs, _cyp3a_victim(nti)), "content_hash": f"fx3a{nti}"}
    )
    finding = screen(USE, ["fixture3a"], [], fixture_kb, mc_samples=200, seed=1).findings[0]
    assert finding.auc_ratio is not None
    assert finding.auc_ratio.point >= 1.25
    assert "cyp3a-inhibition" in finding.mechanisms
    assert finding.severity is severity
    assert "gut_ratio" in finding.basis.numbers


def test_recorded_use_without_an_amount_keeps_pd_findings_and_says_why_no_ratio() -> None:
    from speciosa.knowledge import load_knowledge
    from speciosa.patient import KratomProduct, KratomUse
    from speciosa.screen import screen

    use = KratomUse(product=KratomProduct.LEAF_POWDER, doses_per_day=2)
    result = screen(use, ["oxycodone", "midazolam"], [], load_knowledge())
    assert result.kratom is None
    assert {f.drug for f in result.findings} == {"oxycodone", "midazolam"}
    assert all(f.auc_ratio is None for f in result.findings)
    assert any("recorded without an amount per dose" in w for w in result.warnings)
