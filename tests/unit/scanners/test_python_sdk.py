"""The Python SDK scanner: clients, arguments, env reads and dotenv loads, with exact spans."""

from __future__ import annotations

import time

import pytest

from authlint.core.facts import CodeFacts, DotenvLoad, FileKind, SdkArgument, SdkClient
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners import python_sdk, scan
from keys import api_key


def facts(text: str) -> CodeFacts:
    result = scan(SourceFile(None, text), FileKind.PYTHON)
    assert result.kind is FileKind.PYTHON
    assert result.code is not None
    return result.code


def at(line: int, start: int, end: int) -> Span:
    return Span.at(line, start, end)


def client(text: str) -> SdkClient:
    found = facts(text).clients
    assert len(found) == 1, found
    return found[0]


def argument(text: str, name: str) -> SdkArgument:
    found = client(text).argument(name)
    assert found is not None
    return found


# --- which calls are SDK clients ---------------------------------------------------------

CLIENTS = [
    pytest.param(
        "import anthropic\nc = anthropic.Anthropic()\n",
        [("anthropic", "anthropic.Anthropic")],
        id="module-attribute",
    ),
    pytest.param(
        "import anthropic as ai\nc = ai.AsyncAnthropic()\n",
        [("anthropic", "ai.AsyncAnthropic")],
        id="module-alias",
    ),
    pytest.param(
        "from anthropic import Anthropic as A\nc = A()\n",
        [("anthropic", "A")],
        id="from-import-alias",
    ),
    pytest.param(
        "from anthropic import AnthropicBedrock, AnthropicVertex\n"
        "b = AnthropicBedrock()\nv = AnthropicVertex()\n",
        [("anthropic", "AnthropicBedrock"), ("anthropic", "AnthropicVertex")],
        id="cloud-clients",
    ),
    pytest.param(
        "from anthropic import Client, AsyncClient\na = Client()\nb = AsyncClient()\n",
        [("anthropic", "Client"), ("anthropic", "AsyncClient")],
        id="client-aliases-exported-by-the-sdk",
    ),
    pytest.param(
        "from anthropic import *\nc = Anthropic()\n",
        [("anthropic", "Anthropic")],
        id="star-import",
    ),
    pytest.param(
        "import anthropic.lib.bedrock\nc = anthropic.lib.bedrock.AnthropicBedrock()\n",
        [("anthropic", "anthropic.lib.bedrock.AnthropicBedrock")],
        id="submodule-path",
    ),
    pytest.param(
        "def make():\n    from anthropic import Anthropic\n    return Anthropic()\n",
        [("anthropic", "Anthropic")],
        id="function-level-import",
    ),
    pytest.param(
        "try:\n    from anthropic import Anthropic\nexcept ImportError:\n    Anthropic = None\n"
        "c = Anthropic()\n",
        [("anthropic", "Anthropic")],
        id="optional-import-fallback-is-still-the-sdk",
    ),
    pytest.param(
        "from langchain_anthropic import ChatAnthropic\nm = ChatAnthropic(model='x')\n",
        [("langchain", "ChatAnthropic")],
        id="langchain",
    ),
    pytest.param(
        "import langchain_anthropic as la\nm = la.ChatAnthropic()\n",
        [("langchain", "la.ChatAnthropic")],
        id="langchain-module-alias",
    ),
    pytest.param(
        "from langchain_community.chat_models import ChatAnthropic\nm = ChatAnthropic()\n",
        [("langchain", "ChatAnthropic")],
        id="langchain-community-copy",
    ),
    pytest.param(
        "import anthropic\nimport os\n"
        "sync = anthropic.Anthropic()\nasync_ = anthropic.AsyncAnthropic()\n",
        [("anthropic", "anthropic.Anthropic"), ("anthropic", "anthropic.AsyncAnthropic")],
        id="several-in-file-order",
    ),
    # look-alikes: not the SDK
    pytest.param(
        "import anthropic\nclass Anthropic:\n    pass\nc = Anthropic()\n",
        [],
        id="local-class-named-Anthropic",
    ),
    pytest.param(
        "from anthropic import Anthropic\nclass Anthropic:\n    pass\nc = Anthropic()\n",
        [],
        id="import-shadowed-by-local-class",
    ),
    pytest.param(
        "from anthropic import Anthropic\ndef Anthropic(**kw):\n    return kw\nc = Anthropic()\n",
        [],
        id="import-shadowed-by-local-function",
    ),
    pytest.param("c = Anthropic(api_key='x')  # anthropic\n", [], id="no-import"),
    pytest.param("c = anthropic.Anthropic()\n", [], id="module-not-imported"),
    pytest.param(
        "from mylib.anthropic_compat import Anthropic\nc = Anthropic()\n",
        [],
        id="same-name-from-another-package",
    ),
    pytest.param(
        "import anthropic\nm = anthropic.types.Message()\nc = anthropic.Anthropic\n",
        [],
        id="other-sdk-classes-and-uncalled-reference",
    ),
    pytest.param(
        '"""Create it with anthropic.Anthropic(api_key="sk-ant-...")."""\nimport anthropic\n',
        [],
        id="docstring-mention",
    ),
    pytest.param(
        "import anthropic\n# client = anthropic.Anthropic(api_key='x')\n",
        [],
        id="commented-out",
    ),
    pytest.param(
        "from openai import OpenAI\nimport anthropic\nc = OpenAI(api_key='x')\n",
        [],
        id="other-vendor-client",
    ),
    pytest.param(
        "from . import anthropic\nc = anthropic.Anthropic()\n",
        [],
        id="relative-import-is-a-local-module",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CLIENTS)
def test_clients(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.family, c.constructor) for c in facts(text).clients] == expected


