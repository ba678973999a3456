"""JSON and JSONC on tree-sitter-json: text -> :class:`JsonDocument` with exact spans.

tree-sitter-json 0.24 gives the tokens (strings, numbers, literals,
punctuation, ``//`` and ``/* */`` comments) and marks what it cannot parse
with ``ERROR``/``MISSING`` nodes; the value tree is then rebuilt from the
token stream by a small recursive-descent parser that never gives up, so a
half-typed file (editors send one on every keystroke) still yields every
member that is complete.

What a strict parser (``json.loads``, JavaScript's ``JSON.parse``: Claude
Code's settings) would reject is classified:

- ``comments``: every ``//`` and ``/* */`` comment;
- ``trailing_commas``: a ``,`` right before ``}`` or ``]`` (tree-sitter
  wraps it in an ``ERROR`` node in an object and inserts a ``MISSING`` value
  in an array; neither counts as an error);
- ``errors``: everything else: ``ERROR``/``MISSING`` nodes, numbers that are
  not JSON numbers (``01``, ``1.``), strings ``json.loads`` rejects (invalid
  escapes, raw control characters), unterminated strings (their value is an
  ``"error"`` node) and anything after the first top-level value.

Spans are code points (tree-sitter's UTF-8 byte offsets are converted with
:class:`~authlint.core.text.Utf8Offsets`), so astral characters and CRLF line
ends give the positions editors show. Duplicate keys keep every member
(:meth:`JsonValue.member` returns the last, as ``JSON.parse`` does).

:func:`string_assignment` and :func:`object_assignments` turn env blocks
(Claude Code ``env``, VS Code ``terminal.integrated.env.*``, devcontainer
``containerEnv``) into :class:`~authlint.core.facts.Assignment` facts.

Sources: RFC 8259 (JSON grammar); VS Code "JSON with Comments" (``jsonc``)
mode; ``client-behaviour.md`` headline 5 (a trailing comma makes Claude Code
ignore a settings file).
"""

from __future__ import annotations

import functools
import json
import re
import threading
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser

from authlint.core.facts import Assignment, JsonDocument, JsonMember, JsonValue
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Position, Span, Utf8Offsets


@functools.cache
def _parser() -> Parser:
    """The JSON grammar's parser, loaded on first use (a fast server start)."""
    import tree_sitter_json

    return Parser(Language(tree_sitter_json.language()))


_PARSER_LOCK = threading.Lock()

_SCALARS = frozenset({"number", "true", "false", "null"})
_PUNCTUATION = frozenset({"{", "}", "[", "]", ",", ":"})
_VALUE_STARTS = frozenset({"{", "[", "string", "number", "true", "false", "null", "bad"})
_VALUE_ENDS = frozenset({"}", "]", "string", "number", "true", "false", "null", "bad"})
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_SIMPLE_ESCAPES = dict(zip('"\\/bfnrt', '"\\/\b\f\n\r\t', strict=True))
# Deeper values are kept as empty containers (Python's recursion limit).
_MAX_DEPTH = 200
# Characters that look like whitespace but are not JSON whitespace.
_UNICODE_SPACE = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_EXPONENT_PLUS = re.compile(rb"(?<=[0-9])([eE])\+(?=[0-9])")
# `${...}`: VS Code / devcontainer variable substitution (`${env:X}`, `${localEnv:X}`).
SUBSTITUTION = re.compile(r"\$\{[^}]*\}")


@dataclass(frozen=True)
class _Token:
    """A token of the stream the value tree is built from (offsets in code points)."""

    kind: str  # "{", "}", "[", "]", ",", ":", "string", "number", "true", "false", "null", "bad"
    start: int
    end: int
    closed: bool = True  # strings: whether the closing quote is there


