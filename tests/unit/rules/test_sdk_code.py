"""AL601–AL610: the SDK-code rules, through the real Python and JS/TS scanners.

Every case writes real files (the code file through ``check_text``, plus the
project's ``pyproject.toml`` / ``package.json`` / ``.env`` / lock files where
the rule reads them) and runs the real scanner and rules, with only ``AL6``
selected unless a test says otherwise. Apps are written the way people write
them (FastAPI and Express handlers, CLI scripts, Next.js/Vite code), and each
rule has look-alikes that work and must stay silent. Keys come from
``tests/keys.py``; no full key is written here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from authlint.core import git, project
from authlint.core.context import CheckContext
from authlint.core.findings import Applicability, Edit, Finding, Severity
from authlint.core.fixes import apply_edits, apply_fixes
from authlint.core.secrets import mask
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.engine import check_source
from authlint.scanners import detect_kind
from keys import api_key, oauth_token, openrouter_key

KEY = api_key("sdk-code")
OTHER_KEY = api_key("sdk-code-2")
TOKEN = oauth_token("sdk-code")
GATEWAY_TOKEN = "gw_8Hq2LmPz7XvR4tNb9KcW3yJd"  # random-looking, no vendor prefix
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


@pytest.fixture(autouse=True)
def fresh_project_caches() -> None:
    """Project roots and versions are cached per folder; every test writes new files."""
    project.clear_caches()


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


def fix_text(text: str, finding: Finding) -> str:
    """The finding's file after its fix (own-file edits only)."""
    assert finding.fix is not None
    return apply_fixes(SourceFile(finding.path, text), [finding.fix]).source.text


def other_edits(finding: Finding) -> dict[Path, list[Edit]]:
    assert finding.fix is not None
    found: dict[Path, list[Edit]] = {}
    for edit in finding.fix.edits:
        if edit.path is not None and edit.path != finding.path:
            found.setdefault(edit.path, []).append(edit)
    return found


def after_edits(path: Path, edits: list[Edit]) -> str:
    """The text of another file after the fix's edits (created empty when missing)."""
    source = SourceFile.read(path) if path.exists() else SourceFile(path, "")
    return apply_edits(source, edits).text


def literal_span(text: str, literal: str, line: int) -> Span:
    """The span of ``literal`` (quotes included) on 1-based ``line`` of ``text``."""
    row = text.splitlines()[line - 1]
    start = row.index(literal)
    return Span.at(line - 1, start, start + len(literal))


def check_with(path: Path, environ: dict[str, str], select: str = "AL6") -> list[Finding]:
    """Check ``path`` like ``check_text`` does, with a given process environment."""
    source = SourceFile.read(path)
    kind = detect_kind(path, source.text)
    assert kind is not None
    return check_source(source, kind, CheckContext(environ=environ), Settings(select=(select,)))


def assert_no_secret_in_messages(findings: list[Finding], *secrets: str) -> None:
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.append(finding.fix.title)
        for secret in secrets:
            for text in texts:
                assert secret[13:33] not in text and secret[-20:] not in text, finding.code


# ---------------------------------------------------------------------------------------------
# AL601 hardcoded-api-key
# ---------------------------------------------------------------------------------------------

FASTAPI_APP = dedent(
    '''
    """Chat endpoint for the support bot."""

    from __future__ import annotations

    from anthropic import Anthropic
    from fastapi import FastAPI
    from pydantic import BaseModel

    ANTHROPIC_KEY = "{key}"

    app = FastAPI()
    client = Anthropic(api_key=ANTHROPIC_KEY)


    class Question(BaseModel):
        text: str


    @app.post("/ask")
    def ask(question: Question) -> dict[str, str]:
        reply = client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=512,
            messages=[{{"role": "user", "content": question.text}}],
        )
        return {{"answer": reply.content[0].text}}
    '''
)

EXPRESS_SERVER = dedent(
    """
    const express = require("express");
    const Anthropic = require("@anthropic-ai/sdk");

    const app = express();
    app.use(express.json());

    const anthropic = new Anthropic({{
      apiKey: "{key}",
    }});

    app.post("/api/chat", async (req, res) => {{
      const message = await anthropic.messages.create({{
        model: "claude-sonnet-4-5",
        max_tokens: 1024,
        messages: [{{ role: "user", content: req.body.prompt }}],
      }});
      res.json(message);
    }});

    app.listen(3000);
    """
)

GATEWAY_CLI = dedent(
    '''
    #!/usr/bin/env python3
    """Summarise a file through the company LLM gateway."""
    import argparse
    import sys

    import anthropic


    def main() -> int:
        parser = argparse.ArgumentParser()
        parser.add_argument("path")
        args = parser.parse_args()
        client = anthropic.Anthropic(
            base_url="https://llm.corp.internal/anthropic",
            auth_token="{token}",
        )
        text = open(args.path, encoding="utf-8").read()
        reply = client.messages.create(
            model="claude-haiku-4-5", max_tokens=300, messages=[{{"role": "user", "content": text}}]
        )
        sys.stdout.write(reply.content[0].text)
        return 0


    if __name__ == "__main__":
        raise SystemExit(main())
    '''
)


