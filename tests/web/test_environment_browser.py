"""The environmental flow in Chromium: screen a shipment, record the seizure, see it on the case and in the charts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_screen_record_seizure_case_page_and_statistics(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("mk.customs")
    page.click("text=Screen shipment")
    page.wait_for_url("**/environment/screen")

    # A code that does not exist is refused with the reason, never screened silently.
    page.fill("input[name=hs_code]", "2903.98")
    page.click("#screen-form button[type=submit]")
    expect(page.locator("#screen-error")).to_contain_text("does not exist")

    page.fill("input[name=hs_code]", "2903.71")
    page.fill("textarea[name=description]", "Freon R-22 in disposable cylinders")
    page.fill("input[name=refrigerant]", "R-22")
    page.fill("input[name=origin]", "TR")
    page.fill("input[name=transit]", "BG")
    page.fill("input[name=destination]", "MK")
    page.fill("input[name=quantity]", "55")
    page.fill("input[name=unit]", "kg")
    page.fill("input[name=packaging]", "disposable cylinders")
    page.click("#screen-form button[type=submit]")
    expect(page.locator("#treaties")).to_contain_text("MONTREAL")
    expect(page.locator("#treaties")).to_contain_text("HCFC-22")
    expect(page.locator("#requirements")).to_contain_text("MISSING")
    expect(page.locator("#red-flags")).to_contain_text("DISPOSABLE_CYLINDER")
    expect(page.locator("#screening-note")).to_contain_text("does not replace")

    form = page.locator("#seizure-form")
    case_value = form.locator("select[name=case_id] option", has_text="Refrigerant smuggling").get_attribute("value")
    form.locator("select[name=case_id]").select_option(case_value)
    form.locator("input[name=seized_on]").fill(date.today().isoformat())
    form.locator("input[name=place]").fill("Kafasan border crossing")
    form.locator("select[name=transport_mode]").select_option("road")
    form.locator("input[name=concealment]").fill("Cylinders under a load of melons")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#seizure-\d+$"))
    row = page.locator("#seizure-list tr", has_text="Kafasan border crossing")
    expect(row).to_contain_text("MONTREAL")
    expect(row).to_contain_text("DISPOSABLE_CYLINDER")

    row.locator("a").first.click()
    expect(page.locator("#seizure-record")).to_contain_text("Cylinders under a load of melons")
    expect(page.locator("#route")).to_contain_text("TR → BG → MK")
    page.emulate_media(media="print")
    expect(page.locator("#send-request")).to_be_hidden()
    expect(page.locator("header.topbar")).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto("/environment/stats")
    expect(page.locator("#stats-total")).to_have_text("5")
    expect(page.locator("#chart-treaty table")).to_contain_text("MONTREAL")
    expect(page.locator("#chart-treaty table tr", has_text="MONTREAL")).to_contain_text("3")
    expect(page.locator("canvas[data-dimension=treaty]")).to_have_attribute("data-drawn", "3")
    # Leave the server idle before it stops: no request of this page may still be in flight.
    page.goto("about:blank")
