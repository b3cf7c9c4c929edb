"""The FastAPI application: JSON API, pages, CDS Hooks and FHIR, one router per area."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.pool import StaticPool

from speciosa import __version__
from speciosa.adapters.api import problems
from speciosa.adapters.api.routes import assess, health, kb, learn, patients, plan, screen, signals
from speciosa.adapters.api.settings import Settings
from speciosa.adapters.cdshooks import routes as cdshooks_routes
from speciosa.adapters.cdshooks import store_bridge
from speciosa.adapters.fhir import routes as fhir_routes
from speciosa.adapters.store import db
from speciosa.adapters.web import instrument_pages, pages, security
from speciosa.knowledge import load_knowledge

STATIC = Path(__file__).parent.parent / "web" / "static"


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.database_url is None:
        # A private in-memory database shared by every thread of this process (tests, API-only use).
        from sqlalchemy import create_engine

        return create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    return db.make_engine(settings.database_url)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; applies database migrations before returning.

    ``settings`` defaults to :meth:`Settings.from_env` (``SPECIOSA_DATABASE_URL`` etc.).
    """
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="speciosa",
        version=__version__,
        description=(
            "Clinical decision support for patients with major depressive disorder who use or ask "
            "about kratom. Supports, and does not replace, clinical judgement."
        ),
    )
    engine = _engine(settings)
    db.migrate(engine)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = db.session_factory(engine)
    app.state.throttle = security.LoginThrottle(settings.login_max_failures, settings.login_window_seconds)

    @app.middleware("http")
    async def _csrf_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Double-submit CSRF token: a random cookie that every form and API write must echo back.
        existing = request.cookies.get(security.CSRF_COOKIE)
        request.state.csrf = existing or security.new_token()
        response = await call_next(request)
        if not existing:
            response.set_cookie(
                security.CSRF_COOKIE,
                request.state.csrf,
                httponly=True,
                secure=settings.cookie_secure,
                samesite="strict",
                path="/",
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path.startswith(("/patients", "/portal", "/admin", "/api/v1/patients")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    problems.install(app)
    pages.install(app)
    for module in (health, assess, kb, screen, plan, learn, signals, patients):
        app.include_router(module.router)
    app.include_router(cdshooks_routes.router)
    store_bridge.install(app)
    app.include_router(fhir_routes.router)
    app.include_router(pages.router)
    app.include_router(instrument_pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    # Load and validate the knowledge base now, not on the first clinical request, and move it (and
    # everything else built at start-up) out of the garbage collector's view: it is immutable for
    # the life of the process, and rescanning it caused the tail latency of CDS Hooks responses.
    load_knowledge()
    gc.freeze()
    return app
