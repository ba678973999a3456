"""Streamlit secrets (``.streamlit/secrets.toml``).

TOML, read line by line so every key and value keeps its position
(``tomllib`` gives none). Facts emitted: one :class:`Assignment` per
``key = value`` line, in file order. Keys at the top level are also exported
to the app's environment by Streamlit (``exported=True``); keys under a
``[table]`` are only in ``st.secrets["table"]`` (``exported=False``).

A value is decoded with ``tomllib`` (quotes removed, escapes applied). A value
TOML does not accept (an unquoted ``sk-ant-…``: Streamlit then fails with
``TomlDecodeError`` and loads no secret at all) is kept as written with
``quote=""``; :func:`valid_value` tells the two apart. Multi-line strings
(``\"\"\"…\"\"\"``) are skipped.

Sources: https://docs.streamlit.io/develop/concepts/connections/secrets-management
(the file, root-level keys as environment variables) and
https://toml.io/en/v1.0.0 (strings must be quoted).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span

_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*([^\]\n]*?)[ \t]*\]\]?[ \t]*(?:#.*)?\Z")
_KEY = re.compile(r"""[ \t]*([A-Za-z0-9_.-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*""")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_COMMENT = re.compile(r"[ \t]*(?:#.*)?\Z")


@lru_cache(maxsize=1024)
def valid_value(raw: str) -> bool:
    """Whether TOML accepts ``raw`` as the value of a key (``1``, ``true``, ``"x"``, ``[…]``)."""
    try:
        tomllib.loads(f"x = {raw}\n")
    except tomllib.TOMLDecodeError:
        return False
    return True


def _decode(raw: str) -> str | None:
    try:
        value = tomllib.loads(f"x = {raw}\n")["x"]
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) else raw


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Streamlit secrets file. Never raises on bad syntax."""
    index = source.index
    assignments: list[Assignment] = []
    table: str | None = None
    multiline: str | None = None
    for number in range(index.line_count):
        line = index.line_text(number)
        if multiline is not None:
            if multiline in line:
                multiline = None
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        heading = _TABLE.match(line)
        if heading:
            table = heading.group(1)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        rest = line[key.end() :]
        start = key.end()
        if rest.startswith(('"""', "'''")):
            if rest.count(rest[:3]) < 2:
                multiline = rest[:3]
            continue
        quoted = (_BASIC if rest.startswith('"') else _LITERAL).match(rest)
        if rest[:1] in "\"'" and quoted is not None and _COMMENT.match(rest, quoted.end()):
            raw = quoted.group(0)
            value = _decode(raw)
            quote = raw[0]
            content = Span.at(number, start + 1, start + len(raw) - 1)
        else:
            raw = re.sub(r"[ \t]+#.*\Z", "", rest).rstrip(" \t")
            if rest.startswith("#"):
                raw = ""
            value, quote = raw, ""
            content = Span.at(number, start, start + len(raw))
        name = key.group(1)
        if name[:1] in "\"'":
            name = name[1:-1]
        name_start = line.index(key.group(1))
        name_span = Span.at(number, name_start, name_start + len(key.group(1)))
        if key.group(1)[:1] in "\"'":
            name_span = Span.at(number, name_start + 1, name_start + len(key.group(1)) - 1)
        value_span = Span.at(number, start, start + len(raw))
        assignments.append(
            Assignment(
                name=name,
                name_span=name_span,
                value=value,
                raw_value=raw,
                value_span=value_span,
                content_span=content,
                raw_content=index.slice(content),
                quote=quote,
                statement_span=Span(name_span.start, value_span.end),
                exported=table is None,
                top_level=True,
            )
        )
    return ScannedFile(source, FileKind.STREAMLIT_SECRETS, assignments=assignments)
