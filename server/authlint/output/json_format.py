"""``--format json``: a list of objects with ruff's field names.

Rows and columns are 1-based code points (ruff's convention); ``end_location``
is exclusive. Edit contents are redacted like messages, so a fix that writes a
key shows it masked here (apply fixes with ``--fix``, not from this output).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from authlint.core.findings import Finding
from authlint.core.secrets import redact
from authlint.core.text import Position
from authlint.output import FileResult, display_path
from authlint.rules import rule_by_code


def location(position: Position) -> dict[str, int]:
    """``{"row", "column"}``, 1-based, from a 0-based position."""
    return {"row": position.line + 1, "column": position.character + 1}


def finding_to_dict(finding: Finding, cwd: Path) -> dict[str, Any]:
    """One finding as a JSON-ready dict (see module docstring for the shape)."""
    rule = rule_by_code(finding.code)
    fix = None
    if finding.fix is not None:
        fix = {
            "message": redact(finding.fix.title),
            "applicability": finding.fix.applicability.value,
            "edits": [
                {
                    "content": redact(edit.new_text),
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
    }


def render(results: list[FileResult], cwd: Path) -> str:
    """The whole report as a JSON array (pretty-printed, newline-terminated)."""
    rows = [finding_to_dict(f, cwd) for result in results for f in result.findings]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
