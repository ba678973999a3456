"""``--format text``: ruff-style lines with the offending source line shown.

Each finding reads ``path:row:col: CODE [*] message``, then the source line
with carets under the span, the related places (``= note:``) and the fix
(``= help:``). The source line is masked as a whole: every value of a
credential variable, whatever its characters (:attr:`FileResult.secrets`),
then every key-shaped run (:func:`~authlint.core.secrets.redact_spans`), so no
piece of a secret is shown even when the span cuts through it; the carets are
moved along with the text (a span edge inside a masked value snaps to the edge
of its mask).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from authlint.core.findings import Applicability, Finding
from authlint.core.secrets import mask, printable, redact, redact_spans
from authlint.output import FileResult, display_path


def _replacements(raw: str, secrets: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """``(start, end, masked)`` for the secret ranges and the shape pass, merged, in order."""
    ranges = sorted([*secrets, *((b, f) for b, f, _ in redact_spans(raw))])
    merged: list[list[int]] = []
    for begin, finish in ranges:
        if merged and begin < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], finish)
        else:
            merged.append([begin, finish])
    return [(b, f, mask(raw[b:f]) or "…") for b, f in merged]


def masked_line(
    raw: str, start: int, end: int, secrets: Sequence[tuple[int, int]] = ()
) -> tuple[str, int, int]:
    """Mask one source line and map the columns ``[start, end)`` onto the result.

    ``secrets`` are character ranges masked whole whatever they hold (the
    values of credential variables); key-shaped runs elsewhere are masked too.
    Returns the shown line (tabs turned into single spaces so columns keep
    their width) and the mapped ``start`` and ``end`` columns.
    """
    spans = _replacements(raw, secrets)

    def moved(column: int, is_start: bool) -> int:
        shift = 0
        for begin, finish, masked in spans:
            if column >= finish:
                shift += len(masked) - (finish - begin)
            elif column > begin:  # inside a masked run: snap to its edge
                return begin + shift + (0 if is_start else len(masked))
            else:
                break
        return column + shift

    pieces: list[str] = []
    last = 0
    for begin, finish, masked in spans:
        pieces += [raw[last:begin], masked]
        last = finish
    pieces.append(raw[last:])
    shown = "".join(pieces).replace("\t", " ")
    new_start = moved(start, True)
    return shown, new_start, max(moved(end, False), new_start)


def _snippet(result: FileResult, finding: Finding) -> list[str]:
    source = result.source
    line = finding.span.start.line
    if line >= source.index.line_count:
        return []
    raw = source.index.line_text(line)
    start = min(finding.span.start.character, len(raw))
    end = finding.span.end.character if finding.span.end.line == line else len(raw)
    end = min(max(end, start), len(raw))
    shown, start, end = masked_line(raw, start, end, result.secrets.line_ranges(line, raw))
    gutter = str(line + 1)
    pad = " " * len(gutter)
    carets = "^" * max(1, end - start)
    return [
        f"{pad} |",
        f"{gutter} | {shown}",
        f"{pad} | {' ' * start}{carets} {finding.code}",
        f"{pad} |",
    ]


def _where(path: Path | None, row: int, column: int, cwd: Path) -> str:
    return f"{display_path(path, cwd)}:{row + 1}:{column + 1}"


def render(
    results: list[FileResult],
    cwd: Path,
    *,
    show_source: bool = True,
    outcomes: Sequence[str] = (),
) -> str:
    """The report: one block per finding, a summary line, then the outcome per context in use.

    Takes the checked files, the folder paths are shown relative to, whether
    to show source lines, and the outcome lines
    (:func:`authlint.outcome.render.outcome_line`, already masked); returns
    the text, newline-terminated.
    """
    out: list[str] = []
    total = fixable = unsafe = fixed = 0
    for result in results:
        fixed += result.fixed
        for finding in result.findings:
            total += 1
            safe = finding.fix is not None and finding.fix.applicability is Applicability.SAFE
            fixable += safe
            unsafe += finding.fix is not None and not safe
            start = finding.span.start
            marker = " [*]" if safe else ""
            where = _where(finding.path, start.line, start.character, cwd)
            out.append(f"{where}: {finding.code}{marker} {redact(finding.message)}")
            if show_source:
                out.extend(_snippet(result, finding))
            for related in finding.related:
                rel = related.span.start
                rel_where = _where(related.path or finding.path, rel.line, rel.character, cwd)
                out.append(f"  = note: {rel_where}: {redact(related.message)}")
            if finding.fix is not None:
                kind = "" if safe else " (unsafe)"
                out.append(f"  = help: {redact(finding.fix.title)}{kind}")
            out.append("")
    if total:
        word = "problem" if total == 1 else "problems"
        line = f"Found {total} {word}"
        if fixable:
            line += f" ({fixable} fixable with --fix)"
        out.append(line + ".")
        if unsafe:
            fixes = "fix is" if unsafe == 1 else "fixes are"
            out.append(f"{unsafe} more {fixes} available with --fix --unsafe-fixes.")
    if fixed:
        out.append(f"Fixed {fixed} {'problem' if fixed == 1 else 'problems'}.")
    if not total and not fixed:
        out.append("All checks passed!")
    if outcomes:
        out.append("")
        out.append("Predicted outcome per launch context in use:")
        out.extend(f"  {redact(line)}" for line in outcomes)
    return printable("\n".join(out) + "\n")