def test_client_span_covers_the_call() -> None:
    found = client("import anthropic\nc = anthropic.Anthropic(\n    timeout=3,\n)\n")
    assert found.span == Span(at(1, 4, 4).start, at(3, 0, 1).end)


# --- arguments ------------------------------------------------------------------------


def test_arguments_exact() -> None:
    key = api_key()
    text = (
        "import os\nfrom anthropic import Anthropic\n"
        f'c = Anthropic(api_key="{key}", base_url=os.environ["ANTHROPIC_BASE_URL"],'
        " max_retries=0, strict=False)\n"
    )
    line = text.splitlines()[2]
    key_at = line.index('"')
    found = client(text)
    assert found.arguments == (
        SdkArgument(
            name="api_key",
            name_span=at(2, 14, 21),
            value_span=at(2, key_at, key_at + len(key) + 2),
            literal=key,
            literal_span=at(2, key_at, key_at + len(key) + 2),
        ),
        SdkArgument(
            name="base_url",
            name_span=at(2, line.index("base_url"), line.index("base_url") + 8),
            value_span=at(2, line.index("os.environ"), line.index("],") + 1),
            env_var="ANTHROPIC_BASE_URL",
        ),
        SdkArgument(
            name="max_retries",
            name_span=at(2, line.index("max_retries"), line.index("max_retries") + 11),
            value_span=at(2, line.index("=0") + 1, line.index("=0") + 2),
        ),
        SdkArgument(
            name="strict",
            name_span=at(2, line.index("strict"), line.index("strict") + 6),
            value_span=at(2, line.index("False"), line.index("False") + 5),
            literal=False,
            literal_span=at(2, line.index("False"), line.index("False") + 5),
        ),
    )
    assert found.argument("auth_token", "api_key") is found.arguments[0]


def test_spans_are_code_points_not_utf8_bytes() -> None:
    text = 'import anthropic\nc = anthropic.Anthropic(default_headers={"é": "…"}, api_key="k")\n'
    arg = argument(text, "api_key")
    line = text.splitlines()[1]
    assert arg.name_span == at(1, line.index("api_key"), line.index("api_key") + 7)
    assert arg.value_span == at(1, line.index('"k"'), line.index('"k"') + 3)


