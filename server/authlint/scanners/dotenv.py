"""The ``.env`` scanner, with python-dotenv's parsing semantics.

Values come from python-dotenv's parser (1.2.4, ``dotenv.parser``), the one
behind ``load_dotenv()``: its reader, grammar and escapes, driven by
:func:`_parse_stream`, a copy of ``parse_stream``/``parse_binding`` whose
inline-comment strip is linear (the library's ``re.sub(r"\\s+#.*", …)``
backtracks over every blank of a run: a value holding 40,000 spaces took
6 s). This module adds exact spans by re-reading each binding's own text
with the same grammar. A value with ``${…}`` is marked computed
(``value=None``) because ``load_dotenv`` interpolates it, unless it is
single-quoted.

Sources: python-dotenv ``src/dotenv/parser.py`` / ``main.py`` (auth-facts.md §7).
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dotenv import parser as dotenv_parser
from dotenv.parser import Binding, Reader

from authlint.core.facts import Assignment, FileKind, ScannedFile, Slip, SlipKind
from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Position, Span

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
_BLANK_HASH = re.compile(r"\s#")
_NEWLINES = re.compile(r"\r\n?")
_NAME_GUESS = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a ``.env`` file: one :class:`Assignment` per binding with a value."""
    result = ScannedFile(source, FileKind.DOTENV)
    # python-dotenv reads the file as UTF-8 and drops one leading U+FEFF: the file's BOM.
    # SourceFile has dropped that BOM already, so hand it back: the parser then drops it and
    # reads exactly ``source.text``, further U+FEFF included (a second BOM is part of the
    # first name, as for load_dotenv). A text that still holds its BOM (an editor buffer)
    # loses it in the parser, and offsets start after it.
    text = source.text
    if source.bom:
        stream, offset = "\ufeff" + text, 0
    else:
        stream, offset = text, 1 if text.startswith("\ufeff") else 0
    simple = _SimpleLines(result, source, offset)
    for binding in _parse_stream(io.StringIO(stream), simple=simple.add):
        chunk = binding.original.string
        start = offset + binding.original.line  # the reader's offset (see _parse_stream)
        if binding.error:
            _add_unparsed(result, source, start, chunk)
            continue
        if binding.key is None or binding.value is None:
            continue
        match = _STATEMENT.match(chunk)
        if match is None:  # pragma: no cover - the grammar above mirrors the parser's
            continue
        _add_binding(result, source, start, match, binding.key, binding.value)
    simple.remember()
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
        kept = strip_inline_comment(raw).rstrip()
        raw = kept
        content_start, content_end = value_start, value_start + len(kept)
    value_end = content_end + (1 if quote else 0)
    computed = quote != "'" and "${" in value
    # load_dotenv() reads the file in text mode, so line breaks inside a value arrive as "\n".
    value = _NEWLINES.sub("\n", value)
    statement_start = (
        base + match.start("export") if match.group("export") else base + match.start("key")
    )
    key_start = base + match.start("key")
    line = index.position(key_start).line
    line_start, line_end = index.line_start(line), index.line_end(line)
    if value_end > line_end:  # a value across lines
        line_end = index.line_end(index.position(value_end).line)
        span = index.span
    else:  # the whole statement on one line: no search per position

        def span(start: int, end: int) -> Span:
            return Span(Position(line, start - line_start), Position(line, end - line_start))

    assignment = Assignment(
        name=key,
        name_span=span(key_start, base + match.end("key")),
        value=None if computed else value,
        raw_value=source.text[value_start:value_end],
        value_span=span(value_start, value_end),
        content_span=span(content_start, content_end),
        raw_content=source.text[content_start:content_end],
        quote=quote,
        statement_span=span(statement_start, line_end),
    )
    result.assignments.append(assignment)
    before, after = match.group("before"), match.group("after")
    eq = base + match.start("after") - 1
    if before:
        edits: tuple[Edit, ...] = (Edit(span(base + match.start("before"), eq), ""),)
        if after:
            edits += (Edit(span(eq + 1, base + match.end("after")), ""),)
        result.slips.append(
            Slip(
                SlipKind.SPACE_AROUND_EQUALS,
                key,
                span(base + match.start("before"), base + match.end("after")),
                edits,
            )
        )
    elif after and raw:
        result.slips.append(
            Slip(
                SlipKind.SPACE_AFTER_EQUALS,
                key,
                span(eq, base + match.end("after")),
                (Edit(span(eq + 1, base + match.end("after")), ""),),
            )
        )


