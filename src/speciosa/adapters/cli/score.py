"""CLI commands: ``speciosa score`` (one instrument administration) and ``speciosa instruments``."""

from __future__ import annotations

from typing import Annotated

import typer

from speciosa.adapters.cli.output import emit, fail
from speciosa.assess.instruments import score
from speciosa.errors import InputError, SpeciosaError
from speciosa.knowledge import load_knowledge

_MISSING = {"", "-", "na", "none", "null"}


def parse_answers(text: str) -> list[int | None]:
    """Parse ``"3,3,1,,0"`` into answers; a blank, ``-`` or ``NA`` means a missing item.

    >>> parse_answers("3, 2,-,0")
    [3, 2, None, 0]
    """
    out: list[int | None] = []
    for index, raw in enumerate(text.split(","), start=1):
        token = raw.strip()
        if token.lower() in _MISSING:
            out.append(None)
            continue
        try:
            out.append(int(token))
        except ValueError:
            raise InputError(
                f"item {index}", token, "a whole number from the item's options, or blank"
            ) from None
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("score")
    def score_command(
        instrument: Annotated[str, typer.Argument(help="phq-9, phq-2, gad-7, audit-c, sows or cows.")],
        answers: Annotated[
            str, typer.Option("--answers", help="Comma-separated item answers; blank = missing.")
        ],
        sex: Annotated[str | None, typer.Option("--sex", help="female or male (AUDIT-C cut-offs).")] = None,
        functional_difficulty: Annotated[
            int | None, typer.Option("--functional-difficulty", help="PHQ-9 question 10: 0-3.")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Score one administration of a validated instrument; item 9 of the PHQ-9 is always checked."""
        try:
            result = score(
                instrument,
                parse_answers(answers),
                load_knowledge(),
                sex=sex,
                functional_difficulty=functional_difficulty,
            )
        except SpeciosaError as exc:
            fail(exc, json_out)
        emit(result, json_out)

    @app.command("instruments")
    def instruments_command(
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List the instruments speciosa can score."""
        try:
            kb = load_knowledge()
        except SpeciosaError as exc:
            fail(exc, json_out)
        rows: list[dict[str, object]] = []
        lines: list[str] = []
        for inst in kb.instruments:
            rows.append(
                {
                    "id": inst.id,
                    "name": inst.name,
                    "items": len(inst.items),
                    "range": [inst.total_min, inst.total_max],
                    "item_text_included": inst.licence.text_included,
                }
            )
            lines.append(
                f"{inst.id:8} {inst.name} ({len(inst.items)} items, range {inst.total_min}-{inst.total_max})"
            )
        if json_out:
            emit(rows, json_out)
            return
        typer.echo("\n".join(lines))
