"""No output of authlint ever shows a key: not whole, not a 20-character piece of it.

Keys of every shape in ``tests/keys.py`` (and damaged variants: truncated, with
whitespace, quoted, smart-quoted, with an invisible character, with a CR, in
comments, other vendors' keys in Anthropic variables) are written into a
``.env``, a ``.zshrc``, a ``config.fish`` and a PowerShell profile, shaped to
trigger as many rules as possible, in a git work tree and in a home folder.
Then every output path runs: text (with source lines), JSON, SARIF,
``authlint rule --all``, ``-vv`` logs, ``--fix`` / ``--unsafe-fixes`` output,
usage errors, a failing rule and a crash. The per-rule part is generic over the
registry: a new rule is checked on its own findings without editing this file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import keys
from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind
from authlint.core.findings import Finding
from authlint.core.secrets import mask
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_source
from authlint.output import FileResult, json_format, sarif_format, text_format
from authlint.rules import all_rules
from authlint.scanners import detect_kind

WINDOW = 20
KEYS = {name: make() for name, make in sorted(keys.ALL_SHAPES.items())}
EXTRA_KEYS = {"api_key_2": keys.api_key("second"), "oauth_80": keys.oauth_token("short", 80)}
# Gateway tokens with no key shape (issue 13): a UUID, and base64 cut by `+`, `/` and a
# no-break space into pieces shorter than 20 characters. Masked because of the variable
# that holds them (or the credential name written next to them), not their shape.
GATEWAY_TOKENS = {
    "gateway_uuid": "84032157-91e4-2b53-c17f-24505baf8578",
    "gateway_base64": "Z5XU4NRGQFBfZ+2aOoSbbLMrd/ZFpVu11mm\u00a051xqEIk7Qw==",
}
EXTRA_KEYS.update(GATEWAY_TOKENS)
SECRETS = {**KEYS, **EXTRA_KEYS}
VARIABLE_SETS = (
    ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "anthropic_api_key"),
    ("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"),  # no auth token: gateway rules
    ("ANTROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),  # misspelled, without the real name
)
BASE_URLS = (
    None,
    "https://openrouter.ai/api",
    "https://api.anthropic.com/v1",
    "",
    "api.anthropic.com",
    "https://openrouter.ai/api/v1",
    "http://localhost:4000",
)


def _windows() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, secret in SECRETS.items():
        for i in range(len(secret) - WINDOW + 1):
            found[secret[i : i + WINDOW]] = name
    return found


WINDOWS = _windows()


def leaks(text: str) -> list[str]:
    """Every 20-character window of a secret that occurs in ``text`` (with its key's name)."""
    return sorted(
        {
            f"{WINDOWS[text[i : i + WINDOW]]}: {text[i : i + WINDOW]!r}"
            for i in range(len(text) - WINDOW + 1)
            if text[i : i + WINDOW] in WINDOWS
        }
    )


def assert_no_leak(where: str, text: str) -> None:
    found = leaks(text)
    assert not found, f"{where} shows key material: {found[:5]}"


def variants(key: str) -> list[str]:
    """The value as written after ``=``: clean, damaged, quoted, truncated."""
    return [
        key,
        f'"{key} "',
        f"'{key}'",
        f'" {key}"',
        f"\u201c{key}\u201d",  # smart quotes
        f'"{key[:-25]}"',  # truncated
        f'"{key[:40]}\u200b{key[40:]}"',  # zero-width space inside
        f'"{key}\'"',  # a stray quote kept in the value
    ]


def case_files(key: str, case: int) -> dict[str, str]:
    """One small workspace folder: each variable defined once per file, so each definition
    is the one that wins somewhere and rules that look at the effective value fire."""
    values = variants(key)
    names = VARIABLE_SETS[case % len(VARIABLE_SETS)]
    pick = [values[(case + i) % len(values)] for i in range(len(names))]
    bare = [v.strip("\"'\u201c\u201d") for v in pick]
    base = BASE_URLS[case % len(BASE_URLS)]
    dotenv = [f"# case {case}"] + [f"{n}={v}" for n, v in zip(names, pick, strict=True)]
    zshrc = [f"# case {case}: {key}"]
    fish = [f"# case {case}"]
    ps1 = [f"# case {case}"]
    syntax = case % 4
    for name, value, raw in zip(names, pick, bare, strict=True):
        if syntax == 0:
            zshrc.append(f"export {name}={value}")
            fish.append(f"set -gx {name} {value}")
            ps1.append(f"$Env:{name} = {value}")
        elif syntax == 1:
            zshrc.append(f"{name}={value}")  # not exported
            zshrc.append(f"export ${name}")
            fish.append(f"set -g {name} {value}")  # not exported
            ps1.append(f"export {name}={raw}")  # POSIX syntax in PowerShell
        elif syntax == 2:
            zshrc.append(f"export {name} = {value}")
            fish.append(f"export {name}={raw}")
            ps1.append(f'[Environment]::SetEnvironmentVariable("{name}", "{raw} ", "User")')
        else:
            zshrc.append(f"export {name}= {raw}")
            zshrc.append(f'$env:{name}_X = "{raw}"')  # PowerShell syntax in zsh
            fish.append(f"set -Ux {name} '{raw}\t'")
            ps1.append(f"$env:{name} = '{raw}'")
    if base is not None:
        dotenv.append(f"ANTHROPIC_BASE_URL={base}")
        zshrc.append(f'export ANTHROPIC_BASE_URL="{base}"')
        fish.append(f"set -gx ANTHROPIC_BASE_URL {base}")
        ps1.append(f'$Env:ANTHROPIC_BASE_URL = "{base}"')
    dotenv.append(f"# old: {key}")
    return {
        ".env": "\n".join(dotenv) + "\n",
        ".zshrc": "\r\n".join(zshrc) + ("\r\n" if case % 2 else ""),
        "config.fish": "\n".join(fish) + "\n",
        "profile.ps1": "\r\n".join(ps1) + "\r\n",
    }


def crowded_env() -> str:
    """Everything in one file: duplicates, comments, broken lines, foreign keys."""
    lines = ["# everything at once"]
    for name, key in SECRETS.items():
        lines += [f"ANTHROPIC_API_KEY={value}" for value in variants(key)]
        lines += [
            f"# old {name}: {key}",
            f"export ANTHROPIC_API_KEY = {key}",
            f"ANTHROPIC_API_KEY={key}\r",
            f"ANTHROPIC_BASE_URL=https://api.anthropic.com/v1?key={key}",
            f"ANTHROPIC_CUSTOM_HEADERS=x-api-key: {key}",
            f"OPENAI_API_KEY={key}",
        ]
    lines += ["ANTHROPIC_API_KEY=sk-ant-api03-your-key-here", "ANTHROPIC_BASE_URL="]
    lines += [f"ANTHROPIC_API_KEY='{KEYS['api_key']}\"", f'BROKEN="{KEYS["oauth_token"]}']
    return "\n".join(lines) + "\n"


def document_files(key: str, case: int) -> dict[str, str]:
    """The issue 12 kinds: a notebook, a transcript, Streamlit secrets, MCP and frontend env."""
    values = variants(key)
    value = values[case % len(values)]
    bare = value.strip("\"'\u201c\u201d")
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": [f"{key}\n"]}],
        "source": [f'client = anthropic.Anthropic(api_key="{key}")\n', f"# {value}"],
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    transcript = "".join(
        json.dumps({"type": "user", "message": {"content": text}}) + "\n"
        for text in (f"my key is {key}", f"cat .env\nANTHROPIC_API_KEY={value}")
    )
    mcp = {"mcpServers": {"claude": {"command": "npx", "env": {"ANTHROPIC_API_KEY": value}}}}
    return {
        "analysis.ipynb": json.dumps(notebook, indent=1),
        ".claude/projects/-p/session.jsonl": transcript,
        ".streamlit/secrets.toml": (
            f'ANTHROPIC_API_KEY = "{bare}"\nRAW = {bare}\n[anthropic]\napi_key = {value}\n'
        ),
        ".mcp.json": json.dumps(mcp, indent=2),
        "web/.env": f"NEXT_PUBLIC_ANTHROPIC_API_KEY={value}\nVITE_CLAUDE_KEY={key}\n",
        "web/page.tsx": "const k = process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY;\n",
    }


def build_workspace(root: Path) -> tuple[Path, Path]:
    """A git work tree ``project`` (one folder per key and case) and a ``home`` folder."""
    project, home = root / "project", root / "home"
    (project / ".git").mkdir(parents=True)
    (project / ".env").write_text(crowded_env(), encoding="utf-8")
    for name, key in SECRETS.items():
        for case in range(len(variants(key))):
            folder = project / name / str(case)
            folder.mkdir(parents=True)
            for file_name, text in case_files(key, case).items():
                (folder / file_name).write_bytes(text.encode("utf-8"))
            if case < 3:
                for file_name, text in document_files(key, case).items():
                    (folder / file_name).parent.mkdir(parents=True, exist_ok=True)
                    (folder / file_name).write_bytes(text.encode("utf-8"))
    sample = case_files(KEYS["api_key"], 1)
    (home / ".config" / "fish").mkdir(parents=True)
    (home / ".config" / "powershell").mkdir(parents=True)
    (home / ".zshrc").write_bytes(b"\xef\xbb\xbf" + sample[".zshrc"].encode("utf-8"))
    (home / ".bashrc").write_bytes(case_files(KEYS["oauth_token"], 2)[".zshrc"].encode())
    (home / ".config" / "fish" / "config.fish").write_text(sample["config.fish"])
    transcript = home / ".claude" / "projects" / "-home" / "session.jsonl"
    transcript.parent.mkdir(parents=True)
    transcript.write_text(
        document_files(KEYS["oauth_token"], 1)[".claude/projects/-p/session.jsonl"]
    )
    ps_profile = home / ".config" / "powershell" / "Microsoft.PowerShell_profile.ps1"
    ps_profile.write_bytes(b"\xff\xfe" + sample["profile.ps1"].encode("utf-16-le"))
    return project, home


def run(*args: str | Path, cwd: Path, extra_env: dict[str, str] | None = None, script=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.pop("GIT_CONFIG_GLOBAL", None)
    env.update(HOME=str(cwd / "home"), XDG_CONFIG_HOME=str(cwd / "xdg"), GIT_CONFIG_NOSYSTEM="1")
    env.update(extra_env or {})
    prefix = [sys.executable, "-c", script] if script else [sys.executable, "-m", "authlint"]
    return subprocess.run(
        [*prefix, *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    build_workspace(root)
    return root


def test_the_detector_works(workspace: Path) -> None:
    # The inputs hold every key, and the detector sees them; masks are not flagged.
    text = "".join(p.read_text(encoding="utf-8") for p in (workspace / "project").rglob(".env"))
    assert {k for k in SECRETS if SECRETS[k] in text} == set(SECRETS)
    assert leaks(text)
    assert leaks("x " + KEYS["api_key"][30:50] + " y")
    assert not any(leaks(mask(secret)) for secret in SECRETS.values())


CHECK = ("check", "project", "--home", "home", "--select", "ALL")


@pytest.mark.parametrize(
    "args",
    [
        (*CHECK,),
        (*CHECK, "--format", "json"),
        (*CHECK, "--format", "sarif"),
        (*CHECK, "--platform", "windows"),
        ("-vv", *CHECK),
        ("rule", "--all"),
    ],
    ids=["text", "json", "sarif", "windows", "verbose", "rules"],
)
def test_cli_outputs_show_no_key(workspace: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=workspace)
    assert_no_leak("stdout", result.stdout)
    assert_no_leak("stderr", result.stderr)
    assert "Traceback" not in result.stderr
    if args[0] != "rule":
        assert result.returncode == 1, result.stderr
        assert mask(KEYS["api_key"]) in result.stdout  # keys are shown, masked


def test_fix_outputs_show_no_key(tmp_path: Path) -> None:
    build_workspace(tmp_path)
    safe = run(*CHECK, "--fix", cwd=tmp_path)
    unsafe = run(*CHECK, "--fix", "--unsafe-fixes", "--format", "json", cwd=tmp_path)
    again = run("-vv", *CHECK, "--fix", "--unsafe-fixes", "--format", "sarif", cwd=tmp_path)
    for result in (safe, unsafe, again):
        assert_no_leak("stdout", result.stdout)
        assert_no_leak("stderr", result.stderr)
        assert "Traceback" not in result.stderr
    assert "Fixed" in safe.stdout
    # The fixes edited the files (which still hold the keys, as they should).
    assert (tmp_path / "project" / ".env").read_text(encoding="utf-8") != crowded_env()


@pytest.mark.parametrize(
    "args",
    [
        ("check", KEYS["api_key"]),  # a key pasted as a path
        ("check", "project", "--platform", KEYS["oauth_token"]),
        ("check", "project", f"--select={KEYS['admin_key']}", "--no-home"),
        ("rule", KEYS["google_key"]),
        ("check", "--config", KEYS["openrouter_key"], "project"),
        ("check", "project", f"--{KEYS['openai_key']}"),
    ],
    ids=["path", "platform", "select", "rule", "config", "flag"],
)
def test_usage_errors_show_no_key(workspace: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=workspace)
    assert result.returncode in (0, 2)
    assert_no_leak("stdout", result.stdout)
    assert_no_leak("stderr", result.stderr)
    assert result.stderr  # something was said


FAILING_RULE = """
import dataclasses, os, sys
import authlint.engine as engine
real = engine.selected_rules
secret = os.environ["LEAK_KEY"]
def boom(file, context):
    raise RuntimeError("cannot handle value " + secret)
def selected(select, ignore):
    rules = real(select, ignore)
    return (dataclasses.replace(rules[0], check=boom), *rules[1:])
engine.selected_rules = selected
from authlint.cli import main
sys.exit(main(sys.argv[1:]))
"""

CRASH = """
import os, sys
import authlint.cli as cli
import authlint.commands.check as check_command
def render(results, args):
    raise ValueError("output failed near " + os.environ["LEAK_KEY"])
check_command._render = render
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize(("script", "status"), [(FAILING_RULE, 1), (CRASH, 2)])
@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_internal_errors_show_no_key(workspace: Path, script: str, status: int, output: str):
    secret = KEYS["api_key"]
    result = run(
        "-vv", *CHECK, "--format", output, cwd=workspace, script=script,
        extra_env={"LEAK_KEY": secret},
    )  # fmt: skip
    assert result.returncode == status, result.stderr[-2000:]
    assert_no_leak("stdout", result.stdout)
    assert_no_leak("stderr", result.stderr)
    assert mask(secret) in result.stderr  # the message is there, masked
    if script is FAILING_RULE:
        assert "AL000" in result.stdout and "Traceback" in result.stderr  # -vv shows it, masked


# --- per rule, in process: every registered rule masks its own findings -------------------------


# Lines for the field-cause rules (gateways, TLS, provider switches, workload identity), with
# secrets where a value may be quoted back.
FIELD_CAUSES = {
    ".env.gateway": (
        "ANTHROPIC_API_KEY=op://Private/Anthropic/credential\n"
        "ANTHROPIC_FEDERATION_RULE_ID=rule_{openrouter_key}\n"
        "ANTHROPIC_ORGANIZATION_ID={api_key}\n"
        "NODE_EXTRA_CA_CERTS=/nonexistent/corporate-{api_key}.cer\n"
        "NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "CLAUDE_CODE_USE_VERTEX=1\n"
        "ANTHROPIC_CUSTOM_HEADERS=x-team-token: {openai_key}\n"
        "ANTHROPIC_BASE_URL=http://127.0.0.1:3456\n"
    ),
    "foundry.env": (
        "CLAUDE_CODE_USE_FOUNDRY=1\n"
        "ANTHROPIC_FOUNDRY_BASE_URL=https://team.services.ai.azure.com\n"
        "ANTHROPIC_FOUNDRY_API_KEY={openai_key}\n"
        "ANTHROPIC_AUTH_TOKEN=PROXY_MANAGED\n"
        "CLAUDE_CONFIG_DIR=$HOME/.claude\n"
    ),
}


def _sources(root: Path) -> list[SourceFile]:
    project, home = build_workspace(root)
    for name, text in FIELD_CAUSES.items():
        (project / name).write_text(text.format(**KEYS), encoding="utf-8")
    paths = sorted(p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts)
    paths += sorted(p for p in home.rglob("*") if p.is_file())
    return [SourceFile.read(path) for path in paths]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[SourceFile]:
    return _sources(tmp_path_factory.mktemp("per-rule"))


def _findings(sources: list[SourceFile], select: tuple[str, ...]) -> list[FileResult]:
    context = CheckContext(platform=Platform.LINUX, home=None)
    results = []
    for source in sources:
        assert source.path is not None
        kind = detect_kind(source.path, source.text)
        assert kind is not None
        results.append(FileResult(source, check_source(source, kind, context, Settings(select))))
    return results


def _raw_strings(finding: Finding) -> Iterator[str]:
    yield finding.message
    for related in finding.related:
        yield related.message
    if finding.fix is not None:
        yield finding.fix.title
        for edit in finding.fix.edits:
            yield edit.new_text


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_each_rule_masks_its_own_findings(sources: list[SourceFile], rule) -> None:
    results = _findings(sources, (rule.code,))
    findings = [f for r in results for f in r.findings]
    assert all(f.code in {rule.code, "AL000"} for f in findings)
    assert "AL000" not in {f.code for f in findings}, "the rule crashed on these files"
    # First line of defence: the rule's own strings (messages, fix titles, edits).
    for finding in findings:
        for text in _raw_strings(finding):
            assert_no_leak(f"{rule.code} finding at {finding.span}", text)
    # Second line: every formatter.
    cwd = sources[0].path.parent if sources[0].path else Path.cwd()
    assert_no_leak("text", text_format.render(results, cwd))
    assert_no_leak("json", json_format.render(results, cwd))
    assert_no_leak("sarif", sarif_format.render(results, cwd))


def test_many_rules_fire_on_these_files(sources: list[SourceFile]) -> None:
    # Guards the scenario itself: if the files stop triggering rules, the per-rule test
    # proves little. Generic: three quarters of the rules for these file kinds must fire.
    fired = {f.code for r in _findings(sources, ("ALL",)) for f in r.findings}
    kinds = {FileKind.DOTENV, FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL}
    # The AL9xx rules compare files through the environment model, which these files lack.
    applicable = {
        rule.code for rule in all_rules() if rule.kinds & kinds and not rule.code.startswith("AL9")
    }
    missing = sorted(applicable - fired)
    assert "AL201" in fired and "AL000" not in fired
    assert len(applicable & fired) >= 0.75 * len(applicable), f"rules that never fire: {missing}"
