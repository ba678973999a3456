"""The editor matrix of issue 15, timed with a raw JSON-RPC client (:mod:`rawlsp`).

``python tests/bench/editor.py`` prints the table; ``tests/bench/test_editor_bench.py``
runs the same scenarios under pytest-benchmark. Every scenario builds its own
project and home in a temporary folder; ``authlint server`` runs with ``HOME``
pointed there, ``ruff server`` (when found) on the same Python files.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rawlsp import RawClient, percentile  # noqa: E402

from keys import api_key  # noqa: E402

AUTHLINT = [sys.executable, "-m", "authlint", "server"]
EDITS = 40


def ruff_command() -> list[str] | None:
    """``ruff server`` from the venv or PATH, or ``None``."""
    here = Path(sys.executable).parent / "ruff"
    found = str(here) if here.exists() else shutil.which("ruff")
    return [found, "server"] if found else None


# --- files --------------------------------------------------------------------------------


def dotenv_text(lines: int, edit: int = 0) -> str:
    """A ``.env`` of ``lines`` lines; ``edit`` changes one value in the middle."""
    rows = [f"SETTING_{i}=value-{i}  # comment" for i in range(lines - 2)]
    rows[len(rows) // 2] = f"SETTING_MIDDLE=value-{edit}"
    rows.append(f"ANTHROPIC_API_KEY={api_key('bench')}")
    rows.append("ANTHROPIC_BASE_URL=https://api.anthropic.com")
    return "\n".join(rows) + "\n"


def zshrc_text(lines: int, edit: int = 0) -> str:
    """A ``.zshrc`` of ``lines`` lines with aliases, exports and a function."""
    rows = []
    for i in range(lines - 2):
        if i % 10 == 0:
            rows.append(f"alias g{i}='git status -s'")
        elif i % 10 == 5:
            rows.append(f'[[ -d "$HOME/bin{i}" ]] && path+=("$HOME/bin{i}")')
        else:
            rows.append(f'export SETTING_{i}="value-{i}"')
    rows[len(rows) // 2] = f'export SETTING_MIDDLE="value-{edit}"'
    rows.append(f"export ANTHROPIC_API_KEY={api_key('zsh')}")
    rows.append("export ANTHROPIC_BASE_URL=https://api.anthropic.com")
    return "\n".join(rows) + "\n"


def python_text(lines: int, edit: int = 0) -> str:
    """A Python module of about ``lines`` lines that uses the SDK."""
    rows = [
        "import os",
        "",
        "import anthropic",
        "",
        'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])',
        "",
    ]
    i = 0
    while len(rows) < lines:
        rows += [
            f"def handler_{i}(event, context):",
            f'    """Handle event {i}."""',
            f"    value = event.get('key_{i}', {i})",
            "    if value > 10:",
            f"        return value * {i}",
            "    return None",
            "",
        ]
        i += 1
    rows.insert(len(rows) // 2, f"MIDDLE = {edit}")
    return "\n".join(rows[:lines]) + "\n"


@dataclass
class Tree:
    """A project folder inside a home folder."""

    home: Path
    project: Path


@contextmanager
def tree() -> Iterator[Tree]:
    """A home with a ``.zshrc`` and a project with ``pyproject.toml`` and a few code files."""
    with tempfile.TemporaryDirectory(prefix="authlint-bench-") as folder:
        home = Path(folder) / "home"
        project = home / "proj"
        project.mkdir(parents=True)
        (home / ".zshrc").write_text(zshrc_text(60))
        (project / "pyproject.toml").write_text("[project]\nname = 'bench'\n")
        for i in range(20):
            (project / f"mod{i}.py").write_text(python_text(40))
        (project / "app.py").write_text(
            "from dotenv import load_dotenv\nload_dotenv()\n" + python_text(30)
        )
        yield Tree(home, project)


def client(root: Path, home: Path, *, pull: bool, command: list[str] | None = None) -> RawClient:
    """A started and initialised client of ``command`` (authlint by default)."""
    env = {"HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    raw = RawClient(command or AUTHLINT, root, pull=pull, env=env)
    raw.initialize()
    return raw


# --- scenarios ----------------------------------------------------------------------------


def keystrokes(
    raw: RawClient,
    path: Path,
    make: Callable[[int], str],
    edits: int = EDITS,
) -> list[float]:
    """Milliseconds from each ``didChange`` to that version's diagnostics."""
    times = []
    for edit in range(1, edits + 1):
        text = make(edit)
        start = time.perf_counter()
        version = raw.change(path, text)
        if raw.pull:
            raw.pull_diagnostics(path)
        else:
            raw.published(path, version)
        times.append((time.perf_counter() - start) * 1000)
    return times


