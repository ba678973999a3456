"""Small queries rules share: which assignments hold credentials, and where."""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.facts import Assignment, ScannedFile
from authlint.core.secrets import ANTHROPIC_PREFIXES, CredentialKind, credential_kind
from authlint.core.text import Position, Span
from authlint.core.variables import CREDENTIAL_VARIABLES


def holds_credential(assignment: Assignment) -> bool:
    """Whether the assignment is a credential variable or its value looks like a key.

    Values computed at run time (``value is None``) never count.
    """
    value = assignment.value
    if value is None or not value.strip():
        return False
    if assignment.name in CREDENTIAL_VARIABLES:
        return True
    stripped = value.strip().strip("\"'“”‘’")
    return (
        stripped.startswith(ANTHROPIC_PREFIXES)
        or credential_kind(stripped) is not CredentialKind.UNKNOWN
    )


def credential_assignments(file: ScannedFile) -> Iterator[Assignment]:
    """The assignments of ``file`` that :func:`holds_credential`."""
    return (a for a in file.assignments if holds_credential(a))


def content_subspan(assignment: Assignment, start: int, end: int) -> Span:
    """The span of ``value[start:end]`` inside ``content_span`` (single-line values).

    Only meaningful when ``assignment.maps_one_to_one``; multi-line values map
    through the raw content's line breaks.
    """
    origin = assignment.content_span.start
    raw = assignment.raw_content

    def at(offset: int) -> Position:
        before = raw[:offset]
        breaks = before.count("\n")
        if breaks == 0:
            return Position(origin.line, origin.character + offset)
        return Position(origin.line + breaks, offset - before.rfind("\n") - 1)

    return Span(at(start), at(end))
