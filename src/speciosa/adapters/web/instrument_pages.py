"""Minimal HTML pages to fill in any instrument and see its score and alerts.

Calls the same core ``score`` function as the CLI and API. The clinician web app will absorb these
pages; until then they are mounted at ``/assess/instruments``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from speciosa.assess.instruments import find_instrument, score
from speciosa.basis import DISCLAIMER
from speciosa.errors import InputError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.instruments import Instrument

router = APIRouter(prefix="/assess/instruments", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _instrument(instrument_id: str) -> Instrument:
    try:
        return find_instrument(load_knowledge(), instrument_id)
    except InputError as exc:
        raise HTTPException(status_code=404, detail=f"Unknown instrument {instrument_id!r}") from exc


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "instruments/index.html",
        {"instruments": load_knowledge().instruments, "disclaimer": DISCLAIMER},
    )


@router.get("/{instrument_id}", response_class=HTMLResponse)
def form(request: Request, instrument_id: str) -> HTMLResponse:
    inst = _instrument(instrument_id)
    return templates.TemplateResponse(
        request,
        "instruments/form.html",
        {"inst": inst, "result": None, "error": None, "chosen": {}, "disclaimer": DISCLAIMER},
    )


@router.post("/{instrument_id}", response_class=HTMLResponse)
async def submit(request: Request, instrument_id: str) -> HTMLResponse:
    inst = _instrument(instrument_id)
    data = await request.form()
    chosen = {str(k): str(v) for k, v in data.items()}
    answers: list[int | None] = []
    error: str | None = None
    result = None
    try:
        for item in inst.items:
            raw = chosen.get(f"item{item.number}", "").strip()
            if raw == "":
                answers.append(None)
            elif raw.lstrip("-").isdigit():
                answers.append(int(raw))
            else:
                raise InputError(f"item {item.number}", raw, ", ".join(str(v) for v in item.values))
        sex = chosen.get("sex") or None
        fd_raw = chosen.get("functional_difficulty", "")
        fd = int(fd_raw) if fd_raw.isdigit() else None
        result = score(inst.id, answers, load_knowledge(), sex=sex, functional_difficulty=fd)
    except InputError as exc:
        error = str(exc)
    status = 422 if error else 200
    return templates.TemplateResponse(
        request,
        "instruments/form.html",
        {"inst": inst, "result": result, "error": error, "chosen": chosen, "disclaimer": DISCLAIMER},
        status_code=status,
    )
