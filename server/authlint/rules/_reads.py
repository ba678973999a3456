"""What rules about Claude Code reading a value share (AL411-AL414, AL712, AL815, AL817).

These rules report a value only where Claude Code (the CLI or the VS Code
extension) actually reads it: the model's definition in the checked file wins
in one of Claude Code's launch contexts. The finding names those contexts in
:attr:`~authlint.core.findings.Finding.contexts`, and the outcome layer
(:mod:`authlint.outcome.weigh`, ``READ_RULES``) keeps the rule's severity when
one of them is in use and lowers it when none is. Without an environment model
these rules report nothing (except where a rule says otherwise).

Sources: ``auth-facts.md`` §2.4 (settings ``env`` beats the shell; Claude Code
reads no ``.env``), §6 (``claudeCode.environmentVariables``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from authlint.core.context import CheckContext
from authlint.core.environment import Definition, EnvironmentModel, LaunchContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Edit, Finding, Fix
from authlint.core.text import Span
from authlint.rules._claude import is_truthy, root_object
from authlint.rules._model import definitions_here
from authlint.rules._settings import CLAUDE_CODE_ENV, insert_member_edits, settings_object

CLAUDE_KINDS = ("claude-code", "claude-code-vscode")
PROVIDER_SWITCHES = ("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY")


def claude_reads(
    file: ScannedFile, context: CheckContext, variables: frozenset[str]
) -> Iterator[tuple[Definition, list[LaunchContext], EnvironmentModel]]:
    """The definitions of ``variables`` in ``file`` that win in a Claude Code context.

    Each comes with those contexts (CLI, VS Code extension) and the model.
    Nothing without a model.
    """
    model = context.environment
    if model is None:
        return
    for definition in definitions_here(file, model, variables=variables):
        won = [c for c in model.contexts_won_by(definition) if c.kind in CLAUDE_KINDS]
        if won:
            yield definition, won, model


def value_in(model: EnvironmentModel, context: LaunchContext, variable: str) -> str | None:
    """The value ``variable`` has in ``context`` (``None``: unset, removed or computed)."""
    return model.resolve(context, variable).value


def switched_to_provider(model: EnvironmentModel, context: LaunchContext) -> bool:
    """Whether a cloud provider switch is on in ``context`` (the base URL is then not used)."""
    return any(is_truthy(value_in(model, context, s)) for s in PROVIDER_SWITCHES)


def names(contexts: list[LaunchContext]) -> tuple[str, ...]:
    """The contexts' names, once each, for :attr:`Finding.contexts`."""
    return tuple(dict.fromkeys(c.name for c in contexts))


def with_contexts(finding: Finding, contexts: list[LaunchContext]) -> Finding:
    """``finding`` naming the Claude Code contexts that read its line (for the outcome layer)."""
    return replace(finding, contexts=names(contexts))


def readers(contexts: list[LaunchContext]) -> str:
    """``Claude Code`` / ``the Claude Code VS Code extension`` / both, for messages."""
    kinds = {c.kind for c in contexts}
    if kinds == {"claude-code-vscode"}:
        return "the Claude Code VS Code extension"
    if len(kinds) > 1:
        return "Claude Code (CLI and VS Code extension)"
    return "Claude Code"


def add_variable_fix(
    file: ScannedFile, definition: Definition, name: str, value: str, title: str
) -> Fix | None:
    """A fix adding ``name=value`` next to ``definition`` in the same file and block.

    In a Claude Code settings ``env`` block, a new member of that block; in
    ``claudeCode.environmentVariables``, a ``{"name", "value"}`` item right
    after the definition's item; in a POSIX shell, fish or PowerShell profile
    or a ``.env`` file, a line after the statement, indented like it. ``None``
    for other kinds (containers, terminal env blocks).
    """
    whole = file.whole
    index = whole.source.index
    if file.kind is FileKind.CLAUDE_SETTINGS:
        root = root_object(whole)
        env = root.get("env") if root is not None else None
        if env is None or env.type != "object" or not env.span.contains(definition.name_span):
            return None
        edits = insert_member_edits(whole, env, f'"{name}": "{value}"')
        return Fix(title, edits)
    if file.kind is FileKind.VSCODE_SETTINGS:
        return _extension_item_fix(whole, definition, name, value, title)
    templates = {
        FileKind.SHELL: f"export {name}={value}",
        FileKind.DOTENV: f"{name}={value}",
        FileKind.FISH: f"set -gx {name} {value}",
        FileKind.POWERSHELL: f'$env:{name} = "{value}"',
    }
    template = templates.get(file.kind)
    if template is None:
        return None
    end_at = definition.span.end
    line = end_at.line - 1 if end_at.character == 0 and end_at.line > 0 else end_at.line
    text = index.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    end = index.line_end(line)
    brk = index.line_break(line) or "\n"
    at = index.position(end)
    return Fix(title, (Edit(Span(at, at), f"{brk}{indent}{template}"),))


def _extension_item_fix(
    whole: ScannedFile, definition: Definition, name: str, value: str, title: str
) -> Fix | None:
    """A ``{"name": …, "value": …}`` item after the one holding ``definition``."""
    settings = settings_object(whole)
    block = settings.get(CLAUDE_CODE_ENV) if settings is not None else None
    if block is None or block.type != "array":
        return None
    item = next((i for i in block.items if i.span.contains(definition.name_span)), None)
    if item is None or item.type != "object":
        return None
    end = item.span.end
    text = f', {{ "name": "{name}", "value": "{value}" }}'
    return Fix(title, (Edit(Span(end, end), text),))
