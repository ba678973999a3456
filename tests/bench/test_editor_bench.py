"""Issue 15's matrix under pytest-benchmark: ``pytest tests/bench --benchmark-enable -s``.

Each scenario is one benchmark round (it times many keystrokes itself, with a
raw JSON-RPC client, see :mod:`editor`) and prints its row: target, measured,
reference (``ruff server``, ``rg``). Nothing here asserts a time: the numbers
depend on the machine; the README's Performance table is made from this output.
Skipped unless benchmarks are enabled (they spawn servers and take minutes).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import editor  # noqa: E402
import tree  # noqa: E402


@pytest.fixture(autouse=True)
def _enabled(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("benchmark_enable", False):
        pytest.skip("editor benchmarks run with --benchmark-enable")


def _row(what: str, target: str, measured: str, reference: str = "—") -> None:
    print(f"\n| {what} | {target} | {measured} | {reference} |")


def _p(values: list[float], q: float) -> str:
    return editor.p(values, q)


@pytest.mark.parametrize(
    ("name", "language", "make"),
    [
        (".env", "dotenv", lambda e: editor.dotenv_text(300, e)),
        (".zshrc", "shellscript", lambda e: editor.zshrc_text(300, e)),
    ],
    ids=["dotenv", "zshrc"],
)
@pytest.mark.parametrize("pull", [True, False], ids=["pull", "push"])
def test_keystroke_300_lines(benchmark, name: str, language: str, make, pull: bool) -> None:
    times = benchmark.pedantic(
        editor.edit_one, (name, make, language), {"pull": pull}, rounds=1, iterations=1
    )
    target = "≤ 15 ms p95" if pull else "≤ 60 ms p95"
    mode = "pull" if pull else "push"
    _row(f"300-line {name}, {mode} p50 / p95", target, f"{_p(times, 50)} / {_p(times, 95)} ms")


@pytest.mark.parametrize("lines", [300, 10_000])
def test_keystroke_python_with_ruff(benchmark, lines: int) -> None:
    def make(e: int) -> str:
        return editor.python_text(lines, e)

    edits = editor.EDITS if lines < 1000 else 10
    ours = benchmark.pedantic(
        editor.edit_one,
        ("main.py", make, "python"),
        {"pull": True, "edits": edits},
        rounds=1,
        iterations=1,
    )
    ruff = editor.ruff_command()
    theirs = (
        editor.edit_one("main.py", make, "python", pull=True, edits=edits, command=ruff)
        if ruff
        else []
    )
    reference = f"ruff server {_p(theirs, 50)} ms" if theirs else "ruff not found"
    ratio = ""
    if theirs:
        ratio = f" ({editor.percentile(ours, 50) / editor.percentile(theirs, 50):.0f}× ruff)"
    target = "≤ 5 ms p50" if lines < 1000 else "—"
    _row(f"{lines:,}-line Python, pull p50", target, f"{_p(ours, 50)} ms{ratio}", reference)


def test_keystroke_10k_dotenv(benchmark) -> None:
    times = benchmark.pedantic(
        editor.edit_one,
        (".env", lambda e: editor.dotenv_text(10_000, e), "dotenv"),
        {"pull": True, "edits": 10},
        rounds=1,
        iterations=1,
    )
    _row(
        "10,000-line .env, pull p50 / p95", "≤ 250 ms p95", f"{_p(times, 50)} / {_p(times, 95)} ms"
    )


@pytest.mark.parametrize("count", [300, 1000])
def test_many_documents_open(benchmark, count: int) -> None:
    times, rss = benchmark.pedantic(editor.many_open, (count,), rounds=1, iterations=1)
    target = "≤ 100 ms p50, ≤ 120 MB" if count == 300 else "≤ 150 MB"
    _row(
        f"{count} documents open: edited doc p50, RSS", target, f"{_p(times, 50)} ms, {rss:.0f} MiB"
    )


def test_cold_start(benchmark) -> None:
    times = benchmark.pedantic(editor.cold_start, (5,), rounds=1, iterations=1)
    ruff = editor.ruff_command()
    theirs = editor.cold_start_python(5, ruff) if ruff else []
    reference = f"ruff server {_p(theirs, 50)} ms" if theirs else "ruff not found"
    _row("cold start → first diagnostics p50", "≤ 400 ms", f"{_p(times, 50)} ms", reference)


def test_fix_all_10k_dotenv(benchmark) -> None:
    times = benchmark.pedantic(editor.fix_all, (10_000, 3), rounds=1, iterations=1)
    _row("source.fixAll on a 10k-line .env p50", "≤ 300 ms", f"{_p(times, 50)} ms")


@pytest.mark.parametrize("files", [5_000, 20_000], ids=["1x", "4x"])
def test_check_against_ripgrep(benchmark, files: int) -> None:
    if shutil.which("rg") is None:
        print("\nripgrep (rg) not found: authlint is timed alone")
    row = benchmark.pedantic(tree.compare, (files,), rounds=1, iterations=1)
    ratio = row["wall"] / row["rg_wall"] if row["rg_wall"] == row["rg_wall"] else float("nan")
    _row(
        f"check over {row['files']:,} files: wall, peak RSS",
        "≤ 15× rg wall, ≤ 150 MiB",
        f"{row['wall']:.1f} s ({ratio:.0f}× rg), {row['rss']:.0f} MiB",
        f"rg {row['rg_wall']:.2f} s",
    )
