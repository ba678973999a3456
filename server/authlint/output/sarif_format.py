"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Columns are 1-based code points (``columnKind: unicodeCodePoints``);
``endColumn`` is exclusive (SARIF §3.30.5). Artifact URIs
of files below the working directory are relative, percent-encoded, with
``uriBaseId`` ``%SRCROOT%``; files elsewhere (home profiles) get an absolute
``file://`` URI. Every ``ruleId`` has a descriptor in ``tool.driver.rules``,
including ``AL000`` (a rule that failed while checking). No source text is
included; messages are redacted, and the whole log goes through
:func:`~authlint.core.secrets.printable` (a lone surrogate in a message or a
file name cannot make writing it fail).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from authlint import __version__
from authlint.core.findings import Severity
from authlint.core.secrets import printable, redact
from authlint.core.text import Span
from authlint.output import FileResult
from authlint.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INTERNAL_ERROR_RULE: dict[str, Any] = {
    "id": "AL000",
    "name": "internal-error",
    "shortDescription": {"text": "A rule failed while checking this file"},
    "help": {
        "text": "authlint could not finish checking this file; please report it.",
        "markdown": "authlint could not finish checking this file; please report it.",
    },
    "defaultConfiguration": {"level": "error"},
}


def artifact_location(path: Path | None, cwd: Path) -> dict[str, str]:
    """``artifactLocation`` for ``path``: relative to ``%SRCROOT%`` when below ``cwd``."""
    if path is None:
        return {"uri": "untitled:-"}
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(cwd))
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line + 1,
        "startColumn": span.start.character + 1,
        "endLine": span.end.line + 1,
        "endColumn": span.end.character + 1,
    }


def render(results: list[FileResult], cwd: Path) -> str:
    """The whole report as one SARIF log (one run, every rule in the driver).

    Takes the checked files and the folder URIs are made relative to; returns
    the JSON text, newline-terminated.
    """
    rules = all_rules()
    descriptors: list[dict[str, Any]] = [INTERNAL_ERROR_RULE]
    descriptors += [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "helpUri": rule.url,
            "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
            "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        }
        for rule in rules
    ]
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
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
                            "artifactLocation": artifact_location(finding.path, cwd),
                            "region": _region(finding.span),
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
                            "artifactLocation": artifact_location(r.path or finding.path, cwd),
                            "region": _region(r.span),
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
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return printable(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
