"""The last serial given per number stem and year."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.db import Base


class DocumentCounter(Base):
    """The last number given per stem (prefix, series and kind mark: 沪松民养改) and year:
    claimed with one conditional UPDATE, so two documents issued at once never share a
    number and a rollback leaves no gap."""

    __tablename__ = "document_counters"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_serial: Mapped[int] = mapped_column(default=0)
