"""CLI commands: fhir (import a Bundle, export a record, list Questionnaires)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from speciosa.adapters.cli.output import emit, fail
from speciosa.errors import InputError, SpeciosaError


def _read_json(path: Path, field: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(field, str(path), "a readable JSON file") from exc
    except json.JSONDecodeError as exc:
        raise InputError(field, str(path), f"valid JSON (line {exc.lineno}: {exc.msg})") from exc


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    fhir_app = typer.Typer(
        help="FHIR R4: import Bundles, export records, Questionnaire definitions.", no_args_is_help=True
    )
    app.add_typer(fhir_app, name="fhir")

    @fhir_app.command("import")
    def import_cmd(
        bundle: Annotated[Path, typer.Argument(help="A FHIR R4 Bundle (JSON).")],
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = True,
    ) -> None:
        """Read a FHIR Bundle into a speciosa patient record (printed as JSON)."""
        from speciosa.adapters.fhir.bundle_import import import_bundle
        from speciosa.knowledge import load_knowledge

        try:
            result = import_bundle(_read_json(bundle, "bundle"), load_knowledge(), date.today())
        except SpeciosaError as exc:
            fail(exc, json_out)
        emit(result.model_dump(mode="json"), True)

    @fhir_app.command("export")
    def export_cmd(
        patient: Annotated[Path, typer.Option("--patient", help="A speciosa patient record (JSON).")],
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = True,
    ) -> None:
        """Write a speciosa patient record as a FHIR R4 Bundle (JSON on stdout)."""
        from speciosa.adapters.fhir.bundle_export import export_bundle
        from speciosa.knowledge import load_knowledge
        from speciosa.patient import parse_record

        try:
            bundle = export_bundle(
                parse_record(_read_json(patient, "patient")), load_knowledge(), date.today()
            )
        except SpeciosaError as exc:
            fail(exc, json_out)
        emit(bundle.model_dump(mode="json", exclude_none=True), True)

    @fhir_app.command("questionnaires")
    def questionnaires_cmd(
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = True,
    ) -> None:
        """Every instrument as a FHIR Questionnaire, in a Bundle."""
        from speciosa.adapters.fhir.bundle_export import questionnaires_bundle
        from speciosa.knowledge import load_knowledge

        emit(
            questionnaires_bundle(load_knowledge()).model_dump(mode="json", exclude_none=True),
            json_out or True,
        )
