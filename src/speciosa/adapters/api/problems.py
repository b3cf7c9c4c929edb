"""Every API error is RFC 9457 problem+json; routes raise, this module builds the bodies."""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from speciosa.errors import InputError, SpeciosaError

PROBLEM = "application/problem+json"


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    kind: str = "about:blank",
) -> JSONResponse:
    content: dict[str, Any] = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors is not None:
        content["errors"] = errors
    return JSONResponse(status_code=status, media_type=PROBLEM, content=content)


def _field(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


async def _invalid_input(_: Request, exc: Exception) -> JSONResponse:
    exc = cast(InputError, exc)  # registered for InputError only
    return problem(
        422,
        "Invalid input",
        str(exc),
        [{"field": exc.field, "allowed": exc.allowed}],
        "/problems/invalid-input",
    )


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    exc = cast(RequestValidationError, exc)
    errors = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid input", detail, errors, "/problems/invalid-input")


async def _speciosa(_: Request, exc: Exception) -> JSONResponse:
    return problem(500, "Processing failed", type(exc).__name__, kind="/problems/processing-failed")


async def _http(_: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    return problem(exc.status_code, str(exc.detail), str(exc.detail))


def install(app: FastAPI) -> None:
    app.add_exception_handler(InputError, _invalid_input)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(SpeciosaError, _speciosa)
    app.add_exception_handler(StarletteHTTPException, _http)
