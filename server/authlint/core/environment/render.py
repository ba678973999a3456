"""Text and JSON views of resolutions, shared by ``authlint env`` and the editor hover.

Values are always masked: a credential (any variable whose name says it holds
a secret, :func:`authlint.core.secrets.is_secret_name`, and Claude Code's
``apiKeyHelper`` command) shows its prefix and last four characters
(:func:`authlint.core.secrets.mask`), whatever its characters; base URLs and
switches, which are not secrets, are shown as written but passed through
:func:`authlint.core.secrets.redact` in case a key was pasted into them.
"""

from __future__ import annotations

from authlint.core.environment.definitions import (
    API_KEY_HELPER,
    PRIMARY_API_KEY,
    STORED_LOGIN,
    Definition,
)
from authlint.core.environment.resolve import (
    CredentialChoice,
    Resolution,
    Step,
    Verdict,
)
from authlint.core.environment.workspace import Workspace
from authlint.core.secrets import is_secret_name, mask, redact

_SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "HEADERS")
_MARKS = {
    Verdict.WINS: "✓",
    Verdict.REMOVES: "✓",
    Verdict.SUPPLIES: "↳",
    Verdict.OVERRIDDEN: "✗",
    Verdict.KEPT_OUT: "✗",
    Verdict.NOT_EXPORTED: "✗",
    Verdict.IGNORED: "✗",
    Verdict.NOT_READ: "·",
}


def shown_value(definition: Definition) -> str:
    """The value as authlint may print it: masked for secrets, ``(unset)``, ``(computed)``."""
    if definition.removes:
        return "(unset)"
    if definition.value is None:
        return "(computed at run time)"
    if definition.variable in (PRIMARY_API_KEY, STORED_LOGIN):
        return "(stored, not shown)"  # Claude Code's own files: never echoed, even masked
    if not definition.value:
        return '""'
    variable = definition.variable
    if (
        variable == API_KEY_HELPER  # a command, which may hold the key itself
        or is_secret_name(variable)
        or any(word in variable.upper() for word in _SECRET_WORDS)
    ):
        return mask(definition.value.strip()) or "…"
    return redact(definition.value)


def where(definition: Definition, workspace: Workspace) -> str:
    """``~/.zshrc:12``: the file (relative to the project or home) and 1-based line."""
    return f"{workspace.display(definition.path)}:{definition.line}"


def explain(step: Step, workspace: Workspace) -> str:
    """What happened to the step's definition, in words."""
    by = f" by {where(step.by, workspace)}" if step.by is not None else ""
    if step.verdict is Verdict.WINS:
        return "wins"
    if step.verdict is Verdict.REMOVES:
        return "removes it (last word)"
    if step.verdict is Verdict.SUPPLIES:
        return f"supplies the value ({step.reason})" if step.reason else "supplies the value"
    if step.verdict is Verdict.OVERRIDDEN:
        return f"overridden{by}"
    if step.verdict is Verdict.KEPT_OUT:
        return f"kept out{by}: {step.reason}"
    return f"{step.verdict.value}: {step.reason}"


def _with_origin(text: str, definition: Definition, workspace: Workspace) -> str:
    origin = workspace.sourced_origin(definition.path)
    return f"{text} ({origin})" if origin else text


def chain_lines(resolution: Resolution, workspace: Workspace) -> list[str]:
    """One line per definition, ``git config --show-origin`` style (no header)."""
    rows = [
        (
            _MARKS[s.verdict],
            where(s.definition, workspace),
            shown_value(s.definition),
            _with_origin(explain(s, workspace), s.definition, workspace),
        )
        for s in resolution.steps
    ]
    if not rows:
        return ["  (not set by any file read)"]
    width = max(len(r[1]) for r in rows)
    value_width = max(len(r[2]) for r in rows)
    return [f"  {m} {w:<{width}}  {v:<{value_width}}  {e}" for m, w, v, e in rows]


def summary(resolution: Resolution, workspace: Workspace) -> str:
    """One line: ``macOS terminal: ~/.zshrc:12 → sk-ant-api03-…Q2AA``."""
    title = resolution.context.title.split(" (")[0]
    winner = resolution.winner
    if winner is None:
        removed = next((s for s in resolution.steps if s.verdict is Verdict.REMOVES), None)
        if removed is not None:
            return f"{title}: unset by `{where(removed.definition, workspace)}`"
        return f"{title}: not set by any file"
    source = resolution.value_from or winner
    text = f"{title}: `{where(winner, workspace)}` → `{shown_value(source)}`"
    if source is not winner:
        text += f" (from `{where(source, workspace)}`)"
    return text


def credential_line(choice: CredentialChoice, workspace: Workspace) -> str:
    """``Claude Code uses ANTHROPIC_API_KEY from ~/.zshrc:3`` (or "no credential: /login")."""
    title = choice.context.title.split(" (")[0]
    if choice.source is None:
        return f"{title}: no credential found, so it asks you to log in"
    origin = f" from `{where(choice.definition, workspace)}`" if choice.definition else ""
    return f"{title} uses {choice.source}{origin}"


def step_dict(step: Step, workspace: Workspace) -> dict[str, object]:
    """A step as JSON (the value masked)."""
    definition = step.definition
    return {
        "file": workspace.display(definition.path),
        "path": str(definition.path),
        "line": definition.line,
        "value": shown_value(definition),
        "verdict": step.verdict.value,
        "layer": step.layer,
        "reason": step.reason,
        "by": where(step.by, workspace) if step.by is not None else None,
        "origin": definition.origin.value,
        "sourced_from": workspace.sourced_origin(definition.path) or None,
    }


def resolution_dict(resolution: Resolution, workspace: Workspace) -> dict[str, object]:
    """A resolution as JSON: context, variable, the winner's place and masked value, the chain."""
    winner = resolution.winner
    source = resolution.value_from or winner
    return {
        "context": resolution.context.name,
        "title": resolution.context.title,
        "variable": resolution.variable,
        "set": winner is not None,
        "value": shown_value(source) if source is not None else None,
        "from": where(winner, workspace) if winner is not None else None,
        "chain": [step_dict(s, workspace) for s in resolution.steps],
        "notes": list(resolution.notes),
    }
