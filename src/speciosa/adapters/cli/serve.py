"""CLI commands: serve (the web service)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
        demo: Annotated[bool, typer.Option(help="Seed synthetic demo data.")] = False,
    ) -> None:
        """Serve the API, CDS Hooks and clinician pages."""
        import uvicorn

        from speciosa.adapters.api.app import create_app

        del demo
        uvicorn.run(create_app(), host=host, port=port, log_level="info")