def test_dictionary_splat_is_reported() -> None:
    text = "import anthropic\nc = anthropic.Anthropic(**settings, api_key=k)\n"
    found = client(text)
    assert [a.name for a in found.arguments] == ["**", "api_key"]
    assert found.arguments[0].name_span == at(1, 24, 26)
    assert found.arguments[0].value_span == at(1, 26, 34)
    assert found.arguments[0].literal is None


STRINGS = [
    pytest.param('"plain"', "plain", id="double"),
    pytest.param("'single'", "single", id="single"),
    pytest.param('"tab\\t"', "tab\t", id="escape-applied"),
    pytest.param('r"raw\\t"', "raw\\t", id="raw-keeps-backslash"),
    pytest.param('"""triple"""', "triple", id="triple"),
    pytest.param('"con" "cat"', "concat", id="implicit-concatenation"),
    pytest.param('("multi"\n    "line")', "multiline", id="parenthesised-concatenation"),
    pytest.param('f"no-placeholders"', "no-placeholders", id="f-string-literal"),
    pytest.param('f"{{braces}}"', "{braces}", id="f-string-escaped-braces"),
    pytest.param('"a" f"b"', "ab", id="concat-with-plain-f-string"),
    pytest.param("True", True, id="true"),
    pytest.param("False", False, id="false"),
    pytest.param('f"sk-{suffix}"', None, id="f-string-placeholder"),
    pytest.param('b"bytes"', None, id="bytes"),
    pytest.param('"a" + "b"', None, id="binary-operation"),
    pytest.param("None", None, id="none"),
    pytest.param("42", None, id="number"),
    pytest.param('get_key("x")', None, id="call"),
    pytest.param('os.environ["K"].strip()', None, id="method-on-env-read"),
]


@pytest.mark.parametrize(("expression", "expected"), STRINGS)
def test_literal_values(expression: str, expected: str | bool | None) -> None:
    text = f"import os, anthropic\nc = anthropic.Anthropic(api_key={expression})\n"
    arg = argument(text, "api_key")
    assert arg.literal == expected
    assert arg.via_variable == ""
    if expected is None:
        assert arg.literal_span is None
    else:
        assert arg.literal_span is not None
        assert arg.value_span.contains(arg.literal_span)
        lines = text.splitlines()
        start, end = arg.literal_span.start, arg.literal_span.end
        assert lines[start.line][start.character] in "\"'rfbTF"
        assert lines[end.line][end.character - 1] in "\"'e"


ENV_ARGUMENTS = [
    pytest.param('os.environ["ANTHROPIC_API_KEY"]', "ANTHROPIC_API_KEY", id="subscript"),
    pytest.param("os.environ.get('ANTHROPIC_API_KEY')", "ANTHROPIC_API_KEY", id="environ-get"),
    pytest.param('os.environ.get("K", "fallback")', "K", id="environ-get-default"),
    pytest.param('os.getenv("K")', "K", id="getenv"),
    pytest.param('os.getenv(key="K")', "K", id="getenv-keyword"),
    pytest.param('(os.getenv("K"))', "K", id="parenthesised"),
    pytest.param('os.getenv("K") or "x"', "K", id="fallback-expression"),
    pytest.param("os.getenv(NAME)", None, id="computed-name"),
    pytest.param('os.getenv(f"{P}_KEY")', None, id="f-string-name"),
    pytest.param('config["ANTHROPIC_API_KEY"]', None, id="other-mapping"),
]


