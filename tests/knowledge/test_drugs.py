"""The drug catalogue: size, sources, codes and the schema's integrity rules."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.drugs import Drug, DrugClass, PerpetratorStrength, PharmacodynamicProfile, QtRisk
from speciosa.knowledge.resolve import normalise_name


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _drug(kb: KnowledgeBase, drug_id: str) -> Drug:
    return next(d for d in kb.drugs if d.id == drug_id)


def test_catalogue_has_at_least_150_drugs_with_unique_ids(kb: KnowledgeBase) -> None:
    ids = [d.id for d in kb.drugs]
    assert len(ids) >= 150  # issue #3, "Done when"
    assert len(ids) == len(set(ids))


def test_every_drug_source_is_a_drug_source(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        cited = list(drug.sources) + list(drug.pd.sources) + list(drug.fg_sources) + list(drug.brands_sources)
        cited += [s for role in drug.perpetrator for s in role.sources]
        assert cited, drug.id
        assert all(s.startswith("src-drug-") for s in cited), drug.id
        assert set(cited) <= kb.source_ids(), drug.id


def test_no_two_entries_share_a_name_brand_or_synonym(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    for drug in kb.drugs:
        for name in drug.names():
            key = normalise_name(name)
            assert seen.setdefault(key, drug.id) == drug.id, f"{name!r}: {seen[key]} and {drug.id}"


def test_rxnorm_codes_are_unique(kb: KnowledgeBase) -> None:
    codes = [d.rxnorm for d in kb.drugs if d.rxnorm != "unknown"]
    assert len(codes) == len(set(codes))


def test_known_codes_cite_the_table_they_came_from(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        if drug.rxnorm != "unknown":
            assert {"src-drug-cpic-drug-table", "src-drug-pharmgkb-drug-mappings"} & set(drug.sources), (
                drug.id
            )
        if drug.atc != "unknown":
            assert "src-drug-who-atc-index" in drug.sources, drug.id


# Known answers read in the sources themselves (see data/sources/drugs.yaml):
# CPIC drug table rows "RxNorm:36437 sertraline", "RxNorm:6813 methadone", "RxNorm:1819 buprenorphine";
# PharmGKB/ClinPGx mappings: alprazolam -> rxnorm:596, quetiapine -> rxnorm:51272 (not in the CPIC table);
# WHO ATC index rows N06AB06 sertraline, N05AN01 lithium, N06AX31 zuranolone, J04AB02 rifampicin.
@pytest.mark.parametrize(
    ("drug_id", "rxnorm", "atc"),
    [
        ("sertraline", "36437", "N06AB06"),
        ("methadone", "6813", None),
        ("buprenorphine", "1819", None),
        ("alprazolam", "596", None),
        ("quetiapine", "51272", None),
        ("lithium", None, "N05AN01"),
        ("zuranolone", None, "N06AX31"),
        ("rifampin", None, "J04AB02"),
    ],
)
def test_codes_match_the_sources_read(
    kb: KnowledgeBase, drug_id: str, rxnorm: str | None, atc: str | None
) -> None:
    drug = _drug(kb, drug_id)
    if rxnorm is not None:
        assert drug.rxnorm == rxnorm
    if atc is not None:
        assert drug.atc != "unknown"
        assert atc in drug.atc


def test_atc_codes_are_level_5(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        if drug.atc != "unknown":
            assert all(re.fullmatch(r"[A-Z]\d{2}[A-Z]{2}\d{2}", code) for code in drug.atc)


# Austedo dosing (Medscape): bupropion a strong CYP2D6 inhibitor. Rexulti label: itraconazole strong CYP3A4.
# Zanaflex label: fluvoxamine a strong CYP1A2 inhibitor.
# Lurasidone (Latuda) label: ketoconazole strong CYP3A4 inhibitor, rifampin strong inducer,
# diltiazem moderate inhibitor. Cicali et al. 2020 (PMID 31910286) Table 4: duloxetine moderate,
# sertraline weak CYP2D6 inhibitor.
@pytest.mark.parametrize(
    ("drug_id", "enzyme", "strength"),
    [
        ("ketoconazole", "cyp3a", PerpetratorStrength.STRONG_INHIBITOR),
        ("rifampin", "cyp3a", PerpetratorStrength.STRONG_INDUCER),
        ("diltiazem", "cyp3a", PerpetratorStrength.MODERATE_INHIBITOR),
        ("duloxetine", "cyp2d6", PerpetratorStrength.MODERATE_INHIBITOR),
        ("sertraline", "cyp2d6", PerpetratorStrength.WEAK_INHIBITOR),
        ("bupropion", "cyp2d6", PerpetratorStrength.STRONG_INHIBITOR),
        ("itraconazole", "cyp3a", PerpetratorStrength.STRONG_INHIBITOR),
        ("fluvoxamine", "cyp1a2", PerpetratorStrength.STRONG_INHIBITOR),
    ],
)
def test_perpetrator_roles_match_sources(kb: KnowledgeBase, drug_id: str, enzyme: str, strength: str) -> None:
    roles = {(r.enzyme.value, r.strength) for r in _drug(kb, drug_id).perpetrator}
    assert (enzyme, strength) in roles


def test_midazolam_fg_is_the_published_value(kb: KnowledgeBase) -> None:
    # DMD table of Fg,human(observed) from grapefruit-juice studies: midazolam 0.56.
    midazolam = _drug(kb, "midazolam")
    assert midazolam.fg == pytest.approx(0.56)
    assert midazolam.fg_sources == ("src-drug-fg-grapefruit-table",)


def test_opioids_and_benzodiazepines_are_flagged_respiratory_depressants(kb: KnowledgeBase) -> None:
    # FDA 2016 boxed warning (opioids + benzodiazepines): every entry of either class carries the flag.
    for drug in kb.drugs:
        if {DrugClass.BENZODIAZEPINE, DrugClass.OPIOID_AGONIST} & set(drug.classes):
            assert drug.pd.respiratory_depressant, drug.id
            assert drug.pd.cns_depressant, drug.id
            assert "src-drug-fda-dsc-2016-opioid-benzo" in drug.pd.sources


def test_unassessed_qt_is_not_reported_as_safe(kb: KnowledgeBase) -> None:
    assert _drug(kb, "citalopram").pd.qt_risk is QtRisk.LABEL_WARNING
    # The Hospitalist list names methadone; no QT source was read for mirtazapine.
    assert _drug(kb, "methadone").pd.qt_risk is QtRisk.REPORTED
    assert _drug(kb, "mirtazapine").pd.qt_risk is QtRisk.NOT_ASSESSED
    assert PharmacodynamicProfile().qt_risk is QtRisk.NOT_ASSESSED
    assert not QtRisk.NOT_ASSESSED.is_risk
    assert QtRisk.REPORTED.is_risk


def test_a_true_flag_without_a_source_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"need pd\.sources"):
        PharmacodynamicProfile(serotonergic=True)


def test_fg_without_source_is_rejected() -> None:
    with pytest.raises(ValidationError, match="fg given without fg_sources"):
        Drug(
            id="x",
            name="xx",
            classes=(DrugClass.OTHER,),
            rxnorm="unknown",
            atc="unknown",
            fg=0.5,
            sources=("src-drug-x",),
        )


# Brand -> generic mappings read in the cited source (data/sources/drugs.yaml, review 2026-11-25):
# FDA 2019 insomnia DSC names Zolpimist (zolpidem); FDA MOUD page: Methadose, Zubsolv;
# Texas VDP LAI table: Aristada = aripiprazole lauroxil; Davis's Drug Guide: Zurnai (nalmefene);
# Unisom FAQ: SleepTabs = doxylamine, SleepGels = diphenhydramine; MDedge: Brintellix renamed
# Trintellix (vortioxetine); FDA ADHD list: Metadate CD.
@pytest.mark.parametrize(
    ("drug_id", "brand", "source"),
    [
        ("zolpidem", "Zolpimist", "src-drug-fda-dsc-2019-insomnia-boxed"),
        ("methadone", "Methadose", "src-drug-fda-moud-page"),
        ("buprenorphine-naloxone", "Zubsolv", "src-drug-fda-moud-page"),
        ("aripiprazole", "Aristada", "src-drug-texas-vdp-lai-antipsychotics"),
        ("nalmefene", "Zurnai", "src-drug-davis-nalmefene"),
        ("doxylamine", "Unisom SleepTabs", "src-drug-otc-sleep-aid-brands"),
        ("diphenhydramine", "Unisom SleepGels", "src-drug-otc-sleep-aid-brands"),
        ("vortioxetine", "Brintellix", "src-drug-trintellix-name-change"),
        ("methylphenidate", "Metadate CD", "src-drug-fda-adhd-medguides"),
        ("gabapentin", "Horizant", "src-drug-fda-dsc-2019-gabapentinoids"),
        ("paroxetine", "Brisdelle", "src-drug-brisdelle-label"),
    ],
)
def test_verified_brands_cite_the_source_they_were_read_in(
    kb: KnowledgeBase, drug_id: str, brand: str, source: str
) -> None:
    drug = _drug(kb, drug_id)
    assert brand in drug.brands
    assert brand not in drug.brands_unverified
    assert source in drug.brands_sources


def test_every_brand_is_verified_or_marked_unverified_in_data_and_notes(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        if not drug.brands:
            continue
        assert drug.brands_sources or set(drug.brands) == set(drug.brands_unverified), drug.id
        if drug.brands_unverified:
            assert "brands not verified against a label" in (drug.notes or "").lower(), drug.id


def test_ambiguous_or_unsourced_brands_were_removed(kb: KnowledgeBase) -> None:
    # ZzzQuil is also a melatonin line (ZzzQuil Pure Zzzs) -> ambiguous; Revex was found in no source read.
    all_brands = {normalise_name(b) for d in kb.drugs for b in d.brands}
    assert "zzzquil" not in all_brands
    assert "revex" not in all_brands
    assert "ZzzQuil LiquiCaps" in _drug(kb, "diphenhydramine").brands


def test_brand_validator_rejects_unaccounted_brands() -> None:
    base = {"id": "x", "name": "xx", "classes": (DrugClass.OTHER,), "rxnorm": "unknown", "atc": "unknown"}
    with pytest.raises(ValidationError, match="brands_unverified"):
        Drug(**base, brands=("Xbrand",), sources=("src-drug-x",))
    with pytest.raises(ValidationError, match="brands not verified against a label"):
        Drug(**base, brands=("Xbrand",), brands_unverified=("Xbrand",), sources=("src-drug-x",))
    with pytest.raises(ValidationError, match="not in brands"):
        Drug(
            **base,
            brands=("A",),
            brands_sources=("src-drug-x",),
            brands_unverified=("B",),
            sources=("src-drug-x",),
        )
    ok = Drug(
        **base,
        brands=("A", "B"),
        brands_sources=("src-drug-x",),
        brands_unverified=("B",),
        notes="Brands not verified against a label: B.",
        sources=("src-drug-x",),
    )
    assert ok.brands_unverified == ("B",)


# PD flags read in the sources (review 2026-11-25): FDA 2019 insomnia DSC (Z-drugs slow brain
# activity; alcohol and other CNS depressants); FDA 2019 gabapentinoid DSC (CNS depressants include
# antihistamines); Zurzuvae label (tricyclics among CNS depressants); phenobarbital label
# ('nonselective CNS depressants'; respiratory depression); Clozaril boxed warning (dose-related
# seizures); clomipramine monograph ('Tricyclic agents are known to lower the convulsive threshold');
# APhA (serotonin syndrome case reports with St John's wort and dextromethorphan).
@pytest.mark.parametrize(
    ("drug_id", "flag", "source"),
    [
        ("zolpidem", "cns_depressant", "src-drug-fda-dsc-2019-insomnia-boxed"),
        ("eszopiclone", "cns_depressant", "src-drug-fda-dsc-2019-insomnia-boxed"),
        ("zaleplon", "cns_depressant", "src-drug-fda-dsc-2019-insomnia-boxed"),
        ("gabapentin", "cns_depressant", "src-drug-fda-dsc-2019-gabapentinoids"),
        ("pregabalin", "cns_depressant", "src-drug-fda-dsc-2019-gabapentinoids"),
        ("diphenhydramine", "cns_depressant", "src-drug-fda-dsc-2019-gabapentinoids"),
        ("hydroxyzine", "cns_depressant", "src-drug-sedating-antihistamine-labels"),
        ("amitriptyline", "cns_depressant", "src-drug-newer-antidepressant-labels"),
        ("amitriptyline", "lowers_seizure_threshold", "src-drug-tca-seizure-threshold"),
        ("clozapine", "lowers_seizure_threshold", "src-drug-clozaril-label"),
        ("phenobarbital", "respiratory_depressant", "src-drug-phenobarbital-label"),
        ("trazodone", "cns_depressant", "src-drug-trazodone-label"),
        ("mirtazapine", "cns_depressant", "src-drug-remeron-label"),
        ("zuranolone", "cns_depressant", "src-drug-newer-antidepressant-labels"),
        ("dextromethorphan", "serotonergic", "src-drug-apha-otc-serotonin"),
        ("st-johns-wort", "serotonergic", "src-drug-apha-otc-serotonin"),
        ("lemborexant", "cns_depressant", "src-drug-orexin-antagonist-labels"),
        ("brexanolone", "cns_depressant", "src-drug-zulresso-label"),
    ],
)
def test_pd_flags_added_in_review_cite_their_source(
    kb: KnowledgeBase, drug_id: str, flag: str, source: str
) -> None:
    drug = _drug(kb, drug_id)
    assert getattr(drug.pd, flag) is True
    assert source in drug.pd.sources


def test_every_z_drug_and_tricyclic_is_a_cns_depressant(kb: KnowledgeBase) -> None:
    # Class statements read: FDA 2019 insomnia DSC (eszopiclone, zaleplon, zolpidem); Zurzuvae and
    # carisoprodol labels name tricyclic antidepressants among CNS depressants. Zopiclone (not
    # US-marketed, not in the DSC) and maprotiline (tetracyclic) are left to their own sources.
    for drug in kb.drugs:
        if drug.id in {"zopiclone", "maprotiline"}:
            continue
        if {DrugClass.Z_DRUG, DrugClass.TCA} & set(drug.classes):
            assert drug.pd.cns_depressant, drug.id
