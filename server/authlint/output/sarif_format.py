"""``--format sarif``: SARIF 2.1.0 that GitHub code scanning takes whole.

One run; ``tool.driver.rules`` holds every rule (and ``AL000``, a rule that
failed while checking) with ``shortDescription`` (the summary),
``fullDescription`` (the doc's "What it does", at most 1000 characters),
``help`` (the rule doc, as text and Markdown), ``helpUri``,
``defaultConfiguration.level`` and ``properties``: ``tags``
(``authentication``, the rule family, and for rules about leaked or exposed
credentials ``security`` plus CWE tags), ``precision`` and
``problem.severity``, and for the ``security`` ones ``security-severity``
(a 0.0–10.0 score as a string: GitHub shows 7.0–8.9 as high, 4.0–6.9 as medium).

Each result has ``ruleId``/``ruleIndex``, ``level`` from the severity
(info → ``note``), the masked message, one location, ``partialFingerprints``
(``authlint/v1``: :mod:`authlint.output.fingerprints`; the same value the
baseline stores), ``relatedLocations`` and, when the finding has a fix whose
every edit can be shown without any piece of a secret, ``fixes``
(``artifactChanges`` of ``replacements``: each edit is narrowed to the
characters it really changes, so removing a space around a key is a
one-character deletion; ``properties.applicability`` is ``safe`` or
``unsafe``, as ``--fix`` and ``--unsafe-fixes`` treat it). A fix that writes a
key (moving it to ``.env``) or drops a byte-order mark is not included.

Columns are 1-based code points (``columnKind: unicodeCodePoints``);
``endColumn`` is exclusive (SARIF §3.30.5). Artifact URIs are relative and
percent-encoded: below the report root (:func:`~authlint.output.fingerprints.report_root`,
the repository's work tree) with ``uriBaseId`` ``%SRCROOT%``, below the home
folder with ``%HOME%`` (``~``); both are defined in ``originalUriBaseIds``.
Only a file outside both gets an absolute ``file://`` URI. No source text is
included; messages are redacted, and the whole log goes through
:func:`~authlint.core.secrets.printable`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from authlint import __version__
from authlint.core import pretty_json
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.secrets import printable, redact
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.output import FileResult
from authlint.output.fingerprints import FINGERPRINT_KEY, ReportPaths, fingerprints
from authlint.rules import FAMILIES, all_rules
from authlint.rules._base import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/authlint/authlint"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
BASE_IDS = {"root": "%SRCROOT%", "home": "%HOME%"}
FULL_DESCRIPTION_LIMIT = 1000
# Rules about a credential that leaks or is exposed: security-severity and CWE tags.
# Any other AL5xx (leaks) rule is a security rule too, scored by its severity.
SECURITY: dict[str, tuple[float, tuple[int, ...]]] = {
    "AL107": (5.0, (200,)),  # another vendor's key sent to api.anthropic.com
    "AL405": (7.5, (200,)),  # an Anthropic key sent to a third party
    "AL501": (8.5, (798, 312)),  # a complete key in a file git would commit
    "AL502": (7.5, (312, 538)),
    "AL601": (8.5, (798,)),  # hard-coded in SDK code
    "AL606": (8.5, (798, 200)),  # built into a browser bundle
    "AL702": (7.5, (798, 312)),
    "AL708": (7.5, (798, 312)),
    "AL710": (7.5, (798, 312)),
    "AL802": (7.5, (798, 312)),
    "AL806": (5.0, (829,)),  # a command from the repository run by Claude Code
    "AL811": (5.0, (312,)),
    "AL814": (5.5, (732,)),  # credentials readable by other users
    "AL905": (7.5, (200,)),
}
_DEFAULT_SECURITY_SCORE = {Severity.ERROR: 7.5, Severity.WARNING: 5.0, Severity.INFO: 2.0}

INTERNAL_ERROR_DOC = "authlint could not finish checking this file; please report it."
INTERNAL_ERROR_RULE: dict[str, Any] = {
    "id": "AL000",
    "name": "internal-error",
    "shortDescription": {"text": "A rule failed while checking this file"},
    "fullDescription": {"text": INTERNAL_ERROR_DOC},
    "help": {"text": INTERNAL_ERROR_DOC, "markdown": INTERNAL_ERROR_DOC},
    "helpUri": INFORMATION_URI,
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["authentication"], "precision": "high", "problem.severity": "error"},
}


def _uri(relative: str) -> str:
    """A relative path percent-encoded from its file-system bytes (undecodable names survive)."""
    return quote(os.fsencode(relative))


def artifact_location(path: Path | None, paths: ReportPaths | Path) -> dict[str, str]:
    """``artifactLocation`` for ``path``: relative to ``%SRCROOT%`` or ``%HOME%`` when below.

    ``paths`` says where the root and the home folder are (a bare ``Path`` is
    the root, with no home). An editor buffer (no path) is ``untitled:-``.
    """
    where = paths if isinstance(paths, ReportPaths) else ReportPaths(Path(os.path.abspath(paths)))
    if path is None:
        return {"uri": "untitled:-"}
    relative, base = where.locate(path)
    if base is None:
        return {"uri": Path(relative).as_uri()}
    return {"uri": _uri(relative), "uriBaseId": BASE_IDS[base]}


def _folder_uri(folder: Path) -> str:
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line + 1,
        "startColumn": span.start.character + 1,
        "endLine": span.end.line + 1,
        "endColumn": span.end.character + 1,
    }


def _section(doc: str, heading: str) -> str:
    """The text under ``heading`` in a rule doc, up to the next ``## `` heading."""
    match = re.search(rf"(?ms)^{re.escape(heading)}\s*$(.*?)(?=^## |\Z)", doc)
    return match.group(1).strip() if match else ""


