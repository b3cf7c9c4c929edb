"""Clinician pages, the patient portal and the admin pages (Jinja2, server-rendered).

Routes only load, check access, audit and call the core (``speciosa.assess.score``,
``speciosa.plan.build_care_plan``, the report renderers); no clinical rule lives here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy.orm import Session

from speciosa.adapters.store.repositories import audit, patients, users
from speciosa.adapters.store.tables import Patient, ScaleEntry, User
from speciosa.adapters.web import security
from speciosa.adapters.web.auth import (
    AccessDeniedError,
    CsrfForm,
    LoginRequiredError,
    client_ip,
    current_user,
    end_session,
    require,
    settings,
    start_session,
    tx,
    utcnow,
    visible_patient,
)
from speciosa.assess import InstrumentScore, find_instrument, score
from speciosa.basis import DISCLAIMER, Alert
from speciosa.errors import InputError
from speciosa.grading import AlertLevel
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.instruments import Instrument
from speciosa.patient import KratomProduct, KratomUse, LabName, LabResult, Medication, PatientRecord, Regimen

router = APIRouter(include_in_schema=False)
logger = logging.getLogger(__name__)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

# Self-report instruments offered in the patient portal (ids in knowledge/data/instruments).
PORTAL_INSTRUMENTS = ("phq-9", "gad-7", "sows")
INVITATION_DAYS = 14


@dataclass(frozen=True, slots=True)
class Scored:
    entry: ScaleEntry
    result: InstrumentScore


def install(app: FastAPI) -> None:
    """Exception handlers that turn auth failures into a redirect (pages) or problem+json (API)."""
    from speciosa.adapters.api.problems import problem

    async def _login(request: Request, _: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return problem(401, "Unauthorized", "log in first (session cookie)")
        return RedirectResponse("/login", status_code=303)

    async def _denied(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, AccessDeniedError):  # registered for AccessDeniedError only
            raise exc
        if request.url.path.startswith("/api/"):
            return problem(exc.status, "Forbidden" if exc.status == 403 else "Not found", exc.detail)
        return _render(request, "error.html", {"status": exc.status, "detail": exc.detail}, exc.status)

    app.add_exception_handler(LoginRequiredError, _login)
    app.add_exception_handler(AccessDeniedError, _denied)


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    base = {
        "user": current_user(request),
        "csrf": request.state.csrf,
        "disclaimer": DISCLAIMER,
        "demo": settings(request).demo,
    }
    return templates.TemplateResponse(request, name, base | ctx, status_code=status)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _date(raw: str | None, field: str) -> date:
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InputError(field, raw, "a date as YYYY-MM-DD") from exc


def _float(raw: str | None, field: str) -> float | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise InputError(field, raw, "a number") from exc


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors())


# ── scoring helpers: the core decides, the page only shows ─────────────────────────────────────


def _score(entry: ScaleEntry) -> InstrumentScore:
    return score(
        entry.instrument, entry.answers, load_knowledge(), functional_difficulty=entry.functional_difficulty
    )


def _scored(session: Session, patient_id: str) -> list[Scored]:
    return [Scored(e, _score(e)) for e in patients.scales(session, patient_id)]


def _latest(scored: list[Scored]) -> dict[str, Scored]:
    out: dict[str, Scored] = {}
    for s in scored:  # oldest first, so later entries win
        out[s.entry.instrument] = s
    return out


def _urgent(latest: dict[str, Scored]) -> list[Alert]:
    return [a for s in latest.values() for a in s.result.alerts if a.level is AlertLevel.URGENT]


def _parse_answers(inst: Instrument, data: dict[str, str]) -> tuple[list[int | None], int | None]:
    answers: list[int | None] = []
    for item in inst.items:
        raw = data.get(f"item{item.number}", "").strip()
        if raw == "":
            answers.append(None)
        elif raw.isdigit():
            answers.append(int(raw))
        else:
            raise InputError(f"item {item.number}", raw, ", ".join(str(o.value) for o in item.options))
    fd_raw = data.get("functional_difficulty", "")
    return answers, int(fd_raw) if fd_raw.isdigit() else None


def _instrument(instrument_id: str) -> Instrument:
    try:
        return find_instrument(load_knowledge(), instrument_id)
    except InputError as exc:
        raise AccessDeniedError(404, f"unknown instrument {instrument_id!r}") from exc


def _chart(scored: list[Scored]) -> list[dict[str, Any]]:
    """Points of each instrument's total over time, scaled into a 300x100 SVG box."""
    charts = []
    for inst in sorted({s.entry.instrument for s in scored}):
        pts = [s for s in scored if s.entry.instrument == inst and s.result.total is not None]
        if not pts:
            continue
        top = pts[0].result.total_max or 1
        n = len(pts)
        coords = [
            (20 + (280 * i / (n - 1) if n > 1 else 140), 95 - 90 * (s.result.total or 0) / top)
            for i, s in enumerate(pts)
        ]
        charts.append(
            {
                "instrument": pts[0].result.instrument_name,
                "max": top,
                "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
                "dots": [(x, y, s) for (x, y), s in zip(coords, pts, strict=True)],
            }
        )
    return charts


