"""Pagination of a SQLAlchemy select for ``@blp.paginate()`` views."""

from __future__ import annotations

from typing import Any

from flask_smorest.pagination import PaginationParameters
from sqlalchemy import Select, func, inspect, select

from inspect_app.extensions import db

PAGE_ARGS = {"page_size": 50, "max_page_size": 200}
MAX_OFFSET = 2**31


def page_of(
    query: Select[Any],
    pagination_parameters: PaginationParameters,
    count_cap: int | None = None,
) -> list[Any]:
    """Set the total on ``pagination_parameters`` and return one page of rows.

    With ``count_cap`` the total stops at the cap: counting tens of thousands of rows
    costs far more than the page itself, and nobody pages that far. The response then
    carries ``X-Total-Capped: true`` (set by the view).
    """
    # Count the primary keys, not every column: the sub-select then reads only the index.
    entity = query.column_descriptions[0]["entity"]
    counted = query.with_only_columns(*inspect(entity).primary_key).order_by(None)
    if count_cap is not None:
        counted = counted.limit(count_cap)
    pagination_parameters.item_count = db.session.scalar(
        select(func.count()).select_from(counted.subquery())
    )
    if pagination_parameters.first_item >= MAX_OFFSET:
        return []  # far past any real list; the databases overflow on such offsets
    return list(
        db.session.scalars(
            query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
        )
    )
