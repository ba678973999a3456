"""The core, scanners, rules, outputs and ``authlint check`` never load the LSP stack.

Run in a fresh interpreter, since this test process may already have imported
pygls (the LSP tests do).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keys

PROBE = r"""
import importlib, io, json, pkgutil, sys
from contextlib import redirect_stdout

import authlint.cli
from authlint.cli import main

out = io.StringIO()
with redirect_stdout(out):
    status = main(["check", sys.argv[1], "--no-home", "--format", "json"])
after_check = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol"))

imported = []
for package in (
    "authlint.core",
    "authlint.scanners",
    "authlint.rules",
    "authlint.model",
    "authlint.outcome",
    "authlint.output",
):
    module = importlib.import_module(package)
    imported.append(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
        imported.append(info.name)
for name in ("authlint.engine", "authlint.discovery"):
    importlib.import_module(name)
    imported.append(name)
from authlint.rules import all_rules
all_rules()
lsp = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol"))
print(json.dumps({
    "status": status,
    "findings": len(json.loads(out.getvalue())),
    "after_check": after_check,
    "lsp": lsp,
    "imported": imported,
}))
"""


def _probe(folder: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def test_check_and_every_core_module_leave_no_lsp_module_loaded(tmp_path: Path) -> None:
    key = keys.api_key()
    (tmp_path / ".env").write_text(f'ANTHROPIC_API_KEY="{key} "\n')
    (tmp_path / ".zshrc").write_text(f'export ANTHROPIC_API_KEY="{key} "\n')
    (tmp_path / "config.fish").write_text(f'set -gx ANTHROPIC_API_KEY "{key} "\n')
    (tmp_path / "profile.ps1").write_text(f'$Env:ANTHROPIC_API_KEY = "{key} "\n')
    data = _probe(tmp_path)
    # The check really ran, over every scanner.
    assert data["status"] == 1 and isinstance(data["findings"], int) and data["findings"] >= 4
    imported = data["imported"]
    assert isinstance(imported, list)
    for expected in (
        "authlint.engine",
        "authlint.scanners.dotenv",
        "authlint.scanners.posix_shell",
        "authlint.output.sarif_format",
        "authlint.rules.whitespace_in_api_key",
    ):
        assert expected in imported
    assert data["after_check"] == []
    assert data["lsp"] == []


def test_the_probe_would_see_an_lsp_import(tmp_path: Path) -> None:
    # The check above is not vacuous: importing the LSP layer does show up.
    env = {k: v for k, v in os.environ.items()}
    result = subprocess.run(
        [sys.executable, "-c", "import sys, pygls; print('pygls' in sys.modules)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout.strip() == "True"
