"""What a check asks, how it is read, and how candidates become hits.

The online check (database) and the offline replica share this module: each supplies a
:class:`Source` that finds candidate entries by key, and :func:`evaluate` applies the same rules to
both, so a crossing point without network answers exactly as the central service would:

* a document hits only when number *and* issuing country agree;
* a plate only when plate *and* plate country agree; a VIN or firearm serial when it is equal;
* a person only when the birth date agrees exactly or with day and month swapped, and the name
  matches across scripts and spellings (:mod:`liaison.matching.persons`);
* an entry past its expiry date, or not yet valid, never hits.

What a hit may *show* is decided here too, by :func:`may_disclose` (handling codes): the replica
export uses it to choose what a crossing point's file may hold, and the online check uses it to
answer "hit, contact the owner" without the entry's data when the checking agency may not see them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from liaison.core.i18n import _
from liaison.core.vocab import HIT_OUTCOMES, code_label
from liaison.entities.identifiers.mrz import MRZError
from liaison.entities.identifiers.mrz import parse as parse_mrz
from liaison.frontline import keys
from liaison.frontline import verdict as verdicts
from liaison.frontline.models import ACTIONS
from liaison.matching.persons import Person, match_persons

#: Handling codes whose entries any agency checking may see in full (Europol H0, H1). H2 ("not to be
#: disseminated without the provider's permission") and H3 ("other restrictions") need the owner.
OPEN_HANDLING: frozenset[str] = frozenset({"H0", "H1"})


def may_disclose(
    handling_code: str, owner_code: str, viewer_code: str | None, allowed: Iterable[str] = OPEN_HANDLING
) -> bool:
    """Whether an entry's data may be shown to (or held by) the agency ``viewer_code``.

    The one disclosure rule of frontline checks, for the online check and the offline replica alike:
    H0/H1 entries (and any code in ``allowed``) to everyone; H2/H3 entries only to their owner, since an
    agency may always see its own data. Anyone else learns only that there is a hit, whose it is, whom
    to call and what to do (Prüm-style hit/no-hit), and asks the owner for the rest.
    """
    code = (handling_code or "H0").upper()
    return code in set(allowed) or (viewer_code is not None and viewer_code == owner_code)


@dataclass(frozen=True)
class Audience:
    """Who reads a check's answer: the checking agency's code and any extra handling codes it may see."""

    agency_code: str | None
    allowed: frozenset[str] = OPEN_HANDLING

    def sees(self, hit: Hit) -> bool:
        return may_disclose(hit.handling_code, hit.owner, self.agency_code, self.allowed)


#: Order in which hits are shown: the most urgent action first, then the best score.
ACTION_RANK = {"arrest": 0, "refuse_entry": 1, "discreet_check": 2, "locate": 3, "seize": 4}


class BadQuery(ValueError):
    """The check cannot be run as asked; ``fields`` names each problem for the form or the CLI."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message + "".join(f"\n  {k}: {v}" for k, v in fields.items()))
        self.message = message
        self.fields = fields


@dataclass
class CheckQuery:
    """What the officer has in hand. Any combination; at least one thing."""

    mrz: str = ""
    name: str = ""
    birth_date: str = ""
    nationality: str = ""
    document: str = ""
    document_country: str = ""
    plate: str = ""
    plate_country: str = ""
    vin: str = ""
    serial: str = ""


@dataclass
class MrzReading:
    """The parsed MRZ as shown to the officer, with every check-digit problem."""

    format: str
    document_number: str
    issuing_country: str | None
    surname: str
    given_names: str
    nationality: str | None
    birth_date: str | None
    expiry_date: str | None
    valid: bool
    problems: list[str]


@dataclass
class Prepared:
    documents: list[tuple[str, str]] = field(default_factory=list)
    plates: list[tuple[str, str]] = field(default_factory=list)
    vins: list[str] = field(default_factory=list)
    serials: list[str] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    mrz: MrzReading | None = None
    #: Why an MRZ that was given could not be read at all (the verdict is then CHECK DOCUMENT).
    mrz_error: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        pairs = (
            ("mrz", self.mrz or self.mrz_error),
            ("document", self.documents),
            ("vehicle", self.plates or self.vins),
            ("firearm", self.serials),
            ("person", self.persons),
        )
        return [kind for kind, present in pairs if present]


@dataclass(frozen=True)
class EntryView:
    """One watchlist entry as a source returns it; enough to decide and to answer."""

    entry_id: int
    record_id: str
    list_name: str
    category: str
    action: str
    owner_code: str
    owner_id: int | None
    contact_point: str
    reference: str
    handling_code: str
    valid_from: date | None = None
    expires_on: date | None = None
    doc_country: str | None = None
    plate_country: str | None = None
    name: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    description: str = ""


