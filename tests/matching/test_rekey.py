"""Re-keying stored persons after the name model gains keys: old records meet new spellings again."""

from __future__ import annotations

from sqlalchemy import delete, select

from liaison.entities.models import EntityKey, EntityRecord
from liaison.matching.service import rekey_persons


def test_rekey_restores_the_keys_of_every_stored_person(session) -> None:  # type: ignore[no-untyped-def]
    persons = list(session.execute(select(EntityRecord.id).where(EntityRecord.type == "person")).scalars())
    assert persons, "the demo seed holds persons"
    before = set(session.execute(select(EntityKey.entity_id, EntityKey.value).where(EntityKey.kind == "pname")))
    assert before
    # An installation upgraded from a version whose name model made no keys at all.
    session.execute(delete(EntityKey).where(EntityKey.kind == "pname"))
    session.flush()
    session.expire_all()
    assert rekey_persons(session, batch=2) == len(persons)
    after = set(session.execute(select(EntityKey.entity_id, EntityKey.value).where(EntityKey.kind == "pname")))
    assert after == before
    assert rekey_persons(session) == len(persons)  # idempotent
    again = set(session.execute(select(EntityKey.entity_id, EntityKey.value).where(EntityKey.kind == "pname")))
    assert again == before
