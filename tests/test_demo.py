"""The README's Quickstart: the first command checks the demo workspace and shows real findings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = "authlint check tests/demo/project --home tests/demo/home"

# What the README promises the demo shows, as (code, file, line).
EXPECTED = {
    ("AL201", "tests/demo/project/.env", 2),  # key with a trailing space
    ("AL502", "tests/demo/project/.env", 2),  # a .env git would commit
    ("AL401", "tests/demo/project/.env", 3),  # base URL ending in /v1
    ("AL301", "tests/demo/home/.zshrc", 3),  # export KEY = value
    ("AL501", "tests/demo/home/.zshrc", 3),  # full key in a committable file
    ("AL303", "tests/demo/home/.zshrc", 4),  # never exported
    ("AL105", "tests/demo/home/.zshrc", 4),  # truncated OAuth token
    ("AL501", "tests/demo/home/.zshrc", 4),
    ("AL303", "tests/demo/home/.config/fish/config.fish", 2),  # set -g without -x
    ("AL404", "tests/demo/home/.config/fish/config.fish", 2),  # OpenAI-style endpoint
}


def test_readme_quickstart_runs_the_demo() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f".venv/bin/{QUICKSTART}" in readme


def test_demo_shows_the_promised_findings_and_nothing_on_the_look_alikes() -> None:
    before = {p: p.read_bytes() for p in (ROOT / "tests" / "demo").rglob("*") if p.is_file()}
    command = [sys.executable, "-m", *QUICKSTART.split(), "--format", "json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    found = {(f["code"], f["filename"], f["location"]["row"]) for f in json.loads(result.stdout)}
    assert found == EXPECTED
    # .env.example placeholders and the OpenRouter recipe are clean look-alikes.
    assert not {f for f in found if f[1].endswith((".env.example", "openrouter.env"))}
    assert before == {p: p.read_bytes() for p in before}, "checking must not modify the demo"