def _plan(record: PatientRecord) -> tuple[Any, str | None]:
    """The care plan from speciosa.plan, or None and why it could not be built (shown, never hidden)."""
    try:
        from speciosa.plan.care_plan import build_care_plan

        return build_care_plan(record, load_knowledge(), date.today()), None
    except Exception as exc:
        # Only the exception type is logged: messages may quote record values.
        logger.error("care plan failed: %s", type(exc).__name__)
        return (
            None,
            f"The care plan could not be built ({type(exc).__name__}); the findings below still apply.",
        )


def _screen(record: PatientRecord) -> tuple[Any, str | None]:
    """Kratom x medication/condition findings from speciosa.screen.screen, or None and why not."""
    try:
        from speciosa.screen import screen

        return screen(record.kratom, record.medications, record.conditions, load_knowledge()), None
    except Exception as exc:
        logger.error("interaction screen failed: %s", type(exc).__name__)
        return (
            None,
            f"The interaction screen could not run ({type(exc).__name__}); check interactions by hand.",
        )


# ── login / logout ─────────────────────────────────────────────────────────────────────────────


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        return _see_other("/login")
    return _see_other({"admin": "/admin/users", "clinician": "/patients", "patient": "/portal"}[user.role])


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _render(request, "login.html", {"error": None, "email": ""})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, data: CsrfForm) -> Response:
    email = data.get("email", "").strip().lower()
    ip = client_ip(request)
    throttle: security.LoginThrottle = request.app.state.throttle
    if throttle.blocked(email, ip):
        with tx(request) as s:
            audit.record(s, now=utcnow(), user=None, action="login-blocked", entity="session", ip=ip)
        return _render(
            request,
            "login.html",
            {"error": "Too many failed attempts; try again later.", "email": email},
            429,
        )
    with tx(request) as s:
        user = users.by_email(s, email)
        ok = security.verify_password(user.password_hash if user else None, data.get("password", ""))
        ok = ok and user is not None and user.active
        audit.record(
            s,
            now=utcnow(),
            user=user if ok else None,
            action="login" if ok else "login-failed",
            entity="session",
            ip=ip,
        )
    if not ok or user is None:
        throttle.failed(email, ip)
        return _render(request, "login.html", {"error": "Wrong e-mail or password.", "email": email}, 401)
    throttle.succeeded(email, ip)
    response = _see_other("/")
    start_session(request, response, user)
    return response


@router.post("/logout")
def logout(request: Request, _csrf: CsrfForm) -> Response:
    user = current_user(request)
    response = _see_other("/login")
    end_session(request, response)
    with tx(request) as s:
        audit.record(s, now=utcnow(), user=user, action="logout", entity="session", ip=client_ip(request))
    return response


