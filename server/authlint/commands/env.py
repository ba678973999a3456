"""``authlint env``: where each auth variable comes from, per launch context.

Like ``git config --show-origin``: for every (context, variable) a header,
then one line per definition with what happened to it (wins, overridden,
kept out by a dotenv loader, not read by this shell…), then the model's
notes. Claude Code contexts also say which credential Claude Code picks.
Values are always masked (:mod:`authlint.core.environment.render`).

Exit status: 0, or 2 for a usage error (an unknown ``--context``, a
``--project`` or ``--home`` that is not a folder).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from authlint.commands.common import (
    EXIT_CLEAN,
    UsageError,
    add_system_root,
    home_of,
    system_root_arg,
)
from authlint.core.context import SHELLS, Platform
from authlint.core.environment import (
    EnvironmentModel,
    LaunchContext,
    Workspace,
    claude_credential,
)
from authlint.core.environment.definitions import API_KEY_HELPER, PRIMARY_API_KEY, STORED_LOGIN
from authlint.core.environment.render import (
    chain_lines,
    credential_line,
    resolution_dict,
    where,
)
from authlint.core.environment.resolve import CredentialChoice
from authlint.core.secrets import redact
from authlint.model import build_model, project_folder_of
from authlint.outcome import outcomes
from authlint.outcome.render import outcome_dict, outcome_line

# The order variables are shown in; CLAUDE_CODE_USE_* switches sit between the headers and
# Claude Code's own credential sources.
_LEADING = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "CLAUDE_CODE_OAUTH_TOKEN",
    "ANTHROPIC_CUSTOM_HEADERS",
)
_SWITCH_PREFIX = "CLAUDE_CODE_USE_"
_CLAUDE_SOURCES = (API_KEY_HELPER, PRIMARY_API_KEY, STORED_LOGIN)
_CLAUDE_KINDS = ("claude-code", "claude-code-vscode")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``authlint env``'s arguments to ``parser`` (its subparser)."""
    parser.add_argument(
        "variables",
        nargs="*",
        metavar="VAR",
        help="variables to show (default: every auth variable some file defines)",
    )
    parser.add_argument(
        "--context",
        metavar="NAME",
        help="one launch context (`macos-terminal`, `python:app.py`) or kind (`python`)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", dest="output_format")
    parser.add_argument(
        "--project", type=Path, metavar="DIR", help="project folder (default: the current one's)"
    )
    home = parser.add_mutually_exclusive_group()
    home.add_argument("--home", type=Path, metavar="DIR", help="home folder (default: $HOME)")
    home.add_argument("--no-home", action="store_true", help="do not read the home folder")
    parser.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        help="platform to model (default: this one)",
    )
    parser.add_argument(
        "--shell",
        choices=SHELLS,
        help=(
            "your login shell (default: $SHELL for your own home on this platform, else the "
            "home's profiles, else the platform's default)"
        ),
    )
    add_system_root(parser)


def run(args: argparse.Namespace) -> int:
    """Print where each variable comes from in each context; return the exit status.

    Raises :class:`~authlint.commands.common.UsageError` (exit 2) for an unknown
    ``--context`` or a ``--project``/``--home`` that is not a folder.
    """
    if args.project is not None and not args.project.is_dir():
        raise UsageError(f"--project {args.project} is not a folder")
    project = project_folder_of([args.project or Path.cwd()])
    platform = Platform(args.platform) if args.platform else Platform.current()
    model = build_model(
        project,
        home_of(args),
        platform,
        shell=args.shell,
        environ=os.environ,
        system_root=system_root_arg(args),
    )
    shown = {
        context: _variables_of(context, model, args.variables)
        for context in _selected_contexts(model, args.context)
    }
    render = _render_json if args.output_format == "json" else _render_text
    sys.stdout.write(render(model, shown))
    return EXIT_CLEAN


def _selected_contexts(model: EnvironmentModel, name: str | None) -> list[LaunchContext]:
    """The contexts to show: the platform's, or those ``--context`` names (else a usage error)."""
    if name is None:
        return model.contexts(platform_only=True)
    found = model.find_contexts(name)
    if not found:
        everything = model.contexts()
        names = [c.name for c in everything]
        names += [kind for kind in dict.fromkeys(c.kind for c in everything) if kind not in names]
        raise UsageError(f"unknown context {name!r}; available: {', '.join(names)}")
    return found


