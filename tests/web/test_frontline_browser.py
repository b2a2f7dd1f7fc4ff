"""The frontline desk in Chromium: scanner paste, keyboard, verdict, recent checks, follow-up request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from liaison.frontline.demo import demo_mrz

pytestmark = pytest.mark.browser


def test_desk_scanner_paste_keyboard_and_follow_up(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("ba.pcc")
    page.goto("/frontline/desk")
    expect(page.locator("#verdict")).to_have_text("Ready")
    expect(page.locator("#mrz")).to_be_focused()
    page.fill("#crossing_point", "Vraćenovići")
    # A scanner pastes both lines at once; a complete MRZ submits by itself.
    page.locator("#mrz").fill(demo_mrz())
    page.wait_for_load_state()
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text(re.compile(r"HIT — ARREST"))
    expect(page.locator("article.hit")).to_have_count(2)
    expect(page.locator("#mrz-reading")).to_contain_text("check digits correct")
    expect(page.locator("#recent tbody tr").first).to_contain_text("Vraćenovići")
    # The point is remembered, the MRZ field has the focus again for the next traveller.
    expect(page.locator("#crossing_point")).to_have_value("Vraćenovići")
    expect(page.locator("#mrz")).to_be_focused()

    # Keyboard only: Alt+D to the document field, type, Ctrl+Enter.
    page.keyboard.press("Alt+d")
    expect(page.locator("#document")).to_be_focused()
    page.keyboard.type("X1234567")
    page.keyboard.press("Tab")
    page.keyboard.type("ME")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#verdict")).to_have_text("CLEAR")
    expect(page.locator("#recent tbody tr")).to_have_count(2)

    # Escape clears what was typed.
    page.locator("#name").fill("Someone")
    page.keyboard.press("Escape")
    expect(page.locator("#name")).to_have_value("")
    expect(page.locator("#mrz")).to_be_focused()

    # A bad check digit is shown, not hidden.
    lines = demo_mrz().splitlines()
    page.locator("#mrz").fill(lines[0] + "\n" + lines[1][:19] + "0" + lines[1][20:])
    expect(page.locator("#warnings")).to_contain_text("birth date check digit")

    # Follow-up: open a case and the pre-filled request to the owner, then send it.
    page.locator("#mrz").fill(demo_mrz())
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT"))
    page.locator("article.hit").first.locator("button.request-button").click()
    page.wait_for_url(re.compile(r".*/frontline/cases/\d+/request\?.*"))
    expect(page.locator("input[name=subject]")).to_have_value(re.compile("rs-persons, record RS-P-0001"))
    page.locator("#compose button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    expect(page.locator("#thread li.kind-request").first).to_contain_text("URGENT")
