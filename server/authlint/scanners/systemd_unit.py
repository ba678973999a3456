"""systemd service units (``*.service``: ``~/.config/systemd/user/``, ``/etc/systemd/system/``).

Only the ``[Service]`` section is read (a D-Bus ``*.service`` file has
``[D-BUS Service]`` and gives nothing). Lines starting with ``#`` or ``;``
are comments; a comment never follows a value on the same line. A line
ending in ``\\`` continues on the next one: such a directive is recorded
(for ``ExecStart=``) but gives no assignment.

Facts emitted: one :class:`Assignment` per variable an ``Environment=`` line
sets. The value is a space-separated list of ``NAME=value`` words; a word
may be quoted, whole (``"VAR=a b"``) or in part (``VAR="a b"``), with ``"``
or ``'``; inside and outside quotes a backslash escapes the next character
(C escapes ``\\n``, ``\\t``… are decoded). ``$VAR`` is not expanded;
specifiers (``%h``, ``%u``…) are, so a value holding one is ``None``
(``%%`` is a literal ``%``). ``quote`` is the character the word starts
with, if any. The directives themselves (``ExecStart=``,
``EnvironmentFile=``…, with spans) are kept in :func:`directives`.

Sources: systemd.exec(5) "Environment=" (quoting, no variable expansion,
later settings override earlier ones; "EnvironmentFile=" with a ``-``
prefix for an optional file) and systemd.syntax(7) (comments, line
continuation, quoting), systemd.unit(5) "Specifiers".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span

_SECTION = re.compile(r"[ \t]*\[([^\]\r\n]*)\][ \t]*\Z")
_DIRECTIVE = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SPECIFIER = re.compile(r"%[^%]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_MEMO = "systemd-unit.directives"


@dataclass(frozen=True)
class Directive:
    """``Key=value`` in a section: ``value`` as written (from the first non-blank character).

    ``continued`` when the line ends in ``\\`` (the value goes on below).
    """

    section: str
    key: str
    key_span: Span
    value: str
    value_span: Span
    line: int
    continued: bool = False


def _words(text: str) -> list[tuple[int, int, str, list[int], str]]:
    """The words of an ``Environment=`` value: (start, end, unquoted text, source offsets, quote).

    ``source offsets[i]`` is where the unquoted character ``i`` was written.
    """
    words: list[tuple[int, int, str, list[int], str]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        start, out, where, quote = i, [], [], ""
        first_quote = text[i] if text[i] in "\"'" else ""
        while i < n:
            char = text[i]
            if not quote and char in " \t":
                break
            if char == "\\" and i + 1 < n:
                following = text[i + 1]
                out.append(_ESCAPES.get(following, following))
                where.append(i)
                i += 2
                continue
            if quote and char == quote:
                quote = ""
                i += 1
                continue
            if not quote and char in "\"'":
                quote = char
                i += 1
                continue
            out.append(char)
            where.append(i)
            i += 1
        words.append((start, i, "".join(out), where, first_quote))
    return words


def directives(source: SourceFile) -> list[Directive]:
    """Every ``Key=value`` line of ``source`` with its section, in file order."""
    found: list[Directive] = []
    index = source.index
    section = ""
    for line in range(index.line_count):
        text = index.line_text(line)
        stripped = text.strip()
        if not stripped or stripped[0] in "#;":
            continue
        header = _SECTION.match(text)
        if header is not None:
            section = header.group(1).strip()
            continue
        match = _DIRECTIVE.match(text)
        if match is None:
            continue
        value = text[match.end() :].rstrip(" \t")
        continued = value.endswith("\\")
        start = index.line_start(line)
        found.append(
            Directive(
                section,
                match.group(1),
                index.span(start + match.start(1), start + match.end(1)),
                value,
                index.span(start + match.end(), start + match.end() + len(value)),
                line,
                continued,
            )
        )
    return found


def unit_directives(file: ScannedFile) -> list[Directive]:
    """The directives of a scanned unit (kept by :func:`scan`; read again for any other file)."""
    whole = file.whole
    cached = whole.memo.get(_MEMO)
    if cached is None:
        cached = directives(whole.source)
        whole.memo[_MEMO] = cached
    return cached  # type: ignore[return-value]


def service(found: list[Directive], key: str) -> list[Directive]:
    """The ``[Service]`` directives named ``key``, in file order."""
    return [d for d in found if d.section == "Service" and d.key == key]


def environment_assignments(source: SourceFile, directive: Directive) -> list[Assignment]:
    """The assignments of one ``Environment=`` directive."""
    if directive.continued:
        return []
    index = source.index
    base = index.offset(directive.value_span.start)
    found: list[Assignment] = []
    for start, end, text, where, quote in _words(directive.value):
        if "=" not in text:
            continue
        equals = text.index("=")
        name = text[:equals]
        if not _NAME.match(name):
            continue
        value_text = text[equals + 1 :]
        name_span = index.span(base + where[0], base + where[equals - 1] + 1)
        after_equals = base + where[equals] + 1
        if value_text:
            content_start = base + where[equals + 1]
            content_end = base + where[-1] + 1
        else:
            content_start = content_end = after_equals
        value_span = index.span(after_equals, base + end)
        content_span = index.span(content_start, content_end)
        computed = _SPECIFIER.search(value_text.replace("%%", ""))
        value: str | None = None if computed else value_text.replace("%%", "%")
        found.append(
            Assignment(
                name=name,
                name_span=name_span,
                value=value,
                raw_value=index.slice(value_span),
                value_span=value_span,
                content_span=content_span,
                raw_content=index.slice(content_span),
                quote=quote,
                statement_span=index.span(base + start, base + end),
            )
        )
    return found


def scan(source: SourceFile) -> ScannedFile:
    """Scan a systemd unit. Never raises."""
    found = directives(source)
    assignments: list[Assignment] = []
    for directive in service(found, "Environment"):
        assignments.extend(environment_assignments(source, directive))
    scanned = ScannedFile(source, FileKind.SYSTEMD_UNIT, assignments=assignments)
    scanned.memo[_MEMO] = found
    return scanned
