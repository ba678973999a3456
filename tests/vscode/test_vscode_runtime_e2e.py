"""End to end in a real VS Code (code-server): the runtime settings of issue 14.

- ``authlint.interpreter`` set to a Python 3.10 (the documented minimum, which
  crashed with ``No module named 'exceptiongroup'`` before the bundle was
  built per version): the server starts from the bundled libraries through
  ``python/launch.py``, checks the workspace and applies a quick fix.
- ``authlint.path`` set to an authlint executable that does not exist: one
  notification that names the setting and the fix, and the same line in the
  output, no stack trace.
- "authlint: Verify API key" with a key in VS Code's environment: a modal
  dialog naming the masked key, where it comes from and the host, whose
  focused (Enter) button is "Don't send"; pressing Enter sends nothing
  (``drive_runtime.mjs``; the base URL points at a closed port on 127.0.0.1
  in case it did).

Uses the harness of ``test_vscode_e2e.py`` (same requirements; skipped or,
with ``AUTHLINT_REQUIRE_EDITORS=1``, failed when a tool is missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_vscode_e2e
from test_extension_runtime import _python
from test_vscode_e2e import FIX_TITLE, _run_vscode, _squeeze, _tools, short_tmp

from authlint.core.secrets import mask
from keys import api_key

pytestmark = pytest.mark.editors
__all__ = ["_tools", "short_tmp"]  # fixtures used from the harness


def _workspace(tmp_path: Path) -> tuple[Path, str]:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    env_key, code_key = api_key("rt-env"), api_key("rt-app")
    (workspace / ".env").write_text(f'ANTHROPIC_API_KEY="{env_key} "\n')
    (workspace / "app.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{code_key}")\n'
    )
    return workspace, f'ANTHROPIC_API_KEY="{env_key}"\n'


def _log_lines(tmp_path: Path) -> list[str]:
    logs = (tmp_path / "user-data" / "logs").rglob("*authlint*.log")
    return [line for log in logs for line in log.read_text().splitlines()]


def test_server_runs_under_python_310_from_the_bundle(tmp_path: Path, short_tmp: Path) -> None:
    python = _python("3.10")
    if python is None:
        pytest.skip("no python3.10 on this machine (PATH or ~/.pyenv/versions)")
    workspace, fixed = _workspace(tmp_path)

    result = _run_vscode(
        tmp_path,
        short_tmp,
        workspace,
        {"authlint.interpreter": python},
        "quickfix",
        {
            "FIX_TITLE": FIX_TITLE,
            "FIXED_PATH": str(workspace / ".env"),
            "FIXED_TEXT": fixed,
            "USER_SETTINGS": str(tmp_path / "user-data" / "User" / "settings.json"),
        },
    )

    assert result["statusBefore"] == "Claude auth: 2 problems"
    assert "AL201" in result["problemsBefore"] and "AL601" in result["problemsBefore"]
    assert (workspace / ".env").read_text() == fixed
    lines = _log_lines(tmp_path)
    chosen = [line for line in lines if "(setting), the bundled authlint" in line]
    assert chosen and "Python 3.10." in chosen[0], lines
    starts = [line for line in lines if "starting: " in line]
    assert starts[0].endswith("python/launch.py --strategy useBundled server"), starts
    assert f"starting: {python} -S " in starts[0], starts
    assert not [line for line in lines if "Traceback" in line or "exceptiongroup" in line]


def test_a_missing_authlint_path_names_the_setting_and_the_fix(
    tmp_path: Path, short_tmp: Path
) -> None:
    workspace, _ = _workspace(tmp_path)
    executable = tmp_path / "nowhere" / "authlint"

    result = _run_vscode(
        tmp_path, short_tmp, workspace, {"authlint.path": str(executable)}, "no-python", {}
    )

    expected = (
        f'authlint cannot start: "{executable}" (setting authlint.path) cannot be run: not found. '
        'Install authlint there again ("python -m pip install --upgrade authlint" in its '
        'environment), or clear "authlint.path" to use the bundled server.'
    )
    assert _squeeze(expected) in _squeeze(result["output"])
    assert (
        f'"{executable}" (setting authlint.path) cannot be run: not found'
        in (result["notification"])
    )
    assert "Show output" in result["notification"]
    assert "Traceback" not in result["output"]
    assert "Claude auth: not checked" in result["statusBefore"]


def test_verify_dialog_names_the_masked_key_and_defaults_to_not_sending(
    tmp_path: Path, short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, _ = _workspace(tmp_path)
    key = api_key("rt-verify")
    harness_environment = test_vscode_e2e._environment

    def environment(tmp: Path, short: Path) -> dict[str, str]:
        # VS Code (and so the extension host and the server) started with the key set.
        env = harness_environment(tmp, short)
        return {**env, "ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}

    monkeypatch.setattr(test_vscode_e2e, "_environment", environment)
    monkeypatch.setattr(test_vscode_e2e, "DRIVER", Path(__file__).with_name("drive_runtime.mjs"))

    result = _run_vscode(tmp_path, short_tmp, workspace, {}, "verify-dialog", {})

    dialog = result["dialog"]
    assert f"Send ANTHROPIC_API_KEY ({mask(key)}) to 127.0.0.1:9 to check it?" in dialog
    assert "From: the environment VS Code was started with" in dialog
    assert key not in dialog and key[13:-4] not in dialog
    buttons = [b.strip() for b in result["buttons"]]
    assert "Send key" in buttons and "Don't send" in buttons, buttons
    assert result["focused"] == "Don't send", result
    assert "Verify API key:" not in result["outputAfter"]
