"""The pipeline: source -> scanner -> facts -> rules -> findings.

:func:`check_source` is the one entry point the CLI and the language server
share. Rules run in code order; a rule that raises is reported as an internal
error finding (``AL000``) instead of stopping the file. Every finding's
message, related messages and fix title leave here with the file's secret
values masked (:meth:`authlint.core.masking.Secrets.mask_text`), anything
key-shaped masked (:func:`authlint.core.secrets.redact`) and lone
surrogates replaced, so no output channel can show a secret or fail to encode
the text; fix edits are left as they are (they are written to the file).
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.environment import EnvironmentModel
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.masking import Secrets, file_secrets
from authlint.core.outcomes import Outcome
from authlint.core.scope import check_scope
from authlint.core.secrets import redact
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.core.suppression import is_suppressed, suppressions
from authlint.core.text import Span
from authlint.outcome import outcomes
from authlint.outcome.weigh import OutcomeIndex, weigh
from authlint.rules import selected_rules
from authlint.rules._base import Rule
from authlint.scanners import read_source, scan

log = logging.getLogger("authlint")

_SEVERITIES = {s.value: s for s in Severity}


def check_source(
    source: SourceFile,
    kind: FileKind,
    context: CheckContext,
    settings: Settings | None = None,
) -> list[Finding]:
    """All findings for one file, sorted by position then code.

    Never raises for bad input: scanners tolerate broken syntax, and a failing
    rule becomes an ``AL000`` finding whose message names the rule.
    """
    settings = settings or Settings()
    scanned = scan(source, kind)
    return check_scanned(scanned, context, settings)


def check_scanned(scanned: ScannedFile, context: CheckContext, settings: Settings) -> list[Finding]:
    """Run the selected rules over an already scanned file (see :func:`check_source`).

    With an environment model, the predicted outcomes (:func:`authlint.outcome.outcomes`)
    are handed to the rules and decide each finding's severity
    (:func:`authlint.outcome.weigh.weigh`); a ``severity`` setting still wins.
    """
    if context.environment is not None and not context.outcomes:
        context = _with_outcomes(context, context.environment)
    findings: list[Finding] = []
    # Environment blocks that never meet (VS Code's per-OS terminal env, Compose services)
    # are checked one at a time, so no rule compares values across them.
    views = scanned.env_blocks()
    view = views[0] if len(views) == 1 else None  # most files: one block, checked directly
    unparsed = scanned.code is not None and not scanned.code.parsed
    with check_scope():  # what the rules derive for this check is shared among them, then gone
        for rule in _rules_for(scanned.kind, settings.select, settings.ignore, unparsed):
            try:
                found = (
                    rule.check(view, context)
                    if view is not None
                    else (f for each in views for f in rule.check(each, context))
                )
                produced = [*found]
                if len(produced) > 1:  # a finding given twice (two views, two ways): once
                    produced = list(dict.fromkeys(produced))
            except Exception as error:  # noqa: BLE001 - one broken rule must not hide the others
                log.exception("rule %s failed on %s", rule.code, scanned.source.path)
                findings.append(
                    Finding(
                        "AL000",
                        "internal-error",
                        Severity.ERROR,
                        redact(f"rule {rule.code} ({rule.name}) failed: {type(error).__name__}"),
                        scanned.source.path,
                        Span.at(0, 0, 0),
                    )
                )
                continue
            findings.extend(produced)
    if context.outcomes:
        # Weighed before suppression: a line whose finding is ignored by a comment is still
        # reported, so AL900 does not restate it.
        index = _outcome_index(context.environment, context.outcomes)
        findings = weigh(findings, context.outcomes, index)
    if not findings:  # most files: no suppression comment to look for, nothing to mask
        return findings
    if "authlint" in scanned.source.text:  # a suppression comment names authlint
        silenced = suppressions(scanned.source.index)
        findings = [
            f for f in findings if not is_suppressed(silenced, f.span.start.line, f.code, f.name)
        ]
    findings = [_overridden(f, settings) for f in findings]
    findings.sort(key=lambda f: (f.span.start, f.code))
    if not findings:
        return findings
    secrets = file_secrets(scanned)
    return [_sanitised(f, secrets) for f in findings]


@lru_cache(maxsize=256)
def _rules_for(
    kind: FileKind, select: tuple[str, ...], ignore: tuple[str, ...], unparsed: bool = False
) -> tuple[Rule, ...]:
    """The selected rules that apply to ``kind``, in registry order (once per kind, selection).

    ``unparsed``: for a code file the scanner skipped, only the rules that
    report there from other files' facts (:attr:`Rule.unparsed_code`).
    """
    return tuple(
        rule
        for rule in selected_rules(select, ignore)
        if kind in rule.kinds and (rule.unparsed_code is not None or not unparsed)
    )


def may_report_in_unparsed_code(
    path: Path, kind: FileKind, context: CheckContext, settings: Settings
) -> bool:
    """Whether any selected rule may report in the code file at ``path`` if it has no trigger.

    For a file :func:`authlint.scanners.parses_code` says is not parsed: when
    this is false, checking it finds nothing and it need not be read again.
    The files the rules name are gathered once per context and selection.
    """
    paths = _unparsed_code_paths(kind, context, settings)
    return bool(paths) and Path(os.path.abspath(path)) in paths


def _unparsed_code_paths(
    kind: FileKind, context: CheckContext, settings: Settings
) -> frozenset[Path]:
    """The code files of ``kind`` the selected rules may report in unparsed.

    What their :attr:`Rule.unparsed_code` give, asked with the predicted
    outcomes as :func:`check_scanned` runs the rules; kept with the
    environment model (none without one) for this context and selection.
    """
    model = context.environment
    if model is None:
        return frozenset()
    selection = (settings.select, settings.ignore)
    cached = model.memo.get(f"unparsed_code:{kind.value}")
    if isinstance(cached, tuple) and cached[0] is context and cached[1] == selection:
        found: frozenset[Path] = cached[2]
        return found
    asked = _with_outcomes(context, model) if not context.outcomes else context
    found = frozenset(
        path
        for rule in _rules_for(kind, settings.select, settings.ignore, True)
        if rule.unparsed_code is not None
        for path in rule.unparsed_code(asked)
    )
    model.memo[f"unparsed_code:{kind.value}"] = (context, selection, found)
    return found


def _with_outcomes(context: CheckContext, model: EnvironmentModel) -> CheckContext:
    """``context`` with the model's outcomes; one copy per context the caller reuses."""
    cached = model.memo.get("context_with_outcomes")
    if isinstance(cached, tuple) and cached[0] is context:
        found: CheckContext = cached[1]
        return found
    found = replace(context, outcomes=_outcomes(model))
    model.memo["context_with_outcomes"] = (context, found)
    return found


