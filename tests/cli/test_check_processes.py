"""``authlint check`` in several processes (``--jobs``) reports what one process reports.

Also when the walk goes on while the other processes sort (a tree of more than
``PARALLEL_FILES`` files), and when a process of the second pass ends before
sending what it took. Code without a trigger word that no rule can report in is
not read again in the second pass, while a module whose constant another module
passes to a client still is.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import corpus
import keys
from authlint.core.facts import FileKind

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="processes are forked on Linux")


def _tree(root: Path, services: int = 12) -> None:
    """Services with findings of many kinds, plain code, and files that cannot be read."""
    for n in range(services):
        folder = root / f"svc{n:02d}"
        (folder / "src").mkdir(parents=True)
        (folder / ".env").write_text(
            f'ANTHROPIC_API_KEY="{keys.api_key(str(n))} "\n'
            "ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n"
        )
        (folder / ".env.example").write_text(f"ANTHROPIC_API_KEY={keys.api_key(f'x{n}')}\n")
        (folder / "src" / "main.py").write_text(
            "import anthropic\nfrom dotenv import load_dotenv\n"
            "client = anthropic.Anthropic()\nload_dotenv()\n"
        )
        (folder / "src" / "config.py").write_text(
            'BASE_URL = "https://llm.acme-corp.io/gateway/v1"\n'
        )
        (folder / "src" / "app.py").write_text(
            "from anthropic import Anthropic\nfrom .config import BASE_URL\n"
            "client = Anthropic(base_url=BASE_URL)\n"
        )
        (folder / "src" / "__init__.py").write_text("")
        for i in range(8):
            (folder / "src" / f"plain{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
        (folder / "web.ts").write_text("export const x = 1; // authlint: ignore\n")
        (folder / "compose.yaml").write_text(
            "services:\n  app:\n    environment:\n      ANTHROPIC_API_KEY: sk-ant-api03-x\n"
        )


def _stderr_alike(authlint, tree: str, report: list[str] | None = None) -> list[str]:
    """Check ``tree`` in one process and in two: the same report, stderr and status (2).

    Gives stderr's lines, each cut to what follows ``authlint:``; ``report``
    receives the JSON report.
    """
    one = authlint("check", tree, "--no-home", "--format", "json", "--jobs", "1")
    two = authlint("check", tree, "--no-home", "--format", "json", "--jobs", "2")
    assert one.returncode == 2
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    if report is not None:
        report.append(one.stdout)
    return [line.split(":")[1] for line in one.stderr.splitlines()]


@pytest.mark.parametrize("output", ["json", "text", "sarif"])
def test_two_processes_report_what_one_reports(authlint, tmp_path: Path, output: str) -> None:
    _tree(tmp_path / "tree")
    one = authlint("check", "tree", "--no-home", "--format", output, "--jobs", "1")
    two = authlint("check", "tree", "--no-home", "--format", output, "--jobs", "3")
    assert one.returncode == 1, one.stderr
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert "AL602" in one.stdout  # in each config.py, which names no SDK


def test_files_that_cannot_be_read_are_reported_alike(authlint, tmp_path: Path) -> None:
    _tree(tmp_path / "tree", services=4)
    for n in (1, 3):  # larger than authlint reads (10 MiB)
        (tmp_path / "tree" / f"svc{n:02d}" / "src" / "huge.py").write_bytes(b"#" * (11 << 20))
    one = authlint("check", "tree", "--no-home", "--format", "json", "--jobs", "1")
    two = authlint("check", "tree", "--no-home", "--format", "json", "--jobs", "2")
    assert one.returncode == 2
    assert one.stderr.count("cannot read") == 2
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_first_pass_failures_of_every_kind_are_reported_in_walk_order(
    authlint, tmp_path: Path
) -> None:
    # In several processes the others read every file and scan most kinds, this one scans the
    # .env files: a failure of each is reported where one process reports it.
    _tree(tmp_path / "tree", services=6)
    huge = b"#" * (11 << 20)
    (tmp_path / "tree" / "svc01" / ".env").write_bytes(huge)  # read there, scanned here
    (tmp_path / "tree" / "svc02" / "compose.yaml").write_bytes(huge)  # read and scanned there
    (tmp_path / "tree" / "svc03" / "src" / "main.py").write_bytes(huge)  # code the model reads
    (tmp_path / "tree" / "svc04" / "src" / "plain3.py").write_bytes(huge)  # code it need not
    assert _stderr_alike(authlint, "tree") == [
        " cannot read tree/svc01/.env",
        " cannot read tree/svc02/compose.yaml",
        " cannot read tree/svc03/src/main.py",
        " cannot read tree/svc04/src/plain3.py",
    ]


def test_fixes_are_the_same_when_other_processes_read(authlint, tmp_path: Path) -> None:
    # With --fix the first pass still reads in several processes; fixes are made in this one.
    for name in ("one", "two"):
        _tree(tmp_path / name, services=4)
    one = authlint("check", "one", "--no-home", "--fix", "--jobs", "1", cwd=tmp_path)
    two = authlint("check", "two", "--no-home", "--fix", "--jobs", "2", cwd=tmp_path)
    assert one.returncode == two.returncode
    assert two.stdout == one.stdout.replace("one/", "two/")
    fixed = {
        p.relative_to(tmp_path / "one"): p.read_bytes()
        for p in (tmp_path / "one").rglob("*")
        if p.is_file()
    }
    assert "Fixed " in one.stdout
    assert fixed == {
        p.relative_to(tmp_path / "two"): p.read_bytes()
        for p in (tmp_path / "two").rglob("*")
        if p.is_file()
    }


def test_transcripts_and_notebooks_are_reported_alike(authlint, tmp_path: Path) -> None:
    # A Claude Code transcript is sorted and scanned by this process (the others do not read
    # it); a notebook, a document, by the others.
    _tree(tmp_path / "tree", services=4)
    home = tmp_path / "home"
    projects = home / ".claude" / "projects" / "-tree"
    projects.mkdir(parents=True)
    key = keys.api_key("transcript")
    lines = [
        {"type": "user", "message": {"role": "user", "content": f"my key {key} gives 401"}},
        {"type": "user", "message": {"role": "user", "content": "import anthropic; dotenv?"}},
    ]
    (projects / "one.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (projects / "two.jsonl").write_text(json.dumps(lines[1]) + "\n")
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    notebook = {
        "cells": [{**cell, "source": [f"import anthropic\nkey = '{key}'\n"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "tree" / "svc00" / "explore.ipynb").write_text(json.dumps(notebook))
    args = ("check", "tree", "--home", str(home), "--format", "json")
    one = authlint(*args, "--jobs", "1")
    two = authlint(*args, "--jobs", "2")
    assert one.returncode == 1, one.stderr
    assert "one.jsonl" in one.stdout and "explore.ipynb" in one.stdout
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


@pytest.mark.skipif(not corpus.available(), reason="shared corpus not present")
@pytest.mark.parametrize("output", ["json", "text"])
def test_the_real_corpus_is_reported_alike(authlint, tmp_path: Path, output: str) -> None:
    # Every kind of file the real corpus has is scanned by other processes and sent back.
    corpus.materialise(tmp_path / "tree")
    one = authlint("check", "tree", "--no-home", "--format", output, "--jobs", "1")
    two = authlint("check", "tree", "--no-home", "--format", output, "--jobs", "2")
    assert one.returncode == 1, one.stderr
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_a_module_another_passes_a_constant_of_is_checked(authlint, tmp_path: Path) -> None:
    _tree(tmp_path / "tree", services=1)
    result = authlint("check", "tree", "--no-home", "--format", "json", "--select", "AL602")
    assert result.returncode == 1, result.stderr
    assert "tree/svc00/src/config.py" in result.stdout


def test_the_collector_thresholds_are_restored_after_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `check` collects the youngest generation less often while it runs (README "Performance"),
    # and a caller in the same process gets its own thresholds back.
    import contextlib
    import gc
    import io

    from authlint.cli import main
    from authlint.commands import check

    _tree(tmp_path / "tree", services=1)
    before = gc.get_threshold()
    during: list[tuple[int, ...]] = []
    real = check._run

    def run_noting_thresholds(args: argparse.Namespace) -> int:
        during.append(gc.get_threshold())
        return real(args)

    monkeypatch.setattr(check, "_run", run_noting_thresholds)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with contextlib.suppress(SystemExit):
            main(["check", str(tmp_path / "tree"), "--no-home"])
    assert during and during[0][0] == check._GC_YOUNGEST != before[0]
    assert gc.get_threshold() == before


def _large(root: Path) -> None:
    """More files than PARALLEL_FILES: the walk goes on after the other processes start."""
    from authlint.commands.check import PARALLEL_FILES

    _tree(root, services=3)
    bulk = root / "bulk"
    bulk.mkdir()
    for i in range(PARALLEL_FILES + 100):
        (bulk / f"m{i:04d}.py").write_text(f"X = {i}\n")
    _tree(root / "zz", services=3)  # walked after the bulk


def test_a_walk_that_goes_on_while_others_sort_reports_alike(authlint, tmp_path: Path) -> None:
    # Warnings of the walk first, then what could not be read, in walk order, in both.
    _large(tmp_path / "tree")
    huge = b"#" * (11 << 20)
    (tmp_path / "tree" / "svc01" / ".env").write_bytes(huge)  # before the others start
    (tmp_path / "tree" / "zz" / "svc02" / "src" / "plain3.py").write_bytes(huge)  # after
    os.mkfifo(tmp_path / "tree" / "zz" / "svc01" / ".env.local")  # a warning, late in the walk
    report: list[str] = []
    assert _stderr_alike(authlint, "tree", report) == [
        " warning",
        " cannot read tree/svc01/.env",
        " cannot read tree/zz/svc02/src/plain3.py",
    ]
    assert "AL602" in report[0] and "tree/zz/svc02/src/config.py" in report[0]


def test_a_missing_path_after_a_large_folder_is_a_usage_error(authlint, tmp_path: Path) -> None:
    # Every named path is looked at before the walk starts: `tree` is not walked (its FIFO would
    # be a warning), and no process is started.
    _large(tmp_path / "tree")
    os.mkfifo(tmp_path / "tree" / "svc00" / ".env.local")
    for jobs in ("1", "2"):
        result = authlint("check", "tree", "missing", "--no-home", "--jobs", jobs)
        assert result.returncode == 2, jobs
        assert result.stdout == ""
        assert result.stderr == "authlint: error: no such file or folder: missing\n"


_MARKS = Path()  # where _slow_sort marks the runs it starts and ends


def _slow_sort(sent: list[tuple[str, FileKind]]) -> object:
    """In a forked process: the first pass's sort of ``sent``, marked as started and done."""
    import time

    from authlint.commands import check

    name = Path(sent[0][0]).name
    (_MARKS / f"{name}.started").touch()
    time.sleep(0.3)
    (_MARKS / f"{name}.done").touch()
    return check._sort_chunk(sent, sent=True)