# ── clinician: patient list and patient page ───────────────────────────────────────────────────


@router.get("/patients", response_class=HTMLResponse)
def patient_list(request: Request) -> HTMLResponse:
    user = require(request, "clinician")
    rows = []
    with tx(request) as s:
        for p in patients.for_team(s, user.team_id or -1):
            latest = _latest(_scored(s, p.id))
            kratom = patients.kratom(s, p.id)
            rows.append(
                {
                    "patient": p,
                    "latest": latest,
                    "urgent": _urgent(latest),
                    "kratom": kratom[-1] if kratom else None,
                }
            )
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="read",
            entity="patient-list",
            ip=client_ip(request),
            detail=f"{len(rows)} patients",
        )
    return _render(request, "patients.html", {"rows": rows})


@router.get("/patients/new", response_class=HTMLResponse)
def new_patient_form(request: Request) -> HTMLResponse:
    require(request, "clinician")
    return _render(request, "patient_new.html", {"error": None, "form": {}})


@router.post("/patients/new", response_class=HTMLResponse)
def new_patient(request: Request, data: CsrfForm) -> Response:
    user = require(request, "clinician")
    try:
        label = data.get("label", "").strip()
        if not 1 <= len(label) <= 200:
            raise InputError("label", label, "1 to 200 characters")
        age_raw = data.get("age_years", "")
        if not age_raw.isdigit() or int(age_raw) > 120:
            raise InputError("age_years", age_raw, "a whole number 0-120")
        sex = data.get("sex", "")
        if sex not in ("female", "male", "unknown"):
            raise InputError("sex", sex, "female, male, unknown")
    except InputError as exc:
        return _render(request, "patient_new.html", {"error": str(exc), "form": data}, 422)
    with tx(request) as s:
        p = patients.create(
            s,
            team_id=user.team_id or -1,
            label=label,
            age_years=int(age_raw),
            sex=sex,
            now=utcnow(),
            pregnant=data.get("pregnant") == "on",
            breastfeeding=data.get("breastfeeding") == "on",
        )
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="write",
            entity="patient",
            patient_id=p.id,
            ip=client_ip(request),
        )
    return _see_other(f"/patients/{p.id}")


def _patient_view(
    request: Request,
    user: User,
    patient_id: str,
    error: str | None = None,
    status: int = 200,
    invite_link: str | None = None,
) -> HTMLResponse:
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
        scored = _scored(s, p.id)
        record = patients.record(s, p)
        ctx = {
            "patient": p,
            "scored": list(reversed(scored)),
            "latest": _latest(scored),
            "medications": patients.medications(s, p.id),
            "kratom": patients.kratom(s, p.id),
            "labs": patients.labs(s, p.id),
        }
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="read",
            entity="patient",
            patient_id=p.id,
            ip=client_ip(request),
        )
    plan, plan_error = _plan(record)
    screened, screen_error = _screen(record)
    kb = load_knowledge()
    ctx |= {
        "screen": screened,
        "screen_error": screen_error,
        "urgent": _urgent(ctx["latest"]),  # type: ignore[arg-type]
        "charts": _chart(scored),
        "plan": plan,
        "plan_error": plan_error,
        "error": error,
        "invite_link": invite_link,
        "instruments": kb.instruments,
        "products": list(KratomProduct),
        "regimens": list(Regimen),
        "lab_names": list(LabName),
        "today": date.today().isoformat(),
    }
    return _render(request, "patient.html", ctx, status)


@router.get("/patients/{patient_id}", response_class=HTMLResponse)
def patient_page(request: Request, patient_id: str) -> HTMLResponse:
    return _patient_view(request, require(request, "clinician"), patient_id)


def _scope(request: Request, user: User, patient_id: str) -> None:
    """Refuse before reading the form, so an out-of-scope request learns nothing from validation."""
    with tx(request) as s:
        visible_patient(s, user, patient_id)


