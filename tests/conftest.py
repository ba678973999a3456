"""Shared fixtures: run the real scanners and rules over text written to a temp file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from authlint.core import git  # noqa: E402
from authlint.core.context import CheckContext, Platform  # noqa: E402
from authlint.core.findings import Finding  # noqa: E402
from authlint.core.settings import Settings  # noqa: E402
from authlint.core.source import SourceFile  # noqa: E402
from authlint.engine import check_source  # noqa: E402
from authlint.scanners import detect_kind  # noqa: E402

CheckText = Callable[..., list[Finding]]


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Property tests outside ``tests/fuzz`` draw from ``AUTHLINT_FUZZ_SEED`` when it is set.

    CI sets it (``.ci/fuzz-seed``), so each CI run draws the same examples:
    a seed that passed keeps passing. Without it (or with ``--hypothesis-seed``)
    Hypothesis draws as it would.
    """
    seed = os.environ.get("AUTHLINT_FUZZ_SEED", "")
    if seed.isdigit() and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = seed


@pytest.fixture(autouse=True)
def isolated_git(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets a fake home and config home, and no system or global git config.

    Without it a developer's ``~/.bashrc``, ``~/.gitconfig`` or global excludes
    would leak into results (``authlint check`` reads ``$HOME`` profiles by
    default; the leak rules read git's ignore files). Yields the fake home.
    """
    home = tmp_path_factory.mktemp("home")
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    git.clear_caches()
    yield home
    git.clear_caches()


@pytest.fixture
def check_text(tmp_path: Path) -> CheckText:
    """``check_text(name, text, select=None, platform="linux")`` -> findings.

    Writes ``text`` (str, or bytes written as-is) to ``tmp_path/name`` (folders
    in ``name`` are created), reads it back like the CLI and runs every rule
    (or only ``select``). The file is *not* in a git repository unless the test
    creates ``.git``.
    """

    def run(
        name: str,
        text: str | bytes,
        select: tuple[str, ...] | str | None = None,
        platform: str = "linux",
    ) -> list[Finding]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        assert kind is not None, f"no kind for {name}"
        if isinstance(select, str):
            select = (select,)
        settings = Settings(select=select) if select else Settings()
        context = CheckContext(platform=Platform(platform), home=tmp_path / "home")
        return check_source(source, kind, context, settings)

    return run
