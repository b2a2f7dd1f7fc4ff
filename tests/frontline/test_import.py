"""Importing watchlists: validation report, all-or-nothing, idempotent re-import, removal, expiry, FtM."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from liaison.core.db import session_scope
from liaison.core.errors import InvalidInput
from liaison.frontline.importer import ImportRefused
from liaison.frontline.models import WatchlistEntry
from tests.frontline.util import csv_text, do_check, do_import, doc, ftm_text


def count(list_name: str) -> int:
    from liaison.frontline.models import Watchlist

    with session_scope() as s:
        return s.execute(
            select(func.count())
            .select_from(WatchlistEntry)
            .join(Watchlist, Watchlist.id == WatchlistEntry.list_id)
            .where(Watchlist.name == list_name)
        ).scalar_one()


def test_import_then_reimport_updates_without_duplicates(db_url: str) -> None:
    rows = [
        doc("A-1", "012 345 678"),
        doc("A-2", "AB1234567", "AL", action="refuse_entry"),
        {
            "record_id": "V-1",
            "category": "stolen_vehicle",
            "plate": "BG 123-AB",
            "plate_country": "RS",
            "vin": "WVWZZZ1JZXW000001",
        },
        {
            "record_id": "P-1",
            "category": "wanted_person",
            "name": "Marko Petrović",
            "birth_date": "1980-05-12",
            "nationality": "RS",
            "contact_point": "SPOC Belgrade +381 11 000",
        },
    ]
    report = do_import(csv_text(rows))
    assert (report.accepted, report.inserted, report.updated, report.rejected_count) == (4, 4, 0, 0)
    assert do_check(document="012345678", document_country="RS").hits[0].entry_id == "A-1"
    rows[0]["action"] = "arrest"
    report = do_import(csv_text(rows))
    assert (report.inserted, report.updated) == (0, 4)
    assert count("t-list") == 4
    assert do_check(document="012345678", document_country="RS").hits[0].action == "arrest"


def test_bad_rows_are_reported_one_by_one_and_nothing_changes(db_url: str) -> None:
    do_import(csv_text([doc("A-1", "111111111")]))
    bad = csv_text(
        [
            doc("A-1", "222222222"),
            doc("A-2", "", "RS"),
            doc("A-3", "333333333", "QQ"),
            {"record_id": "A-4", "category": "stolen_spaceship"},
            {"record_id": "P-1", "category": "wanted_person", "name": "Ana Ilić", "birth_date": "1990-02-30"},
            doc("A-1", "444444444"),
            {"record_id": "V-1", "category": "stolen_vehicle", "vin": "WVWZZZ1JZXW00000"},
            doc("A-5", "555555555", expires_on="2020-13-01"),
        ]
    )
    with pytest.raises(ImportRefused) as caught:
        do_import(bad)
    report = caught.value.report
    assert report.rejected_count == 7 and not report.written
    by_line = {e.line: e.reason for e in report.rejected}
    assert "document number is missing" in by_line[3]
    assert "QQ" in by_line[4]
    assert "stolen_spaceship" in by_line[5]
    assert "does not exist" in by_line[6]
    assert "already given on line 2" in by_line[7]
    assert "17" in by_line[8]
    assert "2020-13-01" in by_line[9]
    assert count("t-list") == 1
    assert do_check(document="111111111", document_country="RS").hits
    assert not do_check(document="222222222", document_country="RS").hits


def test_accept_valid_rows_imports_the_good_ones(db_url: str) -> None:
    text = csv_text([doc("A-1", "111111111"), doc("A-2", "", "RS"), doc("A-3", "333333333")])
    report = do_import(text, accept_valid_rows=True)
    assert (report.accepted, report.rejected_count, report.written) == (2, 1, True)
    assert count("t-list") == 2


def test_header_problems_and_empty_files(db_url: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        do_import("record_id,category,colour\nA-1,stolen_document,red\n")
    assert "unknown column(s) colour" in str(caught.value.report.rejected[0])
    with pytest.raises(InvalidInput):
        do_import("")
    with pytest.raises(InvalidInput, match="another agency"):
        do_import(csv_text([doc("A-1", "111111111")]), list_name="rs-sltd", owner="MK-SPOC")


def test_a_new_list_without_owner_belongs_to_the_installation(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.db import session_scope
    from liaison.frontline.models import Watchlist

    def owner_of(name: str) -> str:
        from liaison.agencies.models import Agency

        with session_scope() as s:
            wl = s.execute(select(Watchlist).where(Watchlist.name == name)).scalar_one()
            return s.get(Agency, wl.owner_agency_id).code  # type: ignore[union-attr]

    do_import(csv_text([doc("A-1", "111111111")]), list_name="new-list", owner=None)
    assert owner_of("new-list") == "LOCAL"
    monkeypatch.setenv("LIAISON_HOME_AGENCY", "RS-SPOC")
    do_import(csv_text([doc("A-1", "111111111")]), list_name="home-list", owner=None)
    assert owner_of("home-list") == "RS-SPOC"
    monkeypatch.setenv("LIAISON_HOME_AGENCY", "NOPE")
    with pytest.raises(InvalidInput, match="LIAISON_HOME_AGENCY"):
        do_import(csv_text([doc("A-1", "111111111")]), list_name="third-list", owner=None)


def test_removal_by_status_and_by_replace(db_url: str) -> None:
    do_import(csv_text([doc("A-1", "111111111"), doc("A-2", "222222222"), doc("A-3", "333333333")]))
    report = do_import(csv_text([{"record_id": "A-1", "status": "removed"}]))
    assert report.removed == 1 and count("t-list") == 2
    report = do_import(csv_text([doc("A-3", "333333333")]), replace=True)
    assert report.removed == 1 and count("t-list") == 1
    assert not do_check(document="222222222", document_country="RS").hits


def test_expired_and_future_entries_do_not_hit(db_url: str) -> None:
    past = (date.today() - timedelta(days=1)).isoformat()
    future = (date.today() + timedelta(days=10)).isoformat()
    do_import(
        csv_text(
            [
                doc("A-1", "111111111", expires_on=past),
                doc("A-2", "222222222", valid_from=future),
                doc("A-3", "333333333", expires_on=future),
            ]
        )
    )
    assert not do_check(document="111111111", document_country="RS").hits
    assert not do_check(document="222222222", document_country="RS").hits
    assert do_check(document="333333333", document_country="RS").hits[0].expires_on == future
    from liaison.frontline.importer import purge_expired
    from tests.frontline.util import CTX

    with session_scope() as s:
        assert purge_expired(s, CTX) == 1


def test_ftm_lines(db_url: str) -> None:
    entities = [
        {
            "id": "pp-1",
            "schema": "Passport",
            "properties": {"number": ["A 1234567"], "country": ["mk"], "liaison:handlingCode": ["H1"]},
        },
        {
            "id": "veh-1",
            "schema": "Vehicle",
            "properties": {
                "registrationNumber": ["W-12345X"],
                "country": ["at"],
                "liaison:vin": ["WAUZZZ8K9AA000001"],
                "model": ["A4"],
            },
        },
        {
            "id": "p-1",
            "schema": "Person",
            "properties": {
                "name": ["Ардиан Красничи"],
                "birthDate": ["1985-11-02"],
                "nationality": ["al"],
                "topics": ["wanted"],
                "liaison:action": ["discreet_check"],
            },
        },
        {"id": "own-1", "schema": "Ownership", "properties": {}},
    ]
    with pytest.raises(ImportRefused) as caught:
        do_import(ftm_text(entities) + "{not json\n", fmt="ftm")
    reasons = [str(e) for e in caught.value.report.rejected]
    assert any("line 4" in r and "Ownership" in r for r in reasons)
    assert any("line 5" in r and "not valid JSON" in r for r in reasons)
    report = do_import(ftm_text(entities[:3]), fmt="ftm")
    assert report.accepted == 3
    assert do_check(document="A1234567", document_country="MK").hits[0].handling_code == "H1"
    assert do_check(vin="WAUZZZ8K9AA000001").hits[0].entry_id == "veh-1"
    hits = {h.entry_id: h for h in do_check(name="Ardian Krasniqi", birth_date="1985-11-02").hits}
    assert hits["p-1"].action == "discreet_check"
    assert hits["AL-P-0004"].action == "arrest"  # the demo's namesake on AL's own list


def test_checks_keep_answering_during_an_import(db_url: str) -> None:
    """PostgreSQL: an import in progress holds no lock a check needs; checks see the old list."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite (development only) serialises writers; every check writes its audit record")
    import threading

    do_import(csv_text([doc("A-1", "111111111")]))
    started, release = threading.Event(), threading.Event()

    def slow_lines():  # type: ignore[no-untyped-def]
        text = csv_text([doc(f"B-{i}", f"9{i:08d}") for i in range(50)])
        for i, line in enumerate(text.splitlines(keepends=True)):
            if i == 25:
                started.set()
                release.wait(20)
            yield line

    errors: list[BaseException] = []

    def run() -> None:
        from liaison.frontline.importer import import_watchlist
        from tests.frontline.util import CTX

        try:
            with session_scope() as s:
                import_watchlist(s, CTX, slow_lines(), list_name="t-list")  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(20)
    import time

    t0 = time.perf_counter()
    assert do_check(document="111111111", document_country="RS").hits
    assert not do_check(document="900000001", document_country="RS").hits
    assert time.perf_counter() - t0 < 5
    release.set()
    thread.join(30)
    assert not errors
    assert do_check(document="900000001", document_country="RS").hits


