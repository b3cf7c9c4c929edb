"""Liveness and version."""

from __future__ import annotations

from fastapi import APIRouter

from speciosa import __version__
from speciosa.knowledge import load_knowledge

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__, "knowledge_version": load_knowledge().version_label}
