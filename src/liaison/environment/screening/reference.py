"""Loading, validating and indexing the curated reference data (CSV files).

The data are the project's own curation from the public treaty texts (CITES Appendices,
Montreal Protocol annexes, Basel annexes, Rotterdam Annex III, Stockholm annexes, CWC
schedules), each row citing its source and the date it was checked. They are deliberately
not a dump of any database whose terms forbid redistribution (e.g. CITES Species+).
CITES rows were checked against the Appendices valid from 25 November 2023; amendments
adopted at CoP20 (2025) have not been verified, which the screening note states.

The files are read once per process through ``importlib.resources`` (so they work from a
wheel) and checked on load: a row without a source or checked date, a bad CAS check digit
or a non-existent HS subheading is a packaging bug, and failing loudly here is better than
screening against silently broken data.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from liaison.environment.screening import hs as hsmod
from liaison.environment.screening.cas import parse_cas
from liaison.environment.screening.text import Pattern, compile_pattern, fold

DATA_PACKAGE = "liaison.environment.data"
DATA_FILES = (
    "cites_taxa.csv",
    "ods.csv",
    "refrigerant_blends.csv",
    "basel_wastes.csv",
    "rotterdam.csv",
    "stockholm.csv",
    "cwc.csv",
    "cartagena.csv",
    "keywords.csv",
    "concepts.csv",
    "red_flags.csv",
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Short acronyms that are also ordinary words in declarations ("TEA", "GB"...): never matched
# as chemical names in free text; the CAS number or full name still matches.
_ACRONYM_STOPLIST = frozenset({"tea", "tel", "tml", "pcp", "hd", "ga", "gb", "gd", "bz", "dc", "df", "cfc"})


class ReferenceDataError(RuntimeError):
    """The shipped reference data are inconsistent (a packaging bug, not user input)."""


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of one data file as dicts (UTF-8, header row)."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return [dict(r) for r in csv.DictReader(io.StringIO(text))]


def split(value: str) -> list[str]:
    """Split a semicolon-separated cell, dropping blanks."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


_REF_PREFIX = r"(?:R|HFC|HCFC|CFC|HFO|HBFC|FC|FREON|GENETRON|HALON)"


def refrigerant_key(text: str) -> str | None:
    """Canonical key for refrigerant designations: R-22, r22, HCFC-22, Freon 22 -> ``R22``.

    Suffix letters are upper-cased for the key only (R-134a -> R134A), which keeps R-134
    and R-134a apart while accepting any capitalisation a person types.
    """
    t = re.sub(r"\(E\)|\(Z\)", "", text.strip(), flags=re.IGNORECASE).upper()
    compact = re.sub(r"[\s_]+", "", t)
    m = re.fullmatch(_REF_PREFIX + r"-?(\d[\dA-Z-]*)", compact)
    if not m:
        # "Freon R-22", "R-22 (HCFC)": the first designation inside the text.
        m = re.search(r"(?<![A-Z0-9])" + _REF_PREFIX + r"[\s-]?(\d[\dA-Z]*(?:-\d+[A-Z]*)?)", t)
    if not m:
        return None
    rest = m.group(1).replace("-", "")
    return "R" + rest if rest else None


@dataclass(frozen=True)
class Taxon:
    taxon: str
    rank: str
    group: str
    parent: str
    appendix: str
    common_names: tuple[str, ...]
    synonyms: tuple[str, ...]
    listed: str
    notes: str
    hs_codes: tuple[str, ...]
    source: str
    checked: str

    @property
    def listed_in_cites(self) -> bool:
        return self.appendix in {"I", "II", "III"}


@dataclass(frozen=True)
class Substance:
    """An ozone-depleting substance, HFC or (annex ``none``) a non-controlled refrigerant."""

    name: str
    chemical_name: str
    formula: str
    refrigerant: str
    cas: str
    annex: str
    group: str
    substance_class: str
    hs_code: str
    synonyms: tuple[str, ...]
    source: str
    checked: str

    @property
    def controlled(self) -> bool:
        return self.annex != "none"

    @property
    def annex_label(self) -> str:
        return f"Annex {self.annex} Group {self.group}" if self.group else f"Annex {self.annex}"


@dataclass(frozen=True)
class Blend:
    designation: str
    components: tuple[tuple[str, float], ...]
    controlled: tuple[str, ...]
    annexes: tuple[str, ...]
    hs_code: str
    trade_names: tuple[str, ...]
    notes: str
    source: str
    checked: str


