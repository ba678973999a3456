"""Issue 13, crashes: hostile text gives findings or nothing, never an AL000 or exit 2.

- ``ANTHROPIC_BASE_URL=https://[oops]/``: urllib's ``urlsplit`` raises ``ValueError``
  for a bracketed host that is not an IP address, and ten rules died on it (AL000),
  the third-party guard (AL405) among them, so it stayed silent; ``authlint verify``
  exited 2. Now the base-URL rules report the URL (AL402 in env files, AL603 in SDK
  code), AL405 fails safe (an unparsable URL is not api.anthropic.com), and
  ``verify`` names the problem and exits 1.
- Nesting thousands deep (``$(`` in a profile, JSON, YAML merges, Python targets, JS
  destructuring): recursive walkers raised ``RecursionError``; ``json.loads`` too,
  while ``JSON.parse`` (Claude Code) reads any depth; YAML aliases merged again and
  again made the walks exponential.

Every check runs the real CLI in process (``authlint.cli.main``) over real files.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

import keys
from authlint.cli import main
from authlint.core.endpoints import parse_base_url
from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import scan

KEY = keys.api_key("hostile-input")
OOPS = "https://[oops]/"
DEPTHS = (1000, 10_000, 100_000)


def check(folder: Path) -> tuple[int, list[dict[str, object]], str]:
    """``authlint check FOLDER --no-home --format json``: status, findings, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(folder), "--no-home", "--format", "json"])
    return status, json.loads(out.getvalue() or "[]"), err.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def at(findings: list[dict[str, object]], code: str) -> list[int]:
    """The 1-based rows of the findings of ``code``."""
    return [f["location"]["row"] for f in findings if f["code"] == code]  # type: ignore[index]


# --- ANTHROPIC_BASE_URL=https://[oops]/ ----------------------------------------------------

OOPS_FILES = {
    ".env": f"ANTHROPIC_API_KEY={KEY}\nANTHROPIC_BASE_URL={OOPS}\n",
    ".zshrc": f"export ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_BASE_URL={OOPS}\n",
    "config.fish": f"set -gx ANTHROPIC_API_KEY {KEY}\nset -gx ANTHROPIC_BASE_URL {OOPS}\n",
    "profile.ps1": f"$env:ANTHROPIC_API_KEY = '{KEY}'\n$env:ANTHROPIC_BASE_URL = '{OOPS}'\n",
    ".claude/settings.json": (
        f'{{"env": {{\n"ANTHROPIC_API_KEY": "{KEY}",\n"ANTHROPIC_BASE_URL": "{OOPS}"\n}}}}\n'
    ),
}


@pytest.mark.parametrize("name", list(OOPS_FILES))
def test_unparsable_base_url_is_a_finding_not_an_internal_error(tmp_path: Path, name) -> None:
    write(tmp_path, name, OOPS_FILES[name])
    status, findings, stderr = check(tmp_path)
    assert "AL000" not in {f["code"] for f in findings}, stderr
    assert "Traceback" not in stderr and "failed" not in stderr
    assert status == 1
    url_row = 3 if name.endswith(".json") else 2
    assert at(findings, "AL402") == [url_row]
    [invalid] = [f for f in findings if f["code"] == "AL402"]
    assert "not a valid URL" in str(invalid["message"])
    assert "[oops]" in str(invalid["message"])


@pytest.mark.parametrize("name", list(OOPS_FILES))
def test_key_sent_to_unparsable_base_url_fails_safe(tmp_path: Path, name) -> None:
    """AL405 guards the key: an unparsable URL is not api.anthropic.com, so it warns."""
    write(tmp_path, name, OOPS_FILES[name])
    _, findings, _ = check(tmp_path)
    key_row = 2 if name.endswith(".json") else 1
    [sent] = [f for f in findings if f["code"] == "AL405"]
    assert sent["location"]["row"] == key_row  # type: ignore[index]
    assert sent["severity"] == "warning"
    assert "not a valid URL" in str(sent["message"])
    assert KEY not in json.dumps(findings)  # the key is shown masked only


def test_unparsable_sdk_base_url_is_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "app.py",
        f'import anthropic\nclient = anthropic.Anthropic(base_url="{OOPS}")\n',
    )
    status, findings, stderr = check(tmp_path)
    assert "AL000" not in {f["code"] for f in findings}, stderr
    assert at(findings, "AL603") == [2]
    assert status == 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (OOPS, "the host in brackets is not an IP address"),
        ("https://[::1/v1", "unmatched"),
        ("https://[oops", "unmatched"),
        ("http://gateway:99999/", "port"),
        ("gateway:abc", "port"),
        ("https://api.anthropic.com", None),
        ("http://[::1]:4000/", None),
        ("", None),
    ],
)
def test_parse_base_url_never_raises(value: str, reason: str | None) -> None:
    from authlint.core.endpoints import base_url_error  # new: the file loads without it

    parsed = parse_base_url(value)  # raised ValueError for the first three
    found = base_url_error(value)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found
    if found is not None and "port" not in found:
        assert parsed is None