def _variables_of(
    context: LaunchContext, model: EnvironmentModel, requested: list[str]
) -> list[str]:
    """The requested variables (in the order given), else the auth variables some file defines.

    By default Claude Code's own sources (``apiKeyHelper``, ``primaryApiKey``,
    ``/login``) are shown only for Claude Code contexts: no other client reads them.
    """
    if requested:
        return list(dict.fromkeys(requested))
    defined = set(model.variables())
    switches = sorted(v for v in defined if v.startswith(_SWITCH_PREFIX))
    own = _CLAUDE_SOURCES if context.kind in _CLAUDE_KINDS else ()
    return [v for v in (*_LEADING, *switches, *own) if v in defined]


def _credential_dict(choice: CredentialChoice, workspace: Workspace) -> dict[str, object]:
    """Claude Code's credential choice as JSON: the source, where it is set, what is passed over."""
    return {
        "source": choice.source,
        "from": where(choice.definition, workspace) if choice.definition else None,
        "line": credential_line(choice, workspace),
        "passed_over": [
            {
                "source": source,
                "from": where(definition, workspace) if definition else None,
                "reason": reason,
            }
            for source, definition, reason in choice.passed_over
        ],
    }


def _render_text(model: EnvironmentModel, shown: dict[LaunchContext, list[str]]) -> str:
    workspace = model.workspace
    home = str(workspace.home) if workspace.home is not None else "(not read)"
    lines = [
        f"project: {workspace.root}",
        f"home: {home}",
        f"platform: {workspace.platform.value}, shell: {workspace.shell} "
        f"({workspace.shell_reason})",
    ]
    if not any(shown.values()):
        lines += ["", "No file read sets an auth variable (name one: `authlint env VAR`)."]
    for context, variables in shown.items():
        for variable in variables:
            resolution = model.resolve(context, variable)
            lines += ["", f"{variable} — {context.title}", *chain_lines(resolution, workspace)]
            lines += [f"  note: {note}" for note in resolution.notes]
        if context.kind in _CLAUDE_KINDS:
            choice = claude_credential(model, context)
            lines += ["", credential_line(choice, workspace)]
            lines += [
                f"  passed over: {source}"
                + (f" ({where(definition, workspace)})" if definition else "")
                + f": {reason}"
                for source, definition, reason in choice.passed_over
            ]
    found = outcomes(model)
    names = {c.name for c in shown}
    picked = [o for o in found if o.context.name in names]
    if picked and any(shown.values()):
        lines += ["", "Outcome (contexts in use marked *):"]
        lines += [f"  {'*' if o.in_use else ' '} {outcome_line(o, workspace)}" for o in picked]
    # render masks every value; redact guards the free text (paths, notes) as well.
    return redact("\n".join(lines) + "\n")


def _render_json(model: EnvironmentModel, shown: dict[LaunchContext, list[str]]) -> str:
    workspace = model.workspace
    document = {
        "project": str(workspace.root) if workspace.root is not None else None,
        "home": str(workspace.home) if workspace.home is not None else None,
        "platform": workspace.platform.value,
        "shell": workspace.shell,
        "shell_reason": workspace.shell_reason,
        "contexts": [
            {
                "name": context.name,
                "title": context.title,
                "variables": [
                    resolution_dict(model.resolve(context, v), workspace) for v in variables
                ],
                "credential": (
                    _credential_dict(claude_credential(model, context), workspace)
                    if context.kind in _CLAUDE_KINDS
                    else None
                ),
            }
            for context, variables in shown.items()
        ],
        "outcomes": [
            outcome_dict(o, workspace)
            for o in outcomes(model)
            if o.context.name in {c.name for c in shown}
        ],
    }
    return json.dumps(_redacted(document), indent=2, ensure_ascii=False) + "\n"


def _redacted(value: object) -> object:
    """``value`` with :func:`redact` applied to every string in it (before JSON escaping)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value
