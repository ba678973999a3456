"""Issue 13, leaks: every value of a credential variable is masked, whatever its characters.

Each defect of the audit is a test here, run through the real CLI in process
(``authlint.cli.main``) over real files, and one through the real language
server. The values are secrets with no key shape (a UUID, hex, base64 with
``+ / =``, a key cut by a no-break space, a short password), which the shape
pass alone let through; the rule is that no output shows 12 or more
consecutive characters of one (the mask keeps the last four).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import keys
from authlint.cli import main
from authlint.core.secrets import mask, redact

UUID = "84032157-91e4-2b53-c17f-24505baf8578"
BASE64_NBSP = "Z5XU4NRGQFBfZ+2aOoSbbLMrd\u00a0ZFpVu11mm51xqEI"
HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
BASE64 = "wJalr5XUtnFEMI/K7MDENG/bPxRf2CY+hEXAMQLEpKEY=="  # an AWS-secret-like value
SHORT = "hunter22"
NBSP_KEY = keys.api_key("nbsp")[:50] + "\u00a0" + keys.api_key("nbsp")[50:]
OPENROUTER = keys.openrouter_key("nbsp-or")
OPENROUTER_NBSP = OPENROUTER[:25] + "\u00a0" + OPENROUTER[25:]  # sk-or-v1- + 16 hex | 48 hex
K = keys.api_key("leaks")
WINDOW = 12


def leaked(secret: str, text: str, window: int = WINDOW) -> list[str]:
    """Every ``window``-character piece of ``secret``'s body in ``text`` (all of it if shorter).

    The body is the secret without its known prefix (``sk-ant-api03-``), which masks show.
    """
    secret = secret.removeprefix("sk-ant-api03-").removeprefix("sk-or-v1-")
    size = min(window, len(secret))
    return sorted(
        {secret[i : i + size] for i in range(len(secret) - size + 1)} & _pieces(text, size)
    )


def _pieces(text: str, size: int) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def check(
    capsys: pytest.CaptureFixture[str], *args: str, command: str = "check"
) -> tuple[int, str, str]:
    extra = ["--no-home"] if "--home" not in args else []
    code = main([command, *args, *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("ANTHROPIC_", "CLAUDE_")):
            monkeypatch.delenv(name)
    return tmp_path


# --- defect 1: UUID-shaped tokens were shown (masking took them for identifiers) -------------


def test_uuid_value_of_a_credential_variable_is_masked_in_the_source_line(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".env").write_text(f"anthropic_api_key={UUID}\n")
    code, out, err = check(capsys, ".")
    assert code == 1, err
    assert "AL308" in out  # the finding is there, with its source line
    assert f"anthropic_api_key={mask(UUID)}" in out
    assert leaked(UUID, out + err) == []


def test_uuid_in_free_text_is_masked() -> None:
    # The shape pass on its own (logs, messages, lines no scanner reads).
    for text in (
        f"# old: ANTHROPIC_AUTH_TOKEN={UUID}",
        f'{{"x-api-key": "{UUID}"}}',
        f"Authorization: Bearer {UUID}",
        f"export ANTHROPIC_API_KEY = {UUID}",
    ):
        shown = redact(text)
        assert leaked(UUID, shown) == [], shown
        assert redact(shown) == shown
    assert redact(f"# case 1: {UUID}") == f"# case 1: {mask(UUID)}"  # a bare UUID too


# --- defect 2: a secret split by + / . or a no-break space was shown whole --------------------


def test_base64_value_split_by_plus_and_nbsp_is_masked(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".env").write_bytes(f"ANTHROPIC_API_KEY={BASE64_NBSP}\n".encode())
    code, out, err = check(capsys, ".")
    assert code == 1, err
    assert "AL204" in out  # the no-break space is reported
    assert leaked(BASE64_NBSP, out + err, window=8) == []
    assert "ANTHROPIC_API_KEY=…xqEI" in out


def test_redact_stays_idempotent_on_mixed_text() -> None:
    # Masks can meet their neighbours (``…8KEY=value``); the shape pass repeats until stable.
    pieces = [*"aZ09-_+/.=:\" '", "\u00a0", "…", "KEY=", "TOKEN: ", "sk-ant-api03-", "Bearer "]
    pieces += ["x-api-key: ", UUID, "Z5XU4NRGQFBfZ", "sk-or-v1-", "https://a.b/v1", K[:40]]
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        once = redact(text)
        assert redact(once) == once, text


@pytest.mark.parametrize("secret", [BASE64_NBSP, BASE64, NBSP_KEY], ids=["nbsp", "aws", "key"])
def test_shape_pass_masks_runs_joined_by_separators(secret: str) -> None:
    for text in (f"# rotated {secret} last week", f"value: {secret}"):
        shown = redact(text)
        assert leaked(secret, shown) == [], shown
        assert redact(shown) == shown
    # Paths and URLs are joined by the same characters and stay readable.
    for text in (
        "/tmp/pytest-of-root/pytest-12/test_leaks0/project/.env",
        "https://api.anthropic.com/v1/models/claude-sonnet-4-5-20250929",
        "~/.config/fish/config.fish and settings.local.json",
    ):
        assert redact(text) == text


def test_env_shows_the_api_key_helper_masked(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".claude").mkdir()
    helper = f"echo {BASE64}"
    (here / ".claude" / "settings.json").write_text(json.dumps({"apiKeyHelper": helper}))
    for output in ("text", "json"):
        code, out, err = check(
            capsys, "--context", "claude-code", "--format", output, command="env"
        )
        assert code == 0, err
        assert "apiKeyHelper" in out
        assert "echo " not in out and leaked(helper, out + err, window=6) == []
        assert mask(helper) in out


# --- defect 3: an OpenRouter key cut by a no-break space showed 16 body characters ------------


@pytest.mark.parametrize("variable", ["OPENROUTER_API_KEY", "ANTHROPIC_AUTH_TOKEN"])
def test_openrouter_key_cut_by_a_no_break_space_shows_no_body(
    here: Path, capsys: pytest.CaptureFixture[str], variable: str
) -> None:
    (here / ".env").write_bytes(f"{variable}={OPENROUTER_NBSP}\n".encode())
    for output in ("text", "json", "sarif"):
        code, out, err = check(capsys, ".", "--select", "ALL", "--format", output)
        assert code == 1, err
        body = OPENROUTER_NBSP[len("sk-or-v1-") :]
        assert leaked(body, out + err, window=5) == [], output
    code, out, _ = check(capsys, ".", "--select", "ALL")
    assert f"{variable}=sk-or-v1-…{OPENROUTER[-4:]}" in out


# --- defect 5: one JSON \ud800 escape aborted the whole run (exit 2, nothing reported) --------

SURROGATE_SETTINGS = '{"env": {"ANTHROPIC_API_KEY": " ' + K + '\\ud800"}}\n'


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_a_lone_surrogate_next_to_a_key_does_not_abort_the_run(
    here: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    (here / ".claude").mkdir()
    (here / ".claude" / "settings.json").write_text(SURROGATE_SETTINGS)
    (here / ".env").write_text(f"anthropic_api_key={UUID}\n")  # another file, still reported
    code, out, err = check(capsys, ".", "--format", output)
    assert code == 1, err
    assert "internal error" not in err
    assert "AL201" in out and "AL308" in out  # both files are reported
    assert "settings.json" in out and ".env" in out
    out.encode("utf-8")  # strict: nothing unencodable reached the output
    if output != "text":
        json.loads(out)
    assert leaked(K[len("sk-ant-api03-") :], out + err) == []
    assert leaked(UUID, out + err) == []


def test_a_lone_surrogate_does_not_abort_env(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".claude").mkdir()
    (here / ".claude" / "settings.json").write_text(SURROGATE_SETTINGS)
    for output in ("text", "json"):
        code, out, err = check(
            capsys, "--context", "claude-code", "--format", output, command="env"
        )
        assert code == 0, err
        assert "internal error" not in err
        assert mask(K)[: len("sk-ant-api03-…")] in out
        out.encode("utf-8")


@pytest.mark.parametrize("command", [["check", "."], ["env", "ANTHROPIC_API_KEY"]])
def test_a_console_that_cannot_encode_the_output_does_not_abort_the_run(
    here: Path, command: list[str]
) -> None:
    # "…" and "—" do not exist in ASCII (or in cp1252 for "✓"): written as "?" instead.
    (here / ".env").write_text('ANTHROPIC_API_KEY="sk-ant-api03-abc "\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    result = subprocess.run(
        [sys.executable, "-m", "authlint", *command, "--no-home"],
        cwd=here,
        env={**env, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=120,
    )
    assert b"internal error" not in result.stderr
    assert result.returncode == (1 if command[0] == "check" else 0), result.stderr
    assert b"ANTHROPIC_API_KEY" in result.stdout


# --- by variable: every value shape, every output ---------------------------------------------

SHAPES = {"uuid": UUID, "hex": HEX, "base64": BASE64, "nbsp": BASE64_NBSP, "short": SHORT}


@pytest.mark.parametrize("secret", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize(
    "variable", ["ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "db_password", "MY_GATEWAY_SECRET"]
)
def test_every_value_of_a_credential_variable_is_masked_in_every_output(
    here: Path, capsys: pytest.CaptureFixture[str], secret: str, variable: str
) -> None:
    # Three lines that draw findings on the value's line: spaces around `=`, a trailing
    # space inside quotes (fix rewrites the value), curly quotes, a duplicate.
    (here / ".env").write_bytes(
        (
            f'{variable}="{secret} "\n'
            f"export {variable} = {secret}\n"
            f"{variable}=\u201c{secret}\u201d\n"
        ).encode()
    )
    (here / ".claude").mkdir()
    (here / ".claude" / "settings.json").write_text(
        json.dumps({"env": {variable: f" {secret}", "ANTHROPIC_BASE_URL": "https://gw.example"}})
    )
    shown = []
    for output in ("text", "json", "sarif"):
        code, out, err = check(capsys, ".", "--select", "ALL", "--format", output)
        assert code == 1, err
        assert "internal error" not in err
        shown.append(out + err)
    text_output = shown[0]
    code, out, err = check(capsys, variable, "--format", "text", command="env")
    assert code == 0, err
    shown.append(out + err)
    code, out, err = check(capsys, variable, "--format", "json", command="env")
    shown.append(out + err)
    for where, text in zip(["text", "json", "sarif", "env", "env json"], shown, strict=True):
        assert leaked(secret, text, window=8) == [], where
    assert f"{variable} = {mask(secret) or '…'}" in text_output  # the line is there, masked


def test_non_secret_values_stay_readable(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / ".env").write_text(
        "export ANTHROPIC_BASE_URL = https://gateway.example/v1\n"
        "export ANTHROPIC_MODEL = claude-sonnet-4-5-20250929\n"
    )
    code, out, _ = check(capsys, ".", "--select", "ALL")
    assert code == 1
    assert "https://gateway.example/v1" in out
    assert "claude-sonnet-4-5-20250929" in out
    for text in ("MAX_THINKING_TOKENS=31999", "ANTHROPIC_TOKEN_COUNT: 120000", "PWD=/home/u/src2"):
        assert redact(text) == text


# --- the language server: same masking, and no lone surrogate on the wire ---------------------


async def test_language_server_sends_no_lone_surrogate_and_masks_by_variable(
    tmp_path: Path,
) -> None:
    home, workspace = tmp_path / "home", tmp_path / "ws"
    (workspace / ".claude").mkdir(parents=True)
    home.mkdir()
    settings = workspace / ".claude" / "settings.json"
    text = SURROGATE_SETTINGS
    settings.write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "authlint", "server"],
        server_env={**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    try:
        await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=client_capabilities("visual_studio_code"),
                    root_uri=workspace.as_uri(),
                    initialization_options={"platform": "linux"},
                )
            ),
            30,
        )
        uri = settings.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="json", version=1, text=text
                )
            )
        )

        async def published() -> list[types.Diagnostic]:
            while uri not in client.diagnostics:
                await asyncio.sleep(0.05)
            return list(client.diagnostics[uri])

        diagnostics = await asyncio.wait_for(published(), 30)
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=0, character=text.index("ANTHROPIC") + 3),
                )
            ),
            30,
        )
        await asyncio.wait_for(client.shutdown_session(), 30)
    finally:
        await client.stop()
    assert "AL201" in {str(d.code) for d in diagnostics}
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    sent = [d.message for d in diagnostics] + [hover.contents.value]
    sent += [m.message for m in client.log_messages] + [m.message for m in client.messages]
    for message in sent:
        message.encode("utf-8")  # strict: a lone surrogate raises here
        assert leaked(K[len("sk-ant-api03-") :], message) == []
