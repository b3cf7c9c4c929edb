"""`speciosa admin create-user`, `speciosa admin export-audit` and the demo seed behind `serve --demo`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from speciosa.adapters.cli.app import app
from speciosa.adapters.store import db
from speciosa.adapters.store.demo import DEMO_CLINICIAN, seed
from speciosa.adapters.store.repositories import audit, patients, users
from speciosa.adapters.web.security import hash_password, verify_password
from speciosa.assess import score
from speciosa.knowledge import load_knowledge

runner = CliRunner()


def test_create_user_reads_password_from_stdin_and_audits(tmp_path: Path) -> None:
    url = db.sqlite_url(tmp_path / "a.db")
    args = [
        "admin",
        "create-user",
        "--email",
        "Dr@Clinic.test",
        "--role",
        "clinician",
        "--team",
        "t1",
        "--database-url",
        url,
    ]
    r = runner.invoke(app, args, input="a-long-enough-password\n")
    assert r.exit_code == 0, r.output
    factory = db.session_factory(db.make_engine(url))
    with factory() as s:
        u = users.by_email(s, "dr@clinic.test")
        assert u is not None and u.role == "clinician"
        assert verify_password(u.password_hash, "a-long-enough-password")
        assert "a-long-enough-password" not in u.password_hash
    # Duplicate e-mail, bad role, short password: exit 2, one line, no traceback.
    assert runner.invoke(app, args, input="a-long-enough-password\n").exit_code == 2
    bad_role = ["admin", "create-user", "--email", "x@y.test", "--role", "patient", "--database-url", url]
    assert runner.invoke(app, bad_role, input="a-long-enough-password\n").exit_code == 2
    short = ["admin", "create-user", "--email", "z@y.test", "--role", "admin", "--database-url", url]
    r = runner.invoke(app, short, input="short\n")
    assert r.exit_code == 2 and "at least 10" in r.output
    out = runner.invoke(app, ["admin", "export-audit", "--database-url", url])
    assert out.exit_code == 0
    assert out.output.splitlines()[0] == ",".join(audit.COLUMNS) and "created user" in out.output


def test_admin_without_database_url_fails_cleanly(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SPECIOSA_DATABASE_URL", raising=False)
    r = runner.invoke(app, ["admin", "export-audit"])
    assert r.exit_code == 2 and "SPECIOSA_DATABASE_URL" in r.output


def test_demo_seed_is_idempotent_and_resets_passwords(tmp_path: Path) -> None:
    engine = db.make_engine(db.sqlite_url(tmp_path / "d.db"))
    db.migrate(engine)
    factory = db.session_factory(engine)
    now, today = datetime(2026, 1, 10, tzinfo=UTC), date(2026, 1, 10)
    with db.transaction(factory) as s:
        first = seed(s, now, today, hash_password)
    with db.transaction(factory) as s:
        second = seed(s, now, today, hash_password)
    assert first.clinician_password != second.clinician_password
    with factory() as s:
        clin = users.by_email(s, DEMO_CLINICIAN)
        assert clin is not None and verify_password(clin.password_hash, second.clinician_password)
        assert not verify_password(clin.password_hash, first.clinician_password)
        team = patients.for_team(s, clin.team_id or -1)
        assert [p.id for p in team] == ["demo-a", "demo-b", "demo-c"]  # seeded once, not twice
        # Demo B's latest PHQ-9 answers item 9 with 1, so the walk-through shows the urgent banner.
        latest_b = patients.scales(s, "demo-b")[-1]
        result = score(latest_b.instrument, latest_b.answers, load_knowledge())
        assert any(a.code == "suicide-risk" for a in result.alerts)
