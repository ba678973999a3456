"""Fuzzing every file kind through the core, the CLI's outputs, ``authlint env`` and the server.

Generated and mutated files (``files_gen``) with secrets of 13 shapes in 22 damage
forms (``secrets_gen``). For every example:

- no exception escapes and no run goes over its time budget;
- no output shows 12 or more characters of any secret's body: findings, related
  information and fix titles; text, JSON and SARIF; ``-vv`` logs and stderr;
  ``authlint env`` text and JSON; the server's diagnostics, hovers, code action
  titles, notifications and its stderr log;
- ``--fix --unsafe-fixes`` is idempotent (a second run changes nothing) and keeps
  every line no fix touched byte for byte (CRLF, BOM and trailing newline included).

The seed is printed in the report header and summary; ``AUTHLINT_FUZZ_SEED`` replays it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from files_gen import Case, cases
from fuzz_seed import SEED, examples
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from secrets_gen import assert_no_leak

from authlint.cli import main
from authlint.core.context import CheckContext, Platform
from authlint.core.source import SourceFile
from authlint.engine import check_source
from authlint.lsp.code_actions import CREATE_COMMAND
from authlint.output import FileResult, json_format, sarif_format, text_format
from authlint.scanners import detect_kind

# Seconds one file may take through the whole core (generated files are under 4 KiB).
BUDGET = 10.0
_FUZZ = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    database=None,
    print_blob=True,
)


def fuzz(count: int) -> settings:
    """The fuzz settings with ``count`` examples (scaled by ``AUTHLINT_FUZZ_SCALE``)."""
    return settings(_FUZZ, max_examples=examples(count))


@contextlib.contextmanager
def planted(case: Case) -> Iterator[tuple[Path, Path, Path]]:
    """A project folder holding the case's file (in a git repository) and an empty home."""
    with tempfile.TemporaryDirectory(prefix="authlint-fuzz-") as tmp:
        root = Path(tmp)
        project, home = root / "project", root / "home"
        home.mkdir()
        path = project / case.path
        path.parent.mkdir(parents=True)
        path.write_bytes(case.data)
        (project / ".git").mkdir()
        yield project, home, path


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``authlint ARGV`` in this process: its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@seed(SEED)
@fuzz(300)
@given(case=cases())
def test_core_never_raises_never_leaks(case: Case) -> None:
    with planted(case) as (project, home, path):
        started = time.monotonic()
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        assert kind is not None, case.path
        context = CheckContext(platform=Platform.LINUX, home=home)
        findings = check_source(source, kind, context)
        assert time.monotonic() - started < BUDGET
        assert all(f.code != "AL000" for f in findings), [
            f.message for f in findings if f.code == "AL000"
        ]
        shown = []
        for finding in findings:
            shown.append(finding.message)
            shown += [r.message for r in finding.related]
            if finding.fix is not None:
                shown.append(finding.fix.title)
        result = [FileResult(source, findings)]
        shown.append(text_format.render(result, project))
        shown.append(json_format.render(result, project))
        shown.append(sarif_format.render(result, project))
        for text in shown:
            text.encode("utf-8")  # every output can be written
        assert_no_leak(f"{case.kind} findings and outputs", "\n".join(shown), list(case.secrets))


def _line_ends_kept(before: bytes, after: bytes, touched: set[int], codes: set[str]) -> None:
    """Every line of ``before`` outside ``touched`` (0-based) is in ``after`` unchanged.

    The two fixes that change a whole file's form on purpose (README "Fixes") are
    allowed theirs: AL202 (line endings) and AL203 (the byte-order marks).
    """
    import difflib

    if "AL203" in codes:
        before, after = before.lstrip(b"\xef\xbb\xbf"), after.lstrip(b"\xef\xbb\xbf")
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if "AL202" in codes:
        old = [line.rstrip(b"\r\n") for line in old]
        new = [line.rstrip(b"\r\n") for line in new]
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(
        a=old, b=new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        lines = set(range(i1, i2)) or {i1, i1 - 1}
        if lines & touched or not old:
            continue
        # Where lines repeat (two closing braces), difflib's alignment is one of several: a fix
        # that turns `}` into `},` and adds a line after it can be read as deleting the next
        # `}`. Then the lines no fix edits must still all be there, in order.
        kept = iter(new)
        untouched = [line for i, line in enumerate(old) if i not in touched]
        assert all(line in kept for line in untouched), (
            f"a fix changed lines {i1}-{i2} that no fix edits"
        )


@seed(SEED)
@fuzz(150)
@given(case=cases())
def test_cli_outputs_and_fixes(case: Case) -> None:
    with planted(case) as (project, home, path):
        secrets = list(case.secrets)
        for fmt in ("text", "json", "sarif"):
            started = time.monotonic()
            status, output, log = run_cli(
                "check", str(project), "--home", str(home), "--format", fmt, "-vv"
            )
            assert time.monotonic() - started < BUDGET
            assert status in (0, 1), log[-2000:]
            assert_no_leak(f"check --format {fmt} on {case.kind}", output + log, secrets)
            if fmt == "json":
                results = json.loads(output)
        # Lines a fix edits, and lines with a finding (a later pass may fix what one exposed).
        touched = {
            line
            for r in results
            for e in [*(r["fix"]["edits"] if r.get("fix") else []), r]
            for line in range(e["location"]["row"] - 1, e["end_location"]["row"])
        }
        codes = {r["code"] for r in results}
        before = path.read_bytes()
        status, output, log = run_cli(
            "check", str(project), "--home", str(home), "--fix", "--unsafe-fixes"
        )
        assert status in (0, 1), log[-2000:]
        assert_no_leak(f"check --fix on {case.kind}", output + log, secrets)
        after = path.read_bytes()
        if after != before:
            _line_ends_kept(before, after, touched, codes)
            kept = after[:3] == before[:3] or not before.startswith(b"\xef\xbb\xbf")
            assert kept or "AL203" in codes, "the BOM was lost"  # AL203 removes it on purpose
        run_cli("check", str(project), "--home", str(home), "--fix", "--unsafe-fixes")
        assert path.read_bytes() == after, "a second --fix run changed the file again"


@seed(SEED)
@fuzz(100)
@given(
    case=cases(
        kinds=(
            "dotenv",
            "bash",
            "zsh",
            "fish",
            "powershell",
            "claude-settings",
            "claude-state",
            "claude-credentials",
            "vscode-settings",
            "python",
        )
    )
)
def test_env_command(case: Case) -> None:
    with planted(case) as (project, home, path):
        # The same file as the user's own (home) file, where the model reads home files.
        target = home / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.data)
        for fmt in ("text", "json"):
            started = time.monotonic()
            status, output, log = run_cli(
                "env",
                "--project",
                str(project),
                "--home",
                str(home),
                "--format",
                fmt,
                "--platform",
                "linux",
                "--shell",
                "zsh",
            )
            assert time.monotonic() - started < BUDGET
            assert status in (0, 1), log[-2000:]
            assert_no_leak(f"env --format {fmt} with {case.kind}", output + log, list(case.secrets))


