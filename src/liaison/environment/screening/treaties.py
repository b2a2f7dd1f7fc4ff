"""Which treaty entries apply, and what each requires: built from the collected evidence.

Rules follow the treaties: CITES needs permits according to the appendix (Art. III-V);
the Montreal Protocol licenses imports and exports of controlled substances (Art. 4B);
Basel requires prior informed consent and a movement document for hazardous and "other"
wastes (Art. 6); Rotterdam requires the importing Party's consent for Annex III chemicals;
Stockholm only allows Annex A/B chemicals to move for disposal or a permitted use (Art. 3.2);
the CWC regulates transfers by schedule; Cartagena requires advance informed agreement for
LMOs to be released and documentation for all LMOs (Art. 7-11, 18).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liaison.environment.screening import documents as docs
from liaison.environment.screening.evidence import Evidence
from liaison.environment.screening.i18n import phrase
from liaison.environment.screening.models import Requirement, TreatyHit
from liaison.environment.screening.reference import Reference, Taxon

EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
WCO = "WCO Harmonized System 2022 subheading text"

# HS subheadings that by themselves identify CITES taxa (WCO texts name them).
CITES_HS: dict[str, tuple[str, ...]] = {
    "160431": ("Acipenseriformes",),
    "030192": ("Anguilla anguilla",),
    "030274": ("Anguilla anguilla",),
    "030326": ("Anguilla anguilla",),
    "160417": ("Anguilla anguilla",),
    "010631": ("Falconiformes", "Accipitriformes"),
    "010632": ("Psittaciformes",),
    "010611": ("Primates",),
    "050710": ("Loxodonta africana",),
    "960110": ("Loxodonta africana",),
}
CITES_HS_NOTES = {
    "030192": "HS covers all Anguilla spp.; CITES applies to A. anguilla",
    "030274": "HS covers all Anguilla spp.; CITES applies to A. anguilla",
    "030326": "HS covers all Anguilla spp.; CITES applies to A. anguilla",
    "160417": "HS covers all eels; CITES applies to A. anguilla",
    "050710": "HS covers all ivory; mammoth ivory is not CITES-listed",
    "960110": "HS covers all worked ivory; mammoth ivory is not CITES-listed",
    "010632": "four common cage-bird species are not listed",
}
# HS subheadings where many, but not all, goods are CITES-listed: ask for the species.
CITES_HS_WARNINGS = {
    "010620": "Live reptiles: many species (tortoises, pythons, boas, chameleons, monitors) are "
    "CITES-listed; identify the species.",
    "010690": "Live animals n.e.c. (amphibians, arachnids...): some are CITES-listed; identify the species.",
    "030111": "Ornamental fish: a few species (e.g. arowana) are CITES-listed; identify the species.",
    "030119": "Ornamental fish: a few species (e.g. seahorses, Napoleon wrasse) are CITES-listed; "
    "identify the species.",
    "970521": "Zoological collection specimens: check whether the species is CITES-listed.",
    "970522": "Specimens of endangered species: CITES documents are likely required; identify the species.",
    "440349": "Tropical wood: several genera (Dalbergia, Pterocarpus, Swietenia...) are CITES-listed; "
    "identify the species.",
    "050790": "Horns, tortoise-shell, claws and beaks: may be CITES specimens (rhino horn, sea turtle, birds of prey).",
}
# HS 3827 (HS 2022) mixtures of halogenated methane/ethane/propane, by controlled content.
MONTREAL_HS: dict[str, str] = {
    "290377": "CFCs (perhalogenated with fluorine and chlorine only), Montreal Annex A Group I / Annex B Group I",
    "382711": "Mixture containing CFCs, Montreal Annex A Group I",
    "382712": "Mixture containing HBFCs, Montreal Annex C Group II",
    "382713": "Mixture containing carbon tetrachloride, Montreal Annex B Group II",
    "382714": "Mixture containing 1,1,1-trichloroethane, Montreal Annex B Group III",
    "382720": "Mixture containing halons, Montreal Annex A Group II",
    "382731": "Mixture containing HCFCs and HFCs, Montreal Annex C Group I and Annex F",
    "382732": "Mixture containing HCFCs, Montreal Annex C Group I",
    "382740": "Mixture containing methyl bromide, Montreal Annex E Group I",
    "382751": "Mixture containing HFC-23, Montreal Annex F Group II",
    **{
        f"3827{s}": "Mixture containing HFCs, Montreal Annex F Group I"
        for s in ("61", "62", "63", "64", "65", "68", "69")
    },
}
MONTREAL_HS_AMBIGUOUS = {
    "290319": "HS 2903.19 includes 1,1,1-trichloroethane (Montreal Annex B Group III): identify the substance.",
    "290379": "HS 2903.79 includes HCFC-21, HCFC-124, HBFCs and bromochloromethane (Montreal Annexes C): "
    "identify the substance.",
    "382739": "HS 3827.39 mixtures may contain HCFCs or HFCs (Montreal Annexes C and F): identify the blend.",
    "382759": "HS 3827.59 mixtures may contain HFCs (Montreal Annex F): identify the blend.",
    "382790": "HS 3827.90 covers other halogenated mixtures: identify the blend and its components.",
}
MONTREAL_SOURCE = (
    "Montreal Protocol on Substances that Deplete the Ozone Layer; https://ozone.unep.org/treaties/montreal-protocol"
)
# Waste subheadings of HS 2022 and the Basel entries they correspond to.
BASEL_HS: dict[str, tuple[str, ...]] = {
    "854911": ("A1160",),
    "854912": ("A1170",),
    "854913": ("B1090",),
    "854914": ("B1090",),
    "854919": ("A1170",),
    "854921": ("A1181",),
    "854929": ("Y49",),
    "854931": ("A1181",),
    "854939": ("Y49",),
    "854991": ("A1181",),
    "854999": ("Y49",),
    "382510": ("Y46",),
    "382530": ("Y1", "A4020"),
    "382541": ("A3150",),
    "382549": ("A3140",),
    "300692": ("Y3", "A4010"),
    "271091": ("A3180", "Y10"),
    "271099": ("A3020", "Y8"),
    "391510": ("Y48", "A3210", "B3011"),
    "391520": ("Y48", "A3210", "B3011"),
    "391530": ("Y48", "A3210", "B3011"),
    "391590": ("Y48", "A3210", "B3011"),
    "401220": ("B3140",),
}
LEAD_ACID_HS = {"850710", "850720", "854911"}
# Templates of the texts composed below (translated where they are shown: screening/i18n.py).
NOT_LISTED = phrase("%(taxon)s is not CITES-listed: %(notes)s")
DECLARED_AS = phrase("%(taxon)s (declared as %(species)s)")
WITH_NOTE = phrase("%(taxon)s (%(note)s)")
CITES_ENTRY = phrase("CITES Appendix %(appendix)s %(label)s")
MONTREAL_SUBSTANCE = phrase("%(name)s, Montreal %(annex)s")
MONTREAL_BLEND = phrase("%(designation)s blend containing %(substances)s, Montreal Protocol")
MONTREAL_CONCEPT = phrase("%(label)s, Montreal Protocol")
BASEL_ALTERNATIVES = phrase("%(title)s (entry depends on composition and contamination)")
BASEL_ENTRY = phrase("Basel %(codes)s: %(title)s")
BASEL_QUALIFIED = phrase("%(entry)s [%(qualifier)s]")
ROTTERDAM_ENTRY = phrase("Rotterdam Annex III %(name)s (%(category)s)")
ROTTERDAM_CAS = phrase("Rotterdam Annex III %(name)s (%(category)s, CAS %(cas)s)")
STOCKHOLM_ENTRY = phrase("Stockholm %(listing)s %(name)s (%(category)s)")
STOCKHOLM_CAS = phrase("Stockholm %(listing)s %(name)s (%(category)s, CAS %(cas)s)")
CWC_ENTRY = phrase("CWC %(listing)s %(name)s")
CWC_CAS = phrase("CWC %(listing)s %(name)s, CAS %(cas)s")
CARTAGENA_ENTRY = phrase("Cartagena Protocol: %(category)s (%(articles)s)")
_RANK = {"species": 0, "subspecies": 0, "genus": 1, "family": 2, "infraorder": 3, "order": 3}


@dataclass
class Findings:
    """Treaty hits and requirements being assembled (deduplicated, ordered)."""

    treaties: list[TreatyHit] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    basel_refs: set[str] = field(default_factory=set)
    cwc_schedules: set[str] = field(default_factory=set)

    def hit(self, code: str, entry: str, source: str, basis: set[str] | list[str], ref: str = "") -> None:
        for h in self.treaties:
            if h.code == code and h.entry == entry:
                h.basis = sorted(set(h.basis) | set(basis))
                return
        self.treaties.append(TreatyHit(code=code, entry=entry, source=source, basis=sorted(basis), ref=ref))  # type: ignore[arg-type]

    def require(self, treaty: str, kind: str, name: str, presented: bool) -> None:
        if any(r.treaty == treaty and r.name == name for r in self.requirements):
            return
        self.requirements.append(Requirement(treaty=treaty, kind=kind, name=name, presented=presented))  # type: ignore[arg-type]

    def has(self, code: str) -> bool:
        return any(h.code == code for h in self.treaties)


def _drop_ancestors(ref: Reference, taxa: dict[str, tuple[Taxon, set[str]]]) -> list[tuple[Taxon, set[str]]]:
    """Keep the most specific taxa: 'falcons' in the text adds nothing to Falco cherrug."""
    ancestors: set[str] = set()
    for taxon, _ in taxa.values():
        ancestors.update(t.taxon for t in ref.taxon_chain(taxon)[1:])
    kept = []
    for name, (taxon, basis) in taxa.items():
        if name in ancestors:
            continue
        kept.append((taxon, basis))
    return kept


def cites(ev: Evidence, ref: Reference, out: Findings) -> list[Taxon]:
    """CITES hits; returns the listed taxa that applied."""
    hs6 = ev.hs.subheading
    if hs6 in CITES_HS:
        groups = {t.group for t, _ in ev.taxa.values()}
        for name in CITES_HS[hs6]:
            taxon = ref.taxa[name]
            if taxon.group not in groups or name in ev.taxa:
                if name not in ev.taxa:
                    ev.implied_taxa.add(name)
                ev.add_taxon(taxon, "hs")
    # A named unlisted species (red coral, budgerigar) overrides the generic keyword of its
    # group ("coral", "parrot") found in the same declaration.
    unlisted_species = {
        t.group
        for t, _ in ev.taxa.values()
        if not t.listed_in_cites and t.rank == "species" and t.taxon not in ev.implied_taxa
    }
    candidates = {
        name: (t, b)
        for name, (t, b) in ev.taxa.items()
        if not (t.listed_in_cites and t.group in unlisted_species and name in ev.implied_taxa)
    }
    for t, b in ev.taxa.values():
        if "species" in b and not t.listed_in_cites and t.group != "songbird":
            ev.warn(NOT_LISTED % {"taxon": t.taxon, "notes": t.notes})
    kept = _drop_ancestors(ref, candidates)
    # Within a group, a taxon implied by a generic word ("birds of prey", HS 0106.31) adds
    # nothing when a finer taxon of the same group was identified (saker falcon).
    finest: dict[str, int] = {}
    for t, _ in kept:
        finest[t.group] = min(finest.get(t.group, 9), _RANK.get(t.rank, 9))
    kept = [(t, b) for t, b in kept if t.taxon not in ev.implied_taxa or _RANK.get(t.rank, 9) <= finest[t.group]]
    if ev.has("caviar_substitute") and hs6 != "160431":
        before = len(kept)
        kept = [(t, b) for t, b in kept if not (t.taxon == "Acipenseriformes" and b <= {"description"})]
        if len(kept) != before:
            ev.warn(
                "Described as a caviar substitute or roe of other fish (not CITES-listed): confirm the "
                "species; sturgeon caviar relabelled as salmon or lumpfish roe is a known evasion."
            )
    if hs6 in CITES_HS_WARNINGS and not kept:
        ev.warn(CITES_HS_WARNINGS[hs6])
    listed: list[Taxon] = []
    for taxon, basis in kept:
        if not taxon.listed_in_cites:
            if taxon.group != "songbird":
                ev.warn(NOT_LISTED % {"taxon": taxon.taxon, "notes": taxon.notes})
            continue
        label = taxon.taxon
        species = ev.declaration.species
        if "species" in basis and species and species.casefold() != taxon.taxon.casefold():
            label = DECLARED_AS % {"taxon": label, "species": species}
        if "hs" in basis and hs6 in CITES_HS_NOTES:
            label = WITH_NOTE % {"taxon": label, "note": CITES_HS_NOTES[hs6]}
        entry = CITES_ENTRY % {"appendix": taxon.appendix, "label": label}
        out.hit("CITES", entry, taxon.source, basis, ref=taxon.taxon)
        listed.append(taxon)
        if taxon.group == "plant" and ev.has("captive_bred"):
            ev.warn(
                f"{taxon.taxon}: artificially propagated plants still need CITES documents unless an "
                "annotation exempts them (e.g. some orchid hybrids, Cyclamen persicum cultivars)."
            )
    if not listed:
        return listed
    d = ev.declaration
    appendices = {t.appendix for t in listed}
    if "I" in appendices:
        out.require("CITES", "permit", "CITES import permit (Appendix I, Art. III.3)", docs.cites_import(ev.documents))
    out.require(
        "CITES",
        "permit",
        "CITES export permit or re-export certificate (Art. III-V)",
        docs.cites_export(ev.documents),
    )
    if d.destination in EU and "I" not in appendices:
        out.require(
            "CITES",
            "permit",
            "EU import permit for Annex A/B species (Regulation (EC) No 338/97, Art. 4)",
            docs.eu_import(ev.documents),
        )
    if is_caviar(ev, listed) and d.quantity is not None and (d.unit or "").casefold() in {"kg", "g"}:
        grams = d.quantity * (1000 if (d.unit or "").casefold() == "kg" else 1)
        if grams <= 125:
            ev.warn(
                "Up to 125 g of caviar per person may be carried as personal effects without CITES documents "
                "(Res. Conf. 13.7 (Rev. CoP17)); above that, or in commercial consignments, permits apply."
            )
    if is_caviar(ev, listed):
        out.require(
            "CITES",
            "certificate",
            "CITES universal caviar label on each primary container (Res. Conf. 12.7 (Rev. CoP17))",
            docs.caviar_label(ev.documents) or ev.has("cites_label"),
        )
    return listed


def is_caviar(ev: Evidence, listed: list[Taxon]) -> bool:
    sturgeon = any(t.taxon == "Acipenseriformes" or t.parent == "Acipenseriformes" for t in listed)
    return ev.has("caviar") or ev.hs.subheading in {"160431", "160432"} or (sturgeon and ev.hs.heading == "1604")


def montreal(ev: Evidence, ref: Reference, out: Findings) -> None:
    hs6 = ev.hs.subheading
    identified = bool(ev.substances or ev.blends)
    for sub, basis in ev.substances.values():
        if sub.controlled:
            entry = MONTREAL_SUBSTANCE % {"name": sub.name, "annex": sub.annex_label}
            out.hit("MONTREAL", entry, sub.source, basis, ref=sub.name)
    for blend, basis in ev.blends.values():
        if not blend.controlled:
            continue
        parts = []
        for name in blend.controlled:
            sub = next(s for s in ref.substances if s.name == name)
            parts.append(f"{name} ({sub.annex_label})")
        entry = MONTREAL_BLEND % {"designation": blend.designation, "substances": ", ".join(parts)}
        out.hit("MONTREAL", entry, blend.source, basis, ref=blend.designation)
    # HS 3827.xx / 2903.77 name a class, not a substance: report the class unless a blend or
    # CFC identified by other evidence already stands for it.
    blend_here = any(hs6 == b.hs_code for b, _ in ev.blends.values())
    cfc_here = hs6 == "290377" and any(s.substance_class == "CFC" for s, _ in ev.substances.values())
    if hs6 in MONTREAL_HS and not blend_here and not cfc_here:
        out.hit("MONTREAL", MONTREAL_HS[hs6], f"{WCO} {ev.hs.dotted}; {MONTREAL_SOURCE}", ["hs"])
    if hs6 in MONTREAL_HS_AMBIGUOUS and not identified:
        ev.warn(MONTREAL_HS_AMBIGUOUS[hs6])
    generic = [c for c in ("hcfc", "cfc", "halon", "hfc", "refrigerant") if ev.has(c, "description", "packaging")]
    if generic and not identified and not out.has("MONTREAL") and not ev.has("cfc_free"):
        concept = ref.concepts[generic[0]]
        out.hit("MONTREAL", MONTREAL_CONCEPT % {"label": concept.label}, concept.source, ["description"])
        ev.warn(
            "The description names a refrigerant without identifying it: ask for the refrigerant number "
            "(R-xx) or CAS number, or test the gas with a refrigerant identifier."
        )
    if ev.has("foam_polyol", "description") and not identified:
        ev.warn(
            "Foam or pre-blended polyol: ask for the blowing agent on the safety data sheet; HCFC-141b "
            "(Montreal Annex C) and HFC-245fa/HFC-365mfc (Annex F) are controlled."
        )
    if ev.has("rac_equipment", "description") and not identified:
        ev.warn(
            "Refrigeration or air-conditioning equipment: check the nameplate for the refrigerant charge; "
            "equipment pre-charged with HCFCs (and in the EU, with many HFCs) may be banned from import."
        )
    charged_equipment = ev.hs.chapter in {"84", "85", "87", "88", "89", "90", "94", "95"}
    if out.has("MONTREAL") and charged_equipment:
        # Art. 4B licenses the substances; equipment pre-charged with them is regulated by
        # national law (bans on HCFC equipment, EU F-gas quota authorisation).
        out.require(
            "MONTREAL",
            "declaration",
            "Declaration of the refrigerant type and charge of the pre-charged equipment (national bans "
            "or licensing of HCFC/HFC equipment may apply)",
            docs.montreal_licence(ev.documents) or any(has_charge(d) for d in ev.documents),
        )
    elif out.has("MONTREAL"):
        out.require(
            "MONTREAL",
            "licence or quota",
            "Import/export licence for controlled substances and quota allocation (Montreal Protocol Art. 4B)",
            docs.montreal_licence(ev.documents),
        )


def has_charge(doc: str) -> bool:
    """A document that declares a refrigerant charge (nameplate, F-gas label, declaration)."""
    return docs.has(doc, "charge", "nameplate", "f gas label", "refrigerant", "punjenj", "rashladn")


def _basel_entry(ref: Reference, codes: tuple[str, ...] | list[str], qualifier: str = "") -> tuple[str, str]:
    entries = [ref.basel[c] for c in codes]
    title = entries[0].title
    if len(entries) > 1:
        # A concept such as e-waste maps to alternative entries: name it, the officer picks the code.
        title = next((c.label for c in ref.concepts.values() if c.refs == tuple(codes)), title)
        title = BASEL_ALTERNATIVES % {"title": title}
    text = BASEL_ENTRY % {"codes": " / ".join(codes), "title": title}
    if qualifier:
        text = BASEL_QUALIFIED % {"entry": text, "qualifier": qualifier}
    return text, entries[0].source


def basel(ev: Evidence, ref: Reference, out: Findings, presumed_eee_waste: str = "") -> None:
    """Basel hits from waste evidence. ``presumed_eee_waste`` names why used EEE counts as waste."""
    hs6 = ev.hs.subheading
    wasteish = ev.any("waste", "used_battery", "broken") or ev.has("second_hand", "status") or _status_waste(ev)
    found: list[tuple[tuple[str, ...], set[str], str]] = []
    if hs6 in BASEL_HS:
        found.append((BASEL_HS[hs6], {"hs"}, ""))
    lead_acid = ev.has("lead_acid_battery") or hs6 in LEAD_ACID_HS
    # Used batteries are not resold as goods: "used" already means spent (Basel A1160/A1170).
    battery_used = wasteish or ev.has("second_hand")
    battery_waste = ev.has("used_battery") or (ev.any("battery", "lead_acid_battery") and battery_used)
    if battery_waste or (ev.hs.heading == "8507" and battery_used):
        found.append((("A1160",) if lead_acid else ("A1170",), {"description"}, ""))
    for concept in (
        "e_waste",
        "plastic_waste",
        "clinical_waste",
        "pharma_waste",
        "waste_oil",
        "pcb_waste",
        "solvent_waste",
        "tyre_waste",
        "scrap_metal",
        "cable_waste",
        "crt_glass",
        "pesticide_waste",
        "household_waste",
    ):
        if ev.has(concept, "description", "status", "packaging"):
            found.append((tuple(ref.concepts[concept].refs), {"description"}, ""))
    if presumed_eee_waste:
        found.append((("A1181", "Y49"), {"description", "status"}, presumed_eee_waste))
    for code, basis in ev.basel_codes.items():
        if ref.basel[code].status != "deleted":
            found.append(((code,), basis, ""))
    seen: set[tuple[str, ...]] = set()
    for codes, basis, qualifier in found:
        if codes in seen:
            continue
        seen.add(codes)
        entry, source = _basel_entry(ref, codes, qualifier)
        out.hit("BASEL", entry, source, basis, ref="/".join(codes))
        out.basel_refs.update(codes)
    if not found and (_status_waste(ev) or ev.has("waste", "description")):
        ev.warn(
            "Goods declared or described as waste: determine the Basel entry (Annex VIII list A, Annex IX "
            "list B, or Y-codes) before release; hazardous and 'other' wastes need prior informed consent."
        )
    controlled = [c for c in out.basel_refs if ref.basel[c].status == "controlled"]
    if controlled:
        out.require(
            "BASEL",
            "prior informed consent",
            "Basel notification and written consent of the States of export, transit and import (Art. 6)",
            docs.basel_consent(ev.documents),
        )
        out.require(
            "BASEL",
            "movement document",
            "Basel movement document (Annex V B)",
            docs.basel_movement(ev.documents),
        )
    elif out.basel_refs:
        ev.warn(
            "Only Basel list B (Annex IX) entries matched: not subject to Basel control unless "
            "contaminated so that it shows an Annex III hazard; national green-list papers may still apply."
        )


def _status_waste(ev: Evidence) -> bool:
    status = (ev.declaration.status or "").casefold()
    return "waste" in status or ev.has("waste", "status")


def chemicals(ev: Evidence, ref: Reference, out: Findings) -> None:
    for chem, basis in ev.chemicals.values():
        values = {"name": chem.name, "category": chem.category, "listing": chem.listing, "cas": chem.cas}
        if chem.treaty == "ROTTERDAM":
            entry = (ROTTERDAM_CAS if chem.cas else ROTTERDAM_ENTRY) % values
        elif chem.treaty == "STOCKHOLM":
            entry = (STOCKHOLM_CAS if chem.cas else STOCKHOLM_ENTRY) % values
        else:
            entry = (CWC_CAS if chem.cas else CWC_ENTRY) % values
            out.cwc_schedules.add(chem.listing.split()[1])
        out.hit(chem.treaty, entry, chem.source, basis, ref=chem.name)
    if ev.has("asbestos", "description"):
        names = ref.concepts["asbestos"].refs
        out.hit(
            "ROTTERDAM",
            "Rotterdam Annex III asbestos (actinolite, amosite, anthophyllite, crocidolite or tremolite)",
            ref.concepts["asbestos"].source,
            ["description"],
            ref=";".join(names),
        )
        ev.warn("Chrysotile asbestos is not in Rotterdam Annex III: identify the asbestos type.")
    if out.has("ROTTERDAM"):
        out.require(
            "ROTTERDAM",
            "prior informed consent",
            "Rotterdam PIC: import response (consent) of the importing Party and export notification (Art. 10-12)",
            docs.rotterdam_pic(ev.documents),
        )
    if out.has("STOCKHOLM"):
        out.require(
            "STOCKHOLM",
            "permit",
            "Evidence the movement is allowed by Stockholm Art. 3.2 (environmentally sound disposal, or a "
            "permitted purpose or specific exemption of the importing Party)",
            docs.stockholm_ok(ev.documents),
        )
    presented = docs.cwc_declaration(ev.documents)
    if "1" in out.cwc_schedules:
        out.require(
            "CWC",
            "declaration",
            "CWC Schedule 1 transfer: national authorisation and 30-day advance notification to the OPCW "
            "(Verification Annex Part VI)",
            presented,
        )
    if "2" in out.cwc_schedules:
        out.require(
            "CWC",
            "declaration",
            "CWC Schedule 2: national licence and declaration of transfers (Verification Annex Part VII)",
            presented,
        )
    if "3" in out.cwc_schedules:
        out.require(
            "CWC",
            "declaration",
            "CWC Schedule 3: national declaration of transfers; end-use certificate if the other State "
            "is not "
            "a Party (Verification Annex Part VIII)",
            presented,
        )


def cartagena(ev: Evidence, ref: Reference, out: Findings) -> None:
    if not ev.has("gmo"):
        return
    if ev.has("non_gmo"):
        ev.warn("Declared GMO-free: Cartagena documentation is not required if true; sample if in doubt.")
        return
    hs6 = ev.hs.subheading
    seed_hs = hs6 in ref.cartagena[0].hs_codes or ev.hs.heading == "1209"
    if ev.has("seed_for_sowing") and (seed_hs or ev.hs.chapter in {"10", "12"}) or seed_hs:
        cat = ref.cartagena[0]
    elif hs6 in ref.cartagena[1].hs_codes or ev.hs.chapter in {"10", "12", "23"}:
        cat = ref.cartagena[1]
    elif ev.hs.chapter in {"30", "01"}:
        cat = ref.cartagena[2]
    else:
        cat = ref.cartagena[1]
    out.hit(
        "CARTAGENA",
        CARTAGENA_ENTRY % {"category": cat.category, "articles": cat.articles},
        cat.source,
        ["description"],
        ref=cat.procedure,
    )
    presented = docs.cartagena_docs(ev.documents)
    if cat is ref.cartagena[0]:
        out.require(
            "CARTAGENA",
            "prior informed consent",
            "Advance informed agreement: written consent of the importing Party (Cartagena Art. 7-10)",
            presented,
        )
        out.require(
            "CARTAGENA",
            "declaration",
            "Documentation identifying the LMOs (Cartagena Art. 18.2(c))",
            presented,
        )
    elif cat is ref.cartagena[1]:
        out.require(
            "CARTAGENA",
            "declaration",
            "Documentation stating the shipment 'may contain LMOs not intended for introduction into the "
            "environment' (Cartagena Art. 18.2(a))",
            presented,
        )
    else:
        out.require(
            "CARTAGENA",
            "declaration",
            "Documentation for LMOs destined for contained use (Cartagena Art. 18.2(b))",
            presented,
        )
