"""Launch contexts: where a program starts, and the layers of definitions it sees.

A :class:`LaunchContext` names a way a client starts (a macOS terminal, a
Python program that calls ``load_dotenv()``, the Claude Code CLI…). Its
:class:`Plan` is the ordered list of :class:`Layer`\\ s that build the
environment that client gets: each layer applies its definitions in order,
a later one replacing an earlier one, except a *fill* layer (a dotenv load
without ``override``), which keeps every variable that already exists, even
an empty one. Definitions the context never reads are listed with the reason.

Sources:
- shells: :mod:`.shells`; macOS Terminal and VS Code's macOS profiles start
  login shells, Linux terminal emulators and VS Code's Linux profiles
  non-login ones (``auth-facts.md`` §6, §7);
- VS Code: ``auth-facts.md`` §6 (VS Code resolves the login shell's
  environment at startup, microsoft/vscode#1033; ``terminal.integrated.
  inheritEnv``, ``terminal.integrated.env.<os>`` with ``null`` deleting,
  ``terminal.integrated.profiles``/``defaultProfile`` args,
  ``python.terminal.useEnvFile`` injecting ``python.envFile`` with
  ``EnvironmentVariableCollection.replace`` before the shell starts,
  ``claudeCode.environmentVariables``);
- dotenv loaders: ``auth-facts.md`` §7 and ``client-behaviour.md`` headline 7
  (existing variables win, even empty ones, unless ``override``; ``node
  --env-file``: the environment wins, later files override earlier ones);
- Claude Code: ``auth-facts.md`` §2.4 and ``client-behaviour.md`` headline 5
  (settings ``env`` beats the shell; user < project < local < managed; a file
  that is not strict JSON is ignored whole);
- Docker: ``auth-facts.md`` §7 (``docker run --env-file`` keeps quotes;
  Compose ``env_file`` strips them, ``environment`` beats ``env_file``, and
  the shell beats the project ``.env`` when interpolating ``${VAR}``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.environment.definitions import (
    Definition,
    IncludeAt,
    Step,
    account_definitions,
    claude_extension_definitions,
    claude_settings_definitions,
    compose_definitions,
    compose_services,
    compose_services_named,
    container_definitions,
    dotenv_definitions,
    interactive_guard_line,
    profile_steps,
    step_line,
    terminal_env_definitions,
    vscode_settings_object,
)
from authlint.core.environment.shells import ShellMode, family, startup_files, why_not_read
from authlint.core.environment.sourcing import MAX_DEPTH
from authlint.core.environment.workspace import Workspace, include_path
from authlint.core.facts import FileKind, Include, JsonMember, JsonValue, ScannedFile
from authlint.core.home import VSCODE_OS_KEYS as OS_KEYS
from authlint.core.home import vscode_user_settings_files

_NO_INHERIT = (
    "`terminal.integrated.inheritEnv` is false: terminals do not inherit VS Code's environment"
)
_LOGIN_ARG = re.compile(r"--login|-[a-zA-Z]*l[a-zA-Z]*")
_INTERPOLATION = re.compile(r"\$(?:\{(?P<braced>\w+)(?::?[-?+][^}]*)?\}|(?P<plain>\w+))")


@dataclass(frozen=True)
class LaunchContext:
    """A way a client starts. ``name`` is what ``--context`` takes (``python:app.py``)."""

    name: str
    kind: str
    title: str


@dataclass
class Layer:
    """Definitions applied together. ``fill``: existing variables are kept (no override).

    ``allexport``: the file was sourced under ``set -a``, so its plain
    ``NAME=value`` lines are exported too.
    """

    label: str
    definitions: list[Definition]
    fill: bool = False
    ignored: str = ""  # why the whole layer is read but has no effect (invalid JSON…)
    allexport: bool = False


@dataclass
class Plan:
    """How a context builds its environment: layers in order, then what it never reads."""

    layers: list[Layer] = field(default_factory=list)
    unread: list[tuple[Definition, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


TERMINALS = {
    "macos-terminal": "macOS terminal (Terminal.app, iTerm: a login interactive shell)",
    "linux-terminal": "Linux terminal tab (an interactive non-login shell)",
    "windows-terminal": "Windows terminal (PowerShell with its profile)",
    "non-interactive-shell": "non-interactive shell (`bash -c`, `zsh -c`, CI, hooks, cron)",
    "login-non-interactive-shell": (
        "login non-interactive shell (`bash -lc`, `zsh -lc`: cron jobs, hooks and CI steps "
        "that ask for a login shell)"
    ),
}
KIND_TITLES = {
    **TERMINALS,
    "vscode-terminal": "VS Code integrated terminal",
    "python": "Python program started from the terminal",
    "node": "Node program started from the terminal",
    "claude-code": "Claude Code CLI started from the terminal",
    "claude-code-vscode": "Claude Code VS Code extension",
    "docker-run": "docker run --env-file",
    "compose": "docker compose service",
}
PLATFORM_TERMINAL = {
    Platform.MACOS: "macos-terminal",
    Platform.LINUX: "linux-terminal",
    Platform.WINDOWS: "windows-terminal",
}


def terminal_mode(kind: str, shell: str) -> ShellMode:
    """The shell mode of a terminal context kind."""
    if kind == "macos-terminal":
        return ShellMode(shell, True, True)
    if kind == "windows-terminal":
        return ShellMode("pwsh", False, True)
    if kind == "non-interactive-shell":
        return ShellMode(shell, False, False)
    if kind == "login-non-interactive-shell":
        return ShellMode(shell, True, False)
    return ShellMode(shell, False, True)


# --- contexts of a workspace ------------------------------------------------------------------


def contexts(workspace: Workspace) -> list[LaunchContext]:
    """Every context the workspace has, terminals first; program contexts one per load site."""
    found = [LaunchContext(kind, kind, KIND_TITLES[kind]) for kind in TERMINALS]
    found.append(
        LaunchContext("vscode-terminal", "vscode-terminal", KIND_TITLES["vscode-terminal"])
    )
    for language in ("python", "node"):
        sites = [s for s in workspace.loads if s.language == language]
        runs = workspace.env_file_runs if language == "node" else ()
        program = "Python program" if language == "python" else "Node program"
        if not sites and not runs:
            title = f"{program} started from the terminal (no dotenv load found)"
            found.append(LaunchContext(language, language, title))
        for site in sites:
            where = workspace.display(site.script)
            title = f"{program} {where} (started from the terminal)"
            found.append(LaunchContext(f"{language}:{where}", language, title))
        for run in runs:
            flags = " ".join(f"--env-file={workspace.display(p)}" for p in run)
            title = f"node {flags} (started from the terminal)"
            found.append(LaunchContext(f"node:{flags}", "node", title))
    for kind in ("claude-code", "claude-code-vscode"):
        found.append(LaunchContext(kind, kind, KIND_TITLES[kind]))
    for path, file in workspace.files.items():
        if file.kind is FileKind.DEVCONTAINER and _env_file_args(file):
            where = workspace.display(path)
            found.append(
                LaunchContext(f"docker-run:{where}", "docker-run", f"docker run ({where})")
            )
        if file.kind is FileKind.COMPOSE:
            for service, _ in compose_services(file):
                found.append(
                    LaunchContext(
                        f"compose:{service}", "compose", f"docker compose service {service}"
                    )
                )
    return found


# Contexts the outcome layer predicts, but that the cross-file rules and `authlint env` do not
# list by default: a login non-interactive shell matters only through an interactive guard.
ON_REQUEST = frozenset({"login-non-interactive-shell"})


def platform_contexts(workspace: Workspace, *, every: bool = False) -> list[LaunchContext]:
    """The contexts that exist on the workspace's platform (no macOS terminal on Linux…).

    ``every``: also the contexts shown only on request (:data:`ON_REQUEST`).
    """
    other = {PLATFORM_TERMINAL[p] for p in Platform if p is not workspace.platform}
    if not every:
        other |= ON_REQUEST
    return [c for c in contexts(workspace) if c.kind not in other]


# --- plans ------------------------------------------------------------------------------------


def plan(workspace: Workspace, context: LaunchContext) -> Plan:
    """The layers ``context`` applies, for :func:`authlint.core.environment.resolve.resolve`."""
    kind = context.kind
    if kind in TERMINALS:
        return _shell_plan(workspace, terminal_mode(kind, workspace.shell))
    if kind == "vscode-terminal":
        return _vscode_terminal_plan(workspace)
    if kind in ("python", "node"):
        return _program_plan(workspace, context)
    if kind == "claude-code":
        result = _terminal_plan(workspace)
        claude_layers(workspace, result)
        return result
    if kind == "claude-code-vscode":
        return _claude_extension_plan(workspace)
    if kind == "docker-run":
        return _docker_run_plan(workspace, context)
    if kind == "compose":
        return _compose_plan(workspace, context)
    raise ValueError(f"unknown context kind {kind!r}")


def _terminal_plan(workspace: Workspace) -> Plan:
    kind = PLATFORM_TERMINAL[workspace.platform]
    return _shell_plan(workspace, terminal_mode(kind, workspace.shell))


def _profiles(workspace: Workspace) -> list[Path]:
    home = workspace.home
    if home is None:
        return []
    return [p for p in workspace.files if family(p, home, workspace.zdotdir) is not None]


def _shell_plan(workspace: Workspace, mode: ShellMode, label_suffix: str = "") -> Plan:
    result = Plan()
    home = workspace.home
    if home is None:
        result.notes.append("the home folder is not read, so no shell profile is known")
        return result
    present = set(workspace.files)
    visited: set[Path] = set()
    below_guard: list[tuple[Definition, str]] = []
    files = startup_files(
        mode,
        home,
        workspace.platform,
        present,
        zdotdir=workspace.zdotdir,
        system_root=workspace.system_root,
    )
    for path in files:
        _expand(
            workspace,
            path,
            visited,
            result.layers,
            label_suffix,
            0,
            False,
            None if mode.interactive else below_guard,
        )
    result.unread.extend(below_guard)
    for path in _profiles(workspace):
        if path in visited:
            continue
        reason = why_not_read(path, mode, home, present, workspace.zdotdir)
        for step in profile_steps(path, workspace.files[path]):
            if isinstance(step, Definition):
                result.unread.append((step, reason))
    for path, (by, line) in workspace.sourced_from.items():
        if path in visited or not _from_profile(workspace, path):
            continue
        reason = (
            f"sourced from {workspace.display(by)} line {line}, which {mode.title} does not read"
        )
        if by in visited:
            reason = (
                f"the `source` at {workspace.display(by)}:{line} is not reached by {mode.title}"
            )
        for step in profile_steps(path, workspace.files[path]):
            if isinstance(step, Definition):
                result.unread.append((step, reason))
    for path, line, why in workspace.source_notes:
        mine = any(
            folder is not None and path.is_relative_to(folder)
            for folder in (workspace.home, workspace.root)
        )
        if path in visited and mine and "not followed" in why:
            result.notes.append(f"{workspace.display(path)}:{line}: {why}")
    return result


def _from_profile(workspace: Workspace, path: Path) -> bool:
    """Whether a sourced file is reached from a home profile (not a ``.envrc`` or /etc file)."""
    home = workspace.home
    seen: set[Path] = set()
    while path in workspace.sourced_from and path not in seen:
        seen.add(path)
        path = workspace.sourced_from[path][0]
    return home is not None and family(path, home, workspace.zdotdir) is not None


def _steps(workspace: Workspace, path: Path, file: ScannedFile) -> list[Step]:
    """``profile_steps`` with the statements only :mod:`.sourcing` sees (fish, pwsh) spliced in."""
    steps = profile_steps(path, file)
    sites = workspace.sources.get(path)
    if not sites:
        return steps
    known = {include.span for include in file.includes}
    extra = [IncludeAt(Include(None, span), path) for span in sites if span not in known]
    if not extra:
        return steps
    steps.extend(extra)
    steps.sort(key=lambda step: (_start(step), step_line(step)))
    return steps


def _start(step: Step) -> tuple[int, int]:
    span = step.span if isinstance(step, Definition) else step.include.span
    return (span.start.line, span.start.character)


def _targets(workspace: Workspace, path: Path, include: IncludeAt) -> tuple[Path, ...]:
    """The files an include reads: as collected (:mod:`.sourcing`), else its literal path."""
    sites = workspace.sources.get(path)
    if sites is not None and include.include.span in sites:
        return sites[include.include.span]
    if workspace.home is None:
        return ()
    target = include_path(include.include.target, workspace.home)
    return (target,) if target is not None else ()


def _expand(
    workspace: Workspace,
    path: Path,
    visited: set[Path],
    layers: list[Layer],
    suffix: str,
    depth: int,
    allexport: bool,
    below_guard: list[tuple[Definition, str]] | None = None,
) -> None:
    """Append ``path``'s definitions as layers, splicing in the files it sources.

    ``allexport``: ``path`` is sourced under ``set -a``. ``below_guard``: the
    shell is not interactive, so it stops at an interactive guard
    (:func:`~.definitions.interactive_guard_line`); what lies below is
    appended there, with the reason, instead of being applied.
    """
    file = workspace.file(path)
    if file is None or path in visited or depth > MAX_DEPTH:
        return
    visited.add(path)
    label = workspace.display(path) + suffix
    current = Layer(label, [], allexport=allexport)
    guard = interactive_guard_line(file) if below_guard is not None else None
    for step in _steps(workspace, path, file):
        if guard is not None and below_guard is not None and step_line(step) > guard:
            if isinstance(step, Definition):
                reason = (
                    f"below the interactive guard at {workspace.display(path)}:{guard + 1}: "
                    "a non-interactive shell returns there"
                )
                below_guard.append((step, reason))
            continue
        if isinstance(step, IncludeAt):
            targets = [t for t in _targets(workspace, path, step) if workspace.file(t) is not None]
            if not targets:
                continue
            if current.definitions:
                layers.append(current)
            exports = allexport or step.include.allexport
            for target in targets:
                _expand(workspace, target, visited, layers, suffix, depth + 1, exports, below_guard)
            current = Layer(label, [], allexport=allexport)
        else:
            current.definitions.append(step)
    if current.definitions:
        layers.append(current)


# --- VS Code ----------------------------------------------------------------------------------


def vscode_user_settings(workspace: Workspace) -> ScannedFile | None:
    """The first VS Code-family user ``settings.json`` found (Code, Insiders, VSCodium, Cursor)."""
    if workspace.home is None:
        return None
    files = vscode_user_settings_files(workspace.home, workspace.platform)
    return next((f for f in map(workspace.file, files) if f is not None), None)


def vscode_workspace_settings(workspace: Workspace) -> ScannedFile | None:
    """``<root>/.vscode/settings.json``, if read."""
    return (
        None if workspace.root is None else workspace.file(workspace.root / ".vscode/settings.json")
    )


def _setting(file: ScannedFile | None, key: str) -> JsonValue | None:
    settings = vscode_settings_object(file) if file is not None else None
    return settings.get(key) if settings is not None else None


def vscode_setting_member(
    workspace: Workspace, key: str, user_only: bool = True
) -> tuple[Path, JsonMember] | None:
    """The member VS Code reads for ``key`` and its file: workspace over user settings."""
    files = [vscode_user_settings(workspace)]
    if not user_only:
        files.append(vscode_workspace_settings(workspace))
    found: tuple[Path, JsonMember] | None = None
    for file in files:
        settings = vscode_settings_object(file) if file is not None else None
        member = settings.member(key) if settings is not None else None
        if member is not None and file is not None and file.source.path is not None:
            found = (file.source.path, member)
    return found


def setting_value(workspace: Workspace, key: str, user_only: bool = False) -> object:
    """A VS Code setting's value: workspace settings over user settings; ``None`` when unset."""
    files = [vscode_user_settings(workspace)]
    if not user_only:
        files.append(vscode_workspace_settings(workspace))
    value: object = None
    for file in files:
        found = _setting(file, key)
        if found is not None and found.type not in ("object", "array", "error"):
            value = found.value
    return value


