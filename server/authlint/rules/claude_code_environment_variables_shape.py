"""claude-code-environment-variables-shape.

## What it does
Checks that ``claudeCode.environmentVariables`` in VS Code settings is what
the Claude Code extension reads: an array of ``{"name": …, "value": …}``
objects. Reported: an object map (``{"ANTHROPIC_BASE_URL": "…"}``), items
written as ``"NAME=value"`` strings, items without ``name`` or ``value``, and
any other value. ``null`` and an empty object or array change nothing and are
not reported.

## Why is this bad?
The extension checks for credentials in this setting *before* it starts
Claude Code. Entries of another shape are not read, so the gateway URL and
token (or the API key) you put there never reach the login check or the
process, and the extension shows its login screen.

## Example
```jsonc
"claudeCode.environmentVariables": {
    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com",
},
```
Use instead:
```jsonc
"claudeCode.environmentVariables": [
    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm-gateway.example.com" },
],
```

## Fix safety
Safe where the intent is plain: an object map of strings becomes an array of
``{"name", "value"}`` objects, a ``"NAME=value"`` string or a one-entry
``{"NAME": "value"}`` item becomes ``{"name": "NAME", "value": "value"}``.
The edits only add the brackets and the ``"name"`` / ``"value"`` keys around
the text already there (values are never copied), so comments and the rest
of the file stay byte for byte. Items missing a ``value`` have no fix.

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  ``claudeCode.environmentVariables`` is an array of ``{"name": …, "value": …}`` objects,
  checked by the extension before it launches.
- https://code.claude.com/docs/en/vs-code
  the extension's settings.
- https://github.com/Medical-Software-Foundation/canvas/issues/191
  the ``["ANTHROPIC_API_KEY=sk…"]`` shape seen in the wild.
- https://github.com/anthropics/claude-code/issues/21926
  the extension shows the login screen when it does not see the credential.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.text import Position, Span
from authlint.rules._base import Rule
from authlint.rules._settings import CLAUDE_CODE_ENV, settings_object

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COLON_GAP = re.compile(r"\s*:\s*")
_IGNORED = (
    "the extension ignores it, so the variable never reaches Claude Code and it shows the "
    "login screen"
)
_IGNORED_ALL = (
    "the extension ignores it, so these variables never reach Claude Code and it shows the "
    "login screen"
)


def _point(span: Span, at_end: bool = False) -> Span:
    position = span.end if at_end else span.start
    return Span(position, position)


def _member_as_pair(file: ScannedFile, member: JsonMember) -> list[Edit] | None:
    """Edits turning ``"NAME": "value"`` into ``"name": "NAME", "value": "value"`` in place."""
    if not _NAME.fullmatch(member.key) or member.value.type != "string":
        return None
    index = file.source.index
    gap = Span(member.key_span.end, member.value.span.start)
    if not _COLON_GAP.fullmatch(index.slice(gap)):
        return None
    return [Edit(_point(member.key_span), '"name": '), Edit(gap, ', "value": ')]


def _map_fix(file: ScannedFile, value: JsonValue) -> Fix | None:
    """The object map rewritten as an array of ``{"name", "value"}`` objects."""
    edits = [Edit(Span(value.span.start, _shift(value.span.start, 1)), "[")]
    for member in value.members:
        pair = _member_as_pair(file, member)
        if pair is None:
            return None
        edits.append(Edit(_point(member.key_span), "{ "))
        edits.extend(pair)
        edits.append(Edit(_point(member.value.span, at_end=True), " }"))
    edits.append(Edit(Span(_shift(value.span.end, -1), value.span.end), "]"))
    return Fix(RULE.fix_title or "", _merge_points(edits), Applicability.SAFE)


def _shift(position: Position, delta: int) -> Position:
    return Position(position.line, position.character + delta)


def _merge_points(edits: list[Edit]) -> tuple[Edit, ...]:
    """Join an insertion with the next edit when that one starts at the same point.

    Editors reject edits whose ranges touch at one point in some clients, so
    ``insert " }"`` followed by ``replace "}" with "]"`` becomes one edit.
    """
    merged: list[Edit] = []
    for edit in edits:
        last = merged[-1] if merged else None
        if last is not None and last.span.start == last.span.end == edit.span.start:
            merged[-1] = Edit(edit.span, last.new_text + edit.new_text)
        else:
            merged.append(edit)
    return tuple(merged)


def _string_item_fix(file: ScannedFile, item: JsonValue) -> Fix | None:
    """``"NAME=value"`` rewritten as ``{ "name": "NAME", "value": "value" }`` in place."""
    index = file.source.index
    raw = index.slice(item.content_span)
    name, equals, _ = raw.partition("=")
    if (
        not equals
        or not _NAME.fullmatch(name)
        or item.content_span.start.line != item.content_span.end.line
    ):
        return None
    at = item.content_span.start.character + len(name)
    line = item.content_span.start.line
    edits = (
        Edit(_point(item.span), '{ "name": '),
        Edit(Span.at(line, at, at + 1), '", "value": "'),
        Edit(_point(item.span, at_end=True), " }"),
    )
    return Fix(RULE.fix_title or "", edits, Applicability.SAFE)


def _item_problem(file: ScannedFile, item: JsonValue) -> tuple[str, Fix | None] | None:
    """What is wrong with one array item (and its fix), or ``None`` for a good item."""
    if item.type == "string":
        text = item.value if isinstance(item.value, str) else ""
        head = text.partition("=")[0]
        what = f'the string "{head}=…"' if "=" in text and _NAME.fullmatch(head) else "a string"
        return f'item is {what}, not a {{"name", "value"}} object', _string_item_fix(file, item)
    if item.type != "object":
        return f'item is {_article(item.type)}, not a {{"name", "value"}} object', None
    name = item.get("name")
    if name is not None and name.type == "string":
        if item.member("value") is None:
            return f'item for "{name.value}" has no "value"', None
        return None
    if name is None and len(item.members) == 1 and item.members[0].key not in {"name", "value"}:
        only = item.members[0]
        pair = _member_as_pair(file, only)
        fix = Fix(RULE.fix_title or "", tuple(pair), Applicability.SAFE) if pair else None
        return f'item {{"{only.key}": …}} has no "name" and "value"', fix
    if name is None:
        return 'item has no "name"', None
    return '"name" is not a string', None


def _article(kind: str) -> str:
    names = {"array": "an array", "number": "a number", "string": "a string", "object": "an object"}
    return names.get(kind, kind)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``claudeCode.environmentVariables`` value or item of the wrong shape."""
    settings = settings_object(file)
    member = settings.member(CLAUDE_CODE_ENV) if settings is not None else None
    if member is None:
        return
    value = member.value
    if value.type == "object":
        if not value.members:
            return
        names = ", ".join(m.key for m in value.members[:3]) + (
            " …" if len(value.members) > 3 else ""
        )
        message = (
            f"`{CLAUDE_CODE_ENV}` is an object ({names}), not an array of "
            f'{{"name", "value"}} objects: {_IGNORED_ALL}'
        )
        yield RULE.finding(file, member.span, message, fix=_map_fix(file, value))
        return
    if value.type == "array":
        for item in value.items:
            problem = _item_problem(file, item)
            if problem is not None:
                text, fix = problem
                yield RULE.finding(
                    file, item.span, f"`{CLAUDE_CODE_ENV}`: {text}; {_IGNORED}", fix=fix
                )
        return
    if value.type in {"null", "error"}:
        return
    message = (
        f"`{CLAUDE_CODE_ENV}` is {_article(value.type)}, not an array of "
        f'{{"name", "value"}} objects: {_IGNORED}'
    )
    yield RULE.finding(file, member.span, message)


RULE = Rule(
    code="AL707",
    name="claude-code-environment-variables-shape",
    summary="claudeCode.environmentVariables is not an array of {name, value} objects",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title='Rewrite as {"name", "value"} objects',
)
