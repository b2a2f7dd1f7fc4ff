"""Stories 1–7 of the case system, as people do them in Chromium."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pick(select, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose the option whose label contains ``text``."""
    value = select.locator("option", has_text=re.compile(text)).first.get_attribute("value")
    select.select_option(value)


def open_case_and_request(page) -> str:  # type: ignore[no-untyped-def]
    page.click("text=New case")
    page.fill("input[name=title]", "Cocaine shipments through the port of Bar (test)")
    page.check("input[name=crime_areas][value=drugs_trafficking]")
    page.select_option("select[name=handling_code]", "H2")
    page.click("#case-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    form = page.locator("#compose")
    form.locator("select[name=kind]").select_option("request")
    pick(form.locator("select[name=recipient_agency_id]"), "Sector for International Police Cooperation")
    form.locator("select[name=priority]").select_option("urgent")
    form.locator("select[name=data_access]").select_option("direct")
    form.locator("select[name=legal_basis_code]").select_option("EU-2023-977")
    form.locator("input[name=subject]").fill("Directors of the consignee company (test)")
    form.locator("textarea[name=purpose]").fill("Identify the organisers of the shipment")
    form.locator("textarea[name=body]").fill("Registry data on Trgo-Export DOOEL")
    form.locator("select[name=handling_code]").select_option("H2")
    form.locator("select[name=source]").select_option("B")
    form.locator("select[name=information]").select_option("2")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    return case_url.rsplit("/", 1)[1]


def test_stories_1_and_2_request_inbox_assign_clarify_reply(new_page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    me = new_page("me.drugs")
    case_id = open_case_and_request(me)
    request = me.locator("#thread li.kind-request").first
    expect(request).to_contain_text("URGENT")
    expect(request).to_contain_text("H2")
    expect(request).to_contain_text("B2")
    expect(request.locator(".countdown")).to_contain_text(re.compile(r"(7:5\d|8:00):\d\d left"))

    mk = new_page("mk.duty")
    row = mk.locator("#inbox tbody tr", has_text="Directors of the consignee company (test)")
    expect(row).to_be_visible()
    expect(row.locator(".countdown")).to_contain_text(re.compile(r"0?7:5\d:\d\d left"))
    first = mk.locator("#inbox .countdown").first.text_content()
    mk.wait_for_timeout(1200)
    assert mk.locator("#inbox .countdown").first.text_content() != first, "the countdown is live"
    row.locator("a").first.click()
    mk.wait_for_url(re.compile(rf".*/cases/{case_id}#m\d+"))
    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Assign").click()
    pick(msg.locator(".assign-form select"), "Elena Petrovska")
    msg.locator(".assign-form button").click()
    msg = mk.locator("#thread li.kind-request").first
    expect(msg.locator(".events")).to_contain_text("assigned by Aleksandar Stojanovski: Elena Petrovska")

    msg.locator("summary", has_text="Answer").click()
    msg.locator(".reply-form select[name=kind]").select_option("clarification_request")
    msg.locator(".reply-form textarea[name=body]").fill("Which of the two companies of that name?")
    msg.locator(".reply-form button[type=submit]").click()
    expect(mk.locator("#thread li.kind-clarification_request")).to_contain_text("Which of the two companies")

    me.goto(f"/cases/{case_id}")
    me.locator(".clarify-form textarea[name=body]").fill("Registration number 7654321")
    me.locator(".clarify-form button").click()
    expect(me.locator("#thread li.kind-clarification")).to_contain_text("7654321")

    mk.goto(f"/cases/{case_id}")
    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Answer").click()
    msg.locator(".reply-form textarea[name=body]").fill("Two directors; registry extract attached.")
    pdf = tmp_path / "registry-extract.pdf"
    pdf.write_bytes(PDF)
    msg.locator(".reply-form input[type=file]").set_input_files(str(pdf))
    msg.locator(".reply-form button[type=submit]").click()
    thread = mk.locator("#thread > li")
    expect(thread).to_have_count(4)
    kinds = [thread.nth(i).get_attribute("data-kind") for i in range(4)]
    assert kinds == ["request", "clarification_request", "clarification", "reply"]
    expect(mk.locator("#thread li.kind-reply .attachments")).to_contain_text("registry-extract.pdf")
    expect(mk.locator("#thread li.kind-request .badge.status-answered")).to_be_visible()

    me.goto(f"/cases/{case_id}")
    expect(me.locator("#thread li.kind-reply")).to_contain_text("Two directors")
    with me.expect_download() as dl:
        me.locator("#thread li.kind-reply .attachments a").click()
    assert dl.value.path().read_bytes() == PDF


def test_stories_3_and_4_outsider_sees_nothing_and_h2_forward_needs_permission(new_page) -> None:  # type: ignore[no-untyped-def]
    me = new_page("me.drugs")
    case_id = open_case_and_request(me)
    al = new_page("al.officer")
    al.goto(f"/cases/{case_id}")
    expect(al.locator("h1")).to_have_text("Not found.")
    al.goto("/search?q=Trgo-Export")
    expect(al.locator("#search-messages")).to_contain_text("No message found.")
    al.goto("/cases?q=port+of+Bar")
    expect(al.locator("#cases")).not_to_contain_text("(test)")

    mk = new_page("mk.duty")
    mk.goto(f"/cases/{case_id}")
    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Forward").click()
    pick(msg.locator(".forward-form select"), r"Service for International Operational")
    msg.locator(".forward-form input[name=justification]").fill("Suspect lives in Novi Sad")
    msg.locator(".forward-form button").click()
    expect(mk.locator("h1")).to_contain_text("Refused: this message is H2")

    me.goto(f"/cases/{case_id}")
    req = me.locator("#thread li.kind-request").first
    req.locator("summary", has_text="Permit passing on").click()
    pick(req.locator(".permission-form select"), r"Service for International Operational")
    req.locator(".permission-form input[name=note]").fill("Agreed by phone with the duty officer")
    req.locator(".permission-form button").click()
    expect(me.locator("#thread li.kind-request .events")).to_contain_text("permission granted")

    mk.goto(f"/cases/{case_id}")
    msg = mk.locator("#thread li.kind-request").first
    msg.locator("summary", has_text="Forward").click()
    pick(msg.locator(".forward-form select"), r"Service for International Operational")
    msg.locator(".forward-form input[name=justification]").fill("Suspect lives in Novi Sad")
    msg.locator(".forward-form button").click()
    expect(mk.locator("#thread li.kind-forward")).to_contain_text("RS")

    rs = new_page("rs.spoc")
    rs.goto(f"/cases/{case_id}")
    expect(rs.locator("#thread > li")).to_have_count(1)
    expect(rs.locator("#thread li.kind-forward")).to_be_visible()


def test_stories_5_6_7_overdue_escalation_dpo_and_erasure(new_page, db_url) -> None:  # type: ignore[no-untyped-def]
    me = new_page("me.drugs")
    case_id = open_case_and_request(me)
    from liaison.cases.models import Message
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    with session_scope() as s:
        s.execute(
            update(Message)
            .where(Message.case_id == int(case_id))
            .values(received_at=utcnow() - timedelta(hours=10), deadline_at=utcnow() - timedelta(hours=2))
        )
    sup = new_page("mk.supervisor")
    sup.goto("/escalations")
    expect(sup.locator("#overdue-in")).to_contain_text("Directors of the consignee company (test)")

    mk = new_page("mk.duty")
    mk.goto(f"/cases/{case_id}")
    msg = mk.locator("#thread li.kind-request").first
    expect(msg.locator(".badge.status-overdue")).to_be_visible()
    msg.locator("summary", has_text="Answer").click()
    expect(msg.locator(".reply-form textarea[name=delay_reason]")).to_be_visible()
    msg.locator(".reply-form textarea[name=body]").fill("Late but complete")
    msg.locator(".reply-form textarea[name=delay_reason]").fill("Registry offline")
    msg.locator(".reply-form button[type=submit]").click()
    expect(mk.locator("#thread li.kind-reply .delay")).to_contain_text("Registry offline")

    message_id = me.locator("#thread li.kind-request").first.get_attribute("id")
    dpo = new_page("dpo")
    dpo.goto("/audit")
    dpo.select_option("#audit-query select[name=object_type]", "message")
    dpo.fill("#audit-query input[name=object_id]", message_id[1:] if message_id else "")
    dpo.click("#audit-query button")
    rows = dpo.locator("#audit-rows tbody")
    expect(rows).to_contain_text("mk.duty")
    expect(rows).to_contain_text("consultation")
    expect(rows).to_contain_text("disclosure")
    dpo.click("text=Verify the whole trail")
    expect(dpo.locator("#verify-result")).to_contain_text("Trail intact")

    # Reviews belong to the owning agency: the ME SPOC supervisor does not see the drug unit's old case.
    sup_me = new_page("me.supervisor")
    sup_me.goto("/reviews")
    expect(sup_me.locator("#reviews")).not_to_contain_text("Heroin courier")
    from liaison.accounts.service import create_user

    with session_scope() as s:
        create_user(
            s,
            username="me.drugs.chief",
            full_name="Chief",
            agency_code="ME-POL-DRUGS",
            role="supervisor",
            password="a-long-password-1",
        )
    drugs_chief = new_page("me.drugs.chief", "a-long-password-1")
    drugs_chief.goto("/reviews")
    row = drugs_chief.locator("#reviews tr", has_text="Heroin courier")
    row.locator(".erase-form input[name=justification]").fill("Retention period over")
    row.locator(".erase-form button").click()
    expect(drugs_chief.locator("#reviews")).not_to_contain_text("Heroin courier")
