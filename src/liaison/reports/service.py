"""The reports: every figure is computed from records the reader may see, and keeps the records it counts.

A report is a list of :class:`Figure`; each figure holds the references (``result:12``, ``incident:3``,
``message:40``) of the records behind it, so a click on the page and ``liaison reports … --explain`` show
exactly what was counted. Reports read other capabilities only through their services
(``operations.service``, ``cases.statistics``); what the reader may see is decided there, by the one rule
(cases/access.py, operations/access.py). Arrested persons and facilitators are counted once per person:
the matcher groups the reports of the same person (``matching.clusters``).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases import statistics as case_stats
from liaison.core.audit import Actions, record
from liaison.core.errors import InvalidInput, NotFound
from liaison.core.i18n import N_, Label, _
from liaison.core.vocab import CRIME_AREAS, TERRORISM_AFFILIATIONS
from liaison.operations import service as ops
from liaison.operations.vocab import CHECK_CATEGORIES, MIGRATION_KINDS, SEIZURE_CATEGORIES


@dataclass
class Figure:
    section: str
    label: str
    value: float
    unit: str = ""
    refs: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.section}|{self.label}"

    def as_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else round(self.value, 3)
        return {"section": self.section, "label": self.label, "value": value, "unit": self.unit, "records": self.refs}


@dataclass
class Report:
    name: str
    title: str
    basis: str
    start: date | None
    end: date | None
    country: str | None
    figures: list[Figure] = field(default_factory=list)

    def add(self, section: str, label: str, value: float, refs: list[str], unit: str = "") -> None:
        for f in self.figures:
            if f.section == section and f.label == label and f.unit == unit:
                f.value += value
                f.refs.extend(r for r in refs if r not in f.refs)
                return
        self.figures.append(Figure(section, label, value, unit, list(dict.fromkeys(refs))))

    def sections(self) -> dict[str, list[Figure]]:
        out: dict[str, list[Figure]] = {}
        for f in self.figures:
            out.setdefault(f.section, []).append(f)
        return out

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise NotFound(_("No such figure in this report."))

    def value(self, section: str, label: str) -> float:
        return sum(f.value for f in self.figures if f.section == section and f.label == label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "title": self.title,
            "basis": self.basis,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "country": self.country,
            "figures": [f.as_dict() for f in self.figures],
        }

    def to_csv(self) -> str:
        """Aggregates and record references only, never personal data."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["section", "label", "value", "unit", "records"])
        for f in self.figures:
            d = f.as_dict()
            writer.writerow([f.section, f.label, d["value"], f.unit, " ".join(f.refs)])
        return buf.getvalue()


def _ref(kind: str, rows: list[Any]) -> list[str]:
    return [f"{kind}:{r.id}" for r in rows]


def _crime(code: str) -> str:
    return str(CRIME_AREAS.get(code, code))


def _arrest_groups(session: Session, rows: list[Any]) -> list[list[Any]]:
    arrests = [r for r in rows if r.kind == "arrest"]
    return ops.same_person_groups_of(session, arrests, lambda r: r.entity_id)


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


# --- operation: the Joint Action Day communiqué --------------------------------------------------------------


def operation_report(session: Session, actor: Actor, report: Report, operation_id: int | None = None) -> None:
    rows = ops.visible_results(
        session, actor, start=report.start, end=report.end, country=report.country, operation_id=operation_id
    )
    incidents = [
        i
        for i in ops.visible_incidents(session, actor, start=report.start, end=report.end, country=report.country)
        if operation_id is None or i.operation_id == operation_id
    ]
    s_dep, s_chk, s_arr, s_inv, s_sei, s_mig = (
        _("Deployment"),
        _("Checks"),
        _("Arrests by crime area"),
        _("Investigations"),
        _("Seizures"),
        _("Migration"),
    )
    dep = [r for r in rows if r.kind == "deployment"]
    report.add(s_dep, _("Officers deployed"), sum(r.quantity for r in dep), _ref("result", dep))
    for code, label in CHECK_CATEGORIES.items():
        chk = [r for r in rows if r.kind == "check" and r.category == code]
        report.add(s_chk, str(label), sum(r.quantity for r in chk), _ref("result", chk))
    groups = _arrest_groups(session, rows)
    report.add(s_arr, _("All arrests (each person once)"), len(groups), [f"result:{r.id}" for g in groups for r in g])
    for group in groups:
        report.add(s_arr, _crime(group[0].crime_area), 1, _ref("result", group))
    inv = [r for r in rows if r.kind == "investigation"]
    report.add(s_inv, _("Investigations opened"), sum(r.quantity for r in inv), _ref("result", inv))
    vic = [r for r in rows if r.kind == "victims"]
    report.add(s_inv, _("Victims identified"), sum(r.quantity for r in vic), _ref("result", vic))
    _seizures(report, s_sei, [r for r in rows if r.kind == "seizure"])
    crossings = [i for i in incidents if i.kind == "apprehension"]
    report.add(s_mig, _("Illegal entries detected"), sum(i.group_size for i in crossings), _ref("incident", crossings))
    forged = [i for i in incidents if i.false_documents]
    docs = [r for r in rows if r.kind == "seizure" and r.category == "documents"]
    report.add(
        s_mig,
        _("Forged documents"),
        sum(i.false_documents for i in forged) + sum(r.quantity for r in docs),
        _ref("incident", forged) + _ref("result", docs),
    )


