"""`speciosa score` and `speciosa instruments`: JSON contract, exit codes, one-line errors."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from speciosa.adapters.cli import score as score_cli

app = typer.Typer()
score_cli.register(app)
runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_json_contract_hand_computed() -> None:
    # 3+3+1+2+0+0+1+2+1 = 13 -> moderate (Kroenke 2001); item 9 = 1 -> urgent suicide-risk.
    result = _run("score", "phq-9", "--answers", "3,3,1,2,0,0,1,2,1", "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert {"instrument", "total", "severity", "valid", "alerts"} <= body.keys()
    assert (body["instrument"], body["total"], body["severity"], body["valid"]) == (
        "phq-9",
        13,
        "moderate",
        True,
    )
    assert body["alerts"][0]["level"] == "urgent"
    assert body["alerts"][0]["code"] == "suicide-risk"
    assert {"level", "code", "message"} <= body["alerts"][0].keys()


@pytest.mark.parametrize("item9", ["1", "2", "3"])
def test_every_nonzero_item9_is_urgent_via_cli(item9: str) -> None:
    result = _run("score", "PHQ-9", "--answers", f"0,0,0,0,0,0,0,0,{item9}", "--json")
    levels = [(a["level"], a["code"]) for a in json.loads(result.stdout)["alerts"]]
    assert ("urgent", "suicide-risk") in levels


def test_item9_urgent_even_with_missing_items_text_output() -> None:
    result = _run("score", "phq-9", "--answers", ",,,,,,,,2")
    assert result.exit_code == 0
    assert result.stdout.startswith("URGENT [suicide-risk]")
    assert "no valid total" in result.stdout


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("3,3,1", "answers: got '3 answers'; allowed: exactly 9 answers"),
        ("3,3,1,2,0,0,1,2,4", "item 9: got 4; allowed: 0, 1, 2, 3"),
        ("3,x,1,2,0,0,1,2,1", "item 2: got 'x'"),
    ],
)
def test_bad_input_exits_2_with_one_line(answers: str, expected: str) -> None:
    result = _run("score", "phq-9", "--answers", answers)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_instrument_exits_2() -> None:
    result = _run("score", "hamd", "--answers", "1", "--json")
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert body["field"] == "instrument"
    assert "phq-9" in body["allowed"]


def test_sex_and_functional_difficulty_options() -> None:
    auditc = json.loads(_run("score", "audit-c", "--answers", "1,1,1", "--sex", "female", "--json").stdout)
    assert auditc["positive_screen"] is True
    phq = json.loads(
        _run(
            "score", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--functional-difficulty", "1", "--json"
        ).stdout
    )
    assert phq["functional_difficulty_label"] == "Somewhat difficult"


def test_instruments_listing() -> None:
    rows = json.loads(_run("instruments", "--json").stdout)
    assert {r["id"] for r in rows} == {"phq-9", "phq-2", "gad-7", "audit-c", "sows", "cows"}
    assert _run("instruments").exit_code == 0
