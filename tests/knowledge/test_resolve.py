"""Drug-name resolution: brands, misspellings, doses, RxNorm codes, and never a silent drop."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.errors import InputError, UnknownDrugError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.resolve import (
    match_drug,
    parse_medication,
    resolve_by_rxnorm,
    resolve_drug,
    resolve_many,
)

KB = load_knowledge()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KB


@pytest.mark.parametrize(
    ("text", "drug_id"),
    [
        ("Zoloft", "sertraline"),
        ("KLONOPIN", "clonazepam"),
        ("Wellbutrin XL 300 mg", "bupropion"),
        ("Neurontin", "gabapentin"),  # brand named in the FDA 2019 gabapentinoid communication
        ("rifampicin", "rifampin"),
        ("St. John's Wort", "st-johns-wort"),
        ("quetiapine fumarate 25 mg tablet", "quetiapine"),
    ],
)
def test_brand_synonym_case_and_form_words_resolve(kb: KnowledgeBase, text: str, drug_id: str) -> None:
    assert resolve_drug(text, kb).id == drug_id


@pytest.mark.parametrize(("text", "drug_id"), [("setraline", "sertraline"), ("lorazapam", "lorazepam")])
def test_close_misspelling_resolves_and_says_so(kb: KnowledgeBase, text: str, drug_id: str) -> None:
    result = match_drug(text, kb)
    assert result.drug.id == drug_id
    assert result.method == "misspelling"


def test_uncertain_misspelling_is_not_guessed_but_suggested(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownDrugError, match="prozak") as info:
        resolve_drug("prozak", kb)
    assert "fluoxetine" in info.value.suggestions
    assert len(info.value.suggestions) <= 3


def test_look_alike_name_not_in_catalogue_is_an_error_not_hydroxyzine(kb: KnowledgeBase) -> None:
    # hydralazine is not catalogued; resolving it to hydroxyzine would be a dangerous silent substitution.
    with pytest.raises(UnknownDrugError):
        resolve_drug("hydralazine", kb)


def test_unknown_name_raises_with_field_and_allowed(kb: KnowledgeBase) -> None:
    with pytest.raises(
        UnknownDrugError, match="medication: got 'xyzzy'; allowed: a drug in the knowledge base"
    ):
        resolve_drug("xyzzy", kb)


@pytest.mark.parametrize(
    ("text", "name", "dose_mg", "per_day"),
    [
        ("sertraline 100 mg", "sertraline", 100.0, None),
        ("sertraline 100mg bid", "sertraline", 100.0, 2.0),
        ("lithium carbonate 0.3 g tid", "lithium carbonate", 300.0, 3.0),
        ("buprenorphine 150 mcg", "buprenorphine", 0.15, None),
        ("fentanyl 25 mcg/h patch", "fentanyl patch", None, None),  # a rate, not a per-dose amount
        ("Zoloft", "Zoloft", None, None),
        ("Suboxone 8 mg/2 mg film", "Suboxone film", None, None),  # two strengths: no single dose_mg
        ("Percocet 5/325 mg tid", "Percocet", None, 3.0),
    ],
)
def test_parse_medication_splits_dose(
    text: str, name: str, dose_mg: float | None, per_day: float | None
) -> None:
    med = parse_medication(text)
    assert med.name == name
    assert med.dose_mg == (pytest.approx(dose_mg) if dose_mg is not None else None)
    assert med.doses_per_day == per_day


@pytest.mark.parametrize(
    ("text", "drug_id"),
    [("Suboxone 8 mg/2 mg film", "buprenorphine-naloxone"), ("Percocet 5/325", "oxycodone-acetaminophen")],
)
def test_combination_brand_resolves_to_the_combination_not_one_ingredient(
    kb: KnowledgeBase, text: str, drug_id: str
) -> None:
    assert resolve_drug(text, kb).id == drug_id


def test_dose_without_name_is_input_error() -> None:
    with pytest.raises(InputError, match="medication"):
        parse_medication("100 mg")


def test_every_catalogue_name_resolves_to_its_own_entry(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        for name in drug.names():
            assert resolve_drug(name, kb).id == drug.id, name


def test_resolve_by_rxnorm(kb: KnowledgeBase) -> None:
    assert resolve_by_rxnorm("36437", kb).id == "sertraline"  # CPIC drug table: RxNorm:36437 sertraline
    with pytest.raises(UnknownDrugError, match="rxnorm"):
        resolve_by_rxnorm("999999999", kb)
    with pytest.raises(InputError, match="digits only"):
        resolve_by_rxnorm("abc", kb)


def test_resolve_many_never_drops_an_item(kb: KnowledgeBase) -> None:
    texts = ["Zoloft 50 mg", "xyzzy", "methadone 80 mg daily", "100 mg"]
    resolved, unrecognised = resolve_many(texts, kb)
    assert [r.drug.id for r in resolved] == ["sertraline", "methadone"]
    assert resolved[1].medication.dose_mg == 80.0
    assert resolved[1].medication.doses_per_day == 1.0
    assert [u.text for u in unrecognised] == ["xyzzy", "100 mg"]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_resolve_many_partitions_any_input(text: str) -> None:
    resolved, unrecognised = resolve_many([text], KB)
    assert len(resolved) + len(unrecognised) == 1


def test_ambiguous_brand_family_is_suggested_not_guessed(kb: KnowledgeBase) -> None:
    # Unisom SleepTabs = doxylamine, Unisom SleepGels = diphenhydramine (unisom.com); bare "Unisom" and
    # "ZzzQuil" (also a melatonin line) must not be resolved to one of them.
    for text in ("Unisom", "ZzzQuil"):
        with pytest.raises(UnknownDrugError):
            resolve_drug(text, kb)
    assert resolve_drug("Unisom SleepTabs", kb).id == "doxylamine"


def test_resolution_says_when_it_matched_an_unverified_brand(kb: KnowledgeBase) -> None:
    # Buspar is kept but was not verified in a source read; Zoloft is in the FDA antidepressant list.
    assert match_drug("Buspar 10 mg", kb).via_unverified_brand
    assert not match_drug("Zoloft", kb).via_unverified_brand
    assert not match_drug("sertraline", kb).via_unverified_brand
