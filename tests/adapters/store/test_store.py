"""The store on SQLite and PostgreSQL: migrations, round trips, transactions, constraints, audit."""
# ruff: noqa: S106 - fake hashes and tokens in a throw-away database

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import audit, patients, users
from speciosa.adapters.store.tables import Base
from speciosa.patient import KratomProduct, KratomUse, LabName, LabResult, Medication

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def factory(database_url: str):  # type: ignore[no-untyped-def]
    engine = db.make_engine(database_url)
    db.migrate(engine)
    yield db.session_factory(engine)
    engine.dispose()


def _patient(factory) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction(factory) as s:
        t = users.team(s, "t")
        u = users.create(
            s, email="C@X.test", role="clinician", password_hash="h", display_name="c", now=NOW, team_id=t.id
        )
        p = patients.create(s, team_id=t.id, label="L", age_years=40, sex="female", now=NOW)
        return p.id, u.id


def test_migrations_are_idempotent_and_match_the_models(database_url: str) -> None:
    engine = db.make_engine(database_url)
    db.migrate(engine)
    db.migrate(engine)  # a second start must be a no-op
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_record_round_trip(factory) -> None:  # type: ignore[no-untyped-def]
    pid, uid = _patient(factory)
    with db.transaction(factory) as s:
        patients.add_scale(
            s,
            patient_id=pid,
            instrument="phq-9",
            on=date(2026, 1, 1),
            answers=[1, None, 0, 0, 0, 0, 0, 0, 1],
            source="clinician",
            user_id=uid,
            now=NOW,
        )
        patients.add_medication(
            s, patient_id=pid, med=Medication(name="sertraline", dose_mg=50), user_id=uid, now=NOW
        )
        patients.add_kratom(
            s,
            patient_id=pid,
            use=KratomUse(product=KratomProduct.LEAF_POWDER, grams_per_dose=2, doses_per_day=3),
            recorded_on=date(2026, 1, 1),
            user_id=uid,
            now=NOW,
        )
        patients.add_lab(
            s,
            patient_id=pid,
            lab=LabResult(name=LabName.ALT, on=date(2026, 1, 1), alt_u_per_l=55, uln=40),
            user_id=uid,
            now=NOW,
        )
    with factory() as s:
        rec = patients.record(s, patients.get(s, pid))  # type: ignore[arg-type]
    assert rec.scales[0].answers == (1, None, 0, 0, 0, 0, 0, 0, 1)
    assert rec.medications[0].name == "sertraline" and rec.medications[0].dose_mg == 50
    assert rec.kratom is not None and rec.kratom.grams_per_dose == 2 and rec.kratom.doses_per_day == 3
    assert rec.kratom_history[0].grams_per_day == 6  # 2 g/dose x 3 doses/day
    assert rec.labs[0].alt_u_per_l == 55 and rec.labs[0].uln == 40


def test_failed_transaction_leaves_nothing(factory) -> None:  # type: ignore[no-untyped-def]
    pid, uid = _patient(factory)

    def write_then_fail() -> None:
        with db.transaction(factory) as s:
            patients.add_medication(s, patient_id=pid, med=Medication(name="x"), user_id=uid, now=NOW)
            audit.record(s, now=NOW, user=None, action="write", entity="medication", patient_id=pid)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_then_fail()
    with factory() as s:
        assert patients.medications(s, pid) == [] and audit.events(s, patient_id=pid) == []


def test_constraints_unique_email_and_foreign_keys(factory) -> None:  # type: ignore[no-untyped-def]
    _patient(factory)
    with pytest.raises(sa.exc.IntegrityError), db.transaction(factory) as s:
        users.create(s, email="c@x.test", role="clinician", password_hash="h", display_name="dup", now=NOW)
    with pytest.raises(sa.exc.IntegrityError), db.transaction(factory) as s:
        patients.add_scale(
            s,
            patient_id="no-such-patient",
            instrument="phq-9",
            on=date(2026, 1, 1),
            answers=[0],
            source="clinician",
            user_id=1,
            now=NOW,
        )


def test_audit_log_refuses_update_and_delete(factory) -> None:  # type: ignore[no-untyped-def]
    with db.transaction(factory) as s:
        audit.record(s, now=NOW, user=None, action="read", entity="patient", patient_id="p", ip="127.0.0.1")
    for stmt in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError), db.transaction(factory) as s:
            s.execute(sa.text(stmt))
    with factory() as s:
        (ev,) = audit.events(s)
        assert (ev.action, ev.entity, ev.ip) == ("read", "patient", "127.0.0.1")
        assert audit.to_csv([ev]).splitlines()[1].startswith(f"{ev.id},2026-01-02T03:04:05")


def test_sessions_expire_and_invitations_work_once(factory) -> None:  # type: ignore[no-untyped-def]
    pid, uid = _patient(factory)
    with db.transaction(factory) as s:
        users.start_session(s, uid, "tok", NOW, NOW + timedelta(hours=1))
        users.invite(
            s, token_hash="inv", patient_id=pid, created_by=uid, now=NOW, expires=NOW + timedelta(days=1)
        )
    with db.transaction(factory) as s:
        assert users.session_user(s, "tok", NOW + timedelta(minutes=59)) is not None
        assert users.session_user(s, "tok", NOW + timedelta(minutes=61)) is None
        inv = users.open_invitation(s, "inv", NOW)
        assert inv is not None
        inv.used_at = NOW
    with factory() as s:
        assert users.open_invitation(s, "inv", NOW) is None


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(db.sqlite_url(tmp_path / "p.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_postgres_urls_use_psycopg() -> None:
    assert db.normalise_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalise_url("sqlite:///x.db") == "sqlite:///x.db"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=30))
def test_scale_answers_round_trip_exactly(factory, answers: list[int | None]) -> None:  # type: ignore[no-untyped-def]
    with db.transaction(factory) as s:
        t = users.team(s, "h")
        p = patients.create(s, team_id=t.id, label="h", age_years=1, sex="male", now=NOW)
        u = users.by_email(s, "h@x.test") or users.create(
            s, email="h@x.test", role="clinician", password_hash="h", display_name="h", now=NOW
        )
        row = patients.add_scale(
            s,
            patient_id=p.id,
            instrument="phq-9",
            on=date(2026, 1, 1),
            answers=answers,
            source="clinician",
            user_id=u.id,
            now=NOW,
        )
        row_id = row.id
    with factory() as s:
        from speciosa.adapters.store.tables import ScaleEntry

        assert s.get(ScaleEntry, row_id).answers == answers  # type: ignore[union-attr]
