"""Kind detection for the JSON/YAML/code kinds: the name and, for settings files, the folders."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import corpus
from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import detect_kind, kind_from_name, scan

VSCODE = FileKind.VSCODE_SETTINGS
CLAUDE = FileKind.CLAUDE_SETTINGS
STATE = FileKind.CLAUDE_STATE
CREDENTIALS = FileKind.CLAUDE_CREDENTIALS
DEVCONTAINER = FileKind.DEVCONTAINER
COMPOSE = FileKind.COMPOSE
PYTHON = FileKind.PYTHON
JAVASCRIPT = FileKind.JAVASCRIPT


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        # VS Code settings: workspace folder, user folders of each app and platform, remote servers.
        (".vscode/settings.json", VSCODE),
        ("project/.vscode/settings.json", VSCODE),
        (".config/Code/User/settings.json", VSCODE),
        (".config/Code - Insiders/User/settings.json", VSCODE),
        (".config/VSCodium/User/settings.json", VSCODE),
        (".config/Cursor/User/settings.json", VSCODE),
        ("Library/Application Support/Code/User/settings.json", VSCODE),
        ("AppData/Roaming/Code/User/settings.json", VSCODE),
        ("AppData/Roaming/Code - Insiders/User/settings.json", VSCODE),
        (".vscode-server/data/Machine/settings.json", VSCODE),
        (".vscode-server/data/User/settings.json", VSCODE),
        (".cursor-server/data/Machine/settings.json", VSCODE),
        (".config/Code/User/profiles/1a2b3c/settings.json", VSCODE),
        # dotfiles layouts (chezmoi prefixes, app folders holding settings.json directly)
        ("vscode/settings.json", VSCODE),
        ("readonly_dot_vscode/settings.json", VSCODE),
        ("private_dot_config/Code/User/settings.json", VSCODE),
        ("config/cursor/settings.json", VSCODE),
        ("VSCode-profiles/settings.json", VSCODE),
        ("app.code-workspace", VSCODE),
        ("My Project.code-workspace", VSCODE),
        # Claude Code
        (".claude/settings.json", CLAUDE),
        (".claude/settings.local.json", CLAUDE),
        ("dot_claude/settings.json", CLAUDE),
        (".config/claude/settings.json", CLAUDE),
        ("claude/settings.json", CLAUDE),
        ("claude/settings.local.json", CLAUDE),
        ("/etc/claude-code/managed-settings.json", CLAUDE),
        ("/Library/Application Support/ClaudeCode/managed-settings.json", CLAUDE),
        (".claude.json", STATE),
        ("home/.claude.json", STATE),
        (".claude/.credentials.json", CREDENTIALS),
        ("dot_claude/.credentials.json", CREDENTIALS),
        # devcontainers
        (".devcontainer/devcontainer.json", DEVCONTAINER),
        (".devcontainer/python/devcontainer.json", DEVCONTAINER),
        (".devcontainer.json", DEVCONTAINER),
        # compose
        ("docker-compose.yml", COMPOSE),
        ("docker-compose.yaml", COMPOSE),
        ("compose.yml", COMPOSE),
        ("compose.yaml", COMPOSE),
        ("docker-compose.dev.yml", COMPOSE),
        ("docker-compose.override.yaml", COMPOSE),
        ("compose.full.swarm.yaml", COMPOSE),
        ("docker-compose-coolify.yaml", COMPOSE),
        ("Docker-Compose.YML", COMPOSE),
        # SDK code
        ("app.py", PYTHON),
        ("src/pkg/__init__.py", PYTHON),
        ("index.js", JAVASCRIPT),
        ("index.mjs", JAVASCRIPT),
        ("index.cjs", JAVASCRIPT),
        ("App.jsx", JAVASCRIPT),
        ("main.ts", JAVASCRIPT),
        ("main.mts", JAVASCRIPT),
        ("main.cts", JAVASCRIPT),
        ("App.tsx", JAVASCRIPT),
        # Look-alikes authlint does not read
        ("settings.json", None),
        ("src/settings.json", None),
        ("config/settings.json", None),
        ("User/settings.json", None),
        ("docs/User/settings.json", None),
        (".vscode/launch.json", None),
        (".vscode/extensions.json", None),
        (".claude/commands.json", None),
        ("settings.local.json", None),
        ("app/settings.local.json", None),
        (".credentials.json", None),
        ("aws/.credentials.json", None),
        ("claude.json", None),
        ("devcontainer-feature.json", None),
        ("package.json", None),
        ("tsconfig.json", None),
        ("composer.yml", None),
        ("composer.json", None),
        ("docker-compose.yml.bak", None),
        ("compose.txt", None),
        ("index.d.ts", None),
        ("types.d.mts", None),
        ("bundle.min.js", None),
        ("vendor.min.mjs", None),
        ("script.pyc", None),
        ("notes.json5", None),
    ],
)
def test_kind_from_path(path: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(path)) is kind
    assert detect_kind(Path(path)) is kind


@pytest.mark.parametrize(
    "name", [".env", ".env.json", "prod.env", ".zshrc", "dot_bashrc", "config.fish", "p.ps1"]
)
def test_env_and_shell_names_keep_their_kinds(name: str) -> None:
    expected = {
        ".env": FileKind.DOTENV,
        ".env.json": FileKind.DOTENV,
        "prod.env": FileKind.DOTENV,
        ".zshrc": FileKind.SHELL,
        "dot_bashrc": FileKind.SHELL,
        "config.fish": FileKind.FISH,
        "p.ps1": FileKind.POWERSHELL,
    }[name]
    assert kind_from_name(Path(".claude") / name) is expected
    assert kind_from_name(Path(".vscode") / name) is expected


def test_windows_style_paths_use_their_folders() -> None:
    from pathlib import PureWindowsPath

    path = PureWindowsPath(r"C:\Users\me\AppData\Roaming\Code\User\settings.json")
    assert kind_from_name(Path(*path.parts[1:])) is VSCODE


_CORPUS_KINDS = {
    "vscode": VSCODE,
    "claude": CLAUDE,
    "devcontainer": DEVCONTAINER,
    "compose": COMPOSE,
    "env": FileKind.DOTENV,
}


@pytest.mark.skipif(not corpus.available(), reason="shared corpus not present")
def test_every_corpus_file_gets_its_kind(tmp_path: Path) -> None:
    with (corpus.CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        expected = {
            row["stored_path"]: row["kind"] for row in csv.DictReader(handle, delimiter="\t")
        }
    mapping = corpus.materialise(tmp_path)
    assert len(mapping) == len(expected) == 440
    wrong = []
    for path, stored in sorted(mapping.items()):
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        if kind is not _CORPUS_KINDS[expected[stored]]:
            wrong.append((str(path.relative_to(tmp_path)), kind))
    assert wrong == []


@pytest.mark.skipif(not corpus.available(), reason="shared corpus not present")
def test_every_corpus_json_and_yaml_file_scans(tmp_path: Path) -> None:
    mapping = corpus.materialise(tmp_path)
    scanned = 0
    for path in mapping:
        kind = kind_from_name(path)
        if kind is None or kind is FileKind.DOTENV:
            continue
        result = scan(SourceFile.read(path), kind)
        assert result.json is not None
        assert result.json.root is not None, path
        scanned += 1
    assert scanned == 440 - 235


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("stack.yml", "version: '3'\nservices:\n  app:\n    image: x\n", COMPOSE),
        ("deploy/prod.yaml", "services:  # the app\n  app: {}\n", COMPOSE),
        ("ci.yml", "jobs:\n  build:\n    services:\n      db: {}\n", None),
        ("values.yaml", "ANTHROPIC_API_KEY=x\n", None),
        ("my-settings.json", '{"env": {"ANTHROPIC_API_KEY": "x"}}', None),
        ("export.json", "K=v\n", None),
        ("README.md", "K=v\n", FileKind.DOTENV),  # unchanged: guessed from the content
    ],
)
def test_explicit_files_with_unknown_names(name: str, text: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(name)) is None
    assert detect_kind(Path(name), text) is kind
