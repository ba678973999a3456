"""Docker Compose files (``docker-compose.yml``, ``compose.yaml``, ``docker-compose.*.yml``).

The YAML is read with PyYAML's event parser (``yaml.parse``, safe loader) and
mapped onto the :class:`~authlint.core.facts.JsonValue` tree the JSON
scanners build, so rules walk one shape: mapping -> ``"object"``, sequence ->
``"array"``, scalar -> ``"string"`` (quoted and block scalars always; plain
scalars resolve as in YAML 1.2's core schema, which Compose's Go YAML
library uses: ``null``/``~``/empty -> ``"null"``, ``true``/``false`` ->
``"true"``/``"false"``, numbers -> ``"number"``). A quoted scalar's
``content_span`` is inside its quotes. Aliases reuse the anchored value (its
spans point at the anchor); merge keys (``<<``) stay ordinary members in
the tree. Positions come from the marks' character index, so astral
characters, CRLF and a BOM (dropped by :class:`SourceFile`) give the
positions editors show.

A YAML error never raises: the events before it still build a tree (open
collections are closed where the input stops) and ``json.errors`` holds
the error's position. Characters YAML forbids (C0/C1 controls, DEL) are
errors too, but parsing goes on around them. Collections nested more than
100 deep stop the parse there (an error; PyYAML slows down quadratically).

Facts emitted: one :class:`Assignment` per variable set in each service's
``environment:`` (``services.<name>.environment``, also through ``<<``
merges), in both forms Compose accepts:

- mapping ``KEY: value``: ``name_span`` is the key (inside quotes), the value
  the scalar (``quote`` is its quote character, ``""`` when plain); ``KEY:``
  with no value passes the host's variable through: no assignment;
- list ``- KEY=value``: name and value spans inside the item; the value is
  everything after the first ``=`` *as written*: Compose keeps quotes there
  (``- K="v"`` sets ``"v"`` with the quotes); a bare ``- KEY`` passes the
  host's variable through: no assignment.

Compose interpolates ``$VAR``, ``${VAR}`` and ``${VAR:-default}`` in values
from the shell or the project ``.env``: such a value is ``None``; ``$$`` is
a literal ``$``. An anchored environment shared by several services gives
its assignments once. ``env_file:`` stays in the tree for the rules.

Sources: Compose specification "environment" (both forms, pass-through) and
"Interpolation" (``$$``); quotes kept in the list form: thijsvanloef/
palworld-server-docker#336 (``- SERVER_NAME="World of Pals"`` is seen with
the quotes); YAML 1.2.2 §10.3 core schema.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from authlint.core.facts import (
    Assignment,
    FileKind,
    JsonDocument,
    JsonMember,
    JsonValue,
    ScannedFile,
)
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Position, Span

if TYPE_CHECKING:
    import yaml

_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_TRUE = re.compile(r"(?:true|True|TRUE)\Z")
_FALSE = re.compile(r"(?:false|False|FALSE)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)


@functools.cache
def _non_printable() -> re.Pattern[str]:
    """Characters PyYAML's reader refuses (it would stop before the first event).

    Compiled on the first YAML file: this class takes ~10 ms to compile (a fast start).
    """
    return re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_INTERPOLATION = re.compile(r"\$(?:\$|\{|[A-Za-z_])")
# Deeper nesting stops the parse (PyYAML's scanner is quadratic in the nesting depth).
_MAX_DEPTH = 100


class _TooDeep(Exception):
    """Raised to stop reading events past :data:`_MAX_DEPTH` nested collections."""


@dataclass
class _Open:
    """A collection whose end event has not been seen yet."""

    kind: str  # "object" or "array"
    start: int
    flow: bool
    anchor: str | None
    members: list[JsonMember] = field(default_factory=list)
    items: list[JsonValue] = field(default_factory=list)
    key: JsonValue | None = None
    has_key: bool = False
    last_end: int = -1


class _Builder:
    """Builds the value tree from PyYAML events."""

    def __init__(
        self, original: str, index: LineIndex, loader: type[yaml.SafeLoader] | None = None
    ) -> None:
        self.original = original
        self.loader = loader  # None: PyYAML's own (pure Python) SafeLoader
        self.clean = False  # set by run when the events end without an error
        self.index = index
        self.errors: list[Span] = []
        self.text = _non_printable().sub(self._forbidden, original)
        self.stack: list[_Open] = []
        self.anchors: dict[str, JsonValue] = {}
        self.root: JsonValue | None = None
        self.quotes: dict[Span, str] = {}  # scalar span -> its quote character

    def _forbidden(self, match: re.Match[str]) -> str:
        self.errors.append(self.index.span(match.start(), match.end()))
        return "\ufffd"

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def run(self) -> None:
        """Consume events up to the end of the first document or the first error.

        Sets :attr:`clean` when the events ended cleanly: no YAML error, no
        nesting past :data:`_MAX_DEPTH`, no reader quirk.
        """
        import yaml  # PyYAML is imported on the first YAML file (a fast server start)

        try:
            for event in yaml.parse(self.text, Loader=self.loader or yaml.SafeLoader):
                if isinstance(event, yaml.DocumentEndEvent):
                    break
                self.event(event)
            self.clean = True
        except yaml.YAMLError as error:
            self.error(error)
        except _TooDeep:
            pass
        except (ValueError, RecursionError):  # defensive: a reader quirk must not crash a check
            self.errors.append(self.span(len(self.text), len(self.text)))
        while self.stack:
            self.close(self.stack[-1].last_end)

    def error(self, error: yaml.YAMLError) -> None:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        found: object = getattr(mark, "index", None)
        if found is None:
            found = getattr(error, "position", None)
        at = found if isinstance(found, int) else len(self.text)
        at = min(max(at, 0), len(self.text))
        end = at + 1 if at < len(self.text) and self.text[at] not in "\r\n" else at
        self.errors.append(self.span(at, end))

    def event(self, event: yaml.Event) -> None:
        import yaml

        if event.start_mark is None or event.end_mark is None:  # the parser always sets both
            return
        start, end = event.start_mark.index, event.end_mark.index
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= _MAX_DEPTH:
                self.errors.append(self.span(start, end))
                raise _TooDeep
            kind = "object" if isinstance(event, yaml.MappingStartEvent) else "array"
            flow = bool(event.flow_style)
            self.stack.append(_Open(kind, start, flow, event.anchor, last_end=end))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            if self.stack:
                top = self.stack[-1]
                self.close(end if top.flow else top.last_end)
        elif isinstance(event, yaml.ScalarEvent):
            value = self.scalar(event, start, end)
            if event.anchor:
                self.anchors[event.anchor] = value
            self.add(value)
        elif isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor or "")
            if target is None:  # unknown anchor, or one still being built (a cycle)
                self.errors.append(self.span(start, end))
                target = JsonValue("error", self.span(start, end), self.span(start, end))
            self.add(target, end)

    def scalar(self, event: yaml.ScalarEvent, start: int, end: int) -> JsonValue:
        span = self.span(start, end)
        text: str = event.value
        style = event.style or None  # a plain scalar: None from PyYAML, "" from libyaml
        if style in {'"', "'"}:
            content = self.span(start + 1, max(end - 1, start + 1))
            self.quotes[span] = style
            if self.text[start + 1 : end - 1] == text:  # restore forbidden characters
                text = self.original[start + 1 : end - 1]
            return JsonValue("string", span, content, text)
        if style is None:
            if self.text[start:end] == text:
                text = self.original[start:end]
            if _NULL.match(text):
                return JsonValue("null", span, span, None)
            if _TRUE.match(text):
                return JsonValue("true", span, span, True)
            if _FALSE.match(text):
                return JsonValue("false", span, span, False)
            if _INT.match(text):
                number = int(text, 0) if text[:2] in {"0x", "0o"} else int(text, 10)
                return JsonValue("number", span, span, number)
            if _FLOAT.match(text):
                number_text = text.lower().replace(".inf", "inf").replace(".nan", "nan")
                return JsonValue("number", span, span, float(number_text))
        return JsonValue("string", span, span, text)

    def add(self, value: JsonValue, end: int | None = None) -> None:
        """Attach a finished value to the open collection (or make it the root)."""
        value_end = self.index.offset(value.span.end) if end is None else end
        if not self.stack:
            if self.root is None:
                self.root = value
            return
        top = self.stack[-1]
        top.last_end = max(top.last_end, value_end)
        if top.kind == "array":
            top.items.append(value)
            return
        if not top.has_key:
            top.key, top.has_key = value, True
            return
        key = top.key
        top.key, top.has_key = None, False
        if key is None or key.type in {"object", "array", "error"}:
            return  # complex keys (`? [a, b]`) are not members
        name = key.value if isinstance(key.value, str) else self.index.slice(key.content_span)
        member_span = Span(key.span.start, self.index.position(value_end))
        top.members.append(JsonMember(name, key.span, value, member_span))

    def close(self, end: int) -> None:
        top = self.stack.pop()
        end = max(end, top.start)
        span = self.span(top.start, end)
        value = JsonValue(top.kind, span, span, None, tuple(top.members), tuple(top.items))
        if top.anchor:
            self.anchors[top.anchor] = value
        self.add(value, end)


def parse_yaml(source: SourceFile) -> tuple[JsonDocument, dict[Span, str]]:
    """Parse ``source`` as YAML into a :class:`JsonDocument` and the quote of each quoted scalar.

    The quote map is keyed by scalar span (``'"'`` or ``"'"``). Never raises:
    errors are in the document's ``errors``.
    """
    builder = _build(source, fast=True)
    return JsonDocument(builder.root, errors=builder.errors), builder.quotes


def _build(source: SourceFile, *, fast: bool) -> _Builder:
    """The builder after its run, with libyaml's parser when ``fast`` and it gives the same events.

    libyaml (PyYAML's C extension) parses ~10x faster than PyYAML's own parser
    and gives the same events and marks, except around a BOM, a tab, a tag, a
    flow collection or a block scalar header followed by ``#``
    (:data:`_NOT_FOR_LIBYAML`), and in its errors: a text holding any of
    those, and one libyaml finds an error in, is parsed by PyYAML's own
    parser (only the first document is read; later ones are not compared).
    """
    if fast:
        loader = _libyaml_loader()
        if loader is not None and not _NOT_FOR_LIBYAML.search(source.text):
            builder = _Builder(source.text, source.index, loader)
            builder.run()
            if builder.clean:
                return builder
    builder = _Builder(source.text, source.index)
    builder.run()
    return builder


# Where libyaml's events differ from PyYAML's own parser's (tests/unit/scanners/
# test_compose_libyaml.py compares them): a BOM anywhere (its marks start one character
# earlier), a tab and a block scalar header followed by `#` (libyaml accepts what PyYAML
# refuses), a tag and a flow collection (an empty value's mark sits one character further).
# Any `{` or `[` counts as a flow collection, except in `${` (Compose's interpolation).
_NOT_FOR_LIBYAML = re.compile(r"[\ufeff\t!]|(?<!\$)[{\[]|[|>][-+0-9]*#")


@functools.cache
def _libyaml_loader() -> type[yaml.SafeLoader] | None:
    """PyYAML's ``CSafeLoader`` when PyYAML was built with libyaml, else ``None``."""
    import yaml

    loader: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
    return loader if yaml.__with_libyaml__ else None


def interpolated(value: str) -> str | None:
    """The value after Compose interpolation, or ``None`` when it reads a variable.

    ``$$`` is a literal ``$``; ``$NAME`` and ``${…}`` are filled in at run
    time (``None``).
    """
    out: list[str] = []
    pos = 0
    for match in _INTERPOLATION.finditer(value):
        if match.group() != "$$":
            return None
        out.append(value[pos : match.start()] + "$")
        pos = match.end()
    out.append(value[pos:])
    return "".join(out)


def mapping_assignment(
    source: SourceFile,
    member: JsonMember,
    quotes: dict[Span, str],
    evaluate: Callable[[str], str | None] = interpolated,
) -> Assignment | None:
    """The :class:`Assignment` of a YAML mapping entry ``NAME: value`` (``None`` for ``NAME:``).

    ``quotes`` maps a quoted scalar's span to its quote (from :func:`parse_yaml`);
    ``evaluate`` turns the scalar's text into what the program gets (Compose's
    interpolation by default; ``None`` when computed). Spans are 0-based.
    """
    value = member.value
    if value.type in {"null", "object", "array", "error"}:
        return None  # `KEY:` passes the host's variable through
    raw = source.index.slice(value.content_span)
    text = value.value if isinstance(value.value, str) else raw
    name_span = member.key_span
    if member.key_span in quotes:  # inside the quotes (a quoted key never spans lines here)
        start, end = member.key_span.start, member.key_span.end
        name_span = Span(
            Position(start.line, start.character + 1), Position(end.line, end.character - 1)
        )
    return Assignment(
        name=member.key,
        name_span=name_span,
        value=evaluate(text),
        raw_value=source.index.slice(value.span),
        value_span=value.span,
        content_span=value.content_span,
        raw_content=raw,
        quote=quotes.get(value.span, ""),
        statement_span=member.span,
    )


def _list_assignment(source: SourceFile, item: JsonValue) -> Assignment | None:
    if item.type == "null" or item.type in {"object", "array", "error"}:
        return None
    index = source.index
    raw = index.slice(item.content_span)
    text = item.value if isinstance(item.value, str) else raw
    if "=" not in text or "=" not in raw:
        return None  # `- KEY` passes the host's variable through
    name, value = text.split("=", 1)
    raw_name, raw_value = raw.split("=", 1)
    start = index.offset(item.content_span.start)
    end = index.offset(item.content_span.end)
    equals = start + len(raw_name)
    value_span = index.span(equals + 1, end)
    return Assignment(
        name=name,
        name_span=index.span(start, equals),
        value=interpolated(value),
        raw_value=raw_value,
        value_span=value_span,
        content_span=value_span,
        raw_content=raw_value,
        quote="",
        statement_span=item.span,
    )


def _merged(mapping: JsonValue) -> list[JsonValue]:
    """The mappings a ``<<`` member merges into ``mapping`` (first wins, as in YAML)."""
    merge = mapping.get("<<")
    if merge is None:
        return []
    if merge.type == "object":
        return [merge]
    return [m for m in merge.items if m.type == "object"]


def _service_environment(service: JsonValue) -> JsonValue | None:
    """A service's ``environment``: its own, else the first merged mapping's (depth first).

    Iterative, and each mapping is looked at once: a chain of thousands of
    ``<<`` merges, or merges that share anchors, cost no stack and no blow-up.
    """
    stack = [service]
    seen: set[int] = set()
    while stack:
        mapping = stack.pop()
        if id(mapping) in seen:  # an alias of a mapping already searched: nothing there
            continue
        seen.add(id(mapping))
        own = mapping.get("environment")
        if own is not None:
            return own
        stack.extend(reversed(_merged(mapping)))
    return None


def _environment_assignments(
    source: SourceFile,
    environment: JsonValue,
    quotes: dict[Span, str],
    depth: int = 0,
    expanded: dict[int, int] | None = None,
) -> list[Assignment]:
    """The assignments of an environment, those of merged mappings (10 levels at most) first.

    ``expanded`` maps each mapping (by ``id``) to the smallest depth it was read
    at: one read again as deep or deeper adds only assignments already found
    (``scan`` keeps the first of each), so it is skipped. Without that,
    mappings that each merge the previous one several times (``<<: [*a, *a]``)
    cost fan-out to the tenth power.
    """
    found: list[Assignment] = []
    expanded = {} if expanded is None else expanded
    if expanded.get(id(environment), depth + 1) <= depth:
        return found
    expanded[id(environment)] = depth
    if environment.type == "array":
        for item in environment.items:
            assignment = _list_assignment(source, item)
            if assignment is not None:
                found.append(assignment)
    elif environment.type == "object":
        if depth < 10:  # merged mappings first: the file's own keys override them
            for merged in reversed(_merged(environment)):
                found.extend(_environment_assignments(source, merged, quotes, depth + 1, expanded))
        for member in environment.members:
            if member.key == "<<":
                continue
            assignment = mapping_assignment(source, member, quotes)
            if assignment is not None:
                found.append(assignment)
    return found


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Compose file. Never raises on bad YAML."""
    document, quotes = parse_yaml(source)
    assignments: list[Assignment] = []
    seen: set[tuple[str, Span]] = set()
    root = document.root
    services = root.get("services") if root is not None and root.type == "object" else None
    if services is not None and services.type == "object":
        for member in services.members:
            if member.value.type != "object":
                continue
            environment = _service_environment(member.value)
            if environment is None:
                continue
            for assignment in _environment_assignments(source, environment, quotes):
                key = (assignment.name, assignment.name_span)
                if key not in seen:
                    seen.add(key)
                    assignments.append(assignment)
    return ScannedFile(source, FileKind.COMPOSE, assignments=assignments, json=document)