def _vscode_base(workspace: Workspace, result: Plan, what: str) -> None:
    """VS Code's own environment: the login shell's, resolved at startup (not on Windows)."""
    if workspace.platform is Platform.WINDOWS:
        return
    base = _shell_plan(
        workspace, ShellMode(workspace.shell, True, True), " (VS Code's environment)"
    )
    result.layers.extend(base.layers)
    result.unread.extend(base.unread)
    result.notes.append(
        f"{what} starts from VS Code's environment, which VS Code resolves from a login "
        "interactive shell when launched from the Dock or menu (started with `code .`, it is "
        "the terminal's environment)"
    )


def _terminal_profile_mode(workspace: Workspace) -> ShellMode:
    os_key = OS_KEYS[workspace.platform]
    if workspace.platform is Platform.WINDOWS:
        return ShellMode("pwsh", False, True)
    shell = workspace.shell
    login = workspace.platform is Platform.MACOS
    name = setting_value(workspace, f"terminal.integrated.defaultProfile.{os_key}")
    if isinstance(name, str):
        for file in (vscode_user_settings(workspace), vscode_workspace_settings(workspace)):
            profiles = _setting(file, f"terminal.integrated.profiles.{os_key}")
            profile = (
                profiles.get(name) if profiles is not None and profiles.type == "object" else None
            )
            if profile is None or profile.type != "object":
                continue
            path = profile.get("path")
            if path is not None and isinstance(path.value, str):
                program = Path(path.value).name
                shell = program if program in ("bash", "zsh", "fish", "sh") else shell
            args = profile.get("args")
            if args is not None and args.type == "array":
                words = [a.value for a in args.items if isinstance(a.value, str)]
                login = any(_LOGIN_ARG.fullmatch(w) for w in words)
    return ShellMode(shell, login, True)


