"""``kind_from_name``'s fast path for code names decides as every test in order would."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from authlint.core.facts import FileKind
from authlint.scanners import _CODE_SUFFIXES, _kind_from_any_name, kind_from_name

# Pieces of names that other kinds' tests look for.
_PIECES = [
    ".env",
    ".env.",
    "env.",
    "fishd.",
    "fish_variables",
    "dot_",
    "private_",
    "executable_",
    ".",
    "zshrc",
    "bashrc",
    "profile",
    "compose",
    "docker-compose.",
    "settings",
    ".json",
    ".d",
    ".min",
    ".tmpl",
    ".ps1",
    ".fish",
    ".yml",
    ".sh",
    "Makefile",
    ".mk",
    "justfile",
    "secrets",
    "aider.conf",
    ".service",
    "m0",
    "index",
    "__init__",
    "-",
    "_",
    "A",
    "x",
]
_FOLDERS = [
    "",
    ".claude",
    ".vscode",
    "Code/User",
    ".github/workflows",
    "bin",
    "scripts",
    "src",
    ".streamlit",
    ".claude/projects/p",
    "dist",
]


@settings(max_examples=400, deadline=None)
@given(
    folder=st.sampled_from(_FOLDERS),
    pieces=st.lists(st.sampled_from(_PIECES), max_size=4),
    suffix=st.sampled_from(_CODE_SUFFIXES),
)
def test_a_code_name_gets_the_kind_every_test_gives(
    folder: str, pieces: list[str], suffix: str
) -> None:
    path = Path(folder) / ("".join(pieces) + suffix)
    assert kind_from_name(path) is _kind_from_any_name(path)


def test_the_names_that_are_not_code() -> None:
    assert kind_from_name(Path(".env.py")) is FileKind.DOTENV
    assert kind_from_name(Path("fishd.host.py")) is FileKind.FISH_VARIABLES
    assert kind_from_name(Path("types.d.ts")) is None
    assert kind_from_name(Path("vendor.min.js")) is None
    assert kind_from_name(Path("src/app.py")) is FileKind.PYTHON
    assert kind_from_name(Path("src/app.tsx")) is FileKind.JAVASCRIPT
