"""The language server under hostile JSON-RPC: every request is answered, nothing grows.

A raw client drives ``python -m authlint server`` over stdio (pytest-lsp's
client will not send requests before ``initialize``, after ``shutdown`` or
with negative positions). Its reader fails on any byte of stdout outside a
``Content-Length`` frame, so every test also checks that the server writes
nothing but the protocol.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import keys
from authlint.core.secrets import mask

KEY = keys.api_key("lsp-protocol")
ANSWER_SECONDS = 30.0  # generous: the machine may be busy; a missing answer is the failure


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawClient:
    """A JSON-RPC client over the server's stdio that sends whatever it is told to."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "authlint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.noise: list[bytes] = []  # stdout bytes that are not a frame
        self.stderr: list[bytes] = []
        self.notifications: list[dict[str, Any]] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        threading.Thread(
            target=lambda err: self.stderr.extend(err), args=(self.process.stderr,), daemon=True
        ).start()
        self._next_id = 0
        self.answer_server_requests = True

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read(self, stdout: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                line = stdout.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line == b"\r\n":
                    break
                name, sep, value = line.partition(b":")
                if not sep or name.strip().lower() not in (b"content-length", b"content-type"):
                    self.noise.append(line)
                    continue
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                self.noise.append(b"\r\n")
                continue
            self.inbox.put(json.loads(stdout.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(frame({"jsonrpc": "2.0", **message}))
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> int:
        """Send a request; returns its id."""
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, "params": params})
        return self._next_id

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def answers(self, ids: list[int], timeout: float = ANSWER_SECONDS) -> dict[int, dict[str, Any]]:
        """The answers to the requests ``ids`` that came within ``timeout`` seconds.

        Notifications and requests from the server are recorded in ``notifications``;
        with no ``ids``, reads for the whole ``timeout``.
        """
        found: dict[int, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while set(ids) - set(found) or not ids:
            try:
                message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                break
            if message is None:
                break
            if "method" in message:
                self.notifications.append(message)
                if "id" in message and self.answer_server_requests:  # like a bare client
                    self.send({"id": message["id"], "result": None})
            elif message.get("id") in ids:
                found[message["id"]] = message
        return found

    def answer(self, msg_id: int) -> dict[str, Any]:
        found = self.answers([msg_id])
        assert msg_id in found, f"request {msg_id} got no answer"
        return found[msg_id]

    def call(self, method: str, params: Any) -> dict[str, Any]:
        return self.answer(self.request(method, params))

    def initialize(self, capabilities: dict[str, Any] | None = None) -> None:
        reply = self.call(
            "initialize", {"processId": None, "rootUri": None, "capabilities": capabilities or {}}
        )
        assert "result" in reply, reply
        self.notify("initialized", {})

    def open(self, uri: str, text: str, language: str = "dotenv") -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
        )

    def finish(self) -> None:
        """Shut down and exit; asserts a clean exit and a stdout of frames only."""
        if self.process.poll() is None:
            self.call("shutdown", None)
            self.notify("exit", None)
            assert self.process.wait(timeout=ANSWER_SECONDS) == 0
        assert self.noise == [], f"stdout noise: {self.noise[:3]!r}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[RawClient]:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    raw = RawClient(home)
    try:
        yield raw
    finally:
        raw.kill()


def assert_short_error(reply: dict[str, Any], code: int) -> str:
    """The reply is an error ``code`` with a short one-line message and no stack."""
    assert "error" in reply, reply
    error = reply["error"]
    assert error["code"] == code, error
    message = error["message"]
    assert "\n" not in message and len(message) <= 300, message
    assert "Traceback" not in json.dumps(reply) and 'File "' not in json.dumps(reply)
    assert "traceback" not in json.dumps(error.get("data"))
    return str(message)


def hover(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def code_action(uri: str, start: tuple[int, int], end: tuple[int, int], **context: Any) -> Any:
    return {
        "textDocument": {"uri": uri},
        "range": {
            "start": {"line": start[0], "character": start[1]},
            "end": {"line": end[0], "character": end[1]},
        },
        "context": {"diagnostics": [], **context},
    }


# --- lifecycle ---------------------------------------------------------------------------------


def test_request_before_initialize_is_server_not_initialized(
    client: RawClient, tmp_path: Path
) -> None:
    uri = (tmp_path / ".env").as_uri()
    early = client.request("textDocument/hover", hover(uri, 0, 0))
    command = client.request(
        "workspace/executeCommand",
        {"command": "authlint.explainVariable", "arguments": ["ANTHROPIC_API_KEY"]},
    )
    client.open(uri, f"ANTHROPIC_API_KEY={KEY}\n")  # a notification before initialize: dropped
    replies = client.answers([early, command])

    for msg_id in (early, command):
        assert msg_id in replies, "a request before initialize got no answer"
        assert_short_error(replies[msg_id], -32002)
    client.initialize()  # the server still starts normally afterwards
    assert "result" in client.call("textDocument/hover", hover(uri, 0, 3))
    client.finish()


def test_request_after_shutdown_is_invalid_request(client: RawClient, tmp_path: Path) -> None:
    uri = (tmp_path / ".env").as_uri()
    client.initialize()
    client.open(uri, "ANTHROPIC_BASE_URL=https://example.invalid\n")
    assert client.call("shutdown", None) == {"jsonrpc": "2.0", "id": 2, "result": None}

    late = client.request("textDocument/hover", hover(uri, 0, 3))
    again = client.request("shutdown", None)
    replies = client.answers([late, again])
    for msg_id in (late, again):
        assert msg_id in replies, "a request after shutdown got no answer"
        assert_short_error(replies[msg_id], -32600)

    client.notify("exit", None)
    assert client.process.wait(timeout=ANSWER_SECONDS) == 0  # exit after shutdown: code 0
    assert client.noise == []


def test_shutdown_while_the_client_owes_an_answer(client: RawClient) -> None:
    """Keeps holding: ``shutdown`` is answered while ``workspace/configuration`` is unanswered."""
    client.answer_server_requests = False
    client.initialize({"workspace": {"configuration": True}})
    deadline = time.monotonic() + ANSWER_SECONDS
    while time.monotonic() < deadline and not any(
        n["method"] == "workspace/configuration" for n in client.notifications
    ):
        client.answers([], timeout=0.2)
    assert any(n["method"] == "workspace/configuration" for n in client.notifications)

    reply = client.call("shutdown", None)
    assert "error" not in reply and reply["result"] is None, reply
    client.notify("exit", None)
    assert client.process.wait(timeout=ANSWER_SECONDS) == 0
    assert client.noise == []


def test_second_initialize_is_invalid_request(client: RawClient) -> None:
    client.initialize()
    reply = client.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert_short_error(reply, -32600)
    client.finish()


# --- invalid params ----------------------------------------------------------------------------


def test_negative_positions_and_inverted_ranges_are_answered(
    client: RawClient, tmp_path: Path
) -> None:
    uri = (tmp_path / ".env").as_uri()
    client.initialize()
    client.open(uri, "ANTHROPIC_BASE_URL=https://example.invalid\nOTHER=1\n")
    bad_diagnostic = {
        "range": {"start": {"line": -3, "character": 0}, "end": {"line": 0, "character": 1}},
        "message": "m",
        "source": "authlint",
        "code": "AL201",
    }
    sent = {
        "hover line -1": client.request("textDocument/hover", hover(uri, -1, 0)),
        "hover character -5": client.request("textDocument/hover", hover(uri, 0, -5)),
        "hover without position": client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}}
        ),
        "hover beyond the end": client.request("textDocument/hover", hover(uri, 2**31 - 1, 9)),
        "codeAction start line -1": client.request(
            "textDocument/codeAction", code_action(uri, (-1, 0), (0, 1))
        ),
        "codeAction end before start": client.request(
            "textDocument/codeAction", code_action(uri, (1, 5), (0, 1))
        ),
        "codeAction with a negative diagnostic": client.request(
            "textDocument/codeAction",
            code_action(uri, (0, 0), (0, 1), diagnostics=[bad_diagnostic]),
        ),
        "executeCommand without a command": client.request(
            "workspace/executeCommand", {"arguments": []}
        ),
    }
    replies = client.answers(list(sent.values()))

    unanswered = [name for name, msg_id in sent.items() if msg_id not in replies]
    assert unanswered == []
    for name, msg_id in sent.items():
        reply = replies[msg_id]
        if "error" in reply:
            message = assert_short_error(reply, -32602)
            assert "invalid" in message.lower(), (name, message)
        else:
            assert reply["result"] in (None, []), (name, reply)
    for name in ("hover line -1", "hover character -5", "codeAction start line -1"):
        assert (
            "position" in replies[sent[name]]["error"]["message"]
            or "range" in (replies[sent[name]]["error"]["message"])
        )
    # …and the server is still alive and well.
    assert "result" in client.call("textDocument/hover", hover(uri, 0, 3))
    client.finish()


