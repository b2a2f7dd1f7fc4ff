"""The case workflow in Chromium (issue 9): compose without a preselected recipient, agencies by country with a
filter box (with and without JavaScript), inherited handling code, confirmations after send and assign, the
paused deadline, closing, reopening and editing a case; and no page of any role scrolls sideways at 1366 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from liaison.demo import PASSWORD

pytestmark = pytest.mark.browser

WIDTH = 1366
#: One demo user per role.
ROLES = {
    "officer": "me.drugs",
    "supervisor": "mk.supervisor",
    "analyst": "me.analyst",
    "dpo": "dpo",
    "frontline": "ba.pcc",
    "admin": "admin",
}


def _sign_in(page: Any, username: str, totp: str = "") -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    if totp:
        page.fill("input[name=totp]", totp)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # the inbox, or the desk for frontline officers


def _admin_code() -> str:
    import pyotp
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        secret = s.execute(select(User.totp_secret).where(User.username == "admin")).scalar_one()
    return str(pyotp.TOTP(secret).now())


def _long_subject_request() -> int:
    """A request whose subject is one 300-character word, in mk.supervisor's inbox: it must wrap."""
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.agencies.service import by_code
    from liaison.cases import service as cases
    from liaison.core import limits
    from liaison.core.db import session_scope

    with session_scope() as s:
        actor = Actor(s.execute(select(User).where(User.username == "me.drugs")).scalar_one())
        case = cases.create_case(s, actor, title="W" * limits.TITLE, crime_areas=["drugs_trafficking"])
        mk = by_code(s, "MK-SPOC")
        assert mk is not None
        cases.send_message(
            s,
            actor,
            case.id,
            cases.NewMessage(
                kind="request",
                recipient_agency_id=mk.id,
                subject="S" * limits.SUBJECT,
                body="B" * 2000,
                legal_basis_code="EU-2023-977",
                purpose="P" * 400,
            ),
        )
        return int(case.id)


