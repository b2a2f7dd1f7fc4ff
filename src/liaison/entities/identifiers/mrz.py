"""ICAO Doc 9303 machine-readable zones: TD1 (ID cards), TD2 and TD3 (passports).

The parser is meant for a desk officer's scanner paste or a hand-typed MRZ, so it is
tolerant about *layout* (lower case, extra spaces, lines joined by spaces, ``\\r\\n``,
a trailing filler or two missing) and strict about *content*: every check digit is
verified and each failure is reported by name ("birth date check digit is 3,
expected 7"), because a wrong check digit at a border is either a typo or a forgery
and the officer must see which field it concerns.

Two-digit years are resolved as a human would: a birth date is in the past (the most
recent century that does not put it in the future), an expiry date is in the
2000s unless that would be more than 50 years ahead.

Problems are written in the reader's language (``_`` at the time of parsing, so a request in Albanian
gets them in Albanian); the characters, digits and dates they quote stay as read. The field names in
:attr:`MRZ.checks` are fixed English codes, for programs.
"""

from __future__ import annotations

import datetime as _dt
import string
from dataclasses import dataclass, field
from typing import Literal

import pycountry

from liaison.core.i18n import N_, NP_, LazyString, _

from .base import Normalised, require_text

KIND = "mrz"

Format = Literal["TD1", "TD2", "TD3"]

LINE_LAYOUT: dict[Format, tuple[int, int]] = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}
_BY_TOTAL: dict[int, Format] = {rows * width: fmt for fmt, (rows, width) in LINE_LAYOUT.items()}
_ALPHABET = set(string.ascii_uppercase + string.digits + "<")

# Codes of ICAO 9303 Part 3 that are not ISO 3166 alpha-3. ``None``: no country
# (organisations, stateless persons, refugees).
SPECIAL_STATES: dict[str, str | None] = {
    "D": "DE",  # Germany uses a one-letter code in MRZs
    "XKX": "XK",  # Kosovo, current documents
    "RKS": "XK",  # Kosovo, earlier documents
    "UNK": "XK",  # UNMIK travel documents for residents of Kosovo
    "GBD": "GB",
    "GBN": "GB",
    "GBO": "GB",
    "GBP": "GB",
    "GBS": "GB",
    "EUE": None,  # European Union laissez-passer
    "UNO": None,
    "UNA": None,
    "UNO<": None,
    "XOM": None,  # Sovereign Military Order of Malta
    "XPO": None,  # INTERPOL
    "XXA": None,  # stateless (1954 Convention)
    "XXB": None,  # refugee (1951 Convention)
    "XXC": None,  # refugee, other
    "XXX": None,  # unspecified nationality
    "XBA": None,  # African Development Bank
    "XIM": None,
    "XCC": None,
    "XCO": None,
    "XEC": None,
    "XES": None,
    "XMP": None,
}
_ALPHA2_TO_STATE = {"DE": "D", "XK": "XKX"}

#: How a problem names each field it concerns (the keys are the codes of :attr:`MRZ.checks`).
FIELD_NAMES: dict[str, LazyString] = {
    "document number": N_("document number"),
    "birth date": N_("birth date"),
    "expiry date": N_("expiry date"),
    "personal number": NP_("MRZ field", "personal number"),
    # Translators: the check digit over several fields of an MRZ together (ICAO 9303 "composite check digit").
    "composite": NP_("MRZ field", "composite"),
}


class MRZError(ValueError):
    """The text is not recognisable as an MRZ (wrong number or length of lines)."""


def state_to_alpha2(code: str) -> str | None:
    """Map an MRZ state code (``SRB``, ``D``, ``D<<``, ``XKX``, ``RKS``) to ISO alpha-2.

    Returns ``None`` for organisations, stateless persons, refugees and unknown codes.
    """
    code = code.upper().strip().strip("<")
    if code in SPECIAL_STATES:
        return SPECIAL_STATES[code]
    if len(code) != 3:
        return None
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country is not None else None


