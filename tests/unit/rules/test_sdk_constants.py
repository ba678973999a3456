"""AL602 at a constant that another module of the project passes to an SDK client.

The finding is at the literal in the module that writes it, with the call as
related information; the importer reports nothing (it holds no literal). The
project's files are written under ``tmp_path`` and the environment model built
from them (it lists the SDK users whose imports are followed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.core.findings import Finding
from authlint.core.text import Span

V1 = "https://llm.acme-corp.io/anthropic/v1"
BARE = "https://llm.acme-corp.io/anthropic"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def check_project(root: Path, name: str, select: str = "AL602") -> list[Finding]:
    from authlint.core.context import CheckContext, Platform
    from authlint.core.settings import Settings
    from authlint.core.source import SourceFile
    from authlint.engine import check_source
    from authlint.model.collect import build_model

    model = build_model(root, None, Platform.LINUX)
    context = CheckContext(platform=Platform.LINUX, environment=model)
    source = SourceFile.read(root / name)
    kind = FileKind.PYTHON if name.endswith(".py") else FileKind.JAVASCRIPT
    return check_source(source, kind, context, Settings(select=(select,)))


def span_of(text: str, needle: str) -> Span:
    """The span of the first ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    line = before.count("\n")
    start = len(before) - (before.rfind("\n") + 1)
    return Span.at(line, start, start + len(needle))


# --- JavaScript / TypeScript -------------------------------------------------------------

JS_CONFIG = (
    f'// Anthropic gateway settings.\nexport const BASE_URL = "{V1}";\nexport const OTHER = "x";\n'
)


@pytest.mark.parametrize(
    ("config", "importer", "statement", "expression"),
    [
        ("src/config.ts", "src/main.ts", 'import { BASE_URL } from "./config";', "BASE_URL"),
        ("src/config.ts", "src/main.ts", 'import { BASE_URL } from "./config.js";', "BASE_URL"),
        ("src/config.mjs", "src/main.mjs", 'import { BASE_URL } from "./config.mjs";', "BASE_URL"),
        (
            "src/config.cjs",
            "src/main.js",
            'const { BASE_URL } = require("./config.cjs");',
            "BASE_URL",
        ),
        ("src/config.tsx", "src/main.tsx", 'import { BASE_URL } from "./config";', "BASE_URL"),
        ("src/config.js", "src/main.js", 'import { BASE_URL as URL } from "./config";', "URL"),
        ("src/config/index.ts", "src/main.ts", 'import { BASE_URL } from "./config";', "BASE_URL"),
        (
            "src/config.ts",
            "src/cli/run.ts",
            'import * as config from "../config";',
            "config.BASE_URL",
        ),
    ],
)
def test_js_constant_another_module_passes(
    tmp_path: Path, config: str, importer: str, statement: str, expression: str
) -> None:
    main = (
        f'import Anthropic from "@anthropic-ai/sdk";\n{statement}\n\n'
        f"export const client = new Anthropic({{ baseURL: {expression} }});\n"
    )
    write(tmp_path, {config: JS_CONFIG, importer: main})
    (finding,) = check_project(tmp_path, config)
    assert finding.code == "AL602"
    assert finding.span == span_of(JS_CONFIG, f'"{V1}"') == Span.at(1, 24, 63)
    assert "`baseURL` of `Anthropic` ends in `/v1`" in finding.message
    (related,) = finding.related
    assert related.path is not None and related.path.name == Path(importer).name
    start = main.splitlines()[3].index(f"baseURL: {expression}") + len("baseURL: ")
    assert related.span == Span.at(3, start, start + len(expression))
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert edit.span == Span.at(1, 59, 62) and edit.new_text == ""
    assert check_project(tmp_path, importer) == []


def test_js_constant_with_env_fallback_for_the_ai_sdk(tmp_path: Path) -> None:
    config = (
        "// Anthropic settings\n"
        f'export const BASE_URL = process.env.ANTHROPIC_BASE_URL ?? "{BARE}";\n'
    )
    main = (
        'import { createAnthropic } from "@ai-sdk/anthropic";\n'
        'import { BASE_URL } from "./config";\n'
        "export const anthropic = createAnthropic({ baseURL: BASE_URL });\n"
    )
    write(tmp_path, {"lib/config.ts": config, "lib/ai.ts": main})
    (finding,) = check_project(tmp_path, "lib/config.ts")
    assert finding.span == span_of(config, f'"{BARE}"') == Span.at(1, 58, 94)
    assert "lacks `/v1`" in finding.message
    assert "default `createAnthropic` gets when ANTHROPIC_BASE_URL is not set" in finding.message


