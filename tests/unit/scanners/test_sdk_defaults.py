"""Defaults of environment reads passed to SDK clients (Python and JavaScript/TypeScript)."""

from __future__ import annotations

import pytest

from authlint.core.facts import FileKind, SdkArgument
from scanning import at, scanner

python = scanner(FileKind.PYTHON)
javascript = scanner(FileKind.JAVASCRIPT)
V1 = "https://api.anthropic.com/v1"


def base_url(result) -> SdkArgument:
    (client,) = result.code.clients
    argument = client.argument("base_url", "baseURL")
    assert argument is not None
    return argument


def quoted_at(text: str, line: int) -> tuple[int, int]:
    """Where ``"V1"`` (with its quotes) is on ``line`` of ``text``."""
    start = text.splitlines()[line].index(f'"{V1}"')
    return start, start + len(V1) + 2


@pytest.mark.parametrize(
    "call",
    [
        f'os.getenv("ANTHROPIC_BASE_URL", "{V1}")',
        f'os.environ.get("ANTHROPIC_BASE_URL", "{V1}")',
        f'os.getenv("ANTHROPIC_BASE_URL", default="{V1}")',
        f'os.getenv("ANTHROPIC_BASE_URL") or "{V1}"',
    ],
)
def test_python_default_is_the_literal(call: str) -> None:
    text = f"import os\nfrom anthropic import Anthropic\nc = Anthropic(base_url={call})\n"
    argument = base_url(python(text))
    assert (argument.env_var, argument.literal) == ("ANTHROPIC_BASE_URL", V1)
    assert argument.literal_span == at(2, *quoted_at(text, 2))
    assert argument.value_span == at(2, 23, 23 + len(call))


def test_python_default_through_a_module_constant() -> None:
    text = (
        "import os\nfrom anthropic import Anthropic\n\n"
        f'BASE_URL = os.getenv("ANTHROPIC_BASE_URL", "{V1}")\n\n'
        "client = Anthropic(base_url=BASE_URL)\n"
    )
    argument = base_url(python(text))
    assert (argument.env_var, argument.literal, argument.via_variable) == (
        "ANTHROPIC_BASE_URL",
        V1,
        "BASE_URL",
    )
    assert argument.literal_span == at(3, *quoted_at(text, 3))


@pytest.mark.parametrize(
    "call",
    [
        'os.getenv("ANTHROPIC_BASE_URL")',
        'os.getenv("ANTHROPIC_BASE_URL", FALLBACK)',
        'os.environ["ANTHROPIC_BASE_URL"]',
    ],
)
def test_python_no_literal_default(call: str) -> None:
    text = f"import os\nfrom anthropic import Anthropic\nc = Anthropic(base_url={call})\n"
    argument = base_url(python(text))
    assert argument.literal is None and argument.env_var == "ANTHROPIC_BASE_URL"


def test_python_and_is_not_a_default() -> None:
    text = (
        "import os\nfrom anthropic import Anthropic\n"
        'c = Anthropic(base_url=os.getenv("A") and "x")\n'
    )
    argument = base_url(python(text))
    assert argument.literal is None and argument.env_var is None


@pytest.mark.parametrize("operator", ["??", "||"])
def test_javascript_fallback_is_the_literal(operator: str) -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "const c = new Anthropic({ baseURL: "
        f'process.env.ANTHROPIC_BASE_URL {operator} "{V1}" }});\n'
    )
    argument = base_url(javascript(text))
    assert (argument.env_var, argument.literal) == ("ANTHROPIC_BASE_URL", V1)
    assert argument.literal_span == at(1, *quoted_at(text, 1))


def test_javascript_fallback_through_a_constant() -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        f'const BASE = process.env.ANTHROPIC_BASE_URL ?? "{V1}";\n'
        "const c = new Anthropic({ baseURL: BASE });\n"
    )
    argument = base_url(javascript(text))
    assert (argument.env_var, argument.literal, argument.via_variable) == (
        "ANTHROPIC_BASE_URL",
        V1,
        "BASE",
    )
    assert argument.literal_span == at(1, *quoted_at(text, 1))


def test_javascript_no_literal_fallback() -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "const c = new Anthropic({ baseURL: process.env.ANTHROPIC_BASE_URL ?? other });\n"
    )
    argument = base_url(javascript(text))
    assert argument.literal is None and argument.env_var == "ANTHROPIC_BASE_URL"


