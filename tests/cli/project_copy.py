"""A copy of this project as a git repository, and whether packages can be installed.

The GitHub Action and the pre-commit hook install authlint from its own source
(``pip install <action path>``, ``pre-commit try-repo``). Tests run them on a copy
(pip would write build files into the source tree), committed in a fresh repository
so pre-commit can clone it. Installing needs the package index: without it those
tests skip.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_FILES = ("pyproject.toml", "README.md", "action.yml", ".pre-commit-hooks.yaml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", "build")


def git_env(home: Path) -> dict[str, str]:
    """An environment for git with no system or user configuration, and an identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "ANTHROPIC_"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    return env


def copy_project(dest: Path, env: dict[str, str]) -> Path:
    """Copy the package's files to ``dest`` and commit them there (tag ``v0.0.0-test``)."""
    dest.mkdir(parents=True)
    for name in PACKAGE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "server", dest / "server", ignore=IGNORED)
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["commit", "-q", "-m", "copy"],
        ["tag", "v0.0.0-test"],
    ):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True, capture_output=True)
    return dest


@functools.lru_cache(maxsize=1)
def index_unreachable() -> str | None:
    """Why packages cannot be installed here (``None`` when pip reaches its index)."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "index", "versions", "pip"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"pip cannot reach the package index: {error}"
    if result.returncode != 0 or "Available versions" not in result.stdout:
        return "pip cannot reach the package index (offline?)"
    return None
