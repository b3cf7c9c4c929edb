"""The audit log: who read or wrote which patient's data, when, from where. Append-only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.store.tables import AuditEvent, User

COLUMNS = ("id", "at", "user_id", "user_email", "role", "action", "entity", "patient_id", "ip", "detail")


def record(
    session: Session,
    *,
    now: datetime,
    user: User | None,
    action: str,
    entity: str,
    patient_id: str | None = None,
    ip: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one event. ``detail`` holds ids and field names only, never clinical values."""
    session.add(
        AuditEvent(
            at=now,
            user_id=user.id if user else None,
            user_email=user.email if user else None,
            role=user.role if user else None,
            action=action,
            entity=entity,
            patient_id=patient_id,
            ip=ip,
            detail=detail,
        )
    )


def events(session: Session, limit: int | None = None, patient_id: str | None = None) -> Sequence[AuditEvent]:
    """Newest first."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    if patient_id is not None:
        stmt = stmt.where(AuditEvent.patient_id == patient_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def to_csv(rows: Iterable[AuditEvent]) -> str:
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(COLUMNS)
    for ev in rows:
        out.writerow([ev.at.isoformat() if name == "at" else getattr(ev, name) for name in COLUMNS])
    return buf.getvalue()