def _vscode_terminal_plan(workspace: Workspace) -> Plan:
    result = Plan()
    _vscode_base(workspace, result, "A VS Code terminal")
    inherit = setting_value(workspace, "terminal.integrated.inheritEnv", user_only=True)
    if inherit is False and workspace.platform is not Platform.WINDOWS:
        for layer in result.layers:
            for definition in layer.definitions:
                result.unread.append((definition, _NO_INHERIT))
        result.layers.clear()
    os_key = OS_KEYS[workspace.platform]
    for file in (vscode_user_settings(workspace), vscode_workspace_settings(workspace)):
        if file is not None and file.source.path is not None:
            definitions = terminal_env_definitions(file.source.path, file, os_key)
            if definitions:
                label = f"{workspace.display(file.source.path)} terminal.integrated.env.{os_key}"
                result.layers.append(Layer(label, definitions))
    if setting_value(workspace, "python.terminal.useEnvFile") is True:
        env_file = _python_env_file(workspace)
        file = workspace.file(env_file)
        if env_file is not None and file is not None:
            label = f"{workspace.display(env_file)} (python.terminal.useEnvFile)"
            result.layers.append(Layer(label, dotenv_definitions(env_file, file)))
    mode = _terminal_profile_mode(workspace)
    shell = _shell_plan(workspace, mode, f" ({mode.title} in the VS Code terminal)")
    result.layers.extend(shell.layers)
    seen = {d for layer in result.layers for d in layer.definitions}
    result.unread = [(d, r) for d, r in result.unread if d not in seen]
    known = {d for d, _ in result.unread}
    result.unread.extend((d, r) for d, r in shell.unread if d not in seen and d not in known)
    return result


