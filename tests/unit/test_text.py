"""LineIndex and Span: code-point positions over every kind of line break."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from authlint.core.text import LineIndex, Position, Span, Utf8Offsets

P = Position


@pytest.mark.parametrize(
    ("text", "lines", "breaks"),
    [
        ("a\nbc\n", ["a", "bc", ""], ["\n", "\n", ""]),
        ("a\r\nbc\r\n", ["a", "bc", ""], ["\r\n", "\r\n", ""]),
        ("a\rbc\r", ["a", "bc", ""], ["\r", "\r", ""]),  # lone CR ends a line (LSP)
        ("a\r\n\rb\n\r\nc", ["a", "", "b", "", "c"], ["\r\n", "\r", "\n", "\r\n", ""]),
        ("no final newline", ["no final newline"], [""]),
        ("", [""], [""]),
        ("\n", ["", ""], ["\n", ""]),
    ],
)
def test_lines_and_their_breaks(text: str, lines: list[str], breaks: list[str]) -> None:
    index = LineIndex(text)
    assert index.line_count == len(lines)
    assert [index.line_text(i) for i in range(index.line_count)] == lines
    assert [index.line_break(i) for i in range(index.line_count)] == breaks
    # Lines and breaks put back together are the text, byte for byte.
    assert "".join(a + b for a, b in zip(lines, breaks, strict=True)) == text


def test_positions_round_trip_over_every_offset() -> None:
    text = "K=v\r\nA=😀x\rB=\u200bz\nend"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        position = index.position(offset)
        if text[offset - 1 : offset + 1] == "\r\n":  # between CR and LF: the line end
            assert position == P(0, 3)
            continue
        assert index.offset(position) == offset, offset


def test_astral_characters_count_as_one_code_point() -> None:
    text = "X=😀😀key"
    index = LineIndex(text)
    assert index.position(text.index("k")) == P(0, 4)
    assert index.slice(Span.at(0, 2, 4)) == "😀😀"


def test_crlf_offset_maps_to_the_line_end() -> None:
    index = LineIndex("ab\r\ncd")
    assert index.position(2) == P(0, 2)
    assert index.position(3) == P(0, 2)  # inside the CRLF
    assert index.position(4) == P(1, 0)
    assert index.line_end(0) == 2 and index.line_start(1) == 4


@pytest.mark.parametrize(
    ("position", "offset"),
    [
        (P(0, 99), 2),  # past the line end: clamps to it (before the break)
        (P(5, 0), 4),  # past the last line: the last line
        (P(1, 99), 6),
        (P(-1, 0), 0),
        (P(1, -3), 4),  # a negative character does not reach into the line above
    ],
)
def test_offset_clamps(position: Position, offset: int) -> None:
    assert LineIndex("ab\r\ncd").offset(position) == offset


@pytest.mark.parametrize(("offset", "position"), [(-5, P(0, 0)), (99, P(1, 2))])
def test_position_clamps(offset: int, position: Position) -> None:
    assert LineIndex("ab\ncd").position(offset) == position


@pytest.mark.parametrize(
    ("line_text", "byte_column", "character"),
    [
        ("KEY=value", 4, 4),
        ("K=é1", 4, 3),  # é is two UTF-8 bytes
        ("K=😀1", 6, 3),  # an astral character is four bytes and one code point
        ("K=😀1", 7, 4),
        ("K=😀1", 4, 2),  # inside the emoji: its start
        ("K=€", 3, 2),  # inside the euro sign (3 bytes): its start
        ("K=v", 99, 3),  # past the end (tree-sitter counts a CR before LF): clamps
        ("K=v", 0, 0),
    ],
)
def test_position_from_utf8(line_text: str, byte_column: int, character: int) -> None:
    index = LineIndex("first\n" + line_text + "\r\nlast")
    assert index.position_from_utf8(1, byte_column) == P(1, character)


def test_position_from_utf8_with_a_lone_surrogate() -> None:
    index = LineIndex("A=\udc80b")  # what surrogateescape leaves for an undecodable byte
    assert index.position_from_utf8(0, 5) == P(0, 3)


def test_span_relations() -> None:
    outer = Span.at(0, 2, 10)
    assert outer.contains(Span.at(0, 2, 10)) and outer.contains(Span.at(0, 3, 4))
    assert not outer.contains(Span.at(0, 1, 4))
    assert outer.overlaps(Span.at(0, 9, 12))
    assert not outer.overlaps(Span.at(0, 10, 12))  # half-open: touching is not overlapping
    assert Span(P(0, 5), P(1, 0)).overlaps(Span.at(0, 7, 8))
    assert Span.at(1, 0, 1) > Span.at(0, 5, 9)  # spans sort by position


def test_utf8_offsets_map_every_byte_to_its_character() -> None:
    # Mixed widths: ASCII, 2-, 3- and 4-byte characters, and a lone surrogate.
    text = "a\u00e9\u2014b\U0001f600\ud800c\n\u00e9"
    offsets = Utf8Offsets(text)
    expected = []
    for index, char in enumerate(text):
        expected += [index] * len(char.encode("utf-8", "surrogatepass"))
    expected.append(len(text))
    assert [offsets.char(byte) for byte in range(len(offsets.data) + 1)] == expected


def test_line_of_is_the_line_of_position() -> None:
    for text in ("", "a\nbc\r\nd\re\n", "x" * 5, "\n\n"):
        index = LineIndex(text)
        for offset in range(-2, len(text) + 3):
            assert index.line_of(offset) == index.position(offset).line, (text, offset)


def test_line_of_is_the_line_of_the_position() -> None:
    text = "ab\r\ncd\ref\n\ngh"
    index = LineIndex(text)
    for offset in range(-1, len(text) + 2):
        assert index.line_of(offset) == index.position(offset).line, offset


def test_position_and_span_behave_as_frozen_dataclasses() -> None:
    """Their hand-written ``__init__`` keeps everything a generated one gives."""
    start, end = Position(1, 2), Position(1, 5)
    span = Span(start, end)
    assert (start.line, start.character, span.start, span.end) == (1, 2, start, end)
    assert span == Span(Position(1, 2), Position(1, 5)) and span != Span(start, start)
    assert hash(span) == hash(Span(Position(1, 2), Position(1, 5)))
    assert hash(start) == hash(Position(1, 2))
    assert Position(0, 9) < start < end and Span(start, start) < span
    assert repr(span) == (
        "Span(start=Position(line=1, character=2), end=Position(line=1, character=5))"
    )
    assert [f.name for f in dataclasses.fields(Span)] == ["start", "end"]
    assert [f.name for f in dataclasses.fields(Position)] == ["line", "character"]
    assert Position(line=3, character=4) == Position(3, 4)
    assert Span(start=start, end=end) == span
    assert dataclasses.replace(span, end=start) == Span(start, start)
    assert dataclasses.replace(start, character=7) == Position(1, 7)
    assert dataclasses.astuple(span) == ((1, 2), (1, 5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = end  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        start.line = 0  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):  # TypeError: CPython 3.11's slots quirk
        start.other = 0  # type: ignore[attr-defined]
    for value in (start, span):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value
    fresh = Span(start, end)  # not hashed yet: no cached hash in its dict
    assert pickle.loads(pickle.dumps(fresh)).__dict__ == {"start": start, "end": end}
    hash(fresh)  # a cached hash is not pickled: the copy computes its own
    copied = pickle.loads(pickle.dumps(fresh))
    assert copied.__dict__ == {"start": start, "end": end}
    assert hash(copied) == hash(fresh)
    assert type(pickle.loads(pickle.dumps(start))) is Position
    with pytest.raises(TypeError):
        Position(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Span(start)  # type: ignore[call-arg]
