"""The fish scanner: ``set``/``export`` assignments, export flags, blocks, slips."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from authlint.core.facts import FileKind, SlipKind
from authlint.core.fixes import apply_edits
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span
from authlint.scanners import scan
from keys import api_key
from scanning import at, only, scanner

facts = scanner(FileKind.FISH)


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
    exported: bool = True
    top_level: bool = True


def exported_set(text: str, value: str | None, quote: str = "") -> Case:
    """A one-line ``set -gx K <text>`` case; the value starts at column 10."""
    end = 10 + len(text)
    inner = at(0, 11, end - 1) if quote else at(0, 10, end)
    return Case(
        f"set -gx K {text}", "K", value, quote, at(0, 8, 9), at(0, 10, end), inner, at(0, 0, end)
    )


CASES = [
    pytest.param(exported_set("v", "v"), id="unquoted"),
    pytest.param(exported_set("'it\\'s'", "it's", "'"), id="single-quote-escape"),
    pytest.param(exported_set("'a\\\\b'", "a\\b", "'"), id="single-backslash-escape"),
    pytest.param(exported_set("'a\\nb'", "a\\nb", "'"), id="single-keeps-other-backslashes"),
    pytest.param(exported_set("'$x'", "$x", "'"), id="single-keeps-dollar"),
    pytest.param(exported_set('"a\\"b"', 'a"b', '"'), id="double-quote-escape"),
    pytest.param(exported_set('"a\\$x"', "a$x", '"'), id="double-escaped-dollar"),
    pytest.param(exported_set('"a $x"', None, '"'), id="double-expands-variable"),
    pytest.param(exported_set('"$(cmd)"', None, '"'), id="double-command-substitution"),
    pytest.param(exported_set("$x", None), id="variable"),
    pytest.param(exported_set("(security find-generic-password -w -s x)", None), id="cmdsub"),
    pytest.param(exported_set("$(op read op://v/i/f)", None), id="dollar-cmdsub"),
    pytest.param(exported_set("a\\ b", "a b"), id="escaped-space"),
    pytest.param(exported_set("a\\x41", "aA"), id="hex-escape"),
    pytest.param(exported_set("a#b", "a#b"), id="hash-inside-word"),
    pytest.param(exported_set("~/x", None), id="tilde"),
    pytest.param(exported_set("*.txt", None), id="wildcard"),
    pytest.param(exported_set("{a,b}", None), id="braces"),
    pytest.param(exported_set("a'b'\"c\"", "abc"), id="concatenation"),
    pytest.param(exported_set("a b", "a b"), id="list-joined-with-space"),
    pytest.param(exported_set('"é🔑x"', "é🔑x", '"'), id="astral-inside"),
    pytest.param(
        Case(
            "set -gx PATH a b",
            "PATH",
            "a:b",
            "",
            at(0, 8, 12),
            at(0, 13, 16),
            at(0, 13, 16),
            at(0, 0, 16),
        ),
        id="path-variable-joined-with-colon",
    ),
    pytest.param(
        Case(
            "set -gx K v # note",
            "K",
            "v",
            "",
            at(0, 8, 9),
            at(0, 10, 11),
            at(0, 10, 11),
            at(0, 0, 11),
        ),
        id="comment",
    ),
    pytest.param(
        Case("set -gx K", "K", "", "", at(0, 8, 9), at(0, 9, 9), at(0, 9, 9), at(0, 0, 9)),
        id="no-value",
    ),
    pytest.param(
        Case("set -x K v", "K", "v", "", at(0, 7, 8), at(0, 9, 10), at(0, 9, 10), at(0, 0, 10)),
        id="x",
    ),
    pytest.param(
        Case("set -xU K v", "K", "v", "", at(0, 8, 9), at(0, 10, 11), at(0, 10, 11), at(0, 0, 11)),
        id="xU",
    ),
    pytest.param(
        Case(
            "set --global --export K v",
            "K",
            "v",
            "",
            at(0, 22, 23),
            at(0, 24, 25),
            at(0, 24, 25),
            at(0, 0, 25),
        ),
        id="long-flags",
    ),
    pytest.param(
        Case(
            "set -gx -- K v",
            "K",
            "v",
            "",
            at(0, 11, 12),
            at(0, 13, 14),
            at(0, 13, 14),
            at(0, 0, 14),
        ),
        id="double-dash",
    ),
    pytest.param(
        Case(
            "set -gxa PATH x",
            "PATH",
            None,
            "",
            at(0, 9, 13),
            at(0, 14, 15),
            at(0, 14, 15),
            at(0, 0, 15),
        ),
        id="append",
    ),
    pytest.param(
        Case(
            "set -g K v",
            "K",
            "v",
            "",
            at(0, 7, 8),
            at(0, 9, 10),
            at(0, 9, 10),
            at(0, 0, 10),
            exported=False,
        ),
        id="global-not-exported",
    ),
    pytest.param(
        Case(
            "set -gx K a\nset K b",
            "K",
            "b",
            "",
            at(1, 4, 5),
            at(1, 6, 7),
            at(1, 6, 7),
            at(1, 0, 7),
        ),
        id="keeps-earlier-export-bit",
    ),
    pytest.param(
        Case("export K=v", "K", "v", "", at(0, 7, 8), at(0, 9, 10), at(0, 9, 10), at(0, 0, 10)),
        id="export-function",
    ),
    pytest.param(
        Case(
            'export K="a b"',
            "K",
            "a b",
            '"',
            at(0, 7, 8),
            at(0, 9, 14),
            at(0, 10, 13),
            at(0, 0, 14),
        ),
        id="export-quoted",
    ),
    pytest.param(
        Case("export K=", "K", "", "", at(0, 7, 8), at(0, 9, 9), at(0, 9, 9), at(0, 0, 9)),
        id="export-empty",
    ),
    pytest.param(
        # Spans count code points: 🔑 is one character.
        Case(
            "set -gx 🔑 x; set -gx K é🔑x",
            "K",
            "é🔑x",
            "",
            at(0, 21, 22),
            at(0, 23, 26),
            at(0, 23, 26),
            at(0, 13, 26),
        ),
        id="astral-before-on-the-same-line",
    ),
    pytest.param(
        Case(
            "if status is-interactive\n    set -gx K v\nend",
            "K",
            "v",
            "",
            at(1, 12, 13),
            at(1, 14, 15),
            at(1, 14, 15),
            at(1, 4, 15),
            top_level=False,
        ),
        id="if-block",
    ),
    pytest.param(
        Case(
            "if set -q K; set -gx J v; end; set -gx K v",
            "K",
            "v",
            "",
            at(0, 39, 40),
            at(0, 41, 42),
            at(0, 41, 42),
            at(0, 31, 42),
        ),
        id="after-end",
    ),
    pytest.param(
        Case(
            "function f\n  set -gx K v\nend",
            "K",
            "v",
            "",
            at(1, 10, 11),
            at(1, 12, 13),
            at(1, 12, 13),
            at(1, 2, 13),
            top_level=False,
        ),
        id="function",
    ),
    pytest.param(
        Case(
            "begin; set -gx K v; end",
            "K",
            "v",
            "",
            at(0, 15, 16),
            at(0, 17, 18),
            at(0, 17, 18),
            at(0, 7, 18),
            top_level=False,
        ),
        id="begin",
    ),
    pytest.param(
        Case(
            "switch $x\ncase a\n  set -gx K v\nend",
            "K",
            "v",
            "",
            at(2, 10, 11),
            at(2, 12, 13),
            at(2, 12, 13),
            at(2, 2, 13),
            top_level=False,
        ),
        id="switch",
    ),
    pytest.param(
        Case(
            "test -f x; and set -gx K v",
            "K",
            "v",
            "",
            at(0, 23, 24),
            at(0, 25, 26),
            at(0, 25, 26),
            at(0, 15, 26),
            top_level=False,
        ),
        id="and",
    ),
    pytest.param(
        Case(
            "test -f x && set -gx K v",
            "K",
            "v",
            "",
            at(0, 21, 22),
            at(0, 23, 24),
            at(0, 23, 24),
            at(0, 13, 24),
            top_level=False,
        ),
        id="and-and",
    ),
    pytest.param(
        Case(
            "set -gx K 'a\nb'",
            "K",
            "a\nb",
            "'",
            at(0, 8, 9),
            Span(Position(0, 10), Position(1, 2)),
            Span(Position(0, 11), Position(1, 1)),
            Span(Position(0, 0), Position(1, 2)),
        ),
        id="multi-line-quote",
    ),
    pytest.param(
        Case(
            "set -gx K ab\\\ncd",
            "K",
            "abcd",
            "",
            at(0, 8, 9),
            Span(Position(0, 10), Position(1, 2)),
            Span(Position(0, 10), Position(1, 2)),
            Span(Position(0, 0), Position(1, 2)),
        ),
        id="line-continuation",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_assignment(case: Case) -> None:
    result = facts(case.text)
    assignment = result.definitions(case.name)[-1]
    assert assignment.value == case.value
    assert assignment.quote == case.quote
    assert assignment.name_span == case.name_span
    assert assignment.value_span == case.value_span
    assert assignment.content_span == case.content_span
    assert assignment.statement_span == case.statement_span
    assert assignment.exported is case.exported
    assert assignment.top_level is case.top_level
    index = result.source.index
    assert index.slice(case.name_span) == case.name
    assert assignment.raw_value == index.slice(case.value_span)
    assert assignment.raw_content == index.slice(case.content_span)


def test_a_key_maps_one_to_one() -> None:
    key = api_key()
    assignment = only(facts(f"set -gx ANTHROPIC_API_KEY '{key}'\n"), "ANTHROPIC_API_KEY")
    assert assignment.value == key and assignment.maps_one_to_one


@pytest.mark.parametrize(
    "text",
    [
        "set -e K",
        "set --erase K",
        "set -q K",
        "set --query K",
        "set -S K",
        "set -n",
        "set",
        "set -gx",
        "set -gx $name v",
        "set -gx K[1] v",
        "# set -gx K v",
        "echo 'set -gx K v'",
        "K=v cmd",  # a prefix assignment, valid since fish 3.1
        "K=v A=1 cmd",
        "set -gx K 'unterminated",
        'set -gx K "unterminated',
        "set -gx K (unterminated",
        "end",
        "",
    ],
)
def test_look_alikes_define_nothing(text: str) -> None:
    result = facts(text)
    assert result.assignments == []
    assert result.slips == []


@pytest.mark.parametrize(
    "text",
    [
        "set -gx K v",
        "set -Ux K v",
        "set --export K v",
        "set -gu K v",  # explicitly unexported: deliberate
        "export K=v",
        "set -gx K a\nset K b",
        "function f\n  set -l K v\nend",
        "if true\n  set -g K v\nend",
        "true; and set K v",
    ],
)
def test_look_alikes_have_no_slip(text: str) -> None:
    assert facts(text).slips == []


@pytest.mark.parametrize(
    ("text", "kind", "name", "span", "detail", "fixed"),
    [
        ("set K v", SlipKind.NOT_EXPORTED, "K", at(0, 4, 5), "", "set -gx K v"),
        ("set -g K v", SlipKind.NOT_EXPORTED, "K", at(0, 7, 8), "", "set -gx K v"),
        ("set -U K v", SlipKind.NOT_EXPORTED, "K", at(0, 7, 8), "", "set -Ux K v"),
        ("set -U K", SlipKind.NOT_EXPORTED, "K", at(0, 7, 8), "", "set -Ux K"),
        ("set -l K v", SlipKind.NOT_EXPORTED, "K", at(0, 7, 8), "", "set -gx K v"),
        ("set --global K v", SlipKind.NOT_EXPORTED, "K", at(0, 13, 14), "", "set --global -x K v"),
        ("set -g K 'a b'", SlipKind.NOT_EXPORTED, "K", at(0, 7, 8), "", "set -gx K 'a b'"),
        ('$env:K = "v"', SlipKind.FOREIGN_SYNTAX, "K", at(0, 0, 12), "powershell", 'set -gx K "v"'),
        ("${Env:K}='v'", SlipKind.FOREIGN_SYNTAX, "K", at(0, 0, 12), "powershell", "set -gx K 'v'"),
        ("K=v", SlipKind.FOREIGN_SYNTAX, "K", at(0, 0, 3), "posix", "set -gx K v"),
        ('K="a b"', SlipKind.FOREIGN_SYNTAX, "K", at(0, 0, 7), "posix", 'set -gx K "a b"'),
        ("set -gx K=v", SlipKind.FOREIGN_SYNTAX, "K", at(0, 0, 11), "posix", "set -gx K v"),
    ],
)
def test_slip_and_repair(
    text: str, kind: SlipKind, name: str, span: Span, detail: str, fixed: str
) -> None:
    result = facts(text)
    assert [(s.kind, s.name, s.span, s.detail) for s in result.slips] == [
        (kind, name, span, detail)
    ]
    repaired = apply_edits(result.source, result.slips[0].repair).text
    assert repaired == fixed
    after = facts(repaired)
    assert after.slips == []
    assert only(after, name).exported


def test_posix_assignments_without_a_command_each_slip() -> None:
    result = facts("A=1 B=2")
    assert [(s.kind, s.name, s.detail, s.repair) for s in result.slips] == [
        (SlipKind.FOREIGN_SYNTAX, "A", "posix", ()),
        (SlipKind.FOREIGN_SYNTAX, "B", "posix", ()),
    ]


def test_repairs_never_carry_the_value() -> None:
    key = api_key()
    result = facts(f"set ANTHROPIC_API_KEY {key}\nKEY_B={key}\n$env:KEY_C = '{key}'\n")
    assert len(result.slips) == 3
    for slip in result.slips:
        assert slip.repair
        assert all(key[13:40] not in edit.new_text for edit in slip.repair)


def test_crlf_lines_read_like_lf_lines() -> None:
    result = facts('set -gx A v\r\nset -gx B "x y"\r\nset C w\r\n')
    a, b, c = result.assignments
    assert (a.value, a.value_span) == ("v", at(0, 10, 11))
    assert (b.value, b.content_span) == ("x y", at(1, 11, 14))
    assert (c.value, c.exported) == ("w", False)
    assert [(s.kind, s.span) for s in result.slips] == [(SlipKind.NOT_EXPORTED, at(2, 4, 5))]


def test_backslash_before_crlf_escapes_the_carriage_return() -> None:
    # fish-shell#3655: `\` + CRLF escapes the `\r`; the next line is a new statement.
    result = facts("set -gx K abc\\\r\nset -gx J d\r\n")
    k = only(result, "K")
    assert k.value == "abc\r"
    assert k.value_span == at(0, 10, 14)
    assert only(result, "J").value == "d"


def test_bom_file(tmp_path: Path) -> None:
    path = tmp_path / "config.fish"
    path.write_bytes(b"\xef\xbb\xbfset -gx K v\n")
    source = SourceFile.read(path)
    k = only(scan(source, FileKind.FISH), "K")
    assert source.bom == b"\xef\xbb\xbf"
    assert (k.name_span, k.value_span) == (at(0, 8, 9), at(0, 10, 11))


def test_blocks_nest_and_close() -> None:
    text = "function f\n  if true\n    set -gx A 1\n  end\n  set -gx B 2\nend\nset -gx C 3\n"
    result = facts(text)
    assert [(a.name, a.top_level) for a in result.assignments] == [
        ("A", False),
        ("B", False),
        ("C", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "set",
        "set -",
        "set --",
        "set -gx '",
        'set -gx K "',
        "set -gx K (",
        "set -gx K $(",
        "set -gx K \\",
        "set -gx K \\x",
        "set -gx K \\u{",
        "set -gx K \\c",
        "if",
        "end end end",
        "(",
        ")",
        "'",
        '"',
        "$env:",
        "K=",
        "=v",
        "set -gx K v >",
        "set -gx K v 2>",
        "\x00",
        "\r",
        "é🔑 = '",
        "export",
        "export =",
    ],
)
def test_half_typed_input_never_raises(text: str) -> None:
    result = facts(text)
    for assignment in result.assignments:
        assert result.source.index.slice(assignment.name_span) == assignment.name


CONFIG = (
    "# config.fish\r\n"
    "set -gx ANTHROPIC_API_KEY 'é🔑x'\n"
    "if status is-interactive\n    set -g K (cat ~/.k)\nend\n"
    "set K v; K=v; $env:P = 'q'; set -gx F=v\n"
    "function f\n  set -l L 1\nend\n"
    'export M="a\n b" N=c\\td\n'
    "set -gx PATH a b \\\n  c # comment\n"
)


def test_every_prefix_of_a_config_scans() -> None:
    # The editor sends the file on every keystroke: any prefix must scan.
    for end in range(len(CONFIG) + 1):
        result = facts(CONFIG[:end])
        index = result.source.index
        for assignment in result.assignments:
            assert index.slice(assignment.name_span) == assignment.name
            assert index.slice(assignment.value_span) == assignment.raw_value
            assert index.slice(assignment.content_span) == assignment.raw_content
    full = facts(CONFIG)
    assert [(a.name, a.value, a.exported, a.top_level) for a in full.assignments] == [
        ("ANTHROPIC_API_KEY", "é🔑x", True, True),
        ("K", None, False, False),
        ("K", "v", False, True),
        ("L", "1", False, False),
        ("M", "a\n b", True, True),
        ("N", "c\td", True, True),
        ("PATH", "a:b:c", True, True),
    ]
    assert [(s.kind, s.name) for s in full.slips] == [
        (SlipKind.NOT_EXPORTED, "K"),
        (SlipKind.FOREIGN_SYNTAX, "K"),
        (SlipKind.FOREIGN_SYNTAX, "P"),
        (SlipKind.FOREIGN_SYNTAX, "F"),
    ]
