"""Units of the ignore edits, the no-fix advice and the file-creating command.

Every ignore comment is checked the way users will rely on it: the real engine
checks the edited text and the finding is gone, nothing else changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import keys
from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex
from authlint.engine import check_source
from authlint.lsp.advice import ADVICE, reason_for
from authlint.lsp.ignore import ignore_comment, settings_ignore
from authlint.lsp.rule_actions import create_files
from authlint.rules import all_rules, rule_by_code

KEY = keys.api_key("ignore-units")
V1 = "https://api.anthropic.com/v1"


def apply(text: str, edit: object) -> str:
    index = LineIndex(text)
    start, end = index.offset(edit.span.start), index.offset(edit.span.end)  # type: ignore[attr-defined]
    return text[:start] + edit.new_text + text[end:]  # type: ignore[attr-defined]


def codes(text: str, name: str, kind: FileKind) -> list[tuple[str, int]]:
    context = CheckContext(platform=Platform.LINUX, home=None, environ={})
    found = check_source(SourceFile(Path("/nowhere") / name, text), kind, context)
    return [(f.code, f.span.start.line) for f in found]


PY = f'import anthropic\nanthropic.Anthropic(base_url="{V1}")\n'
CASES = [
    (".env", FileKind.DOTENV, f'A=1\r\n\tANTHROPIC_API_KEY="{KEY} "\r\n', "AL201", 1),
    (".env", FileKind.DOTENV, f'ANTHROPIC_API_KEY="{KEY} "', "AL201", 0),  # no final newline
    (".bashrc", FileKind.SHELL, f"export ANTHROPIC_BASE_URL={V1}  # mine\n", "AL401", 0),
    ("config.fish", FileKind.FISH, f"set -gx ANTHROPIC_BASE_URL {V1}\r\n", "AL401", 0),
    ("p.ps1", FileKind.POWERSHELL, f'$Env:ANTHROPIC_BASE_URL = "{V1}"\n', "AL401", 0),
    ("a.py", FileKind.PYTHON, PY, "AL602", 1),
]


@pytest.mark.parametrize(("name", "kind", "text", "code", "line"), CASES)
def test_the_engine_honours_every_ignore_comment(
    name: str, kind: FileKind, text: str, code: str, line: int
) -> None:
    before = codes(text, name, kind)
    assert (code, line) in before
    rule = rule_by_code(code)
    assert rule is not None

    edit = ignore_comment(text, kind, line, code, rule.name)

    assert edit is not None
    after_text = apply(text, edit)
    moved = 1 if kind is FileKind.DOTENV else 0
    after = codes(after_text, name, kind)
    expected = [(c, n + (moved if n >= line else 0)) for c, n in before if (c, n) != (code, line)]
    assert after == expected
    # line endings: the same breaks, one more when a line was added
    assert after_text.count("\r\n") == text.count("\r\n") + (moved if "\r\n" in text else 0)
    assert ignore_comment(after_text, kind, line + moved, code, rule.name) is None


def test_no_comment_in_a_multi_line_dotenv_value() -> None:
    text = f'OTHER="first\nANTHROPIC_API_KEY={KEY}"\n'
    assert ignore_comment(text, FileKind.DOTENV, 1, "AL201", "whitespace-in-api-key") is None


def test_no_comment_after_a_line_continuation_or_in_strict_json() -> None:
    shell = f"export ANTHROPIC_BASE_URL={V1} \\\n  X=1\n"
    assert ignore_comment(shell, FileKind.SHELL, 0, "AL401", "base-url-ends-with-v1") is None
    json_text = f'{{"env": {{"ANTHROPIC_BASE_URL": "{V1}"}}}}\n'
    assert ignore_comment(json_text, FileKind.CLAUDE_SETTINGS, 0, "AL401", "x") is None


SETTINGS = [
    (None, '{\n  "authlint.ignore": ["AL808"]\n}\n'),
    ("{}", '{\n  "authlint.ignore": ["AL808"]\n}'),
    ('{"a": 1}', '{"a": 1, "authlint.ignore": ["AL808"]}'),
    ('{\n\t// c\n\t"a": true\n}\n', '{\n\t// c\n\t"a": true,\n\t"authlint.ignore": ["AL808"]\n}\n'),
    ('{"authlint.ignore": ["AL1"]}', '{"authlint.ignore": ["AL1", "AL808"]}'),
    ('{"authlint.ignore": []}', '{"authlint.ignore": ["AL808"]}'),
]


@pytest.mark.parametrize(("text", "expected"), SETTINGS)
def test_settings_ignore_adds_the_code(text: str | None, expected: str) -> None:
    edits = settings_ignore(text, "AL808")
    assert edits is not None
    (edit,) = edits
    assert apply(text or "", edit) == expected


@pytest.mark.parametrize(
    "text", ['{"authlint.ignore": ["al808"]}', '{"a": ', "[]", '{"authlint.ignore": "AL1"}']
)
def test_settings_ignore_leaves_what_it_cannot_edit_safely(text: str) -> None:
    assert settings_ignore(text, "AL808") is None


def test_every_rule_without_a_fix_has_advice() -> None:
    missing = [r.code for r in all_rules() if r.fix_title is None and r.code not in ADVICE]
    assert missing == []
    assert set(ADVICE) <= {r.code for r in all_rules()}
    assert reason_for("AL601").startswith("No automatic fix is safe here. Move the key")
    assert "documentation of AL999" in reason_for("AL999")


def test_create_files_writes_only_new_fix_files(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"x\r\n")
    created, problems = create_files(
        [
            {"uri": (tmp_path / ".gitignore").as_uri(), "text": ".env\n"},
            {"uri": (tmp_path / ".env").as_uri(), "text": "A=1\n"},
            {"uri": (tmp_path / ".vscode" / "settings.json").as_uri(), "text": "{}\n"},
            {"uri": (tmp_path / "run.sh").as_uri(), "text": "echo\n"},
            {"uri": "untitled:1", "text": ""},
            "not a dict",
        ]
    )
    assert created == [str(tmp_path / ".env"), str(tmp_path / ".vscode" / "settings.json")]
    assert len(problems) == 4
    assert (tmp_path / ".gitignore").read_bytes() == b"x\r\n"
    assert (tmp_path / ".env").read_bytes() == b"A=1\n"
    assert not (tmp_path / "run.sh").exists()
    assert create_files("nope") == ([], ["authlint.createFiles needs a list of {uri, text}"])
