"""One way to answer a page of rows: the total, then the rows of page ``page`` in a stable order.

Every capability that lists rows page by page (cases, inbox, outbox) goes through :func:`paginate`, so the
count, the offset and the shape of the answer (:class:`Page`, or ``PageOut`` in the API) are the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass
class Page(Generic[T]):  # noqa: UP046 - Python 3.11 has no PEP 695 syntax
    """One page of a listing: its rows, how many rows the whole listing has, and where this page is."""

    items: list[T]
    total: int
    page: int
    per_page: int


def paginate(
    session: Session, stmt: Select[T], order_by: Sequence[Any], page: int = 1, per_page: int = 25
) -> Page[T]:
    """Page ``page`` (from 1) of ``stmt``'s rows in ``order_by`` order, with the total count of the listing.

    ``order_by`` must end with a unique column where its first keys may tie, or rows could repeat or
    vanish between pages. Loader options on ``stmt`` apply to the rows, not to the count.
    """
    page = max(page, 1)
    total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    rows = session.execute(stmt.order_by(*order_by).offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return Page(list(rows), int(total), page, per_page)
