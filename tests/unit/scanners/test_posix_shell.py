"""The POSIX shell scanner (bash/zsh/sh profiles, ``.envrc``) on tree-sitter-bash.

Values are checked against a real ``bash`` where one is installed: whatever
the scanner says a line assigns, bash must assign the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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

BASH = shutil.which("bash")


facts = scanner(FileKind.SHELL)


def bash_value(tmp_path: Path, text: str, name: str) -> str | None:
    """What ``$name`` holds after real bash sources ``text`` (None when unset)."""
    assert BASH is not None
    script = tmp_path / "profile.sh"
    script.write_text(text, encoding="utf-8")
    probe = f'source {script} >/dev/null 2>&1; [ -n "${{{name}+x}}" ] && printf %s "${name}"'
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/home/u", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [BASH, "--noprofile", "--norc", "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=10,
    )
    return done.stdout if done.returncode == 0 else None


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


CASES = [
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
        id="double-quoted",
    ),
    pytest.param(
        Case(
            "export K='x$y'",
            "K",
            "x$y",
            "'",
            at(0, 7, 8),
            at(0, 9, 14),
            at(0, 10, 13),
            at(0, 0, 14),
        ),
        id="single-quotes-keep-dollar",
    ),
    pytest.param(
        Case(
            "export K=$(security find-generic-password -w -s x)",
            "K",
            None,
            "",
            at(0, 7, 8),
            at(0, 9, 50),
            at(0, 9, 50),
            at(0, 0, 50),
        ),
        id="command-substitution",
    ),
    pytest.param(
        Case(
            'export K="$(op read op://v/i/f)"',
            "K",
            None,
            '"',
            at(0, 7, 8),
            at(0, 9, 32),
            at(0, 10, 31),
            at(0, 0, 32),
        ),
        id="quoted-command-substitution",
    ),
    pytest.param(
        Case(
            "export K=plain",
            "K",
            "plain",
            "",
            at(0, 7, 8),
            at(0, 9, 14),
            at(0, 9, 14),
            at(0, 0, 14),
        ),
        id="unquoted",
    ),
    pytest.param(
        Case("export K=", "K", "", "", at(0, 7, 8), at(0, 9, 9), at(0, 9, 9), at(0, 0, 9)),
        id="no-value",
    ),
    pytest.param(
        Case('export K=""', "K", "", '"', at(0, 7, 8), at(0, 9, 11), at(0, 10, 10), at(0, 0, 11)),
        id="empty-quotes",
    ),
    pytest.param(
        Case(
            'export K=a"b c"d',
            "K",
            "ab cd",
            "",
            at(0, 7, 8),
            at(0, 9, 16),
            at(0, 9, 16),
            at(0, 0, 16),
        ),
        id="concatenation",
    ),
    pytest.param(
        Case(
            "export K=$'a\\tb'",
            "K",
            "a\tb",
            "$'",
            at(0, 7, 8),
            at(0, 9, 16),
            at(0, 11, 15),
            at(0, 0, 16),
        ),
        id="ansi-c",
    ),
    pytest.param(
        Case(
            'export K="$HOME/x"',
            "K",
            None,
            '"',
            at(0, 7, 8),
            at(0, 9, 18),
            at(0, 10, 17),
            at(0, 0, 18),
        ),
        id="expansion",
    ),
    pytest.param(
        Case(
            "export K=v # note", "K", "v", "", at(0, 7, 8), at(0, 9, 10), at(0, 9, 10), at(0, 0, 10)
        ),
        id="trailing-comment",
    ),
    pytest.param(
        Case(
            "declare -x K=v",
            "K",
            "v",
            "",
            at(0, 11, 12),
            at(0, 13, 14),
            at(0, 13, 14),
            at(0, 0, 14),
        ),
        id="declare-x",
    ),
    pytest.param(
        Case(
            "typeset -gx K=v",
            "K",
            "v",
            "",
            at(0, 12, 13),
            at(0, 14, 15),
            at(0, 14, 15),
            at(0, 0, 15),
        ),
        id="typeset-gx",
    ),
    pytest.param(
        Case("K=v; export K", "K", "v", "", at(0, 0, 1), at(0, 2, 3), at(0, 2, 3), at(0, 0, 3)),
        id="export-later",
    ),
    pytest.param(
        Case("export K\nK=v", "K", "v", "", at(1, 0, 1), at(1, 2, 3), at(1, 2, 3), at(1, 0, 3)),
        id="export-earlier",
    ),
    pytest.param(
        Case(
            "set -a; K=v; set +a",
            "K",
            "v",
            "",
            at(0, 8, 9),
            at(0, 10, 11),
            at(0, 10, 11),
            at(0, 8, 11),
        ),
        id="allexport",
    ),
    pytest.param(
        Case(
            "set -o allexport\nK=v",
            "K",
            "v",
            "",
            at(1, 0, 1),
            at(1, 2, 3),
            at(1, 2, 3),
            at(1, 0, 3),
        ),
        id="allexport-long",
    ),
    pytest.param(
        Case(
            "setopt ALL_EXPORT\nK=v",
            "K",
            "v",
            "",
            at(1, 0, 1),
            at(1, 2, 3),
            at(1, 2, 3),
            at(1, 0, 3),
        ),
        id="zsh-allexport",
    ),
    pytest.param(
        Case(
            "set -a; set +a; K=v",
            "K",
            "v",
            "",
            at(0, 16, 17),
            at(0, 18, 19),
            at(0, 18, 19),
            at(0, 16, 19),
            exported=False,
        ),
        id="allexport-turned-off",
    ),
    pytest.param(
        Case(
            "K=v",
            "K",
            "v",
            "",
            at(0, 0, 1),
            at(0, 2, 3),
            at(0, 2, 3),
            at(0, 0, 3),
            exported=False,
        ),
        id="plain-not-exported",
    ),
    pytest.param(
        Case(
            "[ -f f ] && export K=v",
            "K",
            "v",
            "",
            at(0, 19, 20),
            at(0, 21, 22),
            at(0, 21, 22),
            at(0, 12, 22),
            top_level=False,
        ),
        id="after-and",
    ),
    pytest.param(
        Case(
            "export K=v || true",
            "K",
            "v",
            "",
            at(0, 7, 8),
            at(0, 9, 10),
            at(0, 9, 10),
            at(0, 0, 10),
        ),
        id="first-of-a-list-always-runs",
    ),
    pytest.param(
        Case(
            "if true; then\n  export K=v\nfi",
            "K",
            "v",
            "",
            at(1, 9, 10),
            at(1, 11, 12),
            at(1, 11, 12),
            at(1, 2, 12),
            top_level=False,
        ),
        id="if",
    ),
    pytest.param(
        Case(
            "f() { export K=v; }",
            "K",
            "v",
            "",
            at(0, 13, 14),
            at(0, 15, 16),
            at(0, 15, 16),
            at(0, 6, 16),
            top_level=False,
        ),
        id="function",
    ),
    pytest.param(
        Case(
            "( export K=v )",
            "K",
            "v",
            "",
            at(0, 9, 10),
            at(0, 11, 12),
            at(0, 11, 12),
            at(0, 2, 12),
            top_level=False,
        ),
        id="subshell",
    ),
    pytest.param(
        Case(
            "case $x in a) export K=v;; esac",
            "K",
            "v",
            "",
            at(0, 21, 22),
            at(0, 23, 24),
            at(0, 23, 24),
            at(0, 14, 24),
            top_level=False,
        ),
        id="case",
    ),
    pytest.param(
        Case(
            "for i in 1; do export K=v; done",
            "K",
            "v",
            "",
            at(0, 22, 23),
            at(0, 24, 25),
            at(0, 24, 25),
            at(0, 15, 25),
            top_level=False,
        ),
        id="loop",
    ),
    pytest.param(
        Case(
            "export K=v 2>/dev/null",
            "K",
            "v",
            "",
            at(0, 7, 8),
            at(0, 9, 10),
            at(0, 9, 10),
            at(0, 0, 10),
        ),
        id="redirected",
    ),
    pytest.param(
        # Spans count code points: é and 🔑 are one character each.
        Case(
            'export P="🔑" K="é🔑x"',
            "K",
            "é🔑x",
            '"',
            at(0, 13, 14),
            at(0, 15, 20),
            at(0, 16, 19),
            at(0, 0, 20),
        ),
        id="astral-before-and-inside",
    ),
    pytest.param(
        Case(
            'export K="a\nb"',
            "K",
            "a\nb",
            '"',
            at(0, 7, 8),
            Span(Position(0, 9), Position(1, 2)),
            Span(Position(0, 10), Position(1, 1)),
            Span(Position(0, 0), Position(1, 2)),
        ),
        id="multi-line",
    ),
    pytest.param(
        Case(
            "export K=ab\\\ncd",
            "K",
            "abcd",
            "",
            at(0, 7, 8),
            Span(Position(0, 9), Position(1, 2)),
            Span(Position(0, 9), Position(1, 2)),
            Span(Position(0, 0), Position(1, 2)),
        ),
        id="line-continuation",
    ),
    pytest.param(
        Case(
            "K+=v",
            "K",
            None,
            "",
            at(0, 0, 1),
            at(0, 3, 4),
            at(0, 3, 4),
            at(0, 0, 4),
            exported=False,
        ),
        id="append-depends-on-old-value",
    ),
    pytest.param(
        Case("export K=~/x", "K", None, "", at(0, 7, 8), at(0, 9, 12), at(0, 9, 12), at(0, 0, 12)),
        id="tilde",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_assignment(case: Case) -> None:
    result = facts(case.text)
    assignment = only(result, case.name)
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


@pytest.mark.skipif(BASH is None, reason="no bash to compare with")
@pytest.mark.parametrize("case", CASES)
def test_value_is_what_bash_assigns(case: Case, tmp_path: Path) -> None:
    value = only(facts(case.text), case.name).value
    if value is not None and case.top_level:
        assert bash_value(tmp_path, case.text, case.name) == value


@pytest.mark.skipif(BASH is None, reason="no bash to compare with")
@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("abc", "abc"),
        ('"a\\"b\\\\c\\$d\\`e\\f"', 'a"b\\c$d`e\\f'),
        ("'it'\\''s'", "it's"),
        ('"$"', "$"),
        ("a$", "a$"),
        ('"x$ y"', "x$ y"),
        ("a\\ b", "a b"),
        ("$'a\\tb\\x41\\101\\u00e9'", "a\tbAAé"),
        ("$'\\'q\\''", "'q'"),
        ('$"loc"', "loc"),
        ("*", "*"),  # no globbing in assignments
        ("x#y", "x#y"),
        ("a=b", "a=b"),
        ('"a\\qb"', "a\\qb"),
        ("\\$HOME", "$HOME"),
        ('"~/x"', "~/x"),
        ("a~b", "a~b"),
        ("{a,b}", None),  # export brace-expands: K=a K=b
        ("~/x", None),
        ('"$1"', None),
        ("a$-b", None),
        ('"${X}"', None),
        ("`date`", None),
        ("$((1+2))", None),
    ],
)
def test_quoting_matches_bash(written: str, value: str | None, tmp_path: Path) -> None:
    text = f"X=zz\nexport K={written}\n"
    assert only(facts(text), "K").value == value
    if value is not None:
        assert bash_value(tmp_path, text, "K") == value


def test_a_key_maps_one_to_one() -> None:
    key = api_key()
    assignment = only(facts(f"export ANTHROPIC_API_KEY='{key}'\n"), "ANTHROPIC_API_KEY")
    assert assignment.value == key and assignment.maps_one_to_one
    assert assignment.content_span == at(0, 26, 26 + len(key))


def test_several_names_in_one_export() -> None:
    result = facts("export A=1 B='2'\ndeclare -x C=3 D")
    assert [(a.name, a.value, a.exported) for a in result.assignments] == [
        ("A", "1", True),
        ("B", "2", True),
        ("C", "3", True),
    ]
    assert result.assignments[1].statement_span == at(0, 0, 16)


def test_exported_name_makes_every_definition_exported() -> None:
    result = facts("K=1\nif x; then K=2; fi\nexport K\n")
    assert [(a.value, a.exported, a.top_level) for a in result.definitions("K")] == [
        ("1", True, True),
        ("2", True, False),
    ]
    assert result.slips == []


@pytest.mark.parametrize(
    "text",
    [
        "export K",
        "export -n K",
        "K=v cmd",
        "K=v A=1 cmd",
        "alias x='export A = b'",
        "# export K = v",
        "echo 'K = v'",
        "cat <<EOF\nexport K = v\nEOF",
        "export -f fn",
        "declare -p K",
        "K[0]=v",
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
        "export K=v",
        'export K="a b"',
        "export K='x$y'",
        "export K=$(security find-generic-password -w -s x)",
        'export K="$(op read op://v/i/f)"',
        "K=v; export K",
        "set -a; K=v; set +a",
        "[ -f f ] && export K=v",
        "set -x",
        "set -e",
        "set -euo pipefail",
        "set -- a b",
        "export ${K:?}",
        "export ${K:-x}",
        "export A= B=1",
        "K= cmd arg",  # `NAME= command args`: emptying a variable for one command
        "A= B=1 cmd",
        "echo a = b",
        '[ "$a" = b ]',
        "test x = y",
        "local K=v",
        "f() { K=v; }",
    ],
)
def test_look_alikes_have_no_slip(text: str) -> None:
    assert facts(text).slips == []


@pytest.mark.parametrize(
    ("text", "kind", "name", "span", "detail", "fixed"),
    [
        (
            "export KEY = value",
            SlipKind.SPACE_AROUND_EQUALS,
            "KEY",
            at(0, 10, 13),
            "",
            "export KEY=value",
        ),
        (
            "export KEY =value",
            SlipKind.SPACE_AROUND_EQUALS,
            "KEY",
            at(0, 10, 12),
            "",
            "export KEY=value",
        ),
        (
            'export KEY  =  "a b"',
            SlipKind.SPACE_AROUND_EQUALS,
            "KEY",
            at(0, 10, 15),
            "",
            'export KEY="a b"',
        ),
        ("KEY = value", SlipKind.SPACE_AROUND_EQUALS, "KEY", at(0, 3, 6), "", "KEY=value"),
        ("KEY =value", SlipKind.SPACE_AROUND_EQUALS, "KEY", at(0, 3, 5), "", "KEY=value"),
        ("KEY= value", SlipKind.SPACE_AFTER_EQUALS, "KEY", at(0, 3, 5), "", "KEY=value"),
        (
            "export KEY= value",
            SlipKind.SPACE_AFTER_EQUALS,
            "KEY",
            at(0, 10, 12),
            "",
            "export KEY=value",
        ),
        (
            "export KEY=  'v w'",
            SlipKind.SPACE_AFTER_EQUALS,
            "KEY",
            at(0, 10, 13),
            "",
            "export KEY='v w'",
        ),
        ("M=plain", SlipKind.NOT_EXPORTED, "M", at(0, 0, 1), "", "export M=plain"),
        ("declare M=1", SlipKind.NOT_EXPORTED, "M", at(0, 8, 9), "", "declare -x M=1"),
        ("typeset M=1", SlipKind.NOT_EXPORTED, "M", at(0, 8, 9), "", "typeset -x M=1"),
        ("export $KEY", SlipKind.EXPORT_OF_EXPANSION, "KEY", at(0, 7, 11), "", "export KEY"),
        ("export ${KEY}", SlipKind.EXPORT_OF_EXPANSION, "KEY", at(0, 7, 13), "", "export KEY"),
        (
            '$env:NAME = "v"',
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 15),
            "powershell",
            'export NAME="v"',
        ),
        (
            '$Env:NAME="v"',
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 13),
            "powershell",
            'export NAME="v"',
        ),
        (
            "${env:NAME} = 'v'",
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 17),
            "powershell",
            "export NAME='v'",
        ),
        (
            "$ENV:NAME = v",
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 13),
            "powershell",
            "export NAME=v",
        ),
        ("set -x NAME v", SlipKind.FOREIGN_SYNTAX, "NAME", at(0, 0, 13), "fish", "export NAME=v"),
        ("set -gx NAME v", SlipKind.FOREIGN_SYNTAX, "NAME", at(0, 0, 14), "fish", "export NAME=v"),
        (
            'set -Ux NAME "a b"',
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 18),
            "fish",
            'export NAME="a b"',
        ),
        (
            "set --export NAME v",
            SlipKind.FOREIGN_SYNTAX,
            "NAME",
            at(0, 0, 19),
            "fish",
            "export NAME=v",
        ),
        ("set -x NAME", SlipKind.FOREIGN_SYNTAX, "NAME", at(0, 0, 11), "fish", "export NAME"),
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
    assert [s.kind for s in after.slips] == (
        [SlipKind.NOT_EXPORTED] if fixed == "KEY=value" else []
    )


def test_repairs_never_carry_the_value() -> None:
    key = api_key()
    lines = [
        f"export ANTHROPIC_API_KEY = {key}",
        f"KEY_A= {key}",
        f"KEY_B={key}",
        f'$env:KEY_C = "{key}"',
        f"set -gx KEY_D {key}",
    ]
    result = facts("\n".join(lines) + "\n")
    assert len(result.slips) == len(lines)
    for slip in result.slips:
        assert slip.repair
        assert all(key[13:40] not in edit.new_text for edit in slip.repair)


def test_fish_set_with_several_values_has_no_repair() -> None:
    (slip,) = facts("set -gx PATH a b").slips
    assert (slip.kind, slip.detail, slip.repair) == (SlipKind.FOREIGN_SYNTAX, "fish", ())


def test_export_with_space_after_equals_exports_an_empty_value() -> None:
    # bash exports KEY="" (and tries to export a variable named `value`).
    result = facts("export KEY= value")
    key = only(result, "KEY")
    assert (key.value, key.value_span, key.exported) == ("", at(0, 11, 11), True)


@pytest.mark.skipif(BASH is None, reason="no bash to compare with")
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("export KEY = value", None),
        ("KEY= value", None),
        ("KEY = value", None),
        ("export KEY= value", ""),
        ("export $KEY", None),
        ('$env:KEY = "v"', None),
        ("set -x KEY v", None),
    ],
)
def test_slipped_lines_really_fail_in_bash(text: str, value: str | None, tmp_path: Path) -> None:
    assert bash_value(tmp_path, text + "\n", "KEY") == value


def test_crlf_values_and_spans() -> None:
    text = 'export A=abc\r\nexport B="x y"\r\nC=\r\nexport D="m\r\nl"\r\nexport KEY = v\r\n'
    result = facts(text)
    a, b, c, d = result.assignments
    assert (a.value, a.value_span, a.statement_span) == ("abc", at(0, 9, 12), at(0, 0, 12))
    assert (b.value, b.value_span, b.content_span) == ("x y", at(1, 9, 14), at(1, 10, 13))
    assert (c.value, c.value_span, c.exported) == ("", at(2, 2, 2), False)
    assert d.value == "m\nl"
    assert d.value_span == Span(Position(3, 9), Position(4, 2))
    kinds = [(s.kind, s.span) for s in result.slips]
    assert kinds == [
        (SlipKind.NOT_EXPORTED, at(2, 0, 1)),
        (SlipKind.SPACE_AROUND_EQUALS, at(5, 10, 13)),
    ]
    repaired = apply_edits(result.source, result.slips[1].repair).text
    assert repaired.endswith("export KEY=v\r\n")


def test_bom_file(tmp_path: Path) -> None:
    path = tmp_path / ".bashrc"
    path.write_bytes(b"\xef\xbb\xbfexport K=v\n")
    source = SourceFile.read(path)
    result = scan(source, FileKind.SHELL)
    assert source.bom == b"\xef\xbb\xbf"
    k = only(result, "K")
    assert (k.name_span, k.value_span, k.statement_span) == (
        at(0, 7, 8),
        at(0, 9, 10),
        at(0, 0, 10),
    )


ZSHRC = """\
for f in ~/.zsh/*.zsh(N); do source $f; done
export A=1
() { local x=1 }
export B=2
print ${(%):-%x}
export C=3
parts=${(s/:/)PATH}
export ANTHROPIC_API_KEY=v
foo=( ${(f)"$(cat x)"} )
if [[ $x == (a|b) ]]; then
  export E=5
fi
f() {
 export G=7
}
function g {
  while true; do
    export I=9
  done
}
export K=11 # if fi
cat <<EOF
export X = y
EOF
case $x in
 a) export L=12;;
esac
export M=13
"""


def test_zsh_syntax_does_not_swallow_the_next_lines() -> None:
    # tree-sitter-bash cannot parse zsh parameter flags and glob qualifiers; its
    # error recovery glues lines together. Each line is re-read on its own.
    result = facts(ZSHRC)
    got = [(a.name, a.exported, a.top_level) for a in result.assignments if a.name != "x"]
    assert got == [
        ("A", True, True),
        ("B", True, True),
        ("C", True, True),
        ("ANTHROPIC_API_KEY", True, True),
        ("E", True, False),
        ("G", True, False),
        ("I", True, False),
        ("K", True, True),
        ("L", True, False),
        ("M", True, True),
    ]
    key = only(result, "ANTHROPIC_API_KEY")
    assert (key.value, key.name_span, key.value_span) == ("v", at(7, 7, 24), at(7, 25, 26))
    assert result.slips == []


def test_unterminated_quote_defines_nothing() -> None:
    result = facts('export A=1\nexport K="abc\nexport B=2\n')
    assert [a.name for a in result.assignments] == ["A"]


def test_half_closed_if_is_not_top_level() -> None:
    result = facts("if true; then\nexport K=v\n")
    assert only(result, "K").top_level is False


@pytest.mark.parametrize(
    "text",
    [
        "export ",
        "export",
        "if then",
        "if",
        "fi",
        "export K='",
        'export K="',
        "export K=$(",
        "export K=${",
        "K=`",
        "$env:",
        "set -gx",
        "export K= ",
        "case",
        "f() {",
        "((",
        "\\",
        "export K=a\\",
        "\x00\x01",
        'é🔑 = "',
        "export K=$'\\u",
        "export K=$'\\x",
        "export K=$'\\c",
        'export "K"=v',
        "export K=v\r",
        "\r\n\r\n",
        "declare -",
        "export -",
    ],
)
def test_half_typed_input_never_raises(text: str) -> None:
    result = facts(text)
    for assignment in result.assignments:
        assert result.source.index.slice(assignment.name_span) == assignment.name


PROFILE = (
    "# ~/.bashrc\r\n"
    'export ANTHROPIC_API_KEY="é🔑x"\n'
    "if [ -f ~/.k ]; then\n  export K=$(cat ~/.k)\nfi\n"
    "export KEY = v; KEY= w; $env:P = 'q'; set -gx F v\n"
    "f() { local L=1; }\n"
    "export M='a\n b' N=$'c\\td'\n"
) + ZSHRC


def test_every_prefix_of_a_profile_scans() -> None:
    # The editor sends the file on every keystroke: any prefix must scan.
    for end in range(len(PROFILE) + 1):
        result = facts(PROFILE[:end])
        index = result.source.index
        for assignment in result.assignments:
            assert index.slice(assignment.name_span) == assignment.name
            assert index.slice(assignment.value_span) == assignment.raw_value
            assert index.slice(assignment.content_span) == assignment.raw_content
    full = facts(PROFILE)
    assert [(a.name, a.value) for a in full.assignments][:5] == [
        ("ANTHROPIC_API_KEY", "é🔑x"),
        ("K", None),
        ("L", "1"),
        ("M", "a\n b"),
        ("N", "c\td"),
    ]
    assert [(s.kind, s.name) for s in full.slips] == [
        (SlipKind.SPACE_AROUND_EQUALS, "KEY"),
        (SlipKind.SPACE_AFTER_EQUALS, "KEY"),
        (SlipKind.FOREIGN_SYNTAX, "P"),
        (SlipKind.FOREIGN_SYNTAX, "F"),
    ]
