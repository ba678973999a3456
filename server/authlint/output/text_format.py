"""``--format text``: ruff-style lines with the offending source line shown.

The source line is passed through :func:`redact`, so a key on it is masked;
the caret row still points at the right columns of the masked line when the
masked part is before the finding (best effort: it is clamped otherwise).
"""

from __future__ import annotations

from pathlib import Path

from authlint.core.findings import Applicability, Finding
from authlint.core.secrets import redact
from authlint.core.source import SourceFile
from authlint.output import FileResult, display_path


def _snippet(source: SourceFile, finding: Finding) -> list[str]:
    line = finding.span.start.line
    if line >= source.index.line_count:
        return []
    raw = source.index.line_text(line)
    start = finding.span.start.character
    end = finding.span.end.character if finding.span.end.line == line else len(raw)
    # Redact the parts before, inside and after the span separately so carets stay aligned.
    before, inside, after = redact(raw[:start]), redact(raw[start:end]), redact(raw[end:])
    shown = (before + inside + after).replace("\t", " ")
    gutter = str(line + 1)
    pad = " " * len(gutter)
    carets = "^" * max(1, len(inside))
    return [
        f"{pad} |",
        f"{gutter} | {shown}",
        f"{pad} | {' ' * len(before)}{carets} {finding.code}",
        f"{pad} |",
    ]


def render(results: list[FileResult], cwd: Path, *, show_source: bool = True) -> str:
    """The report: one block per finding, then a summary line."""
    out: list[str] = []
    total = fixable = fixed = 0
    for result in results:
        fixed += result.fixed
        for finding in result.findings:
            total += 1
            safe = finding.fix is not None and finding.fix.applicability is Applicability.SAFE
            fixable += safe
            where = f"{display_path(finding.path, cwd)}:{finding.span.start.line + 1}:{finding.span.start.character + 1}"
            marker = " [*]" if safe else ""
            out.append(f"{where}: {finding.code}{marker} {redact(finding.message)}")
            if show_source:
                out.extend(_snippet(result.source, finding))
            for related in finding.related:
                rel_where = f"{display_path(related.path or finding.path, cwd)}:{related.span.start.line + 1}:{related.span.start.character + 1}"
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
    if fixed:
        out.append(f"Fixed {fixed} {'problem' if fixed == 1 else 'problems'}.")
    if not total and not fixed:
        out.append("All checks passed!")
    return "\n".join(out) + "\n"
