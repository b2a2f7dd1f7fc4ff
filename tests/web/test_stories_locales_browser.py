"""The README's stories 1–8 in Albanian, Serbian Cyrillic and Macedonian, as people do them in Chromium
(issue 10).

One test per locale and database walks the stories in the README's order on one live server, each person in
a browser context of their own. Elements are found by id, name, role and structure, never by English text;
where a visible text is checked it is the catalogue's translation of the English message, read at test
time, so a page that fell back to English fails. Every user reads the locale through ``User.language``,
set in the database before signing in, except ``me.drugs``, who picks it on the sign-in page; the browser
itself asks for English (``Accept-Language: en``), so the language can only come from the user's choice.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from liaison.core.i18n import translations
from liaison.demo import PASSWORD
from liaison.frontline.demo import demo_mrz, expired_mrz

pytestmark = pytest.mark.browser

LOCALES = ("sq", "sr-Cyrl", "mk")
#: The people of the stories whose language is set in the database (``me.drugs`` picks it at sign-in).
PEOPLE = ("mk.duty", "al.officer", "mk.supervisor", "dpo", "admin", "ba.pcc")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBJECT = "Directors of the consignee company (test)"


def t(locale: str, msgid: str) -> str:
    """``msgid`` translated into ``locale`` by the product's catalogue, which must hold it (a word may read the
    same in both languages, like Albanian "Person"; headings are checked against the English apart)."""
    catalogue = translations(locale)
    assert msgid in getattr(catalogue, "_catalog", {}), f"{locale} has no translation of {msgid!r}"
    return catalogue.gettext(msgid)


def pattern(locale: str, msgid: str) -> re.Pattern[str]:
    """The translation of ``msgid`` as a pattern, its placeholders (``%(x)s``, ``{x}``) matching anything."""
    parts = re.split(r"%\(\w+\)[sd]|\{\w+\}", t(locale, msgid))
    return re.compile(".+".join(re.escape(p) for p in parts), re.S)


class Story:
    """One locale's walk: the live server, the browser, and the people signed in so far."""

    def __init__(self, browser: Any, base: str, locale: str) -> None:
        self.browser, self.base, self.locale = browser, base, locale
        self.contexts: list[Any] = []

    def t(self, msgid: str) -> str:
        return t(self.locale, msgid)

    def p(self, msgid: str) -> re.Pattern[str]:
        return pattern(self.locale, msgid)

    def page(self) -> Any:
        ctx = self.browser.new_context(
            base_url=self.base,
            timezone_id="Europe/Skopje",
            locale="en-GB",
            extra_http_headers={"Accept-Language": "en"},
        )
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(10000)
        return page

    def sign_in(self, username: str, totp: str = "") -> Any:
        """Sign in with the language stored on the account; the page must then be in the locale."""
        page = self.page()
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        if totp:
            page.fill("input[name=totp]", totp)
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        self.in_locale(page)
        return page

    def in_locale(self, page: Any, heading: str | None = None) -> None:
        expect(page.locator("html")).to_have_attribute("lang", self.locale)
        if heading is not None:
            expect(page.locator("h1").first).to_contain_text(self.t(heading))
            assert heading not in (page.locator("h1").first.text_content() or ""), f"English heading {heading!r}"

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


def summary_of(scope: Any, form: str) -> Any:
    """The ``<summary>`` that opens the ``<details>`` holding ``form``."""
    return scope.locator(f"details:has({form}) > summary").first


def agency_id(code: str) -> str:
    from liaison.agencies.service import by_code
    from liaison.core.db import session_scope

    with session_scope() as s:
        agency = by_code(s, code)
        assert agency is not None
        return str(agency.id)


def set_languages(locale: str) -> None:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        s.execute(update(User).where(User.username.in_(PEOPLE)).values(language=locale))
        s.execute(update(User).where(User.username == "me.drugs").values(language=""))


def stored_language(username: str) -> str:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        return str(s.execute(select(User.language).where(User.username == username)).scalar_one())


# ------------------------------------------------------------------------------------------------ stories


