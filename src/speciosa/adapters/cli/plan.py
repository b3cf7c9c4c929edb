"""CLI command: ``speciosa plan`` (care plan and monitoring for one patient record)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from speciosa.adapters.cli.output import emit, fail, stderr
from speciosa.errors import InputError, SpeciosaError
from speciosa.knowledge import load_knowledge
from speciosa.patient import PatientRecord, parse_record


def read_record(path: Path) -> PatientRecord:
    """Read and validate a patient JSON file; every bad field is named in one InputError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("--patient", str(path), f"a readable JSON file ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InputError("--patient", str(path), f"valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_record(raw)


def _today(text: str | None) -> date:
    if text is None:
        return date.today()  # the adapter reads the clock; the core takes ``today``
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--today", text, "a date YYYY-MM-DD") from None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise SpeciosaError(f"cannot write {path}: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("plan")
    def plan_command(
        patient: Annotated[Path, typer.Option("--patient", help="Patient record JSON (see examples/).")],
        json_out: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
        html: Annotated[
            Path | None, typer.Option("--html", help="Write the clinician HTML report here.")
        ] = None,
        pdf: Annotated[
            Path | None, typer.Option("--pdf", help="Write the clinician PDF report here.")
        ] = None,
        handout: Annotated[
            Path | None, typer.Option("--handout", help="Write the patient handout (.pdf, .html or text).")
        ] = None,
        today: Annotated[
            str | None, typer.Option("--today", help="Plan date YYYY-MM-DD (default: today).")
        ] = None,
    ) -> None:
        """Build a personalised MDD care plan with kratom section and monitoring schedule."""
        from speciosa.adapters.report.handout import handout_bytes
        from speciosa.adapters.report.html import render_html
        from speciosa.adapters.report.pdf import render_pdf
        from speciosa.plan.care_plan import build_care_plan
        from speciosa.plan.handout import build_handout

        try:
            record = read_record(patient)
            kb = load_knowledge()
            plan = build_care_plan(record, kb, _today(today))
            if html is not None:
                _write(html, render_html(plan, kb).encode("utf-8"))
            if pdf is not None:
                _write(pdf, render_pdf(plan, kb))
            if handout is not None:
                note = build_handout(plan)
                _write(handout, handout_bytes(note, handout))
                stderr.print(
                    f"handout reading grade: {note.reading_grade:.1f}", highlight=False, markup=False
                )
        except SpeciosaError as exc:
            fail(exc, json_out)
        if json_out or (html is None and pdf is None and handout is None):
            emit(plan, json_out)