@pytest.mark.parametrize(
    ("files", "checked"),
    [
        # The same name imported from a package, not from the project.
        (
            {
                "src/config.ts": JS_CONFIG,
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "config";\n'
                "new Anthropic({ baseURL: BASE_URL });\n",
            },
            "src/config.ts",
        ),
        # Another module's constant of the same name.
        (
            {
                "src/config.ts": JS_CONFIG,
                "other/config.ts": JS_CONFIG,
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "./config";\n'
                "new Anthropic({ baseURL: BASE_URL });\n",
            },
            "other/config.ts",
        ),
        # A `let` the module may reassign.
        (
            {
                "src/config.ts": JS_CONFIG.replace("export const BASE_URL", "export let BASE_URL"),
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "./config";\n'
                "new Anthropic({ baseURL: BASE_URL });\n",
            },
            "src/config.ts",
        ),
        # A constant bound twice.
        (
            {
                "src/config.ts": JS_CONFIG + f'if (process.env.CI) BASE_URL = "{BARE}";\n',
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "./config";\n'
                "new Anthropic({ baseURL: BASE_URL });\n",
            },
            "src/config.ts",
        ),
        # Passed through a call, not as the name itself.
        (
            {
                "src/config.ts": JS_CONFIG,
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "./config";\n'
                'new Anthropic({ baseURL: BASE_URL.replace(/\\/v1$/, "") });\n',
            },
            "src/config.ts",
        ),
        # The importer shadows the import.
        (
            {
                "src/config.ts": JS_CONFIG,
                "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
                'import { BASE_URL } from "./config";\n'
                "export const make = (BASE_URL: string) => new Anthropic({ baseURL: BASE_URL });\n",
            },
            "src/config.ts",
        ),
        # Correct: the AI SDK wants the `/v1`.
        (
            {
                "src/config.ts": JS_CONFIG,
                "src/main.ts": 'import { createAnthropic } from "@ai-sdk/anthropic";\n'
                'import { BASE_URL } from "./config";\n'
                "createAnthropic({ baseURL: BASE_URL });\n",
            },
            "src/config.ts",
        ),
    ],
)
def test_js_constant_look_alikes(tmp_path: Path, files: dict[str, str], checked: str) -> None:
    write(tmp_path, files)
    assert check_project(tmp_path, checked) == []


# --- Python: a module constant read as an attribute -------------------------------------------

PY_CONFIG = f'"""Settings for the anthropic client."""\n\nBASE_URL = "{V1}"\nOTHER = "x"\n'


@pytest.mark.parametrize(
    ("importer", "statement", "expression"),
    [
        ("app/main.py", "from . import config", "config.BASE_URL"),
        ("app/main.py", "from app import config", "config.BASE_URL"),
        ("app/main.py", "import app.config as cfg", "cfg.BASE_URL"),
        ("app/main.py", "import app.config", "app.config.BASE_URL"),
        ("app/cli/run.py", "from .. import config", "config.BASE_URL"),
        ("app/run.py", "import config", "config.BASE_URL"),
    ],
)
def test_py_module_attribute_is_judged_at_the_constant(
    tmp_path: Path, importer: str, statement: str, expression: str
) -> None:
    main = (
        f"from anthropic import Anthropic\n\n{statement}\n\n"
        f"client = Anthropic(base_url={expression})\n"
    )
    files = {"app/__init__.py": "", "app/cli/__init__.py": "", "app/config.py": PY_CONFIG}
    write(tmp_path, {**files, importer: main})
    (finding,) = check_project(tmp_path, "app/config.py")
    assert finding.span == span_of(PY_CONFIG, f'"{V1}"') == Span.at(2, 11, 50)
    (related,) = finding.related
    assert related.path is not None and related.path.name == Path(importer).name
    start = main.splitlines()[4].index(expression)
    assert related.span == Span.at(4, start, start + len(expression))
    assert check_project(tmp_path, importer) == []


