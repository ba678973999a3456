"""Issue 13, item 10: time grows linearly with the number of lines, not with its square.

The audit's reproducer: thousands of identical ``ANTHROPIC_API_KEY=`` lines (one finding
each) took 23 s for 4,000 lines and over 60 s for 20,000, in every line-based kind. A
coarse guard, not a benchmark: four times the lines may take at most eight times the CPU time
(quadratic work takes sixteen times), through the whole CLI with source snippets.
"""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest

from authlint.cli import main

KINDS = {
    ".env": "ANTHROPIC_API_KEY=\n",
    ".bashrc": "export ANTHROPIC_API_KEY=\n",
    "config.fish": "set -gx ANTHROPIC_API_KEY ''\n",
}


def _seconds(folder: Path, name: str, line: str, count: int) -> float:
    folder.mkdir()
    (folder / name).write_text(line * count)
    best = float("inf")
    for _ in range(2):
        # CPU time, not wall time: other processes on the machine (a parallel test run) must
        # not make a linear run look quadratic.
        started = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["check", str(folder), "--no-home"])
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("name", sorted(KINDS))
def test_identical_lines_take_linear_time(tmp_path: Path, name: str) -> None:
    small = _seconds(tmp_path / "small", name, KINDS[name], 1000)
    large = _seconds(tmp_path / "large", name, KINDS[name], 4000)
    assert large < 8 * small + 0.5, f"1,000 lines: {small:.2f} s; 4,000 lines: {large:.2f} s"
