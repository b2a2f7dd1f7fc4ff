"""Issue 8, the access rule (cases/access.py): the leaks it closes, through the API and the pages, on both
databases.

1. A forward recipient re-forwarding an H2 copy needs the ORIGINATOR's permission, at any depth.
2. A spontaneous message discloses itself only, never the case's history.
3. Only the seizing agency (or one it authorised) sends a seizure record abroad.
4. A forward's recipient does not see the case's own data (description, case-level persons).
"""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import agency_id, api, csrf, login

BAR_TITLE = "Cocaine shipments through the port of Bar"


def _bar() -> tuple[int, int, int]:
    """The demo's Bar case, its H2 request to MK and the person recorded on that request."""
    from liaison.cases.models import Case, Message
    from liaison.core.db import session_scope
    from liaison.entities.models import EntityRecord

    with session_scope() as s:
        case_id = s.execute(select(Case.id).where(Case.title == BAR_TITLE)).scalar_one()
        request_id = s.execute(
            select(Message.id).where(Message.case_id == case_id, Message.kind == "request").order_by(Message.id)
        ).scalars().first()
        person_id = s.execute(
            select(EntityRecord.id).where(EntityRecord.message_id == request_id, EntityRecord.type == "person")
        ).scalar_one()
    assert request_id is not None
    return case_id, request_id, person_id


def _forward(c, message_id: int, to: str, status: int):  # type: ignore[no-untyped-def]
    r = c.post(
        f"/api/v1/messages/{message_id}/forward", json={"to_agency_id": agency_id(to), "justification": "Needed there"}
    )
    assert r.status_code == status, r.text
    return r.json()


def _permit(c, message_id: int, to: str, status: int = 201) -> None:  # type: ignore[no-untyped-def]
    r = c.post(f"/api/v1/messages/{message_id}/permissions", json={"to_agency_id": agency_id(to), "note": "ok"})
    assert r.status_code == status, r.text


# --- 1. re-forwarding --------------------------------------------------------------------------------


def test_reforwarding_an_h2_copy_needs_the_originators_permission(db_url: str) -> None:
    me, mk, rs, al = api("me.drugs"), api("mk.duty"), api("rs.spoc"), api("al.officer")
    _case_id, request_id, _person = _bar()
    _permit(me, request_id, "RS-SPOC")
    copy = _forward(mk, request_id, "RS-SPOC", 201)
    assert copy["handling_code"] == "H2" and copy["originator_agency_id"] == agency_id("ME-POL-DRUGS")
    # The leak: RS (the copy's sender is MK, not RS) passed ME's H2 information on to AL unasked.
    refused = _forward(rs, copy["id"], "AL-SPOC", 403)
    assert "H2" in refused["error"] and "Drug Unit (ME)" in refused["error"]
    # Nor may the forwarder, sender of the copy, pass its copy on (201 before: it counted as the originator).
    _forward(mk, copy["id"], "AL-SPOC", 403)
    # Nor may the forwarder, or its recipient, give the permission: only the originator does.
    _permit(mk, request_id, "AL-SPOC", 403)
    _permit(mk, copy["id"], "AL-SPOC", 403)
    _permit(rs, copy["id"], "AL-SPOC", 403)
    # With the originator's permission (given on any copy it sees, kept on the message first sent) it goes.
    _permit(me, copy["id"], "AL-SPOC")
    second = _forward(rs, copy["id"], "AL-SPOC", 201)
    assert second["handling_code"] == "H2" and second["originator_agency_id"] == agency_id("ME-POL-DRUGS")
    # As far as the originator allowed and no further: AL may not pass it to XK.
    _forward(al, second["id"], "XK-SPOC", 403)
    # The originator sees every copy, at any depth; the case owner has no other right.
    seen = {m["id"] for m in me.get(f"/api/v1/cases/{copy['case_id']}").json()["messages"]}
    assert {request_id, copy["id"], second["id"]} <= seen
    # AL sees only the copy addressed to it.
    assert [m["id"] for m in al.get(f"/api/v1/cases/{copy['case_id']}").json()["messages"]] == [second["id"]]