def story_1_new_case_and_urgent_request(st: Story) -> tuple[Any, str]:
    """``me.drugs`` picks the language on the sign-in page, opens a case and sends MK an urgent request."""
    me = st.page()
    me.goto("/login")
    expect(me.locator("html")).to_have_attribute("lang", "en")
    me.click(f"#languages a[hreflang='{st.locale}']")
    st.in_locale(me, "Sign in to Liaison")
    expect(me.locator("#login-language")).to_have_value(st.locale)
    me.fill("input[name=username]", "me.drugs")
    me.fill("input[name=password]", PASSWORD)
    me.click("form button[type=submit]")
    me.wait_for_url(re.compile(r".*/inbox$"))
    st.in_locale(me, "Inbox")
    assert stored_language("me.drugs") == st.locale, "the choice at sign-in is the account's language"

    me.click("header a[href='/cases/new']")
    st.in_locale(me)
    me.fill("input[name=title]", "Cocaine shipments through the port of Bar (test)")
    me.check("input[name=crime_areas][value=drugs_trafficking]")
    me.select_option("select[name=handling_code]", "H2")
    me.click("#case-form button[type=submit]")
    me.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_id = me.url.rsplit("/", 1)[1]
    form = me.locator("#compose")
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=recipient_agency_id]").select_option(agency_id("MK-SPOC"))
    form.locator("select[name=priority]").select_option("urgent")
    form.locator("select[name=data_access]").select_option("direct")
    form.locator("select[name=legal_basis_code]").select_option("EU-2023-977")
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=purpose]").fill("Identify the organisers of the shipment")
    form.locator("textarea[name=body]").fill("Registry data on Trgo-Export DOOEL")
    form.locator("select[name=handling_code]").select_option("H2")
    form.locator("button[type=submit]").click()
    me.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    st.in_locale(me)
    expect(me.locator("#flash")).to_have_text(st.p("Sent to {agency}: {subject}"))
    request = me.locator("#thread li.kind-request").first
    expect(request.locator(".badge.urgent")).to_have_text(st.t("URGENT"))
    expect(request.locator(".badge.urgency")).to_have_text(st.t("Due within a day"))
    left = st.t("%(time)s left").replace("%(time)s", r"0?[78]:\d\d:\d\d")
    expect(request.locator(".countdown")).to_have_text(re.compile(left))
    return me, case_id


