"""Checks against the demo lists: every kind of key, the agreement rules, notification and audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from liaison.core.audit.models import AuditRecord
from liaison.core.db import session_scope
from liaison.core.errors import InvalidInput
from liaison.frontline.demo import demo_mrz
from liaison.notifications.models import Notification
from tests.frontline.util import do_check


def test_mrz_of_a_stolen_passport_of_a_wanted_man(db_url: str) -> None:
    result = do_check(mrz=demo_mrz())
    assert result.mrz is not None and result.mrz.valid
    assert [(h.list, h.entry_id, h.action) for h in result.hits] == [
        ("rs-persons", "RS-P-0001", "arrest"),
        ("rs-sltd", "RS-SLTD-DEMO", "seize"),
    ]
    person = result.hits[0]
    assert "birth dates identical" in person.explanation and person.contact_point.startswith("SPOC Belgrade")
    assert result.as_json()["verdict"] == "hit"


def test_a_bad_check_digit_is_reported(db_url: str) -> None:
    lines = demo_mrz().splitlines()
    broken = lines[1][:19] + ("5" if lines[1][19] != "5" else "6") + lines[1][20:]
    result = do_check(mrz=lines[0] + "\n" + broken)
    assert result.mrz is not None and not result.mrz.valid
    assert any("birth date check digit" in w for w in result.warnings)


def test_scanner_paste_variants_and_garbage(db_url: str) -> None:
    assert do_check(mrz=demo_mrz().lower().replace("\n", "  ")).hits
    # An MRZ that cannot be read is not bad input but a document to look at: CHECK DOCUMENT.
    garbage = do_check(mrz="P<SRB THIS IS NOT AN MRZ")
    assert garbage.verdict == "check_document" and garbage.kinds == ["mrz"]
    assert garbage.document_problems[0].startswith("MRZ could not be read")


@pytest.mark.parametrize(
    ("name", "born"),
    [
        ("Драган Петровић", "1979-03-14"),  # Cyrillic
        ("PETROVIC<<DRAGAN", "1979-03-14"),  # MRZ style
        ("Dragan Petrowitsch", "1979-03-14"),  # German transcription
        ("Dragan Petrović", "1979-14-03"[:5] + "03-14"),  # exact, written again
        ("Dragan Petrović", "1979-03-14"),
    ],
)
def test_person_names_match_across_scripts_and_spellings(db_url: str, name: str, born: str) -> None:
    hits = do_check(name=name, birth_date=born).hits
    assert [h.entry_id for h in hits] == ["RS-P-0001"], name


def test_person_rules(db_url: str) -> None:
    assert do_check(name="Ardian Krasniqi", birth_date="1985-02-11").hits[0].explanation.endswith("swapped")
    assert not do_check(name="Dragan Petković", birth_date="1979-03-14").hits, "a different surname"
    assert not do_check(name="Dragan Petrović", birth_date="1979-03-15").hits, "birth date must agree"
    assert do_check(name="Зоран Трајковски", birth_date="1982-07-21", nationality="MK").hits[0].action == "locate"
    with pytest.raises(InvalidInput) as caught:
        do_check(name="Dragan Petrović")
    assert "birth_date" in caught.value.fields


def test_documents_need_the_issuing_country_to_agree(db_url: str) -> None:
    assert do_check(document="008-123-456", document_country="RS").hits
    assert do_check(document="008123456", document_country="SRB").hits
    assert not do_check(document="008123456", document_country="ME").hits
    with pytest.raises(InvalidInput) as caught:
        do_check(document="008123456")
    assert "document_country" in caught.value.fields


def test_plates_and_vins(db_url: str) -> None:
    # Cyrillic look-alike letters typed on a Cyrillic keyboard (М, Х) still match.
    hits = do_check(plate="М-LХ 4711", plate_country="DE").hits
    assert [h.entry_id for h in hits] == ["DE-SMV-DEMO"]
    assert not do_check(plate="M-LX 4711", plate_country="AT").hits
    with session_scope() as s:
        from liaison.frontline.models import WatchlistEntry

        vin = s.execute(select(WatchlistEntry.vin).where(WatchlistEntry.record_id == "DE-SMV-DEMO")).scalar_one()
    assert do_check(vin=vin.lower()).hits[0].matched_on == "vin"
    with pytest.raises(InvalidInput) as caught:
        do_check(vin="WBA123")
    assert "vin" in caught.value.fields


def test_nothing_to_check(db_url: str) -> None:
    with pytest.raises(InvalidInput, match="Nothing to check"):
        do_check()


def test_a_hit_notifies_the_owner_and_the_audit_holds_no_personal_data(db_url: str) -> None:
    result = do_check(mrz=demo_mrz())
    with session_scope() as s:
        notes = s.execute(select(Notification).where(Notification.kind == "frontline_hit")).scalars().all()
        assert len(notes) == 1  # both hits belong to RS-SPOC: one notification
        assert "RS-P-0001" in notes[0].text and notes[0].link == f"/frontline/checks/{result.check_id}"
        audits = s.execute(select(AuditRecord).where(AuditRecord.object_type == "frontline_check")).scalars().all()
    consultation = next(a for a in audits if a.action == "consultation")
    assert consultation.justification == "tests"
    assert consultation.details["crossing_point"] == "Test" and consultation.details["hits"] == 2
    dumped = json.dumps([a.details for a in audits]) + " ".join(a.justification for a in audits)
    for personal in ("PETROVIC", "Petrović", "008123456", "1979"):
        assert personal not in dumped


def test_a_clear_check_is_logged_too(db_url: str) -> None:
    result = do_check(document="999999999", document_country="RS")
    assert result.verdict == "clear" and result.check_id
    with session_scope() as s:
        rec = s.execute(
            select(AuditRecord).where(
                AuditRecord.object_type == "frontline_check", AuditRecord.object_id == str(result.check_id)
            )
        ).scalar_one()
        assert rec.details["hits"] == 0
