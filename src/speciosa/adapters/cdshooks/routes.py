"""CDS Hooks 2.0 HTTP endpoints: discovery, the three services, feedback.

Bad requests get a 400 OperationOutcome naming the field, never a 500; a FHIR server that cannot
be reached gives the specification's 412.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from speciosa.adapters.cdshooks.discovery import BY_ID, discovery
from speciosa.adapters.cdshooks.fhir_client import FhirUnavailableError, fill_prefetch
from speciosa.adapters.cdshooks.models import Discovery, FeedbackRequest, HookRequest
from speciosa.adapters.cdshooks.outcome import operation_outcome
from speciosa.adapters.cdshooks.services import check_context, run
from speciosa.errors import InputError
from speciosa.knowledge import load_knowledge

log = logging.getLogger(__name__)

router = APIRouter(tags=["cds-hooks"])

#: Where feedback goes; the application replaces it with a store-backed sink.
FeedbackSink = Callable[[str, dict[str, Any]], None]


def _first_error(exc: ValidationError) -> tuple[str, str]:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error.get("loc", ())) or "body"
    return field, str(error.get("msg", "invalid"))


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        raise InputError("body", "", "a JSON object")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError("body", "not JSON", "a JSON object") from exc


@router.get("/cds-services", response_model=Discovery, response_model_exclude_none=True)
def list_services() -> Discovery:
    """CDS Hooks discovery: the services speciosa offers and their prefetch templates."""
    return discovery()


@router.post(
    "/cds-services/{service_id}",
    responses={
        400: {"description": "Bad request (OperationOutcome)"},
        404: {"description": "Unknown service"},
        412: {"description": "FHIR data unavailable (OperationOutcome)"},
    },
)
async def call_service(service_id: str, request: Request) -> JSONResponse:
    """Run one CDS Service on a hook request and return its cards."""
    service = BY_ID.get(service_id)
    if service is None:
        return operation_outcome(
            404, "not-found", f"unknown CDS service {service_id!r}; known: {sorted(BY_ID)}"
        )
    try:
        body = await _json_body(request)
        hook_request = HookRequest.model_validate(body)
        if hook_request.hook != service.hook:
            raise InputError("hook", hook_request.hook, f"{service.hook!r} for service {service.id}")
        check_context(service.hook, hook_request.context)
    except ValidationError as exc:
        field, message = _first_error(exc)
        return operation_outcome(400, "invalid", f"{field}: {message}", field)
    except InputError as exc:
        return operation_outcome(400, "invalid", str(exc), exc.field)
    try:
        prefetch = await fill_prefetch(hook_request, service.prefetch)
    except FhirUnavailableError as exc:
        return operation_outcome(412, "processing", str(exc))
    lookup = getattr(request.app.state, "kratom_lookup", None)
    try:
        response = run(service, hook_request, prefetch, load_knowledge(), lookup)
    except InputError as exc:
        return operation_outcome(400, "invalid", str(exc), exc.field)
    return JSONResponse(response.model_dump(mode="json", exclude_none=True))


@router.post("/cds-services/{service_id}/feedback", responses={400: {"description": "Bad feedback"}})
async def feedback(service_id: str, request: Request) -> JSONResponse:
    """Record what the clinician did with our cards (accepted, overridden and why)."""
    if service_id not in BY_ID:
        return operation_outcome(404, "not-found", f"unknown CDS service {service_id!r}")
    try:
        parsed = FeedbackRequest.model_validate(await _json_body(request))
    except ValidationError as exc:
        field, message = _first_error(exc)
        return operation_outcome(400, "invalid", f"{field}: {message}", field)
    except InputError as exc:
        return operation_outcome(400, "invalid", str(exc), exc.field)
    sink: FeedbackSink | None = getattr(request.app.state, "cds_feedback_sink", None)
    for item in parsed.feedback:
        record = item.model_dump(mode="json", exclude_none=True)
        if sink is not None:
            sink(service_id, record)
        log.info("cds feedback: service=%s outcome=%s", service_id, item.outcome)
    return JSONResponse({"received": len(parsed.feedback)})