def _seizures(report: Report, section: str, rows: list[Any]) -> None:
    seen_env: set[int] = set()
    for r in rows:
        label, _unit = SEIZURE_CATEGORIES.get(r.category, (r.category, ""))
        if r.category == "environmental":
            # One environmental seizure record counts once, however many results point to it.
            if r.env_seizure_id in seen_env:
                report.add(section, str(label), 0, [f"result:{r.id}"], r.unit)
                continue
            seen_env.add(r.env_seizure_id or 0)
        report.add(section, str(label), r.quantity, [f"result:{r.id}"], r.unit)


# --- spoc: Directive (EU) 2023/977 Art. 18 ------------------------------------------------------------------------


def spoc_report(session: Session, actor: Actor, report: Report) -> None:
    mine = actor.agency_id
    rows = case_stats.requests_of_agency(session, actor, report.start, report.end)
    if report.country:
        rows = [
            m
            for m in rows
            if (m.recipient_agency if m.sender_agency_id == mine else m.sender_agency).country_code == report.country
        ]
    sent = [m for m in rows if m.sender_agency_id == mine]
    received = [m for m in rows if m.recipient_agency_id == mine]
    s_sent, s_recv, s_urg, s_dl, s_ref, s_time = (
        _("Requests sent, by country"),
        _("Requests received, by country"),
        _("Urgency"),
        _("Answers to requests received"),
        _("Refusals"),
        _("Median answer time (hours), by month"),
    )
    report.add(s_sent, _("All"), len(sent), _ref("message", sent))
    for m in sent:
        report.add(s_sent, m.recipient_agency.country_code, 1, [f"message:{m.id}"])
    report.add(s_recv, _("All"), len(received), _ref("message", received))
    for m in received:
        report.add(s_recv, m.sender_agency.country_code, 1, [f"message:{m.id}"])
    for direction, msgs in ((_("sent"), sent), (_("received"), received)):
        urgent = [m for m in msgs if m.priority == "urgent"]
        other = [m for m in msgs if m.priority != "urgent"]
        report.add(s_urg, _("Urgent, ") + direction, len(urgent), _ref("message", urgent))
        report.add(s_urg, _("Non-urgent, ") + direction, len(other), _ref("message", other))
    answered = [m for m in received if m.answered_at is not None]
    on_time = [m for m in answered if m.deadline_at is None or m.answered_at <= m.deadline_at]  # type: ignore[operator]
    late = [m for m in answered if m not in on_time]
    pending = [m for m in received if m.answered_at is None]
    report.add(s_dl, _("Answered within the deadline"), len(on_time), _ref("message", on_time))
    report.add(s_dl, _("Answered after the deadline"), len(late), _ref("message", late))
    extended = [m for m in late if (m.delay_reason or "").strip()]
    report.add(s_dl, _("Late with the reasons recorded (extensions)"), len(extended), _ref("message", extended))
    report.add(s_dl, _("Not answered yet"), len(pending), _ref("message", pending))
    refused = [m for m in received if m.status == "refused"]
    # Refusal grounds are written in the refusal itself (cases.service requires reasons), not coded.
    report.add(s_ref, _("Refused (ground stated in the refusal)"), len(refused), _ref("message", refused))
    refused_out = [m for m in sent if m.status == "refused"]
    report.add(s_ref, _("Our requests refused"), len(refused_out), _ref("message", refused_out))
    by_month: dict[str, list[Any]] = {}
    for m in answered:
        by_month.setdefault(_month(m.received_at.date()), []).append(m)
    for month, msgs in sorted(by_month.items()):
        hours = [(m.answered_at - m.received_at).total_seconds() / 3600 for m in msgs if m.answered_at]
        report.add(s_time, month, round(statistics.median(hours), 1), _ref("message", msgs), "h")
    per_month = _("Requests per month")
    for m in rows:
        report.add(per_month, _month(m.received_at.date()), 1, [f"message:{m.id}"])


