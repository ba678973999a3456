"""How the server reads the settings the VS Code extension sends (its package.json).

``run``, ``shell``, ``logLevel``, ``exclude`` and ``platform`` are parsed
into :class:`ServerSettings`; the extension's own keys (``importStrategy``,
``path``, ``showNotifications`` …) are skipped without an error; bad values
are reported and left at their defaults. The manifest's enums are the ones
the server accepts.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from authlint.core.context import Platform
from authlint.lsp.settings import (
    LOG_LEVELS,
    RUN_MODES,
    SHELLS,
    ServerSettings,
    folder_of,
    parse_settings,
)

MANIFEST = Path(__file__).resolve().parents[2] / "client-extension" / "package.json"


def _properties() -> dict[str, dict[str, object]]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    properties: dict[str, dict[str, object]] = manifest["contributes"]["configuration"][
        "properties"
    ]
    return properties


def test_a_full_vscode_section_parses_without_errors() -> None:
    section = {
        "enable": True,
        "interpreter": "/usr/bin/python3",
        "importStrategy": "fromEnvironment",
        "path": "/home/u/.local/bin/authlint",
        "showNotifications": "off",
        "trace": {"server": "off"},
        "run": "onSave",
        "shell": "zsh",
        "logLevel": "debug",
        "exclude": ["fixtures/", "*.sample.env"],
        "platform": "macos",
        "select": ["AL2"],
        "scanHomeFiles": False,
    }
    config, errors = parse_settings({"authlint": section})
    assert errors == []
    assert config.run == "onSave" and not config.check_on_type
    assert config.shell == "zsh"
    assert config.log_level == logging.DEBUG
    assert config.settings.exclude == ("fixtures/", "*.sample.env")
    assert config.platform is Platform.MACOS
    assert config.scan_home_files is False


def test_defaults_when_unset_or_blank() -> None:
    config, errors = parse_settings({"run": "", "shell": "", "logLevel": None, "platform": ""})
    assert errors == []
    assert config == ServerSettings()
    assert config.check_on_type and config.shell is None and config.log_level is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("run", "onIdle", "setting 'run' must be one of ['onType', 'onSave'], not 'onIdle'"),
        ("shell", "tcsh", "setting 'shell' must be one of ['bash', 'zsh', 'fish', 'pwsh'], not"),
        ("shell", 3, "setting 'shell' must be one of"),
        ("logLevel", "loud", "setting 'logLevel' must be one of ['debug', 'error', 'info'"),
    ],
)
def test_bad_values_are_reported_and_left_at_defaults(
    key: str, value: object, message: str
) -> None:
    config, errors = parse_settings({key: value, "ignore": ["AL601"]})
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert config.run == "onType" and config.shell is None and config.log_level is None
    assert "AL601" in config.settings.ignore  # the rest still applies


def test_shell_and_log_level_ignore_case() -> None:
    config, errors = parse_settings({"shell": "PWSH", "logLevel": "Warning"})
    assert errors == []
    assert config.shell == "pwsh" and config.log_level == logging.WARNING


def test_the_manifest_offers_what_the_server_accepts() -> None:
    properties = _properties()
    assert properties["authlint.run"]["enum"] == list(RUN_MODES)
    assert properties["authlint.shell"]["enum"] == ["", *SHELLS]
    assert properties["authlint.platform"]["enum"] == ["", *(p.value for p in Platform)]
    log_levels = properties["authlint.logLevel"]["enum"]
    assert isinstance(log_levels, list) and set(log_levels) <= set(LOG_LEVELS)
    # Every value the settings UI can write parses without an error.
    for key in ("run", "shell", "platform", "logLevel"):
        values = properties[f"authlint.{key}"]["enum"]
        assert isinstance(values, list)
        for value in values:
            assert parse_settings({key: value})[1] == [], (key, value)


def test_exclude_matches_documents_below_the_workspace(tmp_path: Path) -> None:
    root = tmp_path / "project"
    config, errors = parse_settings({"exclude": "fixtures/, *.sample.env, !keep.sample.env"})
    assert errors == []
    assert config.excludes(root / "fixtures" / "deep" / ".env", root)
    assert config.excludes(root / "app" / "prod.sample.env", root)
    assert not config.excludes(root / "app" / "keep.sample.env", root)
    assert not config.excludes(root / ".env", root)
    assert not config.excludes(root / "fixturesX" / ".env", root)
    # Outside the workspace folder (a home file) only the name is matched.
    assert config.excludes(tmp_path / "home" / "a.sample.env", root)
    assert not config.excludes(tmp_path / "home" / ".zshrc", root)
    assert not config.excludes(None, root)
    assert not ServerSettings().excludes(root / "fixtures" / ".env", root)


def test_folder_of_picks_the_innermost_workspace_folder(tmp_path: Path) -> None:
    outer, inner = tmp_path / "mono", tmp_path / "mono" / "packages" / "api"
    document = inner / "fixtures" / ".env"
    assert folder_of(document, [outer, inner]) == inner
    assert folder_of(outer / ".env", [inner, outer]) == outer
    assert folder_of(tmp_path / "elsewhere" / ".env", [outer, inner]) is None
    assert folder_of(None, [outer]) is None
    config, _ = parse_settings({"exclude": ["fixtures/"]})
    assert config.excludes(document, folder_of(document, [outer, inner]))
