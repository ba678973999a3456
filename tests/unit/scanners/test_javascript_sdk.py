"""The JavaScript/TypeScript SDK scanner: clients, options, env reads, dotenv loads, exact spans."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from authlint.core.facts import CodeFacts, DotenvLoad, EnvRead, FileKind, SdkArgument, SdkClient
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners import javascript_sdk, scan
from keys import api_key


def facts(text: str, name: str = "client.ts") -> CodeFacts:
    result = scan(SourceFile(Path(name), text), FileKind.JAVASCRIPT)
    assert result.kind is FileKind.JAVASCRIPT
    assert result.code is not None
    return result.code


def at(line: int, start: int, end: int) -> Span:
    return Span.at(line, start, end)


def client(text: str, name: str = "client.ts") -> SdkClient:
    found = facts(text, name).clients
    assert len(found) == 1, found
    return found[0]


def argument(text: str, name: str, file: str = "client.ts") -> SdkArgument:
    found = client(text, file).argument(name)
    assert found is not None
    return found


def col(text: str, line: int, needle: str) -> tuple[int, int]:
    start = text.splitlines()[line].index(needle)
    return start, start + len(needle)


SDK = '"@anthropic-ai/sdk"'

CLIENTS = [
    pytest.param(
        f"import Anthropic from {SDK};\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="default-import",
    ),
    pytest.param(
        f"import Claude from {SDK};\nconst c = new Claude({{}});\n",
        [("anthropic", "Claude")],
        id="default-import-any-name",
    ),
    pytest.param(
        f"import {{ Anthropic as A }} from {SDK};\nconst c = new A();\n",
        [("anthropic", "A")],
        id="named-import-alias",
    ),
    pytest.param(
        f"import * as sdk from {SDK};\nnew sdk.Anthropic();\nnew sdk.default();\n",
        [("anthropic", "sdk.Anthropic"), ("anthropic", "sdk.default")],
        id="namespace-import",
    ),
    pytest.param(
        f"const Anthropic = require({SDK});\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="require",
    ),
    pytest.param(
        f"const {{ Anthropic }} = require({SDK});\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="require-destructured",
    ),
    pytest.param(
        f"const {{ default: AI }} = require({SDK});\nconst c = new AI();\n",
        [("anthropic", "AI")],
        id="require-default-renamed",
    ),
    pytest.param(
        f"const Anthropic = require({SDK}).default;\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="require-dot-default",
    ),
    pytest.param(
        f"import Anthropic = require({SDK});\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="import-equals-require",
    ),
    pytest.param(
        f"const {{ default: Anthropic }} = await import({SDK});\nconst c = new Anthropic();\n",
        [("anthropic", "Anthropic")],
        id="dynamic-import",
    ),
    pytest.param(
        f"const c = new (require({SDK}))();\n",
        [("anthropic", '(require("@anthropic-ai/sdk"))')],
        id="inline-require",
    ),
    pytest.param(
        'import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";\n'
        'import { AnthropicVertex } from "@anthropic-ai/vertex-sdk";\n'
        "new AnthropicBedrock();\nnew AnthropicVertex();\n",
        [("anthropic", "AnthropicBedrock"), ("anthropic", "AnthropicVertex")],
        id="cloud-clients",
    ),
    pytest.param(
        'import { createAnthropic } from "@ai-sdk/anthropic";\n'
        "const provider = createAnthropic({});\n",
        [("ai-sdk", "createAnthropic")],
        id="ai-sdk",
    ),
    pytest.param(
        'import { ChatAnthropic } from "@langchain/anthropic";\nconst m = new ChatAnthropic({});\n',
        [("langchain", "ChatAnthropic")],
        id="langchain",
    ),
    pytest.param(
        f"import Anthropic from {SDK};\nexport default new Anthropic();\n"
        f"module.exports = new Anthropic();\n",
        [("anthropic", "Anthropic"), ("anthropic", "Anthropic")],
        id="exported-instances",
    ),
    # look-alikes
    pytest.param("class Anthropic {}\nconst c = new Anthropic({ apiKey: 'x' });\n", [], id="local"),
    pytest.param(
        f"import Anthropic from {SDK};\nclass Anthropic {{}}\nnew Anthropic();\n",
        [],
        id="import-shadowed-by-class",
    ),
    pytest.param("const c = new Anthropic({ apiKey: 'x' });\n", [], id="no-import"),
    pytest.param(
        'import Anthropic from "./anthropic";\nconst c = new Anthropic();\n', [], id="local-module"
    ),
    pytest.param(
        f"import Anthropic from {SDK};\nconst c = Anthropic({{}});\n",
        [],
        id="class-called-without-new",
    ),
    pytest.param(
        f"import {{ APIError }} from {SDK};\nthrow new APIError();\n", [], id="other-sdk-class"
    ),
    pytest.param(
        'import { anthropic } from "@ai-sdk/anthropic";\nconst m = anthropic("claude");\n',
        [],
        id="ai-sdk-default-provider-is-not-a-construction",
    ),
    pytest.param(
        f"import Anthropic from {SDK};\n// const c = new Anthropic({{ apiKey: 'x' }});\n"
        "/* new Anthropic() */\nconst s = 'new Anthropic()';\n",
        [],
        id="comments-and-strings",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CLIENTS)
def test_clients(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.family, c.constructor) for c in facts(text).clients] == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.ts", "const f = <T,>(x: T): T => x;\nconst n = <number>value;\n"),
        ("a.mts", "let x: Record<string, string> = {};\n"),
        ("a.cts", "let x = y satisfies Z;\n"),
        ("a.tsx", "const el = <Foo bar={1} />;\n"),
        ("a.js", "const el = <div>{x}</div>;\n"),
        ("a.jsx", "const el = <div>{x}</div>;\n"),
        ("a.mjs", "export const x = 1;\n"),
        ("a.cjs", "module.exports = {};\n"),
    ],
)
def test_each_suffix_gets_a_grammar_that_parses_it(name: str, text: str) -> None:
    body = f"import Anthropic from {SDK};\n{text}const c = new Anthropic({{ apiKey: 'k' }});\n"
    arg = argument(body, "apiKey", name)
    assert arg.literal == "k"


@pytest.mark.parametrize(
    ("path", "grammar"),
    [
        (Path("a.ts"), "typescript"),
        (Path("a.MTS"), "typescript"),
        (Path("a.tsx"), "tsx"),
        (Path("a.jsx"), "javascript"),
        (Path("a.cjs"), "javascript"),
        (None, "tsx"),
    ],
)
def test_grammar_for(path: Path | None, grammar: str) -> None:
    assert javascript_sdk.grammar_for(path) == grammar


# --- options ----------------------------------------------------------------------------


def test_options_exact() -> None:
    key = api_key()
    text = (
        f"import Anthropic from {SDK};\n"
        "const c = new Anthropic({\n"
        f'  apiKey: "{key}",\n'
        "  baseURL: process.env.ANTHROPIC_BASE_URL,\n"
        "  dangerouslyAllowBrowser: true,\n"
        "  maxRetries: 0,\n"
        "});\n"
    )
    found = client(text)
    assert found.span == Span(at(1, 10, 10).start, at(6, 0, 2).end)
    assert found.arguments == (
        SdkArgument(
            "apiKey",
            at(2, 2, 8),
            at(2, 10, 12 + len(key)),
            key,
            at(2, 10, 12 + len(key)),
        ),
        SdkArgument("baseURL", at(3, 2, 9), at(3, 11, 41), env_var="ANTHROPIC_BASE_URL"),
        SdkArgument("dangerouslyAllowBrowser", at(4, 2, 25), at(4, 27, 31), True, at(4, 27, 31)),
        SdkArgument("maxRetries", at(5, 2, 12), at(5, 14, 15)),
    )


def test_spans_are_code_points() -> None:
    text = (
        f"import A from {SDK};\n"
        'const c = new A({ defaultHeaders: { "x": "é…" }, apiKey: "k" });\n'
    )
    arg = argument(text, "apiKey")
    assert arg.name_span == at(1, *col(text, 1, "apiKey"))
    assert arg.value_span == at(1, *col(text, 1, '"k"'))


LITERALS = [
    pytest.param('"plain"', "plain", id="double"),
    pytest.param("'single'", "single", id="single"),
    pytest.param("`template`", "template", id="template-without-substitution"),
    pytest.param('"a\\tb\\n"', "a\tb\n", id="escape"),
    pytest.param('"\\x41\\u0042\\u{43}"', "ABC", id="hex-unicode-escapes"),
    pytest.param("'it\\'s'", "it's", id="escaped-quote"),
    pytest.param('"\\uD83D\\uDE00"', "\U0001f600", id="surrogate-pair"),
    pytest.param("true", True, id="true"),
    pytest.param("false", False, id="false"),
    pytest.param('("paren")', "paren", id="parenthesised"),
    pytest.param('"k" as string', "k", id="as-expression"),
    pytest.param("`sk-${suffix}`", None, id="template-substitution"),
    pytest.param('"a" + "b"', None, id="concatenation"),
    pytest.param("getKey()", None, id="call"),
    pytest.param("null", None, id="null"),
    # The fallback is what the client gets when K is unset (carriers, D).
    pytest.param('process.env.K ?? "fallback"', "fallback", id="nullish-fallback"),
]


@pytest.mark.parametrize(("expression", "expected"), LITERALS)
def test_literal_values(expression: str, expected: str | bool | None) -> None:
    text = f"import A from {SDK};\nconst c = new A({{ apiKey: {expression} }});\n"
    arg = argument(text, "apiKey")
    assert arg.literal == expected
    if expected is None:
        assert arg.literal_span is None
    else:
        assert arg.literal_span is not None
        assert arg.value_span.contains(arg.literal_span)


ENV = [
    pytest.param("process.env.ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", id="member"),
    pytest.param('process.env["ANTHROPIC_API_KEY"]', "ANTHROPIC_API_KEY", id="subscript"),
    pytest.param("process.env.ANTHROPIC_API_KEY!", "ANTHROPIC_API_KEY", id="non-null"),
    pytest.param("process.env.ANTHROPIC_API_KEY as string", "ANTHROPIC_API_KEY", id="as"),
    pytest.param("import.meta.env.VITE_ANTHROPIC_KEY", "VITE_ANTHROPIC_KEY", id="import-meta"),
    pytest.param("process.env[name]", None, id="computed"),
    pytest.param("process.env.K?.trim()", None, id="method-call"),
    pytest.param("config.env.K", None, id="other-object"),
]


@pytest.mark.parametrize(("expression", "expected"), ENV)
def test_env_options(expression: str, expected: str | None) -> None:
    text = f"import A from {SDK};\nconst c = new A({{ apiKey: {expression} }});\n"
    arg = argument(text, "apiKey")
    assert (arg.env_var, arg.literal) == (expected, None)


def test_shorthand_and_bindings() -> None:
    text = (
        f"import Anthropic from {SDK};\n"
        'const apiKey = "k";\n'
        "const authToken = process.env.ANTHROPIC_AUTH_TOKEN;\n"
        'let baseURL = "a";\nbaseURL = "b";\n'
        "function make(timeout) {\n"
        "  return new Anthropic({ apiKey, authToken, baseURL, timeout });\n"
        "}\n"
    )
    found = client(text)
    api, auth, base, timeout = found.arguments
    assert api == SdkArgument(
        "apiKey",
        at(6, *col(text, 6, "apiKey")),
        at(6, *col(text, 6, "apiKey")),
        "k",
        at(1, 15, 18),
        via_variable="apiKey",
    )
    assert (auth.env_var, auth.via_variable) == ("ANTHROPIC_AUTH_TOKEN", "authToken")
    assert (base.literal, base.via_variable) == (None, "")  # bound twice
    assert (timeout.literal, timeout.env_var) == (None, None)  # a parameter


BINDINGS = [
    pytest.param('const K = "v";\n', "v", id="const"),
    pytest.param('var K = "v";\n', "v", id="var"),
    pytest.param('let K: string = "v";\n', "v", id="annotated"),
    pytest.param("const K = `v`;\n", "v", id="template"),
    pytest.param('let K = "a";\nK = "b";\n', None, id="reassigned"),
    pytest.param('let K = "a";\nK += "b";\n', None, id="augmented"),
    pytest.param("let K;\n", None, id="declared-without-value"),
    pytest.param('const { K } = { K: "v" };\n', None, id="destructured"),
    pytest.param('if (a) { const K = "a"; } else { const K = "b"; }\n', None, id="two-blocks"),
]


@pytest.mark.parametrize(("binding", "literal"), BINDINGS)
def test_identifier_bound_once(binding: str, literal: str | None) -> None:
    text = f"import A from {SDK};\n{binding}const c = new A({{ apiKey: K }});\n"
    arg = argument(text, "apiKey")
    assert arg.literal == literal
    assert arg.via_variable == ("K" if literal else "")


def test_options_object_bound_once_is_followed() -> None:
    text = (
        f"import Anthropic from {SDK};\n"
        'const options = { apiKey: "k", baseURL: process.env.GW };\n'
        "const c = new Anthropic(options);\n"
    )
    found = client(text)
    assert [(a.name, a.literal, a.env_var) for a in found.arguments] == [
        ("apiKey", "k", None),
        ("baseURL", None, "GW"),
    ]
    assert found.arguments[0].name_span == at(1, *col(text, 1, "apiKey"))


@pytest.mark.parametrize(
    ("options", "names"),
    [
        pytest.param("{ ...defaults, apiKey: k }", ["...", "apiKey"], id="spread"),
        pytest.param("buildOptions()", ["..."], id="computed-options"),
        pytest.param("opts", ["..."], id="unknown-identifier"),
        pytest.param("{ ['apiKey']: k }", ["apiKey"], id="computed-string-key"),
        pytest.param("{ [name]: k }", ["..."], id="computed-key"),
        pytest.param("{ 'apiKey': k }", ["apiKey"], id="quoted-key"),
        pytest.param("{ fetch(url, init) { return f(url, init); } }", ["fetch"], id="method"),
    ],
)
def test_unknown_options_are_marked(options: str, names: list[str]) -> None:
    text = f"import A from {SDK};\nconst c = new A({options});\n"
    assert [a.name for a in client(text).arguments] == names


def test_spread_spans() -> None:
    text = f"import A from {SDK};\nconst c = new A({{ ...defaults }});\n"
    (spread,) = client(text).arguments
    assert (spread.name_span, spread.value_span) == (at(1, 18, 21), at(1, 21, 29))


def test_key_in_comment_or_jsdoc_is_not_an_option() -> None:
    key = api_key("doc")
    text = (
        f'/** new Anthropic({{ apiKey: "{key}" }}) */\n'
        f"import Anthropic from {SDK};\n"
        "const c = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n"
    )
    arg = argument(text, "apiKey")
    assert (arg.literal, arg.env_var) == (None, "ANTHROPIC_API_KEY")


# --- environment reads -------------------------------------------------------------------

ENV_READS = [
    pytest.param("const k = process.env.ANTHROPIC_API_KEY;\n", ["ANTHROPIC_API_KEY"]),
    pytest.param(
        "const k = process.env['CLAUDE_CODE_OAUTH_TOKEN'];\n", ["CLAUDE_CODE_OAUTH_TOKEN"]
    ),
    pytest.param("const k = import.meta.env.VITE_ANTHROPIC;\n", ["VITE_ANTHROPIC"]),
    pytest.param(
        "const { ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: url, CLAUDE_X = '' } = process.env;\n",
        ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_X"],
        id="destructured",
    ),
    pytest.param(
        'import { env } from "node:process";\nconst k = env.ANTHROPIC_API_KEY;\n',
        ["ANTHROPIC_API_KEY"],
        id="imported-env",
    ),
    pytest.param(
        'import process from "process";\nconst k = process.env.ANTHROPIC_API_KEY;\n',
        ["ANTHROPIC_API_KEY"],
        id="imported-process",
    ),
    pytest.param("if (process.env.ANTHROPIC_API_KEY?.length) {}\n", ["ANTHROPIC_API_KEY"]),
    pytest.param('process.env.ANTHROPIC_API_KEY = "x";\n', [], id="assignment"),
    pytest.param('process.env.ANTHROPIC_API_KEY ??= "x";\n', [], id="logical-assignment"),
    pytest.param("delete process.env.ANTHROPIC_API_KEY;\n", [], id="delete"),
    pytest.param("const all = process.env; // ANTHROPIC\n", [], id="whole-env"),
    pytest.param("const k = process.env[name]; // ANTHROPIC\n", [], id="computed-name"),
    pytest.param("// process.env.ANTHROPIC_API_KEY\n", [], id="comment"),
]


@pytest.mark.parametrize(("text", "expected"), ENV_READS)
def test_env_reads(text: str, expected: list[str]) -> None:
    reads = facts(text).env_reads
    assert [r.name for r in reads] == expected
    for read in reads:
        line = text.splitlines()[read.name_span.start.line]
        assert line[read.name_span.start.character : read.name_span.end.character] == read.name
        assert read.span.contains(read.name_span)


def test_env_read_spans_exact() -> None:
    text = 'const é = "…" + process.env["ANTHROPIC_API_KEY"] + process.env.CLAUDE_X;\n'
    assert facts(text).env_reads == [
        EnvRead("ANTHROPIC_API_KEY", at(0, 29, 46), at(0, 16, 48)),
        EnvRead("CLAUDE_X", at(0, 63, 71), at(0, 51, 71)),
    ]


# --- dotenv ------------------------------------------------------------------------------

DOTENV = [
    pytest.param('require("dotenv").config();\n', [('require("dotenv").config', False)]),
    pytest.param(
        "require('dotenv').config({ override: true });\n",
        [("require('dotenv').config", True)],
    ),
    pytest.param(
        'import dotenv from "dotenv";\ndotenv.config({ path: ".env.local", override: false });\n',
        [("dotenv.config", False)],
    ),
    pytest.param(
        'import * as dotenv from "dotenv";\ndotenv.config({ override: flag });\n',
        [("dotenv.config", None)],
    ),
    pytest.param(
        'const dotenv = require("dotenv");\ndotenv.config({ ...opts });\n',
        [("dotenv.config", None)],
        id="spread-may-override",
    ),
    pytest.param(
        'const dotenv = require("dotenv");\ndotenv.config(options);\n',
        [("dotenv.config", None)],
        id="unknown-options",
    ),
    pytest.param(
        'import { config } from "dotenv";\nconst override = true;\nconfig({ override });\n',
        [("config", True)],
        id="named-import-shorthand-bound-once",
    ),
    pytest.param(
        'const { config: load } = require("dotenv");\nload();\n', [("load", False)], id="renamed"
    ),
    pytest.param('import "dotenv/config";\n', [('import "dotenv/config"', False)]),
    pytest.param("import 'dotenv/config'\n", [("import 'dotenv/config'", False)]),
    pytest.param('require("dotenv/config");\n', [('require("dotenv/config")', False)]),
    pytest.param(
        'import { config } from "./config";\nconfig({ override: true }); // dotenv\n',
        [],
        id="other-config",
    ),
    pytest.param('import { parse } from "dotenv";\nparse(buf);\n', [], id="parse-only"),
]


@pytest.mark.parametrize(("text", "expected"), DOTENV)
def test_dotenv_loads(text: str, expected: list[tuple[str, bool | None]]) -> None:
    assert [(d.call, d.override) for d in facts(text).dotenv_loads] == expected


def test_dotenv_load_spans() -> None:
    text = 'import "dotenv/config";\nrequire("dotenv").config({\n  override: true,\n});\n'
    assert facts(text).dotenv_loads == [
        DotenvLoad('import "dotenv/config"', at(0, 0, 23), False),
        DotenvLoad('require("dotenv").config', Span(at(1, 0, 0).start, at(3, 0, 2).end), True),
    ]


def test_imports_are_module_specifiers() -> None:
    text = (
        f"import Anthropic from {SDK};\n"
        "import type { Message } from '@anthropic-ai/sdk/resources';\n"
        'import "dotenv/config";\nconst fs = require("node:fs");\n'
        'export { x } from "./local";\nconst m = await import("@ai-sdk/anthropic");\n'
    )
    assert facts(text).imports == {
        "@anthropic-ai/sdk",
        "@anthropic-ai/sdk/resources",
        "dotenv/config",
        "node:fs",
        "./local",
        "@ai-sdk/anthropic",
    }


# --- half-typed code ---------------------------------------------------------------------

HALF_TYPED = [
    pytest.param(
        f'import Anthropic from {SDK};\nconst c = new Anthropic({{ apiKey: "k", baseURL:\n',
        [("apiKey", "k")],
        id="typing-next-option",
    ),
    pytest.param(
        f'import Anthropic from {SDK};\nconst c = new Anthropic({{\n  apiKey: "k",\n\n'
        "function g() {}\n",
        [("apiKey", "k")],
        id="object-not-closed",
    ),
    pytest.param(
        f"import Anthropic from {SDK};\nfunction broken( {{\n"
        'const c = new Anthropic({ apiKey: "k" });\n',
        [("apiKey", "k")],
        id="error-before",
    ),
    pytest.param(
        f"import Anthropic from {SDK};\n"
        'const c = new Anthropic({ apiKey: "k" });\nconst x = {\n',
        [("apiKey", "k")],
        id="error-after",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HALF_TYPED)
def test_half_typed_code(text: str, expected: list[tuple[str, str]]) -> None:
    found = client(text)
    assert [(a.name, a.literal) for a in found.arguments][: len(expected)] == expected


# --- fast path ---------------------------------------------------------------------------


class _ExplodingParser:
    def parse(self, data: bytes) -> None:
        raise AssertionError("parsed")


def test_fast_path_skips_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(javascript_sdk, "_parser", lambda grammar: _ExplodingParser())
    broken = "function f( {\n  const k = process.env.OPENAI_API_KEY\n" * 2000
    started = time.perf_counter()
    assert facts(broken) == CodeFacts(parsed=False)
    assert time.perf_counter() - started < 0.5
    with pytest.raises(AssertionError, match="parsed"):
        facts("// uses ANTHROPIC_API_KEY\n")


@pytest.mark.parametrize(
    "word", ["anthropic", "ANTHROPIC", "ChatAnthropic", "CLAUDE", "dotenv", "sk-ant-"]
)
def test_each_trigger_word_parses(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(javascript_sdk, "_parser", lambda grammar: _ExplodingParser())
    with pytest.raises(AssertionError, match="parsed"):
        facts(f"const x = 1; // {word}\n")


def test_empty_and_odd_input() -> None:
    assert facts("") == CodeFacts(parsed=False)
    assert facts("\x00anthropic\udcff(", "x.js") == CodeFacts()


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("npm:@anthropic-ai/sdk@0.70.0", "@anthropic-ai/sdk"),
        ("npm:@anthropic-ai/sdk", "@anthropic-ai/sdk"),
        ("https://esm.sh/@anthropic-ai/sdk@0.20.0?target=deno", "@anthropic-ai/sdk"),
        ("https://cdn.jsdelivr.net/npm/@anthropic-ai/sdk@1/+esm", "@anthropic-ai/sdk/+esm"),
        ("npm:dotenv@16/config", "dotenv/config"),
        ("@anthropic-ai/sdk", "@anthropic-ai/sdk"),
        ("https://example.com/@anthropic-ai/sdk.js", "https://example.com/@anthropic-ai/sdk.js"),
        ("./anthropic", "./anthropic"),
    ],
)
def test_module_name(spec: str, name: str) -> None:
    assert javascript_sdk.module_name(spec) == name


def test_deno_and_cdn_specifiers() -> None:
    text = (
        'import Anthropic from "npm:@anthropic-ai/sdk@0.70.0";\n'
        'import { default as Claude } from "https://esm.sh/@anthropic-ai/sdk@0.20.0";\n'
        'import "npm:dotenv@16/config";\n'
        "const a = new Anthropic({ apiKey });\nconst b = new Claude();\n"
    )
    found = facts(text)
    assert [c.constructor for c in found.clients] == ["Anthropic", "Claude"]
    assert [d.call for d in found.dotenv_loads] == ['import "npm:dotenv@16/config"']
    assert {"npm:@anthropic-ai/sdk@0.70.0", "@anthropic-ai/sdk", "dotenv/config"} <= found.imports


def test_very_long_member_chains_do_not_crash() -> None:
    chain = ".".join(["a"] * 3000)
    text = f"import A from {SDK};\n{chain}();\nconst c = new A({{ apiKey: {chain} }});\n"
    assert [a.literal for a in client(text).arguments] == [None]


# --- constants another module imports ------------------------------------------------------


def test_exported_constants_exact() -> None:
    text = (
        "// Settings for the Anthropic client.\n"
        'export const BASE_URL = "https://gateway.example.com/anthropic/v1";\n'
        'export const FALLBACK: string = process.env.ANTHROPIC_BASE_URL ?? "https://gw.example.com";\n'
        "const INNER = `https://inner.example.com`;\n"
        "export { INNER as PUBLIC_URL };\n"
    )
    constants = facts(text, "config.ts").constants
    assert sorted(constants) == ["BASE_URL", "FALLBACK", "PUBLIC_URL"]
    base = constants["BASE_URL"]
    assert base.literal == "https://gateway.example.com/anthropic/v1"
    assert base.literal_span == at(1, 24, 66) and base.env_var is None
    fallback = constants["FALLBACK"]
    assert fallback.literal == "https://gw.example.com"
    assert fallback.env_var == "ANTHROPIC_BASE_URL"
    assert fallback.literal_span == at(2, 66, 90)
    assert constants["PUBLIC_URL"].literal_span == at(3, 14, 41)


@pytest.mark.parametrize(
    "text",
    [
        # Not exported.
        'const BASE_URL = "https://x.example.com"; // anthropic\n',
        # `let`: a function may reassign it.
        'export let BASE_URL = "https://x.example.com"; // anthropic\n',
        # Bound twice.
        'export const BASE_URL = "https://a.example.com"; // anthropic\n'
        'if (x) { BASE_URL = "https://b.example.com"; }\n',
        # Computed.
        'export const BASE_URL = HOST + "/anthropic"; // anthropic\n',
        # Inside a function.
        'function f() { const BASE_URL = "https://x.example.com"; } // anthropic\nexport { f };\n',
    ],
)
def test_no_exported_constant(text: str) -> None:
    assert "BASE_URL" not in facts(text, "config.ts").constants


@pytest.mark.parametrize(
    ("imports", "expression", "expected"),
    [
        ('import { BASE_URL } from "./config";', "BASE_URL", "./config:BASE_URL"),
        ('import { BASE_URL as URL } from "./config.js";', "URL", "./config.js:BASE_URL"),
        ('import * as config from "../config";', "config.BASE_URL", "../config:BASE_URL"),
        ('const { BASE_URL } = require("./config");', "BASE_URL", "./config:BASE_URL"),
        # A package's export is not the project's.
        ('import { BASE_URL } from "my-config";', "BASE_URL", ""),
        ('import { BASE_URL } from "@/config";', "BASE_URL", ""),
        # Properties of a default export, and nested names, are not followed.
        ('import config from "./config";', "config.BASE_URL", ""),
        ('import { urls } from "./config";', "urls.BASE_URL", ""),
        # Not imported at all.
        ("", "BASE_URL", ""),
    ],
)
def test_imported_from(imports: str, expression: str, expected: str) -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        f"{imports}\n"
        f"const client = new Anthropic({{ baseURL: {expression} }});\n"
    )
    found = argument(text, "baseURL")
    assert found.imported_from == expected
    assert found.literal is None


def test_imported_name_shadowed_is_not_followed() -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        'import { BASE_URL } from "./config";\n'
        "export function make(BASE_URL: string) {\n"
        "  return new Anthropic({ baseURL: BASE_URL });\n"
        "}\n"
    )
    assert argument(text, "baseURL").imported_from == ""


def test_imported_shorthand_and_ai_sdk() -> None:
    text = (
        'import { createAnthropic } from "@ai-sdk/anthropic";\n'
        'import { baseURL } from "./config/index.ts";\n'
        "export const anthropic = createAnthropic({ baseURL });\n"
    )
    found = argument(text, "baseURL")
    assert found.imported_from == "./config/index.ts:baseURL"
    assert found.value_span == at(2, 43, 50)


def test_exported_constant_as_const_and_satisfies() -> None:
    text = (
        "// Anthropic\n"
        'export const BASE_URL = "https://a.example.org" as const;\n'
        'export const OTHER = ("https://b.example.org") satisfies string;\n'
    )
    constants = facts(text, "config.ts").constants
    assert constants["BASE_URL"].literal_span == at(1, 24, 47)
    assert constants["OTHER"].literal_span == at(2, 22, 45)
