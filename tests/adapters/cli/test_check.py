from __future__ import annotations

import json

from typer.testing import CliRunner

from speciosa.adapters.cli.app import app

runner = CliRunner()


def test_check_json() -> None:
    res = runner.invoke(
        app,
        [
            "check",
            "--product",
            "leaf-tea",
            "--grams-per-dose",
            "2",
            "--doses-per-day",
            "1",
            "--regimen",
            "single",
            "--meds",
            "oxycodone, blorpazine",
            "--conditions",
            "pregnancy",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["kratom"]["content_source"] == "published-range"
    assert body["findings"][0]["drug"] == "oxycodone"
    assert body["unrecognised"][0]["text"] == "blorpazine"
    assert body["knowledge_version"]


def test_check_bad_amount_exit_2() -> None:
    res = runner.invoke(
        app, ["check", "--product", "leaf-tea", "--grams-per-dose", "-1", "--doses-per-day", "1", "--json"]
    )
    assert res.exit_code == 2
    assert json.loads(res.stdout.splitlines()[0])["field"] == "grams_per_dose"
