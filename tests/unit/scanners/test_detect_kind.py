"""``scanners.detect_kind``: the kind from the file name, else from the content."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import detect_kind, kind_from_content, kind_from_name, scan

DOTENV, SHELL, FISH, PS = FileKind.DOTENV, FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL

# `_SHEBANG` in scanners/__init__.py captures the first word of the path
# (`#!/usr/bin/env fish` -> "usr"), so fish and pwsh shebangs read as POSIX.
# The fix is in the scanner report; strict, so the marker goes once it lands.


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (".env", DOTENV),
        (".env.local", DOTENV),
        (".env.example", DOTENV),
        (".env.local.example", DOTENV),
        ("sample.env", DOTENV),
        ("env.example", DOTENV),
        (".bashrc", SHELL),
        (".bash_profile", SHELL),
        (".profile", SHELL),
        (".zshrc", SHELL),
        (".zshenv", SHELL),
        ("dot_zshrc", SHELL),  # chezmoi source name
        ("zprofile", SHELL),
        (".envrc", SHELL),  # direnv runs it with bash
        ("config.fish", FISH),
        ("10-anthropic.fish", FISH),
        ("Microsoft.PowerShell_profile.ps1", PS),
        ("SETUP.PS1", PS),
        ("README.md", None),
        ("settings.json", None),
        ("environment", None),
        ("bashrc.bak", None),
    ],
)
def test_kind_from_name(name: str, kind: FileKind | None) -> None:
    assert detect_kind(Path("some/dir") / name) is kind
    assert kind_from_name(Path(name)) is kind


def test_name_wins_over_content() -> None:
    # A .env file with shell syntax is still read like load_dotenv() reads it.
    assert detect_kind(Path(".env"), "if true; then export K=v; fi\n") is DOTENV
    assert detect_kind(Path("config.fish"), "export K=v\n") is FISH


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("#!/bin/bash\nexport K=v\n", SHELL),
        ("#!/usr/bin/env zsh\nK=v\n", SHELL),
        ("#!/bin/sh\n", SHELL),
        ("#!/usr/bin/env fish\nset -gx K v\n", FISH),
        ("#!/usr/bin/fish\n", FISH),
        ("#!/usr/bin/env pwsh\n$env:K = 'v'\n", PS),
        ("#!/usr/bin/env powershell\n", PS),
        ("#! /usr/bin/env -S fish -l\n", FISH),
        ("$env:ANTHROPIC_API_KEY = 'v'\n", PS),
        ("  $Env:K='v'\n", PS),
        ("set -gx ANTHROPIC_API_KEY v\n", FISH),
        ("set -Ux K v\n", FISH),
        ("# comment\nK=v\n\nexport J=w\n", DOTENV),
        ("K=v\nif true; then echo; fi\n", SHELL),
        ("set -e\nexport K=v\n", SHELL),  # `set -e` is bash's errexit, not fish
        ("echo hello\n", None),  # no positive evidence of a shell script: not read
        ("", None),
    ],
)
def test_kind_from_content(text: str, kind: FileKind) -> None:
    assert kind_from_content(text) is kind
    assert detect_kind(Path("unknown-name"), text) is kind


def test_unknown_name_without_text_is_not_read() -> None:
    assert detect_kind(Path("README.md"), None) is None
    # Passed explicitly (with its text), an unknown name is sniffed.
    assert detect_kind(Path("README.md"), "K=v\n") is DOTENV


@pytest.mark.parametrize("kind", list(FileKind))
def test_scan_dispatches_to_the_kind_scanner(kind: FileKind) -> None:
    result = scan(SourceFile(None, ""), kind)
    assert result.kind is kind
    assert result.assignments == [] and result.slips == []