def test_fastapi_app_with_a_key_in_a_module_constant(check_text, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "bot"\n')
    text = FASTAPI_APP.format(key=KEY)

    findings = check_text("app.py", text, select="AL6")

    assert summary(findings) == [("AL601", 9)]
    (finding,) = findings
    assert finding.span == literal_span(text, f'"{KEY}"', 9)
    assert finding.severity is Severity.ERROR
    assert (
        mask(KEY) in finding.message and "`ANTHROPIC_KEY` (passed as `api_key`)" in finding.message
    )
    (related,) = finding.related
    assert related.span == literal_span(text, "ANTHROPIC_KEY", 12)
    assert "git would commit" not in finding.message  # not in a repository
    assert finding.fix is not None and finding.fix.applicability is UNSAFE
    assert_no_secret_in_messages(findings, KEY)


def test_fastapi_fix_moves_the_key_to_dotenv_and_reads_the_environment(
    check_text, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "bot"\n')
    (tmp_path / ".git").mkdir()
    text = FASTAPI_APP.format(key=KEY)

    finding = only(check_text("app.py", text, select="AL6"), "AL601")

    assert "git would commit this file, so rotate the key" in finding.message
    fixed = fix_text(text, finding)
    assert fixed == text.replace(f'"{KEY}"', 'os.environ["ANTHROPIC_API_KEY"]').replace(
        "from __future__ import annotations\n\n",
        "from __future__ import annotations\n\nimport os\n",
    )
    others = other_edits(finding)
    assert set(others) == {tmp_path / ".env", tmp_path / ".gitignore"}
    assert all(e.create for edits in others.values() for e in edits)
    assert after_edits(tmp_path / ".env", others[tmp_path / ".env"]) == f"ANTHROPIC_API_KEY={KEY}\n"
    assert after_edits(tmp_path / ".gitignore", others[tmp_path / ".gitignore"]) == ".env\n"


def test_express_server_key_becomes_process_env(check_text, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "^0.65.0"}}')
    (tmp_path / ".env").write_text("PORT=3000")  # no final newline
    text = EXPRESS_SERVER.format(key=KEY)

    finding = only(check_text("server.js", text, select="AL6"), "AL601")

    assert finding.span == literal_span(text, f'"{KEY}"', 8)
    assert "`apiKey` of `Anthropic`" in finding.message
    assert fix_text(text, finding) == text.replace(f'"{KEY}"', "process.env.ANTHROPIC_API_KEY")
    others = other_edits(finding)
    assert set(others) == {tmp_path / ".env"}  # no git repository: nothing to ignore
    assert after_edits(tmp_path / ".env", others[tmp_path / ".env"]) == (
        f"PORT=3000\nANTHROPIC_API_KEY={KEY}\n"
    )


def test_gateway_token_goes_to_the_auth_token_variable(check_text, tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("anthropic==0.69.0\n")
    (tmp_path / ".env").write_bytes(b"# gateway\r\nLOG_LEVEL=info\r\n")
    text = GATEWAY_CLI.format(token=GATEWAY_TOKEN)

    finding = only(check_text("summarise.py", text, select="AL6"), "AL601")

    assert finding.span == literal_span(text, f'"{GATEWAY_TOKEN}"', 15)
    assert "ANTHROPIC_AUTH_TOKEN" in finding.message
    assert fix_text(text, finding) == text.replace(
        f'"{GATEWAY_TOKEN}"', 'os.environ["ANTHROPIC_AUTH_TOKEN"]'
    ).replace("import argparse\n", "import os\nimport argparse\n")
    (edit,) = other_edits(finding)[tmp_path / ".env"]
    assert after_edits(tmp_path / ".env", [edit]) == (
        f"# gateway\r\nLOG_LEVEL=info\r\nANTHROPIC_AUTH_TOKEN={GATEWAY_TOKEN}\r\n"
    )


def py(arguments: str, constructor: str = "anthropic.Anthropic") -> str:
    """A Python module whose line 5 constructs a client with ``arguments``."""
    return f"import os\n\nimport anthropic\n\nclient = {constructor}({arguments})\n"


def ts(options: str) -> str:
    """A TypeScript module whose line 3 constructs a client with ``options``."""
    head = 'import Anthropic from "@anthropic-ai/sdk";\n\n'
    return f"{head}const client = new Anthropic({{ {options} }});\n"


LOCAL_CLASS = f"""
class Anthropic:
    def __init__(self, api_key):
        self.api_key = api_key


client = Anthropic(api_key="{KEY}")
"""
NOT_SDK = f"""
import requests  # talks to anthropic directly

requests.post(url, headers={{"x-api-key": "{GATEWAY_TOKEN}"}})
"""


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("env.py", py('api_key=os.environ["ANTHROPIC_API_KEY"]')),
        ("getenv.py", py('api_key=os.getenv("ANTHROPIC_API_KEY")')),
        ("none.py", py("")),
        ("dots.py", py('api_key="sk-ant-..."')),
        ("your.py", py('api_key="sk-ant-api03-your-key-here"')),
        ("words.py", py('api_key="your-anthropic-api-key"')),
        ("angle.py", py('api_key="<YOUR_API_KEY>"')),
        ("proxy.py", py('api_key="not-needed", base_url="http://localhost:4000"')),
        ("litellm.py", py('api_key="sk-1234", base_url="http://0.0.0.0:4000"')),
        ("ollama.py", py('api_key="ollama", base_url="http://localhost:11434"')),
        (
            "bedrock.py",
            py('aws_region="us-east-1", aws_profile="dev"', "anthropic.AnthropicBedrock"),
        ),
        (
            "vertex.py",
            py('project_id="proj-123456", region="us-east5"', "anthropic.AnthropicVertex"),
        ),
        ("local_class.py", LOCAL_CLASS),
        ("not_sdk.py", NOT_SDK),
        ("tests/test_client.py", py(f'api_key="{GATEWAY_TOKEN}"')),  # a fixture, not a key
        ("client.test.ts", ts(f'apiKey: "{GATEWAY_TOKEN}"')),
        ("env.ts", ts("apiKey: process.env.ANTHROPIC_API_KEY")),
        ("placeholder.ts", ts('apiKey: "sk-ant-xxxxxxxx"')),
        ("user_key.ts", ts("apiKey: userKey")),
    ],
    ids=lambda v: v if isinstance(v, str) and "\n" not in v else "",
)
def test_hardcoded_key_look_alikes_are_silent(check_text, name: str, code: str) -> None:
    assert check_text(name, code, select="AL601") == []


LANGCHAIN_KEY = (
    "from langchain_anthropic import ChatAnthropic\n"
    f'llm = ChatAnthropic(model="claude-sonnet-4-5", anthropic_api_key="{KEY}")\n'
)
AI_SDK_KEY = (
    'import { createAnthropic } from "@ai-sdk/anthropic";\n'
    f'export const claude = createAnthropic({{ apiKey: "{KEY}" }});\n'
)


