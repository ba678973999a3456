"""Outcomes as text and JSON: ``authlint check``'s summary, ``authlint env``, the status bar.

Nothing here shows a value: an outcome names places (``~/.zshrc:28``), the
client's error text and the header names, never a credential. Free text still
goes through :func:`authlint.core.secrets.redact` at the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from authlint.core.environment import Workspace
from authlint.core.environment.render import where
from authlint.core.outcomes import Cause, Outcome, OutcomeKind

_SHORT = {
    "claude-code": "claude",
    "claude-code-vscode": "Claude Code extension",
    "vscode-terminal/claude": "claude in the VS Code terminal",
    "vscode-terminal/python": "python in the VS Code terminal",
    "login-non-interactive-shell/claude": "claude -p in a login non-interactive shell",
}


def short_name(outcome: Outcome) -> str:
    """``claude``, ``python app.py``, ``claude in the VS Code terminal``, ``compose api``…"""
    return _SHORT.get(outcome.name) or outcome.name.replace(":", " ", 1)


def cause_place(cause: Cause, workspace: Workspace) -> str:
    """``~/.zshrc:28``: the cause's file (as the workspace shows it) and 1-based line."""
    return f"{workspace.display(cause.path)}:{cause.span.start.line + 1}"


def state(outcome: Outcome) -> str:
    """``works``, ``401``, ``404``, ``no request``, ``login prompt``, ``key sent to …``…"""
    if outcome.kind is OutcomeKind.FOREIGN_HOST:
        return "credential sent to another vendor"
    return str(outcome.kind.value)


def outcome_line(outcome: Outcome, workspace: Workspace) -> str:
    """One line: ``claude: 401 ← ~/.zshrc:28 (Invalid API key · Fix external API key)``."""
    text = f"{short_name(outcome)}: {state(outcome)}"
    if outcome.fails and outcome.causes:
        text += f" ← {cause_place(outcome.causes[0], workspace)}"
    if outcome.fails and outcome.message:
        text += f" ({outcome.message})"
    return text


def summary_lines(outcomes: Sequence[Outcome], workspace: Workspace) -> list[str]:
    """The outcome per context in use (all contexts when none is in use), failures first."""
    shown = [o for o in outcomes if o.in_use] or list(outcomes)
    shown.sort(key=lambda o: not o.fails)
    return [outcome_line(o, workspace) for o in shown]


def outcome_dict(outcome: Outcome, workspace: Workspace) -> dict[str, object]:
    """The outcome as JSON: context, client, in use, outcome, message, request, steps, causes."""
    return {
        "context": outcome.name,
        "title": outcome.title,
        "client": outcome.client.title,
        "in_use": outcome.in_use,
        "outcome": outcome.kind.value,
        "fails": outcome.fails,
        "message": outcome.message,
        "request": {
            "url": outcome.url,
            "headers": [
                {
                    "name": header.name,
                    "from": header.source,
                    "where": where(header.definition, workspace) if header.definition else None,
                }
                for header in outcome.headers
            ],
        },
        "steps": list(outcome.steps),
        "causes": [
            {"where": cause_place(cause, workspace), "why": cause.why, "kind": cause.kind}
            for cause in outcome.causes
        ],
    }
