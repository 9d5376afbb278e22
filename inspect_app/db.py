"""The database layer every package shares: declarative base, naming convention, UTC time,
the portable upsert and the after-commit queue."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Set by ``inspect_app.clock.frozen_at`` to record history at a past moment
# (demo data, back-filled records) through the very same service code.
_now_override: ContextVar[datetime | None] = ContextVar("now_override", default=None)


# The largest value an INTEGER primary key holds; past it the databases themselves err.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (the only time we store)."""
    return _now_override.get() or datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store UTC; always hand back aware datetimes, even from SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# INSERT ... ON CONFLICT DO UPDATE for both databases we run on. Executed with a list of
# rows (executemany), the statement compiles once and is cached; ``.values(rows)`` would
# compile a new multi-row statement on every call.
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(session: Session, model: type[Base], rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert ``rows``; where ``key`` already exists, update every other given column."""
    if not rows:
        return
    table = model.__table__
    insert = _INSERTS[session.get_bind().dialect.name](table)
    changed = {name: insert.excluded[name] for name in rows[0] if name not in key}
    statement = insert.on_conflict_do_update(index_elements=list(key), set_=changed)
    session.connection().execute(statement, rows)