# --- tesat: Council Decision 2005/671/JHA ------------------------------------------------------------------------


def tesat_report(session: Session, actor: Actor, report: Report) -> None:
    rows = [
        r
        for r in ops.visible_results(session, actor, start=report.start, end=report.end, country=report.country)
        if r.crime_area == "terrorism"
    ]
    s_off, s_arr, s_att, s_court = (
        _("Terrorist offences"),
        _("Arrests by affiliation"),
        _("Attacks"),
        _("Court decisions"),
    )
    off = [r for r in rows if r.kind == "offence"]
    report.add(s_off, _("Offences recorded"), sum(r.quantity for r in off), _ref("result", off))
    groups = _arrest_groups(session, rows)
    report.add(s_arr, _("All arrests (each person once)"), len(groups), [f"result:{r.id}" for g in groups for r in g])
    for group in groups:
        code = group[0].affiliation or "other"
        report.add(s_arr, str(TERRORISM_AFFILIATIONS.get(code, code)), 1, _ref("result", group))
    for outcome, label in (("completed", _("Completed")), ("failed", _("Failed")), ("foiled", _("Foiled"))):
        att = [r for r in rows if r.kind == "attack" and r.category == outcome]
        report.add(s_att, label, sum(r.quantity for r in att), _ref("result", att))
    court = [r for r in rows if r.kind == "court_decision"]
    report.add(s_court, _("Court decisions"), sum(r.quantity for r in court), _ref("result", court))


# --- migration: WB-RAN indicators per month and border section ----------------------------------------------------


def migration_report(session: Session, actor: Actor, report: Report) -> None:
    incidents = ops.visible_incidents(session, actor, start=report.start, end=report.end, country=report.country)
    by: dict[tuple[str, str], list[Any]] = {}
    for i in incidents:
        by.setdefault((_month(i.occurred_at.date()), i.border_section or "—"), []).append(i)
    for (month, section), items in sorted(by.items()):
        sec = f"{month} · {section}"
        for kind, label in (
            ("apprehension", _("Illegal border crossings")),
            ("illegal_stay", _("Illegal stay")),
            ("refusal_of_entry", _("Refusals of entry")),
            ("asylum_application", _("Asylum applications")),
        ):
            hits = [i for i in items if i.kind == kind]
            report.add(sec, label, sum(i.group_size for i in hits), _ref("incident", hits))
        links = [(i, link.entity_id) for i in items for link in i.entities if link.role == "facilitator"]
        groups = ops.same_person_groups_of(session, links, lambda pair: pair[1])
        report.add(
            sec, _("Facilitators (each person once)"), len(groups), [f"incident:{i.id}" for g in groups for i, _e in g]
        )
        forged = [i for i in items if i.false_documents]
        report.add(sec, _("False documents"), sum(i.false_documents for i in forged), _ref("incident", forged))
    total: str = _("All sections")
    for kind, kind_label in MIGRATION_KINDS.items():
        hits = [i for i in incidents if i.kind == kind]
        report.add(total, str(kind_label), sum(i.group_size for i in hits), _ref("incident", hits))


# --- results: per country, crime area and month --------------------------------------------------------------------


