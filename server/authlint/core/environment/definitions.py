"""Definitions: every place a file sets (or removes) a variable that decides authentication.

A :class:`Definition` is one :class:`~authlint.core.facts.Assignment` (or
``unset``, or a ``null`` in ``terminal.integrated.env.*``) seen from the
environment model's side: which variable, which value, which file and which
block, and how it is applied. Besides environment variables, Claude Code's
own credential sources are definitions of pseudo-variables so that one chain
can show them: ``apiKeyHelper`` (a settings member), ``primaryApiKey`` (the
key a Console ``/login`` keeps in ``~/.claude.json``) and ``/login`` (the
subscription login in ``~/.claude/.credentials.json``).

Sources: ``auth-facts.md`` §2.1 (the credential sources Claude Code reads),
§2.4 (settings ``env``, ``apiKeyHelper``), §2.5 (``primaryApiKey``,
``.credentials.json``), §6 (``terminal.integrated.env.*``: "Set to ``null``
to delete the environment variable"; ``claudeCode.environmentVariables``;
devcontainer ``containerEnv``/``remoteEnv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from authlint.core.facts import (
    Assignment,
    FileKind,
    Include,
    JsonValue,
    ScannedFile,
    settings_object,
)
from authlint.core.text import Span

API_KEY_HELPER = "apiKeyHelper"
PRIMARY_API_KEY = "primaryApiKey"
STORED_LOGIN = "/login"
PSEUDO_VARIABLES = (API_KEY_HELPER, PRIMARY_API_KEY, STORED_LOGIN)

_OTHER_WATCHED = frozenset({"AWS_BEARER_TOKEN_BEDROCK", "CLAUDE_CONFIG_DIR"})
_TERMINAL_ENV = "terminal.integrated.env."
_CLAUDE_CODE_ENV = "claudeCode.environmentVariables"


def is_watched(name: str) -> bool:
    """Whether the model follows ``name``: ``ANTHROPIC_*``, ``CLAUDE_*`` and a few cloud ones."""
    return name.startswith(("ANTHROPIC_", "CLAUDE_")) or name in _OTHER_WATCHED


class Origin(Enum):
    """What kind of place a definition sits in."""

    PROFILE = "shell profile"
    DOTENV = "dotenv file"
    CLAUDE_SETTINGS = "Claude Code settings env"
    TERMINAL_ENV = "terminal.integrated.env"
    CLAUDE_CODE_EXTENSION = "claudeCode.environmentVariables"
    CONTAINER_ENV = "containerEnv"
    REMOTE_ENV = "remoteEnv"
    COMPOSE = "compose environment"
    CLAUDE_ACCOUNT = "Claude Code account"  # apiKeyHelper, primaryApiKey, /login


@dataclass(frozen=True)
class Definition:
    """One definition of ``variable``.

    - ``value``: what the consumer gets (quotes removed); ``None`` when it is
      computed at run time (``$(…)``, ``${…}``) or removed (``removes``).
    - ``raw_value``: the value as written (quotes kept), for consumers that
      keep them (``docker run --env-file``).
    - ``span``: the whole statement (0-based, code points); ``name_span``: the name.
    - ``block``: which block of a file with several (``osx``/``linux``/``windows``
      for ``terminal.integrated.env.*``, a Compose service name); ``""`` otherwise.
    - ``exported``: whether child processes see it (a profile's ``KEY=v``
      without ``export`` is not); ``conditional``: inside ``if``/``&&``/a
      function, so it may not run.
    """

    variable: str
    value: str | None = field(repr=False)
    path: Path
    span: Span
    name_span: Span
    origin: Origin
    raw_value: str = field(default="", repr=False)
    block: str = ""
    exported: bool = True
    conditional: bool = False
    removes: bool = False

    @property
    def line(self) -> int:
        """1-based line number, as ``file:line`` shows it."""
        return self.span.start.line + 1

    def __hash__(self) -> int:
        """The hash of every field, as the generated one, computed once.

        Definitions key the model's indexes (resolutions, fates, winners), so
        they are hashed once per context for every definition in a file.
        """
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(
                (
                    self.variable,
                    self.value,
                    self.path,
                    self.span,
                    self.name_span,
                    self.origin,
                    self.raw_value,
                    self.block,
                    self.exported,
                    self.conditional,
                    self.removes,
                )
            )
            self.__dict__["_hash"] = cached
        return cached

    def __getstate__(self) -> dict[str, object]:
        """The fields, without the cached hash (string hashes differ between processes)."""
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


@dataclass(frozen=True)
class IncludeAt:
    """A ``source``/``.`` statement in a profile, in file order among definitions."""

    include: Include
    path: Path


Step = Definition | IncludeAt


def _from_assignment(
    path: Path, assignment: Assignment, origin: Origin, block: str = ""
) -> Definition:
    return Definition(
        assignment.name,
        assignment.value,
        path,
        assignment.statement_span,
        assignment.name_span,
        origin,
        raw_value=assignment.raw_value,
        block=block,
        exported=assignment.exported,
        conditional=not assignment.top_level,
    )


def profile_steps(path: Path, scanned: ScannedFile) -> list[Step]:
    """A shell profile's definitions, removals and includes in file order.

    Computed once per scan and path (a model asks for each profile once per launch context).
    """
    key = f"profile_steps:{path}"
    cached = scanned.memo.get(key)
    if not isinstance(cached, tuple):
        cached = tuple(_profile_steps(path, scanned))
        scanned.memo[key] = cached
    return list(cached)


def _profile_steps(path: Path, scanned: ScannedFile) -> list[Step]:
    steps: list[tuple[Span, Step]] = []
    for assignment in scanned.assignments:
        if is_watched(assignment.name):
            steps.append(
                (assignment.statement_span, _from_assignment(path, assignment, Origin.PROFILE))
            )
    for unset in scanned.unsets:
        if is_watched(unset.name):
            removal = Definition(
                unset.name,
                None,
                path,
                unset.span,
                unset.span,
                Origin.PROFILE,
                conditional=not unset.top_level,
                removes=True,
            )
            steps.append((unset.span, removal))
    for include in scanned.includes:
        steps.append((include.span, IncludeAt(include, path)))
    steps.sort(key=lambda item: (item[0].start, item[0].end))
    return [step for _, step in steps]


def step_line(step: Step) -> int:
    """The 0-based line a profile step starts on."""
    return step.span.start.line if isinstance(step, Definition) else step.include.span.start.line


# The tests that ask "is this shell non-interactive?": `[ -z "$PS1" ]`, `[[ $- != *i* ]]`,
# `[[ ! -o interactive ]]`; and their positive forms used with `||`.
_PS1 = r"""\[\[?\s*-{flag}\s+"?\$\{{?PS1[-}}]*"?\s*\]\]?"""
_DASH = r"""\[\[?\s*"?\$-"?\s*{op}\s*\*i\*\s*\]\]?"""
_OPTION = r"\[\[\s*{bang}-o\s+interactive\s*\]\]"
_NOT_INTERACTIVE = (
    "(?:"
    + "|".join((_PS1.format(flag="z"), _DASH.format(op="!="), _OPTION.format(bang=r"!\s*")))
    + ")"
)
_INTERACTIVE = (
    "(?:" + "|".join((_PS1.format(flag="n"), _DASH.format(op="==?"), _OPTION.format(bang=""))) + ")"
)
_GUARD_LINE = re.compile(
    rf"\s*(?:{_NOT_INTERACTIVE}\s*&&\s*return|{_INTERACTIVE}\s*\|\|\s*return)\b"
)
_GUARD_IF = re.compile(rf"\s*if\s+{_NOT_INTERACTIVE}\s*;?\s*(?:then\b.*)?$")
_GUARD_CASE = re.compile(r"""\s*case\s+"?\$-"?\s+in\b""")


def interactive_guard_line(scanned: ScannedFile) -> int | None:
    """The 0-based last line of the first top-level interactive guard in a profile, or ``None``.

    A guard returns from the file when the shell is not interactive, so a
    non-interactive shell (``bash -lc`` reaching ``~/.bashrc`` through
    ``~/.profile``, cron, hooks) never runs the lines below it. Recognised:
    ``[ -z "$PS1" ] && return``, ``[[ $- != *i* ]] && return``,
    ``[ -n "$PS1" ] || return``, ``[[ -o interactive ]] || return``, the
    ``if … then return fi`` forms, and ``case $- in *i*) ;; *) return;; esac``
    (Debian's and Ubuntu's skeleton ``.bashrc``). Source: GNU bash manual,
    "Is this Shell Interactive?"
    (https://www.gnu.org/software/bash/manual/html_node/Is-this-Shell-Interactive_003f.html).
    """
    if scanned.kind is not FileKind.SHELL:
        return None
    text = scanned.source.text
    if "return" not in text:
        return None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if "PS1" not in line and "$-" not in line and "interactive" not in line:
            continue
        if _GUARD_LINE.match(line):
            return number
        ahead = lines[number : number + 6]
        joined = " ; ".join(ahead)
        if _GUARD_IF.match(line):
            end = next((i for i, text in enumerate(ahead) if re.search(r"\bfi\b", text)), None)
            if end is not None and re.search(r"\breturn\b", " ".join(ahead[: end + 1])):
                return number + end
        if _GUARD_CASE.match(line) and "*i*)" in joined and re.search(r"\*\)\s*return\b", joined):
            end = next((i for i, text in enumerate(ahead) if re.search(r"\besac\b", text)), None)
            if end is not None:
                return number + end
    return None


def dotenv_definitions(path: Path, scanned: ScannedFile) -> list[Definition]:
    """The watched assignments of a ``.env`` file, in file order."""
    return [
        _from_assignment(path, a, Origin.DOTENV) for a in scanned.assignments if is_watched(a.name)
    ]


def _within(scanned: ScannedFile, block: JsonValue) -> list[Assignment]:
    return scanned.assignments_within(block.span)


def _settings_root(scanned: ScannedFile) -> JsonValue | None:
    path = scanned.source.path
    workspace = path is not None and path.name.endswith(".code-workspace")
    return settings_object(scanned.json.root if scanned.json else None, workspace)


def vscode_settings_object(scanned: ScannedFile) -> JsonValue | None:
    """The settings object of a VS Code ``settings.json`` or ``*.code-workspace`` file."""
    return _settings_root(scanned)


def terminal_env_definitions(path: Path, scanned: ScannedFile, os_key: str) -> list[Definition]:
    """``terminal.integrated.env.<os_key>`` entries (``null`` removes the variable)."""
    settings = _settings_root(scanned)
    block = settings.get(f"{_TERMINAL_ENV}{os_key}") if settings is not None else None
    if block is None or block.type != "object":
        return []
    found: list[Definition] = []
    assignments = _within(scanned, block)
    # A member's assignment has the member as its statement: found in O(1).
    by_statement: dict[Span, Assignment] = {}
    for a in assignments:
        by_statement.setdefault(a.statement_span, a)
    for member in block.members:
        if not is_watched(member.key):
            continue
        if member.value.type == "null":
            removal = Definition(
                member.key,
                None,
                path,
                member.span,
                member.key_span,
                Origin.TERMINAL_ENV,
                block=os_key,
                removes=True,
            )
            found.append(removal)
            continue
        assignment = by_statement.get(member.span)
        if assignment is None or not member.span.contains(assignment.name_span):
            inside = scanned.assignments_within(member.span)
            assignment = next((a for a in inside if member.span.contains(a.name_span)), None)
        if assignment is not None:
            found.append(_from_assignment(path, assignment, Origin.TERMINAL_ENV, os_key))
    return found


def claude_extension_definitions(path: Path, scanned: ScannedFile) -> list[Definition]:
    """``claudeCode.environmentVariables`` items (``[{"name": …, "value": …}]``)."""
    settings = _settings_root(scanned)
    block = settings.get(_CLAUDE_CODE_ENV) if settings is not None else None
    if block is None or block.type != "array":
        return []
    return [
        _from_assignment(path, a, Origin.CLAUDE_CODE_EXTENSION)
        for a in _within(scanned, block)
        if is_watched(a.name)
    ]


def claude_settings_definitions(path: Path, scanned: ScannedFile) -> list[Definition]:
    """A Claude Code settings file's ``env`` entries, then its ``apiKeyHelper``."""
    found = [
        _from_assignment(path, a, Origin.CLAUDE_SETTINGS)
        for a in scanned.assignments
        if is_watched(a.name)
    ]
    root = _settings_root(scanned)
    helper = root.member(API_KEY_HELPER) if root is not None else None
    if helper is not None and helper.value.type == "string" and isinstance(helper.value.value, str):
        found.append(
            Definition(
                API_KEY_HELPER,
                helper.value.value,
                path,
                helper.span,
                helper.key_span,
                Origin.CLAUDE_ACCOUNT,
                raw_value=helper.value.value,
            )
        )
    return found


def container_definitions(path: Path, scanned: ScannedFile, key: str) -> list[Definition]:
    """A devcontainer's ``containerEnv`` or ``remoteEnv`` entries."""
    root = scanned.json.root if scanned.json is not None else None
    block = root.get(key) if root is not None and root.type == "object" else None
    if block is None or block.type != "object":
        return []
    origin = Origin.CONTAINER_ENV if key == "containerEnv" else Origin.REMOTE_ENV
    return [
        _from_assignment(path, a, origin) for a in _within(scanned, block) if is_watched(a.name)
    ]


def compose_services(scanned: ScannedFile) -> Iterator[tuple[str, JsonValue]]:
    """``(name, service)`` for each service object of a Compose file."""
    root = scanned.json.root if scanned.json is not None else None
    services = root.get("services") if root is not None and root.type == "object" else None
    if services is None or services.type != "object":
        return
    for member in services.members:
        if member.value.type == "object":
            yield member.key, member.value


def compose_services_named(scanned: ScannedFile, name: str) -> list[JsonValue]:
    """The service objects named ``name`` in a Compose file, in file order; O(result).

    The services are indexed once per file (in ``scanned.memo``): a plan is
    made per service, so a search of every service per plan would cost n².
    """
    index = scanned.memo.get("compose-services")
    if not isinstance(index, dict):
        by_name: dict[str, list[JsonValue]] = {}
        for key, service in compose_services(scanned):
            by_name.setdefault(key, []).append(service)
        scanned.memo["compose-services"] = index = by_name
    return list(index.get(name, ()))


def compose_definitions(
    path: Path, scanned: ScannedFile, service: JsonValue, name: str
) -> list[Definition]:
    """The ``environment:`` entries of one Compose service."""
    return [
        _from_assignment(path, a, Origin.COMPOSE, name)
        for a in scanned.assignments_within(service.span)
        if is_watched(a.name)
    ]


def account_definitions(path: Path, scanned: ScannedFile) -> list[Definition]:
    """``primaryApiKey`` in ``~/.claude.json``, or the stored login in ``.credentials.json``."""
    root = scanned.json.root if scanned.json is not None else None
    if root is None or root.type != "object":
        return []
    if scanned.kind is FileKind.CLAUDE_STATE:
        member = root.member(PRIMARY_API_KEY)
        if (
            member is None
            or member.value.type != "string"
            or not isinstance(member.value.value, str)
        ):
            return []
        return [
            Definition(
                PRIMARY_API_KEY,
                member.value.value,
                path,
                member.span,
                member.key_span,
                Origin.CLAUDE_ACCOUNT,
            )
        ]
    oauth = root.member("claudeAiOauth")
    if oauth is None or oauth.value.type != "object":
        return []
    token = oauth.value.get("accessToken")
    value = token.value if token is not None and isinstance(token.value, str) else None
    return [
        Definition(STORED_LOGIN, value, path, oauth.span, oauth.key_span, Origin.CLAUDE_ACCOUNT)
    ]
