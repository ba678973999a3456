"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Columns are 1-based; ``endColumn`` is exclusive (SARIF §3.30.5). Artifact URIs
are relative to the working directory with ``uriBaseId`` ``%SRCROOT%``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from authlint import __version__
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import redact
from authlint.output import FileResult, display_path
from authlint.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _region(finding: Finding) -> dict[str, int]:
    return {
        "startLine": finding.span.start.line + 1,
        "startColumn": finding.span.start.character + 1,
        "endLine": finding.span.end.line + 1,
        "endColumn": finding.span.end.character + 1,
    }


def render(results: list[FileResult], cwd: Path) -> str:
    """The whole report as one SARIF log (one run, every rule in the driver)."""
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        for finding in result.findings:
            entry: dict[str, Any] = {
                "ruleId": finding.code,
                "level": _LEVELS[finding.severity],
                "message": {"text": redact(finding.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": display_path(finding.path, cwd),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": _region(finding),
                        }
                    }
                ],
            }
            if finding.code in index:
                entry["ruleIndex"] = index[finding.code]
            if finding.related:
                entry["relatedLocations"] = [
                    {
                        "id": i,
                        "message": {"text": redact(r.message)},
                        "physicalLocation": {
                            "artifactLocation": {"uri": display_path(r.path or finding.path, cwd)},
                            "region": {
                                "startLine": r.span.start.line + 1,
                                "startColumn": r.span.start.character + 1,
                            },
                        },
                    }
                    for i, r in enumerate(finding.related)
                ]
            sarif_results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "authlint",
                        "version": __version__,
                        "informationUri": "https://github.com/authlint/authlint",
                        "rules": [
                            {
                                "id": rule.code,
                                "name": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "helpUri": rule.url,
                                "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
                                "defaultConfiguration": {"level": _LEVELS[rule.severity]},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
