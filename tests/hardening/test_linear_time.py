"""Issue 13, time: checking a file takes time linear in its size, in every kind.

The audit: 4,000 identical ``ANTHROPIC_API_KEY=`` lines took 23 s, 20,000 over a
minute, in ``.env``, profiles, fish, PowerShell, JSON env blocks and Compose; one
5 MB value took up to 55 s. The causes were quadratic: ``definitions(name)`` and
"is this overridden" scanned every assignment per assignment, env blocks were
searched per assignment, model resolutions were searched per definition and per
context (a Compose file has a context per service), python-dotenv's inline-comment
regex backtracked over runs of blanks, and per-character Python loops judged long
values once per rule.

These are coarse guards, not benchmarks (``tests/bench`` measures): four times the
input may take at most eight times as long (quadratic work takes sixteen times),
and the sizes of the audit stay under a cap several times what they take now (well
under what they took before). The real CLI runs, with JSON output (the text renderer
has its own guard in ``test_scaling.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from dotenv.parser import parse_stream
from hypothesis import given, settings
from hypothesis import strategies as st

from authlint.cli import main
from authlint.core.suppression import suppressions
from authlint.core.text import LineIndex


def _json_env(key: str) -> Callable[[int], str]:
    def make(count: int) -> str:
        body = ",\n".join('    "ANTHROPIC_API_KEY": ""' for _ in range(count))
        return f'{{\n  "{key}": {{\n{body}\n  }}\n}}\n'

    return make


# name -> (file, text of `count` identical definitions)
LINES: dict[str, tuple[str, Callable[[int], str]]] = {
    "dotenv": (".env", lambda n: "ANTHROPIC_API_KEY=\n" * n),
    "bashrc": (".bashrc", lambda n: "export ANTHROPIC_API_KEY=\n" * n),
    "zshrc": (".zshrc", lambda n: "export ANTHROPIC_API_KEY=\n" * n),
    "fish": ("config.fish", lambda n: "set -gx ANTHROPIC_API_KEY ''\n" * n),
    "powershell": ("profile.ps1", lambda n: "$env:ANTHROPIC_API_KEY = ''\n" * n),
    "claude-settings-env": (".claude/settings.json", _json_env("env")),
    "vscode-terminal-env": (".vscode/settings.json", _json_env("terminal.integrated.env.linux")),
    "devcontainer-env": (".devcontainer/devcontainer.json", _json_env("containerEnv")),
    "compose-list": (
        "compose.yaml",
        lambda n: "services:\n  app:\n    environment:\n" + "      - ANTHROPIC_API_KEY=\n" * n,
    ),
    "compose-mapping": (
        "compose.yaml",
        lambda n: "services:\n  app:\n    environment:\n" + "      ANTHROPIC_API_KEY: ''\n" * n,
    ),
    # A Compose service per line: a launch context and an env block each.
    "compose-services": (
        "compose.yaml",
        lambda n: (
            "services:\n"
            + "".join(f"  s{i}:\n    environment:\n      - ANTHROPIC_API_KEY=\n" for i in range(n))
        ),
    ),
}


def _check(folder: Path) -> tuple[float, list[dict[str, object]]]:
    """Seconds ``authlint check FOLDER --no-home --format json`` takes, and its findings."""
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["check", str(folder), "--no-home", "--format", "json"])
    seconds = time.perf_counter() - started
    assert status in (0, 1)
    return seconds, json.loads(out.getvalue())


def _seconds(folder: Path, name: str, text: str, runs: int) -> float:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return min(_check(folder)[0] for _ in range(runs))


@pytest.mark.parametrize("kind", list(LINES))
def test_identical_lines_take_linear_time(tmp_path: Path, kind: str) -> None:
    name, make = LINES[kind]
    small_count = 250 if kind == "compose-services" else 1000
    _seconds(tmp_path / "warm", name, make(10), 1)  # imports, parsers
    for attempt in range(2):  # one retry: the machine may be busy for a moment
        small = _seconds(tmp_path / f"small{attempt}", name, make(small_count), 2)
        large = _seconds(tmp_path / f"large{attempt}", name, make(4 * small_count), 1)
        if large < 8 * small + 0.5:
            return
    pytest.fail(f"{small_count:,} lines: {small:.2f} s; {4 * small_count:,} lines: {large:.2f} s")


def test_twenty_thousand_identical_lines_stay_under_a_cap(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ANTHROPIC_API_KEY=\n" * 20_000)
    seconds, findings = _check(tmp_path)
    assert len(findings) == 19_999  # AL306 at every line a later one replaces
    assert seconds < 30, f"{seconds:.1f} s"  # over 60 s before; about 3 s on a quiet machine


# One 5 MB value: long runs of key characters, of blanks (python-dotenv's comment regex
# backtracked over them), a URL host (the base-URL rules), in a profile and in JSON; and
# 5 MB of long names.
BIG = 5_000_000
VALUES = {
    "key-characters": (".env", f"ANTHROPIC_API_KEY=sk-ant-api03-{'A' * BIG}\n"),
    "blank-run": (".env", f"ANTHROPIC_API_KEY=a{' ' * BIG}b\n"),
    "base-url": (".env", f"ANTHROPIC_BASE_URL=https://{'a' * BIG}\n"),
    "profile": (".zshrc", f'export ANTHROPIC_API_KEY="{"A" * BIG}"\n'),
    "json": (".claude/settings.json", f'{{"env": {{"ANTHROPIC_API_KEY": "{"A" * BIG}"}}}}\n'),
    # Long names: the misspelled-name rule's edit distance had no length cut-off.
    "long-names": (".env", "".join(f"ANTHROPIC_{'A' * 25_000}{i}=x\n" for i in range(200))),
}


@pytest.mark.parametrize("case", list(VALUES))
def test_five_megabyte_value_stays_under_a_cap(tmp_path: Path, case: str) -> None:
    """In a subprocess with a timeout: the blank run took hours before, not seconds."""
    name, text = VALUES[case]
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    command = [sys.executable, "-m", "authlint", "check", str(tmp_path), "--no-home"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert result.returncode in (0, 1), result.stderr[-500:]
    assert "internal error" not in result.stderr
    assert seconds < 20, f"{seconds:.1f} s"


# --- the linear replacements give what the quadratic code gave ----------------------------

_BLANKS_AND_HASHES = st.text(alphabet=" \t\n\r\x0b\u00a0\u2028#ab", max_size=24)


@settings(max_examples=400, deadline=None)
@given(_BLANKS_AND_HASHES)
def test_inline_comment_strip_equals_python_dotenv_regex(text: str) -> None:
    from authlint.scanners.dotenv import strip_inline_comment  # new: the file loads without it

    assert strip_inline_comment(text) == re.sub(r"\s+#.*", "", text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r#='\"\\$abAB_x", max_size=40))
def test_dotenv_bindings_equal_python_dotenv(text: str) -> None:
    """The scanner's parse loop is python-dotenv's, but for the linear comment strip."""
    from authlint.scanners import dotenv as dotenv_scanner

    # `original.line` is the reader's offset in ours (python-dotenv's line count is not used).
    def shape(bindings: Iterable[Any]) -> list[tuple[Any, ...]]:
        return [(b.key, b.value, b.original.string, b.error) for b in bindings]

    ours = shape(dotenv_scanner._parse_stream(io.StringIO(text)))
    assert ours == shape(parse_stream(io.StringIO(text)))


def _full_distance(a: str, b: str) -> int:
    """The optimal-string-alignment distance, the whole table (the former implementation)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