def _outcomes(model: EnvironmentModel) -> tuple[Outcome, ...]:
    """The model's predicted outcomes as one tuple per model (rules index it by identity)."""
    cached = model.memo.get("outcomes_tuple")
    if isinstance(cached, tuple):
        return cached
    found = tuple(outcomes(model))
    model.memo["outcomes_tuple"] = found
    return found


def _outcome_index(
    model: EnvironmentModel | None, outcomes: tuple[Outcome, ...]
) -> OutcomeIndex | None:
    """The index of ``outcomes`` kept with ``model`` (built once per model and tuple)."""
    if model is None:
        return None
    cached = model.memo.get("outcome_index")
    if isinstance(cached, OutcomeIndex) and cached.outcomes is outcomes:
        return cached
    index = OutcomeIndex(outcomes)
    model.memo["outcome_index"] = index
    return index


def _overridden(finding: Finding, settings: Settings) -> Finding:
    """``finding`` with the severity the user's settings give its rule, if any."""
    override = _SEVERITIES.get(settings.severity.get(finding.code, ""))
    return replace(finding, severity=override) if override else finding


def _sanitised(finding: Finding, secrets: Secrets) -> Finding:
    """``finding`` with its texts masked by value and made encodable (edits untouched)."""

    def clean(text: str) -> str:
        return redact(secrets.mask_text(text))

    fix = finding.fix
    return replace(
        finding,
        message=clean(finding.message),
        related=tuple(replace(r, message=clean(r.message)) for r in finding.related),
        fix=replace(fix, title=clean(fix.title)) if fix is not None else None,
    )


def read_and_check(
    path: Path,
    kind: FileKind,
    context: CheckContext,
    settings: Settings | None = None,
) -> tuple[SourceFile, list[Finding]]:
    """Read ``path`` and check it. Raises ``OSError`` when it cannot be read."""
    source = read_source(path, kind)
    return source, check_source(source, kind, context, settings)
