"""Operations and reports in Chromium: the demo's Joint Action Day, a result reported through the form, the
meeting's printable minutes, the action item in the owner's inbox, and the report charts (drawn under the
CSP, without inline script) whose figures open their records."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_operation_result_meeting_and_inbox(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("me.drugs")
    page.click("nav >> text=Operations")
    page.wait_for_url("**/operations")
    page.click("#operations >> text=JAD Western Balkans")
    expect(page.locator("#op-agencies")).to_contain_text("XK-SPOC")
    page.click("text=Report a result")
    form = page.locator("#result-form")
    form.locator("select[name=kind]").select_option("seizure")
    form.locator("input[name=occurred_on]").fill("2020-03-10")
    form.locator("select[name=category]").select_option("heroin")
    form.locator("input[name=quantity]").fill("7.25")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/operations/\d+#results$"))
    expect(page.locator("#results-table")).to_contain_text("7.25 kg")
    page.click("#op-meetings a")
    expect(page.locator("#agenda")).to_contain_text("Targets and crossing points")
    expect(page.locator("#action-items-table")).to_contain_text("MK-SPOC")
    page.click("#print-link")
    expect(page.locator("#minutes")).to_contain_text("common reporting")
    expect(page.locator("nav")).to_have_count(0)

    owner = new_page("mk.duty")
    owner.goto(owner.url.split("/inbox")[0] + "/inbox")
    expect(owner.locator("#action-items")).to_contain_text("Share the list of targeted vehicles")


def test_report_charts_and_explain(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("mk.supervisor")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("#nav-statistics")
    page.wait_for_url("**/reports/spoc")
    expect(page.locator("canvas[data-drawn]").first).to_be_attached()
    page.click("nav >> text=Reports")
    page.click("#report-list >> text=Joint Action Day communiqué")
    section = page.locator(".report-section", has_text="Arrests by crime area")
    expect(section.locator("canvas")).to_have_attribute("data-drawn", re.compile(r"\d+"))
    section.locator("a[data-key='Arrests by crime area|All arrests (each person once)']").click()
    expect(page.locator("#explain-value")).to_have_text("5")
    expect(page.locator("#explain-count")).to_have_text("6")
    assert not [e for e in errors if "Content Security Policy" in e]
