"""The VS Code extension's unit tests (``node --test`` over its pure modules), run from pytest.

They cover interpreter resolution, the start-up check (``python/launch.py``
run by a real ``python3`` against the real bundle, and against a copy lacking
a module) and the one message that names the fix (python.ts), settings, the
manifest's scopes and the restart decision (settings.ts), the document
selector and home-folder watches (documents.ts), the serialised restart queue
(lifecycle.ts), the status bar text (status.ts) and the command flows that ask
before sending anything, naming the masked key, with the harmless choice as
the default (commands.ts). Needs ``npm ci`` in ``client-extension``;
skipped without it unless ``AUTHLINT_REQUIRE_EDITORS=1``. Also checks that the
home files the extension watches are the ones the server reads
(``authlint.core.home``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from authlint.core import home

EXTENSION = Path(__file__).resolve().parents[2] / "client-extension"


def test_node_unit_tests_pass() -> None:
    ready = shutil.which("node") and (EXTENSION / "node_modules" / "esbuild").is_dir()
    if not ready:
        if os.environ.get("AUTHLINT_REQUIRE_EDITORS") == "1":
            pytest.fail("client-extension/node_modules missing (npm ci)")
        pytest.skip("client-extension/node_modules missing (cd client-extension && npm ci)")
    done = subprocess.run(
        ["npm", "test", "--silent"],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    passed = re.search(r"^# pass (\d+)$", output, re.M)
    assert passed and int(passed.group(1)) >= 60, output
    assert re.search(r"^# fail 0$", output, re.M), output


def _watched_names() -> set[str]:
    """File names in documents.ts ``homeWatches`` patterns (``{a,b}`` lists and plain names)."""
    source = (EXTENSION / "src" / "documents.ts").read_text()
    body = source[source.index("export function homeWatches") :]
    names: set[str] = set()
    for folder, pattern in re.findall(r'folder: [`"]([^`"]*)[`"],\s*pattern:\s*"([^"]+)"', body):
        for name in pattern.strip("{}").split(","):
            names.add(f"{folder}/{name}" if folder else name)
    return names


def test_watched_home_files_are_the_ones_the_server_reads() -> None:
    watched = _watched_names()
    for name in (*home.POSIX_PROFILES, *getattr(home, "CLAUDE_FILES", ())):
        assert name in watched, name
    assert ".config/fish/config.fish" in watched