def test_first_load_streams_into_the_table_and_later_loads_upsert(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: an empty list is loaded by COPY straight into the entry table (no staging, no ON CONFLICT);
    a refused first load leaves it empty, and the next import of a list with entries upserts."""
    from liaison.frontline import importer

    paths: list[bool] = []
    real_init = importer._Writer.__init__

    def spy(self: importer._Writer, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        paths.append(self.direct)

    monkeypatch.setattr(importer._Writer, "__init__", spy)
    with pytest.raises(ImportRefused):
        do_import(csv_text([doc("A-1", "111111111"), {"record_id": "A-2", "category": "nonsense"}]))
    assert count("t-list") == 0
    rows = [doc(f"A-{i}", f"{100000000 + i}") for i in range(50)]
    report = do_import(csv_text(rows))
    assert (report.accepted, report.inserted, report.updated) == (50, 50, 0)
    assert count("t-list") == 50
    assert do_check(document="100000007", document_country="RS").hits[0].entry_id == "A-7"
    report = do_import(csv_text(rows[:10] + [doc("A-99", "999999999")]), replace=True)
    assert (report.inserted, report.updated, report.removed) == (1, 10, 40)
    assert count("t-list") == 11
    on_pg = db_url.startswith("postgresql")
    assert paths == [on_pg, on_pg, False]
