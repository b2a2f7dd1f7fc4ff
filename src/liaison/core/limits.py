"""The longest text each free-text field accepts, in one place.

The API schemas (``Field(max_length=...)``), the services (:func:`check_lengths`, so a form or a CLI caller
gets the same answer as the API) and the templates (``maxlength`` attributes, via the ``limits`` template
global) all read these numbers. A limit never exceeds the database column: PostgreSQL would refuse the
value while SQLite would silently store it. ``docs/security.md`` section 5 lists them.
"""

from __future__ import annotations

from liaison.core.i18n import _

#: Case titles (``case.title`` is VARCHAR(300)).
TITLE = 300
#: Message subjects (``message.subject`` is VARCHAR(300)).
SUBJECT = 300
#: Message bodies.
BODY = 100_000
#: Case, task force and seizure descriptions.
DESCRIPTION = 20_000
#: Purposes, justifications, delay reasons, permission notes, seizure narratives.
NOTE = 5_000
#: The written-out restriction of an H3 message (``message.handling_note`` is VARCHAR(500)).
HANDLING_NOTE = 500
#: Names of task forces, places of seizures, persons' names in checks.
NAME = 200
#: Attachment file names.
FILENAME = 255
#: Search boxes.
QUERY = 200
#: Short reasons logged with a frontline check.
REASON = 300

#: Every limit by the name templates use (``limits.SUBJECT``), for the documentation and the tests.
ALL: dict[str, int] = {
    "TITLE": TITLE,
    "SUBJECT": SUBJECT,
    "BODY": BODY,
    "DESCRIPTION": DESCRIPTION,
    "NOTE": NOTE,
    "HANDLING_NOTE": HANDLING_NOTE,
    "NAME": NAME,
    "FILENAME": FILENAME,
    "QUERY": QUERY,
    "REASON": REASON,
}


def too_long(limit: int) -> str:
    """The message a person sees when a field is over its limit."""
    return _("At most {limit} characters.").format(limit=f"{limit:,}")


def check_lengths(fields: dict[str, str], values: dict[str, tuple[str | None, int]]) -> None:
    """Add a field error for each ``name: (value, limit)`` whose value is longer than its limit.

    Called by services, so the API, the forms and the CLI refuse the same over-long text with the same
    message; a field that already has an error keeps it.
    """
    for name, (value, limit) in values.items():
        if value is not None and len(value) > limit:
            fields.setdefault(name, too_long(limit))