@pytest.mark.parametrize(
    ("name", "code", "line", "fixable"),
    [
        ("app.py", py(f'api_key="{GATEWAY_TOKEN}"'), 5, True),
        (
            "app.py",
            py(f'api_key="{openrouter_key()}", base_url="https://openrouter.ai/api"'),
            5,
            False,
        ),
        ("tests/test_live.py", py(f'api_key="{KEY}"'), 5, False),
        ("chain.py", LANGCHAIN_KEY, 2, True),
        ("found.py", py(f'api_key="{GATEWAY_TOKEN}"', "anthropic.AnthropicFoundry"), 5, False),
        ("vercel.ts", AI_SDK_KEY, 2, True),
        ("oauth.py", py(f'auth_token="{TOKEN}"'), 5, False),
        ("server.ts", ts(f'apiKey: "{KEY}"'), 3, True),
    ],
    ids=["gateway-key", "openrouter", "test-file", "langchain", "foundry", "ai-sdk", "oauth", "ts"],
)
def test_hardcoded_credentials_are_reported(
    check_text, tmp_path: Path, name: str, code: str, line: int, fixable: bool
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (finding,) = check_text(name, code, select="AL601")
    assert finding.span.start.line == line - 1
    assert (finding.fix is not None) is fixable


@pytest.mark.parametrize(
    ("root", "name", "reported"),
    [
        ("svc", "svc/tests/helpers.py", False),  # a tests/ folder inside the project
        ("tests/svc", "tests/svc/app.py", True),  # a project that happens to live under tests/
    ],
)
def test_test_folders_count_from_the_project_root(
    check_text, tmp_path: Path, root: str, name: str, reported: bool
) -> None:
    (tmp_path / root).mkdir(parents=True)
    (tmp_path / root / "pyproject.toml").write_text('[project]\nname = "svc"\n')
    findings = check_text(name, py(f'api_key="{GATEWAY_TOKEN}"'), select="AL601")
    assert len(findings) == int(reported)


def test_two_different_keys_for_one_variable_get_no_fix(check_text, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    text = dedent(
        f"""
        import anthropic

        primary = anthropic.Anthropic(api_key="{KEY}")
        fallback = anthropic.Anthropic(api_key="{OTHER_KEY}")
        """
    )
    findings = check_text("failover.py", text, select="AL601")
    assert summary(findings) == [("AL601", 3), ("AL601", 4)]
    assert [f.fix for f in findings] == [None, None]


def test_one_key_used_twice_is_reported_once_per_literal(check_text, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    text = dedent(
        f"""
        import os
        import anthropic

        KEY = "{KEY}"
        sync_client = anthropic.Anthropic(api_key=KEY)
        async_client = anthropic.AsyncAnthropic(api_key=KEY)
        """
    )
    (finding,) = check_text("clients.py", text, select="AL601")
    assert finding.span == literal_span(text, f'"{KEY}"', 4)
    # `import os` is there already: only the literal changes in the code.
    assert fix_text(text, finding) == text.replace(f'"{KEY}"', 'os.environ["ANTHROPIC_API_KEY"]')


@pytest.mark.parametrize(
    ("dotenv", "offered", "expected_env"),
    [
        (f"ANTHROPIC_API_KEY={KEY}\n", True, None),  # already there: the code edit only
        (f'ANTHROPIC_API_KEY="{KEY}"\n', True, None),
        (f"ANTHROPIC_API_KEY={OTHER_KEY}\n", False, None),  # another key: the user decides
        ("ANTHROPIC_API_KEY=${VAULT_KEY}\n", False, None),
        ("ANTHROPIC_API_KEY=\n", False, None),
        ("DEBUG=1\n", True, f"DEBUG=1\nANTHROPIC_API_KEY={KEY}\n"),
        ("", True, f"ANTHROPIC_API_KEY={KEY}\n"),
    ],
    ids=["same", "same-quoted", "other", "computed", "empty", "other-vars", "empty-file"],
)
def test_fix_respects_what_dotenv_already_defines(
    check_text, tmp_path: Path, dotenv: str, offered: bool, expected_env: str | None
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".env").write_text(dotenv)
    text = f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{KEY}")\n'

    (finding,) = check_text("app.py", text, select="AL601")

    if not offered:
        assert finding.fix is None
        return
    others = other_edits(finding)
    if expected_env is None:
        assert others == {}
    else:
        assert after_edits(tmp_path / ".env", others[tmp_path / ".env"]) == expected_env


@pytest.mark.parametrize(
    ("gitignore", "expected"),
    [
        (".env\n", None),
        ("*.env\n.env*\n", None),
        ("node_modules/\r\n", "node_modules/\r\n.env\r\n"),
        ("__pycache__/", "__pycache__/\n.env\n"),
        ("!.env.example\n", "!.env.example\n.env\n"),
    ],
)
def test_fix_makes_git_ignore_the_dotenv(
    check_text, tmp_path: Path, gitignore: str, expected: str | None
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_bytes(gitignore.encode())
    git.clear_caches()
    text = f'import anthropic\nclient = anthropic.Anthropic(api_key="{KEY}")\n'

    (finding,) = check_text("app.py", text, select="AL601")

    edits = other_edits(finding).get(tmp_path / ".gitignore")
    if expected is None:
        assert edits is None
    else:
        assert edits is not None and after_edits(tmp_path / ".gitignore", edits) == expected


def test_python_fix_writes_the_dotenv_load_dotenv_finds(check_text, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / ".env").write_text("BATCH=1\n")
    text = f'from anthropic import Anthropic\nclient = Anthropic(api_key="{KEY}")\n'

    (finding,) = check_text("scripts/batch.py", text, select="AL601")

    assert set(other_edits(finding)) == {tmp_path / "scripts" / ".env"}


def test_import_os_goes_above_a_module_level_binding_above_the_imports(check_text, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    text = f'KEY = "{KEY}"\nimport anthropic\nclient = anthropic.Anthropic(api_key=KEY)\n'
    (finding,) = check_text("odd.py", text, select="AL601")
    assert fix_text(text, finding) == (
        'import os\nKEY = os.environ["ANTHROPIC_API_KEY"]\nimport anthropic\n'
        "client = anthropic.Anthropic(api_key=KEY)\n"
    )


def test_committable_secret_leaves_sdk_literals_to_al601(check_text, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    text = dedent(
        f"""
        import anthropic

        # old key: {OTHER_KEY}
        client = anthropic.Anthropic(api_key="{KEY}")
        """
    )
    findings = check_text("app.py", text, select=("AL501", "AL601"))
    assert summary(findings) == [("AL501", 3), ("AL601", 4)]


# --- the fix end to end: the CLI, the files, and the program ------------------------------------

PROGRAM = dedent(
    '''
    """Nightly report: ask Claude for a summary of yesterday's tickets."""

    import json

    from anthropic import Anthropic

    client = Anthropic(api_key="{key}")


    def main() -> None:
        tickets = json.load(open("tickets.json", encoding="utf-8"))
        reply = client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=800,
            messages=[{{"role": "user", "content": json.dumps(tickets)}}],
        )
        print(reply.content[0].text)


    if __name__ == "__main__":
        main()
    '''
)

# Runs the program's module with a stub `anthropic` after loading .env the way the app
# would (python-dotenv), and prints only a hash of the key the client received.
KEY_PROBE = """
import hashlib, runpy, sys, types
from dotenv import load_dotenv
stub = types.ModuleType("anthropic")
class Anthropic:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
stub.Anthropic = Anthropic
sys.modules["anthropic"] = stub
load_dotenv(".env", override=True)
namespace = runpy.run_path(sys.argv[1])
print(hashlib.sha256(namespace["client"].kwargs["api_key"].encode()).hexdigest())
"""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.pop("GIT_CONFIG_GLOBAL", None)
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_cli_unsafe_fix_leaves_a_clean_repository_and_the_same_key(tmp_path: Path) -> None:
    repo = tmp_path / "nightly"
    repo.mkdir()
    (repo / ".git").mkdir()
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "nightly"\ndependencies = ["anthropic>=0.69"]\n'
    )
    (repo / "report.py").write_text(PROGRAM.format(key=KEY))
    authlint = (sys.executable, "-m", "authlint")

    before = _run(*authlint, "check", ".", "--no-home", cwd=repo)
    fixed = _run(*authlint, "check", ".", "--no-home", "--fix", "--unsafe-fixes", cwd=repo)
    after = _run(*authlint, "check", ".", "--no-home", cwd=repo)

    assert before.returncode == 1 and "AL601" in before.stdout and "AL501" not in before.stdout
    for result in (before, fixed, after):
        assert KEY[13:40] not in result.stdout + result.stderr
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert after.returncode == 0 and "All checks passed" in after.stdout, after.stdout
    program = (repo / "report.py").read_text()
    assert KEY not in program
    assert 'client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])' in program
    assert program.count("import os\n") == 1
    assert (repo / ".env").read_text() == f"ANTHROPIC_API_KEY={KEY}\n"
    assert (repo / ".gitignore").read_text() == ".env\n"
    probe = _run(sys.executable, "-c", KEY_PROBE, "report.py", cwd=repo)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == hashlib.sha256(KEY.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# AL602 sdk-base-url-version-path, AL603 malformed-sdk-base-url
# ---------------------------------------------------------------------------------------------

PY = "from anthropic import Anthropic\n\nclient = Anthropic(base_url={url!r})\n"
LANGCHAIN = (
    "from langchain_anthropic import ChatAnthropic\n\n"
    'llm = ChatAnthropic(model="claude-sonnet-4-5", anthropic_api_url={url!r})\n'
)
TS = (
    'import Anthropic from "@anthropic-ai/sdk";\n\n'
    'export const client = new Anthropic({{ baseURL: "{url}" }});\n'
)
AI_SDK = (
    'import {{ createAnthropic }} from "@ai-sdk/anthropic";\n\n'
    'export const claude = createAnthropic({{ baseURL: "{url}" }});\n'
)
URL_CASES = [
    # (template, url, code, fixed url or None for no fix, applicability)
    (PY, "https://api.anthropic.com/v1", "AL602", "https://api.anthropic.com", SAFE),
    (
        PY,
        "https://llm.corp.internal/anthropic/v1/",
        "AL602",
        "https://llm.corp.internal/anthropic",
        SAFE,
    ),
    (LANGCHAIN, "https://api.anthropic.com/v1", "AL602", "https://api.anthropic.com", SAFE),
    (TS, "https://api.anthropic.com/v1", "AL602", "https://api.anthropic.com", SAFE),
    (
        AI_SDK,
        "https://llm.corp.internal/anthropic",
        "AL602",
        "https://llm.corp.internal/anthropic/v1",
        SAFE,
    ),
    (
        AI_SDK,
        "https://llm.corp.internal/anthropic/",
        "AL602",
        "https://llm.corp.internal/anthropic/v1/",
        SAFE,
    ),
    (AI_SDK, "https://api.anthropic.com", "AL602", "https://api.anthropic.com/v1", SAFE),
    (PY, "api.anthropic.com", "AL603", "https://api.anthropic.com", SAFE),
    (PY, "localhost:4000", "AL603", "http://localhost:4000", UNSAFE),
    (TS, "llm-gateway:8080/anthropic", "AL603", "http://llm-gateway:8080/anthropic", UNSAFE),
    (PY, "https://openrouter.ai/api/v1", "AL603", "https://openrouter.ai/api", UNSAFE),
    (PY, "https://api.deepseek.com", "AL603", "https://api.deepseek.com/anthropic", UNSAFE),
    (TS, "https://api.moonshot.ai/v1", "AL603", "https://api.moonshot.ai/anthropic", UNSAFE),
    (
        AI_SDK,
        "https://api.deepseek.com/v1",
        "AL603",
        "https://api.deepseek.com/anthropic/v1",
        UNSAFE,
    ),
    (PY, "https://api.openai.com/v1", "AL603", None, None),
    (PY, "https://llm.corp.internal/v1/chat/completions", "AL603", None, None),
]


@pytest.mark.parametrize(("template", "url", "code", "target", "applicability"), URL_CASES)
def test_base_url_literals_that_send_requests_to_the_wrong_path(
    check_text, template: str, url: str, code: str, target: str | None, applicability
) -> None:
    name = "client.py" if template in (PY, LANGCHAIN) else "client.ts"
    text = template.format(url=url)

    findings = check_text(name, text, select="AL6")

    (finding,) = findings
    assert finding.code == code
    quote = "'" if name.endswith(".py") else '"'
    assert finding.span == literal_span(text, f"{quote}{url}{quote}", 3)
    if target is None:
        assert finding.fix is None
        return
    assert finding.fix is not None and finding.fix.applicability is applicability
    assert fix_text(text, finding) == text.replace(url, target)
    assert check_text(name, fix_text(text, finding), select="AL6") == []


@pytest.mark.parametrize(
    ("template", "url"),
    [
        (PY, "https://api.anthropic.com"),
        (PY, "https://api.anthropic.com/"),
        (PY, "https://llm.corp.internal/anthropic"),
        (PY, "http://localhost:4000"),
        (PY, "http://127.0.0.1:8082"),
        (PY, "http://litellm:4000/anthropic"),
        (PY, "https://openrouter.ai/api"),
        (PY, "https://api.deepseek.com/anthropic"),
        (PY, "https://api.z.ai/api/anthropic"),
        (PY, "https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic"),
        (PY, "https://your-gateway.example.com/v1"),  # placeholder in docs
        (PY, "claude"),  # not a host
        (TS, "https://api.minimax.io/anthropic"),
        (AI_SDK, "https://api.anthropic.com/v1"),
        (AI_SDK, "https://openrouter.ai/api/v1"),  # OpenRouter's Anthropic endpoint, for this SDK
        (AI_SDK, "https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic/v1"),
        (LANGCHAIN, "https://api.anthropic.com"),
    ],
)
def test_base_urls_that_work_are_silent(check_text, template: str, url: str) -> None:
    name = "client.py" if template in (PY, LANGCHAIN) else "client.ts"
    assert check_text(name, template.format(url=url), select="AL6") == []


def test_base_url_default_of_an_environment_read_is_judged(check_text) -> None:
    # The default is what the client gets when ANTHROPIC_BASE_URL is unset (carriers, D);
    # the value from the environment itself is judged where it is defined.
    text = dedent(
        """
        import os
        from anthropic import Anthropic

        client = Anthropic(base_url=os.environ.get("ANTHROPIC_BASE_URL", "https://api.anthropic.com/v1"))
        """
    )
    (finding,) = check_text("client.py", text, select="AL6")
    assert finding.code == "AL602"
    assert finding.span == literal_span(text, '"https://api.anthropic.com/v1"', 4)
    assert "when ANTHROPIC_BASE_URL is not set" in finding.message
    assert check_text("client.py", text.replace("/v1", ""), select="AL6") == []


def test_base_url_through_a_variable_is_fixed_where_it_is_written(check_text) -> None:
    text = dedent(
        """
        from anthropic import Anthropic

        GATEWAY = "https://llm.corp.internal/anthropic/v1"
        client = Anthropic(base_url=GATEWAY)
        """
    )
    (finding,) = check_text("client.py", text, select="AL6")
    assert finding.span == literal_span(text, '"https://llm.corp.internal/anthropic/v1"', 3)
    assert fix_text(text, finding) == text.replace("/anthropic/v1", "/anthropic")


# ---------------------------------------------------------------------------------------------
# AL604 api-key-and-auth-token-passed
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "arguments", "reported"),
    [
        ("a.py", f'api_key="{GATEWAY_TOKEN}", auth_token="{GATEWAY_TOKEN}x"', True),
        (
            "a.py",
            'api_key=os.environ["ANTHROPIC_API_KEY"], '
            'auth_token=os.environ["ANTHROPIC_AUTH_TOKEN"]',
            True,
        ),
        ("a.py", 'api_key=os.environ["ANTHROPIC_API_KEY"], profile="work"', True),
        (
            "a.py",
            'api_key=os.getenv("ANTHROPIC_API_KEY"), auth_token=os.getenv("ANTHROPIC_AUTH_TOKEN")',
            False,
        ),
        (
            "a.py",
            'api_key=os.environ.get("ANTHROPIC_API_KEY"), '
            'auth_token=os.environ["ANTHROPIC_AUTH_TOKEN"]',
            False,
        ),
        ("a.py", 'api_key=None, auth_token=os.environ["ANTHROPIC_AUTH_TOKEN"]', False),
        ("a.py", "api_key=settings.key, auth_token=settings.token", False),
        ("a.py", 'api_key=os.environ["ANTHROPIC_API_KEY"]', False),
        ("a.ts", f'apiKey: "{GATEWAY_TOKEN}", authToken: "{GATEWAY_TOKEN}x"', True),
        (
            "a.ts",
            "apiKey: process.env.ANTHROPIC_API_KEY, authToken: process.env.ANTHROPIC_AUTH_TOKEN",
            False,
        ),
    ],
)
def test_two_credentials_passed_to_one_client(
    check_text, name: str, arguments: str, reported: bool
) -> None:
    text = py(arguments) if name.endswith(".py") else ts(arguments)
    findings = check_text(name, text, select="AL604")
    if not reported:
        assert findings == []
        return
    (finding,) = findings
    second = arguments.split(",")[1].strip().split("=")[0].split(":")[0]
    row = text.splitlines()[finding.span.start.line]
    assert row[finding.span.start.character : finding.span.end.character] == second
    assert ("ValueError" if name.endswith(".py") else "TypeError") in finding.message
    assert finding.fix is None


# ---------------------------------------------------------------------------------------------
# AL605 oauth-token-passed-to-sdk
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reported"),
    [
        (f'Anthropic(api_key="{TOKEN}")', "invalid x-api-key"),
        (f'Anthropic(auth_token="{TOKEN}")', "OAuth authentication is currently not supported"),
        ('Anthropic(auth_token=os.environ["CLAUDE_CODE_OAUTH_TOKEN"])', "OAuth authentication"),
        ('Anthropic(api_key=os.getenv("CLAUDE_CODE_OAUTH_TOKEN"))', "invalid x-api-key"),
        (
            'Anthropic(auth_token=os.environ["CLAUDE_CODE_OAUTH_TOKEN"], '
            'default_headers={"anthropic-beta": "oauth-2025-04-20"})',
            None,
        ),
        ('Anthropic(api_key="sk-ant-oat01-...")', None),
        (f'Anthropic(api_key="{KEY}")', None),
        ('Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])', None),
    ],
)
def test_oauth_tokens_given_to_the_sdk(check_text, code: str, reported: str | None) -> None:
    text = f"import os\nfrom anthropic import Anthropic\n\nclient = {code}\n"
    findings = check_text("oauth.py", text, select="AL605")
    if reported is None:
        assert findings == []
        return
    (finding,) = findings
    assert finding.span.start.line == 3 and reported in finding.message
    assert_no_secret_in_messages(findings, TOKEN)


def test_oauth_token_through_a_variable_in_typescript(check_text) -> None:
    text = dedent(
        f"""
        import Anthropic from "@anthropic-ai/sdk";

        const SUBSCRIPTION_TOKEN = "{TOKEN}";
        export const client = new Anthropic({{ authToken: SUBSCRIPTION_TOKEN }});
        """
    )
    (finding,) = check_text("claude.ts", text, select="AL605")
    assert finding.span == literal_span(text, f'"{TOKEN}"', 3)
    assert mask(TOKEN) in finding.message


# ---------------------------------------------------------------------------------------------
# AL606 browser-exposed-api-key
# ---------------------------------------------------------------------------------------------

VITE_CHAT = dedent(
    """
    import Anthropic from "@anthropic-ai/sdk";
    import {{ useState }} from "react";

    const client = new Anthropic({{
      apiKey: {key},
      dangerouslyAllowBrowser: {allow},
    }});

    export function Chat() {{
      const [reply, setReply] = useState("");
      async function send(prompt: string) {{
        const message = await client.messages.create({{
          model: "claude-haiku-4-5",
          max_tokens: 256,
          messages: [{{ role: "user", content: prompt }}],
        }});
        setReply(message.content[0].type === "text" ? message.content[0].text : "");
      }}
      return <button onClick={{() => send("hi")}}>{{reply}}</button>;
    }}
    """
)


@pytest.mark.parametrize(
    ("key", "allow", "reported"),
    [
        ("import.meta.env.VITE_ANTHROPIC_API_KEY", "true", True),
        ("process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY", "true", True),
        (f'"{KEY}"', "true", True),
        ("import.meta.env.VITE_ANTHROPIC_API_KEY", "false", False),
        ("userProvidedKey", "true", False),  # the user types their own key: what the option is for
        ('"sk-ant-..."', "true", False),
    ],
)
def test_keys_built_into_a_browser_bundle(check_text, key: str, allow: str, reported: bool) -> None:
    text = VITE_CHAT.format(key=key, allow=allow)
    findings = check_text("src/Chat.tsx", text, select="AL606")
    if not reported:
        assert findings == []
        return
    (finding,) = findings
    assert finding.span.start.line == 4 and finding.severity is Severity.ERROR
    (related,) = finding.related
    assert related.span == literal_span(text, "dangerouslyAllowBrowser", 6)
    assert_no_secret_in_messages(findings, KEY)


def test_browser_rule_ignores_python(check_text) -> None:
    text = py(f'api_key="{KEY}", dangerouslyAllowBrowser=True')
    assert check_text("a.py", text, select="AL606") == []


# ---------------------------------------------------------------------------------------------
# AL607 misspelled-environment-variable-read
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "dotenv", "expected"),
    [
        (
            "a.py",
            'c = Anthropic(api_key=os.environ["ANTHROPIC_APIKEY"])',
            None,
            "ANTHROPIC_API_KEY",
        ),
        ("a.py", 'key = os.getenv("ANTROPIC_API_KEY")', None, "ANTHROPIC_API_KEY"),
        ("a.py", 'url = os.environ.get("ANTHROPIC_BASEURL", "")', None, "ANTHROPIC_BASE_URL"),
        (
            "a.ts",
            "const c = new Anthropic({ apiKey: process.env.ANTHROPIC_APIKEY });",
            None,
            "ANTHROPIC_API_KEY",
        ),
        (
            "a.py",
            'c = Anthropic(api_key=os.environ["CLAUDE_API_KEY"])',
            f"ANTHROPIC_API_KEY={KEY}\n",
            "ANTHROPIC_API_KEY",
        ),
        (
            "a.py",
            'c = Anthropic(base_url=os.environ["ANTHROPIC_URL"])',
            "ANTHROPIC_BASE_URL=http://localhost:4000\n",
            "ANTHROPIC_BASE_URL",
        ),
        # deliberate names: defined where the program gets them, or a fallback chain
        (
            "a.py",
            'c = Anthropic(api_key=os.environ["ANTHROPIC_APIKEY"])',
            "ANTHROPIC_APIKEY=x\n",
            None,
        ),
        ("a.py", 'k = os.getenv("ANTHROPIC_API_KEY") or os.getenv("ANTHROPIC_APIKEY")', None, None),
        (
            "a.py",
            'c = Anthropic(api_key=os.getenv("CLAUDE_API_KEY"))',
            f"ANTHROPIC_API_KEY={KEY}\n",
            None,
        ),
        (
            "a.py",
            'c = Anthropic(api_key=os.environ["CLAUDE_API_KEY"])',
            f"CLAUDE_API_KEY={KEY}\n",
            None,
        ),
        ("a.py", 'c = Anthropic(api_key=os.environ["CLAUDE_API_KEY"])', None, None),
        ("a.py", 'key = os.environ["CLAUDE_API_KEY"]', f"ANTHROPIC_API_KEY={KEY}\n", None),
        ("a.py", 'model = os.environ["ANTHROPIC_MODEL"]', None, None),
        ("a.py", 'second = os.environ["ANTHROPIC_API_KEY_2"]', None, None),
        ("a.py", 'key = os.environ["anthropic_api_key"]', None, None),
    ],
)
def test_misspelled_environment_reads(
    check_text, tmp_path: Path, name: str, code: str, dotenv: str | None, expected: str | None
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv)
    if name.endswith(".py"):
        text = f"import os\nfrom anthropic import Anthropic\n\n{code}\n"
    else:
        text = f'import Anthropic from "@anthropic-ai/sdk";\n\n{code}\n'

    findings = check_text(name, text, select="AL607")

    if expected is None:
        assert findings == []
        return
    (finding,) = findings
    assert finding.severity is Severity.WARNING
    row = text.splitlines()[finding.span.start.line]
    misspelled = row[finding.span.start.character : finding.span.end.character]
    assert misspelled in code and misspelled != expected
    assert finding.fix is not None and finding.fix.applicability is UNSAFE
    assert fix_text(text, finding) == text.replace(misspelled, expected, 1)


def test_misspelled_key_destructured_from_process_env_keeps_its_local_name(check_text) -> None:
    text = "const { ANTHROPIC_APIKEY } = process.env;\nexport const key = ANTHROPIC_APIKEY;\n"
    (finding,) = check_text("config.ts", text, select="AL607")
    assert fix_text(text, finding) == text.replace(
        "{ ANTHROPIC_APIKEY }", "{ ANTHROPIC_API_KEY: ANTHROPIC_APIKEY }"
    )


def test_misspelled_read_set_in_the_current_environment_is_deliberate(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text('import os\nimport anthropic\nkey = os.environ["ANTHROPIC_APIKEY"]\n')
    assert summary(check_with(path, {})) == [("AL607", 3)]
    assert check_with(path, {"ANTHROPIC_APIKEY": "x"}) == []


# ---------------------------------------------------------------------------------------------
# AL608 dotenv-loaded-after-client
# ---------------------------------------------------------------------------------------------

LATE_LOAD = dedent(
    '''
    """Slack bot that answers with Claude."""
    import os

    from anthropic import Anthropic
    from dotenv import load_dotenv
    from slack_bolt import App

    client = Anthropic()
    load_dotenv()

    app = App(token=os.environ["SLACK_BOT_TOKEN"])
    '''
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LATE_LOAD, [("AL608", 9)]),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()", "load_dotenv()\nclient = Anthropic()"
            ),
            [],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()",
                'client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])',
            ),
            [("AL608", 9)],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()", f'client = Anthropic(api_key="{GATEWAY_TOKEN}")'
            ),
            [],
        ),
        (LATE_LOAD.replace("client = Anthropic()", "client = Anthropic(**settings)"), []),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()",
                "load_dotenv()\nclient = Anthropic()\nload_dotenv(override=True)",
            ),
            [],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()",
                "def get_client():\n    return Anthropic()\n\n\nload_dotenv()",
            ),
            [],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()",
                "client = Anthropic()\n\n\ndef main():\n    load_dotenv()",
            ),
            [("AL608", 12)],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()",
                'if __name__ == "__main__":\n    client = Anthropic()\n    load_dotenv()',
            ),
            [("AL608", 10)],
        ),
        (
            LATE_LOAD.replace(
                "client = Anthropic()\nload_dotenv()",
                "def one():\n    client = Anthropic()\n\n\ndef two():\n    load_dotenv()",
            ),
            [],
        ),
        (
            LATE_LOAD.replace(
                "from anthropic import Anthropic", "from anthropic import AnthropicBedrock"
            ).replace("client = Anthropic()", "client = AnthropicBedrock()"),
            [],
        ),
    ],
    ids=[
        "late",
        "early",
        "env-argument",
        "literal-key",
        "splat",
        "reload",
        "client-in-function",
        "load-in-later-function",
        "main-block",
        "separate-functions",
        "bedrock",
    ],
)
def test_dotenv_loaded_after_a_module_level_client(
    check_text, text: str, expected: list[tuple[str, int]]
) -> None:
    findings = check_text("bot.py", text, select="AL608")
    assert summary(findings) == expected
    for finding in findings:
        assert finding.severity is Severity.WARNING and finding.fix is None
        assert finding.related[0].span.start.line == text.splitlines().index(
            next(
                line for line in text.splitlines() if "Anthropic(" in line and "import" not in line
            )
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'import Anthropic from "@anthropic-ai/sdk";\nimport dotenv from "dotenv";\n\n'
            "const client = new Anthropic();\ndotenv.config();\n",
            [("AL608", 5)],
        ),
        (
            'const Anthropic = require("@anthropic-ai/sdk");\n\n'
            'const client = new Anthropic();\nrequire("dotenv").config();\n',
            [("AL608", 4)],
        ),
        (  # ES imports run before the module body, wherever they are written
            'import Anthropic from "@anthropic-ai/sdk";\n'
            'const client = new Anthropic();\nimport "dotenv/config";\n',
            [],
        ),
        (  # the AI SDK reads the key when a request is made
            'import { createAnthropic } from "@ai-sdk/anthropic";\nimport dotenv from "dotenv";\n'
            "const claude = createAnthropic();\ndotenv.config();\n",
            [],
        ),
    ],
)
def test_dotenv_config_after_a_node_client(check_text, text: str, expected) -> None:
    assert summary(check_text("index.ts", text, select="AL608")) == expected