def strip_inline_comment(text: str) -> str:
    """``re.sub(r"\\s+#.*", "", text)``, in linear time.

    Each match starts at the first blank (``\\s``, as ``str.isspace``) of the
    run before the first ``#`` that follows a blank, and ``.*`` ends it at the
    next ``\\n``; the regex itself retries every blank of a long run.
    """
    kept: list[str] = []
    position = 0
    while (found := _BLANK_HASH.search(text, position)) is not None:
        run_start = position + len(text[position : found.start() + 1].rstrip())
        kept.append(text[position:run_start])
        line_end = text.find("\n", found.end())
        position = len(text) if line_end < 0 else line_end
    kept.append(text[position:])
    return "".join(kept)


def _parse_unquoted_value(reader: Reader) -> str:
    (part,) = reader.read_regex(dotenv_parser._unquoted_value)
    return strip_inline_comment(part).rstrip()


def _parse_value(reader: Reader) -> str:
    """``dotenv.parser.parse_value`` with the linear comment strip."""
    char = reader.peek(1)
    if char in ("'", '"'):
        return dotenv_parser.parse_value(reader)  # quoted: linear in the library
    if char in ("", "\n", "\r"):
        return ""
    return _parse_unquoted_value(reader)


def _parse_binding(reader: Reader) -> Binding:
    """``dotenv.parser.parse_binding`` (python-dotenv 1.2.4) calling :func:`_parse_value`."""
    p = dotenv_parser
    reader.set_mark()
    try:
        reader.read_regex(p._multiline_whitespace)
        if not reader.has_next():
            return Binding(key=None, value=None, original=reader.get_marked(), error=False)
        reader.read_regex(p._export)
        key = p.parse_key(reader)
        reader.read_regex(p._whitespace)
        if reader.peek(1) == "=":
            (equal_sign,) = reader.read_regex(p._equal_sign)
            # `KEY= # comment` is an empty value; `KEY=#novalue` keeps the `#`.
            if len(equal_sign) > 1 and reader.peek(1) == "#":
                value: str | None = ""
            else:
                value = _parse_value(reader)
        else:
            value = None
        reader.read_regex(p._comment)
        reader.read_regex(p._end_of_line)
        return Binding(key=key, value=value, original=reader.get_marked(), error=False)
    except p.Error:
        reader.read_regex(p._rest_of_line)
        return Binding(key=None, value=None, original=reader.get_marked(), error=True)


class _Reader(Reader):
    """python-dotenv's ``Reader`` without its line count.

    ``Reader.read_regex`` counts the line breaks of every piece it reads (a
    ``re.findall`` per token, most of a scan's time); only ``original.string``
    is used here, never ``original.line``, so the count is skipped.
    """

    def read_regex(self, regex: re.Pattern[str]) -> Sequence[str]:
        match = regex.match(self.string, self.position.chars)
        if match is None:
            raise dotenv_parser.Error("read_regex: Pattern not found")
        self.position.chars = match.end()
        return match.groups()


