"""Test factories: agencies, users with roles, cases with a request, entities, made through the services.

Tests that do not test the demo's stories build what they need here instead of borrowing the demo's
people and cases, so that changing the demo's narrative never breaks them. Each factory runs in its own
committed unit of work (the app under test reads what it wrote) and returns plain references, safe to use
after the session is gone. Names are unique per call, so tests never collide with the demo or each other.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi.testclient import TestClient

_serial = itertools.count(1)

#: The password of every user a factory makes (long and unlisted, so the password rules accept it).
PASSWORD = "factory-made passphrase 7319"


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_serial)}{uuid.uuid4().hex[:6]}".upper()


@dataclass(frozen=True)
class AgencyRef:
    id: int
    code: str


@dataclass(frozen=True)
class UserRef:
    id: int
    username: str
    agency_id: int


@dataclass(frozen=True)
class CaseRef:
    id: int
    reference: str
    request_id: int | None = None


@cache
def _password_hash() -> str:
    from liaison.core import security

    return security.hash_password(PASSWORD)


def make_agency(*, country: str = "RS", kind: str = "police", is_spoc: bool = False) -> AgencyRef:
    """A new active agency of ``country`` (a country every installation has)."""
    from liaison.agencies.service import create_agency
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope

    with session_scope() as s:
        agency = create_agency(
            s,
            AuditContext.system("tests"),
            code=_unique(f"{country}-T"),
            name="Test agency",
            country_code=country,
            kind=kind,
            is_spoc=is_spoc,
            channels=["siena"],
        )
        return AgencyRef(agency.id, agency.code)


def make_user(agency: AgencyRef, *roles: str) -> UserRef:
    """A user of ``agency`` holding ``roles`` (the first is the primary role; ``officer`` when none)."""
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope

    role, *extra = roles or ("officer",)
    with session_scope() as s:
        user = create_user(
            s,
            username=_unique("t.user").lower(),
            full_name="Test User",
            agency_code=agency.code,
            role=role,
            password=PASSWORD,
            password_hash=_password_hash(),
            extra_roles=extra,
        )
        return UserRef(user.id, user.username, user.agency_id)


def _actor(session: Any, user: UserRef) -> Any:
    from liaison.accounts.models import User
    from liaison.accounts.service import Actor

    return Actor(session.get(User, user.id))


def make_case(
    owner: UserRef,
    *,
    request_to: AgencyRef | None = None,
    title: str = "Test case",
    crime_areas: tuple[str, ...] = ("drugs_trafficking",),
    handling_code: str = "H0",
) -> CaseRef:
    """A case opened by ``owner``; with ``request_to``, a request (EU 2023/977) sent to that agency."""
    from liaison.cases import service as cases
    from liaison.core.db import session_scope

    with session_scope() as s:
        actor = _actor(s, owner)
        case = cases.create_case(
            s, actor, title=title, crime_areas=list(crime_areas), handling_code=handling_code
        )
        request_id = None
        if request_to is not None:
            request = cases.send_message(
                s,
                actor,
                case.id,
                cases.NewMessage(
                    kind="request",
                    recipient_agency_id=request_to.id,
                    subject="Test request",
                    body="Please check.",
                    legal_basis_code="EU-2023-977",
                    purpose="Test purpose",
                ),
            )
            request_id = request.id
        return CaseRef(case.id, case.reference, request_id)


def make_entity(user: UserRef, case: CaseRef, payload: dict[str, Any], *, on_request: bool = False) -> int:
    """An entity recorded by ``user`` on ``case`` (on its request message with ``on_request``); its id."""
    from liaison.core.db import session_scope
    from liaison.entities import service as entities

    with session_scope() as s:
        message_id = case.request_id if on_request else None
        row = entities.add_entity(s, _actor(s, user), case.id, payload, message_id=message_id)
        return int(row.id)


def api_client(user: UserRef) -> TestClient:
    """A client carrying an API token of ``user``, as a machine client would."""
    from tests.helpers import api

    return api(user.username)
