"""``authlint verify`` output: text for people, JSON for tools. Everything is masked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from authlint.core.secrets import redact
from authlint.verify import Report

if TYPE_CHECKING:
    from authlint.verify.context import ContextReport


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
        elif check.credential is None:  # a source that is not checked (apiKeyHelper)
            who = check.variable
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


def render_contexts_json(results: Sequence[ContextReport]) -> str:
    """``verify --context`` as one JSON document: overall verdict, then one entry per context."""
    data = {
        "accepted": bool(results) and all(r.accepted for r in results),
        "contexts": [r.as_dict() for r in results],
    }
    return redact(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def render_contexts_text(results: Sequence[ContextReport]) -> str:
    """``verify --context`` as text: per context, where each value came from, then the report.

    Several contexts are separated by a blank line and followed by an overall line.
    """
    blocks: list[str] = []
    for result in results:
        lines = [f"context {result.context.name}: {result.context.title}"]
        for source in result.sources:
            origin = "" if source.origin == source.variable else f" as {source.variable}"
            lines.append(f"  {source.origin} = {source.shown}{origin}  (from {source.where})")
        if not result.sources:
            lines.append("  (no value from any file read)")
        blocks.append(redact("\n".join(lines)) + "\n" + render_text(result.report))
    if len(results) > 1:
        rejected = [r.context.name for r in results if not r.accepted]
        overall = (
            f"overall: NOT accepted in {', '.join(rejected)}"
            if rejected
            else f"overall: accepted in all {len(results)} contexts"
        )
        blocks.append(redact(overall) + "\n")
    return "\n".join(blocks)