def test_late_load_of_a_dotenv_without_anthropic_variables_is_silent(check_text, tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-1\n")
    assert check_text("bot.py", LATE_LOAD, select="AL608") == []
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-1\nANTHROPIC_API_KEY=\n")
    assert summary(check_text("bot.py", LATE_LOAD, select="AL608")) == [("AL608", 9)]


# ---------------------------------------------------------------------------------------------
# AL609 dotenv-without-override
# ---------------------------------------------------------------------------------------------

PY_LOAD = (
    'import os\n\nfrom dotenv import {imports}\n\n{call}\nKEY = os.environ["ANTHROPIC_API_KEY"]\n'
)


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        ("load_dotenv()", "load_dotenv(override=True)"),
        ("load_dotenv(find_dotenv())", "load_dotenv(find_dotenv(), override=True)"),
        ("load_dotenv(verbose=True)", "load_dotenv(verbose=True, override=True)"),
        ('load_dotenv(".env")', 'load_dotenv(".env", override=True)'),
        (
            "load_dotenv(\n    find_dotenv(),\n)",
            "load_dotenv(\n    find_dotenv(), override=True\n)",
        ),
    ],
)
def test_load_dotenv_without_override(check_text, tmp_path: Path, call: str, fixed: str) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".env").write_text(
        f"ANTHROPIC_API_KEY={KEY}\nANTHROPIC_BASE_URL=https://llm.corp.internal\n"
    )
    text = PY_LOAD.format(imports="find_dotenv, load_dotenv", call=call)

    (finding,) = check_text("main.py", text, select="AL609")

    assert finding.severity is Severity.INFO and finding.span.start.line == 4
    assert "ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL" in finding.message
    assert finding.related[0].path == tmp_path / ".env"
    assert finding.fix is not None and finding.fix.applicability is SAFE
    assert fix_text(text, finding) == text.replace(call, fixed)
    assert check_text("main.py", fix_text(text, finding), select="AL609") == []
    assert_no_secret_in_messages([finding], KEY)


