"""Severities from outcomes: a finding weighs what it does to the requests that read its line.

The table (README "Severity"):

| the outcome layer predicts | severity |
|---|---|
| a context in use fails because of this line | error |
| only a plausible context not in use fails | warning |
| every client that reads the value accepts it (it trims the damage) | info |
| a key sent to another vendor's host, or a leak into a committed file | error (unchanged) |

A line rule still finds the defect; this module decides its severity, names
the contexts it breaks in :attr:`~authlint.core.findings.Finding.contexts`
and in the message. Findings of rules whose effect the model does not judge
(leaks, SDK code, syntax) keep the rule's severity; a value-shape finding on a
line that no modelled context reads is kept at most a warning, since only a
plausible context (a shell that could source it, a loader not found) would
fail. A user's ``severity`` setting still wins (applied after this).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from authlint.core.findings import Finding, Severity
from authlint.core.outcomes import Outcome
from authlint.core.text import Span
from authlint.outcome.render import short_name, state

# Findings whose severity does not depend on any request: leaks, code, file-level syntax.
_KEEP = frozenset(
    {
        "AL000",
        "AL312",
        "AL405",
        "AL501",
        "AL502",
        "AL506",
        "AL507",
        "AL508",
        "AL601",
        "AL606",
        "AL611",
        "AL702",
        "AL708",
        "AL710",
        "AL722",
        "AL723",
        "AL724",
        "AL725",
        "AL726",
        "AL727",
        "AL802",
        "AL811",
        "AL814",
        "AL503",
        "AL717",
        "AL718",
        "AL719",
        "AL720",
        "AL820",
        "AL821",
    }
)
# Rules about a value a client reads: the model judges what each client does with it.
VALUE_RULES = frozenset(
    {
        "AL101",
        "AL102",
        "AL103",
        "AL105",
        "AL106",
        "AL107",
        "AL108",
        "AL109",
        "AL201",
        "AL202",
        "AL204",
        "AL205",
        "AL206",
        "AL401",
        "AL402",
        "AL403",
        "AL404",
        "AL406",
    }
)
_VALUE_CAUSES = frozenset({"value", "url"})
# Rules whose problem exists only where Claude Code reads the value (a gateway rejecting its beta
# headers, a CA file Node never loads…): the rule names the contexts that read the line in
# ``Finding.contexts``. Its severity stands where one of them is in use, and drops one step
# (error to warning, warning to information) where none is.
READ_RULES = frozenset({"AL411", "AL412", "AL413", "AL414", "AL712", "AL815", "AL817"})
# Rules about a value that fails only when a client reads it, though the model does not
# judge the damage itself (an unresolved ``op://`` reference, an ill-tagged federation ID):
# error when a context in use reads the line, a warning when only one not in use does,
# and at most a warning when nothing modelled reads it.
LINE_READ_RULES = frozenset({"AL110", "AL111"})
# The generic root-cause rule: dropped where another finding already carries the line.
GENERIC = "AL900"


def _lines(span: Span) -> tuple[int, int]:
    return span.start.line, max(span.start.line, span.end.line - (span.end.character == 0))


def _overlap(a: Span, b: Span) -> bool:
    a0, a1 = _lines(a)
    b0, b1 = _lines(b)
    return a0 <= b1 and b0 <= a1


def _absolute(path: Path) -> Path:
    """``path`` as the model keeps paths: absolute, without ``..``."""
    return path if path.is_absolute() and ".." not in path.parts else Path(os.path.abspath(path))


def _names(found: Iterable[Outcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.name for o in found))


def _describe(found: Sequence[Outcome]) -> str:
    shown = [f"{short_name(o)} ({state(o)})" for o in found[:3]]
    if len(found) > 3:
        shown.append(f"{len(found) - 3} more")
    return ", ".join(shown)


class OutcomeIndex:
    """The failing outcomes of one sequence of outcomes by the paths of their causes.

    Built once per model's outcomes (the engine keeps it in the model's memo),
    so weighing a file's findings looks only at the outcomes that fail
    because of that file. ``outcomes`` is the sequence it was built from.
    """

    def __init__(self, outcomes: Sequence[Outcome]) -> None:
        self.outcomes = outcomes
        self.failing_by_path: dict[Path, list[Outcome]] = {}
        for outcome in outcomes:
            if outcome.fails:
                for path in dict.fromkeys(c.path for c in outcome.causes):
                    self.failing_by_path.setdefault(path, []).append(outcome)


def causes_at(
    outcomes: Sequence[Outcome],
    path: Path | None,
    span: Span,
    kinds: frozenset[str] | None = None,
    index: OutcomeIndex | None = None,
) -> list[Outcome]:
    """The failing outcomes with a cause in ``path`` on the lines of ``span``, in use first.

    ``kinds`` limits the causes to those kinds (:attr:`Cause.kind`); ``None``: any.
    ``index``: :class:`OutcomeIndex` of ``outcomes`` (ignored if built from another sequence).
    """
    if path is None:
        return []
    path = _absolute(path)
    if index is not None and index.outcomes is outcomes:
        candidates: Sequence[Outcome] = index.failing_by_path.get(path, ())
    else:
        candidates = [o for o in outcomes if o.fails]
    hit = [
        o
        for o in candidates
        if any(
            c.path == path and _overlap(c.span, span) and (kinds is None or c.kind in kinds)
            for c in o.causes
        )
    ]
    return sorted(hit, key=lambda o: not o.in_use)


def readers_at(outcomes: Sequence[Outcome], path: Path | None, span: Span) -> list[Outcome]:
    """The outcomes whose request used (and accepted) a definition on the lines of ``span``."""
    if path is None:
        return []
    path = _absolute(path)
    return [o for o in outcomes if any(d.path == path and _overlap(d.span, span) for d in o.reads)]


_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFO}


def _weigh_read(finding: Finding, outcomes: Sequence[Outcome]) -> Finding:
    """A :data:`READ_RULES` finding, weighed by whether a context that reads it is in use."""
    readers = [o for o in outcomes if o.context.name in finding.contexts]
    if not readers:
        return finding
    in_use = [o for o in readers if o.in_use]
    shown = ", ".join(dict.fromkeys(short_name(o) for o in (in_use or readers)[:3]))
    if in_use:
        return replace(finding, message=f"{finding.message} — read by {shown}")
    return replace(
        finding,
        severity=_LOWER.get(finding.severity, finding.severity),
        message=f"{finding.message} — read by {shown} (not in use here)",
    )


def _by_readers(finding: Finding, outcomes: Sequence[Outcome]) -> Finding:
    """A :data:`LINE_READ_RULES` finding weighed by the contexts that read its line."""
    readers = readers_at(outcomes, finding.path, finding.span)
    in_use = [o for o in readers if o.in_use]
    if in_use:
        names = ", ".join(dict.fromkeys(short_name(o) for o in in_use[:3]))
        return replace(
            finding,
            severity=Severity.ERROR,
            contexts=_names(in_use),
            message=f"{finding.message} — read by {names}",
        )
    if readers:
        names = ", ".join(dict.fromkeys(short_name(o) for o in readers[:3]))
        return replace(
            finding,
            severity=Severity.WARNING,
            contexts=_names(readers),
            message=f"{finding.message} — read by {names} (not in use here)",
        )
    if finding.severity is Severity.ERROR:
        return replace(finding, severity=Severity.WARNING)
    return finding


def weigh(
    findings: Sequence[Finding], outcomes: Sequence[Outcome], index: OutcomeIndex | None = None
) -> list[Finding]:
    """``findings`` of one file with severities, contexts and messages from ``outcomes``.

    Returns a new list in the same order; the generic root-cause finding
    (``AL900``) is dropped on lines another finding already covers. ``index``:
    an :class:`OutcomeIndex` of ``outcomes``, to look up causes without
    walking every outcome.
    """
    if not outcomes:
        return list(findings)
    weighed: list[Finding] = []
    for finding in findings:
        if finding.code in _KEEP:
            weighed.append(finding)
            continue
        if finding.code in READ_RULES:
            weighed.append(_weigh_read(finding, outcomes))
            continue
        kinds = _VALUE_CAUSES if finding.code in VALUE_RULES else None
        broken = causes_at(outcomes, finding.path, finding.span, kinds, index)
        in_use = [o for o in broken if o.in_use]
        if in_use:
            weighed.append(
                replace(
                    finding,
                    severity=Severity.ERROR,
                    contexts=_names(broken),
                    message=f"{finding.message} — breaks {_describe(broken)}",
                )
            )
            continue
        if broken:
            weighed.append(
                replace(
                    finding,
                    severity=Severity.WARNING,
                    contexts=_names(broken),
                    message=f"{finding.message} — breaks {_describe(broken)} (not in use here)",
                )
            )
            continue
        if finding.code in LINE_READ_RULES:
            weighed.append(_by_readers(finding, outcomes))
            continue
        if finding.code not in VALUE_RULES:
            weighed.append(finding)
            continue
        readers = readers_at(outcomes, finding.path, finding.span)
        if readers:
            readers.sort(key=lambda o: not o.in_use)
            names = ", ".join(dict.fromkeys(short_name(o) for o in readers[:3]))
            weighed.append(
                replace(
                    finding,
                    severity=Severity.INFO,
                    message=f"{finding.message} — harmless where it is read ({names} accept it)",
                )
            )
            continue
        if finding.severity is Severity.ERROR:
            weighed.append(
                replace(
                    finding,
                    severity=Severity.WARNING,
                    message=f"{finding.message} — no launch context found here reads this value",
                )
            )
            continue
        weighed.append(finding)
    covered = [f for f in weighed if f.code != GENERIC]
    return [
        f
        for f in weighed
        if f.code != GENERIC
        or not any(o.path == f.path and _overlap(o.span, f.span) for o in covered)
    ]
