"""``authlint verify --context NAME`` against the fake Anthropic API (loopback only).

Each test writes a real project and home folder, runs the real CLI in a
subprocess, and reads the fake's request log to see what arrived. The
subprocess gets the fake as ``HTTPS_PROXY``/``HTTP_PROXY`` with an empty
``NO_PROXY``, so any attempt to reach a host other than loopback lands in the
fake's proxy sink (a test that expects none asserts the sink is empty).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import keys
from authlint.core.secrets import mask
from fakeapi import INVALID_X_API_KEY, FakeAnthropic, FakeConfig, mask_secret

GOOD = keys.api_key("context-good")
STALE = keys.api_key("context-stale")  # not known to the fake: 401
TOKEN = keys.oauth_token("context-token")  # a valid bearer token
EXPIRED = keys.oauth_token("context-expired")
GATEWAY = keys.openrouter_key("context-gateway")
SECRETS = (GOOD, STALE, TOKEN, EXPIRED, GATEWAY)

MODEL = ("--platform", "linux", "--shell", "bash")


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeAnthropic]:
    config = FakeConfig(keys={GOOD}, tokens={TOKEN, GATEWAY}, expired_tokens={EXPIRED})
    with FakeAnthropic(config) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeAnthropic) -> FakeAnthropic:
    """The module's fake, with an empty log."""
    fake_server.clear()
    return fake_server