@pytest.mark.parametrize(("expression", "expected"), ENV_ARGUMENTS)
def test_env_var_arguments(expression: str, expected: str | None) -> None:
    text = f"import os, anthropic\nc = anthropic.Anthropic(api_key={expression})\n"
    arg = argument(text, "api_key")
    assert arg.env_var == expected
    # A string default is what the client gets when the variable is unset (carriers, D).
    defaults = {'"fallback"': "fallback", '"x"': "x"}
    assert arg.literal == next((v for k, v in defaults.items() if k in expression), None)


def test_env_reads_through_import_aliases() -> None:
    text = (
        "import os as o\nfrom os import environ as env, getenv\nimport anthropic\n"
        "a = anthropic.Anthropic(\n"
        "    api_key=o.environ['A'], base_url=env['B'], auth_token=getenv('C'))\n"
    )
    found = client(text)
    assert [(a.name, a.env_var) for a in found.arguments] == [
        ("api_key", "A"),
        ("base_url", "B"),
        ("auth_token", "C"),
    ]


# --- a name bound once to a literal ------------------------------------------------------

BINDINGS = [
    pytest.param('KEY = "v"\nc = anthropic.Anthropic(api_key=KEY)\n', "v", 0, id="module-once"),
    pytest.param('KEY: str = "v"\nc = anthropic.Anthropic(api_key=KEY)\n', "v", 0, id="annotated"),
    pytest.param('A = KEY = "v"\nc = anthropic.Anthropic(api_key=KEY)\n', "v", 0, id="chained"),
    pytest.param(
        'KEY = "v"\ndef f():\n    return anthropic.Anthropic(api_key=KEY)\n',
        "v",
        0,
        id="module-name-used-in-function",
    ),
    pytest.param(
        'KEY = "m"\ndef f():\n    KEY = "f"\n    return anthropic.Anthropic(api_key=KEY)\n',
        "f",
        2,
        id="function-local-shadows-module",
    ),
    pytest.param(
        'if (KEY := "v"):\n    c = anthropic.Anthropic(api_key=KEY)\n',
        "v",
        0,
        id="walrus",
    ),
    pytest.param(
        'KEY = "a"\nKEY = "b"\nc = anthropic.Anthropic(api_key=KEY)\n', None, None, id="twice"
    ),
    pytest.param(
        'KEY = "a"\nKEY += "b"\nc = anthropic.Anthropic(api_key=KEY)\n',
        None,
        None,
        id="augmented",
    ),
    pytest.param(
        'KEY, OTHER = "a", "b"\nc = anthropic.Anthropic(api_key=KEY)\n',
        None,
        None,
        id="tuple-unpacking",
    ),
    pytest.param(
        'KEY = "a"\nfor KEY in keys:\n    c = anthropic.Anthropic(api_key=KEY)\n',
        None,
        None,
        id="rebound-by-loop",
    ),
    pytest.param(
        'KEY = "a"\ndef f(KEY):\n    return anthropic.Anthropic(api_key=KEY)\n',
        None,
        None,
        id="parameter",
    ),
    pytest.param(
        'def f(KEY="a"):\n    return anthropic.Anthropic(api_key=KEY)\n',
        None,
        None,
        id="parameter-default-is-not-a-binding",
    ),
    pytest.param(
        'class C:\n    KEY = "a"\n    def f(self):\n'
        "        return anthropic.Anthropic(api_key=KEY)\n",
        None,
        None,
        id="class-attribute-not-visible-in-method",
    ),
    pytest.param(
        'KEY = "m"\ndef f():\n    global KEY\n    return anthropic.Anthropic(api_key=KEY)\n',
        "m",
        0,
        id="global-declaration",
    ),
    pytest.param("c = anthropic.Anthropic(api_key=KEY)\n", None, None, id="unbound"),
]


