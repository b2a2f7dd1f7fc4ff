"""The views' one way of answering a refused form (core/web.rerender_on_invalid)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from liaison.core.errors import InvalidInput
from liaison.core.web import rerender_on_invalid


class _Session:
    def __init__(self) -> None:
        self.events: list[str] = []

    def rollback(self) -> None:
        self.events.append("rollback")


def test_success_answers_with_done() -> None:
    session: Any = _Session()
    response = rerender_on_invalid(session, lambda: 7, lambda n: Response(str(n), 303), lambda exc: Response("x"))
    assert response.status_code == 303 and response.body == b"7" and session.events == []


def test_refusal_rolls_back_keeps_carried_writes_and_answers_422() -> None:
    session: Any = _Session()

    def refuse() -> int:
        session.events.append("write")
        error = InvalidInput("bad", fields={"title": "Required."})
        error.then(lambda s: s.events.append("carried"))
        raise error

    seen: list[InvalidInput] = []

    def again(exc: InvalidInput) -> Response:
        seen.append(exc)
        return Response(exc.message)  # the page's own status (200) is replaced

    response = rerender_on_invalid(session, refuse, lambda n: Response("done"), again)
    assert response.status_code == 422 and response.body == b"bad"
    assert session.events == ["write", "rollback", "carried"]
    assert seen[0].fields == {"title": "Required."}
