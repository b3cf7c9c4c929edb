"""CLI command: ``speciosa check`` (kratom x medications and conditions)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from speciosa.adapters.cli.output import emit, fail
from speciosa.errors import SpeciosaError


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("check")
    def check(
        product: Annotated[
            str, typer.Option("--product", help="leaf-powder, leaf-tea, capsule, extract, 7-oh-product")
        ],
        doses_per_day: Annotated[float, typer.Option("--doses-per-day")],
        grams_per_dose: Annotated[float | None, typer.Option("--grams-per-dose")] = None,
        regimen: Annotated[str, typer.Option("--regimen", help="single or chronic")] = "chronic",
        meds: Annotated[
            str, typer.Option("--meds", help='Comma-separated, e.g. "midazolam, sertraline 100 mg"')
        ] = "",
        extract_mg_per_dose: Annotated[float | None, typer.Option("--extract-mg-per-dose")] = None,
        mitragynine_mg_per_g: Annotated[
            float | None, typer.Option("--mitragynine-mg-per-g", help="From a certificate of analysis")
        ] = None,
        conditions: Annotated[str, typer.Option("--conditions")] = "",
        json_out: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Screen kratom use against medications and conditions (supports, not replaces, judgement)."""
        from speciosa.assess.exposure import kratom_use
        from speciosa.knowledge import load_knowledge
        from speciosa.screen import screen

        try:
            use = kratom_use(
                product=product,
                grams_per_dose=grams_per_dose,
                extract_mg_per_dose=extract_mg_per_dose,
                doses_per_day=doses_per_day,
                regimen=regimen,
                mitragynine_mg_per_g=mitragynine_mg_per_g,
            )
            result = screen(use, _split(meds), _split(conditions), load_knowledge())
        except SpeciosaError as exc:
            fail(exc, json_out)
        payload: dict[str, Any] = result.to_dict()
        emit(payload if json_out else result, json_out)