def _plain(text: str) -> str:
    """Markdown-ish doc text as one plain line: code marks dropped, whitespace collapsed."""
    return " ".join(text.replace("``", "`").split())


def full_description(rule: Rule) -> str:
    """The rule's "What it does" as plain text, at most 1000 characters (else its summary)."""
    text = _plain(_section(rule.doc, "## What it does")) or f"{rule.summary}."
    if len(text) > FULL_DESCRIPTION_LIMIT:
        cut = text[: FULL_DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0]
        text = cut + "…"
    return text


def _help(rule: Rule) -> dict[str, str]:
    """The rule doc without its name line: Markdown, and the same text as plain text."""
    body = "\n".join(rule.doc.strip().splitlines()[1:]).strip()
    markdown = f"**{rule.code} {rule.name}**: {rule.summary}.\n\n{body}\n"
    return {"text": f"{rule.code} {rule.name}: {rule.summary}.\n\n{body}\n", "markdown": markdown}


def security_score(code: str, severity: Severity) -> float | None:
    """The ``security-severity`` of a rule about a leaked or exposed credential, else ``None``."""
    if code in SECURITY:
        return SECURITY[code][0]
    if code.startswith("AL5"):
        return _DEFAULT_SECURITY_SCORE[severity]
    return None


def _properties(rule: Rule) -> dict[str, Any]:
    family = FAMILIES.get(rule.code[:3], "")
    tags = ["authentication", *(["-".join(family.lower().split())] if family else [])]
    properties: dict[str, Any] = {
        "precision": "high",
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    score = security_score(rule.code, rule.severity)
    if score is not None:
        cwes = SECURITY.get(rule.code, (0.0, ()))[1]
        tags += ["security", *(f"external/cwe/cwe-{cwe}" for cwe in cwes)]
        properties["security-severity"] = f"{score:.1f}"
    return {"tags": tags, **properties}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """The ``reportingDescriptor`` of one rule (see the module docstring)."""
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full_description(rule)},
        "help": _help(rule),
        "helpUri": rule.url,
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": _properties(rule),
    }


def _narrow(source: SourceFile, span: Span, new_text: str) -> tuple[Span, str]:
    """The edit reduced to the characters it changes (same result when applied).

    Falls back to the edit as given when the narrowed ends would fall inside a
    CRLF, which lines and columns cannot point into.
    """
    index = source.index
    start, end = index.offset(span.start), index.offset(span.end)
    old = source.text[start:end]
    prefix = 0
    limit = min(len(old), len(new_text))
    while prefix < limit and old[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]
    ):
        suffix += 1
    first, last = start + prefix, end - suffix
    narrowed = index.span(first, last)
    if index.offset(narrowed.start) != first or index.offset(narrowed.end) != last:
        return span, new_text
    return narrowed, new_text[prefix : len(new_text) - suffix]