def _python_env_file(workspace: Workspace) -> Path | None:
    configured = setting_value(workspace, "python.envFile")
    root = workspace.root
    if isinstance(configured, str) and root is not None:
        text = configured.replace("${workspaceFolder}", str(root))
        path = Path(text)
        return path if path.is_absolute() else root / path
    return None if root is None else root / ".env"


# --- programs ---------------------------------------------------------------------------------


def _program_plan(workspace: Workspace, context: LaunchContext) -> Plan:
    result = _terminal_plan(workspace)
    result.notes.insert(0, f"started from a {KIND_TITLES[PLATFORM_TERMINAL[workspace.platform]]}")
    detail = context.name.partition(":")[2]
    if not detail:
        return result
    if detail.startswith("--env-file"):
        run = next(
            (
                r
                for r in workspace.env_file_runs
                if " ".join(f"--env-file={workspace.display(p)}" for p in r) == detail
            ),
            (),
        )
        definitions: list[Definition] = []
        for path in run:
            file = workspace.file(path)
            if file is not None:
                definitions.extend(dotenv_definitions(path, file))
        result.layers.append(Layer(f"node {detail}", definitions, fill=True))
        return result
    for site in workspace.loads_in(context.kind, detail):
        if site.target is None:
            result.notes.append(f"`{site.call}` in {detail} finds no .env file")
            continue
        file = workspace.file(site.target)
        if file is None:
            missing = workspace.display(site.target)
            result.notes.append(f"`{site.call}` in {detail} reads {missing}, which does not exist")
            continue
        fill = site.override is not True
        how = "override=True" if not fill else "without override"
        label = f"{workspace.display(site.target)} via `{site.call}` in {detail} ({how})"
        result.layers.append(Layer(label, dotenv_definitions(site.target, file), fill=fill))
    return result