@dataclass
class Hit:
    list: str
    entry_id: str
    score: float
    action: str
    action_label: str
    explanation: str
    category: str
    contact_point: str
    owner: str
    reference: str
    handling_code: str
    matched_on: str
    expires_on: str | None
    db_id: int
    owner_id: int | None = None
    #: True when the entry's data are withheld from the checking agency (handling code H2/H3).
    withheld: bool = False
    #: The owner's list, record id and category, kept for the check log and the owner's notification
    #: even when withheld from the checker; never part of the answer.
    source: tuple[str, str, str] = ("", "", "")

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for hidden in ("db_id", "owner_id", "source"):
            data.pop(hidden)
        return data

    def withhold(self) -> Hit:
        """The same hit with nothing of the entry but its owner, contact point and action."""
        return replace(
            self,
            list="",
            entry_id="",
            explanation=_(
                "Hit on an entry with handling code %(code)s: its data are not disclosed to your agency. "
                "Contact %(owner)s for the details and the action to take."
            )
            % {"code": self.handling_code, "owner": self.owner},
            category="",
            reference="",
            expires_on=None,
            withheld=True,
        )


@dataclass
class CheckResult:
    hits: list[Hit]
    kinds: list[str]
    mrz: MrzReading | None = None
    warnings: list[str] = field(default_factory=list)
    check_id: int | None = None
    #: Why the document needs a closer look (:func:`liaison.frontline.verdict.document_problems`).
    document_problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """``hit``, ``check_document`` or ``clear`` (:func:`liaison.frontline.verdict.decide`)."""
        return verdicts.decide(bool(self.hits), self.document_problems)

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "document_problems": self.document_problems,
            "check_id": self.check_id,
            "hits": [h.as_json() for h in self.hits],
            "checked": self.kinds,
            "mrz": asdict(self.mrz) if self.mrz else None,
            "warnings": self.warnings,
        }


class Source(Protocol):
    def documents(self, number: str) -> Iterable[EntryView]: ...
    def plates(self, plate: str) -> Iterable[EntryView]: ...
    def vins(self, vin: str) -> Iterable[EntryView]: ...
    def serials(self, serial: str) -> Iterable[EntryView]: ...
    def born_on(self, dates: tuple[str, ...]) -> Iterable[EntryView]: ...


def _read_mrz(text: str, prep: Prepared, fields: dict[str, str]) -> None:
    try:
        mrz = parse_mrz(text)
    except (MRZError, ValueError) as exc:
        # Not bad input but a document to look at: the verdict is CHECK DOCUMENT, the rest is still checked.
        prep.mrz_error = _("not a machine-readable zone: %(problem)s") % {"problem": exc}
        return
    birth = mrz.birth_date if mrz.birth_date and len(mrz.birth_date) == 10 else None
    prep.mrz = MrzReading(
        mrz.format,
        mrz.document_number,
        mrz.issuing_country,
        mrz.surname,
        mrz.given_names,
        mrz.nationality_country,
        birth,
        mrz.expiry_date,
        mrz.valid,
        list(mrz.problems),
    )
    for problem in mrz.problems:
        prep.warnings.append(verdicts.mrz_problem(problem))
    if mrz.document_number and mrz.issuing_country:
        try:
            prep.documents.append((keys.document_key(mrz.document_number), mrz.issuing_country))
        except keys.BadKey as exc:
            prep.warnings.append(verdicts.mrz_problem(str(exc)))
    name = " ".join(p for p in (mrz.given_names, mrz.surname) if p)
    if name and birth:
        prep.persons.append(Person(name=name, birth_date=birth, nationality=mrz.nationality_country))
    elif name:
        prep.warnings.append(_("MRZ: no full birth date, so the holder was not checked against wanted persons"))


