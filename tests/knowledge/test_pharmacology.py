"""Pharmacology data: loads, every number sourced, values match what the sources print."""

from __future__ import annotations

from speciosa.knowledge.base import load_knowledge
from speciosa.knowledge.pharmacology import load_pharmacology


def test_loads_and_all_sources_resolve() -> None:
    kb = load_knowledge()  # raises KnowledgeError on any dangling source id
    assert kb.pharmacology.alkaloid("mitragynine").molar_mass_g_per_mol == 398.4953


def test_tanna_2021_values() -> None:
    # Tanna 2021 JPET abstract: HLM KI 4.1 uM, kinact 0.068/min; HIM 4.2 uM, 0.079/min; CYP2D6 Ki 1.17 uM.
    p = load_pharmacology()
    by_id = {i.id: i for i in p.inhibition}
    assert (
        by_id["mitragynine-cyp3a-tdi-hlm"].ki_inact_um,
        by_id["mitragynine-cyp3a-tdi-hlm"].kinact_per_min,
    ) == (4.1, 0.068)
    assert (
        by_id["mitragynine-cyp3a-tdi-him"].ki_inact_um,
        by_id["mitragynine-cyp3a-tdi-him"].kinact_per_min,
    ) == (4.2, 0.079)
    assert by_id["mitragynine-cyp2d6-reversible"].ki_um == 1.17


def test_unknowns_stay_unknown() -> None:
    m = load_pharmacology().alkaloid("mitragynine")
    assert m.fraction_unbound_plasma == "unknown"
    assert m.bioavailability == "unknown"


def test_product_ranges_match_sources() -> None:
    p = load_pharmacology()
    assert p.product("leaf-powder").mitragynine_mg_per_g_point == 19.48  # NaPDI K51
    assert (
        p.product("leaf-powder").mitragynine_mg_per_g_low,
        p.product("leaf-powder").mitragynine_mg_per_g_high,
    ) == (3.9, 62.1)
    assert (
        p.product("7-oh-product").seven_oh_mg_per_g_low,
        p.product("7-oh-product").seven_oh_mg_per_g_high,
    ) == (22.0, 75.0)


def test_validation_cases_cite_observed_values() -> None:
    # Tanna 2023 CPT abstract: midazolam AUC GMR 1.39 (1.23-1.57); dextromethorphan 0.99 (0.83-1.19).
    cases = {c.id: c for c in load_pharmacology().validation_cases}
    mdz = cases["kratom-midazolam-tanna-2023"]
    assert (mdz.observed_auc_ratio, mdz.observed_low, mdz.observed_high) == (1.39, 1.23, 1.57)
    assert cases["kratom-dextromethorphan-tanna-2023"].observed_auc_ratio == 0.99
