"""The PowerShell scanner: ``$env:``, ``SetEnvironmentVariable``, ``Set-Item``, pasted POSIX."""

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

facts = scanner(FileKind.POWERSHELL)


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
    top_level: bool = True


def env(text: str, value: str | None, quote: str = '"', *, prefix: str = "$env:K = ") -> Case:
    """A one-line ``$env:K = <text>`` case."""
    start = len(prefix)
    end = start + len(text)
    inner = at(0, start + len(quote), end - 1) if quote else at(0, start, end)
    name = prefix.index("K")
    return Case(
        prefix + text,
        "K",
        value,
        quote,
        at(0, name, name + 1),
        at(0, start, end),
        inner,
        at(0, 0, end),
    )


CASES = [
    pytest.param(env('"v"', "v"), id="double"),
    pytest.param(env("'v'", "v", "'"), id="single"),
    pytest.param(env("'it''s'", "it's", "'"), id="single-doubled-quote"),
    pytest.param(env("'a$x`n'", "a$x`n", "'"), id="single-is-verbatim"),
    pytest.param(env('"a`"b"', 'a"b'), id="backtick-quote"),
    pytest.param(env('"a""b"', 'a"b'), id="doubled-double-quote"),
    pytest.param(env('"a`$b"', "a$b"), id="backtick-dollar"),
    pytest.param(env('"a`tb"', "a\tb"), id="backtick-tab"),
    pytest.param(env('"a`u{1F511}"', "a🔑"), id="backtick-unicode"),
    pytest.param(env('"a$ b"', "a$ b"), id="lone-dollar"),
    pytest.param(env('"v$x"', None), id="expands-variable"),
    pytest.param(env('"$(Get-Secret x)"', None), id="subexpression"),
    pytest.param(env('"${x}"', None), id="braced-variable"),
    pytest.param(env('""', ""), id="empty"),
    pytest.param(env("$x", None, ""), id="variable"),
    pytest.param(env('"a" + "b"', None, ""), id="expression"),
    pytest.param(env("(Get-Content key.txt)", None, ""), id="command"),
    pytest.param(env("\u201cv\u201d", "v", "\u201c"), id="curly-double-quotes-are-quotes"),
    pytest.param(env("\u2018v\u2019", "v", "\u2018"), id="curly-single-quotes-are-quotes"),
    pytest.param(env('"é🔑x"', "é🔑x", '"', prefix="$Env:K="), id="astral-inside"),
    pytest.param(env("'v'", "v", "'", prefix="${env:K} = "), id="braced"),
    pytest.param(env("'v'", "v", "'", prefix="$ENV:K = "), id="upper-case-drive"),
    pytest.param(
        Case(
            "$env:K += 'x'", "K", None, "'", at(0, 5, 6), at(0, 10, 13), at(0, 11, 12), at(0, 0, 13)
        ),
        id="append",
    ),
    pytest.param(
        Case(
            "$env:K = 'v' # c",
            "K",
            "v",
            "'",
            at(0, 5, 6),
            at(0, 9, 12),
            at(0, 10, 11),
            at(0, 0, 12),
        ),
        id="comment",
    ),
    pytest.param(
        # Spans count code points: 🔑 is one character.
        Case(
            "$env:P = '🔑'; $env:K = 'é🔑x'",
            "K",
            "é🔑x",
            "'",
            at(0, 19, 20),
            at(0, 23, 28),
            at(0, 24, 27),
            at(0, 14, 28),
        ),
        id="astral-before-on-the-same-line",
    ),
    pytest.param(
        Case(
            "$env:K = @'\nline\n'@",
            "K",
            "line",
            "@'",
            at(0, 5, 6),
            Span(Position(0, 9), Position(2, 2)),
            at(1, 0, 4),
            Span(Position(0, 0), Position(2, 2)),
        ),
        id="here-string",
    ),
    pytest.param(
        Case(
            '[Environment]::SetEnvironmentVariable("K", "v", "User")',
            "K",
            "v",
            '"',
            at(0, 39, 40),
            at(0, 43, 46),
            at(0, 44, 45),
            at(0, 0, 55),
        ),
        id="set-environment-variable",
    ),
    pytest.param(
        Case(
            "[System.Environment]::SetEnvironmentVariable('K', 'v')",
            "K",
            "v",
            "'",
            at(0, 46, 47),
            at(0, 50, 53),
            at(0, 51, 52),
            at(0, 0, 54),
        ),
        id="system-environment",
    ),
    pytest.param(
        Case(
            "Set-Item -Path Env:K -Value v",
            "K",
            "v",
            "",
            at(0, 19, 20),
            at(0, 28, 29),
            at(0, 28, 29),
            at(0, 0, 29),
        ),
        id="set-item-named",
    ),
    pytest.param(
        Case(
            "Set-Item env:K v",
            "K",
            "v",
            "",
            at(0, 13, 14),
            at(0, 15, 16),
            at(0, 15, 16),
            at(0, 0, 16),
        ),
        id="set-item-positional",
    ),
    pytest.param(
        Case(
            "Set-Item -Path \"Env:K\" -Value:'v' -Force",
            "K",
            "v",
            "'",
            at(0, 20, 21),
            at(0, 30, 33),
            at(0, 31, 32),
            at(0, 0, 40),
        ),
        id="set-item-quoted-and-colon",
    ),
    pytest.param(
        Case(
            'New-Item -Path Env: -Name K -Value "v"',
            "K",
            "v",
            '"',
            at(0, 26, 27),
            at(0, 35, 38),
            at(0, 36, 37),
            at(0, 0, 38),
        ),
        id="new-item",
    ),
    pytest.param(
        Case(
            "if ($true) { $env:K = 'v' }",
            "K",
            "v",
            "'",
            at(0, 18, 19),
            at(0, 22, 25),
            at(0, 23, 24),
            at(0, 13, 25),
            top_level=False,
        ),
        id="if",
    ),
    pytest.param(
        Case(
            "function f { $env:K = 'v' }",
            "K",
            "v",
            "'",
            at(0, 18, 19),
            at(0, 22, 25),
            at(0, 23, 24),
            at(0, 13, 25),
            top_level=False,
        ),
        id="function",
    ),
    pytest.param(
        Case(
            "& { $env:K = 'v' }",
            "K",
            "v",
            "'",
            at(0, 9, 10),
            at(0, 13, 16),
            at(0, 14, 15),
            at(0, 4, 16),
            top_level=False,
        ),
        id="script-block",
    ),
    pytest.param(
        Case(
            "try { $env:K = 'v' } catch { }",
            "K",
            "v",
            "'",
            at(0, 11, 12),
            at(0, 15, 18),
            at(0, 16, 17),
            at(0, 6, 18),
            top_level=False,
        ),
        id="try",
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
    assert assignment.exported is True
    assert assignment.top_level is case.top_level
    index = result.source.index
    assert index.slice(case.name_span) == case.name
    assert assignment.raw_value == index.slice(case.value_span)
    assert assignment.raw_content == index.slice(case.content_span)


def test_a_key_maps_one_to_one() -> None:
    key = api_key()
    assignment = only(facts(f"$Env:ANTHROPIC_API_KEY = '{key}'\n"), "ANTHROPIC_API_KEY")
    assert assignment.value == key and assignment.maps_one_to_one


@pytest.mark.parametrize(
    "text",
    [
        "$K = 'v'",  # a PowerShell variable, not the environment
        "Write-Host $env:K",
        "$x = $env:K",
        "# export K=v",
        "<# $env:K = 'v' #>",
        "Write-Host 'export K=v'",
        "Set-Item -Path Variable:K -Value v",
        "Get-Item Env:K",
        "Set-Item -Path Env:K",
        "Set-Item -Unknown x -Path Env:K -Value v",
        "[Environment]::GetEnvironmentVariable('K')",
        "[Environment]::SetEnvironmentVariable($name, 'v')",
        "$env:K = 'unterminated",
        "$env:K =",
        "set K v",  # Set-Variable K v: a PowerShell variable, deliberately
        "",
    ],
)
def test_look_alikes_define_nothing(text: str) -> None:
    result = facts(text)
    assert result.assignments == []
    assert result.slips == []


@pytest.mark.parametrize(
    ("text", "span", "fixed"),
    [
        ("export K=v", at(0, 0, 10), '$env:K = "v"'),
        ("K=v", at(0, 0, 3), '$env:K = "v"'),
        ('export K="a b"', at(0, 0, 14), '$env:K = "a b"'),
        ("export K='a b'", at(0, 0, 14), "$env:K = 'a b'"),
        ("K='q'", at(0, 0, 5), "$env:K = 'q'"),
        ("export K=", at(0, 0, 9), '$env:K = ""'),
        ("export K=v # note", at(0, 0, 10), '$env:K = "v" # note'),
        ("if ($x) {\n  export K=v\n}", at(1, 2, 12), 'if ($x) {\n  $env:K = "v"\n}'),
        ("set K=v", at(0, 0, 7), '$env:K = "v"'),  # cmd.exe habit: Set-Variable 'K=v'
        ("SET K=v", at(0, 0, 7), '$env:K = "v"'),
    ],
)
def test_posix_line_slips_with_repair(text: str, span: Span, fixed: str) -> None:
    result = facts(text)
    detail = "cmd" if text.lower().startswith("set ") else "posix"
    assert [(s.kind, s.name, s.span, s.detail) for s in result.slips] == [
        (SlipKind.FOREIGN_SYNTAX, "K", span, detail)
    ]
    repaired = apply_edits(result.source, result.slips[0].repair).text
    assert repaired == fixed
    after = facts(repaired)
    assert after.slips == []
    assert only(after, "K").exported


@pytest.mark.parametrize(
    "text",
    [
        'export K="a$b"',  # `$b` is a bash variable; in PowerShell it is another one
        'export K="a\\"b"',  # bash escapes differ from PowerShell's
        "export K=$(cat f)",
        "export K=a b",
    ],
)
def test_posix_line_without_a_safe_rewrite(text: str) -> None:
    (slip,) = facts(text).slips
    assert (slip.kind, slip.detail, slip.repair) == (SlipKind.FOREIGN_SYNTAX, "posix", ())


def test_repairs_never_carry_the_value() -> None:
    key = api_key()
    result = facts(f"export ANTHROPIC_API_KEY={key}\nKEY_B='{key}'\n")
    assert len(result.slips) == 2
    for slip in result.slips:
        assert slip.repair
        assert all(key[13:40] not in edit.new_text for edit in slip.repair)


def test_crlf_values_and_spans() -> None:
    result = facts("$env:A = 'v'\r\n$env:B = \"x y\"\r\nexport C=w\r\n")
    a, b = result.assignments
    assert (a.value, a.value_span) == ("v", at(0, 9, 12))
    assert (b.value, b.content_span) == ("x y", at(1, 10, 13))
    (slip,) = result.slips
    assert slip.span == at(2, 0, 10)
    assert apply_edits(result.source, slip.repair).text.endswith('$env:C = "w"\r\n')


def test_crlf_here_string_value_has_no_carriage_return() -> None:
    k = only(facts("$env:K = @'\r\na\r\nb\r\n'@\r\n"), "K")
    assert k.value == "a\nb"


def test_bom_file(tmp_path: Path) -> None:
    path = tmp_path / "Microsoft.PowerShell_profile.ps1"
    path.write_bytes(b"\xef\xbb\xbf$env:K = 'v'\r\n")
    source = SourceFile.read(path)
    k = only(scan(source, FileKind.POWERSHELL), "K")
    assert source.bom == b"\xef\xbb\xbf"
    assert (k.name_span, k.value_span) == (at(0, 5, 6), at(0, 9, 12))


@pytest.mark.parametrize(
    "text",
    [
        "$env:",
        "$env:K",
        "$env:K = ",
        '$env:K = "',
        "$env:K = @'",
        '$env:K = @"\n$x',
        "${env:",
        "[Environment]::SetEnvironmentVariable(",
        "[Environment]::SetEnvironmentVariable('K'",
        "Set-Item",
        "Set-Item -",
        "Set-Item -Path",
        "if (",
        "function {",
        "}",
        "export",
        'export K="',
        "`",
        "\x00",
        "é🔑 = '",
        "$env:K = \u201c",
    ],
)
def test_half_typed_input_never_raises(text: str) -> None:
    result = facts(text)
    for assignment in result.assignments:
        assert result.source.index.slice(assignment.name_span) == assignment.name


PROFILE = (
    "# profile.ps1\r\n"
    "$Env:ANTHROPIC_API_KEY = 'é🔑x'\n"
    "if ($IsMacOS) {\n    $env:K = (Get-Content ~/.k)\n}\n"
    "export K=v; K='v'\n"
    '[Environment]::SetEnvironmentVariable("S", "v", "User")\n'
    "Set-Item -Path Env:I -Value:'v' -Force\n"
    "$env:H = @'\nline\n'@\n"
    '$env:D = "a`"b$x"\n'
)


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
    assert [(a.name, a.value, a.top_level) for a in full.assignments] == [
        ("ANTHROPIC_API_KEY", "é🔑x", True),
        ("K", None, False),
        ("S", "v", True),
        ("I", "v", True),
        ("H", "line", True),
        ("D", None, True),
    ]
    assert [(s.kind, s.name) for s in full.slips] == [
        (SlipKind.FOREIGN_SYNTAX, "K"),
        (SlipKind.FOREIGN_SYNTAX, "K"),
    ]