def test_fix_data_with_an_inverted_range_is_not_sent_back(
    client: RawClient, tmp_path: Path
) -> None:
    """A client that mangles a diagnostic's ``data`` gets the real fix, never an inverted edit."""
    uri = (tmp_path / ".env").as_uri()
    client.initialize()
    client.open(uri, f'ANTHROPIC_API_KEY="{KEY} "\n')
    ping = client.request("textDocument/hover", hover(uri, 0, 3))
    deadline = time.monotonic() + ANSWER_SECONDS
    fixable: list[dict[str, Any]] = []
    while not fixable and time.monotonic() < deadline:
        client.answers([ping], timeout=0.5)
        published = [
            n
            for n in client.notifications
            if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri
        ]
        fixable = [
            d
            for n in published
            for d in n["params"]["diagnostics"]
            if isinstance(d.get("data"), dict) and "fix" in d["data"]
        ]
    assert fixable, "no fixable diagnostic was published"
    diagnostic = json.loads(json.dumps(fixable[0]))
    for edit in diagnostic["data"]["fix"]["edits"]:
        rng = edit["range"]
        rng["start"], rng["end"] = {"line": 0, "character": 9}, {"line": 0, "character": 2}

    reply = client.call(
        "textDocument/codeAction", code_action(uri, (0, 0), (0, 1), diagnostics=[diagnostic])
    )
    actions = reply["result"] or []
    edits = [e for a in actions for e in ((a.get("edit") or {}).get("changes") or {}).get(uri, [])]
    assert edits, reply  # the fix is recomputed from the document…
    for edit in edits:  # …so no edit ends before it starts
        start, end = edit["range"]["start"], edit["range"]["end"]
        assert (start["line"], start["character"]) <= (end["line"], end["character"]), edit
    client.finish()


