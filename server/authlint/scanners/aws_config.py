"""The AWS CLI/SDK shared config file ``~/.aws/config`` (INI).

The values are read with :mod:`configparser` as botocore reads them (sections
``[default]``, ``[profile NAME]``, ``[sso-session NAME]``, ``[services NAME]``;
``key = value`` or ``key: value``; full-line ``#`` / ``;`` comments; indented
continuation lines; later duplicates win). Because ``configparser`` keeps no
positions, a line pass finds where each section header and key is written, and
the two are joined: the result is the :class:`~authlint.core.facts.JsonValue`
tree the JSON scanners build, so rules walk one shape:

- the root object has one member per section, keyed by the section name as
  written between the brackets (``"profile dev"``, ``"sso-session corp"``);
  its ``key_span`` is that name, its value an object spanning the section;
- each section object has one string member per key (lower-cased, as botocore
  does), ``key_span`` the key and the value span the value text.

No :class:`~authlint.core.facts.Assignment` facts: the file sets no
environment variables. A file ``configparser`` rejects (a key before any
section, a broken header) gives the sections read before the error and an
entry in ``json.errors``; scanning never raises.

Sources: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
(format, ``[profile NAME]`` and ``[sso-session NAME]`` sections);
https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html
(``sso_session``, ``sso_start_url``).
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass, field

from authlint.core.facts import FileKind, JsonDocument, JsonMember, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span

_HEADER = re.compile(r"^\s*\[(?P<name>[^\]]*)\]\s*(?:[#;].*)?$")
_KEY = re.compile(r"^(?P<key>[^\s=:#;\[][^=:]*?)\s*[=:]\s*(?P<value>.*?)\s*$")
_COMMENT = re.compile(r"^\s*[#;]")


@dataclass
class _Section:
    name: str
    name_span: Span
    start_line: int
    end_line: int
    keys: dict[str, tuple[Span, Span]] = field(default_factory=dict)


def _positions(source: SourceFile) -> list[_Section]:
    """Where each section and key is written (the last duplicate of a key wins)."""
    sections: list[_Section] = []
    index = source.index
    for number in range(index.line_count):
        line = index.line_text(number)
        header = _HEADER.match(line)
        if header:
            start = header.start("name")
            name = header.group("name").strip()
            lead = len(header.group("name")) - len(header.group("name").lstrip())
            span = Span.at(number, start + lead, start + lead + len(name))
            sections.append(_Section(name, span, number, number))
            continue
        if not sections:
            continue
        sections[-1].end_line = number
        if not line.strip() or _COMMENT.match(line) or line[:1] in (" ", "\t"):
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        key_span = Span.at(number, key.start("key"), key.end("key"))
        value_span = Span.at(number, key.start("value"), key.end("value"))
        sections[-1].keys[key.group("key").strip().lower()] = (key_span, value_span)
    return sections


def _parsed(text: str) -> tuple[configparser.RawConfigParser, Exception | None]:
    parser = configparser.RawConfigParser(
        default_section="\0no-default", strict=False, interpolation=None
    )
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError) as error:
        return parser, error
    return parser, None


def scan(source: SourceFile) -> ScannedFile:
    """Scan ``~/.aws/config``. Never raises on bad syntax."""
    parser, error = _parsed(source.text)
    index = source.index
    members: list[JsonMember] = []
    for section in _positions(source):
        if not parser.has_section(section.name):
            continue
        whole = Span(
            Position(section.start_line, 0), index.position(index.line_end(section.end_line))
        )
        values: list[JsonMember] = []
        for key, (key_span, value_span) in section.keys.items():
            if not parser.has_option(section.name, key):
                continue
            value = parser.get(section.name, key)
            node = JsonValue("string", value_span, value_span, value)
            values.append(JsonMember(key, key_span, node, Span(key_span.start, value_span.end)))
        body = JsonValue("object", whole, whole, None, tuple(values))
        members.append(JsonMember(section.name, section.name_span, body, whole))
    full = index.span(0, len(source.text))
    root = JsonValue("object", full, full, None, tuple(members))
    errors = [Span.at(getattr(error, "lineno", 1) - 1, 0, 0)] if error is not None else []
    return ScannedFile(source, FileKind.AWS_CONFIG, json=JsonDocument(root, errors=errors))


def profile_section(file: ScannedFile, profile: str) -> JsonMember | None:
    """The section of ``profile``: ``[profile NAME]``, or ``[default]`` for ``default``."""
    root = file.json.root if file.json is not None else None
    if root is None:
        return None
    names = [f"profile {profile}"] + (["default"] if profile == "default" else [])
    found = None
    for member in root.members:
        if " ".join(member.key.split()) in names:
            found = member
    return found
