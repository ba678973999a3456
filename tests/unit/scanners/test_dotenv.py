"""The ``.env`` scanner: python-dotenv's values with exact code-point spans.

Every value is also checked against ``dotenv.dotenv_values`` on a real file,
so the scanner cannot drift from what ``load_dotenv()`` gives a program.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from dotenv import dotenv_values

from authlint.core.facts import FileKind, SlipKind
from authlint.core.fixes import apply_edits
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span
from authlint.scanners import scan
from keys import api_key
from scanning import at, only, scanner

facts = scanner(FileKind.DOTENV)


@dataclass(frozen=True)
class Case:
    text: str
    name: str
    value: str | None
    quote: str
    name_span: Span
    value_span: Span
    content_span: Span
    statement_span: Span


CASES = [
    pytest.param(
        Case("K=plain\n", "K", "plain", "", at(0, 0, 1), at(0, 2, 7), at(0, 2, 7), at(0, 0, 7)),
        id="unquoted",
    ),
    pytest.param(
        Case('K="a b"\n', "K", "a b", '"', at(0, 0, 1), at(0, 2, 7), at(0, 3, 6), at(0, 0, 7)),
        id="double-quoted",
    ),
    pytest.param(
        Case("K='x $y'\n", "K", "x $y", "'", at(0, 0, 1), at(0, 2, 8), at(0, 3, 7), at(0, 0, 8)),
        id="single-quoted-keeps-dollar",
    ),
    pytest.param(
        Case("export K=v\n", "K", "v", "", at(0, 7, 8), at(0, 9, 10), at(0, 9, 10), at(0, 0, 10)),
        id="export-prefix",
    ),
    pytest.param(
        Case("  K=v\n", "K", "v", "", at(0, 2, 3), at(0, 4, 5), at(0, 4, 5), at(0, 2, 5)),
        id="indented",
    ),
    pytest.param(
        Case("K=v # note\n", "K", "v", "", at(0, 0, 1), at(0, 2, 3), at(0, 2, 3), at(0, 0, 10)),
        id="inline-comment-dropped",
    ),
    pytest.param(
        Case("K=a#b\n", "K", "a#b", "", at(0, 0, 1), at(0, 2, 5), at(0, 2, 5), at(0, 0, 5)),
        id="hash-inside-word",
    ),
    pytest.param(
        Case("K='v' # c\n", "K", "v", "'", at(0, 0, 1), at(0, 2, 5), at(0, 3, 4), at(0, 0, 9)),
        id="quoted-then-comment",
    ),
    pytest.param(
        Case("K=\n", "K", "", "", at(0, 0, 1), at(0, 2, 2), at(0, 2, 2), at(0, 0, 2)),
        id="empty",
    ),
    pytest.param(
        Case('K=""\n', "K", "", '"', at(0, 0, 1), at(0, 2, 4), at(0, 3, 3), at(0, 0, 4)),
        id="empty-quoted",
    ),
    pytest.param(
        Case('K="a\\"b"\n', "K", 'a"b', '"', at(0, 0, 1), at(0, 2, 8), at(0, 3, 7), at(0, 0, 8)),
        id="escaped-quote",
    ),
    pytest.param(
        Case('K="a\\nb"\n', "K", "a\nb", '"', at(0, 0, 1), at(0, 2, 8), at(0, 3, 7), at(0, 0, 8)),
        id="escape-sequence",
    ),
    pytest.param(
        Case(
            'K="multi\nline"\n',
            "K",
            "multi\nline",
            '"',
            at(0, 0, 1),
            Span(Position(0, 2), Position(1, 5)),
            Span(Position(0, 3), Position(1, 4)),
            Span(Position(0, 0), Position(1, 5)),
        ),
        id="multi-line",
    ),
    pytest.param(
        Case("K=${HOME}/x\n", "K", None, "", at(0, 0, 1), at(0, 2, 11), at(0, 2, 11), at(0, 0, 11)),
        id="interpolated-is-computed",
    ),
    pytest.param(
        Case('K="${A}"\n', "K", None, '"', at(0, 0, 1), at(0, 2, 8), at(0, 3, 7), at(0, 0, 8)),
        id="interpolated-in-double-quotes",
    ),
    pytest.param(
        Case("K='${A}'\n", "K", "${A}", "'", at(0, 0, 1), at(0, 2, 8), at(0, 3, 7), at(0, 0, 8)),
        id="single-quotes-do-not-interpolate",
    ),
    pytest.param(
        # Spans count code points: É and 🔑 are one character each.
        Case("É🔑=v\n", "É🔑", "v", "", at(0, 0, 2), at(0, 3, 4), at(0, 3, 4), at(0, 0, 4)),
        id="astral-before-value",
    ),
    pytest.param(
        Case(
            '# é🔑\nK="é🔑x"\n',
            "K",
            "é🔑x",
            '"',
            at(1, 0, 1),
            at(1, 2, 7),
            at(1, 3, 6),
            at(1, 0, 7),
        ),
        id="astral-inside-value",
    ),
    pytest.param(
        Case("K=é🔑x # 🔑\n", "K", "é🔑x", "", at(0, 0, 1), at(0, 2, 5), at(0, 2, 5), at(0, 0, 9)),
        id="astral-unquoted-and-in-comment",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_assignment(case: Case, tmp_path: Path) -> None:
    result = facts(case.text)
    assignment = only(result, case.name)
    assert assignment.value == case.value
    assert assignment.quote == case.quote
    assert assignment.name_span == case.name_span
    assert assignment.value_span == case.value_span
    assert assignment.content_span == case.content_span
    assert assignment.statement_span == case.statement_span
    assert assignment.exported and assignment.top_level
    index = result.source.index
    assert assignment.raw_value == index.slice(case.value_span)
    assert assignment.raw_content == index.slice(case.content_span)
    assert index.slice(case.name_span) == case.name
    # The value is what load_dotenv() gives the program (None: interpolated).
    path = tmp_path / ".env"
    path.write_text(case.text, encoding="utf-8")
    if case.value is not None:
        assert dotenv_values(path, interpolate=False)[case.name] == case.value


def test_a_key_value_maps_one_to_one() -> None:
    key = api_key()
    assignment = only(facts(f'ANTHROPIC_API_KEY="{key}"\n'), "ANTHROPIC_API_KEY")
    assert assignment.value == key
    assert assignment.maps_one_to_one
    assert assignment.content_span == at(0, 19, 19 + len(key))


@pytest.mark.parametrize(
    ("text", "kind", "span", "fixed"),
    [
        ("K = v\n", SlipKind.SPACE_AROUND_EQUALS, at(0, 1, 4), "K=v\n"),
        ("K =v\n", SlipKind.SPACE_AROUND_EQUALS, at(0, 1, 3), "K=v\n"),
        ('K\t=  "v"\n', SlipKind.SPACE_AROUND_EQUALS, at(0, 1, 5), 'K="v"\n'),
        ("export K = v\n", SlipKind.SPACE_AROUND_EQUALS, at(0, 8, 11), "export K=v\n"),
        ("K= v\n", SlipKind.SPACE_AFTER_EQUALS, at(0, 1, 3), "K=v\n"),
        ("K=  'v'\n", SlipKind.SPACE_AFTER_EQUALS, at(0, 1, 4), "K='v'\n"),
    ],
)
def test_slips_and_their_repair(text: str, kind: SlipKind, span: Span, fixed: str) -> None:
    result = facts(text)
    assert [(s.kind, s.name, s.span) for s in result.slips] == [(kind, "K", span)]
    # python-dotenv still reads the value; the slip matters to `source .env`.
    assert only(result, "K").value == "v"
    assert apply_edits(result.source, result.slips[0].repair).text == fixed
    assert facts(fixed).slips == []


@pytest.mark.parametrize(
    "text",
    [
        "K=v\n",
        "K=\n",
        "K=   \n",
        "export K=v\n",
        "# K = v\n",
        "K='a = b'\n",
        "K=a=b\n",
    ],
)
def test_no_slip_on_look_alikes(text: str) -> None:
    assert facts(text).slips == []


def test_comment_after_blank_value_is_not_the_value() -> None:
    result = facts("K=  # note\n")
    assignment = only(result, "K")
    assert assignment.value == ""  # python-dotenv 1.2.4: the rest is a comment
    assert assignment.raw_value == ""
    assert assignment.value_span == at(0, 2, 2)
    assert result.slips == []


def test_unterminated_quote_is_unparsed_and_the_next_line_still_reads() -> None:
    result = facts('A=1\nK="unterminated\nB=2\n')
    assert [a.name for a in result.assignments] == ["A", "B"]
    assert [(s.kind, s.name, s.span) for s in result.slips] == [
        (SlipKind.UNPARSED, "K", at(1, 0, 15))
    ]
    assert result.slips[0].repair == ()


def test_unparsed_line_without_a_name() -> None:
    result = facts("=v\nK=1\n")
    assert [(s.kind, s.name) for s in result.slips] == [(SlipKind.UNPARSED, "")]
    assert only(result, "K").value == "1"


def test_crlf_spans_and_values() -> None:
    result = facts('A=1\r\nB="x y"\r\nC=v # c\r\n')
    a, b, c = result.assignments
    assert (a.value, a.value_span) == ("1", at(0, 2, 3))
    assert (b.value, b.value_span, b.content_span) == ("x y", at(1, 2, 7), at(1, 3, 6))
    assert (c.value, c.value_span, c.statement_span) == ("v", at(2, 2, 3), at(2, 0, 7))


def test_crlf_inside_a_multi_line_value_reads_as_load_dotenv_does(tmp_path: Path) -> None:
    text = 'K="m\r\nl"\r\n'
    path = tmp_path / ".env"
    path.write_bytes(text.encode())
    assert dotenv_values(path)["K"] == "m\nl"
    assert only(scan(SourceFile.read(path), FileKind.DOTENV), "K").value == "m\nl"


def test_bom_is_not_part_of_the_first_name() -> None:
    source = SourceFile.from_bytes(b"\xef\xbb\xbfK=v\nJ=w\n")
    result = scan(source, FileKind.DOTENV)
    assert source.bom == b"\xef\xbb\xbf"
    k = only(result, "K")
    assert (k.name_span, k.value_span) == (at(0, 0, 1), at(0, 2, 3))


def test_last_definition_wins() -> None:
    result = facts("K=1\nK=2\n")
    assert [a.value for a in result.definitions("K")] == ["1", "2"]
    effective = result.effective("K")
    assert effective is not None and effective.value == "2"


@pytest.mark.parametrize(
    "text",
    ["", "\n", "K", "K=", "K='", 'K="', "=", "export", "export ", "'K'=v", "\x00", "K=\\", "#"],
)
def test_half_typed_input_never_raises(text: str) -> None:
    result = facts(text)
    assert result.kind is FileKind.DOTENV
    for assignment in result.assignments:
        assert result.source.index.slice(assignment.name_span) in {assignment.name, "'K'"}