# --- the server ---------------------------------------------------------------------------------


class RawServer:
    """``authlint server`` over stdio, spoken to frame by frame (no client library in between)."""

    def __init__(self, home: Path, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "authlint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(home)},
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.stderr = bytearray()
        self.seen: list[str] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                # A pull client: the server pulls only for clients it can ask to re-pull.
                "capabilities": {
                    "textDocument": {"diagnostic": {}, "hover": {}, "codeAction": {}},
                    "workspace": {"diagnostics": {"refreshSupport": True}},
                },
            },
        )
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.messages.put(json.loads(stream.read(length)))

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for chunk in iter(lambda: self.process.stderr.read(4096), b""):  # type: ignore[union-attr]
            self.stderr += chunk

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = BUDGET) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no answer to {method} within {timeout} s"
            message = self.messages.get(timeout=left)
            self.seen.append(json.dumps(message, ensure_ascii=False))
            if "method" in message and "id" in message:  # a request from the server: answer it
                result: Any = (
                    [None] * len(message.get("params", {}).get("items", []))
                    if message["method"] == "workspace/configuration"
                    else None
                )
                self._send({"id": message["id"], "result": result})
                continue
            if message.get("id") == wanted:
                assert "error" not in message, message["error"]
                return message.get("result")

    def close(self) -> str:
        with contextlib.suppress(Exception):
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RawServer]:
    home = tmp_path_factory.mktemp("fuzz-home")
    root = tmp_path_factory.mktemp("fuzz-root")
    (root / ".git").mkdir()
    raw = RawServer(home, root)
    raw.root = root  # type: ignore[attr-defined]
    yield raw
    raw.close()


@seed(SEED)
@fuzz(200)
@given(case=cases(), version=st.integers(1, 10**6))
def test_server_never_leaks(server: RawServer, case: Case, version: int) -> None:
    root: Path = server.root  # type: ignore[attr-defined]
    path = root / f"case{version}" / case.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.data)
    text = SourceFile.from_bytes(case.data, path).text
    uri = path.as_uri()
    language = {"python": "python", "javascript": "typescript"}.get(case.kind, "plaintext")
    server.seen.clear()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
    )
    started = time.monotonic()
    report = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert time.monotonic() - started < BUDGET
    diagnostics = (report or {}).get("items", [])
    lines = text.splitlines() or [""]
    for number, line in enumerate(lines[:40]):
        column = len(line) - len(line.lstrip())
        server.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": number, "character": column + 1}},
        )
    end = {"line": len(lines), "character": 0}
    server.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": end},
            "context": {"diagnostics": diagnostics},
        },
    )
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    shown = [json.dumps(d, ensure_ascii=False) for d in diagnostics] + server.seen
    # Code actions carry the edits a client applies to the file (text the user wrote there);
    # what the user is shown is every other field: titles, messages, hovers, notifications.
    for message in server.seen:
        for action in json.loads(message).get("result") or []:
            if isinstance(action, dict) and "title" in action:
                action.pop("edit", None)
                action.pop("diagnostics", None)
                command = action.get("command")
                if isinstance(command, dict) and command.get("command") == CREATE_COMMAND:
                    # The same edit for a client that cannot create files: the new file's text
                    # and the edit of the others, applied, never shown.
                    command.pop("arguments", None)
                shown.append(json.dumps(action, ensure_ascii=False))
    visible = [s for s in shown if '"edit"' not in s]
    assert_no_leak(f"server on {case.kind}", "\n".join(visible), list(case.secrets))
    assert_no_leak(
        f"server log on {case.kind}", server.stderr.decode("utf-8", "replace"), list(case.secrets)
    )