def _fix(result: FileResult, finding: Finding, paths: ReportPaths) -> dict[str, Any] | None:
    """The SARIF ``fix`` of a finding, or ``None`` when it has none that can be shown whole."""
    fix = finding.fix
    if fix is None or fix.drop_bom or not fix.edits:
        return None
    changes: dict[str, tuple[dict[str, str], list[dict[str, Any]]]] = {}
    for edit in fix.edits:
        own = edit.path is None or edit.path == finding.path
        if own:
            span, text = _narrow(result.source, edit.span, edit.new_text)
            shown = redact(result.secrets.mask_edit(text, span))
        else:
            span, text = edit.span, edit.new_text
            shown = redact(result.secrets.mask_text(text))
        if shown != text:
            return None  # it writes (part of) a secret: not shown
        location = artifact_location(edit.path or finding.path, paths)
        replacement: dict[str, Any] = {"deletedRegion": _region(span)}
        if text:
            replacement["insertedContent"] = {"text": text}
        key = json.dumps(location, sort_keys=True)
        changes.setdefault(key, (location, []))[1].append(replacement)
    unsafe = fix.applicability is not Applicability.SAFE
    return {
        "description": {"text": redact(fix.title) + (" (unsafe)" if unsafe else "")},
        "properties": {"applicability": fix.applicability.value},
        "artifactChanges": [
            {"artifactLocation": location, "replacements": replacements}
            for location, replacements in changes.values()
        ],
    }


def _result(
    result: FileResult,
    finding: Finding,
    paths: ReportPaths,
    fingerprint: str,
    index: Mapping[str, int],
) -> dict[str, Any]:
    secrets = result.secrets
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity],
        "message": {"text": redact(secrets.mask_text(finding.message))},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.path, paths),
                    "region": _region(finding.span),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in index:
        entry["ruleIndex"] = index[finding.code]
    if finding.related:
        entry["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": redact(secrets.mask_text(r.message))},
                "physicalLocation": {
                    "artifactLocation": artifact_location(r.path or finding.path, paths),
                    "region": _region(r.span),
                },
            }
            for i, r in enumerate(finding.related)
        ]
    fix = _fix(result, finding, paths)
    if fix is not None:
        entry["fixes"] = [fix]
    return entry


def render(
    results: list[FileResult],
    cwd: Path,
    *,
    paths: ReportPaths | None = None,
    prints: Mapping[int, str] | None = None,
) -> str:
    """The whole report as one SARIF log (one run, every rule in the driver).

    Takes the checked files; ``paths`` says where the report root and the
    home folder are (default: ``cwd`` is the root, no home); ``prints`` are
    the findings' fingerprints (:func:`~authlint.output.fingerprints.fingerprints`,
    computed here when not given). Returns the JSON text, newline-terminated.
    """
    where = paths or ReportPaths(Path(os.path.abspath(cwd)))
    known = prints if prints is not None else fingerprints(results, where)
    descriptors: list[dict[str, Any]] = [
        INTERNAL_ERROR_RULE,
        *(rule_descriptor(r) for r in all_rules()),
    ]
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    sarif_results: list[dict[str, Any]] = []
    used: set[str] = set()
    for result in results:
        own = known
        if any(id(f) not in known for f in result.findings):
            own = fingerprints([result], where)
        for finding in result.findings:
            fingerprint = known.get(id(finding)) or own[id(finding)]
            entry = _result(result, finding, where, fingerprint, index)
            sarif_results.append(entry)
            used.update(_base_ids(entry))
    bases: dict[str, Any] = {
        "%SRCROOT%": {
            "uri": _folder_uri(where.root),
            "description": {"text": "The repository (or project) root"},
        }
    }
    if "%HOME%" in used and where.home is not None:
        bases["%HOME%"] = {
            "uri": _folder_uri(where.home),
            "description": {"text": "The home folder (~)"},
        }
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "authlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": bases,
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return printable(pretty_json.dumps(log) + "\n")


def _base_ids(entry: dict[str, Any]) -> set[str]:
    """The ``uriBaseId`` values a result's locations, related locations and fixes use."""
    found: set[str] = set()
    stack: list[Any] = [entry]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            base = node.get("uriBaseId")
            if isinstance(base, str):
                found.add(base)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
