"""The one paging helper: pages cover the listing once, in order, with the listing's total."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.agencies.models import Agency
from liaison.core.paging import paginate


def test_pages_cover_the_listing_once_in_order(session: Session) -> None:
    stmt = select(Agency)
    everything = [a.id for a in session.execute(stmt.order_by(Agency.code, Agency.id)).scalars()]
    assert len(everything) > 3
    seen: list[int] = []
    page = 1
    while True:
        result = paginate(session, stmt, (Agency.code, Agency.id), page, per_page=3)
        assert result.total == len(everything) and result.page == page and result.per_page == 3
        if not result.items:
            break
        seen += [a.id for a in result.items]
        page += 1
    assert seen == everything


def test_a_page_below_one_is_the_first(session: Session) -> None:
    stmt = select(Agency).where(Agency.active)
    first = paginate(session, stmt, (Agency.id,), 1, per_page=2)
    assert paginate(session, stmt, (Agency.id,), 0, per_page=2).items == first.items