def edit_one(
    name: str,
    make: Callable[[int], str],
    language: str,
    *,
    pull: bool,
    command: list[str] | None = None,
    edits: int = EDITS,
    in_home: bool = False,
) -> list[float]:
    """Open one file, settle, then time ``edits`` keystrokes.

    The file is in the project, or with ``in_home`` in the home folder (a
    ``~/.zshrc`` is a profile the environment model reads; one in a project
    is not).
    """
    with tree() as t:
        path = (t.home if in_home else t.project) / name
        path.write_text(make(0))
        raw = client(t.project, t.home, pull=pull, command=command)
        try:
            raw.open(path, make(0), language)
            if pull:
                raw.pull_diagnostics(path)
            else:
                raw.published(path, None)
            time.sleep(0.5)
            raw.drain()
            keystrokes(raw, path, make, 3)  # warm up
            return keystrokes(raw, path, make, edits)
        finally:
            raw.close()


def many_open(count: int, edits: int = 20) -> tuple[list[float], float]:
    """``count`` ``.env`` files open (pull); keystroke times in one of them, and the RSS."""
    with tree() as t:
        paths = []
        for i in range(count):
            folder = t.project / f"svc{i}"
            folder.mkdir()
            path = folder / ".env"
            path.write_text(dotenv_text(20))
            paths.append(path)
        raw = client(t.project, t.home, pull=True)
        try:
            for path in paths:
                raw.open(path, dotenv_text(20), "dotenv")
            for path in paths:
                raw.pull_diagnostics(path)
            edited = paths[count // 2]
            times = keystrokes(raw, edited, lambda e: dotenv_text(20, e), edits)
            return times, raw.rss_mib()
        finally:
            raw.close()


# Installed packages have their bytecode: a cold start must not include compiling authlint
# (this repository's tests run with PYTHONDONTWRITEBYTECODE=1), so the bytecode goes to a
# private cache that the first, untimed, start fills.
_PYCACHE = tempfile.mkdtemp(prefix="authlint-bench-pyc-")
BYTECODE = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": _PYCACHE}


def cold_start(runs: int = 5, command: list[str] | None = None) -> list[float]:
    """Milliseconds from spawning the server to the first diagnostics of an open ``.env``.

    One untimed start first fills the bytecode cache (:data:`BYTECODE`).
    """
    times = []
    for run in range(runs + 1):
        with tree() as t:
            path = t.project / ".env"
            path.write_text(dotenv_text(30))
            start = time.perf_counter()
            raw = RawClient(
                command or AUTHLINT,
                t.project,
                pull=False,
                env={
                    "HOME": str(t.home),
                    "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
                    **BYTECODE,
                },
            )
            try:
                raw.initialize()
                raw.open(path, dotenv_text(30), "dotenv")
                raw.published(path, None)
                if run:
                    times.append((time.perf_counter() - start) * 1000)
            finally:
                raw.close()
    return times


def cold_start_python(runs: int, command: list[str]) -> list[float]:
    """Spawn → first diagnostics of an open Python file (for ``ruff server``)."""
    times = []
    for _ in range(runs):
        with tree() as t:
            path = t.project / "main.py"
            path.write_text(python_text(30))
            start = time.perf_counter()
            raw = RawClient(command, t.project, pull=True)
            try:
                raw.initialize()
                raw.open(path, python_text(30), "python")
                raw.pull_diagnostics(path)
                times.append((time.perf_counter() - start) * 1000)
            finally:
                raw.close()
    return times


def fix_all(lines: int = 10_000, runs: int = 3) -> list[float]:
    """Milliseconds for ``source.fixAll.authlint`` on a ``.env`` of ``lines`` fixable lines."""

    def text() -> str:
        rows = [f"SETTING_{i} = value-{i}" for i in range(lines - 1)]  # AL space-around-equals
        rows.append(f"ANTHROPIC_APIKEY={api_key('fix')}")
        return "\n".join(rows) + "\n"

    with tree() as t:
        path = t.project / ".env"
        path.write_text(text())
        raw = client(t.project, t.home, pull=True)
        try:
            raw.open(path, text(), "dotenv")
            diagnostics = raw.pull_diagnostics(path)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                raw.request(
                    "textDocument/codeAction",
                    {
                        "textDocument": {"uri": path.as_uri()},
                        "range": {
                            "start": {"line": 0, "character": 0},
                            "end": {"line": lines, "character": 0},
                        },
                        "context": {"diagnostics": diagnostics[:50], "only": ["source.fixAll"]},
                    },
                )
                times.append((time.perf_counter() - start) * 1000)
            return times
        finally:
            raw.close()


# --- the table ----------------------------------------------------------------------------


def p(values: list[float], q: float) -> str:
    """``values``' ``q``-th percentile in ms, formatted."""
    return f"{percentile(values, q):.1f}"


def matrix(quick: bool = False) -> list[tuple[str, str, str, str]]:
    """Every scenario: (what, target, measured, reference)."""
    rows: list[tuple[str, str, str, str]] = []
    ruff = ruff_command()
    n = 10 if quick else EDITS

    def env300(e: int) -> str:
        return dotenv_text(300, e)

    def zsh300(e: int) -> str:
        return zshrc_text(300, e)

    def py300(e: int) -> str:
        return python_text(300, e)

    def env10k(e: int) -> str:
        return dotenv_text(10_000, e)

    def py10k(e: int) -> str:
        return python_text(10_000, e)

    pull = edit_one(".env", env300, "dotenv", pull=True, edits=n)
    rows.append(
        ("300-line .env, pull p50 / p95 (ms)", "≤ 15 (p95)", f"{p(pull, 50)} / {p(pull, 95)}", "—")
    )
    push = edit_one(".env", env300, "dotenv", pull=False, edits=n)
    rows.append(
        ("300-line .env, push p50 / p95 (ms)", "≤ 60 (p95)", f"{p(push, 50)} / {p(push, 95)}", "—")
    )
    pull = edit_one(".zshrc", zsh300, "shellscript", pull=True, edits=n)
    rows.append(
        (
            "300-line .zshrc, pull p50 / p95 (ms)",
            "≤ 15 (p95)",
            f"{p(pull, 50)} / {p(pull, 95)}",
            "—",
        )
    )
    push = edit_one(".zshrc", zsh300, "shellscript", pull=False, edits=n)
    rows.append(
        (
            "300-line .zshrc, push p50 / p95 (ms)",
            "≤ 60 (p95)",
            f"{p(push, 50)} / {p(push, 95)}",
            "—",
        )
    )
    pull = edit_one(".zshrc", zsh300, "shellscript", pull=True, edits=n, in_home=True)
    push = edit_one(".zshrc", zsh300, "shellscript", pull=False, edits=n, in_home=True)
    rows.append(
        (
            "300-line ~/.zshrc (read by the model), pull / push p95 (ms)",
            "≤ 15 / ≤ 60",
            f"{p(pull, 95)} / {p(push, 95)}",
            "—",
        )
    )
    ours = edit_one("main.py", py300, "python", pull=True, edits=n)
    theirs = edit_one("main.py", py300, "python", pull=True, edits=n, command=ruff) if ruff else []
    rows.append(
        (
            "300-line Python, pull p50 (ms)",
            "≤ 5",
            p(ours, 50),
            f"ruff {p(theirs, 50)}" if theirs else "ruff not found",
        )
    )
    big = edit_one(".env", env10k, "dotenv", pull=True, edits=max(5, n // 4))
    rows.append(
        (
            "10,000-line .env, pull p50 / p95 (ms)",
            "≤ 250 (p95)",
            f"{p(big, 50)} / {p(big, 95)}",
            "—",
        )
    )
    ours = edit_one("main.py", py10k, "python", pull=True, edits=max(5, n // 4))
    theirs = (
        edit_one("main.py", py10k, "python", pull=True, edits=max(5, n // 4), command=ruff)
        if ruff
        else []
    )
    ratio = f" ({percentile(ours, 50) / percentile(theirs, 50):.0f}×)" if theirs else ""
    rows.append(
        (
            "10,000-line Python, pull p50 (ms)",
            "—",
            p(ours, 50) + ratio,
            f"ruff {p(theirs, 50)}" if theirs else "ruff not found",
        )
    )
    times, rss = many_open(300, 10 if quick else 20)
    rows.append(
        (
            "300 documents open: edited doc p50 (ms) / RSS (MiB)",
            "≤ 100 / ≤ 120",
            f"{p(times, 50)} / {rss:.0f}",
            "—",
        )
    )
    if not quick:
        times, rss = many_open(1000, 5)
        rows.append(
            (
                "1,000 documents open: edited doc p50 (ms) / RSS (MiB)",
                "— / ≤ 150",
                f"{p(times, 50)} / {rss:.0f}",
                "—",
            )
        )
    cold = cold_start(3 if quick else 5)
    theirs = cold_start_python(3 if quick else 5, ruff) if ruff else []
    rows.append(
        (
            "cold start → first diagnostics p50 (ms)",
            "≤ 400",
            p(cold, 50),
            f"ruff {p(theirs, 50)}" if theirs else "ruff not found",
        )
    )
    fixes = fix_all(10_000, 2 if quick else 3)
    rows.append(("source.fixAll on a 10k-line .env p50 (ms)", "≤ 300", p(fixes, 50), "—"))
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    """Print ``rows`` as a Markdown table."""
    print("| what | target | measured | reference |")  # noqa: T201
    print("|---|---|---|---|")  # noqa: T201
    for row in rows:
        print("| " + " | ".join(row) + " |")  # noqa: T201


if __name__ == "__main__":
    print_table(matrix(quick="--quick" in sys.argv))
    _ = statistics