# --- Claude Code ------------------------------------------------------------------------------


def claude_settings_files(workspace: Workspace) -> list[tuple[str, Path]]:
    """``(scope, path)`` of Claude Code's settings files, lowest precedence first."""
    found: list[tuple[str, Path]] = []
    if workspace.home is not None:
        found.append(("user", workspace.home / ".claude/settings.json"))
    if workspace.root is not None and workspace.root != workspace.home:
        found.append(("project", workspace.root / ".claude/settings.json"))
        found.append(("local", workspace.root / ".claude/settings.local.json"))
    if workspace.managed_settings is not None:
        found.append(("managed", workspace.managed_settings))
    return [(scope, path) for scope, path in found if workspace.file(path) is not None]


def claude_layers(workspace: Workspace, result: Plan) -> None:
    """Append Claude Code's layers to ``result``: settings ``env`` by scope, then stored login."""
    for scope, path in claude_settings_files(workspace):
        file = workspace.files[path]
        definitions = claude_settings_definitions(path, file)
        ignored = ""
        if file.json is not None and not file.json.strictly_valid and file.source.text.strip():
            ignored = "Claude Code ignores the whole file: it is not strict JSON"
        label = f"{workspace.display(path)} ({scope} settings)"
        result.layers.append(Layer(label, definitions, ignored=ignored))
        if scope in ("project", "local") and definitions:
            result.notes.append(
                f"{workspace.display(path)} applies only after you trust the workspace "
                "(or with `claude -p`)"
            )
    account: list[Definition] = []
    if workspace.home is not None:
        for relative in (".claude.json", ".claude/.credentials.json"):
            path = workspace.home / relative
            state = workspace.file(path)
            if state is not None:
                account.extend(account_definitions(path, state))
    if account:
        result.layers.append(Layer("Claude Code's stored login", account))


