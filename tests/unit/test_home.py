"""``core.home.home_files``: the user-level files of each platform, in a stable order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core.context import Platform
from authlint.core.facts import FileKind
from authlint.core.home import home_files
from authlint.scanners import kind_from_name
from keys import api_key

LINUX, MACOS, WINDOWS = Platform.LINUX, Platform.MACOS, Platform.WINDOWS

CLAUDE = [".claude/settings.json", ".claude.json", ".claude/.credentials.json"]


def make(home: Path, *names: str) -> None:
    for name in names:
        path = home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n", encoding="utf-8")


def relative(home: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(home).as_posix() for p in paths]


@pytest.mark.parametrize(
    ("platform", "user_root"),
    [
        (LINUX, ".config"),
        (MACOS, "Library/Application Support"),
        (WINDOWS, "AppData/Roaming"),
    ],
)
def test_user_files_of_each_platform(tmp_path: Path, platform: Platform, user_root: str) -> None:
    apps = ["Code", "Code - Insiders", "VSCodium", "Cursor"]
    vscode = [f"{user_root}/{app}/User/settings.json" for app in apps]
    make(tmp_path, ".bashrc", *CLAUDE, *vscode)
    assert relative(tmp_path, home_files(tmp_path, platform)) == [".bashrc", *CLAUDE, *vscode]


@pytest.mark.parametrize("platform", [LINUX, MACOS, WINDOWS])
def test_other_platforms_vscode_folders_are_not_read(tmp_path: Path, platform: Platform) -> None:
    roots = {LINUX: ".config", MACOS: "Library/Application Support", WINDOWS: "AppData/Roaming"}
    others = [f"{root}/Code/User/settings.json" for p, root in roots.items() if p is not platform]
    make(tmp_path, *others)
    assert home_files(tmp_path, platform) == []


def test_missing_files_are_left_out(tmp_path: Path) -> None:
    make(tmp_path, ".claude.json")
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").mkdir()  # a folder, not a file
    assert relative(tmp_path, home_files(tmp_path, LINUX)) == [".claude.json"]


def test_credentials_file_is_read_on_macos_when_it_exists(tmp_path: Path) -> None:
    make(tmp_path, ".claude/.credentials.json")
    assert relative(tmp_path, home_files(tmp_path, MACOS)) == [".claude/.credentials.json"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (".claude/settings.json", FileKind.CLAUDE_SETTINGS),
        (".claude.json", FileKind.CLAUDE_STATE),
        (".claude/.credentials.json", FileKind.CLAUDE_CREDENTIALS),
        (".config/Code/User/settings.json", FileKind.VSCODE_SETTINGS),
        ("Library/Application Support/Cursor/User/settings.json", FileKind.VSCODE_SETTINGS),
        ("AppData/Roaming/VSCodium/User/settings.json", FileKind.VSCODE_SETTINGS),
    ],
)
def test_every_home_file_has_a_kind(tmp_path: Path, name: str, kind: FileKind) -> None:
    home = tmp_path / "home" / "me"
    make(home, name)
    (found,) = home_files(
        home, LINUX if ".config" in name else MACOS if "Library" in name else WINDOWS
    )
    assert kind_from_name(found) is kind


def test_cli_checks_the_home_claude_settings(tmp_path: Path) -> None:
    home = tmp_path / "home"
    key = api_key("home")
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    project = tmp_path / "project"
    project.mkdir()
    command = [sys.executable, "-m", "authlint", "check", str(project), "--home", str(home)]
    command += ["--select", "AL201", "--platform", "linux", "--format", "json"]

    def run(value: str) -> subprocess.CompletedProcess[str]:
        settings.write_text('{\n  "env": {\n    "ANTHROPIC_API_KEY": "' + value + '"\n  }\n}\n')
        return subprocess.run(command, capture_output=True, text=True, check=False)

    broken = run(key + " ")
    # Only Claude Code reads a settings `env` block, and it trims the space: the outcome layer
    # reports the damage as information (exit 0), saying it is harmless where it is read.
    assert broken.returncode == 0, broken.stdout + broken.stderr
    assert "AL201" in broken.stdout and '"severity": "info"' in broken.stdout
    assert "harmless where it is read" in broken.stdout
    assert ".claude/settings.json" in broken.stdout.replace("\\\\", "/")
    assert key not in broken.stdout + broken.stderr
    clean = run(key)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "AL201" not in clean.stdout


def test_tool_home_files(tmp_path: Path) -> None:
    from authlint.core.home import tool_home_files

    units = tmp_path / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "triage.service").write_text("[Service]\n")
    (units / "triage.timer").write_text("[Timer]\n")
    (tmp_path / ".aider.conf.yml").write_text("model: sonnet\n")
    providers = tmp_path / ".cline" / "data" / "settings" / "providers.json"
    providers.parent.mkdir(parents=True)
    providers.write_text("{}\n")
    assert tool_home_files(tmp_path) == [
        tmp_path / ".aider.conf.yml",
        providers,
        units / "triage.service",
    ]


def test_remembered_path_helpers_answer_per_argument() -> None:
    """``family``, ``Workspace.display`` and the VS Code settings paths are remembered per
    argument: another home, root or file gives its own answer, and a caller changing the
    returned list changes nothing for the next one."""
    from authlint.core.environment.shells import family
    from authlint.core.environment.workspace import Workspace
    from authlint.core.home import vscode_user_settings_files

    home, other = Path("/home/a"), Path("/home/b")
    assert family(home / ".zshrc", home) == "zsh"
    assert family(home / ".zshrc", other) is None
    assert family(other / ".bashrc", other) == "bash"
    first = vscode_user_settings_files(home, Platform.LINUX)
    first.clear()
    assert vscode_user_settings_files(home, Platform.LINUX)[0].is_relative_to(home)
    assert vscode_user_settings_files(other, Platform.LINUX)[0].is_relative_to(other)
    workspace = Workspace(Platform.LINUX, "zsh", home, home / "proj")
    assert workspace.display(home / "proj" / ".env") == ".env"
    assert workspace.display(home / ".zshrc") == "~/.zshrc"
    moved = Workspace(Platform.LINUX, "zsh", other, other / "proj")
    assert moved.display(home / ".zshrc") == "/home/a/.zshrc"
    assert moved.display(other / "proj" / "app" / ".env") == "app/.env"
