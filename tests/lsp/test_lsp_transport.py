"""Transports, raw: ``--tcp`` answers ``initialize``; stdio carries nothing but the protocol."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import keys
from authlint.core.secrets import mask
from conftest import leaked

KEY = keys.api_key("lsp-transport")


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(data: bytes) -> list[dict[str, Any]]:
    """Split a byte stream into LSP messages; fails on any byte outside a frame."""
    messages = []
    while data:
        header, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, f"not a frame: {data[:80]!r}"
        fields = dict(line.split(b": ", 1) for line in header.split(b"\r\n"))
        length = int(fields[b"Content-Length"])
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"processId": None, "rootUri": None, "capabilities": {}},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_tcp_server_answers_initialize(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "authlint", "server", "--tcp", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "server did not listen"
                time.sleep(0.05)
        with connection:
            connection.sendall(frame(INITIALIZE))
            received = b""
            while True:
                chunk = connection.recv(65536)
                assert chunk, "connection closed before a response"
                received += chunk
                header, sep, body = received.partition(b"\r\n\r\n")
                if sep and len(body) >= int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0]):
                    break
        (response,) = read_frames(received)
        assert response["id"] == 1
        assert response["result"]["serverInfo"]["name"] == "authlint"
        kinds = response["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"]
        assert kinds == ["quickfix", "source.fixAll.authlint"]
    finally:
        process.terminate()
        stdout, _ = process.communicate(timeout=10)
    assert stdout == b""


def test_stdio_carries_only_the_protocol_and_logs_are_redacted(tmp_path: Path) -> None:
    uri = (tmp_path / ".env").as_uri()
    # A key where no key belongs: pygls logs the whole InitializeParams at -v.
    initialize = {
        **INITIALIZE,
        "params": {**INITIALIZE["params"], "initializationOptions": {"apiKey": KEY}},
    }
    messages = [
        initialize,
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": uri,
                    "languageId": "dotenv",
                    "version": 1,
                    "text": f'ANTHROPIC_API_KEY="{KEY} "\n',
                }
            },
        },
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "-vv", "server"],
        input=b"".join(frame(m) for m in messages),
        capture_output=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=60,
    )

    replies = read_frames(result.stdout)  # every byte on stdout is a framed message
    assert [r["id"] for r in replies if "id" in r] == [1, 2]
    stderr = result.stderr.decode()
    assert "Language server initialized" in stderr  # pygls logged the params...
    assert mask(KEY) in stderr  # ...with the key masked
    assert leaked(KEY, stderr + result.stdout.decode()) == []
    assert "unknown setting 'apiKey'" in stderr


def _session(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    uri = (tmp_path / ".env").as_uri()
    return [
        INITIALIZE,
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "dotenv", "version": 1, "text": text}
            },
        },
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]


def test_stdin_from_a_pipe_or_a_file_reads_every_message(tmp_path: Path) -> None:
    """A pipe is read on the event loop; a regular file (not pollable) by pygls's reader."""
    big = "".join(f"SETTING_{i}=value-{i}\n" for i in range(20_000))  # a body of ~500 KB
    data = b"".join(frame(m) for m in _session(tmp_path, big))
    env = {**os.environ, "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "authlint", "-vv", "server"]
    piped = subprocess.run(command, input=data, capture_output=True, env=env, timeout=60)
    stdin_file = tmp_path / "stdin.bin"
    stdin_file.write_bytes(data)
    with stdin_file.open("rb") as stdin:
        from_file = subprocess.run(command, stdin=stdin, capture_output=True, env=env, timeout=60)
    assert "reading stdin on the event loop" in piped.stderr.decode()
    assert "reading stdin in a worker thread" in from_file.stderr.decode()
    for result in (piped, from_file):
        replies = read_frames(result.stdout)
        assert [r["id"] for r in replies if "id" in r] == [1, 2]
        assert result.returncode == 0


def test_stdin_closed_in_the_middle_of_a_message_ends_the_server(tmp_path: Path) -> None:
    messages = _session(tmp_path, "ANTHROPIC_BASE_URL=https://api.anthropic.com\n")[:3]
    data = b"".join(frame(m) for m in messages)
    cut = frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "server"],
        input=data + cut[: len(cut) - 5],
        capture_output=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=60,
    )
    replies = read_frames(result.stdout)
    assert [r["id"] for r in replies if "id" in r] == [1]


def test_the_pipe_reader_skips_an_overlong_line_and_reads_a_cut_body() -> None:
    import asyncio

    from authlint.lsp.server import _NOT_A_HEADER, _PipeReader

    async def read() -> list[bytes]:
        stream = asyncio.StreamReader(limit=32)
        stream.feed_data(b"x" * 100 + b"\r\nContent-Length: 9\r\n\r\n{}")
        stream.feed_eof()
        reader = _PipeReader(stream)
        return [
            await reader.readline(),
            await reader.readline(),
            await reader.readline(),
            await reader.readexactly(9),
            await reader.readline(),
        ]

    overlong, header, blank, body, end = asyncio.run(read())
    assert overlong == _NOT_A_HEADER and not overlong.startswith(b"Content-Length")
    assert overlong.strip()  # not the blank line that ends a header
    assert (header, blank, body, end) == (b"Content-Length: 9\r\n", b"\r\n", b"{}", b"")