@pytest.mark.parametrize(
    ("call", "dotenv"),
    [
        ("load_dotenv(override=True)", f"ANTHROPIC_API_KEY={KEY}\n"),
        ("load_dotenv(override=False)", f"ANTHROPIC_API_KEY={KEY}\n"),  # a deliberate choice
        ("load_dotenv()", "DATABASE_URL=postgres://localhost/app\n"),
        ("load_dotenv()", "ANTHROPIC_API_KEY=\n"),  # nothing to lose
        ("load_dotenv(dotenv_path=settings_path)", f"ANTHROPIC_API_KEY={KEY}\n"),
        ("load_dotenv(stream=io.StringIO(text))", f"ANTHROPIC_API_KEY={KEY}\n"),
        ("load_dotenv()", None),
    ],
)
def test_load_dotenv_look_alikes(check_text, tmp_path: Path, call: str, dotenv: str | None) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv)
    text = PY_LOAD.format(imports="load_dotenv", call=call)
    assert check_text("main.py", text, select="AL609") == []


def test_load_dotenv_finds_the_dotenv_above_the_script(check_text, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text(f"CLAUDE_CODE_OAUTH_TOKEN={TOKEN}\n")
    text = PY_LOAD.format(imports="load_dotenv", call="load_dotenv()")
    (finding,) = check_text("tools/sync/run.py", text, select="AL609")
    assert "CLAUDE_CODE_OAUTH_TOKEN" in finding.message
    # a nearer .env without Anthropic variables is the one load_dotenv() takes
    (tmp_path / "tools" / ".env").write_text("SYNC=1\n")
    assert check_text("tools/sync/run.py", text, select="AL609") == []


def test_load_dotenv_with_a_literal_path_reads_that_file(check_text, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".env").write_text("DEBUG=1\n")
    (tmp_path / ".env.local").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    text = PY_LOAD.format(imports="load_dotenv", call='load_dotenv(".env.local")')
    (finding,) = check_text("main.py", text, select="AL609")
    assert ".env.local" in finding.message


def test_stale_export_in_the_current_environment_is_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    path = tmp_path / "main.py"
    path.write_text(PY_LOAD.format(imports="load_dotenv", call="load_dotenv()"))
    (quiet,) = check_with(path, {})
    (loud,) = check_with(path, {"ANTHROPIC_API_KEY": ""})
    assert "right now" not in quiet.message
    assert "Your environment sets ANTHROPIC_API_KEY right now" in loud.message


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        ("dotenv.config();", "dotenv.config({ override: true });"),
        ('dotenv.config({ path: ".env" });', 'dotenv.config({ override: true, path: ".env" });'),
        ("dotenv.config({});", "dotenv.config({ override: true });"),
        (
            'dotenv.config({\n  path: ".env",\n  quiet: true,\n});',
            'dotenv.config({\n  override: true,\n  path: ".env",\n  quiet: true,\n});',
        ),
        ('require("dotenv").config();', 'require("dotenv").config({ override: true });'),
        ('import "dotenv/config";', None),
    ],
)
def test_node_dotenv_without_override(check_text, tmp_path: Path, call: str, fixed) -> None:
    (tmp_path / "package.json").write_text('{"name": "api"}')
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    text = f'import dotenv from "dotenv";\n{call}\n\nconsole.log(process.env.PORT);\n'

    (finding,) = check_text("src/index.mjs", text, select="AL609")

    assert "{ override: true }" in finding.message
    if fixed is None:
        assert finding.fix is None
        return
    assert fix_text(text, finding) == text.replace(call, fixed)
    assert check_text("src/index.mjs", fix_text(text, finding), select="AL609") == []


