"""AL501 on credentials in Anthropic variables of any carrier, and AL727 (claude-code-action).

Files are written by ``check_text`` under ``tmp_path``; ``repo`` makes that folder a
git work tree so files are committable. Tokens are built at run time (no key literal
in this file): a Z.ai-shaped ``<32 hex>.<16 characters>``, a LiteLLM virtual key
``sk-<22>``, a UUID, an OpenRouter key from ``tests/keys.py``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.core.text import Span
from keys import api_key, openrouter_key

AK, AT = "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"
_B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _random(seed: str, length: int, alphabet: str = _B62) -> str:
    digest = hashlib.sha256(seed.encode()).digest() * 4
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])


ZAI = hashlib.sha256(b"zai").hexdigest()[:32] + "." + _random("zai", 16)
LITELLM = "sk-" + _random("litellm", 22)
UUID = "-".join(
    hashlib.sha256(b"uuid").hexdigest()[a:b]
    for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
)
OPENROUTER = openrouter_key()
SECRETS = (ZAI, LITELLM, UUID, OPENROUTER)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def where(findings: list[Finding]) -> list[tuple[str, Span]]:
    return [(f.code, f.span) for f in findings]


def assert_masked(findings: list[Finding]) -> None:
    for finding in findings:
        for secret in SECRETS:
            assert secret not in finding.message
            assert secret[-12:] not in finding.message


def span_of(text: str, value: str) -> Span:
    """The span of the first ``value`` in ``text``."""
    before = text[: text.index(value)]
    line = before.count("\n")
    start = len(before) - (before.rfind("\n") + 1)
    return Span.at(line, start, start + len(value))


ZAI_WORKFLOW = f"""\
name: Claude Code
on:
  issue_comment:
    types: [created]
jobs:
  claude:
    if: contains(github.event.comment.body, '@claude')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
          ANTHROPIC_AUTH_TOKEN: {ZAI}
        with:
          anthropic_api_key: {ZAI}
