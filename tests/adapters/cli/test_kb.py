"""`speciosa kb ...`: JSON contracts, exit codes (0 ran, 2 bad input), no tracebacks."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from speciosa.adapters.cli import kb as kb_cli
from speciosa.knowledge import load_knowledge

app = typer.Typer()
kb_cli.register(app)


@app.callback()
def _root() -> None:
    """Root so that `kb` stays a sub-command, as in the real app."""


runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_drugs_json_is_a_list_with_the_contract_fields() -> None:
    result = _run("kb", "drugs", "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert isinstance(body, list)
    assert len(body) == len(load_knowledge().drugs)
    assert all({"name", "rxnorm", "atc", "sources"} <= item.keys() for item in body)
    assert all(item["sources"] for item in body)


def test_drug_search_by_brand_and_misspelling() -> None:
    # Zoloft is sertraline's brand; "setraline" is the resolver's documented misspelling example.
    for text in ("Zoloft", "setraline", "SERTRALINE"):
        body = json.loads(_run("kb", "drugs", "--search", text, "--json").stdout)
        assert [d["name"] for d in body] == ["sertraline"], text


def test_drug_search_with_no_match_is_empty_with_suggestions_not_an_error() -> None:
    result = _run("kb", "drugs", "--search", "zzqqxx-not-a-drug", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "no drug matches" in result.stderr


def test_show_drug_by_brand_resolves_sources() -> None:
    result = _run("kb", "show", "Zoloft", "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert (body["kind"], body["id"]) == ("drug", "sertraline")
    assert body["sources"]
    assert all(s["link"].startswith("http") for s in body["sources"])
    assert body["knowledge_version"] == load_knowledge().version_label


def test_show_evidence_record_and_source() -> None:
    body = json.loads(_run("kb", "show", "ev-tanna-2023-ddi", "--json").stdout)
    assert body["kind"] == "evidence"
    assert body["entry"]["n"] == 12
    body = json.loads(_run("kb", "show", "src-ev-maxwell-2020-dog", "--json").stdout)
    assert body["kind"] == "source"
    assert body["entry"]["doi"] == "10.1055/a-1212-5475"


def test_show_text_lists_sources_and_version() -> None:
    result = _run("kb", "show", "ev-ahmad-2021-dilin")
    assert result.exit_code == 0
    assert "[src-ev-ahmad-2021-dilin]" in result.stdout
    assert "knowledge version" in result.stdout


def test_unknown_name_exits_2_with_suggestions_and_no_traceback() -> None:
    result = _run("kb", "show", "setralin-xx", "--json")
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert body["error"] == "InputError"
    assert body["field"] == "name"
    assert "did you mean" in body["allowed"]
    assert "sertraline" in body["allowed"]
    assert "Traceback" not in result.stdout + result.stderr


def test_sources_bibliography_has_links() -> None:
    body = json.loads(_run("kb", "sources", "--json").stdout)
    assert len(body) == len(load_knowledge().sources)
    assert all(item["link"].startswith("http") for item in body)
    assert "src-ev-vicknasingam-2020" in {item["id"] for item in body}


def test_evidence_by_question_and_bad_question() -> None:
    body = json.loads(_run("kb", "evidence", "--question", "pregnancy", "--json").stdout)
    assert body
    assert all("pregnancy" in r["questions"] for r in body)
    assert _run("kb", "evidence", "--question", "happiness").exit_code == 2


def test_version() -> None:
    kb = load_knowledge()
    body = json.loads(_run("kb", "version", "--json").stdout)
    assert body == {
        "version": kb.version.version,
        "date": kb.version.date.isoformat(),
        "content_hash": kb.content_hash,
        "label": kb.version_label,
    }
    assert kb.version_label in _run("kb", "version").stdout


def test_show_alkaloid_when_present() -> None:
    alkaloids = load_knowledge().pharmacology.alkaloids
    if not alkaloids:
        return  # the pharmacology section has no alkaloids yet
    body = json.loads(_run("kb", "show", alkaloids[0].id, "--json").stdout)
    assert body["kind"] == "alkaloid"
    assert body["sources"]
