"""The verdict an officer acts on: HIT, CHECK DOCUMENT or CLEAR.

A check used to answer CLEAR whenever no list hit, even for a passport whose MRZ check digits were
wrong or which had expired: the problem was only in small print. A forged or expired document is a
reason to look closer whether or not anyone lists it, so a check has three outcomes:

* ``hit`` — an entry hit: the officer must act (arrest, seize, …). A hit wins over document
  problems, which are still listed with it;
* ``check_document`` — nothing hit, but the document needs a closer look: an MRZ check digit (or
  other content) is wrong, the document has expired, or the MRZ cannot be read at all;
* ``clear`` — nothing hit and nothing wrong with the document.

One module decides, so the API, the desk page, ``liaison check`` and the offline replica answer alike
(:class:`~liaison.frontline.matching.CheckResult` asks :func:`decide`). It imports nothing of the
check itself, so the check computation can change without touching it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from liaison.core.i18n import _

HIT = "hit"
CHECK_DOCUMENT = "check_document"
CLEAR = "clear"
VERDICTS = (HIT, CHECK_DOCUMENT, CLEAR)

#: Exit status of ``liaison check`` and ``liaison replica check`` per verdict (2 is input that cannot be
#: checked), so a script never mistakes a hit or a suspect document for a clear check.
EXIT_CODES = {CLEAR: 0, HIT: 1, CHECK_DOCUMENT: 3}

#: The words shown for each verdict (the colour is never the only signal).
LABELS = {HIT: "HIT", CHECK_DOCUMENT: "CHECK DOCUMENT", CLEAR: "CLEAR"}


class MrzFacts(Protocol):
    """What the verdict needs of a read MRZ (``MrzReading``): its content problems and expiry date."""

    @property
    def problems(self) -> list[str]: ...

    @property
    def expiry_date(self) -> str | None: ...


def document_problems(mrz: MrzFacts | None, unreadable: str = "", today: date | None = None) -> list[str]:
    """Why the document presented needs a closer look, in words for the officer; empty when nothing is wrong.

    ``unreadable`` is the reason an MRZ could not be laid out at all. An expiry date is still valid on
    the day itself. The words are the reader's (the current locale); what the MRZ says stays as read.
    """
    today = today or date.today()
    problems: list[str] = []
    if unreadable:
        problems.append(_("MRZ could not be read: %(problem)s") % {"problem": unreadable})
    if mrz is not None:
        problems.extend(mrz_problem(problem) for problem in mrz.problems)
        if mrz.expiry_date and mrz.expiry_date < today.isoformat():
            problems.append(_("document expired on %(date)s") % {"date": mrz.expiry_date})
    return problems


def mrz_problem(problem: str) -> str:
    """One problem of the MRZ, as the check lists it (the desk page leaves out a warning listed as a problem)."""
    return _("MRZ: %(problem)s") % {"problem": problem}


def decide(has_hits: bool, problems: Sequence[str]) -> str:
    """The verdict: a hit wins (it is an action), then any document problem, else clear."""
    if has_hits:
        return HIT
    return CHECK_DOCUMENT if problems else CLEAR


def exit_code(verdict: str) -> int:
    """The command line's exit status for a verdict: 0 only for clear."""
    return EXIT_CODES[verdict]
