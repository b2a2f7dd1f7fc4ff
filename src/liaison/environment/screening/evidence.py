"""Collecting the evidence in a declaration: concepts, substances, chemicals and taxa.

Each identification remembers its *basis* (hs, description, cas, species, refrigerant,
packaging, status, documents) because the rules care about disagreements between them:
an HFC HS code with an HCFC refrigerant, or eels declared as "fresh fish".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from liaison.environment.screening.cas import find_cas_numbers, parse_cas
from liaison.environment.screening.hs import HSCode
from liaison.environment.screening.models import Declaration
from liaison.environment.screening.reference import (
    Blend,
    Chemical,
    Reference,
    Substance,
    Taxon,
    refrigerant_key,
)
from liaison.environment.screening.text import fold, padded

_REFRIGERANT_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9])(?:R|HFC|HCFC|CFC|HFO|FREON)[\s-]?\d[0-9A-Za-z]*(?:-[0-9]+[A-Za-z]*)?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_BASEL_CODE_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([AB]\d{4}|Y\d{1,2})(?![0-9A-Za-z])")
_RANK_ORDER = {"species": 0, "subspecies": 0, "genus": 1, "family": 2, "infraorder": 3, "order": 3}
_SPP = {"sp", "spp", "ssp", "subsp", "var"}
FIELDS = ("description", "packaging", "status", "documents")


@dataclass
class Evidence:
    """Everything identified in one declaration, with the basis of each identification."""

    declaration: Declaration
    hs: HSCode
    concepts: dict[str, set[str]] = field(default_factory=dict)
    substances: dict[str, tuple[Substance, set[str]]] = field(default_factory=dict)
    blends: dict[str, tuple[Blend, set[str]]] = field(default_factory=dict)
    chemicals: dict[tuple[str, str], tuple[Chemical, set[str]]] = field(default_factory=dict)
    taxa: dict[str, tuple[Taxon, set[str]]] = field(default_factory=dict)
    basel_codes: dict[str, set[str]] = field(default_factory=dict)
    species_resolved: bool = False
    # Taxa implied only by a keyword or HS code ("eel", 0301.92), not named: a named unlisted
    # taxon of the same group overrides them.
    implied_taxa: set[str] = field(default_factory=set)
    documents: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def has(self, concept: str, *fields: str) -> bool:
        """Concept found (in any of ``fields`` if given)."""
        where = self.concepts.get(concept)
        if not where:
            return False
        return not fields or bool(where.intersection(fields))

    def any(self, *concepts: str) -> bool:
        return any(c in self.concepts for c in concepts)

    def add_substance(self, sub: Substance, basis: str) -> None:
        self.substances.setdefault(sub.name, (sub, set()))[1].add(basis)

    def add_blend(self, blend: Blend, basis: str) -> None:
        self.blends.setdefault(blend.designation, (blend, set()))[1].add(basis)

    def add_chemical(self, chem: Chemical, basis: str) -> None:
        self.chemicals.setdefault((chem.treaty, chem.name), (chem, set()))[1].add(basis)

    def add_taxon(self, taxon: Taxon, basis: str) -> None:
        self.taxa.setdefault(taxon.taxon, (taxon, set()))[1].add(basis)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _add_item(ev: Evidence, item: Substance | Chemical, basis: str) -> None:
    if isinstance(item, Substance):
        ev.add_substance(item, basis)
    else:
        ev.add_chemical(item, basis)


def _identified(ev: Evidence, item: Substance | Chemical) -> bool:
    if isinstance(item, Substance):
        return item.name in ev.substances
    return (item.treaty, item.name) in ev.chemicals


def _match_concepts(ev: Evidence, ref: Reference) -> None:
    decl = ev.declaration
    texts = {
        "description": decl.description,
        "packaging": decl.packaging or "",
        "status": decl.status or "",
        "documents": " | ".join(decl.documents),
    }
    for name, text in texts.items():
        if not text:
            continue
        pad = padded(text)
        for pattern, concept in ref.keywords:
            if pattern.search(pad):
                ev.concepts.setdefault(concept, set()).add(name)


def _identify_refrigerant(ev: Evidence, ref: Reference, text: str, basis: str, explicit: bool) -> bool:
    key = refrigerant_key(text)
    if key and key in ref.blend_by_key:
        ev.add_blend(ref.blend_by_key[key], basis)
        return True
    if key and key in ref.substance_by_key:
        ev.add_substance(ref.substance_by_key[key], basis)
        return True
    if explicit:
        ev.warn(
            f"Unknown refrigerant designation {text!r}: it is not among the ODS, HFCs and blends in the "
            "reference data. Identify the gas from the cylinder label or safety data sheet before release."
        )
    return False


def _identify_cas(ev: Evidence, ref: Reference, text: str, basis: str) -> None:
    parsed = parse_cas(text)
    if parsed is None:
        ev.warn(f"{text!r} is not a CAS number (expected digits in the form NNNNNNN-NN-N, e.g. 75-45-6).")
        return
    if not parsed.valid:
        known = ref.by_cas.get(parsed.corrected)
        hint = f" ({known[0].name})" if known else ""
        ev.warn(
            f"CAS {parsed.text} has a wrong check digit (it should end in {parsed.expected_check_digit}; "
            f"{parsed.corrected}{hint} would be valid). Check the number on the documents: the substance "
            "could not be screened by CAS."
        )
        return
    for item in ref.by_cas.get(parsed.text, []):
        _add_item(ev, item, basis)


def resolve_species(ref: Reference, text: str) -> list[Taxon]:
    """Taxa for a species name as typed: scientific, synonym or common name in any language."""
    words = [w for w in fold(text).split() if w not in _SPP]
    if not words:
        return []
    candidates = ref.taxa_by_name.get(" ".join(words), [])
    if not candidates and len(words) >= 2:
        # "Falco cherrug saker" or a trinomial: try the binomial.
        candidates = ref.taxa_by_name.get(" ".join(words[:2]), [])
    if not candidates:
        candidates = [t for t in ref.taxa_by_name.get(words[0], []) if t.rank == "genus"]
    if not candidates:
        # An unlisted species of a curated genus ("Acipenser baerii", "Testudo sp."): the
        # higher taxon the curated species of that genus belong to.
        parents = {
            t.parent
            for t in ref.taxa.values()
            if t.rank == "species" and fold(t.taxon).split()[0] == words[0] and t.parent
        }
        candidates = [ref.taxa[p] for p in sorted(parents) if p in ref.taxa]
    if not candidates:
        pad = f" {' '.join(words)} "
        concepts = {c for pattern, c in ref.keywords if pattern.search(pad)}
        for concept in sorted(concepts):
            for r in ref.concepts[concept].refs:
                if r in ref.taxa and ref.taxa[r] not in candidates:
                    candidates.append(ref.taxa[r])
    if not candidates:
        return []
    best = min(_RANK_ORDER.get(t.rank, 9) for t in candidates)
    return [t for t in candidates if _RANK_ORDER.get(t.rank, 9) == best]


def collect(decl: Declaration, hs: HSCode, ref: Reference) -> Evidence:
    """Identify everything the declaration says or implies."""
    ev = Evidence(declaration=decl, hs=hs, documents=[padded(d) for d in decl.documents])
    _match_concepts(ev, ref)
    desc_pad = padded(decl.description)

    if decl.refrigerant:
        _identify_refrigerant(ev, ref, decl.refrigerant, "refrigerant", explicit=True)
    for m in _REFRIGERANT_IN_TEXT.finditer(decl.description):
        _identify_refrigerant(ev, ref, m.group(0), "description", explicit=False)

    for cas in decl.cas_numbers:
        _identify_cas(ev, ref, cas, "cas")
    for cas in find_cas_numbers(decl.description):
        _identify_cas(ev, ref, cas, "description")

    for name, items in ref.names.items():
        if f" {name} " in desc_pad:
            for item in items:
                _add_item(ev, item, "description")
    # The HS subheading names substances (2903.71 is HCFC-22): add them on the HS alone, unless
    # other evidence already picked one of them, which is then confirmed rather than joined
    # by its neighbours (2903.45 names HFC-134a and HFC-134).
    named = ref.hs_named.get(hs.subheading, [])
    confirmed = [i for i in named if _identified(ev, i)]
    for item in confirmed or named:
        _add_item(ev, item, "hs")

    if decl.species:
        taxa = resolve_species(ref, decl.species)
        if taxa:
            ev.species_resolved = True
            for t in taxa:
                ev.add_taxon(t, "species")
        else:
            ev.warn(
                f"Species {decl.species!r} is not in the project's curated list of CITES taxa: the screening "
                "cannot say whether it is listed. Check the CITES Appendices (or ask the CITES Management "
                "Authority) before release."
            )
    for concept in ev.concepts:
        c = ref.concepts[concept]
        for r in c.refs:
            if r in ref.taxa:
                if r not in ev.taxa:
                    ev.implied_taxa.add(r)
                ev.add_taxon(ref.taxa[r], "description")
    # Scientific names, synonyms and the longer common names written in the description
    # ("African grey parrot", "Hermann's tortoise", "crveni koral"); short common names are
    # left to the keyword list, where their inflections are handled.
    seen_taxa: set[str] = set()
    for folded, taxon, scientific in ref.taxon_scan:
        if taxon.taxon in seen_taxa or not (f" {folded} " in desc_pad or f" {folded}s " in desc_pad):
            continue
        seen_taxa.add(taxon.taxon)
        if taxon.taxon not in ev.taxa and taxon.rank not in ("species", "genus") and not scientific:
            ev.implied_taxa.add(taxon.taxon)  # "corals", "owls": a group word, not a name
        elif taxon.rank in ("species", "genus") or scientific:
            ev.implied_taxa.discard(taxon.taxon)
        ev.add_taxon(taxon, "description")

    for m in _BASEL_CODE_IN_TEXT.finditer(" ".join([decl.description, *decl.documents])):
        code = m.group(1)
        if code in ref.basel:
            ev.basel_codes.setdefault(code, set()).add("description")
    return ev