def _write(request: Request, user: User, patient_id: str, entity: str, action: Any) -> None:
    """Check scope, write and audit in one transaction."""
    with tx(request) as s:
        visible_patient(s, user, patient_id)
        action(s)
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="write",
            entity=entity,
            patient_id=patient_id,
            ip=client_ip(request),
        )


@router.post("/patients/{patient_id}/medications", response_class=HTMLResponse)
def add_medication(request: Request, patient_id: str, data: CsrfForm) -> Response:
    user = require(request, "clinician")
    _scope(request, user, patient_id)
    try:
        med = Medication(
            name=data.get("name", "").strip(),
            dose_mg=_float(data.get("dose_mg"), "dose_mg"),
            doses_per_day=_float(data.get("doses_per_day"), "doses_per_day"),
            started_on=_date(data.get("started_on"), "started_on") if data.get("started_on") else None,
        )
    except (InputError, ValidationError) as exc:
        msg = _validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
        return _patient_view(request, user, patient_id, f"Medication not saved: {msg}", 422)
    _write(
        request,
        user,
        patient_id,
        "medication",
        lambda s: patients.add_medication(s, patient_id=patient_id, med=med, user_id=user.id, now=utcnow()),
    )
    return _see_other(f"/patients/{patient_id}#medications")


@router.post("/patients/{patient_id}/kratom", response_class=HTMLResponse)
def add_kratom(request: Request, patient_id: str, data: CsrfForm) -> Response:
    user = require(request, "clinician")
    _scope(request, user, patient_id)
    try:
        on = _date(data.get("recorded_on"), "recorded_on")
        use = KratomUse.model_validate(
            {
                "product": data.get("product", ""),
                "grams_per_dose": _float(data.get("grams_per_dose"), "grams_per_dose"),
                "extract_mg_per_dose": _float(data.get("extract_mg_per_dose"), "extract_mg_per_dose"),
                "doses_per_day": _float(data.get("doses_per_day"), "doses_per_day"),
                "regimen": data.get("regimen") or "chronic",
                "recorded_on": on,
            }
        )
    except (InputError, ValidationError) as exc:
        msg = _validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
        return _patient_view(request, user, patient_id, f"Kratom use not saved: {msg}", 422)
    _write(
        request,
        user,
        patient_id,
        "kratom-use",
        lambda s: patients.add_kratom(
            s, patient_id=patient_id, use=use, recorded_on=on, user_id=user.id, now=utcnow()
        ),
    )
    return _see_other(f"/patients/{patient_id}#kratom")


@router.post("/patients/{patient_id}/labs", response_class=HTMLResponse)
def add_lab(request: Request, patient_id: str, data: CsrfForm) -> Response:
    user = require(request, "clinician")
    _scope(request, user, patient_id)
    fields = {"alt": "alt_u_per_l", "ast": "ast_u_per_l", "bilirubin": "bilirubin_mg_per_dl", "qtc": "qtc_ms"}
    try:
        name = data.get("name", "")
        if name not in fields:
            raise InputError("name", name, ", ".join(fields))
        lab = LabResult.model_validate(
            {
                "name": name,
                "on": _date(data.get("on"), "on"),
                fields[name]: _float(data.get("value"), "value"),
                "uln": _float(data.get("uln"), "uln"),
            }
        )
    except (InputError, ValidationError) as exc:
        msg = _validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
        return _patient_view(request, user, patient_id, f"Lab result not saved: {msg}", 422)
    _write(
        request,
        user,
        patient_id,
        "lab",
        lambda s: patients.add_lab(s, patient_id=patient_id, lab=lab, user_id=user.id, now=utcnow()),
    )
    return _see_other(f"/patients/{patient_id}#labs")