def test_node_dotenv_with_override_is_silent(check_text, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "api"}')
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    text = 'require("dotenv").config({ override: true });\n'
    assert check_text("index.js", text, select="AL609") == []


# ---------------------------------------------------------------------------------------------
# AL610 bearer-api-key-to-gateway
# ---------------------------------------------------------------------------------------------

DEEPSEEK = dedent(
    """
    import os

    from anthropic import Anthropic

    client = Anthropic(
        api_key=os.environ["DEEPSEEK_API_KEY"],
        base_url="https://api.deepseek.com/anthropic",
    )
    """
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["anthropic>=2.0"]\n'},
            [("AL610", 6)],
        ),
        ({"requirements.txt": "anthropic==2.11.0\n"}, [("AL610", 6)]),
        (
            {
                "requirements.txt": "anthropic\n",
                "uv.lock": '[[package]]\nname = "anthropic"\nversion = "2.11.0"\n',
            },
            [("AL610", 6)],
        ),
        ({"requirements.txt": "anthropic>=1,<2\n"}, []),
        ({"requirements.txt": "anthropic>=0.30\n"}, []),  # might be either: unknown
        ({"requirements.txt": "anthropic\n"}, []),
        ({}, []),
    ],
    ids=["pyproject", "pinned", "locked", "older", "open-range", "unpinned", "no-manifest"],
)
def test_api_key_sent_as_bearer_to_a_gateway(
    check_text, tmp_path: Path, files: dict[str, str], expected
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    findings = check_text("deepseek.py", DEEPSEEK, select="AL610")
    assert summary(findings) == expected
    for finding in findings:
        assert finding.span == literal_span(DEEPSEEK, "api_key", 6)
        assert "DeepSeek" in finding.message and "Bearer" in finding.message
        assert finding.related[0].span == literal_span(
            DEEPSEEK, '"https://api.deepseek.com/anthropic"', 7
        )


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [("anthropic==2.11.0\n", [("AL610", 6), ("AL610", 12)]), ("anthropic==1.17.0\n", [])],
)
def test_bearer_version_decides_for_every_client_of_the_file(
    check_text, tmp_path: Path, requirement: str, expected
) -> None:
    """The SDK version is read once a client sends a key to a gateway; it is the file's."""
    (tmp_path / "requirements.txt").write_text(requirement)
    local = 'client = Anthropic(api_key="dummy", base_url="http://localhost:4000")\n'
    text = DEEPSEEK + local + DEEPSEEK.split("\n", 3)[3].replace("client", "second")
    assert summary(check_text("deepseek.py", text, select="AL610")) == expected


