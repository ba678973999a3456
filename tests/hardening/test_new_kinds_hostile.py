"""Hostile text in the new kinds (Cline, aider, systemd, Kubernetes): findings or nothing.

Never an AL000 (a rule that died), never exit 2, and no quadratic blow-up on long
lines or many documents. The real CLI runs in process over real files.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import time
from pathlib import Path

import pytest

import keys
from authlint.cli import main
from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import scan

KEY = keys.api_key("hostile-new-kinds")
OOPS = "https://[oops]/"


def check(folder: Path) -> tuple[int, list[dict[str, object]]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(folder), "--no-home", "--format", "json"])
    return status, json.loads(out.getvalue() or "[]")


FILES = {
    ".cline/data/settings/providers.json": (
        f'{{"providers": {{"anthropic": {{"apiKey": "{KEY}", "baseUrl": "{OOPS}"}}}}}}\n'
    ),
    ".cline/data/globalState.json": f'{{"anthropicBaseUrl": "{OOPS}", "apiKey": [1, {{}}]}}\n',
    ".aider.conf.yml": (
        f"api-key: [{{anthropic: x}}, '=', '==', anthropic=]\nanthropic-api-key: [{KEY}]\n"
        f"set-env: {{A: b}}\nopenai-api-key: !!binary aGk=\n"
    ),
    "agent.service": (
        '[Service]\nEnvironment="ANTHROPIC_BASE_URL=' + OOPS + '" "unterminated\n'
        "Environment=\\\nEnvironment==x =y \"=\" 'A B'=c\nEnvironmentFile=%q/x\n"
        "EnvironmentFile=-relative.env\nExecStart=claude \\\n  -p x\n[Service\n"
    ),
    "k8s/secret.yaml": (
        "apiVersion: v1\nkind: Secret\ndata:\n  ANTHROPIC_API_KEY: [1]\n  X: !!binary aGk=\n"
        "  Y: ~\n  Z: '////'\n---\n--- &a\nkind: ConfigMap\ndata: *a\n---\n"
        f"apiVersion: v1\nkind: ConfigMap\ndata:\n  ANTHROPIC_BASE_URL: {OOPS}\n"
        f"  ANTHROPIC_API_KEY: {KEY}\n  : x\n"
    ),
}


@pytest.mark.parametrize("name", list(FILES))
def test_hostile_files_never_crash_a_rule(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FILES[name], encoding="utf-8")
    status, findings = check(tmp_path)
    assert status in (0, 1)
    assert [f for f in findings if f["code"] == "AL000"] == []


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            FileKind.SYSTEMD_UNIT,
            "[Service]\nEnvironment=" + "\"A=b c\" 'D=e' \\\\x " * 5_000 + "\n",
        ),
        (FileKind.SYSTEMD_UNIT, "[Service]\n" + "Environment=A=b\n" * 1_000),
        (
            FileKind.KUBERNETES,
            "apiVersion: v1\nkind: Secret\ndata:\n"
            + "".join(f"  K{i}: {base64.b64encode(b'x' * 40).decode()}\n" for i in range(5_000)),
        ),
        (FileKind.KUBERNETES, "---\napiVersion: v1\nkind: ConfigMap\ndata: {A: b}\n" * 1_000),
        (FileKind.AIDER_CONFIG, "api-key:\n" + "  - anthropic=abc\n" * 1_000),
        (FileKind.CLINE_SETTINGS, "[" * 20_000 + "]" * 20_000),
    ],
)
def test_large_inputs_scan_in_linear_time(kind: FileKind, text: str) -> None:
    start = time.perf_counter()
    scan(SourceFile(None, text), kind)
    assert time.perf_counter() - start < 20