def story_2_inbox_assign_clarify_reply_close_reopen(st: Story, me: Any, case_id: str, tmp_path: Any) -> Any:
    mk = st.sign_in("mk.duty")
    st.in_locale(mk, "Inbox")
    row = mk.locator("#inbox tbody tr", has_text=SUBJECT)
    expect(row.locator(".badge.urgency")).to_have_text(st.t("Due within a day"))
    countdown = row.locator(".countdown")
    left = st.t("%(time)s left").replace("%(time)s", r"0?7:5\d:\d\d")
    expect(countdown).to_have_text(re.compile(left))
    first = countdown.text_content()
    expect(countdown).not_to_have_text(first or "", timeout=3000)  # live
    row.locator(f"a[href*='/cases/{case_id}']").first.click()
    mk.wait_for_url(re.compile(rf".*/cases/{case_id}#m\d+"))
    msg = mk.locator("#thread li.kind-request").first
    expect(summary_of(msg, ".assign-form")).to_have_text(st.t("Assign"))
    summary_of(msg, ".assign-form").click()
    assignee = msg.locator(".assign-form select option", has_text="Elena Petrovska").first.get_attribute("value")
    msg.locator(".assign-form select").select_option(assignee)
    msg.locator(".assign-form button").click()
    expect(mk.locator("#flash")).to_have_text(st.p("{reference}: request assigned to {name}"))

    msg = mk.locator("#thread li.kind-request").first
    summary_of(msg, ".reply-form").click()
    msg.locator(".reply-form select[name=kind]").select_option("clarification_request")
    msg.locator(".reply-form textarea[name=body]").fill("Which of the two companies of that name?")
    msg.locator(".reply-form button[type=submit]").click()
    request = mk.locator("#thread li.kind-request").first
    expect(request.locator(".deadline .paused")).to_contain_text(st.t("paused since"))
    expect(request.locator(".badge.urgency")).to_have_text(st.t("Paused: clarification awaited"))

    me.goto(f"/cases/{case_id}")
    expect(me.locator("#thread li.kind-request .deadline .paused")).to_contain_text(st.t("paused since"))
    me.locator(".clarify-form textarea[name=body]").fill("Registration number 7654321")
    me.locator(".clarify-form button").click()
    expect(me.locator("#thread li.kind-request .events")).to_contain_text(st.t("deadline resumed"))
    expect(me.locator("#thread li.kind-request .deadline .paused")).to_have_count(0)

    mk.goto(f"/cases/{case_id}")
    msg = mk.locator("#thread li.kind-request").first
    summary_of(msg, ".reply-form").click()
    msg.locator(".reply-form textarea[name=body]").fill("Two directors; registry extract attached.")
    pdf = tmp_path / "registry-extract.pdf"
    pdf.write_bytes(PDF)
    msg.locator(".reply-form input[type=file]").set_input_files(str(pdf))
    msg.locator(".reply-form button[type=submit]").click()
    expect(mk.locator("#thread > li")).to_have_count(4)
    expect(mk.locator("#thread li.kind-reply .attachments")).to_contain_text("registry-extract.pdf")

    # The owner closes the case with an outcome, reopens it and renames it; the history says so.
    me.goto(f"/cases/{case_id}")
    expect(me.locator("#case-status")).to_have_text(st.t("Open"))
    expect(me.locator("#case-close > summary")).to_have_text(st.t("Close the case"))
    me.locator("#case-close > summary").click()
    me.select_option("#case-close select[name=outcome]", "solved")
    me.locator("#case-close button").click()
    expect(me.locator("#case-status")).to_contain_text(st.t("Closed"))
    closed = st.t("The case is closed: reopen it to send new messages in it.")
    expect(me.locator("#compose-closed")).to_have_text(closed)
    me.locator("#case-reopen > summary").click()
    me.fill("#case-reopen input[name=justification]", "New lead from the port")
    me.locator("#case-reopen button").click()
    expect(me.locator("#case-status")).to_have_text(st.t("Open"))
    me.locator("#case-edit > summary").click()
    me.fill("#case-edit input[name=title]", "Cocaine through Bar, renamed (test)")
    me.locator("#case-edit button").click()
    expect(me.locator("h1")).to_contain_text("renamed (test)")
    me.locator("#case-history > summary").click()
    history = me.locator("#case-history")
    expect(history.locator("summary")).to_contain_text(st.t("Case history"))
    expect(history).to_contain_text(st.t("case closed"))
    expect(history).to_contain_text(st.t("case reopened"))
    return mk


def story_3_outsider_sees_nothing(st: Story, mk: Any, case_id: str) -> None:
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    al = st.sign_in("al.officer")
    al.goto(f"/cases/{case_id}")
    st.in_locale(al, "Not found.")
    with session_scope() as s:
        denied = s.execute(
            select(AuditRecord.id).where(
                AuditRecord.action == "access_denied",
                AuditRecord.object_type == "case",
                AuditRecord.object_id == case_id,
            )
        ).all()
    assert denied, "the attempt is in the audit trail"

    # mk.duty sends Albania a message in the case: al.officer sees that message and the title, nothing else.
    mk.goto(f"/cases/{case_id}")
    form = mk.locator("#compose")
    form.locator("select[name=kind]").select_option("notification")
    form.locator("select[name=recipient_agency_id]").select_option(agency_id("AL-SPOC"))
    form.locator("input[name=subject]").fill("For your information (test)")
    form.locator("textarea[name=body]").fill("A lorry may cross at Kakavija")
    form.locator("button[type=submit]").click()
    mk.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    al.goto(f"/cases/{case_id}")
    st.in_locale(al)
    expect(al.locator("h1")).to_contain_text("renamed (test)")
    expect(al.locator("#thread > li")).to_have_count(1)
    expect(al.locator("#case-not-shared")).to_have_text(
        st.t("You see the messages addressed to or sent by your agency; the case itself is not shared with you.")
    )
    expect(al.locator("main")).not_to_contain_text(SUBJECT)
    expect(al.locator("main")).not_to_contain_text("Trgo-Export")


