"""Applying fixes to text: minimal edits, nothing else touched."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from authlint.core.findings import Edit, Fix
from authlint.core.source import SourceFile

# (start offset, end offset, order of appearance, new text)
_Local = tuple[int, int, int, str]


@dataclass
class FixResult:
    """The outcome of :func:`apply_fixes` for one file.

    ``source`` is the fixed file; ``applied`` the fixes used; ``other_files``
    the edits that target other files (grouped by path, in order).
    """

    source: SourceFile
    applied: list[Fix] = field(default_factory=list)
    other_files: dict[Path, list[Edit]] = field(default_factory=dict)


def _same_file(edit_path: Path | None, source_path: Path | None) -> bool:
    """Whether an edit's ``path`` names the source's own file (``None`` always does)."""
    if edit_path is None or edit_path == source_path:
        return True
    if source_path is None:
        return False
    return os.path.realpath(edit_path) == os.path.realpath(source_path)


def apply_fixes(source: SourceFile, fixes: Iterable[Fix]) -> FixResult:
    """Apply every fix whose own-file edits do not overlap an earlier accepted fix.

    Takes the file and the fixes in priority order; returns a :class:`FixResult`.
    A skipped fix is left for the next pass (callers re-check and re-apply until
    nothing changes, as ruff does). Edits keep every byte outside their spans,
    so line endings, BOM and encoding survive. Two insertions at one point from
    the same fix land in the order the fix lists them; from two fixes they
    conflict, and the later fix waits for the next pass.
    """
    accepted: list[_Local] = []
    result = FixResult(source)
    bom = source.bom
    for fix in fixes:
        local = [
            (
                source.index.offset(e.span.start),
                source.index.offset(e.span.end),
                len(accepted) + i,
                e.new_text,
            )
            for i, e in enumerate(fix.edits)
            if _same_file(e.path, source.path)
        ]
        if any(_overlap(a, b) for a in local for b in accepted):
            continue
        accepted.extend(local)
        result.applied.append(fix)
        if fix.drop_bom:
            bom = b""
        for edit in fix.edits:
            if not _same_file(edit.path, source.path) and edit.path is not None:
                result.other_files.setdefault(edit.path, []).append(edit)
    result.source = source.with_text(_splice(source.text, accepted), bom=bom)
    return result


def apply_edits(source: SourceFile, edits: Iterable[Edit]) -> SourceFile:
    """Apply edits to one file (all of them; overlapping edits are a caller bug).

    Insertions at the same point land in the order given. Returns the new file.
    """
    local = [
        (source.index.offset(e.span.start), source.index.offset(e.span.end), i, e.new_text)
        for i, e in enumerate(edits)
    ]
    return source.with_text(_splice(source.text, local))


def _splice(text: str, edits: list[_Local]) -> str:
    """Apply non-overlapping edits from the end backwards, so offsets stay valid.

    At one point, the later-listed edit is applied first, so the earlier-listed
    one ends up in front of it.
    """
    for start, end, _, new_text in sorted(edits, key=lambda e: (e[0], e[1], e[2]), reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def _overlap(a: _Local, b: _Local) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point
        return a[0] == b[0] and a[1] == b[1] or (b[0] < a[0] < b[1]) or (a[0] < b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]


def append_lines(source: SourceFile, lines: Iterable[str]) -> SourceFile:
    """``source`` with each of ``lines`` it does not hold yet (as a whole line) appended.

    Takes lines without their line break. The file's own line break is used
    (the one ending its last complete line; ``\\n`` for a file without any),
    and a last line without a break gets one first, so the new line stands on
    its own. Nothing else changes: BOM, encoding and every existing byte stay.
    """
    index = source.index
    present = {index.line_text(line) for line in range(index.line_count)}
    wanted = [line for line in dict.fromkeys(lines) if line not in present]
    if not wanted:
        return source
    newline = index.line_break(index.line_count - 2) if index.line_count > 1 else "\n"
    text = source.text
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return source.with_text(text + "".join(f"{line}{newline}" for line in wanted))