def alpha2_to_state(alpha2: str) -> str:
    """The MRZ code for an ISO alpha-2 country (``DE`` → ``D``, ``XK`` → ``XKX``)."""
    alpha2 = alpha2.upper()
    if alpha2 in _ALPHA2_TO_STATE:
        return _ALPHA2_TO_STATE[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        raise ValueError(f"unknown country {alpha2!r}")
    return str(country.alpha_3)


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1; A-Z = 10-35; ``<`` = 0."""
    total = 0
    for i, ch in enumerate(data):
        if ch in string.digits:
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        else:  # '<' and anything unreadable count as 0
            value = 0
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class MRZ:
    """A parsed MRZ. Dates are ISO strings; a birth date may be partial (``1980-05``)."""

    format: Format
    lines: tuple[str, ...]
    document_code: str
    document_type: str  # passport / id_card / visa / other
    issuing_state: str
    issuing_country: str | None
    surname: str
    given_names: str
    document_number: str
    nationality: str
    nationality_country: str | None
    birth_date: str | None
    sex: str | None  # "M", "F" or "X" (unspecified)
    expiry_date: str | None
    optional_data_1: str
    optional_data_2: str
    checks: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when every check digit, date and character is correct."""
        return not self.problems

    @property
    def personal_number(self) -> str:
        """TD3's personal number field, or TD1's optional data (national ID numbers live there)."""
        return self.optional_data_1


def _split(text: str) -> tuple[Format, list[str], list[str]]:
    pieces = text.upper().split()
    joined = "".join(pieces)
    problems: list[str] = []
    widths = [len(p) for p in pieces]
    for fmt, (rows, width) in LINE_LAYOUT.items():
        if widths == [width] * rows:  # the usual case: proper lines
            return fmt, pieces, problems
    for fmt, (rows, width) in LINE_LAYOUT.items():
        # Lines that are nearly right (a filler or two lost or added) keep their
        # structure; this wins over the total length, which can coincide by accident.
        if len(pieces) == rows and all(abs(w - width) <= 3 for w in widths):
            return fmt, *_fit(pieces, fmt)
    if len(joined) in _BY_TOTAL:  # one line, or spaces inside lines
        fmt = _BY_TOTAL[len(joined)]
        rows, width = LINE_LAYOUT[fmt]
        return fmt, [joined[i * width : (i + 1) * width] for i in range(rows)], problems
    if len(pieces) == 3:
        fmt = "TD1"
    elif len(pieces) == 2:
        fmt = "TD3" if max(len(p) for p in pieces) > 40 else "TD2"
    else:
        raise MRZError(
            _(
                "not an MRZ: %(characters)s characters in %(lines)s line(s); expected 2 lines of 44 "
                "(passport, TD3), 2 of 36 (TD2) or 3 of 30 (ID card, TD1)"
            )
            % {"characters": len(joined), "lines": len(pieces)}
        )
    return fmt, *_fit(pieces, fmt)


def _fit(pieces: list[str], fmt: Format) -> tuple[list[str], list[str]]:
    """Pad or cut each line to the format's width, reporting each one that was off."""
    width = LINE_LAYOUT[fmt][1]
    lines, problems = [], []
    for n, piece in enumerate(pieces, 1):
        if len(piece) != width:
            problems.append(
                _("line %(line)s has %(found)s characters, expected %(width)s for %(format)s")
                % {"line": n, "found": len(piece), "width": width, "format": fmt}
            )
        lines.append(piece[:width].ljust(width, "<"))
    return lines, problems


def _field(name: str) -> str:
    """The reader's name of a field (a code of :data:`FIELD_NAMES`; any other label as given)."""
    label = FIELD_NAMES.get(name)
    return str(label) if label is not None else name


def _names(field_text: str) -> tuple[str, str]:
    surname, _sep, given = field_text.partition("<<")
    return (
        " ".join(surname.replace("<", " ").split()),
        " ".join(given.replace("<", " ").split()),
    )


def _document_type(code: str) -> str:
    first = code[:1]
    if first == "P":
        return "passport"
    if first == "V":
        return "visa"
    if first in ("I", "A", "C"):
        return "id_card"
    return "other"


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _date(
    yymmdd: str, label: str, kind: Literal["birth", "expiry"], today: _dt.date, problems: list[str]
) -> str | None:
    yy, mm, dd = yymmdd[:2], yymmdd[2:4], yymmdd[4:6]
    if yymmdd == "<<<<<<":  # ICAO: date unknown (or, for expiry, none) -- not an error
        return None
    if not _digits(yy):
        problems.append(
            _("%(field)s has no readable year: %(value)s") % {"field": _field(label), "value": repr(yymmdd)}
        )
        return None
    month = int(mm) if _digits(mm) else None
    day = int(dd) if _digits(dd) else None
    if (mm != "<<" and month is None) or (dd != "<<" and day is None) or (month is None and day is not None):
        problems.append(_("%(field)s is not a date: %(value)s") % {"field": _field(label), "value": repr(yymmdd)})
        return None
    year = 2000 + int(yy)
    if kind == "birth":
        if (year, month or 1, day or 1) > (today.year, today.month, today.day):
            year -= 100
    elif year > today.year + 50:
        year -= 100
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        problems.append(_("%(field)s is not a date: %(value)s") % {"field": _field(label), "value": repr(yymmdd)})
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _verify(
    name: str,
    data: str,
    digit: str,
    checks: dict[str, bool],
    problems: list[str],
    *,
    may_be_empty: bool = False,
) -> None:
    expected = check_digit(data)
    if may_be_empty and not data.strip("<") and digit in ("<", "0"):
        checks[name] = True
        return
    ok = digit == expected
    checks[name] = ok
    if not ok:
        shown = _("a filler '<'") if digit == "<" else digit
        problems.append(
            _("%(field)s check digit is %(shown)s, expected %(expected)s")
            % {"field": _field(name), "shown": shown, "expected": expected}
        )


def _sex(ch: str, problems: list[str]) -> str | None:
    if ch in ("M", "F"):
        return ch
    if ch in ("X", "<"):
        return "X"
    problems.append(_("sex field is %(value)s, expected M, F, X or <") % {"value": repr(ch)})
    return None


def _long_number(principal: str, digit: str, optional: str) -> tuple[str, str, str, bool]:
    """Document numbers longer than 9 characters (TD1/TD2): the check position holds
    '<' and the rest of the number plus its check digit continue in the optional data.
    Returns (number, check data, check digit, overflowed)."""
    if digit == "<" and optional[:1] not in ("", "<"):
        rest = optional.split("<", 1)[0]
        if len(rest) >= 2:
            number = principal + rest[:-1]
            return number, number, rest[-1], True
    return principal.rstrip("<"), principal, digit, False


def parse(text: str, *, today: _dt.date | None = None) -> MRZ:
    """Parse an MRZ. Raises :class:`MRZError` if it cannot be laid out as TD1/TD2/TD3;
    every content problem (check digits, dates, characters) is reported in ``problems``."""
    require_text(text, KIND)
    today = today or _dt.date.today()
    fmt, lines, problems = _split(text)
    bad_chars = sorted({c for line in lines for c in line if c not in _ALPHABET})
    if bad_chars:
        shown = repr("".join(bad_chars))
        problems.append(_("characters not allowed in an MRZ: %(characters)s") % {"characters": shown})
    checks: dict[str, bool] = {}
    l1, l2 = lines[0], lines[1]
    code = l1[0:2]
    state = l1[2:5]
    if fmt == "TD1":
        l3 = lines[2]
        opt1_raw = l1[15:30]
        number, number_data, number_digit, overflow = _long_number(l1[5:14], l1[14], opt1_raw)
        opt1 = opt1_raw.split("<", 1)[1] if overflow and "<" in opt1_raw else ("" if overflow else opt1_raw)
        birth_field, birth_digit = l2[0:6], l2[6]
        sex_ch = l2[7]
        expiry_field, expiry_digit = l2[8:14], l2[14]
        nationality = l2[15:18]
        opt2 = l2[18:29]
        composite_data, composite_digit = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]
        surname, given = _names(l3)
    else:
        width = LINE_LAYOUT[fmt][1]
        opt_raw = l2[28 : width - 2] if fmt == "TD3" else l2[28:35]
        if fmt == "TD2":
            number, number_data, number_digit, overflow = _long_number(l2[0:9], l2[9], opt_raw)
            opt1 = opt_raw.split("<", 1)[1] if overflow and "<" in opt_raw else ("" if overflow else opt_raw)
        else:
            number, number_data, number_digit = l2[0:9].rstrip("<"), l2[0:9], l2[9]
            opt1 = opt_raw
        nationality = l2[10:13]
        birth_field, birth_digit = l2[13:19], l2[19]
        sex_ch = l2[20]
        expiry_field, expiry_digit = l2[21:27], l2[27]
        opt2 = ""
        composite_data, composite_digit = l2[0:10] + l2[13:20] + l2[21 : width - 1], l2[width - 1]
        surname, given = _names(l1[5:width])
    _verify("document number", number_data, number_digit, checks, problems)
    _verify("birth date", birth_field, birth_digit, checks, problems, may_be_empty=True)
    _verify("expiry date", expiry_field, expiry_digit, checks, problems, may_be_empty=True)
    if fmt == "TD3":
        _verify("personal number", l2[28:42], l2[42], checks, problems, may_be_empty=True)
    _verify("composite", composite_data, composite_digit, checks, problems)
    birth = _date(birth_field, "birth date", "birth", today, problems)
    expiry = _date(expiry_field, "expiry date", "expiry", today, problems)
    if expiry is not None and len(expiry) < 10:
        problems.append(_("expiry date must have a day and a month"))
        expiry = None
    if not number:
        problems.append(_("document number is empty"))
    return MRZ(
        format=fmt,
        lines=tuple(lines),
        document_code=code.rstrip("<") or code,
        document_type=_document_type(code),
        issuing_state=state.rstrip("<"),
        issuing_country=state_to_alpha2(state),
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=nationality.rstrip("<"),
        nationality_country=state_to_alpha2(nationality),
        birth_date=birth,
        sex=_sex(sex_ch, problems),
        expiry_date=expiry,
        optional_data_1=opt1.strip("<"),
        optional_data_2=opt2.strip("<"),
        checks=checks,
        problems=problems,
    )


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise an MRZ to its canonical lines joined by ``\\n``.

    Text that cannot be laid out as an MRZ is kept (upper case, whitespace removed) and
    flagged. ``country`` is accepted for a uniform signature; the MRZ names its state.
    """
    text = require_text(raw, KIND)
    try:
        mrz = parse(text)
    except MRZError as exc:
        return Normalised("".join(text.upper().split()), text, False, [str(exc)], KIND)
    return Normalised("\n".join(mrz.lines), text, mrz.valid, list(mrz.problems), KIND, mrz.issuing_country)