def test_reforwarding_refused_on_the_page_too(db_url: str) -> None:
    me, mk = api("me.drugs"), api("mk.duty")
    case_id, request_id, _person = _bar()
    _permit(me, request_id, "RS-SPOC")
    copy = _forward(mk, request_id, "RS-SPOC", 201)
    page = login("rs.spoc")
    token = csrf(page, f"/cases/{case_id}")
    r = page.post(
        f"/messages/{copy['id']}/forward",
        data={"to_agency_id": agency_id("AL-SPOC"), "justification": "x", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert api("al.officer").get(f"/api/v1/cases/{case_id}").status_code == 404


# --- 2. a new message discloses itself only -----------------------------------------------------------


def _spontaneous(c, case_id: int, to: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    r = c.post(
        f"/api/v1/cases/{case_id}/messages",
        json={"kind": "spontaneous", "recipient_agency_id": agency_id(to), "subject": "FYI", "body": "A tip."},
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_a_spontaneous_message_does_not_open_the_case(db_url: str) -> None:
    case_id, request_id, person_id = _bar()
    tip = _spontaneous(api("mk.duty"), case_id, "AL-SPOC")
    al = api("al.officer")
    detail = al.get(f"/api/v1/cases/{case_id}").json()
    assert [m["id"] for m in detail["messages"]] == [tip["id"]]
    assert detail["case_data_shared"] is False and detail["case"]["description"] == ""
    assert al.get(f"/api/v1/cases/{case_id}/entities").json() == []
    assert al.get(f"/api/v1/entities/{person_id}").status_code == 404
    assert al.get("/api/v1/entities", params={"name": "Dragan Petrovic"}).json() == []
    assert al.get("/api/v1/search", params={"q": "bananas"}).json()["cases"] == []
    # The page shows the tip and nothing of the history.
    page = login("al.officer").get(f"/cases/{case_id}")
    assert page.status_code == 200 and "A tip." in page.text
    for secret in ("Consignee company", "bananas", "Петровић", "Trgo", "MSKU"):
        assert secret not in page.text
    # The demo story: MK, a party to both cases, still sees both persons of the hit; AL neither.
    from liaison.core.db import session_scope
    from liaison.entities.models import EntityRecord

    with session_scope() as s:
        other = s.execute(
            select(EntityRecord.id).where(EntityRecord.label.like("PETROWITSCH%"), EntityRecord.type == "person")
        ).scalar_one()
    mk = api("mk.duty")
    assert mk.get(f"/api/v1/entities/{person_id}").status_code == 200
    assert mk.get(f"/api/v1/entities/{other}").status_code == 200
    assert al.get(f"/api/v1/entities/{other}").status_code == 404
    assert request_id not in {m["id"] for m in detail["messages"]}


def test_the_owner_shares_the_case_data_explicitly(db_url: str) -> None:
    case_id, _request_id, _person = _bar()
    me = api("me.drugs")
    _spontaneous(me, case_id, "AL-SPOC")
    al = api("al.officer")
    assert al.get(f"/api/v1/cases/{case_id}").json()["case"]["description"] == ""
    # Only the owner shares; sharing needs a reason.
    share = {"agency_id": agency_id("AL-SPOC"), "justification": "x"}
    r = api("mk.duty").post(f"/api/v1/cases/{case_id}/share", json=share)
    assert r.status_code == 403
    r = me.post(f"/api/v1/cases/{case_id}/share", json={"agency_id": agency_id("AL-SPOC"), "justification": "JIT"})
    assert r.status_code == 200, r.text
    detail = al.get(f"/api/v1/cases/{case_id}").json()
    assert detail["case_data_shared"] is True and "bananas" in detail["case"]["description"]
    # Sharing the case discloses no message: the request to MK stays MK's and ME's.
    assert all(m["kind"] != "request" for m in detail["messages"])


# --- 4. case-level data and forward recipients -----------------------------------------------------


def test_a_forward_recipient_does_not_see_case_level_persons(db_url: str) -> None:
    me, mk, rs = api("me.drugs"), api("mk.duty"), api("rs.spoc")
    case_id, request_id, _person = _bar()
    r = me.post(
        f"/api/v1/cases/{case_id}/entities",
        json={"entity": {"type": "person", "names": ["Vesna Kovač"], "birth_date": "1985-02-03"}},
    )
    assert r.status_code == 201, r.text
    case_person = r.json()["id"]
    _permit(me, request_id, "RS-SPOC")
    _forward(mk, request_id, "RS-SPOC", 201)
    ids = {e["id"] for e in rs.get(f"/api/v1/cases/{case_id}/entities").json()}
    assert case_person not in ids
    assert rs.get(f"/api/v1/entities/{case_person}").status_code == 404
    assert rs.get(f"/api/v1/cases/{case_id}").json()["case"]["description"] == ""
    page = login("rs.spoc").get(f"/cases/{case_id}")
    assert page.status_code == 200 and "Kovač" not in page.text and "1985-02-03" not in page.text
    assert "bananas" not in page.text
    # Nor may it record persons on the case (they would reach whoever the owner shares the case with).
    r = rs.post(f"/api/v1/cases/{case_id}/entities", json={"entity": {"type": "person", "names": ["X Y"]}})
    assert r.status_code == 422 and "message_id" in r.json()["fields"]
    # MK, the addressee of the request, sees the request's person but not the case-level one either.
    mk_ids = {e["id"] for e in mk.get(f"/api/v1/cases/{case_id}/entities").json()}
    assert case_person not in mk_ids and mk_ids
    assert case_person in {e["id"] for e in me.get(f"/api/v1/cases/{case_id}/entities").json()}


# --- 3. seizure records ----------------------------------------------------------------------------

DECLARATION = {
    "hs_code": "2903.71",
    "description": "R-22 refrigerant gas in disposable cylinders",
    "refrigerant": "R-22",
    "origin": "TR",
    "destination": "MK",
    "quantity": 80,
    "unit": "kg",
}


def _ods_seizure(handling: str) -> int:
    customs = api("mk.customs")
    forces = customs.get("/api/v1/environment/task-forces").json()
    tf = customs.get(f"/api/v1/environment/task-forces/{forces[0]['id']}").json()
    case_id = next(x["id"] for x in tf["cases"] if x["category"] == "ods")
    r = customs.post(
        "/api/v1/environment/seizures",
        json={
            "case_id": case_id,
            "declaration": DECLARATION,
            "seized_on": "2026-01-10",
            "place": "Deve Bair",
            "handling_code": handling,
        },
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _send(c, seizure_id: int, to: str):  # type: ignore[no-untyped-def]
    return c.post(
        f"/api/v1/environment/seizures/{seizure_id}/send",
        json={"recipient": to, "purpose": "Identify the buyer", "legal_basis": "PCC-SEE"},
    )


def test_only_the_seizing_agency_or_one_it_authorised_sends_a_seizure_abroad(db_url: str) -> None:
    sid = _ods_seizure("H2")
    env = api("mk.env")  # a member of the task force: sees the record, did not seize the goods
    assert env.get(f"/api/v1/environment/seizures/{sid}").status_code == 200
    r = _send(env, sid, "IT-SCIP")
    assert r.status_code == 403, r.text
    # H2: an authorisation must name the recipient.
    customs = api("mk.customs")
    r = customs.post(f"/api/v1/environment/seizures/{sid}/authorisations", json={"agency": "MK-ENV"})
    assert r.status_code == 422 and "recipient_code" in r.json()["fields"]
    grant = {"agency": "MK-PROS", "recipient": "IT-SCIP"}
    r = env.post(f"/api/v1/environment/seizures/{sid}/authorisations", json=grant)
    assert r.status_code == 403  # only the seizing agency authorises
    r = customs.post(
        f"/api/v1/environment/seizures/{sid}/authorisations", json={"agency": "MK-ENV", "recipient": "IT-SCIP"}
    )
    assert r.status_code == 201, r.text
    sent = _send(env, sid, "IT-SCIP")
    assert sent.status_code == 201, sent.text
    assert _send(env, sid, "AT-BK").status_code == 403
    # The seizing agency stays the originator of what was sent: Italy may not pass it on without its leave.
    italy = api("it.scip")
    case_id = sent.json()["case_id"]
    msg = next(m for m in italy.get(f"/api/v1/cases/{case_id}").json()["messages"])
    assert msg["originator_agency_id"] == agency_id("MK-CUSTOMS")
    _forward(italy, msg["id"], "DE-BKA", 403)
    # The seizing agency itself sends freely.
    assert _send(customs, sid, "AT-BK").status_code == 201


def test_an_unauthorised_member_cannot_send_even_h0_and_not_from_the_page(db_url: str) -> None:
    sid = _ods_seizure("H0")
    assert _send(api("mk.prosecutor"), sid, "IT-SCIP").status_code == 403
    page = login("mk.prosecutor")
    token = csrf(page, f"/environment/seizures/{sid}")
    r = page.post(
        f"/environment/seizures/{sid}/send",
        data={"recipient": "IT-SCIP", "purpose": "x", "legal_basis": "PCC-SEE", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 403
    # H0: an authorisation without a named recipient is enough.
    r = api("mk.customs").post(f"/api/v1/environment/seizures/{sid}/authorisations", json={"agency": "MK-PROS"})
    assert r.status_code == 201, r.text
    assert _send(api("mk.prosecutor"), sid, "IT-SCIP").status_code == 201
    # A recipient abroad never sees the seizure record itself, only the message.
    assert api("it.scip").get(f"/api/v1/environment/seizures/{sid}").status_code == 404