class _Builder:
    """Turns one tree-sitter tree into a :class:`JsonDocument`.

    tree-sitter gives the tokens; the grammar is checked by the parser below,
    which reports each problem where it is (an ``ERROR`` node of tree-sitter
    often wraps the valid members before a missing comma instead).
    """

    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index
        self.offsets = Utf8Offsets(text)
        self.tokens: list[_Token] = []
        self.comments: list[tuple[int, int]] = []
        self.error_nodes: list[tuple[int, int]] = []
        self.errors: list[tuple[int, int]] = []
        self.trailing: list[_Token] = []

    # --- tokens ---------------------------------------------------------------------------

    def collect(self, root: Node) -> None:
        """Walk the tree (iteratively) and fill the token stream and raw error lists."""
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, in_error = stack.pop()
            if node.is_missing:  # the parser below finds what is missing itself
                continue
            start = self.offsets.char(node.start_byte)
            end = self.offsets.char(node.end_byte)
            kind = node.type
            if node.is_error:
                if not in_error:
                    self.error_nodes.append((start, end))
                if node.child_count == 0:
                    if self.text[start:end].strip(_UNICODE_SPACE):
                        self.bad(start, end)
                    else:  # U+00A0, U+FEFF...: an error, but not a token
                        self.errors.append((start, end))
                    continue
                in_error = True
            elif kind == "comment":
                self.comments.append((start, end))
                continue
            elif kind == "string":
                closed = not any(child.is_missing for child in node.children)
                self.tokens.append(_Token("string", start, end, closed))
                continue
            elif kind in _SCALARS or kind in _PUNCTUATION:
                self.tokens.append(_Token(kind, start, end))
                continue
            elif node.child_count == 0 and kind != "document":
                # a stray '"', string_content or escape_sequence inside an ERROR
                self.bad(start, end)
                continue
            stack.extend((child, in_error) for child in reversed(node.children))

    def bad(self, start: int, end: int) -> None:
        """Add an unparsable token; one touching the previous one joins it (``"ab`` unclosed)."""
        if self.tokens and self.tokens[-1].kind == "bad" and self.tokens[-1].end == start:
            start = self.tokens.pop().start
        self.tokens.append(_Token("bad", start, end))

    def check_gaps(self) -> None:
        """Anything between tokens but JSON whitespace is an error (a BOM, U+00A0, ...)."""
        covered = sorted([(t.start, t.end) for t in self.tokens] + self.comments)
        position = 0
        for start, end in [*covered, (len(self.text), len(self.text))]:
            if start > position:
                gap = self.text[position:start]
                stripped = gap.strip(" \t\r\n")
                if stripped:
                    first = position + gap.index(stripped[0])
                    last = position + gap.rindex(stripped[-1]) + 1
                    self.errors.append((first, last))
            position = max(position, end)

    def result(self, root: JsonValue | None) -> JsonDocument:
        """The document, with errors sorted and de-duplicated."""
        errors = self.errors
        if not errors:
            # Safety net: tree-sitter saw a problem the parser did not (never observed).
            trailing = {t.start for t in self.trailing}
            for start, end in self.error_nodes:
                inside = [t for t in self.tokens if start <= t.start < end]
                if not all(t.start in trailing for t in inside):
                    errors.append((start, end))
        kept: list[tuple[int, int]] = []
        reach = -1
        for start, end in sorted(set(errors), key=lambda r: (r[0], -r[1])):
            if end <= reach:
                continue  # inside an error already reported
            kept.append((start, end))
            if end > start:
                reach = end
        return JsonDocument(
            root,
            [self.span(s, e) for s, e in kept],
            [self.span(t.start, t.end) for t in self.trailing],
            [self.span(s, e) for s, e in self.comments],
        )

    # --- values ---------------------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def error(self, token: _Token) -> None:
        self.errors.append((token.start, token.end))

    def expected_at(self, i: int) -> None:
        """Something is missing before token ``i`` (or at the end of the text)."""
        if i < len(self.tokens):
            self.error(self.tokens[i])
        else:
            end = self.tokens[-1].end if self.tokens else 0
            self.errors.append((end, end))

    def parse(self) -> JsonValue | None:
        """Build the root value; tokens before or after it are errors."""
        tokens = self.tokens
        i = 0
        root: JsonValue | None = None
        while i < len(tokens) and root is None:
            if tokens[i].kind in _VALUE_STARTS:
                root, i = self.value(i, 0)
            else:
                self.error(tokens[i])
                i += 1
        if i < len(tokens):
            self.errors.append((tokens[i].start, tokens[-1].end))
        return root

    def value(self, i: int, depth: int) -> tuple[JsonValue, int]:
        """Parse the value starting at token ``i`` (a value start); return it and the next index."""
        token = self.tokens[i]
        kind = token.kind
        if kind == "{":
            return self.container(i, depth, "object")
        if kind == "[":
            return self.container(i, depth, "array")
        span = self.span(token.start, token.end)
        if kind == "string":
            return self.string(token), i + 1
        if kind == "number":
            return JsonValue("number", span, span, self.number(token)), i + 1
        if kind in {"true", "false"}:
            return JsonValue(kind, span, span, kind == "true"), i + 1
        if kind == "null":
            return JsonValue("null", span, span, None), i + 1
        self.error(token)
        return JsonValue("error", span, span, None), i + 1

    def string(self, token: _Token) -> JsonValue:
        span = self.span(token.start, token.end)
        if not token.closed:
            self.error(token)
            return JsonValue("error", span, span, None)
        raw = self.text[token.start : token.end]
        content = self.span(token.start + 1, token.end - 1)
        try:
            decoded = json.loads(raw)
        except ValueError:  # invalid escape, raw control character
            self.error(token)
            decoded = _lenient_decode(raw[1:-1])
        return JsonValue("string", span, content, decoded)

    def number(self, token: _Token) -> int | float | None:
        raw = self.text[token.start : token.end]
        if not _JSON_NUMBER.match(raw):
            self.error(token)
        for convert in (int, float):
            try:
                return convert(raw)
            except ValueError:
                pass
        return None

    def container(self, i: int, depth: int, kind: str) -> tuple[JsonValue, int]:
        """Parse an object or array from its opening token.

        Every deviation from the grammar is an error at the token where it
        shows (a missing comma at the next member, a missing closer at the
        token that ends the container instead); parsing goes on, so one
        mistake gives one error.
        """
        tokens = self.tokens
        opening = tokens[i]
        closer, other = ("}", "]") if kind == "object" else ("]", "}")
        end = opening.end
        i += 1
        members: list[JsonMember] = []
        items: list[JsonValue] = []
        expecting = True  # a member/item may come now (after the opener or a comma)
        previous_comma: _Token | None = None
        while True:
            if i >= len(tokens):
                self.expected_at(i)  # unclosed at the end of the text
                break
            token = tokens[i]
            if token.kind == closer:
                if previous_comma is not None:
                    self.trailing.append(previous_comma)
                end, i = token.end, i + 1
                break
            if token.kind == other:  # belongs to an enclosing container: this one is unclosed
                self.error(token)
                break
            if token.kind == ",":
                if expecting:
                    self.error(token)  # `[,` or `,,`
                else:
                    previous_comma, expecting = token, True
                end, i = token.end, i + 1
                continue
            if depth >= _MAX_DEPTH:  # too deep to build: skip this member or item whole
                end, i = self.skip(i)
                continue
            if token.kind not in _VALUE_STARTS:  # `:` or a stray token
                self.error(token)
                end, i = token.end, i + 1
                continue
            if not expecting:
                self.error(token)  # missing comma before this member/item
            expecting, previous_comma = False, None
            if kind == "object":
                if token.kind != "string":  # `{a: 1}`, `{'a': 1}`: one error, value skipped
                    self.error(token)
                    item, i = self.value(i, depth + 1)
                    end = self.index.offset(item.span.end)
                    if i + 1 < len(tokens) and tokens[i].kind == ":":
                        if tokens[i + 1].kind in _VALUE_STARTS:
                            item, i = self.value(i + 1, depth + 1)
                            end = self.index.offset(item.span.end)
                    continue
                member, i, end = self.member(i, depth)
                if member is not None:
                    members.append(member)
                continue
            item, i = self.value(i, depth + 1)
            end = self.index.offset(item.span.end)
            items.append(item)
        span = self.span(opening.start, end)
        return JsonValue(kind, span, span, None, tuple(members), tuple(items)), i

    def skip(self, i: int) -> tuple[int, int]:
        """Step over token ``i`` and, when it opens a container, everything up to its closer.

        Iterative, so nesting of any depth costs no stack: returns the offset
        where the skipped tokens end and the next index. An unclosed container
        runs to the end of the text; a stray closer of the other kind ends it.
        """
        tokens = self.tokens
        depth = 0
        while i < len(tokens):
            kind = tokens[i].kind
            if kind in {"{", "["}:
                depth += 1
            elif kind in {"}", "]"}:
                depth -= 1
            i += 1
            if depth <= 0:
                break
        return tokens[i - 1].end, i

    def member(self, i: int, depth: int) -> tuple[JsonMember | None, int, int]:
        """Parse ``"key": value`` from the key token.

        Returns the member (``None`` when the colon or value is missing), the
        next index and the offset where the member ends.
        """
        tokens = self.tokens
        key_token = tokens[i]
        key = self.string(key_token)
        i += 1
        if i >= len(tokens) or tokens[i].kind != ":":
            self.expected_at(i)
            return None, i, key_token.end
        colon = tokens[i]
        i += 1
        if i >= len(tokens) or tokens[i].kind not in _VALUE_STARTS:
            self.expected_at(i)
            return None, i, colon.end
        value, i = self.value(i, depth + 1)
        end = self.index.offset(value.span.end)
        if key.type != "string" or not isinstance(key.value, str):
            return None, i, end
        span = Span(key.span.start, value.span.end)
        return JsonMember(key.value, key.span, value, span), i, end