def _claude_extension_plan(workspace: Workspace) -> Plan:
    result = Plan()
    _vscode_base(workspace, result, "The Claude Code extension")
    for file in (vscode_user_settings(workspace), vscode_workspace_settings(workspace)):
        if file is not None and file.source.path is not None:
            definitions = claude_extension_definitions(file.source.path, file)
            if definitions:
                label = f"{workspace.display(file.source.path)} claudeCode.environmentVariables"
                result.layers.append(Layer(label, definitions))
    claude_layers(workspace, result)
    return result


# --- Docker -----------------------------------------------------------------------------------


def _env_file_args(file: ScannedFile) -> list[str]:
    root = file.json.root if file.json is not None else None
    args = root.get("runArgs") if root is not None and root.type == "object" else None
    if args is None or args.type != "array":
        return []
    words = [a.value for a in args.items if isinstance(a.value, str)]
    found: list[str] = []
    for i, word in enumerate(words):
        if word == "--env-file" and i + 1 < len(words):
            found.append(words[i + 1])
        elif word.startswith("--env-file="):
            found.append(word.partition("=")[2])
    return found


def _docker_run_plan(workspace: Workspace, context: LaunchContext) -> Plan:
    result = Plan()
    detail = context.name.partition(":")[2]
    for path, file in workspace.files.items():
        if file.kind is not FileKind.DEVCONTAINER or workspace.display(path) != detail:
            continue
        folder = path.parent
        project = folder.parent if folder.name == ".devcontainer" else folder
        for raw in _env_file_args(file):
            target = Path(raw.replace("${localWorkspaceFolder}", str(project)))
            target = Path(os.path.normpath(target if target.is_absolute() else folder / target))
            found = workspace.file(target) or workspace.file(project / raw)
            if found is None or found.source.path is None:
                result.notes.append(f"--env-file {raw}: the file was not read")
                continue
            kept = [_raw(d) for d in dotenv_definitions(found.source.path, found)]
            label = f"docker run --env-file {workspace.display(found.source.path)} (quotes kept)"
            result.layers.append(Layer(label, kept))
        result.layers.append(
            Layer(f"{detail} containerEnv", container_definitions(path, file, "containerEnv"))
        )
    return result


