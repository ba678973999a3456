"""A raw JSON-RPC language client for timing servers (no pygls, no pytest-lsp).

It speaks just enough LSP over a subprocess's stdio to time what an editor
waits for: ``didChange`` → ``publishDiagnostics`` for that version (push), or
``didChange`` + ``textDocument/diagnostic`` (pull). The same client drives
``authlint server`` and ``ruff server``, so the two are timed alike.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def uri(path: Path) -> str:
    """The ``file://`` URI of an absolute path."""
    return path.absolute().as_uri()


class RawClient:
    """One server process; messages read by a background thread into a queue."""

    def __init__(
        self,
        command: Sequence[str],
        root: Path,
        *,
        pull: bool,
        env: dict[str, str] | None = None,
        language_id: str = "dotenv",
    ) -> None:
        self.pull = pull
        self.root = root
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=root,
        )
        self._next = 0
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.versions: dict[str, int] = {}

    # --- transport ------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            self._messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        """Send a request and wait for its answer (answering server requests meanwhile)."""
        self._next += 1
        ident = self._next
        self._send({"id": ident, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == ident and "method" not in m, timeout)["result"]

    def _wait(self, match: Any, timeout: float) -> dict[str, Any]:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("no answer from the server")
            message = self._messages.get(timeout=remaining)
            if "method" in message and "id" in message:  # a request from the server
                self._answer(message)
                continue
            if match(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [None for _ in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    # --- LSP ------------------------------------------------------------------------------

    def initialize(self) -> None:
        """``initialize`` + ``initialized``; pull clients announce ``textDocument.diagnostic``."""
        text_document: dict[str, Any] = {
            "synchronization": {"didSave": True},
            "publishDiagnostics": {"versionSupport": True},
        }
        if self.pull:
            text_document["diagnostic"] = {"dynamicRegistration": False}
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri(self.root),
                "workspaceFolders": [{"uri": uri(self.root), "name": self.root.name}],
                # A pull client the server can ask to re-pull (it pulls only for those).
                "capabilities": {
                    "textDocument": text_document,
                    "workspace": {"diagnostics": {"refreshSupport": True}} if self.pull else {},
                },
                "clientInfo": {"name": "rawlsp"},
            },
        )
        self.notify("initialized", {})

    def open(self, path: Path, text: str, language_id: str) -> None:
        """``didOpen`` at version 1."""
        self.versions[uri(path)] = 1
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri(path),
                    "languageId": language_id,
                    "version": 1,
                    "text": text,
                }
            },
        )

    def change(self, path: Path, text: str) -> int:
        """A full-text ``didChange``; returns the new version."""
        key = uri(path)
        self.versions[key] += 1
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": key, "version": self.versions[key]},
                "contentChanges": [{"text": text}],
            },
        )
        return self.versions[key]

    def published(self, path: Path, version: int | None, timeout: float = 60.0) -> list[Any]:
        """Wait for ``publishDiagnostics`` of ``path`` at ``version`` (any when ``None``)."""
        key = uri(path)

        def match(m: dict[str, Any]) -> bool:
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            params = m["params"]
            return bool(
                params["uri"] == key and (version is None or params.get("version") == version)
            )

        diagnostics: list[Any] = self._wait(match, timeout)["params"]["diagnostics"]
        return diagnostics

    def pull_diagnostics(self, path: Path) -> list[Any]:
        """``textDocument/diagnostic`` for ``path``."""
        result = self.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        items: list[Any] = result.get("items", [])
        return items

    def drain(self) -> None:
        """Forget every message received so far."""
        while True:
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                return
            if "method" in message and "id" in message:
                self._answer(message)

    def rss_mib(self) -> float:
        """The server's resident set size in MiB (Linux ``/proc``)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        """``shutdown`` + ``exit``, then wait (kill after 5 s)."""
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.process.kill()
            self.process.wait()


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
