"""``reset_login``: the stored Claude Code login moved to a backup, never lost.

Every case works on real files in ``tmp_path``; tokens come from ``tests/keys.py``.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from authlint.core.claude_login import (
    KEYCHAIN_SERVICE,
    backup_name,
    default_credentials_path,
    reset_login,
)
from authlint.core.context import Platform
from keys import oauth_token, refresh_token

NOW = datetime(2026, 8, 22, 10, 15, 30, tzinfo=timezone.utc)
STAMP = "2026-08-22-101530-utc"
TOKEN, REFRESH = oauth_token("reset"), refresh_token("reset")


def make_credentials(folder: Path, mode: int = 0o600) -> Path:
    path = folder / ".claude" / ".credentials.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"claudeAiOauth": {"accessToken": TOKEN, "refreshToken": REFRESH, "scopes": []}}
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(mode)
    return path


def assert_no_token(text: str) -> None:
    for secret in (TOKEN, REFRESH):
        assert secret[13:29] not in text and secret[-16:] not in text


@pytest.mark.parametrize("platform", [Platform.LINUX, Platform.WINDOWS])
def test_the_file_moves_to_a_timestamped_backup_with_the_same_bytes(tmp_path, platform) -> None:
    path = make_credentials(tmp_path)
    original = path.read_bytes()

    result = reset_login(path, platform, now=NOW)

    assert result.moved is True
    assert result.backup == path.with_name(f".credentials.json.authlint-backup-{STAMP}")
    assert not path.exists()
    assert result.backup.read_bytes() == original
    assert str(result.backup) in result.message and "`/login`" in result.message
    assert_no_token(result.message)
    assert sorted(p.name for p in path.parent.iterdir()) == [result.backup.name]


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o600, 0o644, 0o666])
def test_the_backup_is_owner_only(tmp_path, mode) -> None:
    path = make_credentials(tmp_path, mode)
    result = reset_login(path, Platform.LINUX, now=NOW)
    assert result.backup is not None
    assert stat.S_IMODE(result.backup.stat().st_mode) == 0o600


def test_an_existing_backup_is_never_overwritten(tmp_path) -> None:
    path = make_credentials(tmp_path)
    taken = backup_name(path, NOW)
    taken.write_bytes(b"an older backup")
    taken_again = backup_name(path, NOW, attempt=1)
    assert taken_again.name.endswith(f"{STAMP}-2")
    taken_again.write_bytes(b"another one")
    original = path.read_bytes()

    result = reset_login(path, Platform.LINUX, now=NOW)

    assert result.moved and result.backup is not None
    assert result.backup.name.endswith(f"{STAMP}-3")
    assert result.backup.read_bytes() == original
    assert taken.read_bytes() == b"an older backup"
    assert taken_again.read_bytes() == b"another one"


def test_two_resets_in_one_second_keep_both_files(tmp_path) -> None:
    first_path = make_credentials(tmp_path)
    first = reset_login(first_path, Platform.LINUX, now=NOW)
    second_path = make_credentials(tmp_path)
    second = reset_login(second_path, Platform.LINUX, now=NOW)
    assert first.backup is not None and second.backup is not None
    assert first.backup != second.backup
    assert first.backup.exists() and second.backup.exists()


def test_macos_gets_the_keychain_steps_and_nothing_moves(tmp_path) -> None:
    path = make_credentials(tmp_path)
    result = reset_login(path, Platform.MACOS, now=NOW)
    assert result.moved is False and result.backup is None
    assert path.exists()
    assert f"`{KEYCHAIN_SERVICE}`" in result.message
    assert "`/logout`" in result.message and "`/login`" in result.message
    assert f'security delete-generic-password -s "{KEYCHAIN_SERVICE}"' in result.message
    assert [p.name for p in path.parent.iterdir()] == [".credentials.json"]


def test_a_missing_file_is_reported_not_raised(tmp_path) -> None:
    path = tmp_path / ".claude" / ".credentials.json"
    result = reset_login(path, Platform.LINUX, now=NOW)
    assert result.moved is False
    assert "does not exist" in result.message
    assert not path.parent.exists()


def test_only_a_credentials_file_is_moved(tmp_path) -> None:
    other = tmp_path / "settings.json"
    other.write_text("{}", encoding="utf-8")
    result = reset_login(other, Platform.LINUX, now=NOW)
    assert result.moved is False and other.exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symbolic_link_is_left_alone(tmp_path) -> None:
    real = make_credentials(tmp_path / "dotfiles")
    link = tmp_path / "home" / ".claude" / ".credentials.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    result = reset_login(link, Platform.LINUX, now=NOW)
    assert result.moved is False and "symbolic link" in result.message
    assert link.is_symlink() and real.exists()


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores modes")
def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path) -> None:
    path = make_credentials(tmp_path)
    path.parent.chmod(0o500)
    try:
        result = reset_login(path, Platform.LINUX, now=NOW)
    finally:
        path.parent.chmod(0o700)
    assert result.moved is False and "Nothing was changed" in result.message
    assert path.exists()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "home/.claude/.credentials.json"),
        ({"CLAUDE_CONFIG_DIR": ""}, "home/.claude/.credentials.json"),
        ({"CLAUDE_CONFIG_DIR": "~/.config/claude"}, "home/.config/claude/.credentials.json"),
    ],
)
def test_the_default_path_follows_claude_config_dir(tmp_path, environ, expected) -> None:
    assert default_credentials_path(tmp_path / "home", environ) == tmp_path / expected


def test_an_absolute_claude_config_dir(tmp_path) -> None:
    environ = {"CLAUDE_CONFIG_DIR": str(tmp_path / "cfg")}
    assert default_credentials_path(tmp_path, environ) == tmp_path / "cfg" / ".credentials.json"


def test_without_hard_links_the_file_is_renamed(tmp_path, monkeypatch) -> None:
    """File systems without hard links (EPERM, as on some FUSE mounts) fall back to rename."""
    path = make_credentials(tmp_path)
    original = path.read_bytes()
    backup_name(path, NOW).write_bytes(b"taken")

    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    result = reset_login(path, Platform.LINUX, now=NOW)
    assert result.moved and result.backup is not None
    assert result.backup.name.endswith(f"{STAMP}-2")
    assert result.backup.read_bytes() == original and not path.exists()
    assert backup_name(path, NOW).read_bytes() == b"taken"


def test_a_failed_backup_changes_nothing(tmp_path, monkeypatch) -> None:
    path = make_credentials(tmp_path)

    def denied(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", denied)
    result = reset_login(path, Platform.LINUX, now=NOW)
    assert result.moved is False
    assert result.message.endswith("Permission denied. Nothing was changed.")
    assert [p.name for p in path.parent.iterdir()] == [".credentials.json"]
