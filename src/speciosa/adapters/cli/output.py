"""How the CLI prints results and errors: JSON on stdout with --json, Rich text otherwise."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console

from speciosa.basis import Result
from speciosa.errors import InputError, SpeciosaError

stdout = Console()
stderr = Console(stderr=True)


def emit(result: Result | dict[str, Any] | list[Any], json_out: bool) -> None:
    """Print a result: its JSON form with ``--json``, else its plain-text summary."""
    if json_out:
        payload = result.to_dict() if isinstance(result, Result) else result
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif isinstance(result, Result):
        stdout.print(result.summary(), highlight=False, markup=False)
    else:
        stdout.print_json(json.dumps(result, ensure_ascii=False))


def fail(exc: SpeciosaError, json_out: bool) -> NoReturn:
    """Report an error on one line and exit: 2 for bad input, 1 for a failed run. Never a traceback."""
    code = 2 if isinstance(exc, InputError) else 1
    if json_out:
        body: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, InputError):
            body |= {"field": exc.field, "allowed": exc.allowed}
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    stderr.print(f"error: {exc}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code=code)
