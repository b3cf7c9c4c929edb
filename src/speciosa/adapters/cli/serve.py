"""CLI commands: serve (the web service)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
        database_url: Annotated[
            str | None,
            typer.Option(
                help="SQLAlchemy URL (sqlite:///path or postgresql://...); else SPECIOSA_DATABASE_URL."
            ),
        ] = None,
        demo: Annotated[
            bool,
            typer.Option(help="Seed synthetic demo data (./var/speciosa-demo.db unless a URL is given)."),
        ] = False,
        insecure_cookies: Annotated[
            bool,
            typer.Option(help="Send cookies over plain HTTP (loopback testing only; --demo implies it)."),
        ] = False,
    ) -> None:
        """Serve the API, CDS Hooks and clinician pages; applies database migrations first."""
        import os
        from datetime import UTC, date, datetime

        import uvicorn

        from speciosa.adapters.api.app import create_app
        from speciosa.adapters.api.settings import Settings
        from speciosa.adapters.store import db
        from speciosa.adapters.store.demo import seed
        from speciosa.adapters.web.security import hash_password

        url = database_url or os.environ.get(db.ENV_URL)
        if url is None and demo:
            Path("var").mkdir(exist_ok=True)
            url = db.sqlite_url(Path("var/speciosa-demo.db").resolve())
        if url is None:
            typer.echo(f"serve: give --database-url or set {db.ENV_URL} (or use --demo)", err=True)
            raise typer.Exit(2)
        settings = Settings.from_env(
            database_url=url, demo=demo, cookie_secure=not (demo or insecure_cookies)
        )
        application = create_app(settings)
        if demo:
            with db.transaction(application.state.sessions) as session:
                creds = seed(session, datetime.now(UTC), date.today(), hash_password)
            typer.echo(f"Demo mode: synthetic patients only. Log in at http://{host}:{port}/login")
            typer.echo(f"  clinician: {creds.clinician_email}  password: {creds.clinician_password}")
            typer.echo(f"  admin:     {creds.admin_email}  password: {creds.admin_password}")
        # No access log: request lines carry patient ids; the audit log records who saw what.
        uvicorn.run(application, host=host, port=port, log_level="info", access_log=False)
