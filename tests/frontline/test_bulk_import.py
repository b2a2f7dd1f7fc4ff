"""Issue 15, the import at scale: what made it faster must not change what it stores or refuses.

* The entry table's references (list, owning agency) are checked by triggers once per statement
  (migration 0019), not by foreign keys row by row: they must refuse, cascade and protect as the keys did.
* Rows are joined for COPY without escaping and a whole chunk is checked at once: values that need
  escaping must still arrive exactly as given.
* The first load writes in several COPY statements: a refused import still writes nothing.
* The validator works out repeating values once per import: its answers must be those of a fresh check.
* The check path's key lookups use the partial key indexes (PostgreSQL, by EXPLAIN).
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from liaison.core.db import get_engine, session_scope
from liaison.frontline import importer
from liaison.frontline.importer import ImportRefused
from liaison.frontline.models import Watchlist, WatchlistEntry
from tests.frontline.test_import import count
from tests.frontline.util import csv_text, do_check, do_import, doc

PG = "postgresql"


def _entry_sql(list_id: int, owner_id: int, record_id: str) -> tuple[Any, dict[str, Any]]:
    return (
        text(
            "INSERT INTO watchlist_entry (list_id, record_id, category, owner_agency_id, reference, handling_code, "
            "action, contact_point, doc_number, doc_country, description, updated_at) VALUES (:l, :r, "
            "'stolen_document', :o, '', 'H0', 'seize', '', 'X1', 'RS', '', CURRENT_TIMESTAMP)"
        ),
        {"l": list_id, "o": owner_id, "r": record_id},
    )


def _ids() -> tuple[int, int]:
    with session_scope() as s:
        wl = s.execute(select(Watchlist).where(Watchlist.name == "t-list")).scalar_one()
        return wl.id, wl.owner_agency_id


def test_entries_must_name_an_existing_list_and_agency(db_url: str) -> None:
    do_import(csv_text([doc("A-1", "111111111")]))
    list_id, owner_id = _ids()
    for bad in ((list_id + 1000, owner_id), (list_id, owner_id + 1000)):
        with pytest.raises(DBAPIError, match="does not exist"), session_scope() as s:
            s.execute(*_entry_sql(*bad, "BAD-1"))
    with session_scope() as s:  # an update to a missing agency is refused too
        with pytest.raises(DBAPIError, match="does not exist"):
            s.execute(text("UPDATE watchlist_entry SET owner_agency_id = :o"), {"o": owner_id + 1000})
        s.rollback()
        s.execute(*_entry_sql(list_id, owner_id, "OK-1"))
    assert count("t-list") == 2


def test_a_deleted_list_takes_its_entries_and_a_referenced_agency_stays(db_url: str) -> None:
    do_import(csv_text([doc("A-1", "111111111"), doc("A-2", "222222222")]))
    list_id, owner_id = _ids()
    with pytest.raises(DBAPIError, match="referred to by watchlist entries"), session_scope() as s:
        s.execute(text("DELETE FROM agency WHERE id = :o"), {"o": owner_id})
    with pytest.raises(DBAPIError, match="referred to by watchlist entries"), session_scope() as s:
        s.execute(text("UPDATE watchlist SET id = :n WHERE id = :l"), {"n": list_id + 1000, "l": list_id})
    with session_scope() as s:
        s.execute(text("DELETE FROM watchlist WHERE id = :l"), {"l": list_id})
    with session_scope() as s:
        left = s.execute(select(WatchlistEntry.id).where(WatchlistEntry.list_id == list_id)).all()
    assert left == []


def test_migration_0019_swaps_the_foreign_keys_for_triggers_and_back(db_url: str) -> None:
    from liaison.core.migrate import alembic_config, upgrade

    do_import(csv_text([doc("A-1", "111111111")]))

    def state() -> tuple[set[str], set[str]]:
        engine = get_engine()
        fks = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("watchlist_entry")}
        with engine.connect() as conn:
            if engine.dialect.name == PG:
                rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            else:
                rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            triggers = {r[0] for r in rows if r[0].startswith("watchlist_entry_")}
        engine.dispose()
        return fks, triggers

    fks, triggers = state()
    assert fks == set() and "watchlist_entry_refs_insert" in triggers and "watchlist_entry_cascade" in triggers
    command.downgrade(alembic_config(), "0017")
    assert state() == ({"watchlist", "agency"}, set())
    upgrade()
    assert state() == (fks, triggers)
    assert do_check(document="111111111", document_country="RS").hits


def test_values_that_need_escaping_arrive_as_given(db_url: str) -> None:
    tricky = {
        "T-1": "tab\there",
        "T-2": "back\\slash",
        "T-3": "\\N",
        "T-4": "line\nbreak",
        "T-5": "carriage\r\nreturn",
        "T-6": "",
    }
    rows = [doc(f"P-{i}", f"{500000000 + i}") for i in range(20)]
    rows += [{**doc(rid, f"{600000000 + i}"), "description": value} for i, (rid, value) in enumerate(tricky.items())]
    report = do_import(csv_text(rows))
    assert report.accepted == 26
    with session_scope() as s:
        stored = dict(s.execute(select(WatchlistEntry.record_id, WatchlistEntry.description)).all())
    assert {rid: stored[rid] for rid in tricky} == tricky
    assert stored["P-3"] == ""


def test_a_first_load_in_several_copy_statements_is_still_all_or_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer._Writer, "CHUNK", 3)
    monkeypatch.setattr(importer._Writer, "STATEMENT_ROWS", 7)
    rows = [doc(f"A-{i}", f"{100000000 + i}") for i in range(40)]
    with pytest.raises(ImportRefused) as refused:
        do_import(csv_text([*rows, {"record_id": "A-bad", "category": "nonsense"}]))
    assert [(e.line, e.record_id) for e in refused.value.report.rejected] == [(42, "A-bad")]
    assert count("t-list") == 0
    report = do_import(csv_text(rows))
    assert (report.accepted, report.inserted) == (40, 40)
    assert count("t-list") == 40
    assert do_check(document="100000033", document_country="RS").hits[0].entry_id == "A-33"


def _random_rows(n: int) -> list[dict[str, str]]:
    """Rows mixing valid and invalid values, each value drawn from a small pool so that they repeat."""
    rng = random.Random(15)
    pools = {
        "record_id": ["R-1", " R-2 ", "", "x" * 101],
        "category": ["stolen_document", "Stolen_Vehicle", "wanted_person", "stolen_firearm", "nonsense", ""],
        "action": ["", "arrest", "Refuse entry", "dance"],
        "handling_code": ["", "h1", "H3", "H9", " "],
        "owner": ["", "RS-SPOC", "DE-BKA", "NOPE"],
        "valid_from": ["", "2020-01-01", "2020-02-30", "01.01.2020", "2030-05-05"],
        "expires_on": ["", "2019-12-31", "2031-01-01", "soon"],
        "document_number": ["", "AB 123-456", "\u200b", "12/34"],
        "document_country": ["", "RS", "SRB", "ZZ"],
        "plate": ["", "BG 123-AB", "M-AB 12"],
        "plate_country": ["", "DE", "RS", "Q"],
        "vin": ["", "WVWZZZ1JZXW000001", "wvwzzz1jzxw00000i", "SHORT"],
        "serial": ["", "AB-12.34", "-"],
        "name": ["", "Marko Petrović", "n" * 201],
        "birth_date": ["", "1980-05-12", "1980-02-30", "2999-01-01"],
        "nationality": ["", "AL", "XX"],
        "reference": ["", "ref", "r" * 101],
        "description": ["", "d", "d" * 301],
        "document_type": ["", "passport", "t" * 21],
    }
    return [{k: rng.choice(v) for k, v in pools.items()} for _ in range(n)]


def test_the_validator_caches_change_no_answer() -> None:
    ctx = importer._Context(owners={"RS-SPOC": 1, "DE-BKA": 2}, default_owner=1, today=date.today())
    rows = _random_rows(3000)
    fresh = [importer.Validator(ctx)(row) for row in rows]
    shared = importer.Validator(ctx)
    assert [shared(row) for row in rows] == fresh
    assert [shared(row) for row in reversed(rows)] == fresh[::-1]
    assert any(isinstance(r, tuple) for r in fresh) and any(isinstance(r, str) for r in fresh)


def test_key_lookups_use_the_partial_indexes(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL: the check path's equality lookups are answered from the partial key indexes."""
    if not db_url.startswith(PG):
        pytest.skip("the plan is PostgreSQL's")
    from liaison.frontline import service

    rows: list[dict[str, str]] = [doc(f"D-{i}", f"{300000000 + i}") for i in range(3000)]
    rows += [
        {"record_id": f"V-{i}", "category": "stolen_vehicle", "plate": f"BG {i:05d}-AA", "plate_country": "RS"}
        for i in range(500)
    ]
    rows += [{"record_id": f"F-{i}", "category": "stolen_firearm", "serial": f"SN{i:06d}"} for i in range(300)]
    rows += [
        {
            "record_id": f"P-{i}",
            "category": "wanted_person",
            "name": f"Person {i}",
            "birth_date": f"19{i % 90 + 10}-01-0{i % 9 + 1}",
        }
        for i in range(300)
    ]
    do_import(csv_text(rows))
    with session_scope() as s:
        s.execute(text("ANALYZE watchlist_entry"))
    statements: list[Any] = []
    monkeypatch.setattr(service.DatabaseSource, "_rows", lambda self, stmt: statements.append(stmt) or [])
    with session_scope() as s:
        source = service.DatabaseSource(s)
        source.documents("300000007")
        source.plates("BG00007AA")
        source.vins("WVWZZZ1JZXW000001")
        source.serials("SN000007")
        source.born_on(("1950-01-01", "1950-01-01"))
        expected = (
            "ix_watchlist_entry_doc",
            "ix_watchlist_entry_plate",
            "ix_watchlist_entry_vin",
            "ix_watchlist_entry_serial",
            "ix_watchlist_entry_birth",
        )
        for stmt, index in zip(statements, expected, strict=True):
            sql = str(stmt.compile(dialect=s.get_bind().dialect, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
            assert index in plan, plan
            assert "Seq Scan on watchlist_entry" not in plan, plan
