"""``--format json``: a list of objects with ruff's field names.

Rows and columns are 1-based code points (ruff's convention); ``end_location``
is exclusive. Edit contents are redacted like messages, so a fix that writes a
key shows it masked here (apply fixes with ``--fix``, not from this output); an
edit that rewrites a credential variable's value shows the new value masked
whole, and any piece of the file's secret values elsewhere in it is masked too
(:mod:`authlint.core.masking`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from authlint.core import pretty_json
from authlint.core.findings import Edit, Finding
from authlint.core.masking import Secrets
from authlint.core.secrets import printable, redact
from authlint.core.text import Position
from authlint.output import FileResult, display_path
from authlint.rules import rule_by_code


def location(position: Position) -> dict[str, int]:
    """``{"row", "column"}``, 1-based, from a 0-based position."""
    return {"row": position.line + 1, "column": position.character + 1}


def _content(edit: Edit, finding: Finding, secrets: Secrets) -> str:
    """An edit's new text as it may be shown: what repeats a secret it rewrites is masked."""
    own_file = edit.path is None or edit.path == finding.path
    if own_file:
        return redact(secrets.mask_edit(edit.new_text, edit.span))
    return redact(secrets.mask_text(edit.new_text))


def finding_to_dict(finding: Finding, cwd: Path, secrets: Secrets | None = None) -> dict[str, Any]:
    """One finding as a JSON-ready dict (see module docstring for the shape).

    ``secrets`` are those of the finding's file (:attr:`FileResult.secrets`),
    used to mask fix contents.
    """
    secrets = secrets if secrets is not None else Secrets()
    rule = rule_by_code(finding.code)
    fix = None
    if finding.fix is not None:
        fix = {
            "message": redact(finding.fix.title),
            "applicability": finding.fix.applicability.value,
            "edits": [
                {
                    "content": _content(edit, finding, secrets),
                    "location": location(edit.span.start),
                    "end_location": location(edit.span.end),
                    **({"filename": display_path(edit.path, cwd)} if edit.path else {}),
                }
                for edit in finding.fix.edits
            ],
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": redact(finding.message),
        "filename": display_path(finding.path, cwd),
        "location": location(finding.span.start),
        "end_location": location(finding.span.end),
        "fix": fix,
        "url": rule.url if rule else None,
        "related": [
            {
                "filename": display_path(r.path or finding.path, cwd),
                "location": location(r.span.start),
                "end_location": location(r.span.end),
                "message": redact(r.message),
            }
            for r in finding.related
        ],
        "contexts": list(finding.contexts),
    }


def render(results: list[FileResult], cwd: Path) -> str:
    """The whole report as a JSON array (pretty-printed, newline-terminated)."""
    rows = [
        finding_to_dict(f, cwd, result.secrets if f.fix is not None else None)
        for result in results
        for f in result.findings
    ]
    return printable(pretty_json.dumps(rows) + "\n")
