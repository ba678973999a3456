"""The Compose scanner: YAML -> JsonValue tree and ``environment:`` -> Assignments.

Values are checked against PyYAML's own loader (``yaml.safe_load``) so the
tree cannot drift from what the YAML means.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from authlint.core.facts import FileKind, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners import detect_kind, scan
from authlint.scanners.compose import interpolated
from keys import api_key


def at(line: int, start: int, end: int) -> Span:
    return Span.at(line, start, end)


def compose(text: str | bytes, tmp_path: Path, name: str = "docker-compose.yml") -> ScannedFile:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    source = SourceFile.read(path)
    kind = detect_kind(path, source.text)
    assert kind is FileKind.COMPOSE
    return scan(source, kind)


def described(result: ScannedFile) -> list[tuple[str, str | None]]:
    return [(a.name, a.value) for a in result.assignments]


def to_python(value: JsonValue) -> Any:
    if value.type == "object":
        return {m.key: to_python(m.value) for m in value.members}
    if value.type == "array":
        return [to_python(i) for i in value.items]
    return value.value


COMPOSE = """services:
  app:
    image: app:latest  # a comment
    environment:
      - PLAIN=value
      - "QUOTED_ITEM=a b"
      - WITH_QUOTES="kept"
      - FROM_SHELL=${ANTHROPIC_API_KEY}
      - WITH_DEFAULT=${X:-fallback}
      - DOLLARS=a$$b
      - EMPTY=
      - PASS_THROUGH
      - EQUALS=a=b
  worker:
    environment:
      MAPPED: value
      SINGLE: 'it''s'
      DOUBLE: "tab\\there"
      NUMBER: 8080
      BOOL: true
      NULL_PASS_THROUGH:
      TILDE: ~
      "QUOTED_KEY": x
      BARE_VAR: $HOME
      BLOCK: |
        line
"""


def test_both_environment_forms(tmp_path: Path) -> None:
    result = compose(COMPOSE, tmp_path)
    assert result.json is not None and result.json.errors == []
    assert described(result) == [
        ("PLAIN", "value"),
        ("QUOTED_ITEM", "a b"),
        ("WITH_QUOTES", '"kept"'),  # Compose keeps quotes in the list form
        ("FROM_SHELL", None),
        ("WITH_DEFAULT", None),
        ("DOLLARS", "a$b"),
        ("EMPTY", ""),
        ("EQUALS", "a=b"),
        ("MAPPED", "value"),
        ("SINGLE", "it's"),
        ("DOUBLE", "tab\there"),
        ("NUMBER", "8080"),
        ("BOOL", "true"),
        ("QUOTED_KEY", "x"),
        ("BARE_VAR", None),
        ("BLOCK", "line\n"),
    ]
    index = result.source.index
    for assignment in result.assignments:
        assert index.slice(assignment.name_span) == assignment.name
        assert index.slice(assignment.value_span) == assignment.raw_value
        assert index.slice(assignment.content_span) == assignment.raw_content
        assert assignment.statement_span.contains(assignment.name_span)
        assert assignment.exported and assignment.top_level


@pytest.mark.parametrize(
    ("name", "name_span", "value_span", "content_span", "statement_span", "quote"),
    [
        ("PLAIN", at(4, 8, 13), at(4, 14, 19), at(4, 14, 19), at(4, 8, 19), ""),
        ("QUOTED_ITEM", at(5, 9, 20), at(5, 21, 24), at(5, 21, 24), at(5, 8, 25), ""),
        ("EMPTY", at(10, 8, 13), at(10, 14, 14), at(10, 14, 14), at(10, 8, 14), ""),
        ("MAPPED", at(15, 6, 12), at(15, 14, 19), at(15, 14, 19), at(15, 6, 19), ""),
        ("SINGLE", at(16, 6, 12), at(16, 14, 21), at(16, 15, 20), at(16, 6, 21), "'"),
        ("QUOTED_KEY", at(22, 7, 17), at(22, 20, 21), at(22, 20, 21), at(22, 6, 21), ""),
    ],
)
def test_exact_spans(
    tmp_path: Path,
    name: str,
    name_span: Span,
    value_span: Span,
    content_span: Span,
    statement_span: Span,
    quote: str,
) -> None:
    result = compose(COMPOSE, tmp_path)
    found = result.effective(name)
    assert found is not None
    assert (found.name_span, found.value_span, found.content_span) == (
        name_span,
        value_span,
        content_span,
    )
    assert found.statement_span == statement_span
    assert found.quote == quote


def test_tree_matches_yaml_safe_load(tmp_path: Path) -> None:
    text = (
        COMPOSE.replace("BOOL: true", "BOOL: false") + "volumes:\n  data: {}\nx: [1, 2.5, null]\n"
    )
    result = compose(text, tmp_path)
    assert result.json is not None and result.json.root is not None
    assert to_python(result.json.root) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: plain", ("string", "plain")),
        ("A: 'quoted'", ("string", "quoted")),
        ('A: "1"', ("string", "1")),
        ("A: 1", ("number", 1)),
        ("A: -2.5e3", ("number", -2500.0)),
        ("A: 0x1F", ("number", 31)),
        ("A: true", ("true", True)),
        ("A: False", ("false", False)),
        ("A: yes", ("string", "yes")),  # YAML 1.2 (Compose): not a boolean
        ("A: ~", ("null", None)),
        ("A:", ("null", None)),
        ("A: null", ("null", None)),
    ],
)
def test_scalar_types(tmp_path: Path, line: str, expected: tuple[str, object]) -> None:
    result = compose(line + "\n", tmp_path)
    assert result.json is not None and result.json.root is not None
    value = result.json.root.get("A")
    assert value is not None
    assert (value.type, value.value) == expected


def test_quoted_scalar_content_span(tmp_path: Path) -> None:
    result = compose('k: "v w"\n', tmp_path)
    assert result.json is not None and result.json.root is not None
    value = result.json.root.get("k")
    assert value is not None
    assert value.span == at(0, 3, 8) and value.content_span == at(0, 4, 7)
    member = result.json.root.member("k")
    assert member is not None and member.key_span == at(0, 0, 1) and member.span == at(0, 0, 8)


@pytest.mark.parametrize(
    ("text", "line", "name_start", "value_start"),
    [
        pytest.param("services:\r\n  a:\r\n    environment:\r\n      K: v\r\n", 3, 6, 9, id="crlf"),
        pytest.param(
            "x: 😀😀\nservices:\n  a:\n    environment: {L: 😀, K: v}\n", 3, 24, 27, id="astral"
        ),
        pytest.param(
            'services:\n  a:\n    environment:\n      - "😀=x"\n      - K=v\n', 4, 8, 10, id="list"
        ),
    ],
)
def test_spans_with_crlf_and_astral_characters(
    tmp_path: Path, text: str, line: int, name_start: int, value_start: int
) -> None:
    result = compose(text, tmp_path)
    found = result.effective("K")
    assert found is not None and found.value == "v"
    assert found.name_span == at(line, name_start, name_start + 1)
    assert found.value_span == at(line, value_start, value_start + 1)


def test_bom_is_not_part_of_the_first_key(tmp_path: Path) -> None:
    text = b"\xef\xbb\xbfservices:\n  a:\n    environment:\n      K: v\n"
    result = compose(text, tmp_path)
    assert described(result) == [("K", "v")]
    assert result.json is not None and result.json.root is not None
    assert result.json.root.members[0].key_span == at(0, 0, 8)


def test_anchors_aliases_and_merge_keys(tmp_path: Path) -> None:
    text = """x-common: &common
  SHARED: "s"
  OVERRIDDEN: base