@pytest.mark.parametrize(
    "main",
    [
        # The importer overwrites the attribute before the call.
        "from anthropic import Anthropic\nfrom . import config\n"
        'config.BASE_URL = "https://llm.acme-corp.io/anthropic"\n'
        "client = Anthropic(base_url=config.BASE_URL)\n",
        # `config` is an object built here, not the module.
        "from anthropic import Anthropic\nfrom . import config\nconfig = config.load()\n"
        "client = Anthropic(base_url=config.BASE_URL)\n",
        # A package's `config`, not the project's: `settings` is not a module of it.
        "from anthropic import Anthropic\nfrom settings import config\n"
        "client = Anthropic(base_url=config.BASE_URL)\n",
        # Another attribute than the constant.
        "from anthropic import Anthropic\nfrom . import config\n"
        "client = Anthropic(base_url=config.OTHER_URL)\n",
    ],
)
def test_py_module_attribute_look_alikes(tmp_path: Path, main: str) -> None:
    write(tmp_path, {"app/__init__.py": "", "app/config.py": PY_CONFIG, "app/main.py": main})
    assert check_project(tmp_path, "app/config.py") == []


# --- Python: a config dict of another module --------------------------------------------------

PY_DICT_CONFIG = (
    '"""Client settings."""\n\nCLIENT_CONFIG = {\n'
    f'    "base_url": "{V1}",\n    "max_retries": 2,\n}}\n'
)


@pytest.mark.parametrize(
    ("statement", "call", "expression"),
    [
        ("from .config import CLIENT_CONFIG", "Anthropic(**CLIENT_CONFIG)", "CLIENT_CONFIG"),
        (
            "from .config import CLIENT_CONFIG",
            'Anthropic(base_url=CLIENT_CONFIG["base_url"])',
            'CLIENT_CONFIG["base_url"]',
        ),
        ("from .config import CLIENT_CONFIG as CFG", "Anthropic(**CFG)", "CFG"),
    ],
)
def test_py_config_dict_of_another_module(
    tmp_path: Path, statement: str, call: str, expression: str
) -> None:
    main = f"from anthropic import Anthropic\n\n{statement}\n\nclient = {call}\n"
    files = {"app/__init__.py": "", "app/config.py": PY_DICT_CONFIG, "app/main.py": main}
    write(tmp_path, files)
    (finding,) = check_project(tmp_path, "app/config.py")
    assert finding.span == span_of(PY_DICT_CONFIG, f'"{V1}"') == Span.at(3, 16, 55)
    (related,) = finding.related
    start = main.splitlines()[4].index(expression)
    assert related.span == Span.at(4, start, start + len(expression))
    assert check_project(tmp_path, "app/main.py") == []


@pytest.mark.parametrize(
    ("config", "main"),
    [
        # The importer changes the dict before the call.
        (
            PY_DICT_CONFIG,
            "from anthropic import Anthropic\nfrom .config import CLIENT_CONFIG\n"
            'CLIENT_CONFIG["base_url"] = "https://llm.acme-corp.io/anthropic"\n'
            "client = Anthropic(**CLIENT_CONFIG)\n",
        ),
        (
            PY_DICT_CONFIG,
            "from anthropic import Anthropic\nfrom .config import CLIENT_CONFIG\n"
            "CLIENT_CONFIG.update(base_url=load_gateway())\n"
            "client = Anthropic(**CLIENT_CONFIG)\n",
        ),
        # The config module changes it itself, from the environment.
        (
            PY_DICT_CONFIG + 'CLIENT_CONFIG["base_url"] = os.environ["GATEWAY"]\n',
            "from anthropic import Anthropic\nfrom .config import CLIENT_CONFIG\n"
            "client = Anthropic(**CLIENT_CONFIG)\n",
        ),
        # Another key than the base URL.
        (
            PY_DICT_CONFIG,
            "from anthropic import Anthropic\nfrom .config import CLIENT_CONFIG\n"
            'client = Anthropic(max_retries=CLIENT_CONFIG["max_retries"])\n',
        ),
        # A written base URL wins over nothing: the splat's key is not the one sent.
        (
            PY_DICT_CONFIG,
            "from anthropic import Anthropic\nfrom .config import CLIENT_CONFIG\n"
            'client = Anthropic(base_url="https://llm.acme-corp.io/anthropic")\n',
        ),
    ],
)
def test_py_config_dict_look_alikes(tmp_path: Path, config: str, main: str) -> None:
    write(tmp_path, {"app/__init__.py": "", "app/config.py": config, "app/main.py": main})
    assert check_project(tmp_path, "app/config.py") == []


