"""An analyst's session in Chromium on the demo network: start, keyboard, expand, paths, metrics, chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from liaison.analysis.demo import PHONE

pytestmark = pytest.mark.browser


def test_analyst_session(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("me.analyst")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("a[href='/analysis']")
    page.fill("#start", PHONE)
    page.select_option("#depth", "3")
    page.click("#btn-start")
    nodes = page.locator("#node-list li")
    expect(page.locator("#node-list")).to_contain_text("restricted — held by")
    expect(page.locator("#node-list")).to_contain_text("Никола Станковић")
    expect(page.locator("#node-list")).not_to_contain_text("STANKOVIC")
    assert nodes.count() > 5
    # The graph is drawn by the vendored library (a canvas), not an inline script.
    expect(page.locator("#graph canvas").first).to_be_attached()
    # Keyboard: into the list, move, details, pin, path ends.
    page.locator("#node-list").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#node-details h3")).not_to_be_empty()
    page.keyboard.press("p")
    expect(page.locator("#node-list li[aria-selected=true]")).to_contain_text("📌")
    restricted = page.locator("#node-list li.restricted").first
    restricted.click()
    expect(page.locator("#node-details")).to_contain_text("quoting hit")
    # Path from the director of the consignee company to the driver.
    page.locator("#node-list li", has_text="Marko Ilić").click()
    page.keyboard.press("f")
    page.locator("#node-list li", has_text="Никола Станковић").click()
    page.keyboard.press("t")
    page.click("#btn-path")
    expect(page.locator("#paths li").first).to_contain_text("Marko Ilić")
    expect(page.locator("#paths li").first).to_contain_text("Никола Станковић")
    # Expand a node by type, then structure.
    page.locator("#node-list li", has_text="Marko Ilić").click()
    page.keyboard.press("e")
    page.click("#btn-metrics")
    expect(page.locator("#centrality tbody tr").first).to_be_visible()
    expect(page.locator("#metrics")).to_contain_text("communities")
    expect(page.locator("#timeline tbody tr").first).to_be_visible()
    # Hide a node, save the chart with a handling code, share it.
    page.locator("#node-list li", has_text="Marko Ilić").click()
    page.keyboard.press("h")
    expect(page.locator("#node-list li.hidden-node")).to_have_count(1)
    page.fill("#chart-name", "Durrës – Preševo network")
    page.select_option("#chart-handling", "H2")
    page.click("#btn-save")
    expect(page.locator("#status")).to_contain_text("v1 (H2)")
    page.fill("#share-agencies", "RS-SPOC")
    page.click("#btn-share")
    expect(page.locator("#status")).to_contain_text("shared with 1")
    # Exports are offered for the selected case or entity.
    expect(page.locator("#exports a.export-anx")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors

    # Serbia opens the shared chart: the Albanian case's director is not there for it.
    rs = new_page("rs.spoc")
    rs.goto("/analysis")
    rs.click("#charts a")
    expect(rs.locator("#status")).to_contain_text("H2")
    expect(rs.locator("#node-list")).to_contain_text("Никола Станковић")
    expect(rs.locator("#node-list")).not_to_contain_text("Marko Ilić")
