"""``scanners.json_tree.parse_json``: JSON/JSONC -> JsonValue tree with code-point spans.

Valid documents are checked against ``json.loads`` (the tree must decode to the
same values), so the tree cannot drift from what a strict parser gives.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from authlint.core.facts import JsonDocument, JsonValue
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Position, Span
from authlint.scanners.json_tree import (
    inner_span,
    object_assignments,
    parse_json,
    string_assignment,
)
from keys import api_key


def at(line: int, start: int, end: int) -> Span:
    return Span.at(line, start, end)


def to_python(value: JsonValue) -> Any:
    """The tree as ``json.loads(..., object_pairs_hook=list)`` would give it."""
    if value.type == "object":
        return [(m.key, to_python(m.value)) for m in value.members]
    if value.type == "array":
        return [to_python(i) for i in value.items]
    return value.value


def spans(doc_spans: list[Span]) -> list[tuple[int, int, int, int]]:
    return [(s.start.line, s.start.character, s.end.line, s.end.character) for s in doc_spans]


# --- valid JSON agrees with json.loads --------------------------------------------------

VALID = [
    "{}",
    "[]",
    '""',
    "0",
    "-1.5e+10",
    "[1e+5, 2E+0, 1E-3, 1E2, -0.5e-7]",
    '{"a": 1e+5}',
    "true",
    "null",
    '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}',
    '{"esc": "tab\\t nl\\n quote\\" bs\\\\ slash\\/ u\\u00e9 pair\\ud83d\\ude00"}',
    '{"a": 1, "a": 2}',
    '{\r\n  "crlf": "x",\r\n  "n": [1,\r\n 2]\r\n}\r\n',
    '{"😀": "😀😀", "k": "v"}',
    "  [ 1 , 2 ,3 ]  \n",
    '{"deep": [[[[[[{"x": [1]}]]]]]]}',
    '{"big": 12345678901234567890, "f": 0.1, "neg": -0, "exp": 1E-3}',
]


@pytest.mark.parametrize("text", VALID)
def test_valid_json_decodes_like_json_loads(text: str) -> None:
    doc = parse_json(text)
    assert doc.strictly_valid
    assert doc.root is not None
    assert to_python(doc.root) == json.loads(text, object_pairs_hook=list)


@pytest.mark.parametrize("text", VALID)
def test_every_span_covers_its_token(text: str) -> None:
    index = LineIndex(text)
    doc = parse_json(text)
    assert doc.root is not None

    def walk(value: JsonValue) -> None:
        raw = index.slice(value.span)
        if value.type == "string":
            assert raw.startswith('"') and raw.endswith('"')
            assert index.slice(value.content_span) == raw[1:-1]
            assert json.loads(raw) == value.value
        elif value.type in {"number", "true", "false", "null"}:
            assert json.loads(raw) == value.value
            assert value.content_span == value.span
        else:
            assert raw[0] + raw[-1] in {"{}", "[]"}
        for member in value.members:
            assert json.loads(index.slice(member.key_span)) == member.key
            assert member.span == Span(member.key_span.start, member.value.span.end)
            walk(member.value)
        for item in value.items:
            walk(item)

    walk(doc.root)


# --- exact spans ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key_span", "value_span", "content_span"),
    [
        pytest.param('{"k": "v"}', at(0, 1, 4), at(0, 6, 9), at(0, 7, 8), id="ascii"),
        # Two astral characters (4 UTF-8 bytes, 2 UTF-16 units each) before the value.
        pytest.param('{"😀😀": "v"}', at(0, 1, 5), at(0, 7, 10), at(0, 8, 9), id="astral-key"),
        pytest.param(
            '{"a": "😀", "k": "v"}\n',
            at(0, 11, 14),
            at(0, 16, 19),
            at(0, 17, 18),
            id="astral-value-before",
        ),
        pytest.param('{\r\n "k": "v"\r\n}', at(1, 1, 4), at(1, 6, 9), at(1, 7, 8), id="crlf"),
        pytest.param('{"é\u00a0": "ü"}', at(0, 1, 5), at(0, 7, 10), at(0, 8, 9), id="latin"),
        pytest.param('{"k": "a\\u0041b"}', at(0, 1, 4), at(0, 6, 16), at(0, 7, 15), id="escape"),
    ],
)
def test_spans_are_code_points(
    text: str, key_span: Span, value_span: Span, content_span: Span
) -> None:
    doc = parse_json(text)
    assert doc.root is not None
    member = doc.root.members[-1]
    assert member.key_span == key_span
    assert member.value.span == value_span
    assert member.value.content_span == content_span


def test_astral_key_span() -> None:
    doc = parse_json('{"😀😀": "v"}')
    assert doc.root is not None
    (member,) = doc.root.members
    assert member.key == "😀😀"
    assert member.key_span == at(0, 1, 5)
    assert member.value.span == at(0, 7, 10)


def test_string_values_are_decoded() -> None:
    doc = parse_json('{"k": "a\\u0041\\tb\\ud83d\\ude00"}')
    assert doc.root is not None
    assert doc.root.get("k") == JsonValue("string", at(0, 6, 30), at(0, 7, 29), "aA\tb\U0001f600")


def test_source_file_input_uses_its_text_without_bom() -> None:
    source = SourceFile.from_bytes(b'\xef\xbb\xbf{"k": "v"}')
    doc = parse_json(source)
    assert doc.strictly_valid
    assert doc.root is not None and doc.root.get("k") is not None
    assert doc.root.members[0].key_span == at(0, 1, 4)


# --- JSONC and strictness ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "comments", "trailing", "errors"),
    [
        pytest.param('{"a": 1} // end\n', [(0, 9, 0, 15)], [], [], id="line-comment"),
        pytest.param('{/* c */"a": 1}', [(0, 1, 0, 8)], [], [], id="block-comment"),
        pytest.param('{\n  // x\n  "a": 1\n}', [(1, 2, 1, 6)], [], [], id="own-line-comment"),
        pytest.param('{"a": 1,}', [], [(0, 7, 0, 8)], [], id="object-trailing-comma"),
        pytest.param("[1, 2,]", [], [(0, 5, 0, 6)], [], id="array-trailing-comma"),
        pytest.param(
            "[1, 2, /* c */ ]", [(0, 7, 0, 14)], [(0, 5, 0, 6)], [], id="array-comma-comment"
        ),
        pytest.param(
            '{"a": 1 // c\n,}', [(0, 8, 0, 12)], [(1, 0, 1, 1)], [], id="comma-after-comment"
        ),
        pytest.param(
            '{"a": {"b": [1,],},}',
            [],
            [(0, 14, 0, 15), (0, 16, 0, 17), (0, 18, 0, 19)],
            [],
            id="nested-trailing",
        ),
        pytest.param('{\r\n "a": 1,\r\n}', [], [(1, 7, 1, 8)], [], id="crlf-trailing"),
        pytest.param('{"😀": 1,}', [], [(0, 7, 0, 8)], [], id="astral-trailing"),
        # Not trailing commas: errors.
        pytest.param("[,]", [], [], [(0, 1, 0, 2)], id="lone-comma"),
        pytest.param("{,}", [], [], [(0, 1, 0, 2)], id="lone-comma-object"),
        pytest.param("[1,,2]", [], [], [(0, 3, 0, 4)], id="double-comma"),
        pytest.param('{"a": 1},', [], [], [(0, 8, 0, 9)], id="comma-after-root"),
        pytest.param('{"a": 1}{"b": 2}', [], [], [(0, 8, 0, 16)], id="two-roots"),
        pytest.param('{"a" 1}', [], [], [(0, 5, 0, 6)], id="missing-colon"),
        pytest.param('{"a": tru}', [], [], [(0, 6, 0, 9)], id="bad-literal"),
        pytest.param("{'a': 1}", [], [], [(0, 1, 0, 4)], id="single-quotes"),
        pytest.param("{a: 1, 'b': 2}", [], [], [(0, 1, 0, 2), (0, 7, 0, 10)], id="unquoted-keys"),
        pytest.param('{"a": 1 "b": 2}', [], [], [(0, 8, 0, 11)], id="missing-comma"),
        pytest.param('{"a": 1\n  "b": 2\n}', [], [], [(1, 2, 1, 5)], id="missing-comma-newline"),
        pytest.param("[1 2]", [], [], [(0, 3, 0, 4)], id="missing-comma-array"),
        pytest.param('{"a": }', [], [], [(0, 6, 0, 7)], id="missing-value"),
        pytest.param('{"a": [1}', [], [], [(0, 8, 0, 9)], id="mismatched-closer"),
        pytest.param("", [], [], [], id="empty"),
        pytest.param('{"a": "x\\q"}', [], [], [(0, 6, 0, 11)], id="invalid-escape"),
        pytest.param('{"a": "x\ty"}', [], [], [(0, 6, 0, 11)], id="raw-tab"),
        pytest.param('{"a": 01}', [], [], [(0, 7, 0, 8)], id="leading-zero"),
        pytest.param('{"a": 1e+}', [], [], [(0, 7, 0, 9)], id="exponent-without-digits"),
        pytest.param('\ufeff{"a": 1}', [], [], [(0, 0, 0, 1)], id="bom-in-text"),
        pytest.param('{"a":\u00a01}', [], [], [(0, 5, 0, 6)], id="nbsp-between-tokens"),
        pytest.param('{"a": 1.}', [], [], [(0, 6, 0, 8)], id="bare-point"),
        pytest.param('{"a": [1, }', [], [], [(0, 10, 0, 11)], id="unclosed-array"),
        pytest.param('{"a": 1', [], [], [(0, 7, 0, 7)], id="unclosed-object"),
    ],
)
def test_comments_trailing_commas_and_errors(
    text: str,
    comments: list[tuple[int, int, int, int]],
    trailing: list[tuple[int, int, int, int]],
    errors: list[tuple[int, int, int, int]],
) -> None:
    doc = parse_json(text)
    assert spans(doc.comments) == comments
    assert spans(doc.trailing_commas) == trailing
    assert spans(doc.errors) == errors
    assert doc.strictly_valid is False
    # A strict parser agrees that the text is invalid.
    with pytest.raises(ValueError):
        json.loads(text)


@pytest.mark.parametrize("text", ['{"a": 1, "b": [2,],}', '// c\n{"a": 1, /* x */ "b": [2]}'])
def test_jsonc_keeps_every_member(text: str) -> None:
    doc = parse_json(text)
    assert doc.errors == []
    assert doc.root is not None
    assert to_python(doc.root) == [("a", 1), ("b", [2])]


@pytest.mark.parametrize(
    ("text", "root"),
    [("", None), ("   \n", None), ("// only a comment\n", None), ("/* c */", None)],
)
def test_no_value_gives_no_root(text: str, root: None) -> None:
    doc = parse_json(text)
    assert doc.root is root
    assert doc.errors == []
    assert not doc.strictly_valid


# --- half-typed input ----------------------------------------------------------------------

HALF_TYPED = [
    '{"env": {"A": "1", "B": ',
    '{"env": {"A": "1", "B": "2',
    '{"env": {"A": "1", "B" "x"}}',
    '{"env": {"A": "1",, "B": "2"}}',
    '{"env": {"A": "1" "B": "2"}}',
    '{"env": {"A": "1", "B": "2"',
    '{"env": {\n  "B": "unterminated\n  , "A": "1"}}',
    '{"env": {"A": "1", "B": [}}',
    '{"env": {"A": "1", "B": }}',
    '{"env": {"A": "1", "B": nul}}',
    '{"env": {"A": "1", "B": "\\',
    '{"env": {"A": "1", 42: "x"}}',
    '{"env": {"A": "1"]}',
]


@pytest.mark.parametrize("text", HALF_TYPED)
def test_half_typed_input_keeps_the_complete_members(text: str) -> None:
    doc = parse_json(text)
    assert doc.errors
    assert doc.root is not None and doc.root.type == "object"
    env = doc.root.get("env")
    assert env is not None and env.type == "object"
    a = env.get("A")
    assert a is not None and a.value == "1"
    b = env.get("B")
    # An incomplete member is either dropped or an "error" value, never a wrong string.
    assert b is None or b.type in {"error", "array", "string", "null"}
    if b is not None and b.type == "string":
        assert b.value == "2"


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[",
        "}",
        "]]]",
        '"',
        '{"',
        '{"a',
        '{"a":',
        ":::,,,",
        "\x00\x01",
        "\ufeff{}",
        "{" * 5000,
        "[" * 5000 + "]" * 4999,  # balanced, it is valid: JSON.parse has no depth limit
        '{"a": "' + "\\" * 101 + '"}',
        "\ud800",
    ],
)
def test_garbage_never_raises(text: str) -> None:
    doc = parse_json(text)
    assert isinstance(doc, JsonDocument)
    assert not doc.strictly_valid


def test_unterminated_string_is_an_error_value() -> None:
    doc = parse_json('{"env": {\n  "A": "sk-ant-\n}}')
    assert doc.root is not None
    env = doc.root.get("env")
    assert env is not None
    value = env.get("A")
    assert value is not None and value.type == "error" and value.value is None
    assert doc.errors


def test_duplicate_keys_keep_every_member_and_member_returns_the_last() -> None:
    doc = parse_json('{"k": 1, "k": 2, "j": 0}')
    assert doc.root is not None
    assert [m.key for m in doc.root.members] == ["k", "k", "j"]
    last = doc.root.member("k")
    assert last is not None and last.value.value == 2
    assert last.key_span == at(0, 9, 12)


def test_large_file_is_fast() -> None:
    projects = {
        f"/home/u/project-{i}": {"allowedTools": [], "history": ["x" * 50] * 20} for i in range(800)
    }
    text = json.dumps({"projects": projects, "primaryApiKey": "x"}, indent=2)
    assert len(text) > 1_000_000
    started = time.perf_counter()
    doc = parse_json(text)
    elapsed = time.perf_counter() - started
    assert doc.strictly_valid
    assert elapsed < 10, elapsed


# --- env blocks -> Assignments --------------------------------------------------------------


def test_object_assignments_fields() -> None:
    key = api_key()
    text = '{"env": {"ANTHROPIC_API_KEY": "' + key + '", "N": 3, "T": true, "Z": null}}'
    source = SourceFile(None, text)
    doc = parse_json(source)
    assert doc.root is not None
    found = object_assignments(source, doc.root.get("env"))
    assert [a.name for a in found] == ["ANTHROPIC_API_KEY", "N", "T", "Z"]
    first = found[0]
    start = text.index(key)
    assert first.value == key
    assert first.name_span == at(0, 10, 27)
    assert first.value_span == at(0, start - 1, start + len(key) + 1)
    assert first.content_span == at(0, start, start + len(key))
    assert first.raw_content == key and first.raw_value == f'"{key}"'
    assert first.quote == '"' and first.exported and first.top_level
    assert first.statement_span == Span(Position(0, 9), first.value_span.end)
    assert first.maps_one_to_one
    assert [(a.value, a.quote, a.raw_value) for a in found[1:]] == [
        ("3", "", "3"),
        ("true", "", "true"),
        (None, "", "null"),
    ]


@pytest.mark.parametrize(
    ("raw", "value", "one_to_one"),
    [
        ('"plain"', "plain", True),
        ('"${env:HOME}/x"', None, False),
        ('"${localEnv:ANTHROPIC_API_KEY}"', None, False),
        ('"a\\u00e9"', "aé", False),
        ('"$HOME"', "$HOME", True),  # no substitution syntax in JSON settings
        ('""', "", True),
    ],
)
def test_string_assignment_values(raw: str, value: str | None, one_to_one: bool) -> None:
    text = '{"K": ' + raw + "}"
    source = SourceFile(None, text)
    doc = parse_json(source)
    assert doc.root is not None
    (member,) = doc.root.members
    found = string_assignment(
        source, member.key, inner_span(member.key_span), member.value, member.span
    )
    assert found is not None
    assert found.value == value
    assert found.maps_one_to_one is one_to_one


@pytest.mark.parametrize("raw", ["{}", "[1]", '"unterminated'])
def test_non_scalar_values_are_not_assignments(raw: str) -> None:
    text = '{"K": ' + raw + "\n}"
    source = SourceFile(None, text)
    doc = parse_json(source)
    assert doc.root is not None
    member = doc.root.member("K")
    assert member is not None
    assert string_assignment(source, "K", member.key_span, member.value, member.span) is None


def test_object_assignments_of_a_non_object_is_empty() -> None:
    source = SourceFile(None, '{"env": ["A=1"]}')
    doc = parse_json(source)
    assert doc.root is not None
    assert object_assignments(source, doc.root.get("env")) == []
    assert object_assignments(source, None) == []
