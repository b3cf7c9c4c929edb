"""The FastAPI application: JSON API, pages, CDS Hooks and FHIR, one router per area."""

from __future__ import annotations

from fastapi import FastAPI

from speciosa import __version__
from speciosa.adapters.api import problems
from speciosa.adapters.api.routes import assess, health, kb, learn, plan, screen, signals
from speciosa.adapters.cdshooks import routes as cdshooks_routes
from speciosa.adapters.fhir import routes as fhir_routes
from speciosa.adapters.web import pages


def create_app() -> FastAPI:
    app = FastAPI(
        title="speciosa",
        version=__version__,
        description=(
            "Clinical decision support for patients with major depressive disorder who use or ask "
            "about kratom. Supports, and does not replace, clinical judgement."
        ),
    )
    problems.install(app)
    for module in (health, assess, kb, screen, plan, learn, signals):
        app.include_router(module.router)
    app.include_router(cdshooks_routes.router)
    app.include_router(fhir_routes.router)
    app.include_router(pages.router)
    app.include_router(__import__("speciosa.adapters.web.instrument_pages", fromlist=["router"]).router)
    return app