def _scale_form(
    request: Request,
    inst: Instrument,
    action: str,
    error: str | None,
    chosen: dict[str, str],
    status: int = 200,
    result: InstrumentScore | None = None,
    patient: Patient | None = None,
) -> HTMLResponse:
    return _render(
        request,
        "scale_form.html",
        {
            "inst": inst,
            "action": action,
            "error": error,
            "chosen": chosen,
            "result": result,
            "patient": patient,
            "today": date.today().isoformat(),
        },
        status,
    )


@router.get("/patients/{patient_id}/scales/{instrument_id}", response_class=HTMLResponse)
def scale_form(request: Request, patient_id: str, instrument_id: str) -> HTMLResponse:
    user = require(request, "clinician")
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
    inst = _instrument(instrument_id)
    return _scale_form(request, inst, f"/patients/{patient_id}/scales/{inst.id}", None, {}, patient=p)


def _save_scale(
    request: Request,
    user: User,
    patient_id: str,
    inst: Instrument,
    source: str,
    action: str,
    data: dict[str, str],
) -> tuple[InstrumentScore | None, HTMLResponse | None]:
    try:
        answers, fd = _parse_answers(inst, data)
        on = _date(data.get("on"), "on")
        result = score(inst.id, answers, load_knowledge(), functional_difficulty=fd)  # validates answers
    except InputError as exc:
        return None, _scale_form(request, inst, action, str(exc), data, 422)
    _write(
        request,
        user,
        patient_id,
        f"scale:{inst.id}",
        lambda s: patients.add_scale(
            s,
            patient_id=patient_id,
            instrument=inst.id,
            on=on,
            answers=answers,
            source=source,
            user_id=user.id,
            now=utcnow(),
            functional_difficulty=fd,
        ),
    )
    return result, None


@router.post("/patients/{patient_id}/scales/{instrument_id}", response_class=HTMLResponse)
def record_scale(request: Request, patient_id: str, instrument_id: str, data: CsrfForm) -> Response:
    user = require(request, "clinician")
    _scope(request, user, patient_id)
    inst = _instrument(instrument_id)
    _, failed = _save_scale(request, user, patient_id, inst, "clinician", request.url.path, data)
    return failed or _see_other(f"/patients/{patient_id}#scores")


@router.post("/patients/{patient_id}/invitations", response_class=HTMLResponse)
def invite(request: Request, patient_id: str, _csrf: CsrfForm) -> HTMLResponse:
    user = require(request, "clinician")
    _scope(request, user, patient_id)
    token = security.new_token()
    now = utcnow()
    _write(
        request,
        user,
        patient_id,
        "invitation",
        lambda s: users.invite(
            s,
            token_hash=security.token_hash(token),
            patient_id=patient_id,
            created_by=user.id,
            now=now,
            expires=now + timedelta(days=INVITATION_DAYS),
        ),
    )
    link = str(request.base_url).rstrip("/") + f"/invite/{token}"
    return _patient_view(request, user, patient_id, invite_link=link)


def _plan_for(request: Request, user: User, patient_id: str, what: str) -> tuple[Any, Patient]:
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
        record = patients.record(s, p)
        audit.record(
            s, now=utcnow(), user=user, action="read", entity=what, patient_id=p.id, ip=client_ip(request)
        )
    plan, why = _plan(record)
    if plan is None:
        raise AccessDeniedError(503, why or "care plan unavailable")  # the page says why; no partial report
    return plan, p


@router.get("/patients/{patient_id}/plan.pdf")
def plan_pdf(request: Request, patient_id: str) -> Response:
    plan, p = _plan_for(request, require(request, "clinician"), patient_id, "plan-pdf")
    from speciosa.adapters.report.pdf import render_pdf

    return Response(
        render_pdf(plan, load_knowledge()),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="care-plan-{p.id}.pdf"'},
    )


@router.get("/patients/{patient_id}/plan.html", response_class=HTMLResponse)
def plan_html(request: Request, patient_id: str) -> HTMLResponse:
    plan, _ = _plan_for(request, require(request, "clinician"), patient_id, "plan-html")
    from speciosa.adapters.report.html import render_html

    return HTMLResponse(render_html(plan, load_knowledge()))


