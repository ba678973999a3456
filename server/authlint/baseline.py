"""A baseline: accept the findings a repository has today, report only new ones.

``authlint check --write-baseline FILE`` records every finding of the run in
``FILE`` (after ``--fix``, if given) and exits 0; the report is printed as
usual. ``authlint check --baseline FILE`` then reports only the findings that
are not in ``FILE``, and the exit status follows those alone (a run whose
findings are all in the baseline exits 0).

Findings are matched by fingerprint (:mod:`authlint.output.fingerprints`, the
same value SARIF gives GitHub as ``partialFingerprints["authlint/v1"]``): rule
code, the file's path relative to the repository root, and the finding's
source line as shown masked, not its line number. So a finding survives lines
being added or removed around it, while a changed line (another key, whose
mask keeps the last four characters) is a new finding. A credential so short
that its mask is only ``…`` is matched whatever its value.

The file (JSON, UTF-8, ``\\n`` line ends, sorted so diffs stay small, no
time stamp)::

    {
      "authlint_baseline": 1,
      "fingerprint": "authlint/v1",
      "findings": [
        {
          "code": "AL201",
          "path": "app/.env",
          "line": 2,
          "fingerprint": "3c5e…(32 hex digits):1",
          "message": "ANTHROPIC_API_KEY value `sk-ant-api03-…q2AA ` ends with whitespace"
        }
      ]
    }

``path`` is relative to the repository root (the git work tree holding the
checked paths; without git, the folder authlint runs in), ``~/…`` for a home
profile;
``line`` (1-based) and ``message`` (masked, as the text report shows it) are
for people reviewing the file and are not matched. No key is written: only
masked text and hashes of masked text. Only ``code`` and ``fingerprint`` are
read back; entries no finding matches any more are left alone (write the
baseline again to drop them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from authlint.core import pretty_json
from authlint.core.secrets import printable, redact
from authlint.output import FileResult
from authlint.output.fingerprints import FINGERPRINT_KEY, ReportPaths

log = logging.getLogger("authlint")

FORMAT_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read or is not one this authlint writes."""


def entries(
    results: Sequence[FileResult], paths: ReportPaths, prints: Mapping[int, str]
) -> list[dict[str, Any]]:
    """The baseline entries of every finding in ``results``, sorted (path, line, code).

    ``prints`` are the findings' fingerprints by ``id()``
    (:func:`~authlint.output.fingerprints.fingerprints`).
    """
    rows = []
    for result in results:
        for finding in result.findings:
            rows.append(
                {
                    "code": finding.code,
                    "path": printable(paths.display(finding.path)),
                    "line": finding.span.start.line + 1,
                    "fingerprint": prints[id(finding)],
                    "message": redact(result.secrets.mask_text(finding.message)),
                }
            )
    rows.sort(key=lambda r: (r["path"], r["line"], r["code"], r["fingerprint"]))
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    """The baseline file's text for ``rows`` (see the module docstring)."""
    data = {"authlint_baseline": FORMAT_VERSION, "fingerprint": FINGERPRINT_KEY, "findings": rows}
    return printable(pretty_json.dumps(data) + "\n")


def write(
    file: Path, results: Sequence[FileResult], paths: ReportPaths, prints: Mapping[int, str]
) -> int:
    """Write the baseline of ``results`` to ``file``; return how many findings it holds.

    Raises ``OSError`` when the file cannot be written (nothing is changed then).
    """
    from authlint.core.source import atomic_write

    rows = entries(results, paths, prints)
    data = render(rows).encode("utf-8")
    atomic_write(file, data, create=not file.exists())
    return len(rows)


def load(file: Path) -> frozenset[tuple[str, str]]:
    """The ``(code, fingerprint)`` pairs a baseline file accepts.

    Raises :class:`BaselineError` (its message names the problem, never the
    file's content) when the file cannot be read, is not JSON, is not a
    baseline, or was written with another fingerprint version.
    """
    try:
        data = json.loads(file.read_bytes().decode("utf-8-sig"))
    except OSError as error:
        raise BaselineError(f"cannot read baseline {file}: {error.strerror}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"baseline {file} is not valid JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file} is not an authlint baseline (no findings list)")
    if data.get("authlint_baseline") != FORMAT_VERSION:
        raise BaselineError(f"{file}: unknown baseline format version; write it again")
    if data.get("fingerprint") != FINGERPRINT_KEY:
        raise BaselineError(
            f"{file} was written with other fingerprints; write it again (--write-baseline)"
        )
    accepted = set()
    for number, row in enumerate(data["findings"], 1):
        code = row.get("code") if isinstance(row, dict) else None
        fingerprint = row.get("fingerprint") if isinstance(row, dict) else None
        if not isinstance(code, str) or not isinstance(fingerprint, str):
            raise BaselineError(f"{file}: entry {number} has no code or fingerprint")
        accepted.add((code, fingerprint))
    return frozenset(accepted)


def new_findings(
    results: Sequence[FileResult],
    accepted: Collection[tuple[str, str]],
    prints: Mapping[int, str],
) -> tuple[list[FileResult], int]:
    """``results`` without the findings the baseline accepts, and how many were dropped.

    The findings kept are the same objects (``prints`` still apply to them);
    each result keeps its masking data (:attr:`FileResult.secrets`) when it
    was already computed.
    """
    kept: list[FileResult] = []
    dropped = 0
    seen: set[tuple[str, str]] = set()
    for result in results:
        remaining = []
        for finding in result.findings:
            key = (finding.code, prints[id(finding)])
            if key in accepted:
                dropped += 1
                seen.add(key)
            else:
                remaining.append(finding)
        new = replace(result, findings=remaining)
        if "secrets" in result.__dict__:
            new.__dict__["secrets"] = result.__dict__["secrets"]
        kept.append(new)
    stale = len(set(accepted) - seen)
    if stale:
        log.info("%d baseline entries match no finding any more", stale)
    return kept, dropped
