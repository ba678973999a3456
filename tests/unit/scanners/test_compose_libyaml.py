"""The Compose builder with libyaml's parser gives exactly what PyYAML's own parser gives.

``parse_yaml`` reads a text with libyaml (PyYAML's C extension) unless the text holds
what the two parsers read differently (``_NOT_FOR_LIBYAML``) or libyaml finds an error;
the tree, the errors and the quotes must be those of PyYAML's pure-Python parser.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from authlint.core.source import SourceFile
from authlint.scanners.compose import _NOT_FOR_LIBYAML, _build, _libyaml_loader, parse_yaml

pytestmark = pytest.mark.skipif(_libyaml_loader() is None, reason="PyYAML without libyaml")

_WORDS = [
    "a",
    "KEY",
    "ANTHROPIC_API_KEY",
    "x y",
    "1",
    "-1",
    "0o7",
    ".5",
    "null",
    "~",
    "true",
    "a:b",
    "a#b",
    "a #b",
    "-a",
    "?a",
    "%",
    "@",
    "é",
    "😀",
    "${X}",
    "${X:-a b}",
    "${a: b}",
    "$$",
    "http://x:1/y",
    "a,b",
    "",
    " ",
    "\\",
    "\u2028",
    "\x85",
    "\r",
    "&a",
    "*a",
    "|",
    ">",
    "'",
    '"',
    ":",
]
_PIECES = [
    "\n",
    "\r\n",
    " ",
    "  ",
    ":",
    ": ",
    "- ",
    "#",
    " #",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "$",
    "${",
    "$[",
    "&a ",
    "*a",
    "---\n",
    "...\n",
    "? ",
    "\t",
    "\ufeff",
    "!t ",
    "%YAML 1.1\n",
    "<<: *a\n",
    "|",
    ">-",
    "\x00",
]


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_WORDS))
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "single":
        return "'" + word.replace("'", "''") + "'"
    if style == "double":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


@st.composite
def _node(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A YAML node at ``indent``: a scalar, a block scalar, or a block or flow collection."""
    choice = draw(st.integers(0, 5 if depth < 3 else 1))
    pad = " " * indent
    prefix = draw(st.sampled_from(["", "", "&a ", "*a ", "!t "]))
    if choice <= 1:
        return prefix + draw(_scalar())
    if choice == 2:
        lines = draw(st.lists(st.sampled_from(_WORDS), max_size=3))
        header = draw(st.sampled_from(["|", ">", "|-", ">+", "|2"]))
        return header + "\n" + "".join(f"{pad}  {line}\n" for line in lines)
    if choice == 3:
        items = draw(st.lists(_scalar(), max_size=3))
        if draw(st.booleans()):
            return prefix + "[" + ", ".join(items) + "]"
        return prefix + "{" + ", ".join(f"{item}: {item}" for item in items) + "}"
    keys = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3))
    out = "\n"
    for key in keys:
        value = draw(_node(indent + 2, depth + 1))
        marker = "- " if choice == 4 else f"{key}: "
        out += pad + marker + value.lstrip("\n" if choice == 4 else "") + "\n"
    return out


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A compose-like document, then a few pieces inserted or characters deleted."""
    head = draw(st.sampled_from(["services:\n  app:\n    environment:", "a:", ""]))
    text = head + draw(_node(6 if head.startswith("services") else 2))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(_PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
    return text


def _assert_same(text: str) -> None:
    source = SourceFile(None, text)
    fast, pure = _build(source, fast=True), _build(source, fast=False)
    assert pure.loader is None
    assert (fast.root, fast.errors, fast.quotes) == (pure.root, pure.errors, pure.quotes)


@given(_documents())
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@example("services:\n  app:\n    environment:\n      KEY: ${KEY}\n      B: 'x'\n")
@example("services:\n  app:\n    environment:\n      - KEY=${KEY:-a b}\n      - B\n")
@example("a: x\n---\nb: [\n")
@example("k" * 1024 + ": v\n")
@example("k" * 1025 + ": v\n")
@example("a: b\rc: d\x85e: f\u2028")
def test_libyaml_and_pyyaml_build_the_same(text: str) -> None:
    _assert_same(text)


@given(st.lists(st.sampled_from(_PIECES + _WORDS) | st.text(max_size=3), max_size=30).map("".join))
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
def test_libyaml_and_pyyaml_build_the_same_from_pieces(text: str) -> None:
    _assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff\ufeffa",  # a BOM: libyaml's marks start a character earlier
        "a: |-#\n",  # a block header then `#`: libyaml accepts it, PyYAML does not
        "a: x\tb\n",  # a tab
        "!t {a: x, b: , c: }",  # an empty value in a flow mapping: its mark differs
        "&a [&a {b: }]",
    ],
)
def test_texts_the_parsers_read_differently_go_to_pyyaml(text: str) -> None:
    assert _NOT_FOR_LIBYAML.search(text)
    _assert_same(text)
    assert _build(SourceFile(None, text), fast=True).loader is None


def test_a_plain_compose_file_is_read_by_libyaml() -> None:
    source = SourceFile(None, "services:\n  app:\n    environment:\n      KEY: ${KEY}\n")
    assert _build(source, fast=True).loader is yaml.CSafeLoader
    document, quotes = parse_yaml(source)
    assert document.errors == [] and quotes == {}
    assert document.root is not None and document.root.get("services") is not None
