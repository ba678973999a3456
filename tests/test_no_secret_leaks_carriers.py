"""No output shows a key found in the carriers: Makefiles, justfiles, workflows, scripts.

Every secret of ``test_no_secret_leaks`` (Anthropic keys, other vendors' keys, gateway
UUID and base64 tokens), clean and damaged, is written into a ``Makefile``, a
``justfile``, a GitHub workflow (``env:`` and a ``run:`` step writing ``.env``), a
shell script and a PowerShell script in a git work tree; then every rule's findings
and the text, JSON and SARIF outputs are searched for 20-character pieces of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_source
from authlint.output import FileResult, json_format, sarif_format, text_format
from authlint.scanners import detect_kind
from test_no_secret_leaks import SECRETS, assert_no_leak, run, variants

NAMES = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN")


def carrier_files(key: str, case: int) -> dict[str, str]:
    values = variants(key)
    pick = [values[(case + i) % len(values)] for i in range(len(NAMES))]
    bare = [v.strip("\"'\u201c\u201d") for v in pick]
    make = ["export ANTHROPIC_BASE_URL = https://openrouter.ai/api"]
    just = ['export ANTHROPIC_BASE_URL := "https://api.z.ai/api/anthropic"']
    env = ["env:", "  ANTHROPIC_BASE_URL: https://openrouter.ai/api"]
    run_lines = []
    script = ["#!/usr/bin/env bash"]
    ps1 = []
    for name, value, raw in zip(NAMES, pick, bare, strict=True):
        make.append(f"export {name} {':=' if case % 2 else '='} {raw}")
        just.append(f'export {name} := "{raw}"')
        env.append(f"  {name}: {value}")
        run_lines.append(f"          echo '{name}={raw}' >> .env")
        script.append(f"export {name}={value}")
        ps1.append(f"$Env:{name} = '{raw}'")
    workflow = [
        *env,
        "jobs:",
        "  claude:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: |",
        *run_lines,
        "      - uses: anthropics/claude-code-action@v1",
        "        env:",
        f"          ANTHROPIC_AUTH_TOKEN: {bare[0]}",
    ]
    script.append('claude "$@"')
    return {
        "Makefile": "\n".join(make) + "\n",
        "justfile": "\n".join(just) + "\n",
        ".github/workflows/claude.yml": "\n".join(workflow) + "\n",
        "scripts/claude.sh": "\n".join(script) + "\n",
        "scripts/claude.ps1": "\r\n".join(ps1) + "\r\n",
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("carriers")
    project = root / "project"
    (project / ".git").mkdir(parents=True)
    (root / "home").mkdir()
    for name, key in SECRETS.items():
        for case in range(3):
            for file_name, text in carrier_files(key, case).items():
                path = project / name / str(case) / file_name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return root


def test_every_rule_masks_the_carriers(project: Path) -> None:
    context = CheckContext(platform=Platform.LINUX, home=None)
    results = []
    kinds = set()
    for path in sorted(p for p in (project / "project").rglob("*") if p.is_file()):
        if ".git" in path.parts:
            continue
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        assert kind is not None, path
        kinds.add(kind)
        results.append(FileResult(source, check_source(source, kind, context, Settings())))
    assert {FileKind.MAKEFILE, FileKind.JUSTFILE, FileKind.GITHUB_WORKFLOW} <= kinds
    findings = [f for r in results for f in r.findings]
    codes = {f.code for f in findings}
    assert {"AL501", "AL727"} <= codes and "AL000" not in codes
    for finding in findings:
        assert_no_leak(f"{finding.code} at {finding.span}", finding.message)
        for related in finding.related:
            assert_no_leak(f"{finding.code} related", related.message)
    cwd = project / "project"
    assert_no_leak("text", text_format.render(results, cwd))
    assert_no_leak("json", json_format.render(results, cwd))
    assert_no_leak("sarif", sarif_format.render(results, cwd))


@pytest.mark.parametrize("args", [(), ("--format", "json"), ("--format", "sarif")])
def test_the_cli_shows_no_key_in_the_carriers(project: Path, args: tuple[str, ...]) -> None:
    result = run("check", "--no-home", "--platform", "linux", *args, "project", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert "AL501" in result.stdout
    assert_no_leak("stdout", result.stdout)
    assert_no_leak("stderr", result.stderr)
