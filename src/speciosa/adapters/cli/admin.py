"""CLI commands: admin (create users, export the audit log)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

admin_app = typer.Typer(name="admin", help="Manage users and export the audit log.", no_args_is_help=True)

_URL = Annotated[
    str | None, typer.Option("--database-url", help="SQLAlchemy URL; else SPECIOSA_DATABASE_URL.")
]


def _sessions(database_url: str | None):  # type: ignore[no-untyped-def]
    from speciosa.adapters.store import db

    try:
        url = db.database_url(database_url)
    except ValueError as exc:
        typer.echo(f"admin: {exc}", err=True)
        raise typer.Exit(2) from exc
    engine = db.make_engine(url)
    db.migrate(engine)
    return db.session_factory(engine)


def _password() -> str:
    """From SPECIOSA_NEW_PASSWORD, else one line of piped stdin, else an interactive prompt."""
    if os.environ.get("SPECIOSA_NEW_PASSWORD"):
        return os.environ["SPECIOSA_NEW_PASSWORD"]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@admin_app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="Login e-mail.")],
    role: Annotated[str, typer.Option(help="admin or clinician (patients join by invitation).")],
    team: Annotated[str, typer.Option(help="Care team of a clinician.")] = "default",
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    database_url: _URL = None,
) -> None:
    """Create an admin or clinician account; the password is read, never passed as an argument."""
    from datetime import UTC, datetime

    from speciosa.adapters.store import db
    from speciosa.adapters.store.repositories import audit, users
    from speciosa.adapters.web.security import hash_password

    if role not in ("admin", "clinician"):
        typer.echo(f"admin: role must be admin or clinician; got {role!r}", err=True)
        raise typer.Exit(2)
    try:
        pw_hash = hash_password(_password())
    except ValueError as exc:
        typer.echo(f"admin: {exc}", err=True)
        raise typer.Exit(2) from exc
    factory = _sessions(database_url)
    now = datetime.now(UTC)
    with db.transaction(factory) as s:
        if users.by_email(s, email):
            typer.echo(f"admin: {email} already has an account", err=True)
            raise typer.Exit(2)
        team_id = users.team(s, team).id if role == "clinician" else None
        u = users.create(
            s,
            email=email,
            role=role,
            password_hash=pw_hash,
            display_name=name or email,
            now=now,
            team_id=team_id,
        )
        audit.record(
            s,
            now=now,
            user=None,
            action="admin",
            entity="user",
            ip="cli",
            detail=f"created user {u.id} ({role}) from the command line",
        )
    typer.echo(f"created {role} {email}")


@admin_app.command("export-audit")
def export_audit(
    out: Annotated[Path | None, typer.Option(help="CSV file to write; default stdout.")] = None,
    database_url: _URL = None,
) -> None:
    """Write the whole audit log as CSV."""
    from speciosa.adapters.store import db
    from speciosa.adapters.store.repositories import audit

    with db.transaction(_sessions(database_url)) as s:
        body = audit.to_csv(audit.events(s))
    if out is None:
        sys.stdout.write(body)
    else:
        out.write_text(body, encoding="utf-8")
        typer.echo(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(admin_app)