def test_verify_reports_an_unparsable_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """``verify`` exited 2 with ``internal error: ValueError``; now 1, saying why."""
    for name in list(os.environ):
        if name.startswith(("ANTHROPIC_", "CLAUDE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", OOPS)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["verify", "--format", "json"])
    assert "internal error" not in err.getvalue()
    assert status == 1
    assert "is not a valid URL" in out.getvalue()
    assert KEY not in out.getvalue() + err.getvalue()


# --- nesting thousands deep --------------------------------------------------------------


def _compose_merge_chain(n: int) -> str:
    anchors = "x0: &x0\n  A: b\n" + "".join(f"x{i}: &x{i}\n  <<: *x{i - 1}\n" for i in range(1, n))
    return anchors + f"services:\n  app:\n    <<: *x{n - 1}\n    image: x\n"


DEEP = {
    # name: (file, text for a depth)
    "bash-command-substitution": (
        ".bashrc",
        lambda n: "export ANTHROPIC_API_KEY=" + "$(" * n + "x )) ((" + ")" * n + "\n",
    ),
    "bash-subst-quotes": (
        ".bashrc",
        lambda n: 'export ANTHROPIC_API_KEY="' + '$("' * n + "x" + '")' * n + '"\n',
    ),
    "fish-command-substitution": (
        "config.fish",
        lambda n: "set -gx ANTHROPIC_API_KEY " + "(" * n + "echo x" + ")" * n + "\n",
    ),
    "powershell-subexpression": (
        "profile.ps1",
        lambda n: "$env:ANTHROPIC_API_KEY = " + "$(" * n + "'x'" + ")" * n + "\n",
    ),
    "json-arrays": (
        ".claude/settings.json",
        lambda n: '{"env": {"ANTHROPIC_API_KEY": ""}, "a": ' + "[" * n + "]" * n + "}\n",
    ),
    "json-objects": (
        ".vscode/settings.json",
        lambda n: (
            '{"terminal.integrated.env.linux": {}, "a": ' + '{"a":' * n + "1" + "}" * n + "}\n"
        ),
    ),
    "yaml-flow": (
        "compose.yaml",
        lambda n: (
            "services:\n  app:\n    environment:\n      A: b\n    x: " + "[" * n + "]" * n + "\n"
        ),
    ),
    "yaml-merge-chain": ("compose.yaml", _compose_merge_chain),
    "python-assignment-target": (
        "app.py",
        lambda n: "import anthropic\n" + "(" * n + "a" + ",)" * n + " = x\n",
    ),
    "javascript-destructuring": (
        "app.js",
        lambda n: "const " + "{a: " * n + "b" + "}" * n + " = require('@anthropic-ai/sdk');\n",
    ),
}


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("case", list(DEEP))
def test_deep_nesting_never_crashes(tmp_path: Path, case: str, depth: int) -> None:
    name, make = DEEP[case]
    write(tmp_path, name, make(depth))
    limit = sys.getrecursionlimit()
    status, findings, stderr = check(tmp_path)
    assert sys.getrecursionlimit() == limit
    assert "RecursionError" not in stderr and "internal error" not in stderr, stderr[-300:]
    assert "AL000" not in {f["code"] for f in findings}
    assert status in (0, 1)


@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_json_is_valid_for_json_parse(tmp_path: Path, depth: int) -> None:
    """Claude Code's ``JSON.parse`` reads any depth: no AL801 (invalid settings) for it."""
    write(tmp_path, ".claude/settings.json", '{"a": ' + "[" * depth + "]" * depth + "}\n")
    status, findings, _ = check(tmp_path)
    assert findings == [] and status == 0


@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_json_with_an_error_is_still_reported(tmp_path: Path, depth: int) -> None:
    write(tmp_path, ".claude/settings.json", '{"a": ' + "[" * depth + "]" * (depth - 1) + "}\n")
    _, findings, _ = check(tmp_path)
    assert at(findings, "AL801") == [1]


def test_yaml_merges_that_fan_out_are_read_once(tmp_path: Path) -> None:
    """Each anchor merges the previous one eight times: 8**9 paths to the key, one read each.

    The walks over the tree (env blocks, secret masking) and over merges (the scanner)
    followed every path, for ever; aliases share values, so each is read once now.
    """
    anchors = "e0: &e0\n  ANTHROPIC_API_KEY: " + KEY + "\n"
    anchors += "".join(
        f"e{i}: &e{i}\n  <<: [{', '.join([f'*e{i - 1}'] * 8)}]\n" for i in range(1, 10)
    )
    text = anchors + "services:\n  app:\n    environment:\n      <<: *e9\n"
    path = write(tmp_path, "compose.yaml", text)
    (tmp_path / ".git" / "info").mkdir(parents=True)  # a work tree: the key is committable
    scanned = scan(SourceFile.read(path), FileKind.COMPOSE)
    assert [(a.name, a.name_span.start.line) for a in scanned.assignments] == [
        ("ANTHROPIC_API_KEY", 1)
    ]
    status, findings, stderr = check(tmp_path)
    assert "internal error" not in stderr
    assert at(findings, "AL501") == [2]
    assert status == 1