# A whole line python-dotenv reads as `KEY=value`, optionally followed by blanks and a
# `# comment`, where nothing needs its reader: a plain name, an unquoted value without
# blanks, quotes, `#`, `$` or backslashes. The value is exactly the `value` group (the
# reader's strip of ` # comment` and of trailing blanks leaves just it).
_SIMPLE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_.]*)=(?P<value>[^\s'\"#$\\`]*)"
    r"(?:[ \t]+(?:#[^\r\n]*)?)?(?:\r\n|\n|\r|\Z)"
)


# The assignments of simple lines in the latest scan of each of a few files, by line number,
# column and text: an assignment of a simple line depends on nothing else, so the next scan
# of that file (an editor keystroke) reuses those of every line that did not change or move.
_RECENT_FILES = 16
_recent_lines: OrderedDict[Path | None, dict[tuple[int, int, str], Assignment]] = OrderedDict()
_recent_lock = threading.Lock()


def _simple_assignment(index: LineIndex, line: int, start: int, key: str, value: str) -> Assignment:
    """What :func:`_add_binding` makes of a :data:`_SIMPLE` line ``key=value…`` at ``start``.

    The line is on ``line``; ``value`` is not followed by blanks right after the
    ``=`` when it is empty. The name starts the statement, the value is its own
    content (no quotes, nothing to strip, no ``${``), the statement runs to the
    line's end, and there is no slip. Equal spans and positions are shared.
    """
    line_start = index.line_start(line)
    column = start - line_start
    name_start = Position(line, column)
    equals = column + len(key)
    value_start = Position(line, equals + 1)
    value_span = Span(value_start, Position(line, equals + 1 + len(value)))
    return Assignment(
        name=key,
        name_span=Span(name_start, Position(line, equals)),
        value=value,
        raw_value=value,
        value_span=value_span,
        content_span=value_span,
        raw_content=value,
        quote="",
        statement_span=Span(name_start, Position(line, index.line_end(line) - line_start)),
    )


class _SimpleLines:
    """Records the lines :data:`_SIMPLE` matches, as the reader would, reusing earlier scans'."""

    def __init__(self, result: ScannedFile, source: SourceFile, offset: int) -> None:
        self.result, self.source, self.offset = result, source, offset
        with _recent_lock:
            self.earlier = _recent_lines.get(source.path, {})
        self.seen: dict[tuple[int, int, str], Assignment] = {}

    def add(self, simple: re.Match[str], position: int) -> None:
        """Record the line matched at reader offset ``position``."""
        index = self.source.index
        start = self.offset + position
        line = index.line_of(start)
        key = (line, start - index.line_start(line), simple.group(0))
        assignments = self.result.assignments
        found = self.earlier.get(key)
        if found is None:
            value = simple["value"]
            after = simple.end("key") + 1  # just past the `=`
            if value or simple.string[after : after + 1] not in (" ", "\t"):
                found = _simple_assignment(index, line, start, simple["key"], value)
                assignments.append(found)
            else:  # `KEY=` then blanks: the value's span sits after them (the reader's way)
                match = _STATEMENT.match(simple.group(0))
                if match is None:  # pragma: no cover - _SIMPLE lines are statements
                    return
                # A simple line has no blank around `=`: one assignment and never a slip.
                _add_binding(self.result, self.source, start, match, simple["key"], value)
                found = assignments[-1]
        else:
            assignments.append(found)
        self.seen[key] = found

    def remember(self) -> None:
        """Keep this scan's simple lines for the next scan of the same file."""
        path = self.source.path
        with _recent_lock:
            _recent_lines[path] = self.seen
            _recent_lines.move_to_end(path)
            while len(_recent_lines) > _RECENT_FILES:
                _recent_lines.popitem(last=False)


def _parse_stream(
    stream: io.StringIO, simple: Callable[[re.Match[str], int], None] | None = None
) -> Iterator[Binding]:
    """``dotenv.parser.parse_stream``: every binding of the text, in order.

    Each binding's ``original.line`` is set to its offset in the reader's text
    (python-dotenv's line number is not used here). With ``simple``, lines
    :data:`_SIMPLE` matches are handed to it instead (the reader's work is most
    of a scan; such lines are most lines), and not yielded.
    """
    reader = _Reader(stream)
    text = reader.string
    position = 0
    while position < len(text):
        if simple is not None:
            found = _SIMPLE.match(text, position)
            if found is not None:
                simple(found, position)
                position = found.end()
                continue
        reader.position.chars = position
        binding = _parse_binding(reader)
        yield binding._replace(original=binding.original._replace(line=position))
        position = reader.position.chars


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