def _raw(definition: Definition) -> Definition:
    """The definition as ``docker run --env-file`` reads it: the raw text, quotes included."""
    return replace(definition, value=definition.raw_value)


def _compose_plan(workspace: Workspace, context: LaunchContext) -> Plan:
    result = Plan()
    name = context.name.partition(":")[2]
    for path, file in workspace.files.items():
        if file.kind is not FileKind.COMPOSE:
            continue
        for service in compose_services_named(file, name):
            for raw in _compose_env_files(service):
                target = path.parent / raw
                dotenv = workspace.file(target)
                if dotenv is None:
                    result.notes.append(f"env_file {raw}: the file was not read")
                    continue
                result.layers.append(
                    Layer(
                        f"{workspace.display(target)} (env_file of {name})",
                        dotenv_definitions(target, dotenv),
                    )
                )
            result.layers.append(
                Layer(
                    f"{workspace.display(path)} environment of {name}",
                    compose_definitions(path, file, service, name),
                )
            )
    return result


def _compose_env_files(service: JsonValue) -> list[str]:
    value = service.get("env_file")
    if value is None:
        return []
    items = value.items if value.type == "array" else (value,)
    found: list[str] = []
    for item in items:
        if isinstance(item.value, str):
            found.append(item.value)
        elif item.type == "object":
            path = item.get("path")
            if path is not None and isinstance(path.value, str):
                found.append(path.value)
    return found


def interpolated_name(definition: Definition) -> str | None:
    """The variable a Compose value takes from the shell or ``.env``.

    ``${NAME}``, ``${NAME:-default}``, ``$NAME``, or a bare ``- NAME`` entry.
    """
    raw = definition.raw_value.strip().strip("'\"")
    if not raw and definition.value is None:
        return definition.variable
    match = _INTERPOLATION.fullmatch(raw)
    if match is None:
        return None
    return match.group("braced") or match.group("plain")