def test_the_processes_finish_their_runs_when_the_walk_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A walk that fails after the processes started (a folder gone meanwhile) raises its error;
    # the processes are not ended in the middle of a run (Pool.terminate can then wait for
    # ever on a lock a process held, python/cpython#96995): each run started is finished.
    import multiprocessing
    import time

    from authlint.commands import check

    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setattr(sys.modules[__name__], "_MARKS", marks)

    files = []
    for i in range(3 * check._SORT_RUN):
        files.append(tmp_path / "code" / f"m{i:04d}.py")
    files[0].parent.mkdir()
    for file in files:
        file.write_text("X = 1\n")

    def found() -> Iterator[tuple[Path, FileKind]]:
        for file in files:
            yield file, FileKind.PYTHON
        deadline = time.monotonic() + 30
        while not any(marks.glob("*.started")) and time.monotonic() < deadline:
            time.sleep(0.01)
        raise OSError("a folder went away")

    monkeypatch.setattr(check, "_sort_run", _slow_sort)
    with pytest.raises(OSError, match="went away"):
        next(check._sort_in_processes([], found(), 2, lambda: None))
    started = {m.stem for m in marks.glob("*.started")}
    assert started
    assert {m.stem for m in marks.glob("*.done")} == started
    assert multiprocessing.active_children() == []
    assert gc.get_freeze_count() == 0


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tree of 20,000 small files in folders of 100: Python code and a ``.env`` in each."""
    root = tmp_path_factory.mktemp("many") / "tree"
    for folder in range(200):
        (root / f"f{folder:03d}").mkdir(parents=True)
        (root / f"f{folder:03d}" / ".env").write_text(
            "ANTHROPIC_BASE_URL=https://api.anthropic.com\n"
        )
        for i in range(99):
            (root / f"f{folder:03d}" / f"m{i:02d}.py").write_text(f"def f():\n    return {i}\n")
    return root


def _group_members(group: int, *, ended: bool = True) -> list[int]:
    """The processes of process group ``group`` (from /proc); ``ended``: with zombies."""
    members = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[2]) == group and (ended or fields[0] != "Z"):
            members.append(int(entry.name))
    return members


def _niceness(pid: int) -> int:
    """The niceness of process ``pid`` (0 once it has ended)."""
    try:
        return int((Path(f"/proc/{pid}/stat")).read_text().rsplit(")", 1)[1].split()[16])
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started that are running now."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _check_in_its_own_group(tree: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """``authlint check`` on ``tree`` in two processes, started in a process group of its own.

    As a terminal's foreground job: Ctrl-C (SIGINT) ends it unless it says otherwise.
    """
    import signal

    return subprocess.Popen(
        [sys.executable, "-m", "authlint", "check", tree.name, "--no-home", "--jobs", "2"],
        cwd=tree.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.parametrize("during", ["first pass", "second pass"])
def test_ctrl_c_ends_every_process_without_a_traceback(
    many_files: Path, cli_env: dict[str, str], during: str
) -> None:
    # Ctrl-C sends SIGINT to every process of the terminal's group. authlint ends as killed by
    # it (a shell loop stops too), prints no traceback, and leaves no process behind.
    if os.nice(0) >= 19:
        pytest.skip("the first pass's processes cannot be told by their niceness")
    import signal
    import time

    process = _check_in_its_own_group(many_files, cli_env)
    try:
        # The first pass's processes run niced; the second pass's start once they have ended.
        base = os.nice(0)
        sorters: set[int] = set()
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            now = {pid: _niceness(pid) for pid in _children(process.pid)}
            sorters.update(pid for pid, nice in now.items() if nice > base)
            if during == "first pass" and sorters & now.keys():
                break
            if during == "second pass" and sorters and now and not sorters & now.keys():
                break
            time.sleep(0.002)
        assert process.poll() is None, f"the run ended before its {during}"
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == -signal.SIGINT
    assert (stdout, stderr) == ("", "")
    assert _group_members(process.pid) == []  # none running, and none left unwaited for


def test_a_first_pass_process_killed_mid_run_ends_the_run(
    many_files: Path, cli_env: dict[str, str]
) -> None:
    if os.nice(0) >= 19:
        pytest.skip("its processes cannot be told from the others by their niceness")
    # The pool cannot be ended then (it waits for that process's results, or on a lock it
    # held): the run says so and ends (exit 2) instead of waiting for ever, and no process of
    # it is left running (the others end with it: PR_SET_PDEATHSIG).
    import signal
    import time

    process = _check_in_its_own_group(many_files, cli_env)
    try:
        deadline = time.monotonic() + 60
        sorting: list[int] = []
        while process.poll() is None and time.monotonic() < deadline and not sorting:
            sorting = [p for p in _children(process.pid) if _niceness(p) > os.nice(0)]
            time.sleep(0.002)
        assert process.poll() is None, "the run ended before its first pass"
        os.kill(sorting[0], signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 2
    assert stdout == ""
    # "(killed by signal 9)" unless the pool had replaced it before the run looked.
    assert re.fullmatch(
        r"authlint: internal error: a process reading files ended in the middle of the run"
        r"( \(killed by signal 9\))?; run again, or with --jobs 1\n",
        stderr,
    )
    deadline = time.monotonic() + 10
    while _group_members(process.pid, ended=False) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(process.pid, ended=False) == []


def test_runs_a_second_pass_process_did_not_send_are_checked_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A process of the second pass that ends after taking runs leaves them to this one. Here
    # the other process takes every run and ends without sending any.
    from authlint.cli import main
    from authlint.commands import check

    _tree(tmp_path / "tree", services=6)
    args = ["check", str(tmp_path / "tree"), "--no-home", "--format", "json"]
    assert main([*args, "--jobs", "1"]) == 1
    expected = capsys.readouterr().out
    take = check._Runs.take

    def from_the_back_only(runs: check._Runs, front: bool) -> int | None:
        return None if front else take(runs, front)

    def take_all_and_end(runs: check._Runs, send: object) -> None:
        while runs.take(front=False) is not None:
            pass
        os._exit(0)  # a crash: nothing sent

    monkeypatch.setattr(check._Runs, "take", from_the_back_only)
    monkeypatch.setattr(check, "_check_from_back", take_all_and_end)
    assert main([*args, "--jobs", "2"]) == 1
    assert capsys.readouterr().out == expected
    assert len(json.loads(expected)) > 20


def test_first_pass_processes_run_at_a_lower_priority() -> None:
    from authlint.commands import check

    sorters = check._Sorters.start(1)
    try:
        niceness = sorters.pool.apply(os.nice, (0,))
    finally:
        sorters.end()
        gc.unfreeze()
    assert niceness == min(os.nice(0) + check._NICER, 19)
