"""`speciosa plan`: JSON for every example, reports written, exit 2 naming every bad field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from speciosa.adapters.cli import plan as plan_cli

app = typer.Typer()
plan_cli.register(app)


@app.callback()
def _root() -> None:
    """Root so that `plan` stays a named sub-command, as in the real app."""


runner = CliRunner()
EXAMPLES = next(p / "examples" for p in Path(__file__).resolve().parents if (p / "examples").is_dir())
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))
TODAY = "2026-11-25"


@pytest.mark.parametrize("name", NAMES)
def test_json_for_every_example(name: str) -> None:
    result = runner.invoke(
        app, ["plan", "--patient", str(EXAMPLES / f"{name}.json"), "--json", "--today", TODAY]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["patient_id"].startswith("demo-")
    assert body["generated_on"] == TODAY


def test_suicide_risk_json_has_urgent_alert_first() -> None:
    result = runner.invoke(
        app, ["plan", "--patient", str(EXAMPLES / "suicide-risk.json"), "--json", "--today", TODAY]
    )
    body = json.loads(result.stdout)
    assert body["alerts"][0]["code"] == "suicide-risk"
    assert body["alerts"][0]["level"] == "urgent"
    assert body["items"][0]["code"] == "suicide-risk"


def test_text_output_starts_with_urgent_line() -> None:
    result = runner.invoke(app, ["plan", "--patient", str(EXAMPLES / "suicide-risk.json"), "--today", TODAY])
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("[URGENT] PHQ-9 item 9")


def test_writes_html_pdf_and_handout(tmp_path: Path) -> None:
    html, pdf, handout = tmp_path / "r.html", tmp_path / "r.pdf", tmp_path / "h.html"
    result = runner.invoke(
        app,
        [
            "plan",
            "--patient",
            str(EXAMPLES / "pregnancy.json"),
            "--today",
            TODAY,
            "--html",
            str(html),
            "--pdf",
            str(pdf),
            "--handout",
            str(handout),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in html.read_text()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "About kratom" in handout.read_text()


def test_invalid_record_exits_2_naming_every_bad_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "id": "x",
                "age_years": 200,
                "sex": "f",
                "pregnant": "maybe",
                "labs": [{"name": "qtc", "on": "2026-01-01"}],
            }
        )
    )
    result = runner.invoke(app, ["plan", "--patient", str(bad), "--json"])
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    for field in ("age_years", "sex", "pregnant", "labs.0"):
        assert field in body["field"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", ["{not json", None])
def test_unreadable_or_missing_file_exits_2(content: str | None, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["plan", "--patient", str(path), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["field"] == "--patient"


def test_bad_today_exits_2() -> None:
    result = runner.invoke(
        app, ["plan", "--patient", str(EXAMPLES / "pregnancy.json"), "--today", "25/11/2026"]
    )
    assert result.exit_code == 2