# ── patient portal ─────────────────────────────────────────────────────────────────────────────


@router.get("/invite/{token}", response_class=HTMLResponse)
def invitation_form(request: Request, token: str) -> HTMLResponse:
    with tx(request) as s:
        ok = users.open_invitation(s, security.token_hash(token), utcnow()) is not None
    if not ok:
        raise AccessDeniedError(
            404, "this invitation link is unknown, used or expired; ask your care team for a new one"
        )
    return _render(request, "invite.html", {"error": None, "token": token})


@router.post("/invite/{token}", response_class=HTMLResponse)
def accept_invitation(request: Request, token: str, data: CsrfForm) -> Response:
    with tx(request) as s:
        if users.open_invitation(s, security.token_hash(token), utcnow()) is None:
            raise AccessDeniedError(404, "this invitation link is unknown, used or expired")
    email = data.get("email", "").strip().lower()
    password = data.get("password", "")
    try:
        if "@" not in email or len(email) > 320:
            raise InputError("email", email, "an e-mail address")
        pw_hash = security.hash_password(password)
    except (InputError, ValueError) as exc:
        return _render(request, "invite.html", {"error": str(exc), "token": token}, 422)
    now = utcnow()
    with tx(request) as s:
        inv = users.open_invitation(s, security.token_hash(token), now)
        if inv is None:
            raise AccessDeniedError(404, "this invitation link is unknown, used or expired")
        if users.by_email(s, email) is not None:
            return _render(
                request,
                "invite.html",
                {"error": "That e-mail already has an account; log in.", "token": token},
                409,
            )
        user = users.create(
            s,
            email=email,
            role="patient",
            password_hash=pw_hash,
            display_name=email,
            now=now,
            patient_id=inv.patient_id,
        )
        inv.used_at = now
        audit.record(
            s,
            now=now,
            user=user,
            action="write",
            entity="patient-account",
            patient_id=inv.patient_id,
            ip=client_ip(request),
        )
    response = _see_other("/portal")
    start_session(request, response, user)
    return response


@router.get("/portal", response_class=HTMLResponse)
def portal(request: Request) -> HTMLResponse:
    user = require(request, "patient")
    with tx(request) as s:
        p = visible_patient(s, user, user.patient_id or "")
        scored = _scored(s, p.id)
        audit.record(
            s, now=utcnow(), user=user, action="read", entity="portal", patient_id=p.id, ip=client_ip(request)
        )
    kb = load_knowledge()
    offered = [i for i in kb.instruments if i.id in PORTAL_INSTRUMENTS]
    return _render(request, "portal.html", {"scored": list(reversed(scored)), "offered": offered})


@router.get("/portal/scales/{instrument_id}", response_class=HTMLResponse)
def portal_scale_form(request: Request, instrument_id: str) -> HTMLResponse:
    require(request, "patient")
    if instrument_id not in PORTAL_INSTRUMENTS:
        raise AccessDeniedError(404, "this questionnaire is not offered in the portal")
    inst = _instrument(instrument_id)
    return _scale_form(request, inst, f"/portal/scales/{inst.id}", None, {})


@router.post("/portal/scales/{instrument_id}", response_class=HTMLResponse)
def portal_scale(request: Request, instrument_id: str, data: CsrfForm) -> Response:
    user = require(request, "patient")
    if instrument_id not in PORTAL_INSTRUMENTS:
        raise AccessDeniedError(404, "this questionnaire is not offered in the portal")
    inst = _instrument(instrument_id)
    result, failed = _save_scale(
        request, user, user.patient_id or "", inst, "patient", request.url.path, data
    )
    if failed:
        return failed
    return _render(request, "portal_done.html", {"result": result, "inst": inst})


# ── admin ──────────────────────────────────────────────────────────────────────────────────────


