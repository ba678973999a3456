"""Helpers for scanner tests: scan a text as one file kind, find one definition, build spans."""

from __future__ import annotations

from collections.abc import Callable

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners import scan


def scanner(kind: FileKind) -> Callable[[str], ScannedFile]:
    """A function that scans a text (an unsaved buffer) as ``kind``."""

    def facts(text: str) -> ScannedFile:
        return scan(SourceFile(None, text), kind)

    return facts


def at(line: int, start: int, end: int) -> Span:
    """The span of characters ``[start, end)`` on one 0-based ``line``."""
    return Span.at(line, start, end)


def only(result: ScannedFile, name: str) -> Assignment:
    """The single definition of ``name``; fails the test when there are none or several."""
    found = result.definitions(name)
    assert len(found) == 1, found
    return found[0]
