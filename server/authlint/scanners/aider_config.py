"""Aider's YAML config file (``.aider.conf.yml`` in the home folder, the git root or the cwd).

The YAML is read with :func:`authlint.scanners.compose.parse_yaml` (PyYAML
events with marks, mapped onto the :class:`JsonValue` tree). Aider turns
some of its options into environment variables before it calls the model,
and the scanner emits those as :class:`Assignment` facts:

- ``anthropic-api-key: KEY`` sets ``ANTHROPIC_API_KEY`` (``openai-api-key``
  sets ``OPENAI_API_KEY``), after the ``api-key`` entries, so it wins;
- each ``api-key:`` entry ``provider=KEY`` sets ``<PROVIDER>_API_KEY`` (the
  provider upper-cased, both parts stripped): ``- anthropic=sk-ant-…`` sets
  ``ANTHROPIC_API_KEY``; the name span is the provider, the value the key;
- each ``set-env:`` entry ``NAME=value`` sets ``NAME`` (value stripped).

A single string instead of a list (``api-key: anthropic=…``) counts as one
entry. An entry without ``=`` is left to the rules (aider stops with
``Invalid --api-key format``). Aider does not expand ``$VAR`` or ``${VAR}``.

Sources: aider docs "API Keys" (``anthropic-api-key:``, ``api-key:`` list
entries ``provider=<key>`` setting ``PROVIDER_API_KEY``) and "YAML config
file" (home, git root, current folder; the last loaded wins), aider
``main.py`` (``provider.strip().upper() + "_API_KEY"``, ``key.strip()``).
"""

from __future__ import annotations

from authlint.core.facts import Assignment, FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span
from authlint.scanners.compose import parse_yaml

DEDICATED = {"anthropic-api-key": "ANTHROPIC_API_KEY", "openai-api-key": "OPENAI_API_KEY"}
LIST_OPTIONS = ("set-env", "api-key")  # the order aider applies them


def entries(root: JsonValue | None, option: str) -> list[JsonValue]:
    """The scalar entries of a list option (``api-key``, ``set-env``): items, or one string."""
    if root is None or root.type != "object":
        return []
    value = root.get(option)
    if value is None:
        return []
    if value.type == "array":
        return [item for item in value.items if item.type not in {"object", "array", "error"}]
    if value.type in {"string", "number"}:
        return [value]
    return []


def _dedicated(
    source: SourceFile, member: JsonMember, name: str, quotes: dict[Span, str]
) -> Assignment | None:
    value = member.value
    if value.type in {"null", "object", "array", "error"}:
        return None
    raw = source.index.slice(value.content_span)
    text = value.value if isinstance(value.value, str) else raw
    name_span = member.key_span
    if member.key_span in quotes:
        start, end = name_span.start, name_span.end
        name_span = Span(
            Position(start.line, start.character + 1), Position(end.line, end.character - 1)
        )
    return Assignment(
        name=name,
        name_span=name_span,
        value=text,
        raw_value=source.index.slice(value.span),
        value_span=value.span,
        content_span=value.content_span,
        raw_content=raw,
        quote=quotes.get(value.span, ""),
        statement_span=member.span,
    )


def split_entry(source: SourceFile, item: JsonValue) -> tuple[str, Span, str, Span] | None:
    """``provider=KEY`` as (name as written, its span, value as written, its span); or ``None``.

    ``None`` when the entry holds no ``=`` or when its quotes make the text
    differ from what is written before the ``=``.
    """
    index = source.index
    raw = index.slice(item.content_span)
    text = item.value if isinstance(item.value, str) else raw
    if "=" not in text or "=" not in raw:
        return None
    name, value = text.split("=", 1)
    raw_name, _ = raw.split("=", 1)
    if raw_name != name:
        return None
    start = index.offset(item.content_span.start)
    end = index.offset(item.content_span.end)
    equals = start + len(raw_name)
    return name, index.span(start, equals), value, index.span(equals + 1, end)


def _entry_assignment(
    source: SourceFile, item: JsonValue, option: str, quotes: dict[Span, str]
) -> Assignment | None:
    parts = split_entry(source, item)
    if parts is None:
        return None
    name, name_span, value, value_span = parts
    stripped = name.strip()
    if not stripped:
        return None
    variable = f"{stripped.upper()}_API_KEY" if option == "api-key" else stripped
    raw_value = source.index.slice(value_span)
    return Assignment(
        name=variable,
        name_span=name_span,
        value=value.strip(),
        raw_value=raw_value,
        value_span=value_span,
        content_span=value_span,
        raw_content=raw_value,
        quote=quotes.get(item.span, ""),
        statement_span=item.span,
    )


def scan(source: SourceFile) -> ScannedFile:
    """Scan an aider config file. Never raises on bad YAML."""
    document, quotes = parse_yaml(source)
    root = document.root
    found: list[Assignment] = []
    if root is not None and root.type == "object":
        for option in LIST_OPTIONS:  # applied first: the dedicated options win
            for item in entries(root, option):
                assignment = _entry_assignment(source, item, option, quotes)
                if assignment is not None:
                    found.append(assignment)
        for member in root.members:
            name = DEDICATED.get(member.key)
            if name is not None:
                assignment = _dedicated(source, member, name, quotes)
                if assignment is not None:
                    found.append(assignment)
    return ScannedFile(source, FileKind.AIDER_CONFIG, assignments=found, json=document)
