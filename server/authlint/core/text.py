"""Positions and spans in code points, and conversion from offsets.

Spans are 0-based ``(line, character)`` pairs counted in Unicode code points,
LSP style but *not* in UTF-16 units: the LSP adapter converts at the edge.
Lines end at ``\\r\\n``, ``\\n`` or a lone ``\\r``, as the LSP specification says.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\n|\r")


_set_attribute = object.__setattr__


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A 0-based line and a 0-based code-point character offset in that line."""

    line: int
    character: int

    def __init__(self, line: int, character: int) -> None:
        """The generated frozen ``__init__``, without its lookup of ``object`` per field.

        Scanners build tens of thousands of positions per run.
        """
        _set_attribute(self, "line", line)
        _set_attribute(self, "character", character)

    def __reduce__(self) -> tuple[type[Position], tuple[int, int]]:
        """Pickled as a call with its two numbers (``check``'s processes send many scans).

        Loads in a third of the time the slots-dataclass state takes.
        """
        return (Position, (self.line, self.character))


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` between two positions."""

    start: Position
    end: Position

    def __init__(self, start: Position, end: Position) -> None:
        """The generated frozen ``__init__``, writing the instance dict directly (half the cost).

        Frozen still: ``span.start = …`` raises ``FrozenInstanceError``.
        """
        fields = self.__dict__
        fields["start"] = start
        fields["end"] = end

    def __reduce__(self) -> tuple[type[Span], tuple[Position, Position]]:
        """Pickled as a call with its two positions (without the cached hash)."""
        return (Span, (self.start, self.end))

    @classmethod
    def at(cls, line: int, start: int, end: int) -> Span:
        """Return the span of characters ``[start, end)`` on one ``line``."""
        return cls(Position(line, start), Position(line, end))

    def __hash__(self) -> int:
        """The generated hash (of both positions), computed once: spans key many indexes."""
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            start, end = self.start, self.end
            cached = hash(((start.line, start.character), (end.line, end.character)))
            self.__dict__["_hash"] = cached
        return cached

    def contains(self, other: Span) -> bool:
        """Whether ``other`` lies inside this span (bounds included)."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one character (empty spans touch)."""
        return self.start < other.end and other.start < self.end


class LineIndex:
    """Maps string offsets (code points) to positions and back for one text.

    ``offset`` arguments are indices into the ``str`` (code points); UTF-8 byte
    offsets (tree-sitter) are converted with :meth:`position_from_utf8`.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            starts = [0]
            ends = []
            for match in _LINE_BREAK.finditer(text):
                ends.append(match.start())
                starts.append(match.end())
            ends.append(len(text))
        else:  # only "\n": the same lists from str.split, without a Python step per match
            lengths = [len(line) + 1 for line in text.split("\n")]
            starts = [0, *itertools.accumulate(lengths[:-1])]
            ends = [start + length - 1 for start, length in zip(starts, lengths, strict=True)]
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        """Number of lines; a text ending in a line break has an empty last line."""
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of ``line``."""
        return self._starts[line]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of ``line`` (before its line break)."""
        return self._ends[line]

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        return self.text[self._starts[line] : self._ends[line]]

    def line_break(self, line: int) -> str:
        """The line break that ends ``line`` (``""`` for the last line)."""
        if line + 1 >= len(self._starts):
            return ""
        return self.text[self._ends[line] : self._starts[line + 1]]

    def position(self, offset: int) -> Position:
        """Position of string ``offset``; an offset inside a CRLF maps to the line end.

        Offsets outside ``[0, len(text)]`` clamp to the start or end of the text.
        """
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self._starts
        line = bisect.bisect_right(starts, offset) - 1
        end = self._ends[line]
        return Position(line, (offset if offset < end else end) - starts[line])

    def line_of(self, offset: int) -> int:
        """``position(offset).line``, without building the position (a scanner asks per line)."""
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        return bisect.bisect_right(self._starts, offset) - 1

    def offset(self, position: Position) -> int:
        """String offset of ``position``; characters past the line end clamp to it.

        Lines past the end clamp to the last line, negative values to 0.
        """
        line = min(max(position.line, 0), len(self._starts) - 1)
        return min(self._starts[line] + max(position.character, 0), self._ends[line])

    def span(self, start: int, end: int) -> Span:
        """Span between two string offsets."""
        return Span(self.position(start), self.position(end))

    def slice(self, span: Span) -> str:
        """The text a span covers."""
        return self.text[self.offset(span.start) : self.offset(span.end)]

    def position_from_utf8(self, line: int, byte_column: int) -> Position:
        """Position from a line and a UTF-8 byte column (tree-sitter's ``Point``).

        A column past the line's end (tree-sitter counts a ``\\r`` before ``\\n``
        as part of the row) clamps to the line end; one inside a multi-byte
        character maps to that character's start. A line past the last clamps
        to the last line.
        """
        line = min(max(line, 0), len(self._starts) - 1)
        raw = self.line_text(line).encode("utf-8", "surrogatepass")[: max(byte_column, 0)]
        try:
            return Position(line, len(raw.decode("utf-8", "surrogatepass")))
        except UnicodeDecodeError as error:  # the column cuts a character: use its start
            return Position(line, len(raw[: error.start].decode("utf-8", "surrogatepass")))


# 1 for a byte that starts a UTF-8 sequence, 0 for a continuation byte (0b10xxxxxx).
_CHARACTER_STARTS = bytes(0 if 0x80 <= byte < 0xC0 else 1 for byte in range(256))


class Utf8Offsets:
    """Maps UTF-8 byte offsets (tree-sitter's) to string (code point) offsets, in O(1).

    ``data`` is the text encoded as UTF-8; a pure-ASCII text needs no table.
    """

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8", "surrogatepass")
        self._map: array[int] | None = None
        if len(self.data) != len(text):
            # Each byte's character is the number of characters started up to it,
            # less one; counted in C (translate, accumulate), not per character.
            starts = self.data.translate(_CHARACTER_STARTS)
            table = array("l", itertools.accumulate(starts, initial=-1))
            del table[0]
            table.append(len(text))
            self._map = table

    def char(self, byte: int) -> int:
        """String offset of the character that starts at (or contains) ``byte``."""
        return byte if self._map is None else self._map[byte]
