"""settings_from_mapping (one schema for pyproject, CLI and LSP) and pyproject discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.settings import (
    Settings,
    find_pyproject,
    load_pyproject,
    settings_from_mapping,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Settings()),
        ({"select": ["AL2"]}, Settings(select=("AL2",))),
        ({"ignore": ["AL201", "smart-quotes"]}, Settings(ignore=("AL201", "smart-quotes"))),
        ({"exclude": ["fixtures/"]}, Settings(exclude=("fixtures/",))),
        ({"extend-select": ["AL5"]}, Settings(select=("ALL", "AL5"))),
        ({"extendSelect": ["AL5"]}, Settings(select=("ALL", "AL5"))),  # camelCase (LSP)
        ({"extend_select": ["AL5"]}, Settings(select=("ALL", "AL5"))),
        # extend-select adds to the mapping's select whatever the key order
        ({"extend-select": ["AL5"], "select": ["AL2"]}, Settings(select=("AL2", "AL5"))),
        ({"select": ["AL2"], "extendSelect": ["AL5"]}, Settings(select=("AL2", "AL5"))),
        ({"severity": {"al308": "Warning"}}, Settings(severity={"AL308": "warning"})),
        ({"select": None, "extendSelect": None}, Settings()),  # null: not set (editors)
    ],
)
def test_valid_settings(data: dict[str, object], expected: Settings) -> None:
    settings, errors = settings_from_mapping(data)
    assert errors == []
    assert settings == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"selct": ["AL2"]}, "unknown setting 'selct'"),
        ({"lineLength": 3}, "unknown setting 'lineLength'"),
        ({"select": "AL2"}, "setting 'select' has the wrong type"),
        ({"ignore": [1, 2]}, "setting 'ignore' has the wrong type"),
        ({"extend-select": "AL5"}, "setting 'extend-select' has the wrong type"),
        ({"severity": ["AL201"]}, "setting 'severity' has the wrong type"),
        ({"severity": {"AL201": "fatal"}}, "severity of 'AL201' must be one of"),
    ],
)
def test_bad_settings_are_reported_and_ignored(data: dict[str, object], error: str) -> None:
    settings, errors = settings_from_mapping({**data, "exclude": ["x/"]})
    assert len(errors) == 1 and errors[0].startswith(error), errors
    # The good settings beside the bad one still apply; the bad one keeps its default.
    assert settings.exclude == ("x/",)
    assert settings.select == ("ALL",)


def test_base_settings_are_the_starting_point() -> None:
    base = Settings(select=("AL1",), ignore=("AL101",))
    settings, _ = settings_from_mapping({"extend-select": ["AL2"]}, base)
    assert settings == Settings(select=("AL1", "AL2"), ignore=("AL101",))


def test_merged_skips_none() -> None:
    settings = Settings(select=("AL1",)).merged(select=None, ignore=("AL2",))
    assert settings == Settings(select=("AL1",), ignore=("AL2",))


def _pyproject(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_find_pyproject_walks_up_to_a_file_with_the_table(tmp_path: Path) -> None:
    top = _pyproject(tmp_path, '[tool.authlint]\nignore = ["AL201"]\n')
    _pyproject(tmp_path / "app", "[project]\nname = 'x'\n")  # no [tool.authlint]: skipped
    _pyproject(tmp_path / "broken", "not = [toml\n")  # not TOML, not ours: skipped
    ours = _pyproject(tmp_path / "ours", "[tool.authlint\nselect = 1\n")  # ours, broken
    (tmp_path / "app" / "deep").mkdir()
    env = tmp_path / "app" / "deep" / ".env"
    env.write_text("A=1\n")
    assert find_pyproject(env) == top
    assert find_pyproject(tmp_path / "app" / "deep") == top
    assert find_pyproject(tmp_path / "broken") == top
    assert find_pyproject(tmp_path / "ours") == ours  # returned so the error is reported
    assert find_pyproject(tmp_path / "app" / "missing.env") == top


def test_find_pyproject_resolves_relative_paths(tmp_path: Path, monkeypatch) -> None:
    top = _pyproject(tmp_path, "[tool.authlint]\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert find_pyproject(Path(".")) == top  # "." has no parents until resolved


def test_load_pyproject(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        "[tool.authlint]\n"
        'select = ["AL2", "AL3"]\n'
        'extend-select = ["AL5"]\n'
        'ignore = ["AL303"]\n'
        'exclude = ["vendor/"]\n'
        'severity = { AL201 = "warning" }\n'
        "bogus = 1\n",
    )
    settings, errors = load_pyproject(path)
    assert settings == Settings(
        select=("AL2", "AL3", "AL5"),
        ignore=("AL303",),
        exclude=("vendor/",),
        severity={"AL201": "warning"},
    )
    assert errors == ["unknown setting 'bogus'"]


def test_load_pyproject_errors(tmp_path: Path) -> None:
    settings, errors = load_pyproject(_pyproject(tmp_path / "a", "[tool]\nauthlint = 3\n"))
    assert settings == Settings() and errors == ["[tool.authlint] must be a table"]
    assert load_pyproject(_pyproject(tmp_path / "b", "[project]\n")) == (Settings(), [])
    with pytest.raises(ValueError):
        load_pyproject(_pyproject(tmp_path / "c", "[tool.authlint\n"))
    with pytest.raises(OSError):
        load_pyproject(tmp_path / "none.toml")