@dataclass(frozen=True)
class BaselEntry:
    code: str
    annex: str
    status: str  # controlled | not_controlled | deleted
    title: str
    concepts: tuple[str, ...]
    hs_codes: tuple[str, ...]
    notes: str
    source: str
    checked: str


@dataclass(frozen=True)
class Chemical:
    """A Rotterdam, Stockholm or CWC listed chemical; ``listing`` is annex/schedule text."""

    treaty: str
    name: str
    cas: str
    listing: str
    category: str
    hs_codes: tuple[str, ...]
    synonyms: tuple[str, ...]
    notes: str
    source: str
    checked: str


@dataclass(frozen=True)
class Concept:
    concept: str
    treaty: str
    refs: tuple[str, ...]
    label: str
    source: str


@dataclass(frozen=True)
class RedFlagDef:
    code: str
    treaty: str
    reason: str
    guidance: str
    source: str


@dataclass(frozen=True)
class CartagenaCategory:
    category: str
    articles: str
    procedure: str
    hs_codes: tuple[str, ...]
    source: str


@dataclass
class Reference:
    """All reference data with the lookup indexes the engine needs."""

    taxa: dict[str, Taxon] = field(default_factory=dict)
    taxa_by_name: dict[str, list[Taxon]] = field(default_factory=lambda: defaultdict(list))
    substances: list[Substance] = field(default_factory=list)
    substance_by_key: dict[str, Substance] = field(default_factory=dict)
    blend_by_key: dict[str, Blend] = field(default_factory=dict)
    basel: dict[str, BaselEntry] = field(default_factory=dict)
    chemicals: list[Chemical] = field(default_factory=list)
    by_cas: dict[str, list[Substance | Chemical]] = field(default_factory=lambda: defaultdict(list))
    # folded name -> substances/chemicals (for names written in the goods description)
    names: dict[str, list[Substance | Chemical]] = field(default_factory=lambda: defaultdict(list))
    # HS subheading -> substances/chemicals that the subheading's own text names
    hs_named: dict[str, list[Substance | Chemical]] = field(default_factory=lambda: defaultdict(list))
    # (folded name, taxon, is scientific name or synonym) for names of 5+ characters, in data order
    taxon_scan: list[tuple[str, Taxon, bool]] = field(default_factory=list)
    keywords: list[tuple[Pattern, str]] = field(default_factory=list)
    concepts: dict[str, Concept] = field(default_factory=dict)
    red_flags: dict[str, RedFlagDef] = field(default_factory=dict)
    cartagena: list[CartagenaCategory] = field(default_factory=list)

    def taxon_chain(self, taxon: Taxon) -> list[Taxon]:
        """The taxon and its curated parents (species -> genus -> order), nearest first."""
        chain = [taxon]
        seen = {taxon.taxon}
        while chain[-1].parent and chain[-1].parent in self.taxa and chain[-1].parent not in seen:
            parent = self.taxa[chain[-1].parent]
            seen.add(parent.taxon)
            chain.append(parent)
        return chain


def _check_common(file: str, row: dict[str, str], errors: list[str]) -> None:
    if not row.get("source", "").strip():
        errors.append(f"{file}: row {row} has no source")
    if not _DATE.match(row.get("checked", "").strip()):
        errors.append(f"{file}: row {list(row.values())[0]!r} has no checked date (YYYY-MM-DD)")


def _check_hs(file: str, key: str, codes: list[str], errors: list[str]) -> None:
    for code in codes:
        if not hsmod.exists(code):
            errors.append(f"{file}: {key}: HS {code} is not an HS 2022 subheading")


def _check_cas(file: str, key: str, cas: str, errors: list[str]) -> str:
    if not cas:
        return ""
    parsed = parse_cas(cas)
    if parsed is None or not parsed.valid or parsed.text != cas:
        errors.append(f"{file}: {key}: CAS {cas} is malformed or has a wrong check digit")
        return ""
    return parsed.text


def _add_name(ref: Reference, name: str, item: Substance | Chemical) -> None:
    folded = fold(name)
    if not folded:
        return
    is_acronym = len(folded) <= 5 and " " not in folded
    if is_acronym and (len(folded) < 3 or folded in _ACRONYM_STOPLIST):
        return
    if item not in ref.names[folded]:
        ref.names[folded].append(item)


