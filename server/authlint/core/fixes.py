"""Applying fixes to text: minimal edits, nothing else touched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from authlint.core.findings import Edit, Fix
from authlint.core.source import SourceFile


@dataclass
class FixResult:
    """The outcome of :func:`apply_fixes` for one file.

    ``source`` is the fixed file; ``applied`` the fixes used; ``other_files``
    the edits that target other files (grouped by path, in order).
    """

    source: SourceFile
    applied: list[Fix] = field(default_factory=list)
    other_files: dict[Path, list[Edit]] = field(default_factory=dict)


def apply_fixes(source: SourceFile, fixes: Iterable[Fix]) -> FixResult:
    """Apply every fix whose own-file edits do not overlap an earlier accepted fix.

    A skipped fix is left for the next pass (callers re-check and re-apply until
    nothing changes, as ruff does). Edits keep every byte outside their spans,
    so line endings, BOM and encoding survive.
    """
    accepted: list[tuple[int, int, str]] = []
    result = FixResult(source)
    bom = source.bom
    for fix in fixes:
        local = [
            (source.index.offset(e.span.start), source.index.offset(e.span.end), e.new_text)
            for e in fix.edits
            if e.path is None or e.path == source.path
        ]
        if any(_overlap(a, b) for a in local for b in accepted):
            continue
        accepted.extend(local)
        result.applied.append(fix)
        if fix.drop_bom:
            bom = b""
        for edit in fix.edits:
            if edit.path is not None and edit.path != source.path:
                result.other_files.setdefault(edit.path, []).append(edit)
    text = source.text
    for start, end, new_text in sorted(accepted, reverse=True):
        text = text[:start] + new_text + text[end:]
    result.source = source.with_text(text, bom=bom)
    return result


def apply_edits(source: SourceFile, edits: Iterable[Edit]) -> SourceFile:
    """Apply edits to one file (all of them; overlapping edits are a caller bug)."""
    spans = sorted(
        ((source.index.offset(e.span.start), source.index.offset(e.span.end), e.new_text) for e in edits),
        reverse=True,
    )
    text = source.text
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return source.with_text(text)


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point
        return a[0] == b[0] and a[1] == b[1] or (b[0] < a[0] < b[1]) or (a[0] < b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]
