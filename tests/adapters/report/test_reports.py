"""Clinician HTML/PDF, JSON and handout renderers for every synthetic example."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from speciosa.adapters.report.handout import handout_bytes
from speciosa.adapters.report.html import render_html
from speciosa.adapters.report.json_report import render_json
from speciosa.adapters.report.pdf import render_pdf
from speciosa.basis import DISCLAIMER
from speciosa.knowledge import KnowledgeBase
from speciosa.plan.care_plan import build_care_plan
from speciosa.plan.handout import build_handout
from speciosa.plan.safety import find_kratom_dose_advice

from .conftest import ARCHETYPES, TODAY, load_example


@pytest.mark.parametrize("name", ARCHETYPES)
def test_json_round_trips_with_version_and_disclaimer(name: str, kb: KnowledgeBase) -> None:
    plan = build_care_plan(load_example(name), kb, TODAY)
    data = json.loads(render_json(plan))
    assert data["knowledge_version"] == kb.version_label
    assert data["disclaimer"] == DISCLAIMER
    assert [a["code"] for a in data["alerts"]] == [a.code for a in plan.alerts]


@pytest.mark.parametrize("name", ARCHETYPES)
def test_html_has_chart_findings_plan_sources_version_and_disclaimer(name: str, kb: KnowledgeBase) -> None:
    plan = build_care_plan(load_example(name), kb, TODAY)
    html = render_html(plan, kb)
    assert "<svg" in html
    assert DISCLAIMER in html
    assert kb.version_label in html
    assert "Interaction findings" in html
    assert "Monitoring schedule" in html
    for source in plan.sources:
        assert source["id"] in html
    assert find_kratom_dose_advice([html]) == ()


def test_html_lists_the_suicide_alert_before_any_other(kb: KnowledgeBase) -> None:
    html = render_html(build_care_plan(load_example("suicide-risk"), kb, TODAY), kb)
    alerts = html.index("<h2>Alerts</h2>")
    assert html.index("URGENT", alerts) < html.index("WARNING", alerts)
    assert html.index("PHQ-9 item 9", alerts) < html.index("WARNING", alerts)


def test_html_escapes_patient_supplied_text(kb: KnowledgeBase) -> None:
    record = load_example("mild-mdd-daily-kratom")
    kratom = record.kratom.model_copy(update={"reasons": ("<script>alert(1)</script>",)})  # type: ignore[union-attr]
    html = render_html(build_care_plan(record.model_copy(update={"kratom": kratom}), kb, TODAY), kb)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ARCHETYPES)
def test_pdf_renders(name: str, kb: KnowledgeBase, tmp_path: Path) -> None:
    pdf = render_pdf(build_care_plan(load_example(name), kb, TODAY), kb)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000
    if shutil.which("pdftotext"):
        out = tmp_path / "p.pdf"
        out.write_bytes(pdf)
        text = subprocess.run(  # noqa: S603 - fixed argv, test-only
            ["pdftotext", str(out), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "supports, and does not replace" in text
        assert find_kratom_dose_advice([text]) == ()


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".txt"])
def test_handout_formats(suffix: str, kb: KnowledgeBase) -> None:
    handout = build_handout(build_care_plan(load_example("pregnancy"), kb, TODAY))
    data = handout_bytes(handout, Path("handout" + suffix))
    if suffix == ".pdf":
        assert data.startswith(b"%PDF")
    else:
        assert b"Your care plan" in data
        assert b"About kratom" in data
