"""``authlint server``'s start path imports nothing it needs only later (issue 15, fast start).

The server is started for real (``authlint.cli.main(["server"])`` on an empty
stdin: it starts, reads end of file and stops before any request), then the
modules it loaded are listed. What a first request needs comes on first use:
PyYAML on the first YAML file, ``packaging`` on the first manifest, each
tree-sitter grammar on the first file of its language, and ``authlint check``'s
machinery (engine, output formatters, baseline) never.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_STARTED = """
import json, sys
import authlint.cli
status = authlint.cli.main(["server"])
sys.stderr.write("\\nMODULES " + json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

# Not needed before the first request.
LATER = (
    "packaging",
    "yaml",
    "tree_sitter_bash",
    "tree_sitter_zsh",
    "tree_sitter_python",
    "tree_sitter_json",
    "tree_sitter_javascript",
    "tree_sitter_typescript",
    "tree_sitter_powershell",
    "authlint.commands.check",
    "authlint.commands.env",
    "authlint.commands.rule",
    "authlint.commands.verify",
    "authlint.output",
    "authlint.baseline",
    "authlint.verify",
)


def started_modules(tmp_path: Path) -> set[str]:
    """The modules loaded by a server that started and stopped without a request."""
    result = subprocess.run(
        [sys.executable, "-c", _STARTED],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    marker = result.stderr.rfind("\nMODULES ")
    assert marker >= 0, result.stderr[-2000:]
    answer = json.loads(result.stderr[marker + len("\nMODULES ") :])
    assert answer["status"] == 0, result.stderr[-2000:]
    return set(answer["modules"])


def test_server_start_leaves_heavy_modules_for_first_use(tmp_path: Path) -> None:
    modules = started_modules(tmp_path)
    assert "authlint.lsp.server" in modules  # the start path really ran
    loaded = sorted(m for m in modules if any(m == n or m.startswith(f"{n}.") for n in LATER))
    assert loaded == []
