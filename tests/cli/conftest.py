"""Run the real ``authlint`` command in a subprocess, in a temporary workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(tmp_path: Path) -> dict[str, str]:
    """An environment where the machine's home and git config play no part."""
    home = tmp_path / "empty-home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.pop("GIT_CONFIG_GLOBAL", None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
        GIT_CONFIG_NOSYSTEM="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture(name="cli_env")
def cli_env_fixture(tmp_path: Path) -> dict[str, str]:
    """The environment :func:`authlint` runs in (see :func:`cli_env`)."""
    return cli_env(tmp_path)


@pytest.fixture
def run_program(tmp_path: Path) -> Run:
    """``run_program(*command, cwd=tmp_path, env=None)`` -> CompletedProcess (text, never raises).

    ``env`` defaults to :func:`cli_env`; the command gets 120 s.
    """

    def run(
        *command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(part) for part in command],
            cwd=cwd or tmp_path,
            env=env or cli_env(tmp_path),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )

    return run


@pytest.fixture
def authlint(run_program: Run) -> Run:
    """``authlint(*args, cwd=tmp_path, env=None)`` -> CompletedProcess (text, never raises)."""
    return lambda *args, **options: run_program(sys.executable, "-m", "authlint", *args, **options)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """``write(name, text_or_bytes)`` -> the path under ``tmp_path`` (folders created)."""

    def put(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return put
