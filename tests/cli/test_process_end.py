"""The ``authlint`` program ends its process once ``check`` has written its report.

Nothing written is lost on the way (the report, log lines, errors), the exit
status is the run's, and a caller of :func:`authlint.cli.main` in its own
process gets the status back instead. The program runs with its output
buffered, as it is outside this test suite (``PYTHONUNBUFFERED`` unset).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import keys

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def program(run_program: Run, cli_env: dict[str, str]) -> Run:
    """``program(command...)`` -> CompletedProcess, run in ``tmp_path`` with buffered output."""
    env = {k: v for k, v in cli_env.items() if k != "PYTHONUNBUFFERED"}
    return lambda *command: run_program(*command, env=env)


@pytest.fixture
def authlint(program: Run) -> Run:
    """``authlint(*args)`` -> CompletedProcess: ``python -m authlint`` with buffered output."""
    return lambda *args: program(sys.executable, "-m", "authlint", *args)


def _findings(root: Path, files: int) -> None:
    for n in range(files):
        folder = root / f"svc{n:03d}"
        folder.mkdir(parents=True)
        (folder / ".env").write_text(f'ANTHROPIC_API_KEY="{keys.api_key(str(n))} "\n')


def test_a_large_report_arrives_whole_through_a_pipe(authlint, tmp_path: Path) -> None:
    _findings(tmp_path / "tree", 300)
    result = authlint("check", "tree", "--no-home", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)  # the whole report: it parses
    assert len({f["filename"] for f in report}) == 300


def test_a_small_report_is_written_too(authlint, tmp_path: Path) -> None:
    # Smaller than the output buffer: written only when the process flushes it.
    _findings(tmp_path / "tree", 1)
    for output in ("text", "json", "sarif"):
        result = authlint("check", "tree", "--no-home", "--format", output)
        assert result.returncode == 1, result.stderr
        assert "AL201" in result.stdout, output
        assert result.stdout.endswith("\n"), output


def test_log_lines_and_errors_are_written_before_the_process_ends(authlint, tmp_path: Path) -> None:
    _findings(tmp_path / "tree", 3)
    (tmp_path / "tree" / "zz.env").write_bytes(b"#" * (11 << 20))  # cannot be read: exit 2
    result = authlint("check", "tree", "--no-home", "-v")
    assert result.returncode == 2
    assert "authlint: cannot read tree/zz.env" in result.stderr
    assert "checking tree/zz.env as dotenv" in result.stderr


def test_the_exit_status_is_the_runs(authlint, tmp_path: Path) -> None:
    _findings(tmp_path / "tree", 2)
    assert authlint("check", "tree", "--no-home").returncode == 1
    assert authlint("check", "tree", "--no-home", "--exit-zero").returncode == 0
    (tmp_path / "clean").mkdir()
    assert authlint("check", "clean", "--no-home").returncode == 0


def test_the_installed_program_ends_the_same_way(program: Run, tmp_path: Path) -> None:
    # The `authlint` script pip makes calls authlint.cli:script, as `python -m authlint` does.
    script = Path(sys.executable).parent / "authlint"
    _findings(tmp_path / "tree", 2)
    result = program(str(script), "check", "tree", "--no-home", "--format", "json")
    assert result.returncode == 1, result.stderr
    assert len(json.loads(result.stdout)) >= 2


def test_a_caller_in_its_own_process_gets_the_status_back(tmp_path: Path, capsys) -> None:
    from authlint.cli import main

    _findings(tmp_path / "tree", 2)
    assert main(["check", str(tmp_path / "tree"), "--no-home", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)) >= 2