x-service: &service
  environment:
    FROM_SERVICE_ANCHOR: "1"
services:
  a:
    environment: *common
  b:
    environment:
      <<: *common
      OVERRIDDEN: own
  c:
    <<: *service
  d:
    <<: *service
    environment:
      OWN: "2"
"""
    result = compose(text, tmp_path)
    # The anchored block gives its assignments once; explicit keys come after merged ones.
    assert described(result) == [
        ("SHARED", "s"),
        ("OVERRIDDEN", "base"),
        ("OVERRIDDEN", "own"),
        ("FROM_SERVICE_ANCHOR", "1"),
        ("OWN", "2"),
    ]
    shared = result.effective("SHARED")
    assert shared is not None and shared.name_span == at(1, 2, 8)


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  a: [1, 2\n",
        "services:\n\t- x\n",
        "services:\n  a:\n    environment:\n      - A=1\n   b: {\n",
        "a: 'unterminated\n",
        "a: *unknown\n",
        "a: &x [*x]\n",
        "{{{{",
        "- - - - -\n  ] ] ]",
        "\x00\x01\x02",
        "a: b\n" + "  " * 2000 + "c",
        "[" * 500,
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 150)),
        "%YAML 9.9\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_bad_yaml_never_raises(tmp_path: Path, text: str) -> None:
    result = compose(text, tmp_path)
    assert result.json is not None
    try:
        list(yaml.safe_load_all(text))
    except (yaml.YAMLError, RecursionError):
        assert result.json.errors
    else:
        assert result.json.root is not None


def test_error_position_and_partial_tree(tmp_path: Path) -> None:
    text = "services:\n  a:\n    environment:\n      - A=1\n      - B=2\n  b: [\n"
    result = compose(text, tmp_path)
    assert result.json is not None
    assert result.json.errors == [at(6, 0, 0)]
    assert described(result) == [("A", "1"), ("B", "2")]


def test_forbidden_characters_are_errors_but_parsing_goes_on(tmp_path: Path) -> None:
    text = "services:\n  a:\n    environment:\n      K: a\x7fb\n      L: c\n"
    result = compose(text, tmp_path)
    assert result.json is not None
    assert result.json.errors == [at(3, 10, 11)]
    assert described(result) == [("K", "a\x7fb"), ("L", "c")]


def test_only_services_environment_counts(tmp_path: Path) -> None:
    text = """environment:
  TOP: x
services:
  a:
    build:
      args:
        ARG: y
    labels:
      - LABEL=z
    env_file: .env
    environment: []
  b: ~
  c: [x]
"""
    result = compose(text, tmp_path)
    assert result.assignments == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("$VAR", None),
        ("${VAR}", None),
        ("${VAR:-x}", None),
        ("a$$b", "a$b"),
        ("$$VAR", "$VAR"),
        ("cost: $5", "cost: $5"),
        ("$", "$"),
        ("", ""),
    ],
)
def test_interpolation(value: str, expected: str | None) -> None:
    assert interpolated(value) == expected


def test_whitespace_rule_reads_compose_environment(check_text) -> None:  # type: ignore[no-untyped-def]
    key = api_key("compose")
    text = f"services:\n  a:\n    environment:\n      ANTHROPIC_API_KEY: '{key} '\n"
    findings = check_text("docker-compose.yml", text, select="AL201")
    assert [(f.code, f.span.start.line) for f in findings] == [("AL201", 3)]
    clean = "services:\n  a:\n    environment:\n      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n"
    assert check_text("docker-compose.yml", clean, select=("AL201", "AL101")) == []


def test_deep_nesting_stops_with_an_error(tmp_path: Path) -> None:
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 150))
    result = compose(text, tmp_path)
    assert result.json is not None and result.json.root is not None
    assert result.json.errors == [at(100, 200, 200)]