def prepare(query: CheckQuery) -> Prepared:
    """Validate and normalise a query; raises :class:`BadQuery` naming every field at fault."""
    prep = Prepared()
    fields: dict[str, str] = {}

    def attempt(name: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except keys.BadKey as exc:
            fields[name] = str(exc)
            return None

    if keys.visible(query.mrz):
        _read_mrz(query.mrz, prep, fields)
    if keys.visible(query.document) or keys.visible(query.document_country):
        number = attempt("document", keys.document_key, query.document)
        cc = attempt("document_country", keys.country, query.document_country, "issuing country")
        if number and cc:
            prep.documents.append((number, cc))
    if keys.visible(query.plate) or keys.visible(query.plate_country):
        plate = attempt("plate", keys.plate_key, query.plate)
        cc = attempt("plate_country", keys.country, query.plate_country, "plate country")
        if plate and cc:
            prep.plates.append((plate, cc))
    if keys.visible(query.vin):
        value = attempt("vin", keys.vin_key, query.vin)
        if value:
            prep.vins.append(value)
    if keys.visible(query.serial):
        value = attempt("serial", keys.serial_key, query.serial)
        if value:
            prep.serials.append(value)
    if keys.visible(query.name) or keys.visible(query.birth_date) or keys.visible(query.nationality):
        if not keys.visible(query.name):
            fields["name"] = _("a person check needs the name")
        if len(query.name) > 200:
            fields["name"] = _("at most 200 characters")
        born = attempt("birth_date", keys.birth_date, query.birth_date)
        nationality = (
            attempt("nationality", keys.country, query.nationality, "nationality")
            if keys.visible(query.nationality)
            else None
        )
        if keys.visible(query.name) and born and "name" not in fields:
            prep.persons.append(Person(name=query.name.strip(), birth_date=born, nationality=nationality))
    if fields:
        raise BadQuery(_("The check could not be run: correct the marked fields."), fields)
    if not prep.kinds:
        raise BadQuery(_("Nothing to check: give an MRZ, a document, a plate, a VIN or a person."), {"query": "empty"})
    return prep


def _live(entry: EntryView, today: date) -> bool:
    if entry.expires_on is not None and entry.expires_on < today:
        return False
    return entry.valid_from is None or entry.valid_from <= today


def _hit(entry: EntryView, score: float, matched_on: str, explanation: str) -> Hit:
    return Hit(
        list=entry.list_name,
        entry_id=entry.record_id,
        score=round(score, 3),
        action=entry.action,
        action_label=str(ACTIONS.get(entry.action, entry.action)),  # translated for the reader
        explanation=explanation,
        category=entry.category,
        contact_point=entry.contact_point,
        owner=entry.owner_code,
        reference=entry.reference,
        handling_code=entry.handling_code,
        matched_on=matched_on,
        expires_on=entry.expires_on.isoformat() if entry.expires_on else None,
        db_id=entry.entry_id,
        owner_id=entry.owner_id,
        source=(entry.list_name, entry.record_id, entry.category),
    )


def _person_hit(person: Person, entry: EntryView) -> Hit | None:
    if not entry.name or not entry.birth_date:
        return None
    listed = Person(name=entry.name, birth_date=entry.birth_date, nationality=entry.nationality)
    result = match_persons(person, listed)
    by_field = {e.field: e for e in result.evidence}
    date_ev = by_field.get("birth_date")
    if not result.is_match or date_ev is None or date_ev.outcome not in ("exact", "swapped"):
        return None
    parts = [
        _("name matches (%(detail)s) the listed name %(name)s")
        % {"detail": by_field["name"].detail, "name": repr(entry.name)},
        date_ev.detail,
    ]
    if "nationality" in by_field:
        nationality = by_field["nationality"]
        parts.append(
            _("nationality: %(outcome)s (%(detail)s)")
            % {"outcome": code_label(HIT_OUTCOMES, nationality.outcome), "detail": nationality.detail}
        )
    return _hit(entry, result.score, "person", "; ".join(parts))


def evaluate(
    prep: Prepared, source: Source, today: date | None = None, audience: Audience | None = None
) -> CheckResult:
    """Every hit across all lists for a prepared query, best first, each entry at most once.

    With an ``audience``, a hit on an entry it may not see (:func:`may_disclose`) keeps only the owner,
    contact point and action; without one (the server's operator), every hit is shown in full.
    """
    today = today or date.today()
    hits: dict[int, Hit] = {}

    def keep(hit: Hit | None) -> None:
        if hit is not None and (hit.db_id not in hits or hits[hit.db_id].score < hit.score):
            hits[hit.db_id] = hit

    for number, cc in prep.documents:
        for entry in source.documents(number):
            if _live(entry, today) and entry.doc_country == cc:
                keep(
                    _hit(
                        entry,
                        1.0,
                        "document",
                        _("document number %(number)s issued by %(country)s is listed")
                        % {"number": number, "country": cc},
                    )
                )
    for plate, cc in prep.plates:
        for entry in source.plates(plate):
            if _live(entry, today) and entry.plate_country == cc:
                keep(
                    _hit(
                        entry,
                        1.0,
                        "plate",
                        _("plate %(plate)s (%(country)s) is listed") % {"plate": plate, "country": cc},
                    )
                )
    for value in prep.vins:
        for entry in source.vins(value):
            if _live(entry, today):
                keep(_hit(entry, 1.0, "vin", _("VIN %(vin)s is listed") % {"vin": value}))
    for value in prep.serials:
        for entry in source.serials(value):
            if _live(entry, today):
                keep(_hit(entry, 1.0, "serial", _("serial number %(serial)s is listed") % {"serial": value}))
    for person in prep.persons:
        assert person.birth_date is not None
        for entry in source.born_on(keys.birth_date_variants(person.birth_date)):
            if _live(entry, today):
                keep(_person_hit(person, entry))
    # The most urgent action first: the verdict line shows the first hit's action.
    shown = [h if audience is None or audience.sees(h) else h.withhold() for h in hits.values()]
    ordered = sorted(shown, key=lambda h: (ACTION_RANK.get(h.action, 9), -h.score, h.list, h.entry_id))
    problems = verdicts.document_problems(prep.mrz, prep.mrz_error, today)
    return CheckResult(
        hits=ordered, kinds=prep.kinds, mrz=prep.mrz, warnings=list(prep.warnings), document_problems=problems
    )
