"""The three CDS Services: from a validated hook request to cards.

All clinical judgement stays in the core (``speciosa.screen``); this module picks the medications
in play for the hook, calls the screen once, and turns findings into cards.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speciosa.adapters.cdshooks import cards
from speciosa.adapters.cdshooks.chart import Chart, KratomLookup, read_chart
from speciosa.adapters.cdshooks.models import CardsResponse, HookRequest, ServiceDefinition
from speciosa.adapters.fhir import extract
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase


def _require_string(context: Mapping[str, Any], name: str) -> None:
    value = context.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"context.{name}", value, "a non-empty string")


def check_context(hook: str, context: Mapping[str, Any]) -> None:
    """The hook's REQUIRED context fields (CDS Hooks hook library), or InputError naming the field."""
    _require_string(context, "userId")
    _require_string(context, "patientId")
    if hook in ("order-select", "order-sign"):
        draft = context.get("draftOrders")
        if not isinstance(draft, Mapping) or draft.get("resourceType") != "Bundle":
            raise InputError("context.draftOrders", type(draft).__name__, "a FHIR Bundle of draft orders")
    if hook == "order-select":
        selections = context.get("selections")
        if (
            not isinstance(selections, list)
            or not selections
            or not all(isinstance(s, str) for s in selections)
        ):
            raise InputError("context.selections", selections, "a non-empty list of 'Type/id' strings")


def _selected_drafts(hook: str, context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    drafts = extract.medications([context.get("draftOrders")])
    if hook == "order-select":
        wanted = set(context.get("selections") or ())
        drafts = [d for d in drafts if f"{d.get('resourceType')}/{d.get('id')}" in wanted]
    return drafts


def run(
    service: ServiceDefinition,
    request: HookRequest,
    prefetch: Mapping[str, Any],
    kb: KnowledgeBase,
    lookup: KratomLookup | None,
) -> CardsResponse:
    patient_id = str(request.context["patientId"])
    chart: Chart = read_chart(prefetch, patient_id, kb, lookup)
    out = (
        [cards.suicide_risk_card(chart, kb)] if chart.risk_answers and service.hook == "patient-view" else []
    )
    if not chart.kratom_reported:
        return CardsResponse(cards=out)
    if service.hook == "patient-view":
        out += cards.patient_view_cards(chart, kb)
    else:
        drafts = _selected_drafts(service.hook, request.context)
        out += cards.order_cards(chart, drafts, kb)
    return CardsResponse(cards=out)