@pytest.mark.parametrize(("body", "literal", "line"), BINDINGS)
def test_name_bound_once(body: str, literal: str | None, line: int | None) -> None:
    text = "import anthropic\n" + body
    arg = argument(text, "api_key")
    assert arg.literal == literal
    if literal is None:
        assert (arg.literal_span, arg.via_variable) == (None, "")
        return
    assert line is not None
    assert arg.via_variable == "KEY"
    source_line = text.splitlines()[line + 1]
    quote = source_line.index(f'"{literal}"')
    assert arg.literal_span == at(line + 1, quote, quote + len(literal) + 2)
    call_line = text.splitlines()[arg.value_span.start.line]
    assert call_line[arg.value_span.start.character : arg.value_span.end.character] == "KEY"


def test_name_bound_once_to_env_read() -> None:
    text = (
        "import os\nfrom anthropic import Anthropic\n"
        "def make():\n    token = os.environ.get('ANTHROPIC_AUTH_TOKEN')\n"
        "    return Anthropic(auth_token=token)\n"
    )
    arg = argument(text, "auth_token")
    assert (arg.env_var, arg.via_variable, arg.literal, arg.literal_span) == (
        "ANTHROPIC_AUTH_TOKEN",
        "token",
        None,
        None,
    )


def test_key_in_docstring_is_not_an_argument() -> None:
    key = api_key("doc")
    text = (
        f'"""Example: Anthropic(api_key="{key}")."""\n'
        "import os, anthropic\n"
        'c = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n'
    )
    arg = argument(text, "api_key")
    assert (arg.literal, arg.env_var) == (None, "ANTHROPIC_API_KEY")


# --- environment reads -------------------------------------------------------------------

ENV_READS = [
    pytest.param('import os\nx = os.environ["ANTHROPIC_API_KEY"]\n', [("ANTHROPIC_API_KEY", 1)]),
    pytest.param(
        "import os\nx = os.environ.get('CLAUDE_CODE_OAUTH_TOKEN')\n",
        [("CLAUDE_CODE_OAUTH_TOKEN", 1)],
    ),
    pytest.param(
        'import os\nx = os.getenv("ANTHROPIC_BASE_URL", "")\n', [("ANTHROPIC_BASE_URL", 1)]
    ),
    pytest.param(
        'from os import getenv\nif getenv("ANTHROPIC_API_KEY"):\n    pass\n',
        [("ANTHROPIC_API_KEY", 1)],
    ),
    pytest.param(
        'import os\na = os.getenv("A")\nb = os.environ["B"]\n# os.getenv("ANTHROPIC_C")\n',
        [("A", 1), ("B", 2)],
        id="in-order-comments-skipped",
    ),
    pytest.param('import os\nos.environ["ANTHROPIC_API_KEY"] = "x"\n', [], id="write"),
    pytest.param('import os\nos.environ["ANTHROPIC_API_KEY"] += "x"\n', [], id="augmented-write"),
    pytest.param('import os\ndel os.environ["ANTHROPIC_API_KEY"]\n', [], id="delete"),
    pytest.param('import os\nok = "ANTHROPIC_API_KEY" in os.environ\n', [], id="membership"),
    pytest.param("import os\nx = os.environ[name]  # ANTHROPIC\n", [], id="computed-name"),
    pytest.param('import os\nx = os.environ[b"ANTHROPIC"]\n', [], id="bytes-name"),
    pytest.param('x = settings.get("ANTHROPIC_API_KEY")\n', [], id="other-get"),
    pytest.param('x = getenv("ANTHROPIC_API_KEY")\n', [], id="getenv-not-imported"),
]


@pytest.mark.parametrize(("text", "expected"), ENV_READS)
def test_env_reads(text: str, expected: list[tuple[str, int]]) -> None:
    reads = facts(text).env_reads
    assert [(r.name, r.name_span.start.line) for r in reads] == expected
    for read in reads:
        line = text.splitlines()[read.name_span.start.line]
        start, end = read.name_span.start.character, read.name_span.end.character
        assert line[start:end] == read.name
        assert line[start - 1] in "\"'" and line[end] in "\"'"


