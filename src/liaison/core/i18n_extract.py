"""Babel extractors for texts that are not ``_()`` calls (``babel.cfg``, ``make messages``).

``extract_cli``: a command-line module's Typer texts, which must stay plain strings because Typer and
Click read them when the command tree is built (at import): every ``help="…"`` argument, and the docstring
of each command (a function decorated with ``.command``/``.callback``, or one whose parameters are Typer
options or arguments, registered by the capability), as Typer shows it (``inspect.cleandoc``).
``liaison.cli`` translates them when the help is drawn, in the language of ``LIAISON_LANG``/``LANG``.
The module's ``_()`` calls are extracted
as for any Python file.

``extract_csv``: the columns of the screening reference data that a reader sees (red-flag reasons and
guidance, Basel entry titles, concept labels, Cartagena categories); the page and the CLI translate them
when they show a screening (``environment.screening.i18n``). The English text is the ``msgid``, so a row
whose English changes becomes a fuzzy entry for the translators, as any other string does.
"""

from __future__ import annotations

import ast
import csv
import inspect
import io
from collections.abc import Iterator
from pathlib import PurePath
from typing import IO, Any, cast

#: Per reference file, the columns shown to readers.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "red_flags.csv": ("reason", "guidance"),
    "basel_wastes.csv": ("title",),
    "concepts.csv": ("label",),
    "cartagena.csv": ("category", "procedure"),
}

#: (line, keyword, message, comments): the keyword is ``None`` for texts that are not a call (Babel then
#: takes the message as it is).
Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]


def _python(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    from babel.messages.extract import extract_python

    yield from cast(Iterator[Extracted], extract_python(fileobj, keywords, comment_tags, options))


def _is_command(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    # A command registered by the capability (``app.command(...)(screen_command)``): its parameters are
    # Typer options or arguments.
    arguments = [*node.args.args, *node.args.kwonlyargs]
    annotated = any(a.annotation is not None and "Annotated[" in ast.unparse(a.annotation) for a in arguments)
    return annotated and node.name != "register"


def extract_cli(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    source = fileobj.read()
    yield from _python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "help" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    yield kw.value.lineno, None, kw.value.value, []
        elif isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, None, inspect.cleandoc(doc), []


#: The screening's fixed sentences: arguments of these calls (the requirement's name, the warning) and the
#: values of these tables.
SCREENING_CALLS = {"require": 2, "warn": 0}
SCREENING_TABLES = frozenset({"CITES_HS_NOTES", "CITES_HS_WARNINGS", "MONTREAL_HS", "MONTREAL_HS_AMBIGUOUS"})


def extract_screening(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """A screening module: its ``_()``/``phrase()`` calls, and the fixed sentences it hands to the result."""
    source = fileobj.read()
    yield from _python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SCREENING_CALLS:
            index = SCREENING_CALLS[node.func.attr]
            if len(node.args) > index:
                arg = node.args[index]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.lineno, None, arg.value, []
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in SCREENING_TABLES for t in node.targets
        ):
            for value in ast.walk(node.value):
                if isinstance(value, ast.Dict):
                    for item in value.values:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            yield item.lineno, None, item.value, []
                elif isinstance(value, ast.DictComp) and isinstance(value.value, ast.Constant):
                    yield value.value.lineno, None, str(value.value.value), []


def extract_csv(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    name = PurePath(getattr(fileobj, "name", "")).name
    columns = CSV_COLUMNS.get(name, ())
    text = fileobj.read().decode("utf-8")
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        for column in columns:
            value = (row.get(column) or "").strip()
            if value:
                yield lineno, None, value, []
