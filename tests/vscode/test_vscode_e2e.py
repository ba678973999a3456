"""End to end in a real VS Code: code-server, the built .vsix, Chromium via playwright-core.

The workspace is built at test time (keys from ``tests/keys.py``): a ``.env``
whose quoted key ends with a space (AL201, whitespace-in-api-key) and an
``app.py`` that hard-codes a key (AL601, hardcoded-api-key). The test installs
the ``.vsix`` into a fresh code-server profile with no other step (no
interpreter setting: the extension finds ``python3`` itself), then
``drive.mjs`` checks the squiggle, the Problems entries and the status bar,
applies the quick fix with Ctrl+. and Enter, saves, and the test reads the
file back from disk. A second test points ``authlint.interpreter`` at a
Python that is too old, or missing, and checks the error notification, its
"Show output" button and the status bar. A third test shows the disabled
"No automatic fix" action and its reason (how VS Code 1.100 renders them is
in its comments), applies "Ignore AL604 on this line" and reads the comment
back from disk, then changes "Authlint: Run" in the Settings UI.

Needs ``client-extension/authlint.vsix`` (``npm ci && npm run package``),
code-server (``tests/vscode/install-code-server.sh``), ``tests/vscode/node_modules``
(``npm ci``) and Chromium; ``.ci/install-editors.sh`` sets all of them up.
Skipped when one is missing, failed instead when ``AUTHLINT_REQUIRE_EDITORS=1``
(CI). Screenshots of each step are kept in ``tests/vscode/artifacts/``
(git-ignored). Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from authlint.core.secrets import mask
from keys import api_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VSIX = Path(os.environ.get("AUTHLINT_VSIX", ROOT / "client-extension" / "authlint.vsix"))
CODE_SERVER = Path(
    os.environ.get(
        "AUTHLINT_CODE_SERVER",
        HERE / ".tools/code-server/node_modules/code-server/out/node/entry.js",
    )
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = HERE / "drive.mjs"
ARTIFACTS = HERE / "artifacts"
FIX_TITLE = "Remove the whitespace around the key"
# VS Code hands disabled code actions to its menu only for a trigger with a kind filter; Ctrl+.
# and the lightbulb have none. This binding is the documented way to get them for quick fixes.
QUICK_FIX_WITH_DISABLED = {
    "key": "ctrl+alt+.",
    "command": "editor.action.codeAction",
    "args": {"kind": "quickfix"},
}

pytestmark = pytest.mark.editors


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("AUTHLINT_REQUIRE_EDITORS") == "1":
        pytest.fail(f"{reason} (AUTHLINT_REQUIRE_EDITORS=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    _require(shutil.which("node") is not None, "node is not installed")
    _require(VSIX.is_file(), f"{VSIX} not built (cd client-extension && npm ci && npm run package)")
    _require(CODE_SERVER.is_file(), f"code-server not installed at {CODE_SERVER}")
    _require(Path(CHROMIUM).is_file(), f"no Chromium at {CHROMIUM}")
    _require((HERE / "node_modules" / "playwright-core").is_dir(), "cd tests/vscode && npm ci")


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path: Chromium's and VS Code's Unix sockets live in
    ``$TMPDIR``, and a socket path may not exceed 107 bytes (pytest's ``tmp_path`` does)."""
    path = Path(tempfile.mkdtemp(prefix="alvs-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _environment(tmp_path: Path, short: Path) -> dict[str, str]:
    """Everything code-server, the extension host and Chromium write stays in the test's folders."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg" / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg" / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg" / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "xdg" / "state"),
        "TMPDIR": str(short),
        "LANG": "C.UTF-8",
    }
    # pyenv's `python3` shim finds its versions through PYENV_ROOT (default ~/.pyenv).
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    if Path(pyenv_root).is_dir():
        env["PYENV_ROOT"] = pyenv_root
    for name in ("HOME", "TMPDIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    return env


def _run_vscode(
    tmp_path: Path,
    short: Path,
    workspace: Path,
    settings: dict[str, Any],
    mode: str,
    extra: dict[str, str],
    keybindings: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Install the .vsix into a fresh profile, serve ``workspace``, run ``drive.mjs MODE``."""
    env = _environment(tmp_path, short)
    user_data, extensions = tmp_path / "user-data", tmp_path / "extensions"
    (user_data / "User").mkdir(parents=True)
    base = {
        "workbench.startupEditor": "none",
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "extensions.ignoreRecommendations": True,
        "workbench.enableExperiments": False,
        "security.workspace.trust.enabled": False,
        "git.enabled": False,
        "chat.disableAIFeatures": True,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "workbench.tips.enabled": False,
        # The driver replaces the user settings through the editor: no auto-closing or indenting.
        "editor.autoClosingBrackets": "never",
        "editor.autoClosingQuotes": "never",
        "editor.autoIndent": "none",
    }
    (user_data / "User" / "settings.json").write_text(json.dumps({**base, **settings}))
    if keybindings is not None:
        (user_data / "User" / "keybindings.json").write_text(json.dumps(keybindings))
    args = [
        "node",
        str(CODE_SERVER),
        "--user-data-dir",
        str(user_data),
        "--extensions-dir",
        str(extensions),
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
    ]
    installed = subprocess.run(
        [*args, "--install-extension", str(VSIX)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = _free_port()
    out = ARTIFACTS / f"{mode}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    out.mkdir(parents=True, exist_ok=True)
    log = (out / "code-server.log").open("w")
    server = subprocess.Popen(
        [*args, "--bind-addr", f"127.0.0.1:{port}", "--auth", "none", str(workspace)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # one process group: the file watcher child goes with it
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "code-server did not start"
                time.sleep(0.2)
        driver = subprocess.run(
            ["node", str(DRIVER), mode, f"http://127.0.0.1:{port}/?folder={workspace}", str(out)],
            cwd=HERE,
            env={**env, "CHROMIUM": CHROMIUM, **extra},
            capture_output=True,
            text=True,
            timeout=240,
            stdin=subprocess.DEVNULL,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        log.close()
    lines = [line for line in driver.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"driver printed no result:\n{driver.stdout}\n{driver.stderr}"
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    result["artifacts"] = str(out)
    (out / "result.json").write_text(json.dumps(result, indent=2))
    assert result["ok"], f"{result.get('error')}; see {out}"
    return result


def test_diagnostics_quick_fix_and_status_bar(tmp_path: Path, short_tmp: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    env_key, code_key = api_key("e2e-env"), api_key("e2e-app")
    (workspace / ".env").write_text(f'ANTHROPIC_API_KEY="{env_key} "\n')
    (workspace / "app.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{code_key}")\n'
    )
    fixed = f'ANTHROPIC_API_KEY="{env_key}"\n'

    result = _run_vscode(
        tmp_path,
        short_tmp,
        workspace,
        {},
        "quickfix",
        {
            "FIX_TITLE": FIX_TITLE,
            "FIXED_PATH": str(workspace / ".env"),
            "FIXED_TEXT": fixed,
            "USER_SETTINGS": str(tmp_path / "user-data" / "User" / "settings.json"),
        },
    )

    before = result["problemsBefore"]
    assert (
        f"ANTHROPIC_API_KEY value `{mask(env_key)}` has trailing whitespace; the Python SDK "
        "refuses the header (APIConnectionError) and sends nothing" in before
    )
    assert "AL201" in before and "[Ln 1, Col 20]" in before
    assert (
        f"`api_key` of `anthropic.Anthropic` is an Anthropic API key written in the code "
        f"(`{mask(code_key)}`)" in before
    )
    assert "AL601" in before
    links = " ".join(result["codeLinks"])
    assert "README.md#al201-whitespace-in-api-key" in links, links
    assert "README.md#al601-hardcoded-api-key" in links, links
    assert result["statusBefore"] == "Claude auth: 2 problems"
    assert FIX_TITLE in result["menu"]
    assert result["pressedEnter"], f"the focused entry was {result['focused']!r}"
    assert (workspace / ".env").read_text() == fixed
    assert "AL201" not in result["problemsAfter"] and "AL601" in result["problemsAfter"]
    assert result["statusAfter"] == "Claude auth: 1 problem"
    for text in (before, result["menu"], result["problemsAfter"]):
        assert env_key not in text and code_key not in text
    # authlint.ignore reached the server through workspace/configuration, with no restart.
    # No problems left: the item names the credential (authlint.credentialSummary).
    assert result["statusIgnored"] == "Claude auth: key from .env ✓"
    assert result["settingsSaved"] == ["AL601"]
    assert result["problemsIgnored"] == "No problems have been detected in the workspace."
    logs = list((tmp_path / "user-data" / "logs").rglob("*authlint*.log"))
    starts = [line for log in logs for line in log.read_text().splitlines() if "starting: " in line]
    assert len(starts) == 1, (logs, starts)
    launcher = "python/launch.py --strategy useBundled server"
    assert " -S " in starts[0] and starts[0].endswith(launcher)
    shots = {p.name for p in Path(result["artifacts"]).glob("*.png")}
    assert {"1-problems.png", "2-quick-fix-menu.png", "3-after-fix.png"} <= shots
    assert "4-setting-applied.png" in shots


def test_status_bar_shows_the_failing_outcome_and_the_unopened_profile(
    tmp_path: Path, short_tmp: Path
) -> None:
    # ~/.zshrc exports a base URL ending in /v1: Claude Code asks for /v1/v1/messages (404).
    # Nobody opens ~/.zshrc; its problem still reaches the Problems view, and the status bar
    # names the outcome and the line that causes it.
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "app.py").write_text("import anthropic\n\nclient = anthropic.Anthropic()\n")
    home = tmp_path / "home"
    home.mkdir()
    key = api_key("e2e-zshrc")
    (home / ".zshrc").write_text(
        f"export ANTHROPIC_API_KEY={key}\nexport ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n"
    )

    result = _run_vscode(tmp_path, short_tmp, workspace, {}, "outcome", {})

    assert re.fullmatch(
        r"Claude auth: claude: 404 ← ~/\.zshrc:2( \(\+\d+ more\))?", result["statusOutcome"]
    ), result["statusOutcome"]
    problems = result["problemsOutcome"]
    assert ".zshrc" in problems and "AL401" in problems
    for text in (result["statusOutcome"], problems):
        assert key not in text
    assert "1-outcome.png" in {p.name for p in Path(result["artifacts"]).glob("*.png")}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("too-old", "is Python 3.8.18; authlint needs Python 3.10 or newer"),
        ("missing", "cannot be run: not found"),
    ],
)
def test_says_what_is_wrong_without_a_suitable_python(
    tmp_path: Path, short_tmp: Path, case: str, expected: str
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / ".env").write_text("ANTHROPIC_BASE_URL=https://api.anthropic.com\n")
    python = tmp_path / "bin" / "python3.8"
    if case == "too-old":
        python.parent.mkdir()
        python.write_text('#!/bin/sh\necho "authlint-probe 3 8 18 $0"\n')
        python.chmod(0o755)

    settings = {"authlint.interpreter": str(python)}
    result = _run_vscode(tmp_path, short_tmp, workspace, settings, "no-python", {})

    assert f'"{python}" (setting authlint.interpreter) {expected}' in result["notification"]
    assert "Show output" in result["notification"]
    # The output panel wraps long lines and uses no-break spaces: compare without whitespace.
    assert _squeeze(expected) in _squeeze(result["output"])
    assert "Claude auth: not checked" in result["statusBefore"]


def test_disabled_action_ignore_comment_and_settings_ui(tmp_path: Path, short_tmp: Path) -> None:
    # app.py passes both `api_key` and `auth_token` (AL604): no automatic fix is safe (which
    # credential to keep is the user's call), so the server offers a disabled "No automatic fix
    # for AL604" action whose reason says what to do by hand, next to "Ignore AL604 on this line"
    # and "Show documentation for AL604". (A hard-coded key, AL601, has a quick fix now, "Move
    # the key to .env ...", so it gets no disabled action; the key line here checks masking.)
    #
    # What code-server 4.100 (VS Code 1.100) does with a disabled action: Ctrl+. and the
    # lightbulb never list it (codeActionController: `includeDisabledActions =
    # !!trigger.filter?.include`, and editor.action.quickFix has no kind filter). A keybinding
    # for `editor.action.codeAction` with `{"kind": "quickfix"}` (QUICK_FIX_WITH_DISABLED) opens
    # the same menu with a "Show Disabled" footer (the menu holds enabled actions too; with only
    # disabled ones it would list them at once); a click on it lists them. With the default
    # `editor.codeActionWidget.showHeaders` the row is greyed and shows the action's title (also
    # its tooltip); with headers off the row's label is `disabled.reason` instead. No hover
    # shows the reason. The driver reads the menu both ways.
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    line = (
        'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"], '
        'auth_token=os.environ["ANTHROPIC_AUTH_TOKEN"])\n'
    )
    (workspace / "app.py").write_text(f"import os\n\nimport anthropic\n\n{line}")
    # The server puts the comment at the end of the line (it checks each candidate place).
    ignored = f"import os\n\nimport anthropic\n\n{line[:-1]}  # authlint: ignore[AL604]\n"
    user_settings = tmp_path / "user-data" / "User" / "settings.json"

    result = _run_vscode(
        tmp_path,
        short_tmp,
        workspace,
        {},
        "actions",
        {
            "IGNORE_TITLE": "Ignore AL604 on this line",
            "FIXED_PATH": str(workspace / "app.py"),
            "FIXED_TEXT": ignored,
            "USER_SETTINGS": str(user_settings),
        },
        keybindings=[QUICK_FIX_WITH_DISABLED],
    )

    assert "AL604" in result["problemsBefore"]
    # Ctrl+. lists the enabled actions only, without a "Show Disabled" footer.
    assert "Ignore AL604 on this line" in result["plainMenu"], result["plainMenu"]
    assert "No automatic fix" not in result["plainMenu"]
    assert "Show Disabled" not in result["plainMenu"]
    assert result["plainDisabledRows"] == 0
    assert result["showDisabledButton"] is True
    assert "No automatic fix for AL604" in result["menu"], result["menu"]
    assert "Ignore AL604 on this line" in result["menu"]
    assert "Show documentation for AL604" in result["menu"]
    # Headers on (the default): the greyed row and its tooltip are the title. (VS Code 1.100's
    # row aria-label says "Disabled Reason: true", a boolean: screen readers miss the reason.)
    assert result["disabledRow"] == "No automatic fix for AL604"
    assert result["disabledTooltip"] == "No automatic fix for AL604"
    # Headers off (turned off in the Settings UI): the row and its tooltip are the reason.
    assert result["headersSaved"] is False
    reason = (
        "No automatic fix is safe here. "
        "Pass only one credential: an API key for Anthropic, a token for a gateway."
    )
    assert result["reasonRow"] == reason, result["reasonRow"]
    assert result["reasonTooltip"] == reason
    assert result["focused"] == "Ignore AL604 on this line"
    assert (workspace / "app.py").read_text() == ignored
    assert result["problemsAfter"] == "No problems have been detected in the workspace."
    titles = result["settingTitles"]
    for title in ("Authlint: Enable", "Authlint: Log Level", "Authlint: Import Strategy"):
        assert title in titles, titles
    assert result["runTitle"] == "Authlint: Run"
    assert result["runSaved"] == "onSave"
    assert json.loads(user_settings.read_text())["authlint.run"] == "onSave"
    shots = {p.name for p in Path(result["artifacts"]).glob("*.png")}
    assert {"1-disabled-action.png", "2-disabled-reason.png", "3-after-ignore.png"} <= shots
    assert {"4-settings-ui.png", "6-setting-changed.png"} <= shots