def test_env_read_spans_exact() -> None:
    text = 'import os\nk = "é" + os.environ.get("ANTHROPIC_API_KEY", "")\n'
    (read,) = facts(text).env_reads
    assert read.name_span == at(1, 26, 43)
    assert read.span == at(1, 10, 49)


# --- dotenv ------------------------------------------------------------------------------

DOTENV = [
    pytest.param("from dotenv import load_dotenv\nload_dotenv()\n", [("load_dotenv", False)]),
    pytest.param(
        "from dotenv import load_dotenv\nload_dotenv(override=True)\n", [("load_dotenv", True)]
    ),
    pytest.param(
        "from dotenv import load_dotenv\nload_dotenv('.env', override=False)\n",
        [("load_dotenv", False)],
    ),
    pytest.param(
        "from dotenv import load_dotenv\nload_dotenv(override=FLAG)\n", [("load_dotenv", None)]
    ),
    pytest.param(
        "from dotenv import load_dotenv\nload_dotenv(None, None, False, True)\n",
        [("load_dotenv", True)],
        id="override-positional",
    ),
    pytest.param(
        "from dotenv import load_dotenv\nload_dotenv(**options)\n",
        [("load_dotenv", None)],
        id="splat-may-set-override",
    ),
    pytest.param(
        "from dotenv import load_dotenv, find_dotenv\nload_dotenv(find_dotenv())\n",
        [("load_dotenv", False)],
        id="find-dotenv-wrapped",
    ),
    pytest.param(
        "from dotenv import load_dotenv, find_dotenv\n"
        "load_dotenv(dotenv_path=find_dotenv(usecwd=True), override=True)\n",
        [("load_dotenv", True)],
        id="find-dotenv-keyword",
    ),
    pytest.param("import dotenv\ndotenv.load_dotenv()\n", [("dotenv.load_dotenv", False)]),
    pytest.param(
        "from dotenv import load_dotenv as ld\nld(override=True)\n", [("ld", True)], id="alias"
    ),
    pytest.param("from dotenv import dotenv_values\nv = dotenv_values()\n", [], id="values-only"),
    pytest.param("def load_dotenv():\n    pass\nload_dotenv()  # dotenv\n", [], id="local-def"),
]


@pytest.mark.parametrize(("text", "expected"), DOTENV)
def test_dotenv_loads(text: str, expected: list[tuple[str, bool | None]]) -> None:
    assert [(d.call, d.override) for d in facts(text).dotenv_loads] == expected


def test_dotenv_load_span() -> None:
    text = "import dotenv\n\ndotenv.load_dotenv(\n    override=True,\n)\n"
    assert facts(text).dotenv_loads == [
        DotenvLoad("dotenv.load_dotenv", Span(at(2, 0, 0).start, at(4, 0, 1).end), True)
    ]


# --- imports -----------------------------------------------------------------------------


def test_imports_are_top_level_names() -> None:
    text = (
        "import os, sys as system\nimport anthropic.types\nfrom dotenv import load_dotenv\n"
        "from langchain_anthropic.chat_models import ChatAnthropic\nfrom . import local\n"
        "from .pkg import thing\n"
    )
    assert facts(text).imports == {"os", "sys", "anthropic", "dotenv", "langchain_anthropic"}


# --- half-typed code ---------------------------------------------------------------------

