"""Code files the scanner does not parse run only the rules that can report there.

A Python or JavaScript/TypeScript file without a trigger word (nothing of
Anthropic, Claude or dotenv) has no facts; the engine runs on it only the rules
with ``unparsed_code`` (a constant another module passes to a client, a
predicted outcome's cause). These tests check that skipping the others changes
no finding, on modules full of look-alikes: other vendors' keys and base URLs,
environment reads and writes, bearer headers, suppression comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import _rules_for, check_scanned
from authlint.model.collect import build_model
from authlint.scanners import scan
from keys import google_key, openai_key

PROJECT = {
    # Imported by main.py: AL602 reports its `/v1` here although it never names Anthropic.
    "app/config.py": (
        'BASE_URL = "https://llm.acme-corp.io/gateway/v1"\n'
        'OPENAI_BASE_URL = "https://api.openai.com/v1"\n'
        'SETTINGS = {"base_url": "https://llm.acme-corp.io/gateway/v1", "timeout": 30}\n'
    ),
    "app/main.py": (
        "import os\n"
        "from dotenv import load_dotenv\n"
        "from anthropic import Anthropic\n"
        "from .config import BASE_URL\n"
        "load_dotenv()\n"
        "client = Anthropic(base_url=BASE_URL)\n"
    ),
    "app/__init__.py": "",
    # Look-alikes of everything the rules look for, in modules without a trigger word.
    "app/vendors.py": (
        "import os\n"
        "import openai\n"
        "\n"
        f'os.environ["OPENAI_API_KEY"] = "{openai_key("env")}"\n'
        f'OPENAI_API_KEY = "{openai_key("constant")}"\n'
        f'GOOGLE_API_KEY = "{google_key()}"\n'
        'api_key = os.getenv("OPENAI_API_KEY ")\n'
        'headers = {"Authorization": "Bearer abc.def.ghi", "x-api-key": "xyz"}\n'
        'client = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1/")\n'
        'BASE_URL = "api.groq.com/openai/v1"  # authlint: ignore[AL602]\n'
        'TOKEN = "“quoted”"\n'
        "API_KEY=os.environ.get('API_KEY','changeme')\n"
    ),
    "web/config.ts": (
        'export const BASE_URL = "https://llm.acme-corp.io/gateway/v1";\n'
        f'export const OPENAI_KEY = "{openai_key("ts")}";\n'
    ),
    "web/main.ts": (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        'import { BASE_URL } from "./config";\n'
        "export const client = new Anthropic({ baseURL: BASE_URL });\n"
    ),
    "web/vendors.js": (
        "const key = process.env.OPENAI_API_KEY;\n"
        f'process.env.NEXT_PUBLIC_OPENAI_KEY = "{openai_key("js")}";\n'
        'fetch("https://api.openai.com/v1/chat", {\n'
        "  headers: { Authorization: `Bearer ${key}` },\n"
        "});\n"
    ),
    ".env": "ANTHROPIC_API_KEY=\nOPENAI_API_KEY=sk-test\n",
}

UNPARSED = ["app/config.py", "app/vendors.py", "web/config.ts", "web/vendors.js"]


def _kind(name: str) -> FileKind:
    return FileKind.PYTHON if name.endswith(".py") else FileKind.JAVASCRIPT


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, CheckContext]:
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    model = build_model(tmp_path, None, Platform.LINUX)
    return tmp_path, CheckContext(platform=Platform.LINUX, environment=model)


def _every_rule(scanned: ScannedFile, context: CheckContext) -> set[tuple[str, int]]:
    """(code, line) of what every rule of the file's kind reports, skipping none."""
    settings = Settings()
    return {
        (finding.code, finding.span.start.line)
        for rule in _rules_for(scanned.kind, settings.select, settings.ignore)
        for view in scanned.env_blocks()
        for finding in rule.check(view, context)
    }


