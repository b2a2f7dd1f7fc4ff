"""In a real browser: Swagger UI renders under our own CSP (no CDN, no eval), and the notification page."""

from __future__ import annotations

import pytest


def test_swagger_ui_renders_under_the_csp(new_page, db_url: str) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("sqlite"):
        pytest.skip("the page reads no database; once is enough")
    page = new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(r.url))
    page.goto("/api/docs")
    page.wait_for_selector(".opblock-tag", timeout=15000)
    assert page.locator(".opblock").count() > 10
    assert not [p for p in problems if "Content Security Policy" in p or "http" in p], problems


def test_notifications_page_marks_read_only_on_request(new_page, db_url: str) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("sqlite"):
        pytest.skip("covered on both databases by test_hardening")
    page = new_page("mk.duty")
    page.goto("/notifications")
    page.reload()  # reading twice leaves them unread
    unread = page.locator("#notifications li.unread").count()
    if unread == 0:
        pytest.skip("the demo holds no unread notification for mk.duty")
    page.click("#mark-read button[type=submit]")
    page.wait_for_url("**/notifications")
    assert page.locator("#notifications li.unread").count() == 0
