"""``authlint verify`` output: text for people, JSON for tools. Everything is masked."""

from __future__ import annotations

import json

from authlint.core.secrets import redact
from authlint.verify import Report


def render_json(report: Report) -> str:
    """The report as one JSON document (ends with a newline)."""
    return redact(json.dumps(report.as_dict(), indent=2, ensure_ascii=False)) + "\n"


def render_text(report: Report) -> str:
    """The report as lines of text (ends with a newline)."""
    lines: list[str] = []
    if report.url is not None:
        lines.append(f"GET {report.url}  (base URL from {report.base_source})")
        lines.append(
            f"proxy: {report.proxy}; HTTPS_PROXY, ALL_PROXY and NO_PROXY are honoured as "
            "httpx does, loopback is always direct"
        )
    for check in report.checks:
        who = f"{check.variable} {check.credential} ({check.kind}) as {check.header}"
        if check.variable is None:
            who = "no credential"
        status = f" {check.status}" if check.status is not None else ""
        message = f": {check.api_message}" if check.api_message else ""
        sent = "" if check.sent else " (nothing sent)"
        lines.append(f"{who}: {check.verdict.value}{status}{message}{sent}")
        if check.meaning and not check.accepted:
            lines.append(f"  meaning: {check.meaning}")
        if check.hint and not check.accepted:
            lines.append(f"  fix: {check.hint}")
        if check.request_id:
            lines.append(f"  request id: {check.request_id}")
    for note in report.notes:
        lines.append(f"note: {note}")
    verdict = "accepted" if report.accepted else "NOT accepted"
    lines.append(f"result: {verdict}")
    return redact("\n".join(lines)) + "\n"
