"""Issue 9 pages in Chromium: hit links for a reader of both sides, the request to the holder, the one search
box, the DPO's audit search; none of them scrolls sideways at 1366 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"{page.url} is {width} px wide"


def test_hit_link_request_and_search(new_page) -> None:  # type: ignore[no-untyped-def]
    mk = new_page("mk.duty")
    mk.set_viewport_size({"width": 1366, "height": 900})
    mk.goto("/hits")
    expect(mk.locator("#hits")).not_to_contain_text("No hits")
    _no_sideways_scroll(mk)
    # The HIT link on the case panel opens for MK, which sees both sides.
    mk.goto("/search?q=PETROWITSCH")
    expect(mk.locator("#search-people")).to_contain_text("PETROWITSCH")
    expect(mk.locator("#search-people")).to_contain_text("Петровић")
    _no_sideways_scroll(mk)
    mk.locator("#search-people a").first.click()
    mk.locator("#entity-list .hit-notice a").first.click()
    expect(mk.locator("h1")).to_contain_text("Hit #")
    expect(mk.locator("#hit-mine")).not_to_contain_text("withheld")
    expect(mk.locator("#hit-other")).not_to_contain_text("withheld")
    _no_sideways_scroll(mk)
    # Header search: a national phone number, read as Macedonian.
    mk.fill("header input[name=q]", "070 123 456")
    mk.press("header input[name=q]", "Enter")
    expect(mk.locator("#search-people")).to_contain_text("+38970123456")

    me = new_page("me.drugs")
    me.set_viewport_size({"width": 1366, "height": 900})
    me.goto("/hits")
    me.locator("#hits tbody tr", has_text="Петровић").locator("a").first.click()
    expect(me.locator("#hit-other")).to_contain_text("A hit exists")
    me.click("#request-holder")
    expect(me.locator("#compose select[name=recipient_agency_id] option:checked")).to_contain_text("Bundeskriminalamt")
    expect(me.locator("#compose input[name=subject]")).to_have_value(re.compile(r"Hit #\d+"))
    _no_sideways_scroll(me)
    me.click("#compose button[type=submit]")  # no legal basis chosen: the browser refuses to send
    expect(me.locator("#compose")).to_be_visible()
    me.select_option("#legal-basis", "EU-2023-977")
    me.click("#compose button[type=submit]")
    me.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    expect(me.locator(".message").last).to_contain_text("Hit #")


def test_dpo_audit_page(new_page) -> None:  # type: ignore[no-untyped-def]
    dpo = new_page("dpo")
    dpo.set_viewport_size({"width": 1366, "height": 900})
    dpo.goto("/audit")
    expect(dpo.locator("#audit-heading")).to_contain_text("Recent events")
    expect(dpo.locator("#audit-rows tbody tr").first).not_to_contain_text("No record")
    _no_sideways_scroll(dpo)
    from tests.helpers import api

    bar = api("me.drugs").get("/api/v1/cases", params={"q": "port of Bar"}).json()["items"][0]
    dpo.fill("#audit-query input[name=reference]", bar["reference"])
    dpo.click("#audit-query button[type=submit]")
    expect(dpo.locator("#audit-rows")).to_contain_text("me.drugs")
    expect(dpo.locator("#audit-rows")).not_to_contain_text("No record")
    _no_sideways_scroll(dpo)
    dpo.fill("#audit-query input[name=reference]", "")
    dpo.fill("#audit-query input[name=user]", "me.drugs")
    dpo.select_option("#audit-query select[name=action]", "collection")
    dpo.click("#audit-query button[type=submit]")
    expect(dpo.locator("#audit-heading")).to_contain_text("Records found")
    for row in dpo.locator("#audit-rows tbody tr").all():
        expect(row).to_contain_text("me.drugs")
    with dpo.expect_download() as download:
        dpo.click("#audit-export")
    assert download.value.suggested_filename == "audit.csv"