HALF_TYPED = [
    pytest.param(
        'import anthropic\nclient = anthropic.Anthropic(api_key="k", base_url=\n',
        [("api_key", "k")],
        id="typing-next-argument",
    ),
    pytest.param(
        'from anthropic import Anthropic\nclient = Anthropic(\n    api_key="k",\n'
        '    base_url="https://gw.example"\n',
        [("api_key", "k"), ("base_url", "https://gw.example")],
        id="closing-paren-missing",
    ),
    pytest.param(
        'import anthropic\ndef broken(:\n    pass\nclient = anthropic.Anthropic(api_key="k")\n',
        [("api_key", "k")],
        id="error-elsewhere",
    ),
    pytest.param(
        'import anthropic\nclient = anthropic.Anthropic(api_key="k")\nif x\n    y = (\n',
        [("api_key", "k")],
        id="error-after",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HALF_TYPED)
def test_half_typed_code(text: str, expected: list[tuple[str, str]]) -> None:
    found = client(text)
    assert [(a.name, a.literal) for a in found.arguments] == expected


def test_half_typed_dotenv_load() -> None:
    assert facts("from dotenv import load_dotenv\nload_dotenv(override=True\n").dotenv_loads == [
        DotenvLoad("load_dotenv", at(1, 0, 25), True)
    ]


# --- fast path ---------------------------------------------------------------------------


class _ExplodingParser:
    def parse(self, data: bytes) -> None:
        raise AssertionError("parsed")


def test_fast_path_skips_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python_sdk, "_parser", _ExplodingParser)
    broken = "def f(:\n    x = os.environ['OPENAI_API_KEY'\n" * 2000
    started = time.perf_counter()
    assert facts(broken) == CodeFacts(parsed=False)
    assert time.perf_counter() - started < 0.5
    # a trigger word anywhere (even in a comment) means the file is parsed
    with pytest.raises(AssertionError, match="parsed"):
        facts("# uses ANTHROPIC_API_KEY\n")


@pytest.mark.parametrize(
    "word", ["anthropic", "ANTHROPIC", "ChatAnthropic", "CLAUDE", "dotenv", "sk-ant-"]
)
def test_each_trigger_word_parses(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python_sdk, "_parser", _ExplodingParser)
    with pytest.raises(AssertionError, match="parsed"):
        facts(f"x = 1  # {word}\n")


def test_empty_and_binary_ish_input() -> None:
    assert facts("") == CodeFacts(parsed=False)
    assert facts("\x00anthropic\udcff(\n") == CodeFacts()


def test_very_long_attribute_chains_do_not_crash() -> None:
    chain = ".".join(["a"] * 3000)
    text = f"import anthropic\n{chain}()\nc = anthropic.Anthropic(api_key={chain})\n"
    assert [a.literal for a in client(text).arguments] == [None]


# --- a module's constant read as an attribute ------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "expression", "expected"),
    [
        ("from . import config", "config.BASE_URL", ".config:BASE_URL"),
        ("from .settings import config", "config.BASE_URL", ".settings.config:BASE_URL"),
        ("from app import config", "config.BASE_URL", "app.config:BASE_URL"),
        ("from .. import config as cfg", "cfg.BASE_URL", "..config:BASE_URL"),
        ("import config", "config.BASE_URL", "config:BASE_URL"),
        ("import app.config as cfg", "cfg.BASE_URL", "app.config:BASE_URL"),
        ("import app.config", "app.config.BASE_URL", "app.config:BASE_URL"),
        # Reassigned here, rebound, or imported inside a function: not the module's constant.
        ("import config\nconfig.BASE_URL = URL", "config.BASE_URL", ""),
        ("import config\nconfig.BASE_URL, x = URL, 1", "config.BASE_URL", ""),
        ("import config\nconfig = load()", "config.BASE_URL", ""),
        ("def setup():\n    import config", "config.BASE_URL", ""),
        ("", "config.BASE_URL", ""),
    ],
)
def test_module_attribute_imported_from(imports: str, expression: str, expected: str) -> None:
    text = (
        f"from anthropic import Anthropic\n{imports}\n\nclient = Anthropic(base_url={expression})\n"
    )
    found = argument(text, "base_url")
    assert found.imported_from == expected
    assert found.literal is None


def test_module_attribute_shadowed_by_a_parameter() -> None:
    text = (
        "from anthropic import Anthropic\n"
        "from . import config\n\n"
        "def make(config):\n"
        "    return Anthropic(base_url=config.BASE_URL)\n"
    )
    assert argument(text, "base_url").imported_from == ""
