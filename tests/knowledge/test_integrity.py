"""Knowledge-base integrity: every file validates, every entry is sourced, ids are unique and
resolve, every number names its unit, every drug reference resolves.

Each check is also fed a deliberately broken entry, so a test proves it can fail the build.
"""

from __future__ import annotations

import re
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import KnowledgeBase, drug_keys, integrity_problems
from speciosa.knowledge.evidence import EvidenceRecord
from speciosa.knowledge.integrity import (
    UNITLESS_NAMES,
    dangling_drug_refs,
    dangling_refs,
    dangling_source_ids,
    duplicate_ids,
    number_name_ok,
    unitless_number_fields,
    unitless_numbers,
    unsourced_entries,
)
from speciosa.knowledge.loader import parse_entries, yaml_files
from speciosa.units import CANONICAL_UNITS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _record(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "ev-broken",
        "citation": "Broken entry used only by this test.",
        "year": 2020,
        "design": "survey",
        "n": 10,
        "population": "nobody",
        "questions": ["other"],
        "key_finding": "A deliberately broken entry for the integrity tests.",
        "direction": "descriptive",
        "certainty": "very low",
        "certainty_reason": "test fixture only",
        "locator": "none",
        "sources": ["src-ev-grundmann-2017"],
    }
    base.update(changes)
    return base


# ---------------------------------------------------------------- the real data is clean


def test_every_data_file_is_loaded_and_the_knowledge_base_is_clean(kb: KnowledgeBase) -> None:
    names = [name for name, _ in yaml_files("")]
    assert "VERSION.yaml" in names
    assert any(n.startswith("evidence/") for n in names)
    assert integrity_problems(kb) == ()


def test_every_entry_has_sources(kb: KnowledgeBase) -> None:
    assert unsourced_entries(kb) == ()


def test_every_cited_source_id_resolves(kb: KnowledgeBase) -> None:
    assert dangling_source_ids(kb, kb.source_ids()) == ()


def test_ids_are_unique_within_each_section(kb: KnowledgeBase) -> None:
    assert duplicate_ids(kb) == ()


def test_every_number_names_its_unit(kb: KnowledgeBase) -> None:
    assert unitless_numbers(kb) == ()


def test_every_drug_reference_resolves(kb: KnowledgeBase) -> None:
    assert dangling_drug_refs(kb, drug_keys(kb)) == ()


def test_every_source_can_be_opened(kb: KnowledgeBase) -> None:
    for src in kb.sources:
        assert src.link().startswith("https://") or src.link().startswith("http://"), src.id


def test_version_label_is_semver_hash_and_date(kb: KnowledgeBase) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8} \(\d{4}-\d{2}-\d{2}\)", kb.version_label)
    assert kb.content_hash.startswith(kb.version_label.split("+")[1][:8])


# ---------------------------------------------------------------- broken entries fail


def test_an_entry_without_sources_fails_the_load() -> None:
    raw = _record()
    del raw["sources"]
    with pytest.raises(KnowledgeError, match=r"(?s)ev-broken.*sources.*Field required"):
        parse_entries(EvidenceRecord, [raw], "evidence/broken.yaml")


def test_an_entry_with_empty_sources_fails_the_load() -> None:
    with pytest.raises(KnowledgeError, match="ev-broken"):
        parse_entries(EvidenceRecord, [_record(sources=[])], "evidence/broken.yaml")


def test_a_malformed_source_id_fails_the_load() -> None:
    with pytest.raises(KnowledgeError, match="ev-broken"):
        parse_entries(EvidenceRecord, [_record(sources=["PMID 123"])], "evidence/broken.yaml")


def test_an_unsourced_entry_slipped_past_the_schema_is_caught(kb: KnowledgeBase) -> None:
    # model_construct skips validation: the walker must still see the missing sources.
    sneaky = EvidenceRecord.model_construct(**{**_record(), "sources": ()})
    broken = kb.model_copy(update={"evidence": (*kb.evidence, sneaky)})
    problems = integrity_problems(broken)
    assert any("ev-broken" in p and "no sources" in p for p in problems)


def test_a_dangling_source_id_is_caught(kb: KnowledgeBase) -> None:
    bad = EvidenceRecord.model_validate(_record(sources=["src-ev-does-not-exist"]))
    broken = kb.model_copy(update={"evidence": (*kb.evidence, bad)})
    assert dangling_source_ids(broken, broken.source_ids()) == (
        "evidence[ev-broken]: cites unknown source id 'src-ev-does-not-exist'",
    )


def test_a_duplicate_id_is_caught(kb: KnowledgeBase) -> None:
    broken = kb.model_copy(update={"evidence": (*kb.evidence, kb.evidence[0])})
    assert duplicate_ids(broken) == (f"evidence: id {kb.evidence[0].id!r} appears 2 times",)


