"""justfiles (``justfile``, ``.justfile``, ``*.just``): variables just exports to recipes.

A line-based scanner for just's top-level assignments:

- ``export NAME := "value"``: an exported :class:`Assignment`;
- ``NAME := "value"``: not exported, unless the file says ``set export``
  (``set export := true``), which exports every variable.

The value is a string literal: ``"…"`` (escapes ``\\n``, ``\\r``, ``\\t``,
``\\"``, ``\\\\`` applied) or ``'…'`` (raw). Anything else is an expression
just evaluates (a backtick command, ``env_var('X')``, a concatenation with
``+``, another variable, a ``\"\"\"`` block string): computed, ``value`` is
``None``. ``content_span`` is inside the quotes. Indented lines (recipe
bodies) and comments are skipped.

Source: the just manual, "Assignments", "Strings", "Setting Variables in a
Recipe" / "export" and the ``export`` setting (https://just.systems/man/en/).
"""

from __future__ import annotations

import re
from dataclasses import replace

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile

_ASSIGNMENT = re.compile(
    r"(?P<export>export[ \t]+)?(?P<name>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:=[ \t]*(?P<rest>.*)\Z"
)
_STRING = re.compile(
    r"""(?P<value>"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>[^']*)')[ \t]*(?:#.*)?\Z"""
)
_SET_EXPORT = re.compile(r"set[ \t]+export[ \t]*(?::=[ \t]*true[ \t]*)?(?:#.*)?\Z")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")


def _unescaped(text: str) -> str | None:
    """A double-quoted string's value; ``None`` for an escape just does not know."""
    unknown = False

    def one(match: re.Match[str]) -> str:
        nonlocal unknown
        found = _ESCAPES.get(match.group(1))
        if found is None:
            unknown = True
            return match.group(0)
        return found

    value = _ESCAPE.sub(one, text)
    return None if unknown else value


def scan(source: SourceFile) -> ScannedFile:
    """Scan a justfile. Never raises."""
    result = ScannedFile(source, FileKind.JUSTFILE)
    index = source.index
    export_all = False
    found: list[Assignment] = []
    for number in range(index.line_count):
        line = index.line_text(number)
        if not line or line[0] in " \t#":
            continue  # a recipe body, a comment or a blank line
        stripped = line.rstrip()
        if _SET_EXPORT.match(stripped):
            export_all = True
            continue
        match = _ASSIGNMENT.match(stripped)
        if match is None:
            continue
        base = index.line_start(number)
        rest_start = match.start("rest")
        string = _STRING.match(stripped, rest_start)
        value: str | None
        if string is not None and not stripped.startswith(('"""', "'''"), rest_start):
            value_start, value_end = string.span("value")
            content_start, content_end = value_start + 1, value_end - 1
            quote = stripped[value_start]
            double = string.group("double")
            value = _unescaped(double) if double is not None else string.group("single")
        else:
            value_start = rest_start
            value_end = rest_start + len(match.group("rest").split(" #")[0].rstrip())
            content_start, content_end = value_start, value_end
            quote = ""
            value = None
        found.append(
            Assignment(
                name=match.group("name"),
                name_span=index.span(base + match.start("name"), base + match.end("name")),
                value=value,
                raw_value=stripped[value_start:value_end],
                value_span=index.span(base + value_start, base + value_end),
                content_span=index.span(base + content_start, base + content_end),
                raw_content=stripped[content_start:content_end],
                quote=quote,
                statement_span=index.span(base, base + len(stripped)),
                exported=match.group("export") is not None,
            )
        )
    for assignment in found:
        if export_all and not assignment.exported:
            assignment = replace(assignment, exported=True)
        result.assignments.append(assignment)
    return result
