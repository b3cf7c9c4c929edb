"""Care teams, user accounts, login sessions and patient invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from speciosa.adapters.store.tables import CareTeam, Invitation, User, WebSession

ROLES = ("admin", "clinician", "patient")


def team(session: Session, name: str) -> CareTeam:
    """The care team called ``name``, created if it does not exist."""
    found = session.scalars(select(CareTeam).where(CareTeam.name == name)).first()
    if found is None:
        found = CareTeam(name=name)
        session.add(found)
        session.flush()
    return found


def teams(session: Session) -> Sequence[CareTeam]:
    return session.scalars(select(CareTeam).order_by(CareTeam.name)).all()


def create(
    session: Session,
    *,
    email: str,
    role: str,
    password_hash: str,
    display_name: str,
    now: datetime,
    team_id: int | None = None,
    patient_id: str | None = None,
) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    user = User(
        email=email.strip().lower(),
        role=role,
        password_hash=password_hash,
        display_name=display_name,
        team_id=team_id,
        patient_id=patient_id,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.id)).all()


def start_session(session: Session, user_id: int, token_hash: str, now: datetime, expires: datetime) -> None:
    session.add(WebSession(token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires))


def session_user(session: Session, token_hash: str, now: datetime) -> User | None:
    """The active user behind a session token, or None if unknown, expired or deactivated."""
    row = session.get(WebSession, token_hash)
    if row is None or _aware(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, token_hash: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def end_all_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def invite(
    session: Session, *, token_hash: str, patient_id: str, created_by: int, now: datetime, expires: datetime
) -> Invitation:
    inv = Invitation(
        token_hash=token_hash,
        patient_id=patient_id,
        created_by=created_by,
        created_at=now,
        expires_at=expires,
    )
    session.add(inv)
    session.flush()
    return inv


def open_invitation(session: Session, token_hash: str, now: datetime) -> Invitation | None:
    """An unused, unexpired invitation."""
    inv = session.get(Invitation, token_hash)
    if inv is None or inv.used_at is not None or _aware(inv.expires_at) <= now:
        return None
    return inv


def _aware(ts: datetime) -> datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    from datetime import UTC

    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
