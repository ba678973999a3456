"""Workspace commands: ``authlint.resetClaudeLogin`` and the code action that offers it.

``authlint.resetClaudeLogin`` moves Claude Code's ``.credentials.json`` to a
timestamped backup next to it (:func:`authlint.core.claude_login.reset_login`),
so the next ``claude`` start asks for a new login; on macOS it explains the
Keychain steps instead. Arguments (pygls 2 passes them one by one): an
optional file URI or path of the credentials file; without one, the file
Claude Code uses on this machine (``$CLAUDE_CONFIG_DIR`` or ``~/.claude``).
The outcome is shown with ``window/showMessage`` and returned as a dict
(``moved``, ``backup``, ``message``).

The command is offered as a ``quickfix`` code action (a ``command``, no edit)
on the diagnostics that mean the stored login is unusable or exposed: AL812
(invalid-claude-credentials), AL813 (expired-claude-login) and AL814
(credentials-file-permissions).

``authlint.explainVariable(name, uri=None)`` says where a variable comes
from in each launch context of the platform (the chain of definitions,
``git config --show-origin`` style) and what each client's request there
gives (:mod:`authlint.outcome`); ``authlint.credentialSummary(uri=None)``
gives the VS Code status bar the outcome of the contexts in use while one
fails (``claude: 401 ← ~/.zshrc:28``), else the credential the Claude Code
CLI (else the terminal, else the workspace's dotenv-loading programs) uses.
Both read the server's environment model (:mod:`authlint.lsp.environment`)
and show values masked only.

Sources: ``architecture.md`` §1.2 (pygls 2 commands get individual
arguments), §1.10 (``window_show_message``); ``auth-facts.md`` §2.5–2.6.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from authlint.core.claude_login import default_credentials_path, reset_login
from authlint.core.context import Platform
from authlint.core.environment import (
    Definition,
    EnvironmentModel,
    LaunchContext,
    Workspace,
    claude_credential,
)
from authlint.core.environment.contexts import PLATFORM_TERMINAL
from authlint.core.environment.definitions import (
    API_KEY_HELPER,
    PRIMARY_API_KEY,
    STORED_LOGIN,
    dotenv_definitions,
)
from authlint.core.environment.render import (
    chain_lines,
    credential_line,
    resolution_dict,
    shown_value,
    summary,
    where,
)
from authlint.core.secrets import redact
from authlint.core.variables import API_KEY, AUTH_TOKEN, OAUTH_TOKEN
from authlint.lsp.convert import is_ours, path_from_uri
from authlint.outcome import Outcome, outcomes
from authlint.outcome.render import (
    cause_place,
    outcome_dict,
    outcome_line,
    short_name,
    state,
    summary_lines,
)

log = logging.getLogger("authlint.lsp")

RESET_COMMAND = "authlint.resetClaudeLogin"
RESET_TITLE = "Reset the Claude Code login (move .credentials.json to a backup)"
RESET_CODES = frozenset({"AL812", "AL813", "AL814"})


def reset_actions(diagnostics: Iterable[types.Diagnostic], uri: str) -> list[types.CodeAction]:
    """The reset ``quickfix`` for the authlint diagnostics of ``uri`` that call for a new login.

    Takes the request's diagnostics and the document's URI; returns one action
    covering all of them (none when no diagnostic qualifies).
    """
    matching = [d for d in diagnostics if is_ours(d) and str(d.code) in RESET_CODES]
    if not matching:
        return []
    command = types.Command(title=RESET_TITLE, command=RESET_COMMAND, arguments=[uri])
    return [
        types.CodeAction(
            title=RESET_TITLE,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=matching,
            command=command,
        )
    ]


def _target(arguments: tuple[Any, ...]) -> Path:
    """The credentials file named by the command's first argument (URI or path), or the default."""
    first = arguments[0] if arguments else None
    if isinstance(first, str) and first.strip():
        path = path_from_uri(first) if first.startswith("file:") else Path(first)
        if path is not None:
            return path
    return default_credentials_path(Path.home(), os.environ)