@settings(max_examples=600, deadline=None)
@given(st.text("ABK_", max_size=9), st.text("ABK_", max_size=9), st.integers(0, 3))
def test_bounded_edit_distance_is_exact_up_to_its_limit(a: str, b: str, limit: int) -> None:
    from authlint.rules._names import edit_distance

    full = _full_distance(a, b)
    assert edit_distance(a, b) == full
    assert edit_distance(a, b, limit) == min(full, limit + 1)


def _per_line_suppressions(index: LineIndex) -> dict[int, frozenset[str]]:
    """The former implementation: the directive regex run on every line."""
    directive = re.compile(r"(?:#|//)\s*authlint:\s*ignore(?:\[([^\]]*)\]|(?![\w\[-]))")
    result: dict[int, set[str]] = {}
    for line in range(index.line_count):
        text = index.line_text(line)
        match = directive.search(text)
        if match is None:
            continue
        codes = {c for c in re.split(r"[,\s]+", match.group(1) or "") if c} or {"*"}
        target = line + 1 if not text[: match.start()].strip() else line
        result.setdefault(target, set()).update(codes)
    return {line: frozenset(codes) for line, codes in result.items()}


_SUPPRESSION_PIECES = st.sampled_from(
    ["#", "//", " ", "\t", "authlint:", "ignore", "ignored", "[", "]", "AL1", ",", "x", "\n"]
    + ["\r\n", "\r", "\x0b", "-", "# authlint: ignore[AL2, al3]", "K=v # authlint: ignore"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_SUPPRESSION_PIECES, max_size=14).map("".join))
def test_suppressions_found_in_one_pass_equal_the_per_line_search(text: str) -> None:
    index = LineIndex(text)
    assert suppressions(index) == _per_line_suppressions(index)
