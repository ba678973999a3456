"""``scan_file``'s cache, and the ``.env`` and code scans the CLI's first pass offers it."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import scan
from authlint.scanners.cache import remember, scan_file


@pytest.fixture
def dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "svc" / ".env"
    path.parent.mkdir()
    path.write_text("ANTHROPIC_BASE_URL=https://gateway.example.com\nOTHER=1\n")
    return path


def test_a_remembered_env_file_is_given_under_the_path_asked_for(dotenv: Path) -> None:
    first = scan(SourceFile.read(Path("svc/.env")), FileKind.DOTENV)  # the walk's path
    remember(first)
    found = scan_file(dotenv, FileKind.DOTENV)
    assert found is not None
    assert found.source.path == dotenv
    assert found.assignments is first.assignments  # not scanned again
    assert found.memo is not first.memo
    assert scan_file(dotenv, FileKind.DOTENV) is found  # then cached as any scan


def test_a_changed_file_is_scanned_again(dotenv: Path) -> None:
    first = scan(SourceFile.read(Path("svc/.env")), FileKind.DOTENV)
    remember(first)
    dotenv.write_text("ANTHROPIC_BASE_URL=https://other.example.com\n")
    found = scan_file(dotenv, FileKind.DOTENV)
    assert found is not None
    assert [a.value for a in found.assignments] == ["https://other.example.com"]


def test_a_scan_nothing_keeps_is_forgotten(dotenv: Path) -> None:
    first = scan(SourceFile.read(Path("svc/.env")), FileKind.DOTENV)
    remember(first)
    assignments = first.assignments
    del first
    gc.collect()
    found = scan_file(dotenv, FileKind.DOTENV)
    assert found is not None
    assert found.assignments is not assignments
    assert found.assignments == assignments


def test_only_env_and_code_files_are_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    profile = tmp_path / ".zshrc"
    profile.write_text("export ANTHROPIC_MODEL=claude\n")
    first = scan(SourceFile.read(Path(".zshrc")), FileKind.SHELL)
    remember(first)
    found = scan_file(Path(os.path.abspath(profile)), FileKind.SHELL)
    assert found is not None
    assert found.assignments is not first.assignments


@pytest.mark.parametrize(
    ("name", "kind", "text"),
    [
        (
            "app.py",
            FileKind.PYTHON,
            "from dotenv import load_dotenv\nimport anthropic\n"
            "load_dotenv()\nclient = anthropic.Anthropic(base_url='https://x.example.com')\n",
        ),
        (
            "app.ts",
            FileKind.JAVASCRIPT,
            "import 'dotenv/config';\nimport Anthropic from "
            "'@anthropic-ai/sdk';\n"
            "const c = new Anthropic({ baseURL: 'https://x.example.com' });\n",
        ),
    ],
)
def test_a_remembered_code_file_is_given_under_the_path_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: FileKind, text: str
) -> None:
    """A code scan depends on the text (JavaScript's on the suffix too), not the path's spelling."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / name
    path.write_text(text)
    first = scan(SourceFile.read(Path("src") / name), kind)  # the walk's path
    remember(first)
    found = scan_file(path, kind)
    assert found is not None and found.code is not None
    assert found.source.path == path
    assert found.code is first.code  # not scanned again
    fresh = scan(SourceFile.read(path), kind)
    assert found == fresh
    assert found.code.clients and found.code.dotenv_loads
