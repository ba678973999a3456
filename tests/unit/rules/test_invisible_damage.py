"""AL201–AL206: damage to a credential that the editor does not show.

Every case runs the real scanner for the file's kind and the real rules over a
temporary file (``check_text``), so the tests pin what a user sees: code,
severity, span, message and the exact bytes after a fix (applied with
``apply_fixes`` or the real CLI in a subprocess). Keys are built at run time
by ``tests/keys.py``.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules import rule_by_code
from keys import api_key, oauth_token, openrouter_key

E, W = Severity.ERROR, Severity.WARNING
KEY = api_key("invisible")
TOKEN = oauth_token("invisible")
BOM = codecs.BOM_UTF8

try:
    from corpus import available as corpus_available
    from corpus import materialise
except ImportError:  # pragma: no cover - the helper is optional

    def corpus_available() -> bool:
        return False


def summary(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    """(code, 1-based line, severity) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1, f.severity) for f in findings]


def fixed_bytes(path: Path, findings: list[Finding], *, unsafe: bool = False) -> bytes:
    """The file's bytes after applying the findings' fixes (safe ones, or all)."""
    fixes = [
        f.fix
        for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]
    return apply_fixes(SourceFile.read(path), fixes).source.encode()


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message or fix carries a secret, or a long piece of its body."""
    for finding in findings:
        texts = [finding.message]
        if finding.fix is not None:
            texts += [finding.fix.title, *(e.new_text for e in finding.fix.edits)]
        for secret in secrets:
            for text in texts:
                assert secret not in text
                assert secret[13:40] not in text


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``python -m authlint ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "authlint", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def shell_scanner_available() -> bool:
    """Whether the POSIX shell scanner exists yet (written in parallel)."""
    try:
        import authlint.scanners.posix_shell  # noqa: F401
    except ImportError:
        return False
    return True


needs_shell = pytest.mark.skipif(
    not shell_scanner_available(), reason="POSIX shell scanner not written yet"
)


# --- AL201 whitespace-in-api-key -----------------------------------------------------------

AL201_FIRES = [
    # (file, text, span, fixed text)
    (
        ".env",
        f'ANTHROPIC_API_KEY="{KEY} "\n',
        Span.at(0, 19, 128),
        f'ANTHROPIC_API_KEY="{KEY}"\n',
    ),
    (
        ".env",
        f"ANTHROPIC_API_KEY='\t{KEY}'\n",
        Span.at(0, 19, 128),
        f"ANTHROPIC_API_KEY='{KEY}'\n",
    ),
    (
        ".env",
        f'CLAUDE_CODE_OAUTH_TOKEN=" {TOKEN}\t"\n',
        Span.at(0, 25, 135),
        f'CLAUDE_CODE_OAUTH_TOKEN="{TOKEN}"\n',
    ),
    # A key-shaped value counts whatever the variable is called.
    (".env", f'MY_CLAUDE_KEY="{KEY}  "\n', Span.at(0, 15, 125), f'MY_CLAUDE_KEY="{KEY}"\n'),
    # A line break inside double quotes is part of the value.
    (
        ".env",
        f'ANTHROPIC_API_KEY="{KEY}\n"\n',
        Span(Span.at(0, 19, 19).start, Span.at(1, 0, 0).start),
        f'ANTHROPIC_API_KEY="{KEY}"\n',
    ),
]


@pytest.mark.parametrize(("name", "text", "span", "after"), AL201_FIRES)
def test_al201_reports_whitespace_inside_the_value_and_fix_removes_it(
    check_text, tmp_path, name, text, span, after
):
    findings = check_text(name, text, select="AL201")
    assert summary(findings) == [("AL201", 1, E)]
    assert findings[0].span == span
    assert "Python SDK" in findings[0].message
    assert_no_secret(findings, KEY, TOKEN)
    assert fixed_bytes(tmp_path / name, findings) == after.encode()


@needs_shell
def test_al201_in_a_shell_profile(check_text, tmp_path):
    text = f'export ANTHROPIC_API_KEY="{KEY} "\n'
    findings = check_text(".bashrc", text, select="AL201")
    assert summary(findings) == [("AL201", 1, E)]
    assert findings[0].span == Span.at(0, 26, 135)
    assert (
        fixed_bytes(tmp_path / ".bashrc", findings)
        == f'export ANTHROPIC_API_KEY="{KEY}"\n'.encode()
    )


@pytest.mark.parametrize(
    "text",
    [
        f'ANTHROPIC_API_KEY="{KEY}"\n',
        # python-dotenv (and Node dotenv) strip unquoted trailing blanks and comments.
        f"ANTHROPIC_API_KEY={KEY}   \n",
        f"ANTHROPIC_API_KEY={KEY} # production key\n",
        # dotenv loaders read CRLF as a line break: the \r is not in the value.
        f"ANTHROPIC_API_KEY={KEY}\r\nOTHER=1\r\n",
        f'ANTHROPIC_API_KEY="{KEY}"\r\n',
        # Blank values are someone else's business (deliberately empty, or a placeholder).
        'ANTHROPIC_API_KEY=" "\n',
        'ANTHROPIC_API_KEY=""\n',
        # Computed at run time: not known.
        'ANTHROPIC_API_KEY="${OTHER_KEY} "\n',
        # Not a credential.
        'GREETING="hello "\n',
        f'# ANTHROPIC_API_KEY="{KEY} "\n',
    ],
)
def test_al201_look_alikes_that_work(check_text, text):
    assert check_text(".env", text, select="AL201") == []


def test_al201_skips_placeholders_in_templates(check_text):
    text = 'ANTHROPIC_API_KEY="your-anthropic-api-key-here "\n'
    assert check_text(".env.example", text, select="AL201") == []


@needs_shell
def test_al201_fix_removes_a_lone_carriage_return(check_text, tmp_path):
    # bash keeps a lone \r inside quotes; the core reads it as a line break.
    text = f'export ANTHROPIC_API_KEY="{KEY}\r"\n'
    findings = check_text(".bashrc", text, select="AL201")
    assert summary(findings) == [("AL201", 1, E)]
    after = f'export ANTHROPIC_API_KEY="{KEY}"\n'
    assert fixed_bytes(tmp_path / ".bashrc", findings) == after.encode()


# --- AL202 carriage-return-in-value ---------------------------------------------------------


def test_al202_rule_kinds_leave_out_powershell():
    rule = rule_by_code("AL202")
    assert rule is not None
    assert rule.kinds == frozenset({FileKind.DOTENV, FileKind.SHELL, FileKind.FISH})


@pytest.mark.parametrize(
    ("text", "line", "span"),
    [
        (f"ANTHROPIC_API_KEY={KEY}\r\nDEBUG=1\r\n", 1, Span.at(0, 18, 126)),
        # The credential is on line 2: the finding points at it, not at line 1.
        (f"DEBUG=1\r\nexport ANTHROPIC_API_KEY={KEY}\r\n", 2, Span.at(1, 25, 133)),
        (f'ANTHROPIC_AUTH_TOKEN="{TOKEN}"\r\n', 1, Span.at(0, 21, 131)),
        # A key-shaped value under another name counts too.
        (f"OPENROUTER_API_KEY={openrouter_key()}\r\n", 1, Span.at(0, 19, 92)),
        # Classic Mac line endings.
        (f"ANTHROPIC_API_KEY={KEY}\rDEBUG=1\r", 1, Span.at(0, 18, 126)),
    ],
)
def test_al202_dotenv_warns_once_at_the_credential(check_text, text, line, span):
    findings = check_text(".env", text, select="AL202")
    assert summary(findings) == [("AL202", line, W)]
    assert findings[0].span == span
    assert "source .env" in findings[0].message
    assert findings[0].fix is not None
    assert findings[0].fix.applicability is Applicability.UNSAFE
    assert_no_secret(findings, KEY, TOKEN)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Templates with empty values and CRLF (as in the public corpus): nothing to corrupt.
        (".env.example", "ANTHROPIC_API_KEY=\r\nANTHROPIC_BASE_URL=\r\nOPENAI_API_KEY=\r\n"),
        (
            ".env.example",
            "ANTHROPIC_API_KEY=your-anthropic-api-key-here # your real Anthropic API key\r\n",
        ),
        (".env", "ANTHROPIC_API_KEY=sk-ant-...\r\n"),
        (".env", 'ANTHROPIC_API_KEY=""\r\nANTHROPIC_AUTH_TOKEN=\r\n'),
        # The \r lands in the comment, not in the value, even when the file is sourced.
        (".env", f"ANTHROPIC_API_KEY={KEY} # prod\r\n"),
        (".env", f'ANTHROPIC_API_KEY="{KEY}" # prod\r\n'),
        # Only the credential's own line matters.
        (".env", f"ANTHROPIC_API_KEY={KEY}\nDEBUG=1\r\n"),
        # CRLF on a line without a credential.
        (".env", "DEBUG=1\r\nLOG_LEVEL=info\r\n"),
        (".env", f"ANTHROPIC_API_KEY={KEY}\n"),
        # Computed at run time.
        (".env", "ANTHROPIC_API_KEY=${VAULT_KEY}\r\n"),
        (".env", f"# ANTHROPIC_API_KEY={KEY}\r\n"),
    ],
)
def test_al202_dotenv_look_alikes_that_work(check_text, name, text):
    assert check_text(name, text, select="AL202") == []


def test_al202_dotenv_fix_is_unsafe_and_converts_every_line(check_text, tmp_path):
    text = f"# keys\r\nANTHROPIC_API_KEY={KEY}\r\nDEBUG=1\rLAST=1"
    findings = check_text(".env", text, select="AL202")
    path = tmp_path / ".env"
    assert fixed_bytes(path, findings) == text.encode()
    after = f"# keys\nANTHROPIC_API_KEY={KEY}\nDEBUG=1\nLAST=1"
    assert fixed_bytes(path, findings, unsafe=True) == after.encode()


@needs_shell
@pytest.mark.parametrize(
    ("name", "text", "line", "span"),
    [
        (".bashrc", f"export PATH=$HOME/bin:$PATH\r\nexport ANTHROPIC_API_KEY={KEY}\r\n", 2, None),
        (".zshrc", f'export ANTHROPIC_API_KEY="{KEY}"\r\n', 1, Span.at(0, 25, 135)),
        (".profile", f"ANTHROPIC_API_KEY='{KEY}'\r\nexport ANTHROPIC_API_KEY\r\n", 1, None),
        # No credential: the whole profile is still broken; the first line of code is shown.
        (
            ".bashrc",
            "# aliases\r\n\r\nalias ll='ls -l'\r\nexport EDITOR=vim\r\n",
            3,
            Span.at(2, 0, 16),
        ),
        # The key's \r lands in a comment, but `then\r` and other values still break.
        (
            ".envrc",
            f"export ANTHROPIC_API_KEY={KEY} # prod\r\nexport LOG=1\r\n",
            1,
            Span.at(0, 0, 140),
        ),
    ],
)
def test_al202_shell_profile_is_an_error(check_text, name, text, line, span):
    findings = check_text(name, text, select="AL202")
    assert summary(findings) == [("AL202", line, E)]
    if span is not None:
        assert findings[0].span == span
    assert findings[0].fix is not None
    assert findings[0].fix.applicability is Applicability.SAFE
    assert_no_secret(findings, KEY)


@needs_shell
@pytest.mark.parametrize(
    "text",
    [
        f"export ANTHROPIC_API_KEY={KEY}\n",
        # Only a comment and a blank line carry \r: nothing is corrupted.
        f"# written on Windows\r\n\r\nexport ANTHROPIC_API_KEY={KEY}\n",
    ],
)
def test_al202_shell_look_alikes_that_work(check_text, text):
    assert check_text(".bashrc", text, select="AL202") == []


@needs_shell
def test_al202_cli_fix_converts_a_profile_and_keeps_its_bom(tmp_path):
    path = tmp_path / ".bashrc"
    original = BOM + f"# env\r\nexport ANTHROPIC_API_KEY={KEY}\r\nexport B=1".encode()
    path.write_bytes(original)
    result = run_cli("check", path, "--no-home", "--select", "AL202", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == BOM + f"# env\nexport ANTHROPIC_API_KEY={KEY}\nexport B=1".encode()
    assert KEY not in result.stdout + result.stderr


def test_al202_cli_fix_leaves_a_dotenv_alone_without_unsafe_fixes(tmp_path):
    path = tmp_path / ".env"
    original = f"ANTHROPIC_API_KEY={KEY}\r\n".encode()
    path.write_bytes(original)
    result = run_cli("check", path, "--no-home", "--select", "AL202", "--fix")
    assert result.returncode == 1
    assert path.read_bytes() == original
    result = run_cli("check", path, "--no-home", "--select", "AL202", "--fix", "--unsafe-fixes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == f"ANTHROPIC_API_KEY={KEY}\n".encode()


# --- AL203 byte-order-mark-in-profile -------------------------------------------------------


def test_al203_rule_kinds_are_shell_and_fish():
    rule = rule_by_code("AL203")
    assert rule is not None
    assert rule.kinds == frozenset({FileKind.SHELL, FileKind.FISH})


@needs_shell
@pytest.mark.parametrize(
    ("text", "severity", "span", "words"),
    [
        (
            f"export ANTHROPIC_API_KEY={KEY}\n",
            E,
            Span.at(0, 0, 6),
            ["ANTHROPIC_API_KEY is not set"],
        ),
        ("source ~/.secrets\nexport B=1\n", E, Span.at(0, 0, 6), ["`source`", "lost"]),
        # A comment or blank first line only costs a stray error message.
        ("# ~/.bashrc\nexport B=1\n", W, Span.at(0, 0, 1), ["no longer a comment"]),
        ("\nexport B=1\n", W, Span.at(0, 0, 0), ["runs the BOM"]),
    ],
)
def test_al203_bom_at_the_start_of_a_profile(check_text, text, severity, span, words):
    findings = check_text(".bashrc", BOM + text.encode(), select="AL203")
    assert summary(findings) == [("AL203", 1, severity)]
    assert findings[0].span == span
    for word in words:
        assert word in findings[0].message
    fix = findings[0].fix
    assert fix is not None and fix.drop_bom and fix.edits == ()
    assert fix.applicability is Applicability.SAFE
    assert_no_secret(findings, KEY)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # dotenv loaders strip a BOM.
        (".env", BOM + f"ANTHROPIC_API_KEY={KEY}\n".encode()),
        (".env.local", BOM + b"ANTHROPIC_BASE_URL=https://api.anthropic.com\n"),
    ],
)
def test_al203_not_for_dotenv_files(check_text, name, data):
    assert check_text(name, data, select="AL2") == []


@needs_shell
def test_al203_no_bom_no_finding(check_text):
    assert check_text(".zshrc", f"export ANTHROPIC_API_KEY={KEY}\n", select="AL203") == []


@needs_shell
def test_al203_utf16_profile_gets_no_fix(check_text):
    data = codecs.BOM_UTF16_LE + "export B=1\n".encode("utf-16-le")
    findings = check_text(".bashrc", data, select="AL203")
    assert summary(findings) == [("AL203", 1, E)]
    assert "UTF-16" in findings[0].message
    assert findings[0].fix is None


@needs_shell
def test_al203_cli_fix_drops_only_the_bom_and_keeps_crlf(tmp_path):
    path = tmp_path / ".bashrc"
    body = f"export ANTHROPIC_API_KEY={KEY}\r\nexport B=1\r\n".encode()
    path.write_bytes(BOM + body)
    result = run_cli("check", path, "--no-home", "--select", "AL203", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == body
    assert KEY not in result.stdout + result.stderr


@needs_shell
def test_al202_and_al203_fixes_together(tmp_path, check_text):
    text = BOM + f"export ANTHROPIC_API_KEY={KEY}\r\n".encode()
    findings = check_text(".bashrc", text, select="AL2")
    assert summary(findings) == [("AL203", 1, E), ("AL202", 1, E)]
    after = fixed_bytes(tmp_path / ".bashrc", findings)
    assert after == f"export ANTHROPIC_API_KEY={KEY}\n".encode()


# --- AL204 invisible-character-in-value ----------------------------------------------------

INVISIBLE = [
    "\u00a0",  # NO-BREAK SPACE
    "\u2003",  # EM SPACE
    "\u2009",  # THIN SPACE
    "\u202f",  # NARROW NO-BREAK SPACE
    "\u205f",  # MEDIUM MATHEMATICAL SPACE
    "\u3000",  # IDEOGRAPHIC SPACE
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (BOM)
    "\u00ad",  # SOFT HYPHEN
    "\u200e",  # LEFT-TO-RIGHT MARK (another format character)
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_al204_invisible_character_inside_a_key(check_text, tmp_path, char):
    text = f"ANTHROPIC_API_KEY={KEY[:40]}{char}{KEY[40:]}\n"
    findings = check_text(".env", text, select="AL204")
    assert summary(findings) == [("AL204", 1, E)]
    assert findings[0].span == Span.at(0, 58, 59)
    assert f"U+{ord(char):04X}" in findings[0].message
    assert "Invalid API key · Fix external API key" in findings[0].message
    assert_no_secret(findings, KEY)
    assert fixed_bytes(tmp_path / ".env", findings) == f"ANTHROPIC_API_KEY={KEY}\n".encode()


@pytest.mark.parametrize(
    ("text", "span", "after"),
    [
        # Two runs: one finding, underlining from the first to the last, one edit per run.
        (
            f'ANTHROPIC_AUTH_TOKEN="\u200b{TOKEN}\u200c\u200d"\n',
            Span.at(0, 22, 133),
            f'ANTHROPIC_AUTH_TOKEN="{TOKEN}"\n',
        ),
        # Found by the key shape, even though the name is not a credential variable.
        (f"MY_KEY=\u2060{KEY}\n", Span.at(0, 7, 8), f"MY_KEY={KEY}\n"),
        (
            "ANTHROPIC_BASE_URL=https://api.anthropic.com\u200b\n",
            Span.at(0, 44, 45),
            "ANTHROPIC_BASE_URL=https://api.anthropic.com\n",
        ),
        # In a quoted custom header a no-break space becomes an ASCII space.
        (
            'ANTHROPIC_CUSTOM_HEADERS="X-Team:\u00a0infra"\n',
            Span.at(0, 33, 34),
            'ANTHROPIC_CUSTOM_HEADERS="X-Team: infra"\n',
        ),
    ],
)
def test_al204_spans_and_fixes(check_text, tmp_path, text, span, after):
    findings = check_text(".env", text, select="AL204")
    assert summary(findings) == [("AL204", 1, E)]
    assert findings[0].span == span
    assert_no_secret(findings, KEY, TOKEN)
    assert fixed_bytes(tmp_path / ".env", findings) == after.encode()


def test_al204_auth_token_message_uses_claude_codes_auth_token_error(check_text):
    findings = check_text(".env", f"ANTHROPIC_AUTH_TOKEN={TOKEN}\u200b\n", select="AL204")
    assert "Invalid auth token · Fix external auth token" in findings[0].message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # python-dotenv eats blanks (Unicode ones too) around an unquoted value.
        (".env", f"ANTHROPIC_API_KEY=\u00a0{KEY}\u00a0\n"),
        # Not a credential, base URL or custom header.
        (".env", "GREETING=hello\u00a0world\n"),
        (".env", "APP_TITLE=\u200bClaude\n"),
        # A placeholder in a template is not a key anyone uses.
        (".env.example", "ANTHROPIC_API_KEY=your\u00a0api\u00a0key\u00a0here\n"),
        # Commented out, computed, or nothing but an invisible character.
        (".env", f"# ANTHROPIC_API_KEY={KEY}\u200b\n"),
        (".env", "ANTHROPIC_API_KEY=${VAULT}\u200b\n"),
        (".env", 'ANTHROPIC_API_KEY="\u200b"\n'),
        # Visible non-ASCII is not this rule's business.
        (".env", "ANTHROPIC_BASE_URL=https://bücher.example/anthropic\n"),
    ],
)
def test_al204_look_alikes(check_text, name, text):
    assert check_text(name, text, select="AL204") == []


@needs_shell
def test_al204_shell_value_and_ansi_c_escape(check_text, tmp_path):
    text = f'export ANTHROPIC_API_KEY="{KEY}\u00a0"\n'
    findings = check_text(".bashrc", text, select="AL204")
    assert summary(findings) == [("AL204", 1, E)]
    assert findings[0].span == Span.at(0, 134, 135)
    assert (
        fixed_bytes(tmp_path / ".bashrc", findings)
        == f'export ANTHROPIC_API_KEY="{KEY}"\n'.encode()
    )

    # Produced by an escape: reported on the whole value, nothing to delete.
    escaped = f"export ANTHROPIC_API_KEY=$'\\u200b{KEY}'\n"
    findings = check_text(".zshrc", escaped, select="AL204")
    assert summary(findings) == [("AL204", 1, E)]
    assert findings[0].span == Span.at(0, 27, 141)
    assert findings[0].fix is None


# --- AL205 smart-quotes-in-value -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "after"),
    [
        # Curly quotes wrapping an unquoted value become ASCII double quotes.
        (
            f"ANTHROPIC_API_KEY=\u201c{KEY}\u201d\n",
            Span.at(0, 18, 128),
            f'ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        (
            f"ANTHROPIC_API_KEY=\u2018{KEY}\u2019\n",
            Span.at(0, 18, 128),
            f'ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        (
            f"ANTHROPIC_API_KEY=\u201e{KEY}\u201c\n",
            Span.at(0, 18, 128),
            f'ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        # Inside ASCII quotes they are deleted (replacing would close the quotes early).
        (
            f'ANTHROPIC_API_KEY="\u201c{KEY}\u201d"\n',
            Span.at(0, 19, 129),
            f'ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        # Only one, at the end: deleted.
        (f"ANTHROPIC_API_KEY={KEY}\u2033\n", Span.at(0, 126, 127), f"ANTHROPIC_API_KEY={KEY}\n"),
        # A value that would change meaning inside "…": deleted, not replaced.
        (
            "ANTHROPIC_AUTH_TOKEN=\u201cgw\\token\u201d\n",
            Span.at(0, 21, 31),
            "ANTHROPIC_AUTH_TOKEN=gw\\token\n",
        ),
        (
            "ANTHROPIC_BASE_URL=\u201chttps://gateway.example/anthropic\u201d\n",
            Span.at(0, 19, 54),
            'ANTHROPIC_BASE_URL="https://gateway.example/anthropic"\n',
        ),
    ],
)
def test_al205_dotenv_spans_and_fixes(check_text, tmp_path, text, span, after):
    findings = check_text(".env", text, select="AL205")
    assert summary(findings) == [("AL205", 1, E)]
    assert findings[0].span == span
    assert_no_secret(findings, KEY)
    assert fixed_bytes(tmp_path / ".env", findings) == after.encode()


def test_al205_message_names_the_clients(check_text):
    findings = check_text(".env", f"ANTHROPIC_API_KEY=\u201c{KEY}\u201d\n", select="AL205")
    message = findings[0].message
    assert "\u201c \u201d" in message and "401" in message and "Claude Code" in message
    assert "sk-ant-api03-…" in message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env", "APP_GREETING=\u201chello\u201d\n"),
        (".env", "ANTHROPIC_MODEL=\u201cclaude-sonnet-4-5\u201d\n"),
        (".env.example", "ANTHROPIC_API_KEY=\u201cyour-api-key-here\u201d\n"),
        (".env", f"# ANTHROPIC_API_KEY=\u201c{KEY}\u201d\n"),
        (".env", f'ANTHROPIC_API_KEY="{KEY}"\n'),
        (".env", "ANTHROPIC_API_KEY=\u201c\u201d\n"),
    ],
)
def test_al205_look_alikes(check_text, name, text):
    assert check_text(name, text, select="AL205") == []


@needs_shell
def test_al205_shell_keeps_the_curly_quotes(check_text, tmp_path):
    text = f"export ANTHROPIC_API_KEY=\u201c{KEY}\u201d\n"
    findings = check_text(".zshrc", text, select="AL205")
    assert summary(findings) == [("AL205", 1, E)]
    assert findings[0].span == Span.at(0, 25, 135)
    assert (
        fixed_bytes(tmp_path / ".zshrc", findings) == f'export ANTHROPIC_API_KEY="{KEY}"\n'.encode()
    )


def test_al205_cli_fix(tmp_path):
    path = tmp_path / ".env"
    path.write_bytes(f"DEBUG=1\r\nANTHROPIC_API_KEY=\u2018{KEY}\u2019\r\n".encode())
    result = run_cli("check", path, "--no-home", "--select", "AL205", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == f'DEBUG=1\r\nANTHROPIC_API_KEY="{KEY}"\r\n'.encode()


# --- AL206 quote-in-value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "after"),
    [
        # A stray closing quote on an unquoted .env value stays in the value.
        (f'ANTHROPIC_API_KEY={KEY}"\n', Span.at(0, 126, 127), f"ANTHROPIC_API_KEY={KEY}\n"),
        # Quoted twice: the inner quotes stay.
        (
            f"ANTHROPIC_API_KEY=\"'{KEY}'\"\n",
            Span.at(0, 19, 129),
            f'ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        (
            f"CLAUDE_CODE_OAUTH_TOKEN='\"{TOKEN}\"'\n",
            Span.at(0, 25, 135),
            f"CLAUDE_CODE_OAUTH_TOKEN='{TOKEN}'\n",
        ),
        (
            f'ANTHROPIC_AUTH_TOKEN="{TOKEN}\'"\n',
            Span.at(0, 130, 131),
            f'ANTHROPIC_AUTH_TOKEN="{TOKEN}"\n',
        ),
    ],
)
def test_al206_dotenv_spans_and_fixes(check_text, tmp_path, text, span, after):
    findings = check_text(".env", text, select="AL206")
    assert summary(findings) == [("AL206", 1, E)]
    assert findings[0].span == span
    assert "401" in findings[0].message
    assert_no_secret(findings, KEY, TOKEN)
    assert fixed_bytes(tmp_path / ".env", findings) == after.encode()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Correctly quoted: the loader removes the quotes.
        (".env", f'ANTHROPIC_API_KEY="{KEY}"\n'),
        (".env", f"ANTHROPIC_API_KEY='{KEY}'\n"),
        (".env", f"export ANTHROPIC_API_KEY='{KEY}' # prod\n"),
        # The OpenRouter recipe's deliberately empty key.
        (".env", 'ANTHROPIC_API_KEY=""\nANTHROPIC_AUTH_TOKEN=x\n'),
        # Not a credential.
        (".env", 'COMMIT_MESSAGE="it\'s fine"\n'),
        (".env", "GREETING='say \"hi\"'\n"),
        (".env.example", "ANTHROPIC_API_KEY=\"'your-api-key-here'\"\n"),
        (".env", f"# ANTHROPIC_API_KEY=\"'{KEY}'\"\n"),
    ],
)
def test_al206_look_alikes(check_text, name, text):
    assert check_text(name, text, select="AL206") == []


def test_al206_unpaired_quotes_are_left_to_al310(check_text):
    # python-dotenv cannot parse the line at all; AL310 reports it, AL206 sees no value.
    text = f"ANTHROPIC_API_KEY='{KEY}\"\n"
    assert check_text(".env", text, select="AL206") == []
    assert [f.code for f in check_text(".env", text, select="AL310")] == ["AL310"]


@needs_shell
@pytest.mark.parametrize(
    ("text", "span", "after"),
    [
        (
            f"export ANTHROPIC_API_KEY=\"'{KEY}'\"\n",
            Span.at(0, 26, 136),
            f'export ANTHROPIC_API_KEY="{KEY}"\n',
        ),
        # Escaped quotes: reported, but the text does not map one to one, so no fix.
        (f'export ANTHROPIC_API_KEY=\\"{KEY}\\"\n', Span.at(0, 25, 137), None),
    ],
)
def test_al206_shell(check_text, tmp_path, text, span, after):
    findings = check_text(".bashrc", text, select="AL206")
    assert summary(findings) == [("AL206", 1, E)]
    assert findings[0].span == span
    if after is None:
        assert findings[0].fix is None
    else:
        assert fixed_bytes(tmp_path / ".bashrc", findings) == after.encode()


@needs_shell
@pytest.mark.parametrize(
    "text",
    [
        f"export ANTHROPIC_API_KEY='{KEY}'\n",
        f'export ANTHROPIC_API_KEY="{KEY}"\n',
        # Single quotes keep a `$` literally; no quote is left in the value.
        "export ANTHROPIC_AUTH_TOKEN='gw-$ecret-token'\n",
    ],
)
def test_al206_shell_look_alikes(check_text, text):
    assert check_text(".bashrc", text, select="AL2") == []


# --- fish and PowerShell -------------------------------------------------------------------


def scanner_available(module: str) -> bool:
    """Whether a scanner module exists yet (they are written in parallel)."""
    try:
        __import__(f"authlint.scanners.{module}")
    except ImportError:
        return False
    return True


needs_fish = pytest.mark.skipif(not scanner_available("fish"), reason="no fish scanner yet")
needs_powershell = pytest.mark.skipif(
    not scanner_available("powershell"), reason="no PowerShell scanner yet"
)


@needs_fish
@pytest.mark.parametrize(
    "text",
    [
        # fish reads \r as a separator: a CRLF config.fish sets clean values.
        f"set -gx ANTHROPIC_API_KEY {KEY}\r\nset -gx EDITOR vim\r\n",
        f"if status is-interactive\r\n    set -gx ANTHROPIC_API_KEY '{KEY}'\r\nend\r\n",
        f"set -gx ANTHROPIC_API_KEY '{KEY}'\n",
        f"set -gx ANTHROPIC_BASE_URL https://api.anthropic.com\nset -gx ANTHROPIC_API_KEY {KEY}\n",
    ],
)
def test_fish_look_alikes(check_text, text):
    assert check_text("config.fish", text, select="AL2") == []


@needs_fish
def test_al202_fish_line_continuation_before_crlf(check_text, tmp_path):
    text = f"set -gx ANTHROPIC_API_KEY \\\r\n    {KEY}\r\n"
    findings = check_text("config.fish", text, select="AL202")
    assert summary(findings) == [("AL202", 1, E)]
    assert findings[0].span == Span.at(0, 0, 27)
    assert "fish" in findings[0].message
    after = f"set -gx ANTHROPIC_API_KEY \\\n    {KEY}\n"
    assert fixed_bytes(tmp_path / "config.fish", findings) == after.encode()


@needs_fish
def test_al203_fish_bom(check_text):
    findings = check_text("config.fish", BOM + f"set -gx ANTHROPIC_API_KEY {KEY}\n".encode())
    findings = [f for f in findings if f.code.startswith("AL2")]
    assert summary(findings) == [("AL203", 1, E)]
    assert findings[0].span == Span.at(0, 0, 3)
    assert "Unknown command" in findings[0].message
    assert "ANTHROPIC_API_KEY is not set" in findings[0].message


@needs_fish
@pytest.mark.parametrize(
    ("text", "code", "span", "after"),
    [
        (
            f"set -gx ANTHROPIC_API_KEY \u201c{KEY}\u201d\n",
            "AL205",
            Span.at(0, 26, 136),
            f'set -gx ANTHROPIC_API_KEY "{KEY}"\n',
        ),
        (
            f"set -gx ANTHROPIC_API_KEY \"'{KEY}'\"\n",
            "AL206",
            Span.at(0, 27, 137),
            f'set -gx ANTHROPIC_API_KEY "{KEY}"\n',
        ),
        (
            f'set -gx ANTHROPIC_API_KEY "{KEY}\u200b"\n',
            "AL204",
            Span.at(0, 135, 136),
            f'set -gx ANTHROPIC_API_KEY "{KEY}"\n',
        ),
    ],
)
def test_fish_values(check_text, tmp_path, text, code, span, after):
    findings = check_text("config.fish", text, select="AL2")
    assert summary(findings) == [(code, 1, E)]
    assert findings[0].span == span
    assert fixed_bytes(tmp_path / "config.fish", findings) == after.encode()


@needs_powershell
@pytest.mark.parametrize(
    "data",
    [
        # PowerShell reads CRLF and skips a BOM.
        f'$env:ANTHROPIC_API_KEY = "{KEY}"\r\n'.encode(),
        BOM + f'$env:ANTHROPIC_API_KEY = "{KEY}"\r\n'.encode(),
        # PowerShell accepts curly quotes as string delimiters.
        f"$env:ANTHROPIC_API_KEY = \u201c{KEY}\u201d\r\n".encode(),
        f"$Env:ANTHROPIC_AUTH_TOKEN = \u2018{TOKEN}\u2019\n".encode(),
        # '' is an escaped single quote, but keys have none: a plain key is clean.
        f"[Environment]::SetEnvironmentVariable('ANTHROPIC_API_KEY', '{KEY}', 'User')\n".encode(),
    ],
)
def test_powershell_look_alikes(check_text, data):
    assert check_text("Microsoft.PowerShell_profile.ps1", data, select="AL2") == []


@needs_powershell
@pytest.mark.parametrize(
    ("text", "code", "span", "fixable"),
    [
        (f"$env:ANTHROPIC_API_KEY = '\"{KEY}\"'\r\n", "AL206", Span.at(0, 26, 136), True),
        (f'$env:ANTHROPIC_API_KEY = "{KEY}\u200b"\r\n', "AL204", Span.at(0, 134, 135), True),
        # Produced by a backtick escape: reported on the value, nothing to delete.
        (f'$env:ANTHROPIC_API_KEY = "`u{{200b}}{KEY}"\r\n', "AL204", Span.at(0, 26, 142), False),
    ],
)
def test_powershell_values(check_text, text, code, span, fixable):
    findings = check_text("profile.ps1", text, select="AL2")
    assert summary(findings) == [(code, 1, E)]
    assert findings[0].span == span
    assert (findings[0].fix is not None) is fixable
    assert_no_secret(findings, KEY)


# --- the family together --------------------------------------------------------------------


def test_one_file_with_every_dotenv_problem(check_text, tmp_path):
    text = (
        f"ANTHROPIC_API_KEY={KEY[:30]}\u200b{KEY[30:]}\r\n"
        f"CLAUDE_CODE_OAUTH_TOKEN=\u201c{TOKEN}\u201d\r\n"
        f"ANTHROPIC_AUTH_TOKEN=\"'{TOKEN}'\"\r\n"
        f'OTHER_KEY="{KEY} "\r\n'
    )
    findings = check_text(".env", text, select="AL2")
    assert summary(findings) == [
        ("AL202", 1, W),
        ("AL204", 1, E),
        ("AL205", 2, E),
        ("AL206", 3, E),
        ("AL201", 4, E),
    ]
    assert_no_secret(findings, KEY, TOKEN)
    after = (
        f"ANTHROPIC_API_KEY={KEY}\r\n"
        f'CLAUDE_CODE_OAUTH_TOKEN="{TOKEN}"\r\n'
        f'ANTHROPIC_AUTH_TOKEN="{TOKEN}"\r\n'
        f'OTHER_KEY="{KEY}"\r\n'
    )
    assert fixed_bytes(tmp_path / ".env", findings) == after.encode()


@pytest.mark.skipif(not corpus_available(), reason="public corpus not present")
def test_no_invisible_damage_in_the_public_corpus(tmp_path):
    """The corpus has CRLF templates (empty or placeholder values) and no real damage."""
    from authlint.core.context import CheckContext
    from authlint.core.settings import Settings
    from authlint.discovery import discover
    from authlint.engine import check_source

    materialise(tmp_path)
    targets = list(discover([tmp_path], ()))
    assert len(targets) > 200
    crlf = 0
    for target in targets:
        source = SourceFile.read(target.path)
        crlf += "\r\n" in source.text
        findings = check_source(source, target.kind, CheckContext(), Settings(select=("AL2",)))
        assert findings == [], target.path
    assert crlf >= 4
