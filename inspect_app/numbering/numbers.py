"""Formatting a number and claiming the next serial."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.numbering.issuers import Issuer
from inspect_app.numbering.models import DocumentCounter


def stem(issuer: Issuer, mark: str) -> str:
    """Prefix, series and kind mark: 沪松民养改."""
    return f"{issuer.prefix}{current_app.config.get('DOCUMENT_SERIES_MARK') or ''}{mark}"


def format_number(stem_: str, year: int, serial: int) -> str:
    """GB/T 9704: 沪松民养改〔2026〕1号 (no 第, no leading zeros)."""
    return f"{stem_}〔{year}〕{serial}号"


def claim(issuer: Issuer, mark: str, year: int) -> tuple[int, str]:
    """The next serial of the stem in ``year`` and the number it makes, claimed inside the
    caller's transaction."""
    stem_ = stem(issuer, mark)
    serial = _claim_serial(stem_, year)
    return serial, format_number(stem_, year, serial)


# Built once (a statement holds no data): the claim, returning the serial it wrote.
_NEXT_SERIAL = (
    update(DocumentCounter)
    .where(
        DocumentCounter.kind == bindparam("counter_kind"),
        DocumentCounter.year == bindparam("counter_year"),
    )
    .values(last_serial=DocumentCounter.last_serial + 1)
    .returning(DocumentCounter.last_serial)
    .execution_options(synchronize_session=False)
)


def _claim_serial(stem_: str, year: int) -> int:
    """One conditional UPDATE of the counter row (made on first use), which holds the row
    until the transaction ends; it returns the serial it wrote (both databases we run on
    have ``UPDATE ... RETURNING``)."""
    for _ in range(3):
        claimed = db.session.execute(
            _NEXT_SERIAL, {"counter_kind": stem_, "counter_year": year}
        ).scalar_one_or_none()
        if claimed is not None:
            return claimed
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(DocumentCounter).values(kind=stem_, year=year, last_serial=1)
                )
            return 1
        except IntegrityError:
            continue  # another request made the row first: claim from it
    raise Conflict("文书编号繁忙，请重试 / Document numbering is busy, retry")