@pytest.mark.parametrize(
    "change",
    [
        ("https://api.deepseek.com/anthropic", "https://openrouter.ai/api"),
        ("https://api.deepseek.com/anthropic", "https://api.moonshot.ai/anthropic"),
        ("https://api.deepseek.com/anthropic", "https://api.anthropic.com"),
        ("https://api.deepseek.com/anthropic", "https://api.deepseek.com/v1"),  # AL603's
        ('api_key=os.environ["DEEPSEEK_API_KEY"]', 'auth_token=os.environ["DEEPSEEK_API_KEY"]'),
        ('api_key=os.environ["DEEPSEEK_API_KEY"]', 'api_key="not-needed"'),
        ("Anthropic", "AnthropicFoundry"),
    ],
)
def test_bearer_look_alikes(check_text, tmp_path: Path, change: tuple[str, str]) -> None:
    (tmp_path / "requirements.txt").write_text("anthropic==2.11.0\n")
    text = DEEPSEEK.replace(*change)
    assert check_text("deepseek.py", text, select="AL610") == []


def test_bearer_key_and_gateway_from_the_projects_dotenv(check_text, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "^1.2.0"}}')
    (tmp_path / ".env").write_text(
        f"ANTHROPIC_API_KEY={GATEWAY_TOKEN}\nANTHROPIC_BASE_URL=https://llm.corp.internal\n"
    )
    text = (
        'import "dotenv/config";\nimport Anthropic from "@anthropic-ai/sdk";\n\n'
        "export const client = new Anthropic();\n"
    )

    (finding,) = check_text("src/llm.ts", text, select="AL610")

    assert finding.span.start.line == 3
    assert (
        "ANTHROPIC_API_KEY from .env" in finding.message
        and "`llm.corp.internal`" in finding.message
    )
    assert finding.related[0].path == tmp_path / ".env"
    # with the gateway's bearer token in ANTHROPIC_AUTH_TOKEN instead, nothing changes on the wire
    (tmp_path / ".env").write_text(
        f"ANTHROPIC_AUTH_TOKEN={GATEWAY_TOKEN}\nANTHROPIC_BASE_URL=https://llm.corp.internal\n"
    )
    assert check_text("src/llm.ts", text, select="AL610") == []