def test_handler_errors_are_answered_without_a_traceback() -> None:
    """An exception in a handler becomes a one-line, redacted InternalError; the stack is logged."""
    from authlint.lsp.server import create_server

    server = create_server()

    @server.feature("authlint/fails")
    def fails(ls: Any, params: Any) -> None:
        raise RuntimeError(f"the handler failed on {KEY}")

    written: list[bytes] = []

    class Writer:
        def write(self, data: bytes) -> None:
            written.append(data)

        def close(self) -> None:
            pass

    protocol = server.protocol
    protocol.set_writer(Writer())

    def receive(message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message})
        protocol.handle_message(json.loads(body, object_hook=protocol.structure_message))

    receive({"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    receive({"id": 2, "method": "authlint/fails", "params": {}})

    replies = [json.loads(w.split(b"\r\n\r\n", 1)[1]) for w in written]
    (reply,) = [r for r in replies if r.get("id") == 2]
    message = assert_short_error(reply, -32603)
    assert KEY not in json.dumps(reply) and mask(KEY) in message
    assert "RuntimeError" in message


# --- load --------------------------------------------------------------------------------------


def rss_megabytes(pid: int) -> float:
    """The resident set size of process ``pid`` (``VmRSS`` in ``/proc/<pid>/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_memory_stays_flat_over_15000_changes(client: RawClient, tmp_path: Path) -> None:
    """15,000 ``didChange`` on one document (and 500 open/change/close cycles of others)."""
    uri = (tmp_path / ".env").as_uri()
    client.initialize()
    client.open(uri, "A=1\n")

    def change(target: str, version: int) -> None:
        text = f"ANTHROPIC_BASE_URL=https://x{version}.example.invalid\nB={version}\n"
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": target, "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    def settle() -> float:
        """RSS once the server has handled everything sent so far (a request is answered)."""
        assert "result" in client.call("textDocument/hover", hover(uri, 0, 3))
        return rss_megabytes(client.pid)

    for version in range(2, 1_502):  # warm-up: imports, the model, caches fill
        change(uri, version)
    before = settle()
    for version in range(1_502, 15_002):
        change(uri, version)
        if version % 2500 == 0:
            settle()
    for n in range(500):
        other = (tmp_path / f"other{n}.env").as_uri()
        client.open(other, "A=1\n")
        change(other, 2)
        client.notify("textDocument/didClose", {"textDocument": {"uri": other}})
    after = settle()

    assert after - before < 10, f"RSS grew from {before:.1f} MB to {after:.1f} MB"
    client.finish()


def test_a_five_megabyte_document_is_handled(client: RawClient, tmp_path: Path) -> None:
    """Keeps holding: a 5 MB ``didChange`` neither hangs the server nor blocks other requests."""
    uri = (tmp_path / ".env").as_uri()
    client.initialize()
    client.open(uri, "A=1\n")
    line = "ANTHROPIC_BASE_URL=https://example.invalid\n"
    big = line * (5 * 2**20 // len(line) + 1)
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": big}]},
    )
    started = time.monotonic()
    assert "result" in client.call("textDocument/hover", hover(uri, 7, 3))
    deadline = started + 120
    while time.monotonic() < deadline:
        if any(
            n["method"] == "textDocument/publishDiagnostics" and n["params"].get("version") == 2
            for n in client.notifications
        ):
            break
        client.answers([client.request("textDocument/hover", hover(uri, 0, 0))])
    else:
        pytest.fail("no diagnostics were published for the 5 MB version")
    client.finish()