def results_report(session: Session, actor: Actor, report: Report) -> None:
    rows = ops.visible_results(session, actor, start=report.start, end=report.end, country=report.country)
    groups = _arrest_groups(session, rows)
    s_c, s_a, s_m = _("Arrests by country"), _("Arrests by crime area"), _("Arrests by month")
    for group in groups:
        first = group[0]
        refs = _ref("result", group)
        report.add(s_c, first.country_code, 1, refs)
        report.add(s_a, _crime(first.crime_area), 1, refs)
        report.add(s_m, _month(first.occurred_on), 1, refs)
    seizures = [r for r in rows if r.kind == "seizure"]
    s_sc = _("Seizures by country")
    for r in seizures:
        report.add(s_sc, r.country_code, 1, [f"result:{r.id}"])
    _seizures(report, _("Seizures by type"), seizures)
    s_o = _("Other results by crime area")
    for r in rows:
        if r.kind in ("investigation", "victims", "check"):
            report.add(s_o, f"{_crime(r.crime_area)} · {r.kind}", r.quantity, [f"result:{r.id}"])


@dataclass(frozen=True)
class Definition:
    title: Label
    basis: Label
    build: Callable[[Session, Actor, Report], None]
    role: tuple[str, ...] = ()


REPORTS: dict[str, Definition] = {
    "operation": Definition(
        N_("Joint Action Day communiqué"),
        N_("Europol JAD communiqué: officers, checks, arrests by crime area, seizures, illegal entries"),
        operation_report,
    ),
    "spoc": Definition(
        N_("SPOC statistics"),
        N_("Directive (EU) 2023/977, Art. 18: requests sent and received, urgency, deadlines, refusals"),
        spoc_report,
    ),
    "tesat": Definition(
        N_("TE-SAT contribution"),
        N_("Council Decision 2005/671/JHA: terrorist offences, arrests by affiliation, attacks, court decisions"),
        tesat_report,
    ),
    "migration": Definition(
        N_("Migration indicators"),
        N_("WB-RAN monthly indicators per border section"),
        migration_report,
    ),
    "results": Definition(
        N_("Results"),
        N_("Arrests (each person once) and seizures per country, crime area and month"),
        results_report,
    ),
}


def build(
    session: Session,
    actor: Actor,
    name: str,
    *,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
) -> Report:
    """Compute report ``name`` for the reader; logged (the figures are aggregates, no personal data)."""
    definition = REPORTS.get(name)
    if definition is None:
        raise NotFound(_("No such report."))
    fields: dict[str, str] = {}
    if start and end and end < start:
        fields["to"] = _("The end is before the start.")
    code = (country or "").strip().upper() or None
    if code and (len(code) != 2 or not code.isalpha()):
        fields["country"] = _("A two-letter country code.")
    if fields:
        raise InvalidInput(_("The report cannot be computed: correct the marked fields."), fields=fields)
    report = Report(name, str(definition.title), str(definition.basis), start, end, code)
    definition.build(session, actor, report)
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "report",
        None,
        details={"report": name, "from": str(start or ""), "to": str(end or ""), "country": code or ""},
    )
    return report


@dataclass
class Traced:
    ref: str
    kind: str
    id: int
    when: str
    agency: str
    what: str
    link: str


def explain(session: Session, actor: Actor, report: Report, key: str) -> list[Traced]:
    """The records behind one figure, each re-read through its service (so within the reader's rights)."""
    figure = report.figure(key)
    out: list[Traced] = []
    for ref in figure.refs:
        kind, _sep, raw = ref.partition(":")
        rid = int(raw)
        if kind == "result":
            r = ops.get_result(session, actor, rid)
            what = f"{r.kind} {r.category} {r.quantity:g} {r.unit}".strip()
            out.append(
                Traced(ref, kind, rid, r.occurred_on.isoformat(), r.agency.code, what, f"/operations/results/{rid}")
            )
        elif kind == "incident":
            i = ops.get_incident(session, actor, rid)
            what = f"{i.kind} ×{i.group_size} {i.border_section}".strip()
            out.append(
                Traced(
                    ref,
                    kind,
                    rid,
                    i.occurred_at.date().isoformat(),
                    i.agency.code,
                    what,
                    f"/operations/incidents/{rid}",
                )
            )
        elif kind == "message":
            found = case_stats.requests_of_agency(session, actor, None, None, ids=[rid])
            if not found:
                continue
            msg = found[0]
            what = f"{msg.sender_agency.code} → {msg.recipient_agency.code} · {msg.priority} · {msg.status}"
            out.append(
                Traced(
                    ref,
                    kind,
                    rid,
                    msg.received_at.date().isoformat(),
                    msg.sender_agency.code,
                    what,
                    f"/cases/{msg.case_id}#m{rid}",
                )
            )
    return out
