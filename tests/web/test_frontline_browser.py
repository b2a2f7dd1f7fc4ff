"""The frontline desk in Chromium: landing, the crossing point once per shift, scanner paste, keyboard,
three verdicts in colour and words, empty and repeated submits, recent checks, follow-up request, width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from liaison.frontline.demo import demo_mrz, expired_mrz

pytestmark = pytest.mark.browser

RED, AMBER, GREEN = "rgb(255, 235, 238)", "rgb(255, 193, 7)", "rgb(232, 245, 233)"


def _background(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator("#verdict").evaluate("el => getComputedStyle(el).backgroundColor"))


def _start_shift(page, point: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#point-form")).to_be_visible()
    expect(page.locator("#check-form")).to_have_count(0)
    page.fill("#crossing_point", point)
    page.click("#point-button")
    expect(page.locator("#shift-point")).to_contain_text(point)


def test_desk_scanner_paste_keyboard_and_follow_up(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("ba.pcc")
    # A frontline officer lands on the desk, which asks the crossing point once for the shift.
    expect(page).to_have_url(re.compile(r".*/frontline/desk$"))
    _start_shift(page, "Vraćenovići")
    expect(page.locator("#verdict")).to_have_text("Ready")
    expect(page.locator("#mrz")).to_be_focused()
    # A scanner pastes both lines at once; a complete MRZ submits by itself.
    page.locator("#mrz").fill(demo_mrz())
    page.wait_for_load_state()
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text(re.compile(r"HIT — ARREST"))
    assert _background(page) == RED
    expect(page.locator("article.hit")).to_have_count(2)
    expect(page.locator("#mrz-reading")).to_contain_text("check digits correct")
    expect(page.locator("#recent tbody tr").first).to_contain_text("Vraćenovići")
    # The point stays for the shift, the MRZ field has the focus again for the next traveller.
    page.goto("/frontline/desk")
    expect(page.locator("#shift-point")).to_contain_text("Vraćenovići")
    expect(page.locator("#mrz")).to_be_focused()

    # Keyboard only: Alt+D to the document field, type, Ctrl+Enter.
    page.keyboard.press("Alt+d")
    expect(page.locator("#document")).to_be_focused()
    page.keyboard.type("X1234567")
    page.keyboard.press("Tab")
    page.keyboard.type("ME")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#verdict")).to_have_text("CLEAR")
    assert _background(page) == GREEN
    expect(page.locator("#recent tbody tr")).to_have_count(2)

    # Escape clears what was typed.
    page.locator("#name").fill("Someone")
    page.keyboard.press("Escape")
    expect(page.locator("#name")).to_have_value("")
    expect(page.locator("#mrz")).to_be_focused()

    # A bad check digit is shown, not hidden: the hit wins and the problem is listed with it.
    lines = demo_mrz().splitlines()
    page.locator("#mrz").fill(lines[0] + "\n" + lines[1][:19] + "0" + lines[1][20:])
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT — ARREST"))
    expect(page.locator("#document-problems")).to_contain_text("birth date check digit")

    # Follow-up: open a case and the pre-filled request to the owner, then send it.
    page.locator("#mrz").fill(demo_mrz())
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT"))
    page.locator("article.hit").first.locator("button.request-button").click()
    page.wait_for_url(re.compile(r".*/frontline/cases/\d+/request\?.*"))
    expect(page.locator("input[name=subject]")).to_have_value(re.compile("rs-persons, record RS-P-0001"))
    page.locator("#compose button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    expect(page.locator("#thread li.kind-request").first).to_contain_text("URGENT")


def test_desk_check_document_empty_and_repeated_submits_and_width(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("ba.pcc")
    page.set_viewport_size({"width": 1366, "height": 768})
    _start_shift(page, "Deve Bair")
    # An expired passport nobody lists: CHECK DOCUMENT in amber, never CLEAR.
    page.locator("#mrz").fill(expired_mrz())
    expect(page.locator("#verdict")).to_have_text("CHECK DOCUMENT")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "check_document")
    assert _background(page) == AMBER
    expect(page.locator("#document-problems")).to_contain_text("document expired on 2020-01-01")
    expect(page.locator("#recent tbody tr").first).to_contain_text("CHECK DOCUMENT")

    # A HIT, then a second Enter or click on an empty form: the verdict stays, nothing is checked.
    page.locator("#mrz").fill(demo_mrz())
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT — ARREST"))
    rows = page.locator("#recent tbody tr").count()
    page.keyboard.press("Control+Enter")
    page.click("#check-button")
    expect(page.locator("#desk-note")).to_be_visible()
    expect(page.locator("#desk-note")).to_contain_text("Nothing to check")
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT — ARREST"))
    expect(page.locator("#recent tbody tr")).to_have_count(rows)

    # A scanner paste that submits by itself, and the officer's Ctrl+Enter right after it: one check.
    page.locator("#mrz").fill(demo_mrz())
    page.keyboard.press("Control+Enter")
    page.wait_for_load_state()
    expect(page.locator("#verdict")).to_have_text(re.compile("HIT — ARREST"))
    expect(page.locator("#recent tbody tr")).to_have_count(rows + 1)
    expect(page.locator("#recent tbody tr").first).to_contain_text("Deve Bair")

    # At 1366 px, the answer with its hits needs no horizontal scrolling.
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width

    # A new sign-in is a new shift: the point is asked again.
    other = new_page("ba.pcc")
    expect(other.locator("#point-form")).to_be_visible()
