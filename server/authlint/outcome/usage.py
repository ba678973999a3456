"""Which launch contexts are in use, and the outcome of each one's request.

A context is *in use* when the workspace shows it runs:

- Claude Code (CLI): always, when a home folder is checked;
- the Claude Code VS Code extension and ``claude`` in the VS Code terminal:
  a ``.vscode/`` folder or a VS Code user ``settings.json``;
- Python / Node programs: code that imports ``anthropic`` /
  ``@anthropic-ai/sdk`` (every dotenv load site of that language);
- ``claude`` in a non-interactive shell: CI files, hook managers, a crontab,
  Claude Code ``hooks``;
- containers (Compose services, ``docker run --env-file``): a Compose file or
  devcontainer, with code that uses an SDK.

Contexts not in use are still predicted; what fails only there is at most a
warning (:mod:`.weigh`). SDK major versions come from the project's
requirements, ``pyproject.toml``, lock files or ``package.json``
(:func:`sdk_majors`), else the current majors.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from authlint.core.environment import EnvironmentModel, LaunchContext, Resolution
from authlint.core.environment.contexts import platform_contexts
from authlint.core.outcomes import Cause, Client, Outcome, OutcomeKind
from authlint.outcome.clients import CURRENT_MAJOR
from authlint.outcome.predict import (
    Resolver,
    env_file_cause,
    inherit_env_cause,
    plan_resolver,
    predict_claude,
    predict_sdk,
    with_claude,
)

_PACKAGES = {"python": "anthropic", "node": "@anthropic-ai/sdk"}


def sdk_majors(root: Path | None) -> dict[str, int]:
    """``{"python": major, "node": major}`` of the SDKs the project at ``root`` pins.

    Read from the project's dependency files
    (:func:`authlint.core.packages.installed_version`); a language whose SDK
    is not pinned gets the current major (Python 2, TypeScript 1).
    """
    majors = {family: CURRENT_MAJOR[family] for family in _PACKAGES}
    if root is None:
        return majors
    from authlint.core.packages import installed_version

    for family, package in _PACKAGES.items():
        version = installed_version(root, package)
        if version:
            majors[family] = version[0]
    return majors


def _resolver(model: EnvironmentModel, context: LaunchContext) -> Resolver:
    """Resolve variables of one of the model's own contexts (cached by the model)."""

    def resolver(variable: str) -> Resolution:
        return model.resolve(context, variable)

    return resolver


def _only_guarded(outcome: Outcome) -> Outcome:
    """A job's outcome, judged only by the lines an interactive guard hides.

    A cron job or CI step gets its environment from the job, not from the
    profiles, so a credential missing there is no failure authlint can see;
    a credential the profile defines below ``[ -z "$PS1" ] && return`` is.
    """
    if outcome.kind is not OutcomeKind.LOGIN_PROMPT:
        return outcome
    guarded = tuple(c for c in outcome.causes if "interactive guard" in c.why)
    if not guarded:
        return replace(outcome, kind=OutcomeKind.UNKNOWN, message="", causes=())
    return replace(outcome, causes=guarded)


def outcomes(model: EnvironmentModel) -> list[Outcome]:
    """The predicted outcome of every client context of ``model``'s platform (cached per model).

    One outcome per program context (Python, Node, containers), Claude Code's
    CLI and extension, and ``claude`` started in the VS Code terminal and in a
    login non-interactive shell (``bash -lc``: cron jobs, CI steps); in context order.
    """
    cached = model.memo.get("outcomes")
    if isinstance(cached, list):
        return cached
    workspace = model.workspace
    evidence = workspace.evidence
    languages = {language for _, language in workspace.sdk_users}
    majors = sdk_majors(workspace.root)
    found: list[Outcome] = []
    for context in platform_contexts(workspace, every=True):
        kind = context.kind

        if kind in ("python", "node") and kind in workspace.credentials_in_code:
            # The code passes its own credential: the environment's does not decide.
            client = Client(kind, majors[kind])
            found.append(
                Outcome(
                    context.name,
                    context.title,
                    context,
                    client,
                    OutcomeKind.UNKNOWN,
                    steps=("the code passes the credential to the client itself",),
                    in_use=kind in languages,
                )
            )
        elif kind in ("python", "node"):
            client = Client(kind, majors[kind])
            outcome = predict_sdk(
                context.name,
                context.title,
                context,
                client,
                _resolver(model, context),
                model,
            )
            found.append(replace(outcome, in_use=kind in languages))
        elif kind in ("claude-code", "claude-code-vscode"):
            outcome = predict_claude(
                context.name,
                context.title,
                context,
                _resolver(model, context),
                model,
            )
            in_use = workspace.home is not None if kind == "claude-code" else "vscode" in evidence
            found.append(replace(outcome, in_use=in_use))
        elif kind in ("vscode-terminal", "login-non-interactive-shell"):
            resolve_in = plan_resolver(model, context, with_claude(model, context))
            extra: tuple[Cause, ...] = ()
            if kind == "vscode-terminal":
                cause = inherit_env_cause(model)
                extra = (cause,) if cause is not None else ()
            title = f"Claude Code CLI in a {context.title.split(' (')[0]}"
            outcome = predict_claude(
                f"{context.name}/claude", title, context, resolve_in, model, extra
            )
            if kind == "login-non-interactive-shell":
                outcome = _only_guarded(outcome)
            evidence_key = "vscode" if kind == "vscode-terminal" else "non-interactive"
            found.append(replace(outcome, in_use=evidence_key in evidence))
            python_sites = [s for s in workspace.loads if s.language == "python"]
            if kind == "vscode-terminal" and "python" in languages and not python_sites:
                # A Python program that loads no .env itself, run in a VS Code terminal.
                cause = env_file_cause(model)
                outcome = predict_sdk(
                    f"{context.name}/python",
                    f"Python program in a {context.title.split(' (')[0]}",
                    context,
                    Client("python", majors["python"]),
                    plan_resolver(model, context, model.plan(context)),
                    model,
                    (cause,) if cause is not None else (),
                )
                found.append(replace(outcome, in_use="vscode" in evidence))
        elif kind in ("compose", "docker-run"):
            language = "python" if "python" in languages else "node" if languages else None
            if language is None:
                continue
            outcome = predict_sdk(
                context.name,
                context.title,
                context,
                Client(language, majors[language]),
                _resolver(model, context),
                model,
            )
            found.append(replace(outcome, in_use=True))
    shell = workspace.shell
    found = [replace(o, shell=shell) for o in found]
    model.memo["outcomes"] = found
    return found
