"""Who is asking: session lookup, role checks, care-team scoping of patients, request helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from speciosa.adapters.api.settings import Settings
from speciosa.adapters.store.repositories import users
from speciosa.adapters.store.tables import Patient, User
from speciosa.adapters.web import security


class LoginRequiredError(Exception):
    """No valid session: pages redirect to the login page, the API answers 401."""


class AccessDeniedError(Exception):
    """Authenticated but not allowed (403), or the patient is outside the user's scope (404)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def utcnow() -> datetime:
    return datetime.now(UTC)


def settings(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@contextmanager
def tx(request: Request) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error."""
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


def current_user(request: Request) -> User | None:
    if getattr(request.state, "user_loaded", False):
        cached: User | None = request.state.user
        return cached
    token = request.cookies.get(security.SESSION_COOKIE)
    user = None
    if token:
        with tx(request) as s:
            user = users.session_user(s, security.token_hash(token), utcnow())
    request.state.user = user
    request.state.user_loaded = True
    return user


def require(request: Request, *roles: str) -> User:
    user = current_user(request)
    if user is None:
        raise LoginRequiredError()
    if roles and user.role not in roles:
        raise AccessDeniedError(403, f"this page is for: {', '.join(roles)}")
    return user


def visible_patient(session: Session, user: User, patient_id: str) -> Patient:
    """The patient if ``user`` may see them: own care team (clinician) or own record (patient)."""
    patient = session.get(Patient, patient_id)
    allowed = patient is not None and (
        (user.role == "clinician" and user.team_id is not None and patient.team_id == user.team_id)
        or (user.role == "patient" and user.patient_id == patient.id)
    )
    if not allowed or patient is None:
        # 404 rather than 403, so ids of other teams' patients cannot be probed.
        raise AccessDeniedError(404, "no such patient in your care team")
    return patient


def start_session(request: Request, response: Response, user: User) -> None:
    cfg = settings(request)
    token = security.new_token()
    now = utcnow()
    with tx(request) as s:
        users.start_session(
            s, user.id, security.token_hash(token), now, now + timedelta(hours=cfg.session_hours)
        )
    response.set_cookie(
        security.SESSION_COOKIE,
        token,
        max_age=int(cfg.session_hours * 3600),
        httponly=True,
        secure=cfg.cookie_secure,
        samesite="strict",
        path="/",
    )


def end_session(request: Request, response: Response) -> None:
    token = request.cookies.get(security.SESSION_COOKIE)
    if token:
        with tx(request) as s:
            users.end_session(s, security.token_hash(token))
    response.delete_cookie(security.SESSION_COOKIE, path="/")


def csrf_token(request: Request) -> str:
    token: str = request.state.csrf
    return token


async def check_csrf_form(request: Request) -> dict[str, str]:
    """The submitted form, after checking its CSRF field against the CSRF cookie."""
    form = await request.form()
    data = {str(k): str(v) for k, v in form.items() if isinstance(v, str)}
    if not security.csrf_matches(request.cookies.get(security.CSRF_COOKIE), data.get(security.CSRF_FIELD)):
        raise AccessDeniedError(
            403, "the form expired or did not come from this site; reload the page and try again"
        )
    return data


def check_csrf_header(request: Request) -> None:
    if not security.csrf_matches(
        request.cookies.get(security.CSRF_COOKIE), request.headers.get(security.CSRF_HEADER)
    ):
        raise AccessDeniedError(403, f"missing or wrong {security.CSRF_HEADER} header")


CsrfForm = Annotated[dict[str, str], Depends(check_csrf_form)]
"""A route parameter: the submitted form, CSRF-checked. Lets form routes be plain ``def`` (threadpool)."""
