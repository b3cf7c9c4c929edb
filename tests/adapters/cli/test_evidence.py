"""`speciosa evidence ...`: summaries, and the import -> queue -> accept/reject flow (issue #9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from speciosa.adapters.cli import evidence as evidence_cli

app = typer.Typer()
evidence_cli.register(app)


@app.callback()
def _root() -> None:
    """Root so that `evidence` stays a sub-command, as in the real app."""


runner = CliRunner()
DATA = Path(__file__).parents[2] / "data" / "evidence"


@pytest.fixture(autouse=True)
def _no_env_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPECIOSA_EVIDENCE_DIR", raising=False)


def _json(*args: str) -> object:
    result = runner.invoke(app, ["evidence", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_question_summary_shows_certainty_reasons_and_sources() -> None:
    out = _json("liver-injury")
    assert isinstance(out, dict)
    assert out["question"] == "liver-injury"
    assert out["certainty"] in ("very low", "low", "moderate", "high")
    assert out["sources"]
    assert out["studies"]
    text = runner.invoke(app, ["evidence", "mood-depression"]).stdout
    assert "certainty very low" in text
    assert "supports, and does not replace" in text


def test_all_lists_six_questions() -> None:
    out = _json("all")
    assert isinstance(out, list)
    assert [s["question"] for s in out] == [
        "mood-depression",
        "dependence-withdrawal",
        "liver-injury",
        "interactions",
        "mortality",
        "pregnancy",
    ]


def test_unknown_question_exits_2() -> None:
    result = runner.invoke(app, ["evidence", "happiness", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["field"] == "question"


def test_import_queue_accept_updates_summary_and_version(tmp_path: Path) -> None:
    queue = str(tmp_path)
    added = _json("import", str(DATA / "pubmed-sample.xml"), "--format", "pubmed", "--queue-dir", queue)
    assert isinstance(added, dict)
    assert len(added["added"]) == 2
    again = _json("import", str(DATA / "pubmed-sample.xml"), "--format", "pubmed", "--queue-dir", queue)
    assert isinstance(again, dict)
    assert again["added"] == []
    ctgov = _json("import", str(DATA / "ctgov-sample.json"), "--format", "ctgov", "--queue-dir", queue)
    assert isinstance(ctgov, dict)
    pending = _json("queue", "--queue-dir", queue)
    assert isinstance(pending, list)
    assert len(pending) == 3
    case = next(e for e in pending if e["pmid"] == "99000002")
    before = _json("liver-injury", "--queue-dir", queue)
    assert isinstance(before, dict)
    assert "+evidence" not in before["knowledge_version"]

    accepted = _json(
        "accept",
        case["id"],
        "--reviewer",
        "Dr Test",
        "--question",
        "liver-injury",
        "--direction",
        "harm",
        "--queue-dir",
        queue,
    )
    assert isinstance(accepted, dict)
    assert accepted["status"] == "accepted"
    assert accepted["reviewer"] == "Dr Test"
    assert accepted["decided_at"]
    trial = next(e for e in pending if e["nct_id"] == "NCT99000001")
    rejected = _json(
        "reject", trial["id"], "--reviewer", "Dr Test", "--reason", "not yet recruiting", "--queue-dir", queue
    )
    assert isinstance(rejected, dict)
    assert rejected["status"] == "rejected"

    after = _json("liver-injury", "--queue-dir", queue)
    assert isinstance(after, dict)
    assert after["knowledge_version"].endswith("+evidence.1")
    assert len(after["studies"]) == len(before["studies"]) + 1
    assert any(s["from_overlay"] for s in after["studies"])
    remaining = _json("queue", "--queue-dir", queue)
    assert isinstance(remaining, list)
    assert len(remaining) == 1


def test_queue_commands_need_a_directory() -> None:
    result = runner.invoke(app, ["evidence", "queue", "--json"])
    assert result.exit_code == 2
    assert "SPECIOSA_EVIDENCE_DIR" in json.loads(result.stdout)["allowed"]


def test_accept_unknown_id_and_bad_certainty_exit_2(tmp_path: Path) -> None:
    queue = str(tmp_path)
    _json("import", str(DATA / "sample.ris"), "--format", "ris", "--queue-dir", queue)
    result = runner.invoke(
        app,
        [
            "evidence",
            "accept",
            "imp-0000000000",
            "--reviewer",
            "Dr Test",
            "--question",
            "mortality",
            "--queue-dir",
            queue,
        ],
    )
    assert result.exit_code == 2
    entry = _json("queue", "--queue-dir", queue)[0]  # type: ignore[index]
    result = runner.invoke(
        app,
        [
            "evidence",
            "accept",
            entry["id"],
            "--reviewer",
            "Dr Test",
            "--question",
            "mortality",
            "--certainty",
            "certain",
            "--queue-dir",
            queue,
        ],
    )
    assert result.exit_code == 2
    assert "very low" in result.output