def _lenient_decode(content: str) -> str:
    """Decode JSON escapes, keeping invalid ones (``\\q``) as written."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return chr(int(match.group(1), 16))
        return _SIMPLE_ESCAPES[match.group(2)]

    decoded = _ESCAPE.sub(replace, content)
    try:  # join surrogate pairs written as two \u escapes
        return decoded.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return decoded


def parse_json(source: SourceFile | str) -> JsonDocument:
    """Parse JSON or JSONC text (a :class:`SourceFile` or a ``str``) into a :class:`JsonDocument`.

    Returns the document with ``root=None`` when the text holds no value
    (empty, only comments, or nothing parsable). Never raises.
    """
    if isinstance(source, SourceFile):
        text, index = source.text, source.index
    else:
        text, index = source, LineIndex(source)
    builder = _Builder(text, index)
    # tree-sitter-json 0.24 rejects a `+` in an exponent (`1e+5` parses as 1, ERROR, 5).
    # `+` -> `0` keeps every byte offset and every string/comment token as it was; values
    # are read from the original text.
    data = _EXPONENT_PLUS.sub(b"\\g<1>0", builder.offsets.data)
    with _PARSER_LOCK:
        tree = _parser().parse(data)
    builder.collect(tree.root_node)
    builder.check_gaps()
    return builder.result(builder.parse())


# --- env blocks -> Assignments ------------------------------------------------------------


def inner_span(span: Span) -> Span:
    """A string token's span without its quotes (tokens never span lines)."""
    return Span(
        Position(span.start.line, span.start.character + 1),
        Position(span.end.line, max(span.end.character - 1, span.start.character + 1)),
    )