# --- Python: a pydantic Field default --------------------------------------------------------


def test_pydantic_field_default_with_alias(tmp_path: Path) -> None:
    text = (
        "from anthropic import Anthropic\n"
        "from pydantic import Field\n"
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        f'    base_url: str = Field(default="{V1}", alias="ANTHROPIC_BASE_URL")\n\n\n'
        "client = Anthropic(base_url=Settings().base_url)\n"
    )
    write(tmp_path, {"app.py": text})
    (finding,) = check_project(tmp_path, "app.py")
    assert finding.span == span_of(text, f'"{V1}"') == Span.at(6, 34, 73)
    assert "the default `Anthropic` gets when ANTHROPIC_BASE_URL is not set" in finding.message
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert edit.span == Span.at(6, 69, 72) and edit.new_text == ""


# --- AL603 at a constant passed elsewhere ------------------------------------------------------

NO_SCHEME = "llm.acme-corp.io/anthropic"


@pytest.mark.parametrize(
    ("config", "config_text", "importer", "main"),
    [
        (
            "src/config.ts",
            f'// Anthropic gateway\nexport const BASE_URL = "{NO_SCHEME}";\n',
            "src/main.ts",
            'import Anthropic from "@anthropic-ai/sdk";\nimport * as config from "./config";\n'
            "export const client = new Anthropic({ baseURL: config.BASE_URL });\n",
        ),
        (
            "app/config.py",
            f'"""anthropic gateway"""\nBASE_URL = "{NO_SCHEME}"\n',
            "app/main.py",
            "from anthropic import Anthropic\nfrom . import config\n"
            "client = Anthropic(base_url=config.BASE_URL)\n",
        ),
    ],
)
def test_al603_at_a_constant_another_module_passes(
    tmp_path: Path, config: str, config_text: str, importer: str, main: str
) -> None:
    write(tmp_path, {config: config_text, importer: main, "app/__init__.py": ""})
    (finding,) = check_project(tmp_path, config, select="AL603")
    assert finding.span == span_of(config_text, f'"{NO_SCHEME}"')
    assert "without `https://` or `http://`" in finding.message
    (related,) = finding.related
    assert related.path is not None and related.path.name == Path(importer).name
    assert related.span == span_of(main, "config.BASE_URL")
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    inside = span_of(config_text, NO_SCHEME)
    assert edit.span == Span.at(1, inside.start.character, inside.start.character)
    assert edit.new_text == "https://"
    assert check_project(tmp_path, importer, select="AL603") == []


def test_one_finding_for_a_constant_two_modules_pass(tmp_path: Path) -> None:
    main = (
        'import Anthropic from "@anthropic-ai/sdk";\nimport { BASE_URL } from "../config";\n'
        "export const client = new Anthropic({ baseURL: BASE_URL });\n"
    )
    write(
        tmp_path,
        {"src/config.ts": JS_CONFIG, "src/a/main.ts": main, "src/b/main.ts": main},
    )
    (finding,) = check_project(tmp_path, "src/config.ts")
    assert sorted(str(r.path) for r in finding.related) == [
        str((tmp_path / "src/a/main.ts").absolute()),
        str((tmp_path / "src/b/main.ts").absolute()),
    ]


# --- a config module that never mentions Anthropic ---------------------------------------------

PLAIN = "https://llm.acme-corp.io/gateway/v1"  # no trigger word in the module


