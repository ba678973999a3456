"""Makefiles (``Makefile``, ``makefile``, ``GNUmakefile``, ``*.mk``): variables that reach recipes.

A line-based scanner for the variable definitions GNU make hands to the
commands it runs:

- ``export NAME = value`` (also ``:=``, ``::=``, ``:::=``, ``?=``, ``+=``,
  ``!=``): an exported :class:`Assignment`;
- ``NAME = value`` (the same operators) without ``export``: an assignment
  that is *not* exported (make passes it to recipes only when it came from
  the environment or the command line, or a bare ``export`` /
  ``export NAME`` / ``.EXPORT_ALL_VARIABLES:`` exports it);
- ``override`` before either form is read the same way.

Values follow make: leading blanks are dropped, the text runs to an
unescaped ``#`` (a comment) or the end of the line, and trailing blanks
before the comment belong to the value (GNU make manual, "Setting
Variables"). A value holding a reference (``$(…)``, ``${…}``, ``$X``) is
computed: ``None``; ``$$`` is a literal ``$``. ``!=`` runs a shell command:
computed. A line continued with ``\\`` is computed too (its value is not one
piece of text).

Recipe lines (starting with a tab), ``define … endef`` bodies and
target-specific definitions (``target: NAME = value``) are skipped. Names
must be environment names (``[A-Za-z_][A-Za-z0-9_]*``). ``name_span``,
``value_span`` and ``statement_span`` are exact; quotes are ordinary
characters to make, so ``quote`` is empty and ``content_span`` equals
``value_span``.

Source: GNU make manual §6.5 "Setting Variables", §6.6 "Appending",
§5.7.2 "Communicating Variables to a Sub-make" (``export``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile

_DEFINITION = re.compile(
    r"(?P<prefix>(?:(?:export|override)[ \t]+)*)"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*"
    r"(?P<op>:::=|::=|:=|\?=|\+=|!=|=)[ \t]*"
)
_EXPORT_NAMES = re.compile(r"export(?P<names>(?:[ \t]+[A-Za-z_][A-Za-z0-9_]*)*)[ \t]*(?:#.*)?\Z")
_EXPORT_ALL = re.compile(r"(?:export[ \t]*(?:#.*)?|\.EXPORT_ALL_VARIABLES[ \t]*:.*)\Z")
_REFERENCE = re.compile(r"\$(?:\$|.)")
_DEFINE = re.compile(r"(?:(?:export|override)[ \t]+)*define\b")


def _value_end(line: str, start: int) -> int:
    """Where the value starting at ``start`` ends: an unescaped ``#`` or the line's end."""
    position = start
    while True:
        found = line.find("#", position)
        if found < 0:
            return len(line)
        backslashes = len(line[start:found]) - len(line[start:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return found
        position = found + 1


def expanded(value: str) -> str | None:
    """The value make gives: ``$$`` is ``$``; any other ``$`` reference is computed (``None``)."""
    out: list[str] = []
    position = 0
    for match in _REFERENCE.finditer(value):
        if match.group() != "$$":
            return None
        out.append(value[position : match.start()] + "$")
        position = match.end()
    out.append(value[position:])
    return "".join(out).replace("\\#", "#")


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Makefile. Never raises."""
    result = ScannedFile(source, FileKind.MAKEFILE)
    index = source.index
    exported_later: set[str] = set()
    export_all = False
    in_define = 0
    continued = False
    found: list[tuple[Assignment, bool]] = []  # each definition, and whether it says `export`
    for number in range(index.line_count):
        line = index.line_text(number)
        was_continued, continued = continued, line.endswith("\\")
        if was_continued or line.startswith("\t"):
            continue  # a continuation or a recipe line (a shell command)
        stripped = line.strip()
        if in_define:
            if stripped.startswith("endef"):
                in_define -= 1
            elif _DEFINE.match(stripped):
                in_define += 1
            continue
        if _DEFINE.match(stripped):
            in_define = 1
            continue
        if _EXPORT_ALL.match(stripped):
            export_all = True
            continue
        names = _EXPORT_NAMES.match(stripped)
        if names is not None and names.group("names"):
            exported_later.update(names.group("names").split())
            continue
        lead = len(line) - len(line.lstrip(" "))
        match = _DEFINITION.match(line, lead)
        if match is None:
            continue
        base = index.line_start(number)
        value_start = match.end()
        value_end = _value_end(line, value_start)
        raw = line[value_start:value_end]
        computed = match.group("op") == "!=" or line.endswith("\\")
        value = None if computed else expanded(raw)
        exported = "export" in match.group("prefix").split()
        span_value = index.span(base + value_start, base + value_end)
        assignment = Assignment(
            name=match.group("name"),
            name_span=index.span(base + match.start("name"), base + match.end("name")),
            value=value,
            raw_value=raw,
            value_span=span_value,
            content_span=span_value,
            raw_content=raw,
            quote="",
            statement_span=index.span(base + lead, base + len(line.rstrip())),
            exported=exported,
        )
        found.append((assignment, exported))
    for assignment, exported in found:
        if not exported and (export_all or assignment.name in exported_later):
            assignment = replace(assignment, exported=True)
        result.assignments.append(assignment)
    return result