class _Dose(Frozen):
    id: str
    dose: float
    dose_mg: float
    numbers: dict[str, float] = Field(default_factory=dict)
    sources: tuple[str, ...] = ("src-ev-grundmann-2017",)


def test_a_number_without_a_unit_is_caught() -> None:
    entry = _Dose(id="x", dose=5.0, dose_mg=5.0, numbers={"ki": 1.0, "ki_um": 1.0})
    problems = unitless_numbers((entry,))
    assert len(problems) == 2
    assert any("_Dose.dose " in p for p in problems)
    assert any("'ki'" in p for p in problems)


class _Rule(Frozen):
    id: str
    drug: str
    candidate_drugs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ("src-ev-grundmann-2017",)


def test_an_unknown_drug_reference_is_caught(kb: KnowledgeBase) -> None:
    keys = drug_keys(kb)
    ok = _Rule(id="r1", drug="Zoloft", candidate_drugs=("sertraline", "MIDAZOLAM"))
    bad = _Rule(id="r2", drug="notadrugatall", candidate_drugs=("sertraline",))
    assert dangling_drug_refs((ok,), keys) == ()
    assert dangling_drug_refs((bad,), keys) == (
        "[r2].drug: drug 'notadrugatall' is not in the drug catalogue",
    )


# ---------------------------------------------------------------- the unit-name rule


@given(
    st.from_regex(r"[a-z]{1,8}(_[a-z]{1,8}){0,2}", fullmatch=True),
    st.sampled_from(sorted(CANONICAL_UNITS)),
    st.sampled_from(["", "_min", "_max", "_sd", "_ci_95", "_median"]),
)
def test_any_canonical_unit_suffix_is_accepted(stem: str, unit: str, qualifier: str) -> None:
    assert number_name_ok(f"{stem}_{unit}{qualifier}")


@pytest.mark.parametrize("name", ["dose", "concentration", "ki", "half_life", "clearance", "auc", "qtc"])
def test_bare_quantities_are_rejected(name: str) -> None:
    # conventions.md section 5: "A bare dose or concentration field fails review."
    assert not number_name_ok(name)


def test_every_allow_listed_name_has_a_reason() -> None:
    assert all(len(reason) >= 10 for reason in UNITLESS_NAMES.values())


def test_every_alkaloid_reference_resolves(kb: KnowledgeBase) -> None:
    alkaloid_ids = [a.id for a in kb.pharmacology.alkaloids]
    assert dangling_refs(kb.pharmacology, "alkaloid", alkaloid_ids) == ()


class _Inhibition(Frozen):
    id: str
    alkaloid: str
    sources: tuple[str, ...] = ("src-ev-grundmann-2017",)


def test_an_unknown_alkaloid_reference_is_caught() -> None:
    bad = _Inhibition(id="i1", alkaloid="mitragynin")
    assert dangling_refs((bad,), "alkaloid", ["mitragynine"]) == (
        "[i1].alkaloid: 'mitragynin' is not a known alkaloid id",
    )


class _Case(Frozen):
    id: str
    observed_auc_ratio: float
    observed_low: float
    other_low: float
    victim_fm: dict[str, float] = Field(default_factory=dict)
    numbers: dict[str, float] = Field(default_factory=dict)
    sources: tuple[str, ...] = ("src-ev-grundmann-2017",)


def test_bounds_share_their_siblings_unit_and_named_dicts_cover_their_values() -> None:
    case = _Case(
        id="c1",
        observed_auc_ratio=1.39,
        observed_low=1.23,
        other_low=1.0,
        victim_fm={"cyp3a": 0.9},
        numbers={"cyp3a": 0.9},
    )
    problems = unitless_numbers((case,))
    # other_low has no sibling with a unit; numbers['cyp3a'] is a bare key in an unnamed dict.
    assert len(problems) == 2
    assert any("_Case.other_low " in p for p in problems)
    assert any("_Case.numbers['cyp3a']" in p for p in problems)


class _Future(Frozen):
    id: str
    clearance: float | Literal["unknown"] = "unknown"
    half_life_h: float | Literal["unknown"] = "unknown"
    nested: tuple[_Dose, ...] = ()
    sources: tuple[str, ...] = ("src-ev-grundmann-2017",)


def test_schema_walker_sees_numeric_fields_that_are_unknown_today() -> None:
    # clearance is "unknown" in the data, so the data walker cannot see it; the schema walker can.
    assert unitless_numbers((_Future(id="f"),)) == ()
    assert unitless_number_fields(_Future) == (
        "_Dose.dose: numeric field without a unit suffix",
        "_Future.clearance: numeric field without a unit suffix",
    )


def test_every_numeric_schema_field_names_its_unit() -> None:
    assert unitless_number_fields(KnowledgeBase) == ()