def build_reference() -> Reference:
    """Read, validate and index every data file. Raises :class:`ReferenceDataError`."""
    ref = Reference()
    errors: list[str] = []

    for row in read_rows("cites_taxa.csv"):
        _check_common("cites_taxa.csv", row, errors)
        hs_codes = split(row["hs_codes"])
        _check_hs("cites_taxa.csv", row["taxon"], hs_codes, errors)
        commons = tuple(
            n for col in ("common_en", "common_sq", "common_sr", "common_mk", "common_bs_hr") for n in split(row[col])
        )
        taxon = Taxon(
            taxon=row["taxon"],
            rank=row["rank"],
            group=row["group"],
            parent=row["parent"],
            appendix=row["appendix"],
            common_names=commons,
            synonyms=tuple(split(row["synonyms"])),
            listed=row["listed"],
            notes=row["notes"],
            hs_codes=tuple(hs_codes),
            source=row["source"],
            checked=row["checked"],
        )
        if taxon.appendix not in {"I", "II", "III", "none"}:
            errors.append(f"cites_taxa.csv: {taxon.taxon}: appendix {taxon.appendix!r}")
        ref.taxa[taxon.taxon] = taxon
        # Scientific names and synonyms first: they win over a common name shared by two rows.
        for i, name in enumerate((taxon.taxon, *taxon.synonyms, *commons)):
            folded = fold(name)
            bucket = ref.taxa_by_name[folded]
            if taxon not in bucket:
                bucket.append(taxon)
            if len(folded) >= 5:
                ref.taxon_scan.append((folded, taxon, i <= len(taxon.synonyms)))

    for row in read_rows("ods.csv"):
        _check_common("ods.csv", row, errors)
        _check_hs("ods.csv", row["name"], [row["hs_code"]], errors)
        cas = _check_cas("ods.csv", row["name"], row["cas"], errors)
        sub = Substance(
            name=row["name"],
            chemical_name=row["chemical_name"],
            formula=row["formula"],
            refrigerant=row["refrigerant"],
            cas=cas,
            annex=row["annex"],
            group=row["group"],
            substance_class=row["substance_class"],
            hs_code=row["hs_code"],
            synonyms=tuple(split(row["synonyms"])),
            source=row["source"],
            checked=row["checked"],
        )
        ref.substances.append(sub)
        for designation in (sub.refrigerant, sub.name):
            key = refrigerant_key(designation)
            if key:
                ref.substance_by_key.setdefault(key, sub)
        if cas:
            ref.by_cas[cas].append(sub)
        for name in (sub.name, sub.chemical_name, *sub.synonyms):
            _add_name(ref, name, sub)

    for row in read_rows("refrigerant_blends.csv"):
        _check_common("refrigerant_blends.csv", row, errors)
        _check_hs("refrigerant_blends.csv", row["designation"], [row["hs_code"]], errors)
        comps: list[tuple[str, float]] = []
        for part in split(row["components"]):
            designation, _, pct = part.partition(":")
            key = refrigerant_key(designation)
            if key is None or key not in ref.substance_by_key:
                errors.append(f"refrigerant_blends.csv: {row['designation']}: unknown component {designation}")
                continue
            comps.append((designation, float(pct)))
        if comps and abs(sum(p for _, p in comps) - 100.0) > 0.01:
            errors.append(f"refrigerant_blends.csv: {row['designation']}: components do not add up to 100%")
        blend = Blend(
            designation=row["designation"],
            components=tuple(comps),
            controlled=tuple(split(row["controlled"])),
            annexes=tuple(split(row["annexes"])),
            hs_code=row["hs_code"],
            trade_names=tuple(split(row["trade_names"])),
            notes=row["notes"],
            source=row["source"],
            checked=row["checked"],
        )
        key = refrigerant_key(blend.designation)
        if key:
            ref.blend_by_key[key] = blend

    for row in read_rows("basel_wastes.csv"):
        _check_common("basel_wastes.csv", row, errors)
        hs_codes = split(row["hs_codes"])
        _check_hs("basel_wastes.csv", row["code"], hs_codes, errors)
        ref.basel[row["code"]] = BaselEntry(
            code=row["code"],
            annex=row["annex"],
            status=row["status"],
            title=row["title"],
            concepts=tuple(split(row["concepts"])),
            hs_codes=tuple(hs_codes),
            notes=row["notes"],
            source=row["source"],
            checked=row["checked"],
        )

    for file, treaty, listing_col in (
        ("rotterdam.csv", "ROTTERDAM", None),
        ("stockholm.csv", "STOCKHOLM", "annex"),
        ("cwc.csv", "CWC", "schedule"),
    ):
        for row in read_rows(file):
            _check_common(file, row, errors)
            hs_codes = split(row["hs_code"])
            _check_hs(file, row["name"], hs_codes, errors)
            cas = _check_cas(file, row["name"], row["cas"], errors)
            if treaty == "ROTTERDAM":
                listing = "Annex III"
            elif treaty == "STOCKHOLM":
                listing = "Annex " + " and ".join(split(row["annex"]))
            else:
                listing = f"Schedule {row['schedule']} ({row['schedule']}{row['part'][0]})"
            chem = Chemical(
                treaty=treaty,
                name=row["name"],
                cas=cas,
                listing=listing,
                category=row.get("category", "") or f"schedule {row.get('schedule', '')}",
                hs_codes=tuple(hs_codes),
                synonyms=tuple(split(row["synonyms"])),
                notes=row["notes"],
                source=row["source"],
                checked=row["checked"],
            )
            if listing_col is not None and not row[listing_col]:
                errors.append(f"{file}: {row['name']}: no {listing_col}")
            ref.chemicals.append(chem)
            if cas:
                ref.by_cas[cas].append(chem)
            for name in (chem.name, *chem.synonyms):
                _add_name(ref, name, chem)

    # An HS subheading "names" a substance when its WCO text contains the substance's name:
    # then the HS code alone identifies it (2903.71 is HCFC-22), without any other evidence.
    table = hsmod.subheadings()
    items: list[Substance | Chemical] = [*ref.substances, *ref.chemicals]
    for item in items:
        codes = (item.hs_code,) if isinstance(item, Substance) else item.hs_codes
        names = {fold(n) for n in (item.name, *item.synonyms)}
        if isinstance(item, Substance):
            names.add(fold(item.chemical_name))
        names = {n for n in names if len(n) >= 3}
        for code in codes:
            desc = f" {fold(table.get(code, ''))} "
            if any(f" {n} " in desc for n in names) and item not in ref.hs_named[code]:
                ref.hs_named[code].append(item)

    for row in read_rows("cartagena.csv"):
        _check_common("cartagena.csv", row, errors)
        hs_codes = split(row["hs_codes"])
        _check_hs("cartagena.csv", row["category"][:40], hs_codes, errors)
        ref.cartagena.append(
            CartagenaCategory(
                category=row["category"],
                articles=row["articles"],
                procedure=row["procedure"],
                hs_codes=tuple(hs_codes),
                source=row["source"],
            )
        )

    for row in read_rows("concepts.csv"):
        _check_common("concepts.csv", row, errors)
        ref.concepts[row["concept"]] = Concept(
            concept=row["concept"],
            treaty=row["treaty"],
            refs=tuple(split(row["refs"])),
            label=row["label"],
            source=row["source"],
        )
    for concept in ref.concepts.values():
        for r in concept.refs:
            known = r in ref.taxa or r in ref.basel or any(c.name == r for c in ref.chemicals)
            if not known:
                errors.append(f"concepts.csv: {concept.concept}: unknown reference {r}")

    for row in read_rows("keywords.csv"):
        _check_common("keywords.csv", row, errors)
        if row["concept"] not in ref.concepts:
            errors.append(f"keywords.csv: {row['keyword']}: unknown concept {row['concept']}")
            continue
        pattern = compile_pattern(row["keyword"])
        if pattern.folded:
            ref.keywords.append((pattern, row["concept"]))

    for row in read_rows("red_flags.csv"):
        _check_common("red_flags.csv", row, errors)
        ref.red_flags[row["code"]] = RedFlagDef(
            code=row["code"],
            treaty=row["treaty"],
            reason=row["reason"],
            guidance=row["guidance"],
            source=row["source"],
        )

    if errors:
        raise ReferenceDataError("Reference data errors:\n" + "\n".join(errors))
    return ref


@lru_cache(maxsize=1)
def get_reference() -> Reference:
    """The process-wide reference data, built on first use."""
    return build_reference()
