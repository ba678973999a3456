"""The ``.env`` scanner, with python-dotenv's parsing semantics.

Values come from ``dotenv.parser.parse_stream`` (python-dotenv 1.2.4), the
parser behind ``load_dotenv()``; this module only adds exact spans by
re-reading each binding's own text with the same grammar. A value with
``${…}`` is marked computed (``value=None``) because ``load_dotenv``
interpolates it, unless it is single-quoted.

Sources: python-dotenv ``src/dotenv/parser.py`` / ``main.py`` (auth-facts.md §7).
"""

from __future__ import annotations

import io
import re

from dotenv.parser import parse_stream

from authlint.core.facts import Assignment, FileKind, ScannedFile, Slip, SlipKind
from authlint.core.findings import Edit
from authlint.core.source import SourceFile

# The statement grammar of python-dotenv's parser.py, with groups for spans.
_STATEMENT = re.compile(
    r"""
    (?P<lead>\s*)
    (?P<export>export[^\S\r\n]+)?
    (?P<key>'[^']+'|[^=\#\s]+)
    (?P<before>[^\S\r\n]*)
    =
    (?P<after>[^\S\r\n]*)
    (?P<value>(?s:'(?:\\.|[^'\\])*')|(?s:"(?:\\.|[^"\\])*")|[^\r\n]*)
    """,
    re.VERBOSE,
)
_COMMENT_TAIL = re.compile(r"\s+#.*")
_NEWLINES = re.compile(r"\r\n?")
_NAME_GUESS = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a ``.env`` file: one :class:`Assignment` per binding with a value."""
    result = ScannedFile(source, FileKind.DOTENV)
    offset = 0
    for binding in parse_stream(io.StringIO(source.text)):
        chunk = binding.original.string
        start = offset
        offset += len(chunk)
        if binding.error:
            _add_unparsed(result, source, start, chunk)
            continue
        if binding.key is None or binding.value is None:
            continue
        match = _STATEMENT.match(chunk)
        if match is None:  # pragma: no cover - the grammar above mirrors the parser's
            continue
        _add_binding(result, source, start, match, binding.key, binding.value)
    return result


def _add_binding(
    result: ScannedFile, source: SourceFile, base: int, match: re.Match[str], key: str, value: str
) -> None:
    index = source.index
    raw = match.group("value")
    value_start = base + match.start("value")
    if match.group("after") and raw.startswith("#"):
        # `KEY= # comment`: python-dotenv reads an empty value; the span sits after `=`.
        raw, value_start = "", base + match.start("after")
    quote = raw[0] if raw[:1] in {"'", '"'} and len(raw) >= 2 and raw[-1] == raw[0] else ""
    if quote:
        content_start, content_end = value_start + 1, value_start + len(raw) - 1
    else:
        kept = _COMMENT_TAIL.sub("", raw).rstrip()
        raw = kept
        content_start, content_end = value_start, value_start + len(kept)
    value_end = content_end + (1 if quote else 0)
    computed = quote != "'" and "${" in value
    # load_dotenv() reads the file in text mode, so line breaks inside a value arrive as "\n".
    value = _NEWLINES.sub("\n", value)
    statement_start = (
        base + match.start("export") if match.group("export") else base + match.start("key")
    )
    line_end = index.line_end(index.position(value_end).line)
    assignment = Assignment(
        name=key,
        name_span=index.span(base + match.start("key"), base + match.end("key")),
        value=None if computed else value,
        raw_value=source.text[value_start:value_end],
        value_span=index.span(value_start, value_end),
        content_span=index.span(content_start, content_end),
        raw_content=source.text[content_start:content_end],
        quote=quote,
        statement_span=index.span(statement_start, line_end),
    )
    result.assignments.append(assignment)
    before, after = match.group("before"), match.group("after")
    eq = base + match.start("after") - 1
    if before:
        edits: tuple[Edit, ...] = (Edit(index.span(base + match.start("before"), eq), ""),)
        if after:
            edits += (Edit(index.span(eq + 1, base + match.end("after")), ""),)
        result.slips.append(
            Slip(
                SlipKind.SPACE_AROUND_EQUALS,
                key,
                index.span(base + match.start("before"), base + match.end("after")),
                edits,
            )
        )
    elif after and raw:
        result.slips.append(
            Slip(
                SlipKind.SPACE_AFTER_EQUALS,
                key,
                index.span(eq, base + match.end("after")),
                (Edit(index.span(eq + 1, base + match.end("after")), ""),),
            )
        )


def _add_unparsed(result: ScannedFile, source: SourceFile, start: int, chunk: str) -> None:
    """Record a line python-dotenv skips (it warns "could not parse statement")."""
    lead = len(chunk) - len(chunk.lstrip())
    first_line = chunk[lead:].splitlines()[0] if chunk[lead:] else ""
    guess = _NAME_GUESS.match(first_line)
    begin = start + lead
    result.slips.append(
        Slip(
            SlipKind.UNPARSED,
            guess.group(1) if guess else "",
            source.index.span(begin, begin + len(first_line)),
        )
    )