@router.get("/admin/users", response_class=HTMLResponse)
def admin_users(request: Request) -> HTMLResponse:
    require(request, "admin")
    return _admin_users_page(request, None, 200)


def _admin_users_page(request: Request, error: str | None, status: int) -> HTMLResponse:
    with tx(request) as s:
        rows = [(u, u.team_id) for u in users.all_users(s)]
        team_names = {t.id: t.name for t in users.teams(s)}
    return _render(request, "admin_users.html", {"rows": rows, "teams": team_names, "error": error}, status)


@router.post("/admin/users", response_class=HTMLResponse)
def admin_create_user(request: Request, data: CsrfForm) -> Response:
    admin = require(request, "admin")
    role = data.get("role", "")
    email = data.get("email", "").strip().lower()
    try:
        if role not in ("admin", "clinician"):
            raise InputError("role", role, "admin, clinician (patients join by invitation)")
        if "@" not in email:
            raise InputError("email", email, "an e-mail address")
        pw_hash = security.hash_password(data.get("password", ""))
    except (InputError, ValueError) as exc:
        return _admin_users_page(request, str(exc), 422)
    with tx(request) as s:
        if users.by_email(s, email):
            return _admin_users_page(request, "That e-mail already has an account.", 409)
        team_id = users.team(s, data.get("team") or "default").id if role == "clinician" else None
        u = users.create(
            s,
            email=email,
            role=role,
            password_hash=pw_hash,
            display_name=data.get("display_name") or email,
            now=utcnow(),
            team_id=team_id,
        )
        audit.record(
            s,
            now=utcnow(),
            user=admin,
            action="admin",
            entity="user",
            ip=client_ip(request),
            detail=f"created user {u.id} ({role})",
        )
    return _see_other("/admin/users")


@router.post("/admin/users/{user_id}/deactivate")
def admin_deactivate(request: Request, user_id: int, _csrf: CsrfForm) -> Response:
    admin = require(request, "admin")
    with tx(request) as s:
        u = users.get(s, user_id)
        if u is None:
            raise AccessDeniedError(404, "no such user")
        u.active = False
        users.end_all_sessions(s, u.id)
        audit.record(
            s,
            now=utcnow(),
            user=admin,
            action="admin",
            entity="user",
            ip=client_ip(request),
            detail=f"deactivated user {u.id}",
        )
    return _see_other("/admin/users")


@router.get("/admin/audit", response_class=HTMLResponse)
def admin_audit(request: Request) -> HTMLResponse:
    require(request, "admin")
    with tx(request) as s:
        rows = audit.events(s, limit=500)
    return _render(request, "admin_audit.html", {"rows": rows})


@router.get("/admin/audit.csv")
def admin_audit_csv(request: Request) -> PlainTextResponse:
    admin = require(request, "admin")
    with tx(request) as s:
        body = audit.to_csv(audit.events(s))
        audit.record(
            s, now=utcnow(), user=admin, action="admin", entity="audit-export", ip=client_ip(request)
        )
    return PlainTextResponse(
        body, media_type="text/csv", headers={"Content-Disposition": 'attachment; filename="audit.csv"'}
    )


# ── evidence summaries (no patient data) ───────────────────────────────────────────────────────


@router.get("/evidence", response_class=HTMLResponse)
def evidence_page(request: Request) -> HTMLResponse:
    """What is known about kratom for each question, how certain, and from which studies."""
    from speciosa.adapters.evidence_import.store import evidence_with_overlay, queue_dir
    from speciosa.learn.certainty import load_grade_rules
    from speciosa.learn.evidence import summarise_all

    require(request, "clinician", "admin")
    records, overlay_ids, version = evidence_with_overlay(queue_dir(None, required=False))
    summaries = summarise_all(records, load_grade_rules(), version, overlay_ids)
    return _render(request, "evidence.html", {"summaries": summaries, "knowledge_version": version})