def test_python_config_dict_splat() -> None:
    text = (
        "import os\nfrom anthropic import Anthropic\n\n"
        "CONFIG = {\n"
        f'    "base_url": os.getenv("ANTHROPIC_BASE_URL", "{V1}"),\n'
        '    "api_key": os.environ["ANTHROPIC_API_KEY"],\n'
        '    "max_retries": 3,\n'
        "}\n"
        "client = Anthropic(**CONFIG, timeout=10)\n"
    )
    (client,) = python(text).code.clients
    names = [a.name for a in client.arguments]
    assert names == ["**", "base_url", "api_key", "max_retries", "timeout"]
    base = client.argument("base_url")
    assert base is not None
    assert (base.literal, base.env_var, base.via_variable) == (V1, "ANTHROPIC_BASE_URL", "CONFIG")
    assert base.name_span == at(4, 4, 14)
    assert base.literal_span == at(4, *quoted_at(text, 4))
    assert base.value_span == at(8, 21, 27)  # `CONFIG` in the call
    key = client.argument("api_key")
    assert key is not None and (key.literal, key.env_var) == (None, "ANTHROPIC_API_KEY")


def test_python_splat_of_an_unknown_mapping_stays_unknown() -> None:
    text = (
        "from anthropic import Anthropic\n"
        "def make(config):\n    return Anthropic(**config)\n"
        "c = Anthropic(**load_settings())\n"
    )
    clients = python(text).code.clients
    assert [[a.name for a in c.arguments] for c in clients] == [["**"], ["**"]]


SETTINGS = """\
from anthropic import Anthropic
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env"{prefix})

    anthropic_api_key: str
    anthropic_base_url: str = "{url}"


settings = Settings()
client = Anthropic(api_key=settings.anthropic_api_key, base_url=settings.anthropic_base_url)
"""


def test_pydantic_settings_field_default() -> None:
    text = SETTINGS.format(prefix="", url=V1)
    base = base_url(python(text))
    assert (base.literal, base.env_var, base.via_variable) == (
        V1,
        "ANTHROPIC_BASE_URL",
        "Settings.anthropic_base_url",
    )
    assert base.literal_span == at(8, *quoted_at(text, 8))
    (client,) = python(text).code.clients
    key = client.argument("api_key")
    assert key is not None and key.literal is None  # no default: nothing known


def test_pydantic_settings_env_prefix() -> None:
    text = SETTINGS.format(prefix=', env_prefix="APP_"', url=V1)
    assert base_url(python(text)).env_var == "APP_ANTHROPIC_BASE_URL"
    computed = SETTINGS.format(prefix=", env_prefix=PREFIX", url=V1)
    assert base_url(python(computed)).literal is None


def test_a_plain_class_is_not_settings() -> None:
    text = SETTINGS.format(prefix="", url=V1).replace("(BaseSettings)", "")
    assert base_url(python(text)).literal is None


FIELD_SETTINGS = """\
from anthropic import Anthropic
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_"{extra})

    anthropic_base_url: str = {field}


settings = Settings()
client = Anthropic(base_url=settings.anthropic_base_url)
"""


@pytest.mark.parametrize(
    ("field", "env_var"),
    [
        (f'Field(default="{V1}")', "APP_ANTHROPIC_BASE_URL"),
        (f'Field("{V1}", description="the gateway")', "APP_ANTHROPIC_BASE_URL"),
        # An alias is the variable's whole name: no env_prefix.
        (f'Field(default="{V1}", alias="ANTHROPIC_BASE_URL")', "ANTHROPIC_BASE_URL"),
        (f'Field("{V1}", validation_alias="gateway_url")', "GATEWAY_URL"),
        (f'Field(default="{V1}", validation_alias="GW_URL", alias="X")', "GW_URL"),
    ],
)
def test_pydantic_field_default(field: str, env_var: str) -> None:
    text = FIELD_SETTINGS.format(extra="", field=field)
    base = base_url(python(text))
    assert (base.literal, base.env_var, base.via_variable) == (
        V1,
        env_var,
        "Settings.anthropic_base_url",
    )
    assert base.literal_span == at(8, *quoted_at(text, 8))


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("Field(...)", ""),
        ('Field(..., alias="ANTHROPIC_BASE_URL")', ""),
        ("Field(default=None)", ""),
        (f'Field(default_factory=lambda: "{V1}")', ""),
        # Several names, or a name that depends on the pydantic version: not known.
        (f'Field("{V1}", validation_alias=AliasChoices("A", "B"))', ""),
        (f'Field("{V1}", env="ANTHROPIC_BASE_URL")', ""),
        (f'Field("{V1}", alias="ANTHROPIC_BASE_URL")', ", populate_by_name=True"),
        (f'Field(**{{"default": "{V1}"}})', ""),
        # Not pydantic's Field.
        (f'field("{V1}")', ""),
    ],
)
def test_pydantic_field_unknown(field: str, extra: str) -> None:
    text = FIELD_SETTINGS.format(extra=extra, field=field)
    assert base_url(python(text)).literal is None


def test_a_field_of_the_same_name_defined_here_is_not_pydantic() -> None:
    text = FIELD_SETTINGS.format(extra="", field=f'Field("{V1}")').replace(
        "from pydantic import AliasChoices, Field\n", "def Field(x):\n    return x\n"
    )
    assert base_url(python(text)).literal is None
