"""Core <-> LSP conversions: spans, findings, fixes.

The core counts characters in code points and splits lines at ``\\r\\n``,
``\\n`` and ``\\r`` only (:class:`authlint.core.text.LineIndex`), as the LSP
specification does. Columns are converted here to the position encoding the
client negotiated (UTF-16 unless it offered UTF-8 or UTF-32) with pygls's
:class:`~pygls.workspace.PositionCodec`, always over the core's own lines:
``str.splitlines`` (which pygls's ``TextDocument.lines`` uses) also breaks at
U+2028, form feeds and other characters the client does not treat as line ends.

A diagnostic's ``data`` carries what its quick fix needs, as plain JSON::

    {"version": 3, "code": "AL201",
     "fix": {"title": "...", "applicability": "safe",
             "edits": [{"uri": "file:///…/.env", "range": {…}, "newText": "", "create": false}]}}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec

from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.core.secrets import redact
from authlint.core.text import LineIndex, Position, Span

SOURCE = "authlint"
_CODE = re.compile(r"AL\d{3}")

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

UINTEGER = 2**31 - 1  # the largest line or character LSP allows

# Text of another file (``.gitignore``) for converting spans in it; "" when it does not exist.
OtherText = Callable[[Path], LineIndex]


@dataclass(frozen=True)
class Target:
    """The document findings belong to: its URI, file path (``None`` if unsaved) and text."""

    uri: str
    path: Path | None
    index: LineIndex


@dataclass(frozen=True)
class ClientEdit:
    """One text edit in client units. ``create``: the file may have to be created first."""

    uri: str
    range: types.Range
    new_text: str
    create: bool = False


@dataclass(frozen=True)
class FixData:
    """A quick fix as carried in a diagnostic's ``data``."""

    title: str
    applicability: Applicability
    edits: tuple[ClientEdit, ...]


# --- positions and URIs ------------------------------------------------------------------


def is_ours(diagnostic: types.Diagnostic) -> bool:
    """Whether a diagnostic a client sends back (code action context) is one of ours.

    Most clients echo ``source``; some (Vim's ALE) send only ``code``, ``message``
    and ``range``, so a diagnostic without a source whose code is ``AL###`` counts.
    """
    if diagnostic.source is not None:
        return diagnostic.source == SOURCE
    return isinstance(diagnostic.code, str) and _CODE.fullmatch(diagnostic.code) is not None


def client_position(index: LineIndex, position: Position, codec: PositionCodec) -> types.Position:
    """Convert a code-point position to the client's units; out-of-range positions clamp."""
    last = index.line_count - 1
    if position.line > last:
        line, character = last, len(index.line_text(last))
    else:
        line = max(position.line, 0)
        character = max(position.character, 0)
    text = index.line_text(line)
    return types.Position(line=line, character=codec.client_num_units(text[:character]))


def client_range(index: LineIndex, span: Span, codec: PositionCodec) -> types.Range:
    """Convert a code-point span to a range in the client's units."""
    return types.Range(
        start=client_position(index, span.start, codec),
        end=client_position(index, span.end, codec),
    )


def uri_from_path(path: Path) -> str:
    """The ``file:`` URI of ``path`` (pygls's spelling, which matches VS Code's)."""
    return from_fs_path(str(path)) or path.as_uri()


