"""Error bodies for CDS Hooks: a FHIR OperationOutcome, as the specification recommends."""

from __future__ import annotations

from fastapi.responses import JSONResponse


def operation_outcome(status: int, code: str, text: str, expression: str | None = None) -> JSONResponse:
    issue: dict[str, object] = {"severity": "error", "code": code, "details": {"text": text}}
    if expression:
        issue["expression"] = [expression]
    return JSONResponse(
        status_code=status,
        content={"resourceType": "OperationOutcome", "issue": [issue]},
    )
