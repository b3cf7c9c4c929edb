"""`speciosa meta FILE.csv`: the JSON contract of issue #9, exit code 2 naming row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from numpy.testing import assert_allclose
from typer.testing import CliRunner

from speciosa.adapters.cli import meta as meta_cli

app = typer.Typer()
meta_cli.register(app)


@app.callback()
def _root() -> None:
    """Root so that `meta` stays a sub-command, as in the real app."""


runner = CliRunner()
DATA = Path(__file__).parents[2] / "data" / "meta"
REQUIRED = {
    "measure",
    "method",
    "k",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "tau2",
    "I2",
    "Q",
    "Q_p",
    "pred_low",
    "pred_high",
    "exponentiated",
}


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["meta", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_bcg_rr_reml_json_has_contract_keys_and_metafor_values() -> None:
    out = _json(str(DATA / "bcg.csv"), "--measure", "RR", "--method", "REML")
    assert out.keys() >= REQUIRED
    # metafor 3.8-1: rma(yi, vi, data=escalc("RR", ai=tpos, ..., data=dat.bcg)) -> -0.7145 (-1.0669, -0.3622),
    # tau2 0.3132 (tests/learn/reference_metafor.py "bcg-RR-REML-z").
    assert_allclose(
        [out["estimate"], out["ci_low"], out["ci_high"], out["tau2"]],
        [-0.714532348365101, -1.06689767574005, -0.36216702099015, 0.313243325980895],
        atol=1e-4,
    )
    exp = out["exponentiated"]
    assert isinstance(exp, dict)
    assert_allclose(exp["estimate"], 0.4894, atol=1e-4)
    assert len(out["leave_one_out"]) == 13  # type: ignore[arg-type]


def test_hk_uses_t_distribution() -> None:
    z = _json(str(DATA / "bcg.csv"), "--measure", "RR", "--method", "DL")
    t = _json(str(DATA / "bcg.csv"), "--measure", "RR", "--method", "DL", "--hk")
    assert t["test"] == "knha"
    # metafor: rma(..., method="DL", test="knha") ci.lb -1.10782135416833
    assert_allclose(t["ci_low"], -1.10782135416833, atol=1e-4)
    assert t["estimate"] == z["estimate"]


def test_smd_and_proportions_run() -> None:
    smd = _json(str(DATA / "normand1999.csv"), "--measure", "SMD", "--method", "FE")
    assert smd["exponentiated"] is None
    assert smd["k"] == 9
    assert _json(str(DATA / "pritz1997.csv"), "--measure", "PLO", "--method", "DL")["k"] == 14


def test_html_report_embeds_two_svg_plots(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["meta", str(DATA / "bcg.csv"), "--measure", "OR", "--method", "PM", "--html", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("<svg") == 2
    assert "Aronson 1948" in text


@pytest.mark.parametrize(
    ("content", "measure", "field"),
    [
        ("study,ai,bi,ci\nx,1,2,3\n", "OR", "column di"),
        ("study,ai,bi,ci,di\nx,1,2,3,4\ny,1,-2,3,4\n", "OR", "row 2, column bi"),
        ("study,yi,vi\nx,0.1,0.02\ny,0.3,0\n", "GEN", "row 2, column vi"),
        ("study,xi,ni\nx,3,ten\n", "PLO", "row 1, column ni"),
    ],
)
def test_bad_files_exit_2_naming_row_and_column(
    tmp_path: Path, content: str, measure: str, field: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["meta", str(path), "--measure", measure, "--json"])
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert field in body["field"]
    assert "Traceback" not in result.output


def test_unknown_method_exits_2() -> None:
    result = runner.invoke(app, ["meta", str(DATA / "bcg.csv"), "--measure", "RR", "--method", "SJ"])
    assert result.exit_code == 2
