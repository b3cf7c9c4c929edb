"""The `speciosa` command: a Typer root to which each command module adds its commands."""

from __future__ import annotations

import typer

from speciosa.adapters.cli import (
    admin,
    check,
    evidence,
    fhir,
    kb,
    meta,
    plan,
    score,
    serve,
    signals,
)

app = typer.Typer(
    name="speciosa",
    help=(
        "Clinical decision support for patients with major depressive disorder who use kratom. "
        "Supports, and does not replace, clinical judgement."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """speciosa: assess, screen, plan, monitor, learn."""


for module in (score, kb, check, plan, signals, meta, evidence, serve, admin, fhir):
    module.register(app)


def main() -> None:
    app()
