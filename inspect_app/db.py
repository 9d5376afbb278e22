"""The database layer every package shares: declarative base, naming convention, UTC time,
the portable upsert and the after-commit queue."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import DateTime, MetaData, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, scoped_session
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The largest value an INTEGER primary key holds; past it the databases themselves err.
MAX_ID = 2**31 - 1


def sql_in(column: str, values: Iterable[str], *, negate: bool = False) -> str:
    """``column IN ('a', 'b')`` (``NOT IN`` with ``negate``): a check constraint's or a
    partial index's condition over named values."""
    return f"{column} {'NOT IN' if negate else 'IN'} ({', '.join(repr(str(v)) for v in values)})"


class UTCDateTime(TypeDecorator):
    """Store UTC; always hand back aware datetimes, even from SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
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


def insert_absent(
    session: Session | scoped_session, model: type[Base], rows: list[dict], key: tuple[str, ...]
) -> None:
    """Insert ``rows``; a row whose ``key`` already exists is left as it is."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    insert: Any = _INSERTS[session.get_bind().dialect.name](table)
    session.connection().execute(insert.on_conflict_do_nothing(index_elements=list(key)), rows)


def upsert(
    session: Session | scoped_session, model: type[Base], rows: list[dict], key: tuple[str, ...]
) -> None:
    """Insert ``rows``; where ``key`` already exists, update every other given column."""
    if not rows:
        return
    statement = _upsert_statement(
        session.get_bind().dialect.name, cast(Table, model.__table__), key, tuple(rows[0])
    )
    session.connection().execute(statement, rows)


@functools.cache
def _upsert_statement(
    dialect: str, table: Table, key: tuple[str, ...], columns: tuple[str, ...]
) -> Any:
    """The upsert of ``columns`` into ``table``: a statement is immutable and holds no data,
    so each shape is built once per process (building ``excluded`` costs more than the
    executemany of a few rows)."""
    insert: Any = _INSERTS[dialect](table)
    changed = {name: insert.excluded[name] for name in columns if name not in key}
    return insert.on_conflict_do_update(index_elements=list(key), set_=changed)


# -- the after-commit queue ------------------------------------------------------------
# What cannot be rolled back (deleting a file, sending a message) must not happen before
# the transaction that decided it is committed: a crash or a rollback in between would
# leave rows pointing at nothing. Services queue such actions here; they run right after
# the commit, and are dropped if the transaction rolls back instead.

_AFTER_COMMIT = "after_commit_actions"
log = logging.getLogger(__name__)


def after_commit(session: Session | scoped_session, action: Callable[[], object]) -> None:
    """Run ``action`` once ``session``'s current transaction commits; never if it rolls back."""
    current = session() if isinstance(session, scoped_session) else session
    if not current.in_transaction():
        current.begin()  # so that a rollback, even of nothing else, drops the queue
    current.info.setdefault(_AFTER_COMMIT, []).append(action)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for action in session.info.pop(_AFTER_COMMIT, []):
        try:
            action()
        except Exception:  # the commit stands; the action is retried by upkeep jobs
            log.exception("after-commit action %r failed", action)


@event.listens_for(Session, "after_transaction_end")
def _drop_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without the commit hook emptying the queue: it was
    # rolled back, and so is everything it queued. (Savepoints leave the queue alone.)
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_AFTER_COMMIT, None)


def core_rows(session: Session | scoped_session, query: Executable) -> Sequence[Any]:
    """Every row of a Core ``query`` (columns, no entities) on the session's connection and
    in its transaction, after its autoflush as ``session.execute`` does, but without the
    ORM's result machinery: for a board's thousand rows, about half the Python time."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(query).all()


def affected_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: the claim's answer (1 = we won)."""
    return cast("CursorResult[Any]", result).rowcount or 0
