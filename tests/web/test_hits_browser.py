"""The hit flow in Chromium: entity entry with live validation, a hit for both agencies, notice only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_case(page, title: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/cases/new")
    page.fill("input[name=title]", title)
    page.check("input[name=crime_areas][value=high_risk_networks]")
    page.click("#case-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    return page.url.rsplit("/", 1)[1]


def record_person(page, names: str, birth: str) -> None:  # type: ignore[no-untyped-def]
    page.click("#entities summary")
    page.select_option("#entity-type", "person")
    form = page.locator("#entity-form")
    form.locator("textarea[name='person.names']").fill(names)
    form.locator("input[name='person.birth_date']").fill(birth)
    form.locator("select[name='person.data_subject_category']").select_option("suspect")
    form.locator("button[type=submit]").click()


def test_hit_reaches_both_agencies_each_seeing_only_the_notice(new_page) -> None:  # type: ignore[no-untyped-def]
    rs = new_page("rs.spoc")
    open_case(rs, "Arms depot in Kraljevo (test)")
    rs.click("#entities summary")
    rs.select_option("#entity-type", "person")
    # Validation as you type: a wrong date is flagged before submitting.
    rs.locator("#entity-form textarea[name='person.names']").fill("Ненад Стојановић")
    rs.locator("#entity-form input[name='person.birth_date']").fill("1975-13-01")
    expect(rs.locator("#entity-check")).to_contain_text("birth_date")
    rs.locator("#entity-form input[name='person.birth_date']").fill("1975-03-01")
    expect(rs.locator("#entity-check")).to_contain_text("✔ Ненад Стојановић (1975-03-01)")
    rs.locator("#entity-form button[type=submit]").click()
    expect(rs.locator("#entity-list")).to_contain_text("Ненад Стојановић")

    al = new_page("al.officer")
    open_case(al, "Weapons sold in Shkodër (test)")
    record_person(al, "STOJANOVIC<<NENAD", "1975-03-01")
    expect(al.locator("#entity-list .hit-notice")).to_contain_text("held by")
    expect(al.locator("#entity-list .hit-notice")).to_contain_text("details withheld")
    expect(al.locator("#entity-list")).not_to_contain_text("Ненад")

    rs.goto("/hits")
    row = rs.locator("#hits tbody tr").first
    expect(row).to_contain_text("Ненад Стојановић")
    expect(row).to_contain_text("details withheld")
    expect(row).not_to_contain_text("STOJANOVIC")
    row.locator("a").first.click()
    expect(rs.locator("#hit-other")).to_contain_text("A hit exists")
    expect(rs.locator("#hit-other")).to_contain_text("State Police")
    rs.click("#hit-decision button[value=confirmed]")
    expect(rs.locator("h1")).to_contain_text("confirmed")

    al.goto("/notifications")
    expect(al.locator("#notifications")).to_contain_text("Hit #")

    mk = new_page("mk.duty")
    mk.goto("/hits")
    expect(mk.locator("#hits")).not_to_contain_text("Стојановић")