def test_every_nav_page_of_every_role_fits_1366_px(browser, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = _long_subject_request()
    wide: list[str] = []
    for role, username in ROLES.items():
        ctx = browser.new_context(base_url=live_server, viewport={"width": WIDTH, "height": 900})
        try:
            page = ctx.new_page()
            page.set_default_timeout(15000)
            _sign_in(page, username, _admin_code() if role == "admin" else "")
            hrefs = page.eval_on_selector_all(
                "header nav a[href^='/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
            )
            pages = [h for h in hrefs if h not in ("/", "/logout")]
            if username in ("me.drugs", "mk.supervisor"):
                pages.append(f"/cases/{case_id}")
            assert "/inbox" in pages and "/notifications" in pages, pages
            for href in pages:
                page.goto(href)
                page.wait_for_load_state("networkidle")
                width = page.evaluate("document.scrollingElement.scrollWidth")
                page.screenshot(path=str(tmp_path / f"{role}{href.replace('/', '_')}.png"), full_page=False)
                if width > WIDTH:
                    wide.append(f"{role} {href}: {width}px")
        finally:
            ctx.close()
    assert not wide, "pages wider than the window: " + "; ".join(wide)


def test_compose_groups_agencies_filters_without_js_and_inherits_the_handling_code(  # type: ignore[no-untyped-def]
    browser, live_server, new_page
) -> None:
    me = new_page("me.drugs")
    me.click("text=New case")
    me.fill("input[name=title]", "Workflow case (test)")
    me.check("input[name=crime_areas][value=drugs_trafficking]")
    me.select_option("select[name=handling_code]", "H2")
    me.click("#case-form button[type=submit]")
    me.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_id = me.url.rsplit("/", 1)[1]
    compose = me.locator("#compose")
    recipient = compose.locator("select[name=recipient_agency_id]")
    assert recipient.input_value() == "", "no recipient is chosen for the officer"
    labels = recipient.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert any("North Macedonia" in label for label in labels) and len(labels) >= 5, labels
    handling = compose.locator("select[name=handling_code]")
    assert handling.input_value() == "H2"
    assert handling.locator("option").evaluate_all("os => os.map(o => o.value)") == ["H2", "H3"]
    # With JavaScript the box narrows the list as one types.
    me.fill("#recipient-q", "Kosovo")
    visible = recipient.locator("optgroup:not([hidden])").evaluate_all("gs => gs.map(g => g.label)")
    assert visible and all("Kosovo" in g for g in visible), visible

    # Without JavaScript the filter button reloads the page with the list narrowed.
    ctx = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        nojs = ctx.new_page()
        _sign_in(nojs, "me.drugs")
        nojs.goto(f"/cases/{case_id}")
        nojs.fill("#recipient-q", "Kosovo")
        nojs.click("#recipient-filter-button")
        nojs.wait_for_url(re.compile(r".*to_q=Kosovo.*"))
        groups = nojs.locator("#recipient optgroup").evaluate_all("gs => gs.map(g => g.label)")
        assert groups and all("Kosovo" in g for g in groups), groups
    finally:
        ctx.close()

    me.fill("#recipient-q", "")
    me.goto(f"/cases/{case_id}")
    compose = me.locator("#compose")
    option = compose.locator("select[name=recipient_agency_id] option", has_text="MK-SPOC").first
    compose.locator("select[name=recipient_agency_id]").select_option(option.get_attribute("value"))
    compose.locator("select[name=legal_basis_code]").select_option("EU-2023-977")
    compose.locator("input[name=subject]").fill("Workflow request (test)")
    compose.locator("textarea[name=purpose]").fill("Test the workflow")
    compose.locator("button[type=submit]").click()
    me.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    expect(me.locator("#flash")).to_contain_text("Sent to")
    request = me.locator("#thread li.kind-request").first
    expect(request).to_contain_text("H2")
    expect(request).to_contain_text("Directive (EU) 2023/977")
    me.reload()
    expect(me.locator("#flash")).to_have_count(0)


def test_inbox_urgency_assign_confirmation_pause_close_reopen_edit(new_page) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_case_system_browser import open_case_and_request, pick

    me = new_page("me.drugs")
    case_id = open_case_and_request(me)
    expect(me.locator("#flash")).to_contain_text("Sent to")

    mk = new_page("mk.duty")
    row = mk.locator("#inbox tbody tr", has_text="Directors of the consignee company (test)")
    expect(row.locator(".badge.urgency")).to_have_text("Due within a day")
    expect(mk.locator("#inbox")).not_to_contain_text("drugs_trafficking")
    row.locator("a").first.click()
    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Assign").click()
    pick(msg.locator(".assign-form select"), "Elena Petrovska")
    msg.locator(".assign-form button").click()
    expect(mk.locator("#flash")).to_contain_text("assigned to Elena Petrovska")

    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Answer").click()
    msg.locator(".reply-form select[name=kind]").select_option("clarification_request")
    msg.locator(".reply-form textarea[name=body]").fill("Which company?")
    msg.locator(".reply-form button[type=submit]").click()
    expect(mk.locator("#thread li.kind-request .deadline .paused")).to_contain_text("paused since")
    expect(mk.locator("#thread li.kind-request .badge.urgency")).to_contain_text("Paused")

    me.goto(f"/cases/{case_id}")
    expect(me.locator("#thread li.kind-request .deadline .paused")).to_contain_text("paused since")
    me.locator(".clarify-form textarea[name=body]").fill("Registration number 7654321")
    me.locator(".clarify-form button").click()
    expect(me.locator("#thread li.kind-request .events")).to_contain_text("deadline resumed")
    expect(me.locator("#thread li.kind-request .deadline .paused")).to_have_count(0)

    me.locator("#case-close summary").click()
    me.select_option("#case-close select[name=outcome]", "solved")
    me.locator("#case-close button").click()
    expect(me.locator("#case-status")).to_contain_text("Closed")
    expect(me.locator("#flash")).to_contain_text("closed")
    expect(me.locator("#compose-closed")).to_be_visible()
    me.locator("#case-reopen summary").click()
    me.fill("#case-reopen input[name=justification]", "New lead from the port")
    me.locator("#case-reopen button").click()
    expect(me.locator("#case-status")).to_contain_text("Open")
    me.locator("#case-edit summary").click()
    me.fill("#case-edit input[name=title]", "Cocaine through Bar, renamed (test)")
    me.locator("#case-edit button").click()
    expect(me.locator("h1")).to_contain_text("renamed (test)")
    me.locator("#case-history summary").click()
    history = me.locator("#case-history")
    expect(history).to_contain_text("case closed")
    expect(history).to_contain_text("case reopened")
    expect(history).to_contain_text("renamed (test)")
