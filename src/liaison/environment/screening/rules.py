"""Red flags from customs and enforcement guidance (Green Customs, OzonAction, Basel
e-waste guidelines, CITES resolutions), evaluated on the evidence and the treaty findings.

Each rule encodes a pattern the guidance names, not an example shipment: e.g. "used EEE
without functionality test and protective packaging is presumed waste", "spent batteries
belong in 8549 not 8507", "disposable cylinders are a hallmark of smuggled refrigerants".
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison.environment.screening import documents as docs
from liaison.environment.screening.evidence import Evidence
from liaison.environment.screening.i18n import phrase
from liaison.environment.screening.models import RedFlag
from liaison.environment.screening.reference import Reference, Taxon
from liaison.environment.screening.treaties import EU, Findings, is_caviar

EEE_HEADINGS = frozenset(
    [
        "8415",
        "8418",
        "8443",
        "8450",
        "8471",
        "8472",
        "8473",
        "8504",
        "8516",
        "8517",
        "8518",
        "8519",
        "8521",
        "8525",
        "8527",
        "8528",
        "8529",
        "8537",
        "8539",
        "8543",
    ]
)
GENERIC_FISH = frozenset(
    [
        "030111",
        "030119",
        "030199",
        "030289",
        "030389",
        "030449",
        "030459",
        "030489",
        "030499",
        "030549",
        "030559",
        "030569",
        "160419",
        "160420",
    ]
)
EAST_ASIA = frozenset(["CN", "HK", "MO", "JP", "KR", "TW", "VN", "MY", "TH", "SG", "PH", "ID"])
EUROPE = EU | frozenset(["AL", "BA", "ME", "MK", "RS", "XK", "NO", "CH", "GB", "UA", "MD", "TR", "IS", "LI"])
# Basel Annex VII: OECD members, the EU and Liechtenstein.
ANNEX_VII = EU | frozenset(
    [
        "AU",
        "CA",
        "CL",
        "CO",
        "CR",
        "CH",
        "GB",
        "IL",
        "IS",
        "JP",
        "KR",
        "LI",
        "MX",
        "NO",
        "NZ",
        "TR",
        "US",
    ]
)
CWC_NON_PARTIES = frozenset({"EG", "IL", "KP", "SS"})  # as of 2023; verify on the OPCW site
PHASED_OUT = frozenset({"CFC", "halon", "CTC", "methyl chloroform", "BCM", "HBFC"})
PHASED_OUT_HS = frozenset({"290377", "290376", "290314", "382711", "382712", "382713", "382714", "382720"})
SONGBIRD_MARKETS = frozenset({"IT", "MT", "CY", "FR", "LB"})
GAME_MEAT = frozenset({"020890", "021099"})
WILD_BIRD_GROUPS = frozenset({"bird_of_prey", "owl", "parrot", "bird", "songbird"})
WILD_BIRD_CONCEPTS = ("falcon", "bird_of_prey", "eagle", "hawk", "vulture", "owl", "parrot", "songbird")
CHARGED_GOODS_CHAPTERS = frozenset({"32", "33", "34", "39", "73", "84", "85", "86", "87", "88", "89", "90", "94", "95"})
GAS_HEADINGS = frozenset({"2903", "3827", "2711", "2811", "2814", "2901", "8415", "8418", "7311", "8424"})


# Templates of the details composed below (translated where they are shown: screening/i18n.py).
PACKAGING = phrase("packaging: %(declared)s")
DECLARED = phrase("declared: %(declared)s")
CONTROLLED = phrase("controlled: %(list)s")
MISSING = phrase("missing: %(list)s")
EELS_UNDER = phrase("eels declared under %(hs)s")
ROUTE = phrase("route %(route)s")


@dataclass(frozen=True)
class EEEPresumption:
    """Whether used EEE is presumed to be waste, and which flag says why."""

    qualifier: str = ""
    flag: str = ""
    detail: str = ""


def eee_presumption(ev: Evidence) -> EEEPresumption:
    """Basel e-waste guidelines: used EEE is waste unless tested, working and protected."""
    if ev.hs.heading == "8549" or ev.hs.heading == "8507":
        return EEEPresumption()
    eee = ev.has("used_eee", "description") or ev.has("rac_equipment", "description") or (ev.hs.heading in EEE_HEADINGS)
    if not eee:
        return EEEPresumption()
    if ev.has("broken") and not _declared_waste(ev):
        return EEEPresumption(
            "presumed waste: described as broken, defective or for parts",
            "DECLARED_NOT_WASTE",
            "described as broken/defective/for parts but declared as goods",
        )
    declared_used = ev.any("second_hand", "for_repair") or any(
        w in (ev.declaration.status or "").casefold() for w in ("used", "second", "repair", "refurb")
    )
    if not declared_used:
        return EEEPresumption()
    tested = ev.has("functionality_test") or docs.functionality_test(ev.documents)
    protected = ev.has("protective_packaging")
    if tested and protected:
        return EEEPresumption()
    missing = [m for m, ok in (("functionality test evidence", tested), ("protective packaging", protected)) if not ok]
    return EEEPresumption(
        "presumed waste: used EEE without " + " and ".join(missing),
        "USED_EEE_NOT_TESTED",
        "used/second-hand/for-repair equipment without " + " and ".join(missing),
    )


def _declared_waste(ev: Evidence) -> bool:
    return "waste" in (ev.declaration.status or "").casefold() or ev.hs.heading == "8549"


def _dotted(code: str) -> str:
    return f"{code[:4]}.{code[4:6]}"


def _hs_inconsistencies(ev: Evidence, ref: Reference, listed: list[Taxon]) -> list[str]:
    hs6, heading, chapter = ev.hs.subheading, ev.hs.heading, ev.hs.chapter
    out: list[str] = []
    mixture_context = bool(ev.blends) or heading in {"3827", "3824", "3808"} or chapter == "38"
    # In equipment, foams, aerosols and vehicles the gas is a charge, not the declared goods.
    charged_goods = chapter in CHARGED_GOODS_CHAPTERS
    for sub, basis in ev.substances.values():
        if basis == {"hs"} or (basis == {"description"} and mixture_context) or charged_goods:
            continue
        if sub.hs_code != hs6:
            out.append(
                f"{sub.name} ({sub.refrigerant}) is classified in {_dotted(sub.hs_code)}, declared {ev.hs.dotted}"
            )
    for blend, _ in ev.blends.values():
        if blend.hs_code != hs6:
            out.append(
                f"{blend.designation} is a mixture classified in {_dotted(blend.hs_code)}, declared {ev.hs.dotted}"
            )
    for chem, basis in ev.chemicals.values():
        if basis == {"hs"} or chapter == "38" or not chem.hs_codes:
            continue
        if hs6 not in chem.hs_codes:
            codes = ", ".join(_dotted(c) for c in chem.hs_codes)
            out.append(f"{chem.name} is classified in {codes}, declared {ev.hs.dotted}")
    for taxon in listed:
        basis = ev.taxa[taxon.taxon][1]
        if basis == {"hs"} or taxon.group in {"fish"} and hs6 in GENERIC_FISH:
            continue  # generic-fish eels have their own flag
        typical = {c for t in ref.taxon_chain(taxon) for c in t.hs_codes}
        # Only live animals, fish and plants: wildlife products legitimately appear in many
        # chapters (leather goods, furs, medicines), while a falcon under "other live birds"
        # or sturgeon under "other fish" is the classic misdeclaration.
        raw_chapter = chapter in {"01", "03", "06"} and chapter in {c[:2] for c in typical}
        if raw_chapter and hs6 not in typical and heading != "0105":
            codes = ", ".join(sorted(_dotted(c) for c in typical))
            out.append(f"{taxon.taxon} is normally declared under {codes}, declared {ev.hs.dotted}")
    if (
        ev.any("refrigerant", "hcfc", "hfc", "cfc")
        and heading not in GAS_HEADINGS
        and not (ev.has("rac_equipment") or chapter in CHARGED_GOODS_CHAPTERS)
    ):
        out.append(f"description names a refrigerant gas but HS {ev.hs.dotted} is not a gas or mixture heading")
    if ev.has("e_waste", "description") and heading in EEE_HEADINGS:
        out.append(f"described as e-waste but declared as goods under {heading[:2]}.{heading[2:]}: e-waste is HS 85.49")
    if ev.has("caviar", "description") and hs6 != "160431" and not ev.has("caviar_substitute"):
        out.append(f"described as caviar but declared {ev.hs.dotted} (caviar is 1604.31)")
    return out


def _is_hazardous(ref: Reference, code: str) -> bool:
    entry = ref.basel[code]
    return entry.status == "controlled" and (code.startswith("A") or (code[0] == "Y" and int(code[1:]) <= 45))


def _hazardous_basel(ref: Reference, out: Findings) -> list[str]:
    """Basel hits that are hazardous waste; e-waste alternatives count "if A1181"."""
    found = []
    for hit in out.treaties:
        if hit.code != "BASEL" or not hit.ref:
            continue
        codes = hit.ref.split("/")
        if all(_is_hazardous(ref, c) for c in codes):
            found.append(hit.ref)
        elif "A1181" in codes:
            found.append("A1181 (if the e-waste contains hazardous components)")
    return found


def _flag(ref: Reference, flags: list[RedFlag], code: str, detail: str = "") -> None:
    if any(f.code == code for f in flags):
        return
    d = ref.red_flags[code]
    flags.append(
        RedFlag(code=code, reason=d.reason, guidance=d.guidance, source=d.source, detail=detail, treaty=d.treaty)
    )


def _missing(out: Findings, treaty: str) -> list[str]:
    return [r.name for r in out.requirements if r.treaty == treaty and not r.presented]


def red_flags(ev: Evidence, ref: Reference, out: Findings, listed: list[Taxon], eee: EEEPresumption) -> list[RedFlag]:
    """All red flags for one declaration, most specific first."""
    d = ev.declaration
    hs6, heading = ev.hs.subheading, ev.hs.heading
    flags: list[RedFlag] = []
    montreal = out.has("MONTREAL")
    gas_context = montreal or bool(ev.substances or ev.blends) or ev.any("refrigerant", "hfc", "hcfc", "cfc", "halon")

    if gas_context and ev.has("disposable_cylinder"):
        _flag(ref, flags, "DISPOSABLE_CYLINDER", PACKAGING % {"declared": d.packaging or d.description})
    if gas_context and (
        ev.has("recovered_gas") or ev.has("second_hand", "status") or "used" in (d.status or "").casefold()
    ):
        _flag(ref, flags, "RECOVERED_LABEL", DECLARED % {"declared": d.status or d.description})
    if montreal and (ev.has("non_ods") or ev.has("cfc_free")):
        controlled = [h.entry for h in out.treaties if h.code == "MONTREAL"]
        _flag(ref, flags, "NON_ODS_LABEL", CONTROLLED % {"list": "; ".join(controlled)})
    inconsistencies = _hs_inconsistencies(ev, ref, listed)
    if inconsistencies:
        _flag(ref, flags, "HS_INCONSISTENT", "; ".join(inconsistencies))
    phased = [s.name for s, _ in ev.substances.values() if s.substance_class in PHASED_OUT] + [
        b.designation for b, _ in ev.blends.values() if "A" in b.annexes or "B" in b.annexes
    ]
    if phased or hs6 in PHASED_OUT_HS:
        _flag(ref, flags, "PHASED_OUT_SUBSTANCE", ", ".join(phased) or f"HS {ev.hs.dotted}")
    if any(r.kind == "licence or quota" for r in out.requirements if r.treaty == "MONTREAL" and not r.presented):
        _flag(ref, flags, "NO_LICENCE", phrase("no import/export licence among the documents presented"))

    # Wildlife
    if listed and _missing(out, "CITES"):
        missing = [m for m in _missing(out, "CITES") if "label" not in m]
        if missing:
            _flag(ref, flags, "NO_CITES_PERMIT", MISSING % {"list": "; ".join(missing)})
    if is_caviar(ev, listed) and listed and any("label" in m for m in _missing(out, "CITES")):
        _flag(ref, flags, "CAVIAR_NO_LABEL")
    eel = "Anguilla anguilla" in ev.taxa and ev.taxa["Anguilla anguilla"][1] - {"hs"} or ev.has("eel")
    if eel and hs6 in GENERIC_FISH:
        _flag(ref, flags, "EEL_AS_GENERIC_FISH", EELS_UNDER % {"hs": ev.hs.dotted})
    elif (
        heading == "0301"
        and hs6 != "030192"
        and d.destination in EAST_ASIA
        and (d.export_country or d.origin) in EUROPE
    ):
        _flag(
            ref,
            flags,
            "EEL_AS_GENERIC_FISH",
            f"live fish {ev.hs.dotted} from Europe to {d.destination}: the glass-eel trafficking route",
        )
    wild_bird = any(
        t.group in WILD_BIRD_GROUPS and ev.taxa[t.taxon][1] - {"hs"} for t, _ in ev.taxa.values()
    ) or ev.any(*WILD_BIRD_CONCEPTS)
    raptor_or_parrot = any(t.group in {"bird_of_prey", "owl", "parrot"} for t in listed)
    if wild_bird and (heading == "0105" or ev.has("poultry")):
        _flag(
            ref,
            flags,
            "WILDLIFE_AS_DOMESTIC",
            f"wild birds with HS {ev.hs.dotted} / description '{d.description}'",
        )
    elif raptor_or_parrot and hs6 == "010639":
        _flag(
            ref,
            flags,
            "WILDLIFE_AS_DOMESTIC",
            f"birds of prey or parrots declared as other birds ({ev.hs.dotted})",
        )
    if ev.has("captive_bred") and any(
        t.appendix == "I" or t.group in {"bird_of_prey", "owl", "reptile", "parrot"} for t in listed
    ):
        _flag(ref, flags, "CAPTIVE_BRED_CLAIM", ", ".join(t.taxon for t in listed))
    app_i = [t.taxon for t in listed if t.appendix == "I"]
    status_new = (d.status or "").casefold() in {"new", "commercial"}
    if app_i and (ev.has("commercial") or (d.quantity or 0) >= 3 or status_new):
        _flag(ref, flags, "APPENDIX_I_COMMERCIAL", ", ".join(app_i))
    if ev.has("songbird") or any(t.group == "songbird" for t, _ in ev.taxa.values()):
        _flag(ref, flags, "WILD_BIRDS_BIRDS_DIRECTIVE", d.description)
    elif hs6 in GAME_MEAT and ev.any("live_bird", "poultry"):
        # Poultry meat is 02.07; bird meat under 02.08/02.10 is game, i.e. wild birds.
        _flag(ref, flags, "WILD_BIRDS_BIRDS_DIRECTIVE", f"bird meat declared under {ev.hs.dotted}, not 02.07")
    elif (
        hs6 == "010639"
        and not listed
        and d.destination in SONGBIRD_MARKETS
        and (d.export_country or d.origin) in EUROPE
    ):
        _flag(
            ref,
            flags,
            "WILD_BIRDS_BIRDS_DIRECTIVE",
            f"live 'other birds' to {d.destination}: songbird market route",
        )

    # Waste
    if eee.flag:
        _flag(ref, flags, eee.flag, eee.detail)
    wasteish = ev.any("used_battery", "waste", "broken", "second_hand") or any(
        w in (d.status or "").casefold() for w in ("used", "waste", "spent", "second")
    )
    if heading == "8507" and wasteish:
        _flag(ref, flags, "BATTERY_8507", f"declared {ev.hs.dotted} ({d.status or d.description})")
    if _missing(out, "BASEL"):
        _flag(ref, flags, "MISSING_MOVEMENT_DOC", MISSING % {"list": "; ".join(_missing(out, "BASEL"))})
    deleted = [c for c in ev.basel_codes if ref.basel[c].status == "deleted"]
    if deleted:
        _flag(ref, flags, "DELETED_BASEL_CODE", ", ".join(sorted(deleted)))
    exporter = d.export_country or d.origin
    if exporter in EU and d.destination and d.destination not in ANNEX_VII:
        hazardous = _hazardous_basel(ref, out)
        if hazardous:
            _flag(ref, flags, "BAN_AMENDMENT", f"{'; '.join(hazardous)} from {exporter} to {d.destination}")

    # Chemicals and LMOs
    if _missing(out, "ROTTERDAM"):
        _flag(ref, flags, "PIC_MISSING", MISSING % {"list": "; ".join(_missing(out, "ROTTERDAM"))})
    if _missing(out, "STOCKHOLM"):
        pops = [h.entry for h in out.treaties if h.code == "STOCKHOLM"]
        _flag(ref, flags, "POP_TRADE", "; ".join(pops))
    if "1" in out.cwc_schedules:
        _flag(ref, flags, "CWC_SCHEDULE_1", "; ".join(h.entry for h in out.treaties if h.code == "CWC"))
    countries = {c for c in (d.origin, d.export_country, d.destination, *d.transit) if c}
    if out.has("CWC") and countries & CWC_NON_PARTIES:
        _flag(ref, flags, "CWC_NON_STATE_PARTY", ", ".join(sorted(countries & CWC_NON_PARTIES)))
    if _missing(out, "CARTAGENA"):
        _flag(ref, flags, "LMO_UNDOCUMENTED", MISSING % {"list": "; ".join(_missing(out, "CARTAGENA"))})

    # Routing and concealment apply to anything controlled.
    if ev.has("concealment"):
        _flag(ref, flags, "CONCEALMENT", d.description)
    anything_controlled = bool(out.treaties) or bool(flags)
    transit_status = "transit" in (d.status or "").casefold()
    if anything_controlled and (ev.has("free_zone") or transit_status or (d.transit and not d.destination)):
        route = " -> ".join(c for c in (d.origin, *d.transit, d.destination) if c)
        _flag(ref, flags, "TRANSIT_DIVERSION", ROUTE % {"route": route} if route else phrase("route not declared"))
    return flags
