"""Pagination of a SQLAlchemy select for ``@blp.paginate()`` views."""

from __future__ import annotations

from sqlalchemy import func, select

from inspect_app.extensions import db

PAGE_ARGS = {"page_size": 50, "max_page_size": 200}


def page_of(query, pagination_parameters):
    """Set the total on ``pagination_parameters`` and return one page of rows."""
    pagination_parameters.item_count = db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())
    )
    return list(
        db.session.scalars(
            query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
        )
    )