"""


@pytest.mark.parametrize(
    ("name", "text", "secret", "provider"),
    [
        (".github/workflows/claude.yml", ZAI_WORKFLOW, ZAI, "Z.ai credential"),
        (
            "Makefile",
            f"export ANTHROPIC_BASE_URL = https://openrouter.ai/api\n"
            f"export {AT} := {OPENROUTER}\n\nreview:\n\tclaude -p review\n",
            OPENROUTER,
            "OpenRouter API key",
        ),
        (
            "justfile",
            f'export ANTHROPIC_BASE_URL := "https://litellm.acme-corp.dev"\n'
            f'export {AT} := "{LITELLM}"\n\nreview:\n    claude -p review\n',
            LITELLM,
            "credential for litellm.acme-corp.dev",
        ),
        (
            "scripts/claude-gw.sh",
            f'#!/usr/bin/env bash\nexport ANTHROPIC_BASE_URL="https://openrouter.ai/api"\n'
            f'export {AT}="{UUID}"\nclaude "$@"\n',
            UUID,
            "OpenRouter credential",
        ),
        (
            "scripts/glm.zsh",
            f'glm() {{\n  export {AT}="{ZAI}"\n'
            '  export ANTHROPIC_MODEL="glm-4.6"\n  claude "$@"\n}\n',
            ZAI,
            "Z.ai credential",
        ),
        (
            ".env.example",
            f"ANTHROPIC_BASE_URL=https://api.z.ai/api/anthropic\n{AT}={ZAI}\n",
            ZAI,
            "Z.ai credential",
        ),
        ("scripts/setup.ps1", f'$Env:{AK} = "{LITELLM}"\n', LITELLM, "credential"),
        (
            ".github/workflows/setup.yml",
            "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
            f"          echo 'ANTHROPIC_API_KEY={UUID}' >> .env\n",
            UUID,
            "credential",
        ),
    ],
)
def test_al501_reports_a_literal_credential_in_an_anthropic_variable(
    check_text, repo, name, text, secret, provider
) -> None:
    findings = check_text(name, text, select="AL501")
    assert where(findings) == [("AL501", span_of(text, secret))]
    (finding,) = findings
    assert finding.severity is Severity.ERROR
    assert f" {provider} (`{mask(secret)}`)" in finding.message, finding.message
    assert "git would commit it" in finding.message and "Rotate" in finding.message
    assert_masked(findings)


def test_al501_in_a_workflow_suggests_a_repository_secret(check_text, repo) -> None:
    text = f"env:\n  {AT}: {ZAI}\n"
    (finding,) = check_text(".github/workflows/ci.yml", text, select="AL501")
    assert f"`${{{{ secrets.{AT} }}}}`" in finding.message


def test_al501_reports_an_anthropic_key_once(check_text, repo) -> None:
    key = api_key()
    text = f"export {AK} := {key}\n"
    findings = check_text("Makefile", text, select="AL501")
    assert where(findings) == [("AL501", span_of(text, key))]
    assert "Anthropic API key" in findings[0].message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Filled at run time, by reference.
        (".github/workflows/a.yml", f"env:\n  {AT}: ${{{{ secrets.ZAI_API_KEY }}}}\n"),
        (".github/workflows/a.yml", f"env:\n  {AK}: ${{{{ vars.KEY }}}}-${{{{ secrets.K }}}}\n"),
        (
            ".github/workflows/a.yml",
            "jobs:\n  t:\n    steps:\n      - run: |\n"
            f'          echo "{AK}=${{{{ secrets.ANTHROPIC_API_KEY }}}}" >> .env\n'
            f'          echo "{AT}=$TOKEN" >> "$GITHUB_ENV"\n',
        ),
        (
            "scripts/claude-openapis.sh",
            '#!/usr/bin/env bash\nexport ANTHROPIC_BASE_URL="https://api.openapis.dev/anthropic"\n'
            f'export {AT}="${{OPENAPIS_KEY:-tu_clave_secreta}}"\nclaude "$@"\n',
        ),
        ("scripts/k.sh", f"export {AK}=op://Private/Anthropic/credential\n"),
        ("scripts/k.sh", f'export {AK}="$(security find-generic-password -s anthropic -w)"\n'),
        ("Makefile", f"export {AT} = $(shell cat ~/.zai-token)\n"),
        ("justfile", f"export {AT} := env_var('ZAI_API_KEY')\n"),
        # Placeholders, dummies, empty, short or word-like values.
        ("scripts/k.sh", f"export {AT}=your-zai-api-key\n"),
        ("scripts/k.sh", f"export {AT}=sk-1234\n"),  # LiteLLM's documented master key
        ("scripts/k.sh", f"export {AT}=dummy\n"),
        ("scripts/k.sh", f"export {AT}=\n"),
        ("scripts/k.sh", f"export {AT}=abc123def456\n"),
        ("scripts/k.sh", f"export {AT}=my-local-gateway-token\n"),
        ("scripts/k.sh", f"export {AT}=sk-xxxxxxxxxxxxxxxxxxxxxxxx\n"),
        (".env.example", f"{AT}=<your z.ai key>\n"),
        # Not a credential variable.
        ("scripts/k.sh", f"export ANTHROPIC_MODEL={UUID}\n"),
        ("scripts/k.sh", f"export ANTHROPIC_BASE_URL=https://gw.example.com/{UUID}\n"),
        # Another rule's: non-template .env (AL502), Compose (AL710).
        (".env", f"{AT}={ZAI}\n"),
        ("docker-compose.yml", f"services:\n  app:\n    environment:\n      {AT}: {ZAI}\n"),
    ],
)
def test_al501_is_silent_on_references_and_placeholders(check_text, repo, name, text) -> None:
    assert check_text(name, text, select="AL501") == []


def test_al501_is_silent_on_an_ignored_script(check_text, repo) -> None:
    (repo / ".gitignore").write_text("scripts/local/\n")
    text = f"export {AT}={ZAI}\n"
    assert check_text("scripts/local/env.sh", text, select="AL501") == []
    assert where(check_text("scripts/env.sh", text, select="AL501")) == [
        ("AL501", span_of(text, ZAI))
    ]


# --- AL727 claude-code-action-auth-token-only ---------------------------------------------

GATEWAY_STEP = """\
name: Claude Code Review
on:
  pull_request:
    types: [opened, synchronize]
jobs:
  review:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 1
      - name: Run Claude Code Review
        uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_BASE_URL: https://open.bigmodel.cn/api/anthropic
          ANTHROPIC_AUTH_TOKEN: ${{ secrets.ZHIPU_API_KEY }}
        with:
          github_token: ${{ secrets.GITHUB_TOKEN }}
          prompt: Review this pull request