def test_typescript_sdk_before_1_sends_x_api_key(check_text, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "^0.65.0"}}')
    text = ts('apiKey: process.env.GW_KEY, baseURL: "https://llm.corp.internal"')
    assert check_text("llm.ts", text, select="AL610") == []
    (tmp_path / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "1.11.0"}}')
    project.clear_caches()
    assert summary(check_text("llm.ts", text, select="AL610")) == [("AL610", 3)]


# ---------------------------------------------------------------------------------------------
# All rules together on realistic apps that work
# ---------------------------------------------------------------------------------------------

WORKING_APPS = {
    "api/main.py": dedent(
        '''
        """FastAPI service: keys come from the environment, .env loaded first."""
        import os

        from anthropic import AsyncAnthropic
        from dotenv import load_dotenv
        from fastapi import FastAPI

        load_dotenv(override=True)
        client = AsyncAnthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
        app = FastAPI()


        @app.get("/health")
        async def health() -> dict[str, str]:
            return {"status": "ok"}
        '''
    ),
    "gateway.py": dedent(
        """
        import os

        import anthropic

        client = anthropic.Anthropic(
            base_url=os.environ.get("ANTHROPIC_BASE_URL", "http://localhost:4000"),
            auth_token=os.environ.get("ANTHROPIC_AUTH_TOKEN"),
        )
        """
    ),
    "web/server.ts": dedent(
        """
        import "dotenv/config";
        import Anthropic from "@anthropic-ai/sdk";
        import express from "express";

        const anthropic = new Anthropic();
        const app = express();
        app.post("/chat", async (_req, res) => {
          const reply = await anthropic.messages.create({
            model: "claude-sonnet-4-5",
            max_tokens: 64,
            messages: [{ role: "user", content: "hi" }],
          });
          res.json(reply);
        });
        """
    ),
    "web/ai.ts": dedent(
        """
        import { createAnthropic } from "@ai-sdk/anthropic";

        export const anthropic = createAnthropic({
          baseURL: "https://openrouter.ai/api/v1",
          apiKey: process.env.OPENROUTER_API_KEY,
        });
        """
    ),
    "local.py": dedent(
        """
        from anthropic import Anthropic

        # claude-code-router on this machine; it checks no key
        client = Anthropic(base_url="http://127.0.0.1:3456", api_key="dummy")
        """
    ),
}


@pytest.mark.parametrize("name", sorted(WORKING_APPS))
def test_working_apps_draw_no_sdk_finding(check_text, tmp_path: Path, name: str) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["anthropic>=2"]\n'
    )
    (tmp_path / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "^1.0.0"}}')
    (tmp_path / ".env").write_text("ANTHROPIC_API_KEY=\n")
    assert check_text(name, WORKING_APPS[name], select="AL6") == []


def test_sdk_rules_only_run_on_code(check_text) -> None:
    assert check_text(".env", f"ANTHROPIC_API_KEY={KEY}\n", select="AL6") == []