@pytest.mark.parametrize(
    ("config", "config_text", "importer", "main"),
    [
        (
            "src/config.ts",
            f'export const BASE_URL = "{PLAIN}";\n',
            "src/main.ts",
            'import Anthropic from "@anthropic-ai/sdk";\nimport { BASE_URL } from "./config";\n'
            "export const client = new Anthropic({ baseURL: BASE_URL });\n",
        ),
        (
            "app/config.py",
            f'BASE_URL = "{PLAIN}"\n',
            "app/main.py",
            "from anthropic import Anthropic\nfrom .config import BASE_URL\n"
            "client = Anthropic(base_url=BASE_URL)\n",
        ),
    ],
)
def test_constant_in_a_module_without_a_trigger_word(
    tmp_path: Path, config: str, config_text: str, importer: str, main: str
) -> None:
    write(tmp_path, {config: config_text, importer: main, "app/__init__.py": ""})
    (finding,) = check_project(tmp_path, config)
    assert finding.span == span_of(config_text, f'"{PLAIN}"')
    assert finding.span.start.line == 0


def test_a_module_nobody_imports_is_not_parsed(tmp_path: Path) -> None:
    from authlint.core.context import CheckContext, Platform
    from authlint.core.source import SourceFile
    from authlint.model.collect import build_model
    from authlint.rules._sdk import constants_used_elsewhere
    from authlint.scanners import scan

    write(
        tmp_path,
        {
            "src/config.ts": f'export const BASE_URL = "{PLAIN}";\n',
            "src/other.ts": f'export const BASE_URL = "{PLAIN}";\n',
            "src/main.ts": 'import Anthropic from "@anthropic-ai/sdk";\n'
            'import { BASE_URL } from "./config";\nnew Anthropic({ baseURL: BASE_URL });\n',
        },
    )
    model = build_model(tmp_path, None, Platform.LINUX)
    context = CheckContext(platform=Platform.LINUX, environment=model)
    other = scan(SourceFile.read(tmp_path / "src/other.ts"), FileKind.JAVASCRIPT)
    assert constants_used_elsewhere(other, context) == []
    assert "module_constants" not in other.memo
    config = scan(SourceFile.read(tmp_path / "src/config.ts"), FileKind.JAVASCRIPT)
    assert [c.name for *_, c in constants_used_elsewhere(config, context)] == ["BASE_URL"]
    assert "module_constants" in config.memo


# --- AL610: the importer's call, with the base URL a constant of another module ----------------


@pytest.mark.parametrize(
    ("files", "importer", "config", "config_text"),
    [
        (
            {"requirements.txt": "anthropic==2.11.0\n", "app/__init__.py": ""},
            "app/main.py",
            "app/config.py",
            'GATEWAY = "https://api.deepseek.com/anthropic"\n',
        ),
        (
            {"package.json": '{"dependencies": {"@anthropic-ai/sdk": "^1.2.0"}}'},
            "src/main.ts",
            "src/config.ts",
            'export const GATEWAY = "https://api.deepseek.com/anthropic";\n',
        ),
    ],
)
def test_al610_base_url_from_another_module(
    tmp_path: Path, files: dict[str, str], importer: str, config: str, config_text: str
) -> None:
    if importer.endswith(".py"):
        main = (
            "import os\n\nfrom anthropic import Anthropic\n\nfrom . import config\n\n"
            'client = Anthropic(api_key=os.environ["DEEPSEEK_API_KEY"], '
            "base_url=config.GATEWAY)\n"
        )
        key = "api_key"
    else:
        main = (
            'import Anthropic from "@anthropic-ai/sdk";\nimport { GATEWAY } from "./config.js";\n\n'
            "export const client = new Anthropic({ apiKey: process.env.DEEPSEEK_API_KEY, "
            "baseURL: GATEWAY });\n"
        )
        key = "apiKey"
    write(tmp_path, {**files, config: config_text, importer: main})
    (finding,) = check_project(tmp_path, importer, select="AL610")
    assert finding.span == span_of(main, key)
    assert "DeepSeek" in finding.message and "(`GATEWAY`)" in finding.message
    (note,) = finding.related
    assert note.path == (tmp_path / config).absolute()
    assert note.span == span_of(config_text, '"https://api.deepseek.com/anthropic"')
    # The same call with the constant bound twice in its module: unknown, silent.
    write(tmp_path, {config: config_text + config_text})
    assert check_project(tmp_path, importer, select="AL610") == []
