"""Small queries rules share: which assignments hold credentials, and where."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from authlint.core.facts import Assignment, FileKind, ScannedFile, Slip
from authlint.core.findings import Applicability, Edit, Fix
from authlint.core.secrets import ANTHROPIC_PREFIXES, CredentialKind, credential_kind
from authlint.core.text import LineIndex, Position, Span
from authlint.core.variables import AUTH_VARIABLES, CREDENTIAL_VARIABLES
from authlint.scanners import is_script as script_file


def holds_credential(assignment: Assignment) -> bool:
    """Whether the assignment is a credential variable or its value looks like a key.

    Values computed at run time (``value is None``) never count.
    """
    value = assignment.value
    if value is None or not value.strip():
        return False
    if assignment.name in CREDENTIAL_VARIABLES:
        return True
    if len(value) > 512:  # not kept by the cache
        return _looks_like_credential.__wrapped__(value)
    return _looks_like_credential(value)


# Large enough for every value of a 10,000-line file: several rules ask about each at every
# keystroke, and a smaller cache would evict each value before the next rule asks.
@functools.lru_cache(maxsize=32768)
def _looks_like_credential(value: str) -> bool:
    """Whether a value looks like a key; cached, as several rules ask about every value."""
    stripped = value.strip().strip("\"'“”‘’")
    return (
        stripped.startswith(ANTHROPIC_PREFIXES)
        or credential_kind(stripped) is not CredentialKind.UNKNOWN
    )


def credential_assignments(file: ScannedFile) -> Iterator[Assignment]:
    """The assignments of ``file`` that :func:`holds_credential`."""
    return (a for a in file.assignments if holds_credential(a))


def is_script(file: ScannedFile) -> bool:
    """Whether ``file`` is a shell script run as a program (:func:`authlint.scanners.is_script`)."""
    return file.kind is FileKind.SHELL and script_file(file.source.path, file.source.text)


def content_subspan(assignment: Assignment, start: int, end: int) -> Span:
    """The span of ``value[start:end]`` inside ``content_span`` (single-line values).

    Only meaningful when ``assignment.maps_one_to_one``; multi-line values map
    through the raw content's line breaks.
    """
    origin = assignment.content_span.start
    lines = _raw_lines(assignment.raw_content)

    def at(offset: int) -> Position:
        # An offset inside a CRLF maps to the line end; past the end, to the end.
        inner = lines.position(offset)
        if inner.line == 0:
            return Position(origin.line, origin.character + inner.character)
        return Position(origin.line + inner.line, inner.character)

    return Span(at(start), at(end))


@functools.lru_cache(maxsize=16)
def _raw_lines(raw: str) -> LineIndex:
    """The line index of a raw value, kept for the next edits in the same value.

    A fix deleting every quote of a value asks for one span per quote: a scan
    of the value per span made that quadratic.
    """
    return LineIndex(raw)


def value_span(assignment: Assignment) -> Span:
    """The span to underline for a value: inside the quotes when there is content."""
    return assignment.content_span if assignment.raw_content else assignment.value_span


def is_overridden(file: ScannedFile, assignment: Assignment) -> bool:
    """Whether a later top-level definition of the same variable always replaces this one.

    python-dotenv, Node ``dotenv`` and shells all keep the last definition, so
    an earlier value never reaches a client (AL306 reports the duplicate). A
    later definition inside an ``if`` or a function may not run, so it does
    not count. O(1): the file keeps each name's last top-level definition.
    """
    return file.is_overridden(assignment)


def live_definitions(file: ScannedFile, name: str) -> list[Assignment]:
    """The definitions of ``name`` that can reach a program.

    A definition followed by a later top-level one is overwritten before
    anything reads it (``.env`` loaders and sourced profiles keep the last
    value); one inside an ``if`` or a function may or may not run, so it does
    not overwrite earlier ones.
    """
    return [a for a in file.definitions(name) if not is_overridden(file, a)]


def rename_fix(file: ScannedFile, assignment: Assignment, new_name: str) -> Fix | None:
    """An unsafe fix renaming ``assignment``'s variable to ``new_name`` (name span only).

    ``None`` when the file already defines ``new_name`` (the rename would make
    two definitions compete) or the name is not found in its span.
    """
    if file.definitions(new_name):
        return None
    span = assignment.name_span
    if span.start.line != span.end.line:
        return None
    written = file.source.index.slice(span)
    at = written.lower().find(assignment.name.lower())
    if at < 0:
        return None
    start = span.start.character + at
    edit = Edit(Span.at(span.start.line, start, start + len(assignment.name)), new_name)
    return Fix(f"Rename {assignment.name} to {new_name}", (edit,), Applicability.UNSAFE)


AUTH_PREFIXES = ("ANTHROPIC_", "CLAUDE_")


def is_auth_ish(name: str) -> bool:
    """Whether ``name`` is an authentication variable or carries its prefixes."""
    return name in AUTH_VARIABLES or name.startswith(AUTH_PREFIXES)


def repair_only_removes_blanks(file: ScannedFile, slip: Slip) -> bool:
    """Whether every edit of the slip's repair deletes blanks (spaces or tabs) only."""
    index = file.source.index
    return all(
        edit.path is None and edit.new_text == "" and not index.slice(edit.span).strip(" \t")
        for edit in slip.repair
    )
