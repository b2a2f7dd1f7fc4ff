"""The test factories make real, usable data through the services (and nothing of the demo's)."""

from __future__ import annotations

from tests.factories import api_client, make_agency, make_case, make_entity, make_user


def test_a_case_with_a_request_reaches_the_recipient(db_url: str) -> None:
    sender = make_user(make_agency(country="ME"), "officer")
    abroad = make_agency(country="MK", is_spoc=True)
    reader = make_user(abroad, "supervisor", "frontline")
    case = make_case(sender, request_to=abroad)
    assert case.request_id is not None
    entity = make_entity(sender, case, {"type": "phone", "number": "+389 70 123 456"}, on_request=True)
    inbox = api_client(reader).get("/api/v1/inbox").json()
    assert [m["id"] for m in inbox["items"]] == [case.request_id]
    assert api_client(sender).get(f"/api/v1/cases/{case.id}").status_code == 200
    assert entity > 0
