"""Parsing PubMed XML, RIS and ClinicalTrials.gov JSON into candidates (speciosa.learn.citation_import)."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import EntitiesForbidden

from speciosa.errors import InputError
from speciosa.learn.citation_import import ImportFormat, normalise_title, parse

DATA = Path(__file__).parents[1] / "data" / "evidence"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_pubmed_efetch_xml_fields() -> None:
    first, second = parse(_read("pubmed-sample.xml"), "pubmed")
    assert first.pmid == "99000001"
    assert first.doi == "10.9999/synthetic.0001"
    assert first.year == 2026
    assert first.authors == ("Example A", "Sample B")
    assert first.design_hint == "rct"  # PublicationType "Randomized Controlled Trial"
    assert first.abstract is not None
    assert "No real data." in first.abstract
    assert second.design_hint == "case-report"
    assert second.doi is None


def test_ris_records_and_keys() -> None:
    first, second = parse(_read("sample.ris"), ImportFormat.RIS)
    assert first.doi == "10.9999/synthetic.0001"
    assert second.year == 2025
    assert second.authors == ("Sample, Bo", "Example, Ann")
    assert first.dedup_keys()[0] == "doi:10.9999/synthetic.0001"


def test_ctgov_api_v2_export() -> None:
    (study,) = parse(_read("ctgov-sample.json"), "ctgov")
    assert study.nct_id == "NCT99000001"
    assert study.enrollment == 60
    assert study.design_hint == "registered-trial"  # randomised but without results yet
    assert study.title.startswith("A Synthetic Registry Record")


def test_title_normalisation_ignores_case_punctuation_and_accents() -> None:
    assert normalise_title("Kratom—Use: A Survey.") == normalise_title("kratom use a survey")
    assert normalise_title("Éffects of Kratom") == "effects of kratom"


@pytest.mark.parametrize(
    ("text", "fmt", "field"),
    [
        ("<notpubmed/>", "pubmed", "file"),
        ("<PubmedArticleSet><PubmedArticle", "pubmed", "file"),
        ("TY  - JOUR\nTI  - no end\n", "ris", "record 1"),
        ("TY  - JOUR\nER  - \n", "ris", "record 1, TI"),
        ("garbage line\n", "ris", "line 1"),
        ("{not json", "ctgov", "file"),
        ('{"studies": [{"protocolSection": {"identificationModule": {}}}]}', "ctgov", "study 1"),
        ("x", "bibtex", "format"),
    ],
)
def test_bad_files_name_the_problem(text: str, fmt: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text, fmt)
    assert info.value.field.startswith(field)


def test_xml_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        "<PubmedArticleSet>&b;</PubmedArticleSet>"
    )
    # defusedxml refuses entity declarations (billion-laughs protection).
    with pytest.raises(EntitiesForbidden):
        parse(bomb, "pubmed")
