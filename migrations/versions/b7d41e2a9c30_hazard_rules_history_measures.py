"""Hazard rules: the original deadline, extension applications, two-officer voids, reminders,
measures, hazards' documents, institutions' history

Revision ID: b7d41e2a9c30
Revises: 9442129ca42f
Create Date: 2026-12-04 05:00:00

"""

import sqlalchemy as sa
from alembic import op

from inspect_app.db import UTCDateTime

revision = "b7d41e2a9c30"
down_revision = "9442129ca42f"
branch_labels = None
depends_on = None

MEASURE_KINDS = (
    "supervised",
    "interviewed",
    "case_opened",
    "admissions_stopped",
    "suspended",
    "equipment_stopped",
    "residents_moved",
    "other_temporary",
)


def upgrade():
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_due_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reminded_due_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("extension_requested_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("void_proposed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_hazards_void_proposed_by_id_users"),
            "users",
            ["void_proposed_by_id"],
            ["id"],
        )
    # The original deadline: the one before the first extension, else the current one.
    op.execute("UPDATE hazards SET original_due_at = due_at")
    connection = op.get_bind()
    events = sa.table(
        "hazard_events",
        sa.column("hazard_id"),
        sa.column("seq", sa.Integer),
        sa.column("type", sa.String),
        sa.column("data", sa.JSON),
    )
    hazards = sa.table("hazards", sa.column("id"), sa.column("original_due_at", UTCDateTime()))
    first: dict = {}
    for hazard_id, _seq, data in connection.execute(
        sa.select(events.c.hazard_id, events.c.seq, events.c.data)
        .where(events.c.type == "deadline_extended")
        .order_by(events.c.hazard_id, events.c.seq)
    ):
        previous = (data or {}).get("previous_due_at")
        if previous and hazard_id not in first:
            first[hazard_id] = previous
    from datetime import datetime

    for hazard_id, previous in first.items():
        connection.execute(
            sa.update(hazards)
            .where(hazards.c.id == hazard_id)
            .values(original_due_at=datetime.fromisoformat(previous))
        )

    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hazards_original_due_at", ["original_due_at", "status"], unique=False
        )

    with op.batch_alter_table("hazard_events", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_events_type_at", ["type", "at"], unique=False)

    op.create_table(
        "measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("street", sa.String(length=50), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in MEASURE_KINDS) + ")",
            name=op.f("ck_measures_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_measures_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["hazard_id"], ["hazards.id"], name=op.f("fk_measures_hazard_id_hazards")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_measures_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index("ix_measures_taken_at", ["taken_at", "institution_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_measures_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_measures_hazard_id"), ["hazard_id"], unique=False)

    op.create_table(
        "hazard_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Uuid(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=True),
        sa.Column("storage_key", sa.String(length=200), nullable=True),
        sa.Column("built_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('extend', 'correct')", name=op.f("ck_hazard_documents_kind")),
        sa.CheckConstraint("serial >= 1", name=op.f("ck_hazard_documents_serial")),
        sa.ForeignKeyConstraint(
            ["hazard_id"], ["hazards.id"], name=op.f("fk_hazard_documents_hazard_id_hazards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_documents")),
        sa.UniqueConstraint(
            "hazard_id", "event_seq", name=op.f("uq_hazard_documents_hazard_id_event_seq")
        ),
        sa.UniqueConstraint(
            "kind", "year", "serial", name=op.f("uq_hazard_documents_kind_year_serial")
        ),
    )
    with op.batch_alter_table("hazard_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hazard_documents_hazard_id"), ["hazard_id"], unique=False
        )

    op.create_table(
        "institution_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("street", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_institution_history_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institution_history")),
    )
    with op.batch_alter_table("institution_history", schema=None) as batch_op:
        batch_op.create_index("ix_institution_history_at", ["institution_id", "at"], unique=False)
    # What is known of the past: each institution as it is, since it was created.
    op.execute(
        "INSERT INTO institution_history (institution_id, at, street, status) "
        "SELECT id, created_at, street, status FROM institutions"
    )


def downgrade():
    with op.batch_alter_table("institution_history", schema=None) as batch_op:
        batch_op.drop_index("ix_institution_history_at")
    op.drop_table("institution_history")
    with op.batch_alter_table("hazard_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hazard_documents_hazard_id"))
    op.drop_table("hazard_documents")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_hazard_id"))
        batch_op.drop_index(batch_op.f("ix_measures_institution_id"))
        batch_op.drop_index("ix_measures_taken_at")
    op.drop_table("measures")
    with op.batch_alter_table("hazard_events", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_events_type_at")
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_original_due_at")
        batch_op.drop_constraint(
            batch_op.f("fk_hazards_void_proposed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("void_proposed_by_id")
        batch_op.drop_column("extension_requested_at")
        batch_op.drop_column("reminded_due_at")
        batch_op.drop_column("original_due_at")