@pytest.mark.parametrize("name", UNPARSED)
def test_the_skipped_rules_report_nothing_in_unparsed_code(
    project: tuple[Path, CheckContext], name: str
) -> None:
    root, context = project
    scanned = scan(SourceFile.read(root / name), _kind(name))
    assert scanned.code is not None
    assert not scanned.code.parsed
    checked: list[Finding] = check_scanned(scanned, context, Settings(ignore=("AL900",)))
    everything = _every_rule(scanned, context) - {("AL900", line) for line in range(99)}
    assert {(f.code, f.span.start.line) for f in checked} == everything


def test_a_constant_passed_elsewhere_is_still_reported(
    project: tuple[Path, CheckContext],
) -> None:
    root, context = project
    for name in ("app/config.py", "web/config.ts"):
        scanned = scan(SourceFile.read(root / name), _kind(name))
        codes = {f.code for f in check_scanned(scanned, context, Settings())}
        assert "AL602" in codes, name


def test_code_that_names_the_sdk_is_parsed_and_runs_every_rule(
    project: tuple[Path, CheckContext],
) -> None:
    root, _ = project
    scanned = scan(SourceFile.read(root / "app/main.py"), FileKind.PYTHON)
    assert scanned.code is not None
    assert scanned.code.parsed
    assert scanned.code.clients


def test_only_the_rules_that_read_other_files_run_on_unparsed_code() -> None:
    settings = Settings()
    for kind in (FileKind.PYTHON, FileKind.JAVASCRIPT):
        every = _rules_for(kind, settings.select, settings.ignore)
        unparsed = _rules_for(kind, settings.select, settings.ignore, True)
        assert {r.code for r in unparsed} == {"AL602", "AL603", "AL900"}
        assert len(every) > 30


def test_which_unparsed_code_may_be_reported(project: tuple[Path, CheckContext]) -> None:
    from authlint.engine import may_report_in_unparsed_code

    root, context = project
    every = Settings()

    def asked(name: str, settings: Settings = every, at: CheckContext = context) -> bool:
        return may_report_in_unparsed_code(root / name, _kind(name), at, settings)

    assert asked("app/config.py") and asked("web/config.ts")  # a constant passed elsewhere
    assert not asked("app/vendors.py") and not asked("web/vendors.js")
    assert not asked("app/config.py", Settings(select=("AL201",)))  # no rule that names files
    assert not asked("app/config.py", at=CheckContext(platform=Platform.LINUX))  # no model


def test_the_files_a_failing_outcome_has_causes_in(project: tuple[Path, CheckContext]) -> None:
    from authlint.engine import _with_outcomes
    from authlint.rules._model import cause_paths

    root, context = project
    assert context.environment is not None
    assert root / ".env" in cause_paths(_with_outcomes(context, context.environment))
    assert not cause_paths(context)  # asked without the predicted outcomes


def test_an_import_past_the_file_systems_root_names_no_module(tmp_path: Path) -> None:
    # Python refuses a relative import beyond the top package, and a specifier past `/` names
    # nothing: the rules that follow imports find no module (they used to fail on the root).
    deep = "." * (len(tmp_path.parts) + 3)
    up = "../" * (len(tmp_path.parts) + 3)
    files = {
        "app.py": (
            f"from anthropic import Anthropic\nfrom {deep} import BASE_URL\n"
            "client = Anthropic(base_url=BASE_URL)\n"
        ),
        "web.ts": (
            'import Anthropic from "@anthropic-ai/sdk";\n'
            f'import {{ BASE_URL }} from "{up}";\n'
            "export const c = new Anthropic({ baseURL: BASE_URL });\n"
        ),
        "plain.py": "x = 1\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    model = build_model(tmp_path, None, Platform.LINUX)
    context = CheckContext(platform=Platform.LINUX, environment=model)
    for name in files:
        scanned = scan(SourceFile.read(tmp_path / name), _kind(name))
        codes = {f.code for f in check_scanned(scanned, context, Settings())}
        assert "AL000" not in codes, name
    from authlint.engine import may_report_in_unparsed_code

    assert not may_report_in_unparsed_code(
        tmp_path / "plain.py", FileKind.PYTHON, context, Settings()
    )