async def reset_claude_login(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """Run :func:`reset_login` in a worker thread, show the outcome, and return it.

    Takes the server and the command's arguments (an optional URI or path);
    returns ``{"moved": bool, "backup": str | None, "message": str}``. Never
    raises for a missing or unmovable file: the message says what happened.
    """
    path = _target(arguments)
    result = await asyncio.to_thread(reset_login, path, Platform.current())
    message = redact(result.message)
    kind = types.MessageType.Info if result.moved else types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    log.info("%s", message)
    return {
        "moved": result.moved,
        "backup": str(result.backup) if result.backup is not None else None,
        "message": message,
    }


VERIFY_COMMAND = "authlint.verifyKey"


async def verify_key(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint verify`` from the editor: check the server's environment once, live.

    The client runs it only after the user confirmed where the key will be
    sent (the VS Code extension asks first). The credentials are the ones
    programs started like the editor get: the server's own environment. The
    same safety rules as the CLI apply (https only but loopback; an Anthropic
    key never goes to another host). Returns the masked report as plain data
    with a ``message``; never raises for network failures.
    """
    from authlint.verify import verify_environment
    from authlint.verify.render import render_text

    report = await asyncio.to_thread(verify_environment, dict(os.environ))
    message = redact(render_text(report)).strip()
    kind = types.MessageType.Info if report.accepted else types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    log.info("%s", message)
    return {**report.as_dict(), "message": message}


EXPLAIN_COMMAND = "authlint.explainVariable"
CREDENTIAL_COMMAND = "authlint.credentialSummary"
NO_KEY = "no key found"
OUTCOME_HEADER = "What a request gives, per context in use:"
_NO_MODEL = "authlint could not read the workspace's environment; see the authlint output"
_SOURCE_WORDS = {
    API_KEY: "key",
    AUTH_TOKEN: "token",
    OAUTH_TOKEN: "OAuth token",
    API_KEY_HELPER: "apiKeyHelper",
    PRIMARY_API_KEY: "stored key",
    STORED_LOGIN: "Claude login",
}


async def _model(ls: LanguageServer, uri: str | None) -> EnvironmentModel | None:
    """The server's environment model for ``uri`` (``None`` when it has none)."""
    provider = getattr(ls, "environment_model", None)
    return await provider(uri) if provider is not None else None


def _string_argument(arguments: tuple[Any, ...], at: int) -> str | None:
    value = arguments[at] if len(arguments) > at else None
    return value if isinstance(value, str) and value.strip() else None


async def explain_variable(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint.explainVariable(name, uri=None)``: where ``name`` comes from, per launch context.

    Takes the variable name and optionally the URI of the active document (its
    project is used when the editor has no workspace folder). Returns
    ``{"message": <plain text>, "contexts": [resolution as JSON …]}`` for every
    launch context of the platform, values masked. Never raises: a bad name or a
    model that cannot be built gives a message and no contexts.
    """
    name = _string_argument(arguments, 0)
    if name is None:
        return {"message": "authlint.explainVariable needs a variable name", "contexts": []}
    model = await _model(ls, _string_argument(arguments, 1))
    if model is None:
        return {"message": _NO_MODEL, "contexts": []}
    return await asyncio.to_thread(explanation, model, name.strip())


def explanation(model: EnvironmentModel, name: str) -> dict[str, Any]:
    """The ``authlint.explainVariable`` answer for ``name`` (see :func:`explain_variable`)."""
    workspace = model.workspace
    lines: list[str] = []
    contexts: list[dict[str, object]] = []
    shown = model.contexts(platform_only=True)
    predicted = [o for o in outcomes(model) if o.context in shown]
    for context in shown:
        resolution = model.resolve(context, name)
        lines.append(f"{context.title}:")
        lines.extend(chain_lines(resolution, workspace))
        lines.extend(f"  note: {note}" for note in resolution.notes)
        lines.extend(
            f"  outcome: {outcome_line(o, workspace)}" for o in predicted if o.context == context
        )
        lines.append("")
        contexts.append(resolution_dict(resolution, workspace))
    summary = summary_lines(predicted, workspace)
    if summary:
        lines.append("Outcome:")
        lines.extend(f"  {line}" for line in summary)
    return {
        "message": redact("\n".join(lines).rstrip()),
        "contexts": contexts,
        "outcomes": [_masked(outcome_dict(o, workspace)) for o in predicted],
    }


def _masked(value: Any) -> Any:
    """``value`` (JSON-shaped) with every string passed through :func:`redact`."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


async def credential_summary(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint.credentialSummary(uri=None)``: the outcome of the contexts in use (status bar).

    Takes optionally the URI of the active document. Returns ``{"text": "claude:
    401 ← ~/.zshrc:28" | "key from .env" | "token from ~/.claude/settings.json" |
    "no key found" | …, "ok": bool, "failing": bool, "tooltip": <masked lines>,
    "outcomes": [<line per context in use>]}`` (see :func:`credential_status`).
    Never raises.
    """
    model = await _model(ls, _string_argument(arguments, 0))
    if model is None:
        return {"text": "not checked", "ok": False, "failing": False, "tooltip": _NO_MODEL}
    return await asyncio.to_thread(credential_status, model)


def credential_status(model: EnvironmentModel) -> dict[str, Any]:
    """The ``authlint.credentialSummary`` answer (see :func:`credential_summary`).

    While a launch context in use fails (:func:`authlint.outcome.outcomes`)
    because of a line in a file, the text is its outcome and that root cause
    (``claude: 401 ← ~/.zshrc:28``, ``python app.py: no request ← .env:1``,
    with ``(+1 more)`` when others fail for a line too; Claude Code first) and
    ``failing`` is true (the status bar then shows the text even when the
    Problems view has entries). ``ok`` is false while any context in use fails,
    with a line to blame or not, and while the only key is in a ``.env`` that no
    program loads although a program that uses the SDK is found. Otherwise the text names the
    credential: what the Claude Code CLI uses; without one, what the
    platform's terminal has, then what the workspace's programs that load a
    ``.env`` get (``ANTHROPIC_API_KEY``, then ``ANTHROPIC_AUTH_TOKEN``), then
    the key in the project's ``.env`` even when no load of it was found.
    The tooltip starts with the outcome of each context in use, failures
    first (:func:`authlint.outcome.render.summary_lines`), then the
    credential each context gets. Every text is masked.
    """
    workspace = model.workspace
    found = model.contexts(platform_only=True)
    cli = next(c for c in found if c.kind == "claude-code")
    terminal = next(c for c in found if c.kind == PLATFORM_TERMINAL[workspace.platform])
    programs = [c for c in found if c.kind in ("python", "node") and ":" in c.name]
    choice = claude_credential(model, cli)
    tooltip = [credential_line(choice, workspace)]
    tooltip.extend(
        f"  not used: {source}"
        + (f" from {where(definition, workspace)}" if definition is not None else "")
        + f" ({why})"
        for source, definition, why in choice.passed_over
    )
    tooltip.extend(summary(model.resolve(c, API_KEY), workspace) for c in [terminal, *programs])
    text = _source_text(choice.source, choice.definition, model)
    if text is None:
        text = _first_credential(model, [terminal, *programs])
    unloaded = _project_dotenv_credential(model) if text is None else None
    if unloaded is not None:
        text = _source_text(unloaded.variable, unloaded, model)
        tooltip.append(
            f"`{where(unloaded, workspace)}` → `{shown_value(unloaded)}` "
            "(no program found that loads it)"
        )
    predicted = outcomes(model)
    lines = summary_lines(predicted, workspace)
    failing = [o for o in predicted if o.in_use and o.fails]
    # A program in use that gets its key from the environment (not from its own code).
    sdk_in_use = any(
        o.in_use
        and o.context.kind in ("python", "node")
        and o.context.kind not in workspace.credentials_in_code
        for o in predicted
    )
    # A failure with a line to blame leads; the status bar says "Claude auth": claude first.
    blamed = sorted((o for o in failing if o.causes), key=lambda o: o.name != "claude-code")
    if blamed:
        more = len(blamed) - 1
        text = _headline(blamed[0], workspace) + (f" (+{more} more)" if more else "")
    if lines:
        tooltip = [OUTCOME_HEADER, *lines, "", *tooltip]
    return {
        "text": redact(text or NO_KEY),
        # A key only in a .env that no program loads is no reason for a check mark while a
        # program that uses the SDK is in the workspace (it gets no key).
        "ok": text is not None and not failing and not (unloaded is not None and sdk_in_use),
        "failing": bool(blamed),
        "tooltip": redact("\n".join(tooltip)),
        "outcomes": [redact(line) for line in lines],
    }


def _headline(outcome: Outcome, workspace: Workspace) -> str:
    """``claude: 401 ← ~/.zshrc:28``: the outcome and its root cause, without the message."""
    text = f"{short_name(outcome)}: {state(outcome)}"
    if outcome.causes:
        text += f" ← {cause_place(outcome.causes[0], workspace)}"
    return text


def _first_credential(model: EnvironmentModel, contexts: list[LaunchContext]) -> str | None:
    """``key from ~/.zshrc`` for the first context with a non-empty API key or auth token."""
    for context in contexts:
        for variable in (API_KEY, AUTH_TOKEN):
            resolution = model.resolve(context, variable)
            value = resolution.value
            if resolution.winner is not None and (value is None or value.strip()):
                return _source_text(variable, resolution.winner, model)
    return None


def _project_dotenv_credential(model: EnvironmentModel) -> Definition | None:
    """The last non-empty API key or auth token in the project's ``.env``, loaded or not."""
    root = model.workspace.root
    path = root / ".env" if root is not None else None
    file = model.workspace.file(path)
    if path is None or file is None:
        return None
    found = [
        d
        for d in dotenv_definitions(path, file)
        if d.variable in (API_KEY, AUTH_TOKEN) and d.value and d.value.strip()
    ]
    return found[-1] if found else None


def _source_text(
    source: str | None, definition: Definition | None, model: EnvironmentModel
) -> str | None:
    """``key from .env``: what kind of credential, from which file (no line, no value)."""
    if source is None:
        return None
    word = _SOURCE_WORDS.get(source, source)
    if definition is None:
        return word
    return f"{word} from {model.workspace.display(definition.path)}"


def register(server: LanguageServer) -> None:
    """Register the commands of this module on ``server``."""
    server.command(RESET_COMMAND)(reset_claude_login)
    server.command(VERIFY_COMMAND)(verify_key)
    server.command(EXPLAIN_COMMAND)(explain_variable)
    server.command(CREDENTIAL_COMMAND)(credential_summary)
