"""Run real clients in a scratch HOME against the fake Anthropic API.

A client is an interpreter plus an SDK version: ``py1`` (Python ``anthropic``
1.x, venv made by ``.ci/install-clients.sh``), ``py2`` (2.x, the test venv),
``ts0`` / ``ts1`` (``@anthropic-ai/sdk`` 0.x / 1.x under Node, each folder
with Node ``dotenv``). A run starts from an empty environment plus PATH, HOME,
LANG, ``ANTHROPIC_BASE_URL`` (the fake, unless the scenario's files give it)
and ``HTTPS_PROXY``/``HTTP_PROXY`` pointing at the fake's proxy sink with
``NO_PROXY`` for loopback, so a Python client that tries an outside host is
caught on 127.0.0.1; the Node runner refuses non-loopback ``fetch`` itself.
``CLAUDE_CODE_USE_BEDROCK`` / ``_VERTEX`` / ``_FOUNDRY`` are never set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import keys
from fakeapi import FakeConfig

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = Path(__file__).resolve().parent / "runners"
CLIENTS_DIR = Path(os.environ.get("AUTHLINT_CLIENTS_DIR") or ROOT / ".venv" / "clients")
REQUIRE = os.environ.get("AUTHLINT_REQUIRE_CLIENTS") == "1"
FORBIDDEN = ("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY")
MARKER = "AUTHLINT-OUTCOME "

# The credentials the scenarios use (built at run time, never written in a file here).
KEY = keys.api_key("scenario-good")  # the fake accepts it
STALE = keys.api_key("scenario-stale")  # well-formed, unknown to the fake (a revoked key)
OAUTH = keys.oauth_token("scenario-oauth")  # accepted as Bearer with the OAuth beta header
GATEWAY = "sk-gw-" + keys.openrouter_key("scenario-gw")[9:41]  # a gateway's bearer token

# "default" knows KEY, GATEWAY and OAUTH (OAuth only with the beta header, an assumption);
# "strict" knows KEY only in x-api-key, like a gateway that reads no bearer token.
FAKE_CONFIGS = {
    "default": FakeConfig(keys={KEY}, tokens={GATEWAY, OAUTH}, oauth_requires_beta=True),
    "strict": FakeConfig(keys={KEY}, strict_headers=True),
}


@dataclass(frozen=True)
class Client:
    """One real client: how to start it, and where it comes from."""

    name: str
    language: str  # "python" or "node"
    interpreter: Path | None
    node_modules: Path | None = None

    def missing(self) -> str | None:
        """Why this client cannot run here, or ``None`` when it can."""
        if self.interpreter is None or not self.interpreter.exists():
            return f"{self.name}: interpreter not installed (run .ci/install-clients.sh)"
        if self.node_modules is not None and not (self.node_modules / "@anthropic-ai").is_dir():
            return f"{self.name}: {self.node_modules} missing (run .ci/install-clients.sh)"
        return None

    def version(self) -> str:
        """The SDK version, read from the installed package metadata."""
        if self.language == "node":
            assert self.node_modules is not None
            data = json.loads((self.node_modules / "@anthropic-ai/sdk/package.json").read_text())
            return f"@anthropic-ai/sdk {data['version']}"
        result = subprocess.run(
            [str(self.interpreter), "-c", "import anthropic; print(anthropic.__version__)"],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": os.environ.get("PATH", "")},
        )
        return f"anthropic {result.stdout.strip()}"


def _node() -> Path | None:
    found = shutil.which("node")
    return Path(found) if found else None


CLIENTS = {
    "py1": Client("py1", "python", CLIENTS_DIR / "py1" / "bin" / "python"),
    "py2": Client("py2", "python", Path(sys.executable)),
    "ts0": Client("ts0", "node", _node(), CLIENTS_DIR / "ts0" / "node_modules"),
    "ts1": Client("ts1", "node", _node(), CLIENTS_DIR / "ts1" / "node_modules"),
}


def require_client(name: str) -> Client:
    """The client, or skip (fail under ``AUTHLINT_REQUIRE_CLIENTS=1``) when it is missing."""
    client = CLIENTS[name]
    why = client.missing()
    if why is not None:
        if REQUIRE:
            pytest.fail(f"AUTHLINT_REQUIRE_CLIENTS=1 but {why}")
        pytest.skip(why)
    return client


def require_program(program: str) -> str:
    """The path of ``bash``/``zsh``/…, or skip (fail when clients are required)."""
    found = shutil.which(program)
    if found is None:
        message = f"{program} not installed (run .ci/install-clients.sh)"
        if REQUIRE:
            pytest.fail(f"AUTHLINT_REQUIRE_CLIENTS=1 but {message}")
        pytest.skip(message)
    return found


def scratch_env(home: Path, base_url: str | None, proxy_url: str) -> dict[str, str]:
    """The whole environment a client starts with (nothing inherited but PATH and LANG)."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "HTTPS_PROXY": proxy_url,
        "HTTP_PROXY": proxy_url,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    if base_url is not None:
        env["ANTHROPIC_BASE_URL"] = base_url
    assert not any(name in env for name in FORBIDDEN)
    return env


def run_client(
    client: Client,
    app: Path,
    env: dict[str, str],
    cwd: Path,
    shell: str | None = None,
) -> tuple[dict[str, object], subprocess.CompletedProcess[str]]:
    """Run ``app`` with ``client`` (through ``shell``, e.g. ``"bash -ic"``); return its outcome.

    Node apps get ``node_modules`` linked into ``cwd`` (the project folder),
    where Node and ``dotenv`` look.
    """
    assert client.interpreter is not None
    if client.node_modules is not None:
        link = cwd / "node_modules"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(client.node_modules, target_is_directory=True)
    runner = RUNNERS / ("run_node.mjs" if client.language == "node" else "run_python.py")
    argv = [str(client.interpreter), str(runner), str(app)]
    if shell is not None:
        program, *flags = shell.split()
        argv = [require_program(program), *flags, " ".join(argv)]
    result = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARKER)]
    assert lines, f"no outcome from {client.name}: rc={result.returncode}\n{result.stderr[-2000:]}"
    outcome: dict[str, object] = json.loads(lines[-1][len(MARKER) :])
    return outcome, result
