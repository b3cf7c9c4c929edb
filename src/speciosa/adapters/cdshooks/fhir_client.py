"""Fetches what the CDS Client did not prefetch, from its FHIR server with the token it gave us."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from speciosa.adapters.cdshooks.models import HookRequest

log = logging.getLogger(__name__)

TIMEOUT_S = 3.0


class FhirUnavailableError(Exception):
    """The FHIR server could not be reached or refused us; the hook answers 412."""


def _render(template: str, context: dict[str, Any]) -> str:
    out = template
    for key, value in context.items():
        if isinstance(value, str):
            out = out.replace("{{context." + key + "}}", value)
    return out


async def fill_prefetch(request: HookRequest, templates: dict[str, str]) -> dict[str, Any]:
    """The prefetch dict with every missing key fetched from ``request.fhirServer``.

    Keys the client already supplied are kept as they are; without a fhirServer nothing is fetched.
    """
    prefetch = dict(request.prefetch or {})
    missing = {key: tpl for key, tpl in templates.items() if prefetch.get(key) is None}
    if not missing or not request.fhirServer:
        return prefetch
    headers = {"Accept": "application/fhir+json"}
    if request.fhirAuthorization is not None:
        auth = request.fhirAuthorization
        headers["Authorization"] = f"{auth.token_type or 'Bearer'} {auth.access_token}"
    base = request.fhirServer.rstrip("/")
    async with httpx.AsyncClient(timeout=TIMEOUT_S, headers=headers) as client:
        for key, template in missing.items():
            url = f"{base}/{_render(template, request.context)}"
            try:
                response = await client.get(url)
            except httpx.HTTPError as exc:
                log.warning("fhir fetch failed: key=%s error=%s", key, type(exc).__name__)
                raise FhirUnavailableError(f"FHIR server unreachable for prefetch key {key!r}") from exc
            if response.status_code == 404:
                prefetch[key] = None
                continue
            if response.status_code >= 400:
                log.warning("fhir fetch refused: key=%s status=%s", key, response.status_code)
                raise FhirUnavailableError(
                    f"FHIR server answered {response.status_code} for prefetch key {key!r}"
                )
            try:
                prefetch[key] = response.json()
            except ValueError as exc:
                raise FhirUnavailableError(f"FHIR server sent non-JSON for prefetch key {key!r}") from exc
    return prefetch
