"""Initial schema: care teams, users, patients, records, sessions, invitations, audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _recorded() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("recorded_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "care_teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("care_teams.id"), nullable=False, index=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("age_years", sa.Integer, nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("pregnant", sa.Boolean, nullable=False),
        sa.Column("breastfeeding", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True, index=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("care_teams.id"), nullable=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "scale_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=False, index=True),
        sa.Column("instrument", sa.String(40), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("functional_difficulty", sa.Integer, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        *_recorded(),
    )
    op.create_table(
        "medications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dose_mg", sa.Float, nullable=True),
        sa.Column("doses_per_day", sa.Float, nullable=True),
        sa.Column("started_on", sa.Date, nullable=True),
        sa.Column("stopped_on", sa.Date, nullable=True),
        *_recorded(),
    )
    op.create_table(
        "kratom_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=False, index=True),
        sa.Column("product", sa.String(40), nullable=False),
        sa.Column("grams_per_dose", sa.Float, nullable=True),
        sa.Column("extract_mg_per_dose", sa.Float, nullable=True),
        sa.Column("doses_per_day", sa.Float, nullable=False),
        sa.Column("regimen", sa.String(20), nullable=False),
        sa.Column("recorded_on", sa.Date, nullable=False),
        *_recorded(),
    )
    op.create_table(
        "lab_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=False, index=True),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("uln", sa.Float, nullable=True),
        *_recorded(),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("patient_id", sa.String(64), sa.ForeignKey("patients.id"), nullable=False, index=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("user_email", sa.String(320), nullable=True),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=True, index=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    # The audit log is append-only at the database level, not only in application code.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "audit_log",
        "invitations",
        "web_sessions",
        "lab_entries",
        "kratom_entries",
        "medications",
        "scale_entries",
        "users",
        "patients",
        "care_teams",
    ):
        op.drop_table(table)