"""


def test_al727_reports_a_step_with_only_the_auth_token(check_text, repo) -> None:
    findings = check_text(".github/workflows/claude-review.yml", GATEWAY_STEP, select="AL727")
    assert where(findings) == [("AL727", Span.at(16, 14, 46))]
    (finding,) = findings
    assert (finding.name, finding.severity) == (
        "claude-code-action-auth-token-only",
        Severity.ERROR,
    )
    assert "Either ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN is required" in finding.message
    (related,) = finding.related
    assert related.span == Span.at(19, 10, 30)


@pytest.mark.parametrize(
    "text",
    [
        # The token at job level; no `with:` at all.
        "jobs:\n  c:\n    env:\n      ANTHROPIC_AUTH_TOKEN: ${{ secrets.T }}\n    steps:\n"
        "      - uses: anthropics/claude-code-action@beta\n",
        # At workflow level; use_bedrock explicitly false.
        "env:\n  ANTHROPIC_AUTH_TOKEN: ${{ secrets.T }}\njobs:\n  c:\n    steps:\n"
        "      - uses: anthropics/claude-code-action@v1\n        with:\n"
        "          use_bedrock: false\n",
        # ANTHROPIC_API_KEY in env does not help: the action's input replaces it.
        "jobs:\n  c:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n"
        "        env:\n          ANTHROPIC_API_KEY: ${{ secrets.K }}\n"
        "          ANTHROPIC_AUTH_TOKEN: ${{ secrets.T }}\n",
    ],
)
def test_al727_token_in_other_scopes(check_text, repo, text) -> None:
    findings = check_text(".github/workflows/c.yml", text, select="AL727")
    assert [f.code for f in findings] == ["AL727"]


@pytest.mark.parametrize(
    "with_block",
    [
        "anthropic_api_key: ${{ secrets.ZHIPU_API_KEY }}",
        "claude_code_oauth_token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}",
        "use_bedrock: true",
        'use_vertex: "true"',
        "use_foundry: ${{ vars.USE_FOUNDRY }}",
    ],
)
def test_al727_is_silent_with_a_credential_input(check_text, repo, with_block) -> None:
    text = GATEWAY_STEP.replace(
        "          prompt: Review", f"          {with_block}\n          prompt: Review"
    )
    assert check_text(".github/workflows/claude-review.yml", text, select="AL727") == []


@pytest.mark.parametrize(
    "text",
    [
        # No ANTHROPIC_AUTH_TOKEN anywhere (another problem, not this one).
        "jobs:\n  c:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n",
        # The token in another job.
        "jobs:\n  a:\n    env:\n      ANTHROPIC_AUTH_TOKEN: x\n    steps:\n"
        "      - run: claude -p hi\n"
        "  b:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n"
        "        with:\n          github_token: ${{ github.token }}\n",
        # Another action reading the token itself.
        "jobs:\n  c:\n    steps:\n      - uses: someone/claude-runner@v1\n        env:\n"
        "          ANTHROPIC_AUTH_TOKEN: ${{ secrets.T }}\n",
        # Workload identity federation.
        "jobs:\n  c:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        env:\n"
        "          ANTHROPIC_AUTH_TOKEN: ${{ secrets.T }}\n"
        "          ANTHROPIC_FEDERATION_RULE_ID: fdrl_1\n",
    ],
)
def test_al727_is_silent_on_look_alikes(check_text, repo, text) -> None:
    assert check_text(".github/workflows/c.yml", text, select="AL727") == []


# --- data flow inside one file: defaults of environment reads (AL601, AL602) --------------

V1 = "https://api.anthropic.com/v1"


def test_al602_reports_the_default_of_an_environment_read(check_text) -> None:
    text = (
        "import os\n\nfrom anthropic import Anthropic\n\n"
        f'BASE_URL = os.getenv("ANTHROPIC_BASE_URL", "{V1}")\n\n'
        "client = Anthropic(base_url=BASE_URL)\n"
    )
    (finding,) = check_text("app/llm.py", text, select="AL602")
    start = text.splitlines()[4].index(f'"{V1}"')
    assert finding.span == Span.at(4, start, start + len(V1) + 2)
    assert "when ANTHROPIC_BASE_URL is not set" in finding.message
    (related,) = finding.related
    assert related.span == Span.at(6, 28, 36)  # `BASE_URL` in the constructor call
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert edit.new_text == "" and edit.span.end.character == start + len(V1) + 1


@pytest.mark.parametrize("operator", ["??", "||"])
def test_al602_reports_a_javascript_fallback(check_text, operator: str) -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n\n'
        "export const client = new Anthropic({\n"
        f'  baseURL: process.env.ANTHROPIC_BASE_URL {operator} "{V1}",\n'
        "});\n"
    )
    (finding,) = check_text("src/client.ts", text, select="AL602")
    start = text.splitlines()[3].index(f'"{V1}"')
    assert finding.span == Span.at(3, start, start + len(V1) + 2)


@pytest.mark.parametrize(
    "default",
    ['"https://api.anthropic.com"', "FALLBACK", '"https://openrouter.ai/api/v1"'],
)
def test_al602_is_silent_on_good_or_unknown_defaults(check_text, default: str) -> None:
    text = (
        "import os\nfrom anthropic import Anthropic\n"
        f'client = Anthropic(base_url=os.getenv("ANTHROPIC_BASE_URL", {default}))\n'
    )
    assert check_text("app/llm.py", text, select="AL602") == []


def test_al601_reports_a_key_default_without_a_fix(check_text) -> None:
    key = api_key()
    text = (
        "import os\nfrom anthropic import Anthropic\n"
        f'client = Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY", "{key}"))\n'
    )
    (finding,) = check_text("app/llm.py", text, select="AL601")
    start = text.splitlines()[2].index(key)
    assert finding.span.start.character in (start, start - 1)
    assert finding.fix is None
    assert key[20:40] not in finding.message


# --- a constant imported from another module of the project (AL602) -------------------------


def check_project(root: Path, name: str, select: str = "AL602") -> list[Finding]:
    from authlint.core.context import CheckContext, Platform
    from authlint.core.facts import FileKind
    from authlint.core.settings import Settings
    from authlint.core.source import SourceFile
    from authlint.engine import check_source
    from authlint.model.collect import build_model

    model = build_model(root, None, Platform.LINUX)
    context = CheckContext(platform=Platform.LINUX, environment=model)
    source = SourceFile.read(root / name)
    return check_source(source, FileKind.PYTHON, context, Settings(select=(select,)))


@pytest.mark.parametrize(
    ("importer", "statement"),
    [
        ("app/main.py", "from .config import BASE_URL"),
        ("app/main.py", "from app.config import BASE_URL"),
        ("app/cli/run.py", "from ..config import BASE_URL as URL"),
    ],
)
def test_al602_at_a_constant_another_module_passes(
    tmp_path: Path, importer: str, statement: str
) -> None:
    config = f'"""Settings for the anthropic client."""\n\nBASE_URL = "{V1}"\nOTHER = "x"\n'
    name = "URL" if " as URL" in statement else "BASE_URL"
    main = (
        f"from anthropic import Anthropic\n\n{statement}\n\nclient = Anthropic(base_url={name})\n"
    )
    for path, text in {
        "app/__init__.py": "",
        "app/cli/__init__.py": "",
        "app/config.py": config,
        importer: main,
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (finding,) = check_project(tmp_path, "app/config.py")
    start = config.splitlines()[2].index(f'"{V1}"')
    assert finding.span == Span.at(2, start, start + len(V1) + 2)
    (related,) = finding.related
    assert related.path is not None and related.path.name == Path(importer).name
    assert related.span.start.line == 4
    # The importer itself reports nothing: it holds no literal.
    assert check_project(tmp_path, importer) == []


def test_al602_constant_look_alikes(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        # Same name in a module nobody imports from.
        "app/config.py": f'"""anthropic settings"""\nBASE_URL = "{V1}"\n',
        "other/config.py": f'"""anthropic settings"""\nBASE_URL = "{V1}"\n',
        "app/main.py": (
            "from anthropic import Anthropic\nfrom .config import BASE_URL\n"
            "client = Anthropic(base_url=BASE_URL.rstrip('/'))\n"  # not the name itself
        ),
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    assert check_project(tmp_path, "app/config.py") == []
    assert check_project(tmp_path, "other/config.py") == []