def path_from_uri(uri: str) -> Path | None:
    """The file path of a ``file:`` URI, or ``None`` for other schemes (``untitled:``…)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


# --- findings -> diagnostics ---------------------------------------------------------------


@lru_cache(maxsize=256)
def rule_url(code: str) -> str | None:
    """The documentation URL of the rule ``code`` (``None`` for ``AL000`` and unknown codes)."""
    from authlint.rules import rule_by_code

    rule = rule_by_code(code)
    return rule.url if rule is not None else None


def fix_edits(
    fix: Fix, target: Target, codec: PositionCodec, other: OtherText
) -> tuple[ClientEdit, ...] | None:
    """A fix's edits in client units, or ``None`` when LSP cannot express it.

    ``Fix.drop_bom`` removes bytes that are not part of the editor's text, so
    such a fix is not offered. Edits on other files are converted against
    ``other(path)``.
    """
    if fix.drop_bom or not fix.edits:
        return None
    edits = []
    for edit in fix.edits:
        if edit.path is None or edit.path == target.path:
            edits.append(
                ClientEdit(target.uri, client_range(target.index, edit.span, codec), edit.new_text)
            )
        else:
            index = other(edit.path)
            edits.append(
                ClientEdit(
                    uri_from_path(edit.path),
                    client_range(index, edit.span, codec),
                    edit.new_text,
                    edit.create,
                )
            )
    return tuple(edits)


def to_diagnostic(
    finding: Finding,
    target: Target,
    codec: PositionCodec,
    *,
    version: int | None,
    other: OtherText,
    secret_fixes: bool = False,
) -> types.Diagnostic:
    """Convert a finding of ``target`` to a diagnostic; messages are redacted once more.

    A fix whose edits would write a key (moving a hard-coded key into ``.env``)
    is left out of ``data`` unless ``secret_fixes``: published diagnostics never
    carry a key, and the code action recomputes such a fix from the document.
    """
    url = rule_url(finding.code)
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=target.uri
                if r.path is None or r.path == target.path
                else uri_from_path(r.path),
                range=client_range(
                    target.index if r.path is None or r.path == target.path else other(r.path),
                    r.span,
                    codec,
                ),
            ),
            message=redact(r.message),
        )
        for r in finding.related
    ]
    data: dict[str, Any] = {"version": version, "code": finding.code}
    edits = fix_edits(finding.fix, target, codec, other) if finding.fix is not None else None
    carries_key = edits is not None and any(redact(e.new_text) != e.new_text for e in edits)
    if finding.fix is not None and edits is not None and (secret_fixes or not carries_key):
        data["fix"] = {
            "title": finding.fix.title,
            "applicability": finding.fix.applicability.value,
            "edits": [_edit_json(e) for e in edits],
        }
    return types.Diagnostic(
        range=client_range(target.index, finding.span, codec),
        message=redact(finding.message),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


# --- diagnostic data <-> edits -------------------------------------------------------------


def _range_json(r: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def _edit_json(edit: ClientEdit) -> dict[str, Any]:
    return {
        "uri": edit.uri,
        "range": _range_json(edit.range),
        "newText": edit.new_text,
        "create": edit.create,
    }


def _position(value: Any) -> types.Position:
    line, character = value["line"], value["character"]
    for number in (line, character):
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= UINTEGER:
            raise ValueError("bad position")
    return types.Position(line=line, character=character)


def _range(value: Any) -> types.Range:
    start, end = _position(value["start"]), _position(value["end"])
    if (end.line, end.character) < (start.line, start.character):
        raise ValueError("range ends before it starts")
    return types.Range(start=start, end=end)


def fix_from_data(data: Any) -> FixData | None:
    """The quick fix carried in a diagnostic's ``data``, or ``None`` if absent or malformed.

    ``data`` comes back from the client, so it is checked like any client input:
    a position that is negative or beyond LSP's ``uinteger``, or a range that ends
    before it starts, makes the fix malformed (the code action then recomputes it).
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("fix"), Mapping):
        return None
    fix = data["fix"]
    try:
        edits = tuple(
            ClientEdit(
                uri=str(e["uri"]),
                range=_range(e["range"]),
                new_text=str(e["newText"]),
                create=bool(e.get("create", False)),
            )
            for e in fix["edits"]
        )
        return FixData(str(fix["title"]), Applicability(fix["applicability"]), edits)
    except (KeyError, TypeError, ValueError):
        return None


def data_version(data: Any) -> int | None:
    """The document version a diagnostic's ``data`` was computed for (``None`` if unknown)."""
    if isinstance(data, Mapping) and isinstance(data.get("version"), int):
        return int(data["version"])
    return None
