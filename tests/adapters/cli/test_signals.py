"""`speciosa signals`: JSON shape, ranking, --product, HTML, malformed-row warning, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from speciosa.adapters.analytics.bundled import CAERS_2012
from speciosa.adapters.cli.app import app

CAERS_GZ = CAERS_2012
runner = CliRunner()


@pytest.fixture(scope="module")
def caers_json() -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["signals", "--source", "caers", str(CAERS_GZ), "--json", "--limit", "20"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_matches_issue_shape_and_openebgm(caers_json: dict) -> None:  # type: ignore[type-arg]
    assert set(caers_json) == {"reports", "hyperparameters", "signals"}
    assert caers_json["reports"] == 3356
    # openEBGM autoHyper(processRaw(caers), theta_init, squashed = FALSE): alpha1 = 3.2559666440092
    assert abs(caers_json["hyperparameters"]["alpha1"] / 3.2559666440092 - 1) < 1e-4
    first = caers_json["signals"][0]
    assert (first["product"], first["event"]) == ("REUMOFAN PLUS", "WEIGHT INCREASED")
    assert len(caers_json["signals"]) == 20


def test_product_option_restricts_rows(tmp_path: Path) -> None:
    f = tmp_path / "pe.csv"
    rows = ["id,product,event"]
    # Ten reports of a kratom product with SEIZURE, a background of other products and events.
    rows += [f"{i},Red Kratom Powder,SEIZURE" for i in range(10)]
    rows += [f"{100 + i},PRODUCT {i % 17},EVENT {i % 13}" for i in range(400)]
    rows += [f"{600 + i},PRODUCT {i % 5},SEIZURE" for i in range(10)]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["signals", str(f), "--product", "mitragyna speciosa", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["reports"] == 420  # background counts include every report
    assert [(s["product"], s["event"], s["n"]) for s in payload["signals"]] == [("KRATOM", "SEIZURE", 10)]


def test_malformed_rows_warned_on_stderr(tmp_path: Path) -> None:
    f = tmp_path / "pe.csv"
    f.write_text("id,product,event\n1,A,X\n2,,X\n3,B,Y\n4,A,Y\n5,B,X\n", encoding="utf-8")
    result = runner.invoke(app, ["signals", str(f)])
    assert result.exit_code == 0, result.output
    assert "1 malformed row(s) not counted (missing-product: 1)" in result.stderr


def test_html_report_has_table_and_inline_svg(tmp_path: Path) -> None:
    out = tmp_path / "signals.html"
    result = runner.invoke(app, ["signals", "--source", "caers", str(CAERS_GZ), "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page
    assert "EB05 vs report count" in page
    assert "REUMOFAN PLUS" in page
    assert "not evidence that the product caused" in page


def test_bad_input_exits_2_with_field(tmp_path: Path) -> None:
    result = runner.invoke(app, ["signals", str(tmp_path / "missing.csv"), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["field"] == "PATH"
    bad = runner.invoke(app, ["signals", "--source", "vaers", str(CAERS_GZ)])
    assert bad.exit_code == 2