def story_4_escalations(st: Story) -> None:
    sup = st.sign_in("mk.supervisor")
    sup.click("header a[href='/escalations']")
    st.in_locale(sup, "Escalations")
    late = sup.locator("#overdue-out")
    expect(late.locator("h2")).to_contain_text(st.t("Overdue answers we are waiting for"))
    row = late.locator("tbody tr", has_text="Kakavija")
    expect(row.locator(".badge.status-overdue")).to_have_text(st.t("overdue"))
    expect(row.locator(".badge.urgency")).to_have_text(st.t("Overdue"))


def story_5_dpo_audit(st: Story, case_ref: str) -> None:
    dpo = st.sign_in("dpo")
    dpo.click("header a[href='/audit']")
    st.in_locale(dpo, "Audit trail")
    expect(dpo.locator("#audit-heading")).to_contain_text(st.t("Recent events in your scope"))
    dpo.fill("#audit-query input[name=reference]", case_ref)
    dpo.click("#audit-query button[type=submit]")
    expect(dpo.locator("#audit-heading")).to_contain_text(st.t("Records found"))
    expect(dpo.locator("#audit-rows")).to_contain_text("me.drugs")
    dpo.fill("#audit-query input[name=reference]", "")
    dpo.fill("#audit-query input[name=user]", "me.drugs")
    dpo.select_option("#audit-query select[name=action]", "collection")
    dpo.click("#audit-query button[type=submit]")
    for row in dpo.locator("#audit-rows tbody tr").all():
        expect(row).to_contain_text("me.drugs")
    expect(dpo.locator("#audit-export")).to_have_text(st.t("Export CSV"))
    with dpo.expect_download() as download:
        dpo.click("#audit-export")
    assert download.value.suggested_filename == "audit.csv"
    dpo.click("#audit-verify")
    expect(dpo.locator("#verify-result")).to_contain_text(st.t("Trail intact"))


def story_6_admin_needs_the_code(st: Story) -> None:
    import pyotp

    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    page = st.page()
    page.goto(f"/login?lang={st.locale}")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    st.in_locale(page, "Sign in to Liaison")
    expect(page.locator("[role=alert]")).to_have_text(st.t("The one-time code is missing, wrong or already used."))
    with session_scope() as s:
        secret = s.execute(select(User.totp_secret).where(User.username == "admin")).scalar_one()
    admin = st.sign_in("admin", pyotp.TOTP(secret).now())
    st.in_locale(admin, "Inbox")
    expect(admin.locator("header a[href='/admin/users']")).to_have_text(st.t("Users"))


def story_7_hit_request_and_search(st: Story, me: Any, mk: Any) -> None:
    me.goto("/hits")
    st.in_locale(me)
    me.locator("#hits tbody tr", has_text="Петровић").locator("a").first.click()
    expect(me.locator("#hit-other")).to_contain_text(st.t("A hit exists. The record is held by"))
    me.click("#request-holder")
    expect(me.locator("#compose select[name=recipient_agency_id]")).to_have_value(agency_id("DE-BKA"))
    subject = st.p("Hit #%(id)s: request for the record you hold")
    expect(me.locator("#compose input[name=subject]")).to_have_value(subject)
    me.select_option("#legal-basis", "EU-2023-977")
    me.click("#compose button[type=submit]")
    me.wait_for_url(re.compile(r".*/cases/\d+#m\d+$"))
    expect(me.locator("#flash")).to_have_text(st.p("Sent to {agency}: {subject}"))
    me.fill("header input[name=q]", "Петровић")
    me.press("header input[name=q]", "Enter")
    st.in_locale(me, "Search")
    person = me.locator("#search-people tbody tr", has_text="Петровић").first
    expect(person.locator("td").first).to_have_text(st.t("Person"))
    expect(me.locator("#search-people")).not_to_contain_text("PETROWITSCH")  # the BKA's record stays hidden

    # mk.duty, the addressee of both requests, finds both people with one query and opens the hit.
    mk.fill("header input[name=q]", "Петровић")
    mk.press("header input[name=q]", "Enter")
    st.in_locale(mk, "Search")
    expect(mk.locator("#search-people")).to_contain_text("Петровић")
    expect(mk.locator("#search-people")).to_contain_text("PETROWITSCH")
    mk.locator("#search-people tbody tr", has_text="PETROWITSCH").locator("a").first.click()
    mk.locator("#entity-list .hit-notice a").first.click()
    st.in_locale(mk)
    expect(mk.locator("h1")).to_contain_text(re.compile(re.escape(st.t("Hit")) + r" #\d+"))
    expect(mk.locator("#hit-other")).not_to_contain_text(st.t("A hit exists. The record is held by"))
    mk.fill("header input[name=q]", "070 123 456")
    mk.press("header input[name=q]", "Enter")
    st.in_locale(mk, "Search")
    expect(mk.locator("#search-people")).to_contain_text("+38970123456")


