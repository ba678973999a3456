"""fish universal variables: ``~/.config/fish/fish_variables`` and old ``fishd.<machine-id>`` files.

fish (3.0 and later) keeps ``set -U`` variables in ``fish_variables``, one
per line::

    # This file contains fish universal variable definitions.
    # VERSION: 3.0
    SETUVAR --export ANTHROPIC_BASE_URL:https\\x3a//example\\x2ecom
    SETUVAR fish_user_paths:/opt/bin\\x1e/usr/local/bin

fish 2.x kept them in ``~/.config/fish/fishd.<machine-id>`` as ``SET NAME:value``
and ``SET_EXPORT NAME:value``. The name runs to the first ``:``; the value is
escaped the way fish escapes script text (fish writes every character but
ASCII letters, digits, ``/`` and ``_`` as ``\\xHH``, ``\\uHHHH`` or
``\\UHHHHHHHH``), and a list's elements are separated by ``\\x1e`` (an empty
list is ``\\x1d``). An exported universal variable reaches every fish session
and every program started from it.

Facts emitted: one :class:`Assignment` per definition line: ``name_span`` the
name, ``value_span`` = ``content_span`` the escaped value as written (to the
end of the line, a CRLF's ``\\r`` excluded), ``value`` what a child process
sees (escapes decoded; list elements joined with ``:`` for a path variable —
``--path`` or a name ending in ``PATH`` — else with a space, as fish exports
them), ``exported`` from ``--export`` / ``SET_EXPORT``, ``statement_span`` the
line, ``quote`` ``""``, ``top_level`` true. A value fish could not decode
(an unterminated quote) gives ``value=None``.

Sources: fish-shell ``src/env_universal_common.cpp`` (``SETUVAR``, ``--export``,
``--path``, ``full_escape``, ``decode_serialized``, the 2.x ``SET``/``SET_EXPORT``
format) and the ``set`` documentation ("universal variables", "path variables").
"""

from __future__ import annotations

import re

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile

_DEFINITION = re.compile(
    r"(?P<verb>SETUVAR|SET_EXPORT|SET)(?=[ \t])"
    r"(?P<flags>(?:[ \t]+-\S*)*)[ \t]+"
    r"(?P<name>[^:\s]+):"
)
_LIST_SEPARATOR = "\x1e"
_EMPTY_LIST = "\x1d"
_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_HEX_DIGITS = {"x": 2, "X": 2, "u": 4, "U": 8}
_HEX = re.compile(r"[0-9A-Fa-f]+")


class _Unterminated(Exception):
    """A quote that never closes: fish drops the line."""


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a ``fish_variables`` / ``fishd.*`` file: one assignment per definition line.

    Lines that are comments, blank or not definitions are skipped; never raises.
    """
    result = ScannedFile(source, FileKind.FISH_VARIABLES)
    index = source.index
    for line in range(index.line_count):
        text = index.line_text(line)
        match = _DEFINITION.match(text)
        if match is None:
            continue
        start = index.line_start(line)
        flags = match.group("flags").split()
        exported = match.group("verb") == "SET_EXPORT" or "--export" in flags
        name = match.group("name")
        value_start = start + match.end()
        value_end = start + len(text)
        raw = text[match.end() :]
        path_variable = "--path" in flags or name.endswith("PATH")
        value = decode(raw, path_variable=path_variable)
        value_span = index.span(value_start, value_end)
        result.assignments.append(
            Assignment(
                name=name,
                name_span=index.span(start + match.start("name"), start + match.end("name")),
                value=value,
                raw_value=raw,
                value_span=value_span,
                content_span=value_span,
                raw_content=raw,
                quote="",
                statement_span=index.span(start, value_end),
                exported=exported,
                top_level=True,
            )
        )
    return result


def decode(raw: str, *, path_variable: bool = False) -> str | None:
    """The value a child process sees for a universal variable written as ``raw``.

    Escapes are decoded (``\\xHH`` runs as UTF-8 bytes); list elements are
    joined with ``:`` when ``path_variable``, else with a space; an empty list
    is ``""``. ``None`` when a quote is left open.
    """
    try:
        text = unescape(raw)
    except _Unterminated:
        return None
    if text == _EMPTY_LIST:
        return ""
    return (":" if path_variable else " ").join(text.split(_LIST_SEPARATOR))


def unescape(raw: str) -> str:
    """Unescape like fish does for script text, as used for universal variable values.

    Handles ``\\xHH`` (consecutive bytes decoded as UTF-8), ``\\uHHHH``,
    ``\\UHHHHHHHH``, ``\\a \\b \\e \\f \\n \\r \\t \\v``, a backslash before any
    other character (that character), and ``'…'`` / ``"…"`` quoting. Raises
    ``_Unterminated`` for an open quote.
    """
    out: list[str] = []
    pending = bytearray()  # \xHH bytes waiting to be decoded together

    def flush() -> None:
        if pending:
            out.append(pending.decode("utf-8", "replace"))
            pending.clear()

    position = 0
    length = len(raw)
    while position < length:
        char = raw[position]
        if char == "\\" and position + 1 < length:
            code = raw[position + 1]
            position += 2
            if code in _HEX_DIGITS:
                digits = _HEX.match(raw, position, position + _HEX_DIGITS[code])
                if digits is None:
                    flush()
                    out.append(code)
                    continue
                number = int(digits.group(), 16)
                position = digits.end()
                if code in "xX":
                    pending.append(number)
                    continue
                flush()
                out.append(chr(number) if number <= 0x10FFFF else "\ufffd")
                continue
            flush()
            out.append(_SIMPLE.get(code, code))
            continue
        flush()
        if char == "'":
            close = position + 1
            body: list[str] = []
            while close < length and raw[close] != "'":
                if raw[close] == "\\" and close + 1 < length and raw[close + 1] in "\\'":
                    close += 1
                body.append(raw[close])
                close += 1
            if close >= length:
                raise _Unterminated
            out.append("".join(body))
            position = close + 1
            continue
        if char == '"':
            close = position + 1
            body = []
            while close < length and raw[close] != '"':
                if raw[close] == "\\" and close + 1 < length and raw[close + 1] in '\\"$\n':
                    close += 1
                body.append(raw[close])
                close += 1
            if close >= length:
                raise _Unterminated
            out.append("".join(body))
            position = close + 1
            continue
        out.append(char)
        position += 1
    flush()
    return "".join(out)