class Workspace:
    """A project folder and a home folder under ``tmp_path``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = root / "proj"
        self.home = root / "home"
        self.project.mkdir()
        self.home.mkdir()

    def put(self, relative: str, text: str, *, home: bool = False) -> Path:
        path = (self.home if home else self.project) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, fake: FakeAnthropic, *args: str, home: bool = True) -> tuple[int, str, str]:
        """``authlint verify --project … --home … ARGS``; returns (exit code, stdout, stderr).

        ``home=False`` leaves ``--home`` out. Asserts that no secret, nor any
        20-character piece of one, is printed.
        """
        sink = fake.proxy_url
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "HTTPS_PROXY": sink,
            "HTTP_PROXY": sink,
            "NO_PROXY": "",
        }
        command = [sys.executable, "-m", "authlint", "verify"]
        command += ["--project", str(self.project), *args]
        command += ["--home", str(self.home)] if home else []
        result = subprocess.run(
            command,
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        output = result.stdout + result.stderr
        for secret in SECRETS:
            assert not any(secret[i : i + 20] in output for i in range(len(secret) - 19))
        return result.returncode, result.stdout, result.stderr

    def run_json(
        self, fake: FakeAnthropic, *args: str, home: bool = True
    ) -> tuple[int, dict[str, Any]]:
        code, out, err = self.run(fake, "--format", "json", *args, home=home)
        assert err == ""
        data: dict[str, Any] = json.loads(out)
        return code, data


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def checks_of(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["variable"], c["verdict"], c["status"], c["sent"]) for c in entry["checks"]]


def sources_of(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(s["variable"], s["from"], s["value"]) for s in entry["sources"]]


# --- Python programs: the shell's key against the project's .env -----------------------------


def stale_shell_valid_dotenv(ws: Workspace, fake: FakeAnthropic, call: str) -> None:
    ws.put(".bashrc", f"export ANTHROPIC_API_KEY={STALE}\n", home=True)
    ws.put(".env", f"ANTHROPIC_API_KEY={GOOD}\nANTHROPIC_BASE_URL={fake.base_url}\n")
    ws.put("app.py", f"from dotenv import load_dotenv\n\n{call}\n")


def test_load_dotenv_keeps_the_stale_shell_key_and_the_check_says_where_it_is(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    stale_shell_valid_dotenv(ws, fake, "load_dotenv()")
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    assert data["accepted"] is False
    [entry] = data["contexts"]
    assert entry["context"] == "python:app.py"
    assert checks_of(entry) == [("ANTHROPIC_API_KEY", "rejected", 401, True)]
    assert entry["checks"][0]["api_message"] == INVALID_X_API_KEY
    assert sources_of(entry) == [
        ("ANTHROPIC_API_KEY", "~/.bashrc:1", mask(STALE)),
        ("ANTHROPIC_BASE_URL", ".env:2", fake.base_url),
    ]
    [logged] = fake.requests
    assert logged.x_api_key is not None and logged.x_api_key.masked == mask_secret(STALE)
    assert fake.proxied() == []


def test_text_output_names_the_context_and_the_source_line(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    stale_shell_valid_dotenv(ws, fake, "load_dotenv()")
    code, out, err = ws.run(fake, "--context", "python", *MODEL)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("context python:app.py: ")
    assert f"  ANTHROPIC_API_KEY = {mask(STALE)}  (from ~/.bashrc:1)" in lines
    assert f"  ANTHROPIC_BASE_URL = {fake.base_url}  (from .env:2)" in lines
    assert (
        f"ANTHROPIC_API_KEY {mask(STALE)} (Anthropic API key) as x-api-key: "
        "rejected 401: invalid x-api-key"
    ) in lines
    assert lines[-1] == "result: NOT accepted"


def test_override_true_sends_the_dotenv_key(ws: Workspace, fake: FakeAnthropic) -> None:
    stale_shell_valid_dotenv(ws, fake, "load_dotenv(override=True)")
    code, data = ws.run_json(fake, "--context", "python:app.py", *MODEL)
    assert code == 0
    [entry] = data["contexts"]
    assert checks_of(entry) == [("ANTHROPIC_API_KEY", "accepted", 200, True)]
    assert sources_of(entry)[0] == ("ANTHROPIC_API_KEY", ".env:1", mask(GOOD))
    [logged] = fake.requests
    assert logged.x_api_key is not None and logged.x_api_key.masked == mask_secret(GOOD)


def test_without_the_home_folder_the_shell_key_is_not_there(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    stale_shell_valid_dotenv(ws, fake, "load_dotenv()")
    code, data = ws.run_json(fake, "--context", "python", "--no-home", *MODEL, home=False)
    assert code == 0
    [entry] = data["contexts"]
    assert sources_of(entry)[0] == ("ANTHROPIC_API_KEY", ".env:1", mask(GOOD))
    # --home and --no-home together are a usage error.
    code, out, err = ws.run(fake, "--context", "python", "--no-home", *MODEL)
    assert (code, out) == (2, "") and "not allowed with argument" in err


def test_a_kind_with_several_programs_checks_each_in_order(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    ws.put(".bashrc", f"export ANTHROPIC_API_KEY={STALE}\n", home=True)
    ws.put(".env", f"ANTHROPIC_API_KEY={GOOD}\nANTHROPIC_BASE_URL={fake.base_url}\n")
    ws.put("a.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    ws.put("b.py", "from dotenv import load_dotenv\nload_dotenv(override=True)\n")
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    assert [(e["context"], e["accepted"]) for e in data["contexts"]] == [
        ("python:a.py", False),
        ("python:b.py", True),
    ]
    assert [r.status for r in fake.requests] == [401, 200]
    code, out, _ = ws.run(fake, "--context", "python", *MODEL)
    assert code == 1
    assert out.splitlines()[-1] == "overall: NOT accepted in python:a.py"


def test_a_value_computed_at_run_time_is_not_guessed(ws: Workspace, fake: FakeAnthropic) -> None:
    ws.put(".bashrc", "export ANTHROPIC_API_KEY=$(cat ~/.anthropic-key)\n", home=True)
    ws.put(".env", f"ANTHROPIC_API_KEY={GOOD}\nANTHROPIC_BASE_URL={fake.base_url}\n")
    ws.put("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    [entry] = data["contexts"]
    assert checks_of(entry) == [(None, "no-credential", None, False)]
    assert (
        "no value of ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY that can be checked offline"
        in (entry["checks"][0]["meaning"])
    )
    assert (
        "ANTHROPIC_API_KEY (~/.bashrc:1): computed at run time, cannot verify offline; "
        "checked as if it were not set"
    ) in entry["notes"]
    assert fake.requests == []


# --- Claude Code --------------------------------------------------------------------------


def claude_settings(ws: Workspace, settings: dict[str, Any]) -> None:
    ws.put(".claude/settings.json", json.dumps(settings, indent=2) + "\n", home=True)


def test_claude_code_settings_env_beats_the_shell_and_only_its_choice_is_sent(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    ws.put(
        ".bashrc",
        f"export ANTHROPIC_API_KEY={STALE}\nexport CLAUDE_CODE_OAUTH_TOKEN={EXPIRED}\n",
        home=True,
    )
    claude_settings(ws, {"env": {"ANTHROPIC_API_KEY": GOOD, "ANTHROPIC_BASE_URL": fake.base_url}})
    code, data = ws.run_json(fake, "--context", "claude-code", *MODEL)
    assert code == 0
    [entry] = data["contexts"]
    assert checks_of(entry) == [("ANTHROPIC_API_KEY", "accepted", 200, True)]
    assert sources_of(entry) == [
        ("ANTHROPIC_API_KEY", "~/.claude/settings.json:3", mask(GOOD)),
        ("ANTHROPIC_BASE_URL", "~/.claude/settings.json:4", fake.base_url),
    ]
    assert (
        "CLAUDE_CODE_OAUTH_TOKEN (~/.bashrc:2) is not used: ANTHROPIC_API_KEY comes first"
        in entry["notes"]
    )
    [logged] = fake.requests  # the expired token in the shell is not sent
    assert logged.x_api_key is not None and logged.x_api_key.masked == mask_secret(GOOD)
    assert logged.authorization is None


@pytest.mark.parametrize(
    ("file", "content", "origin", "sent_as", "line"),
    [
        (
            ".claude/.credentials.json",
            {"claudeAiOauth": {"accessToken": TOKEN, "scopes": ["user:inference"]}},
            "/login",
            "CLAUDE_CODE_OAUTH_TOKEN",
            2,
        ),
        (".claude.json", {"primaryApiKey": GOOD}, "primaryApiKey", "ANTHROPIC_API_KEY", 2),
    ],
)
def test_claude_codes_stored_login_is_sent_the_way_claude_code_sends_it(
    ws: Workspace,
    fake: FakeAnthropic,
    file: str,
    content: dict[str, Any],
    origin: str,
    sent_as: str,
    line: int,
) -> None:
    ws.put(file, json.dumps(content, indent=2) + "\n", home=True)
    claude_settings(ws, {"env": {"ANTHROPIC_BASE_URL": fake.base_url}})
    code, out, err = ws.run(fake, "--context", "claude-code", *MODEL)
    assert (code, err) == (0, "")
    value = TOKEN if origin == "/login" else GOOD
    assert f"  {origin} = {mask(value)} as {sent_as}  (from ~/{file}:{line})" in out.splitlines()
    [logged] = fake.requests
    if sent_as == "CLAUDE_CODE_OAUTH_TOKEN":
        assert logged.authorization is not None and logged.authorization.scheme == "Bearer"
        assert logged.oauth_beta is True and logged.x_api_key is None
    else:
        assert logged.x_api_key is not None and logged.authorization is None


def test_api_key_helper_is_never_run(ws: Workspace, fake: FakeAnthropic) -> None:
    marker = ws.root / "helper-ran"
    claude_settings(
        ws, {"apiKeyHelper": f"touch {marker}", "env": {"ANTHROPIC_BASE_URL": fake.base_url}}
    )
    code, data = ws.run_json(fake, "--context", "claude-code", *MODEL)
    assert code == 1
    [entry] = data["contexts"]
    assert checks_of(entry) == [("apiKeyHelper", "no-credential", None, False)]
    assert entry["checks"][0]["meaning"].startswith("apiKeyHelper: not run by authlint verify")
    assert not marker.exists()
    assert fake.requests == []
    code, out, _ = ws.run(fake, "--context", "claude-code", *MODEL)
    assert code == 1
    assert "apiKeyHelper: no-credential (nothing sent)" in out.splitlines()
    assert not marker.exists()


# --- the base URL comes from the context ----------------------------------------------------


def test_a_dotenv_base_url_ending_in_v1_is_a_wrong_base_url(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    ws.put(".env", f"ANTHROPIC_API_KEY={GOOD}\nANTHROPIC_BASE_URL={fake.base_url}/v1\n")
    ws.put("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    [entry] = data["contexts"]
    assert checks_of(entry) == [("ANTHROPIC_API_KEY", "not-found", 404, True)]
    assert entry["checks"][0]["meaning"].startswith("wrong base URL: it ends in /v1")
    assert ("ANTHROPIC_BASE_URL", ".env:2", f"{fake.base_url}/v1") in sources_of(entry)
    [logged] = fake.requests
    assert logged.path == "/v1/v1/models"


def test_an_anthropic_key_is_never_sent_to_a_third_party_base_url(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    ws.put(".env", f"ANTHROPIC_API_KEY={GOOD}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n")
    ws.put("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    [entry] = data["contexts"]
    assert checks_of(entry) == [("ANTHROPIC_API_KEY", "refused", None, False)]
    assert "never sends an Anthropic credential" in entry["checks"][0]["meaning"]
    assert fake.requests == []  # no request, and no connection through the sink either
    # Control: a gateway token from the same context does try to connect, through the sink.
    ws.put(
        ".env", f"ANTHROPIC_AUTH_TOKEN={GATEWAY}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n"
    )
    code, data = ws.run_json(fake, "--context", "python", *MODEL)
    assert code == 1
    assert checks_of(data["contexts"][0]) == [("ANTHROPIC_AUTH_TOKEN", "proxy-error", None, False)]
    assert [r.target for r in fake.proxied()] == ["openrouter.ai:443"]


# --- usage ------------------------------------------------------------------------------------


def test_an_unknown_context_is_a_usage_error_listing_the_names(
    ws: Workspace, fake: FakeAnthropic
) -> None:
    ws.put("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    code, out, err = ws.run(fake, "--context", "pythn", *MODEL)
    assert (code, out) == (2, "")
    assert err.startswith("authlint: error: --context pythn: no such launch context; available: ")
    names = err.strip().rpartition("available: ")[2].split(", ")
    assert {"linux-terminal", "python:app.py", "claude-code", "claude-code-vscode"} <= set(names)
    assert fake.requests == []


@pytest.mark.parametrize(
    "args", [["--platform", "linux"], ["--shell", "zsh"], ["--no-home"], ["--project", "."]]
)
def test_model_options_need_a_context(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "verify", *args],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert f"{args[0]}: only with --context NAME" in result.stderr