def string_assignment(
    source: SourceFile,
    name: str,
    name_span: Span,
    value: JsonValue,
    statement_span: Span,
) -> Assignment | None:
    """An :class:`Assignment` of ``name`` to a JSON ``value``, or ``None`` when it is not one.

    Strings give their decoded text (``None`` when it holds a ``${…}``
    substitution), numbers and booleans their JSON text, ``null`` a value of
    ``None`` (the variable is deleted or left unset; the rules look at the
    :class:`JsonValue`). Objects, arrays and unparsable values give ``None``
    (no assignment).
    """
    index = source.index
    raw_value = index.slice(value.span)
    if value.type == "string" and isinstance(value.value, str):
        decoded: str | None = value.value
        if decoded is not None and SUBSTITUTION.search(decoded):
            decoded = None
        quote = '"'
    elif value.type in {"number", "true", "false"}:
        decoded, quote = raw_value, ""
    elif value.type == "null":
        decoded, quote = None, ""
    else:
        return None
    return Assignment(
        name=name,
        name_span=name_span,
        value=decoded,
        raw_value=raw_value,
        value_span=value.span,
        content_span=value.content_span,
        raw_content=index.slice(value.content_span),
        quote=quote,
        statement_span=statement_span,
        exported=True,
        top_level=True,
    )


def object_assignments(source: SourceFile, block: JsonValue | None) -> list[Assignment]:
    """One :class:`Assignment` per member of an env object (``{"NAME": "value", …}``).

    Returns ``[]`` when ``block`` is not an object. Duplicate names give one
    assignment each, in file order (the last wins, as in ``JSON.parse``).
    """
    if block is None or block.type != "object":
        return []
    found: list[Assignment] = []
    for member in block.members:
        assignment = string_assignment(
            source, member.key, inner_span(member.key_span), member.value, member.span
        )
        if assignment is not None:
            found.append(assignment)
    return found


def enclosing_block(root: JsonValue | None, span: Span) -> JsonValue | None:
    """The object or array that directly holds the member or item at ``span``.

    ``span`` is an :class:`Assignment`'s ``statement_span`` (a member, a
    ``claudeCode.environmentVariables`` item, a Compose list item). Two
    assignments in different blocks (``terminal.integrated.env.osx`` and
    ``.linux``, ``containerEnv`` and ``remoteEnv``, two Compose services) do
    not overwrite each other. Returns ``None`` when no value has that span.
    """
    node = root
    while node is not None and node.span.contains(span):
        inner: JsonValue | None = None
        for member in node.members:
            if member.span == span:
                return node
            if member.value.span.contains(span):
                inner = member.value
                break
        else:
            for item in node.items:
                if item.span == span:
                    return node
                if item.span.contains(span):
                    inner = item
                    break
        node = inner
    return None
