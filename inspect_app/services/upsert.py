"""INSERT ... ON CONFLICT DO UPDATE for both databases we run on.

Executed with a list of rows (executemany), the statement compiles once and is cached;
``.values(rows)`` would compile a new multi-row statement on every call.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from inspect_app.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(model, rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert ``rows``; where ``key`` already exists, update every other given column."""
    if not rows:
        return
    table = model.__table__
    insert = _INSERTS[db.session.get_bind().dialect.name](table)
    changed = {name: insert.excluded[name] for name in rows[0] if name not in key}
    statement = insert.on_conflict_do_update(index_elements=list(key), set_=changed)
    db.session.connection().execute(statement, rows)
