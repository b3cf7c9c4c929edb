"""Kratom synonym matching: reviewed terms, word boundaries, and the SQL-portable pattern."""

from __future__ import annotations

import re

import duckdb
import pytest

from speciosa.learn.signals.synonyms import MatchKind, load_kratom_synonyms


@pytest.mark.parametrize(
    "name",
    [
        "KRATOM",
        "Red Bali Kratom Powder",
        "MITRAGYNA SPECIOSA LEAF",
        "mitragynine extract",
        "7-HYDROXYMITRAGYNINE TABLETS",
        "Ketum",
        "THOM",
        " biak ",
    ],
)
def test_kratom_names_map_to_canonical(name: str) -> None:
    # Terms from TNI 2021 (src-sig-tni-2021) and the DEA kratom fact sheet (src-sig-dea-kratom-2023).
    kratom = load_kratom_synonyms()
    assert kratom.canonical_name(name) == "KRATOM"


@pytest.mark.parametrize(
    "name", ["THOMPSON'S VITAMIN C", "THANGKA TEA", "KRATOMAX", "FISH OIL", "BIAKS", "7-OH DHEA"]
)
def test_other_names_are_left_alone(name: str) -> None:
    assert load_kratom_synonyms().canonical_name(name) == name


def test_every_term_cites_a_source_and_brands_are_terms() -> None:
    kratom = load_kratom_synonyms()
    assert all(t.sources for t in kratom.terms)
    assert {t.match for t in kratom.terms} == {MatchKind.WORD, MatchKind.WHOLE}
    # Brands from the FDA 7-OH warning-letter release (src-sig-fda-7oh-2025) also match.
    assert kratom.brand_names != "unknown"
    assert all(kratom.matches(b) for b in kratom.brand_names)


@pytest.mark.parametrize(
    "name", ["red kratom", "7-hydroxymitragynine", "thom", "thompson", "mitragyna speciosa"]
)
def test_duckdb_re2_and_python_agree(name: str) -> None:
    pattern = load_kratom_synonyms().pattern()
    con = duckdb.connect()
    row = con.execute("SELECT regexp_matches(?, ?)", [name, pattern]).fetchone()
    assert row is not None
    assert bool(row[0]) is (re.search(pattern, name) is not None)