def story_8_frontline_desk(st: Story) -> None:
    page = st.sign_in("ba.pcc")
    expect(page).to_have_url(re.compile(r".*/frontline/desk$"))
    st.in_locale(page, "Frontline check")
    expect(page.locator("#point-button")).to_have_text(st.t("Start the shift"))
    page.fill("#crossing_point", "Vraćenovići")
    page.click("#point-button")
    expect(page.locator("#shift-point")).to_contain_text(st.t("Crossing point (this shift)"))
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text(st.t("Ready"))
    page.locator("#mrz").fill(demo_mrz())
    expect(verdict).to_have_text(f"{st.t('HIT')} — {st.t('Arrest').upper()}")
    expect(verdict).to_have_attribute("data-verdict", "hit")
    expect(page.locator("#mrz-reading")).to_contain_text(st.t("check digits correct"))
    # Enter again on the empty form: the verdict stays.
    page.keyboard.press("Control+Enter")
    expect(page.locator("#desk-note")).to_have_text(
        st.t("Nothing to check: the form is empty. The verdict shown is still that of the last check.")
    )
    expect(verdict).to_have_attribute("data-verdict", "hit")
    page.locator("#mrz").fill(expired_mrz())
    expect(verdict).to_have_text(st.t("CHECK DOCUMENT"))
    page.fill("#plate", "M-LX 4711")
    page.fill("input[name=plate_country]", "DE")
    page.keyboard.press("Control+Enter")
    expect(verdict).to_have_text(f"{st.t('HIT')} — {st.t('Seize the object').upper()}")
    page.fill("#document", "008654321")
    page.fill("input[name=document_country]", "RS")
    page.keyboard.press("Control+Enter")
    expect(page.locator("article.hit.withheld header")).to_contain_text(st.t("restricted entry"))
    page.fill("#document", "X1234567")
    page.fill("input[name=document_country]", "ME")
    page.keyboard.press("Control+Enter")
    expect(verdict).to_have_text(st.t("CLEAR"))
    expect(verdict).to_have_attribute("data-verdict", "clear")

    # Without the frontline role the desk refuses, in the reader's language.
    dpo = st.sign_in("dpo")
    dpo.goto("/frontline/desk")
    st.in_locale(dpo)
    expect(dpo.locator("main")).to_contain_text(
        st.t(
            "Frontline checks need the frontline role (border or PCC officer). "
            "Ask your administrator if checks are part of your duties."
        )
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_readme_stories_in_locale(browser, live_server, locale: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    set_languages(locale)
    st = Story(browser, live_server, locale)
    try:
        me, case_id = story_1_new_case_and_urgent_request(st)
        case_ref = me.locator("#case-ref").text_content() or ""
        mk = story_2_inbox_assign_clarify_reply_close_reopen(st, me, case_id, tmp_path)
        story_3_outsider_sees_nothing(st, mk, case_id)
        story_4_escalations(st)
        story_5_dpo_audit(st, case_ref.strip())
        story_6_admin_needs_the_code(st)
        story_7_hit_request_and_search(st, me, mk)
        story_8_frontline_desk(st)
    finally:
        st.close()
