"""Resolution: which definition of a variable a client gets in a launch context, and why.

:func:`resolve` walks a context's :class:`~.contexts.Plan` and gives every
definition of the variable a :class:`Verdict`: the one that wins, the ones
replaced after it, the ones a dotenv loader kept out because the variable
already existed, the ones the context never reads. :class:`EnvironmentModel`
caches resolutions for a workspace and answers the questions rules, hovers
and ``authlint env`` ask. Everything here is pure: no file is read.

Claude Code picks one credential among several sources
(:func:`claude_credential`): a cloud provider switch, then
``ANTHROPIC_AUTH_TOKEN``, ``ANTHROPIC_API_KEY`` (unless the user declined it
in the interactive prompt), ``apiKeyHelper``, ``CLAUDE_CODE_OAUTH_TOKEN``,
then a stored login (``primaryApiKey`` or the subscription login).

Sources: ``auth-facts.md`` §2.1 (precedence, declined keys), §2.5
(``customApiKeyResponses`` keeps the last 20 characters of each approved or
declined key), §7; ``client-behaviour.md`` headlines 5 and 7 and the "Claude
Code CLI" table (``ANTHROPIC_API_KEY=""`` counts as no key; an empty value in
a settings ``env`` "unsets" for provider selection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path

from authlint.core.environment.contexts import (
    PLATFORM_TERMINAL,
    LaunchContext,
    Plan,
    contexts,
    interpolated_name,
    plan,
    platform_contexts,
)
from authlint.core.environment.definitions import (
    API_KEY_HELPER,
    PRIMARY_API_KEY,
    STORED_LOGIN,
    Definition,
    Origin,
    dotenv_definitions,
)
from authlint.core.environment.workspace import Workspace
from authlint.core.text import Span
from authlint.core.variables import API_KEY, AUTH_TOKEN, OAUTH_TOKEN

CLOUD_SWITCHES = ("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY")
_NOT_EXPORTED = "set without `export`: child processes do not see it"
_FALSY = frozenset({"", "0", "false", "no", "off"})


class Verdict(Enum):
    """What happened to one definition in one context."""

    WINS = "wins"
    REMOVES = "removes"  # an unset / null that is the last word: the variable is not set
    OVERRIDDEN = "overridden"  # applied, then replaced by a later definition
    SUPPLIES = "supplies the value"  # the source of a Compose ${VAR} interpolation
    KEPT_OUT = "kept out"  # a loader without override kept the existing value
    NOT_EXPORTED = "not exported"
    IGNORED = "ignored"  # read, but the file is ignored whole (invalid JSON)
    NOT_READ = "not read"


@dataclass(frozen=True)
class Step:
    """One definition's fate.

    ``by`` is what replaced it or kept it out; ``layer`` is where it was read.
    """

    definition: Definition
    verdict: Verdict
    layer: str = ""
    reason: str = ""
    by: Definition | None = None


@dataclass(frozen=True)
class Resolution:
    """How ``variable`` resolves in ``context``.

    ``steps`` holds the applied definitions in order, then the ones not read.
    ``winner`` is the definition whose value the client gets (``None``: not
    set by any file); ``value_from`` the definition the value comes from, which
    differs from ``winner`` only for Compose ``${VAR}`` interpolation.
    """

    variable: str
    context: LaunchContext
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()
    value_from: Definition | None = None

    @property
    def winner(self) -> Definition | None:
        """The definition that takes effect (see class docstring)."""
        return next((s.definition for s in self.steps if s.verdict is Verdict.WINS), None)

    @property
    def value(self) -> str | None:
        """The value the client gets; ``None`` when unset or computed at run time."""
        source = self.value_from or self.winner
        return None if source is None else source.value

    def step_of(self, definition: Definition) -> Step | None:
        """The (first) step of ``definition``, if it is part of this resolution; O(1)."""
        return self._steps_by_definition.get(definition)

    @cached_property
    def _steps_by_definition(self) -> dict[Definition, Step]:
        found: dict[Definition, Step] = {}
        for step in self.steps:
            found.setdefault(step.definition, step)
        return found


def resolve(
    workspace: Workspace, context: LaunchContext, variable: str, built: Plan | None = None
) -> Resolution:
    """Resolve ``variable`` in ``context``; ``built`` is the context's plan when already made."""
    current = built or plan(workspace, context)
    # A removed step leaves None behind (compacted at the end), so indices stay valid;
    # ``where`` gives each definition's live step indices in order. Both keep the walk
    # linear in the number of definitions.
    steps: list[Step | None] = []
    where: dict[Definition, list[int]] = {}
    holder: tuple[int, Definition] | None = None  # index in steps, definition

    def add(step: Step) -> None:
        where.setdefault(step.definition, []).append(len(steps))
        steps.append(step)

    def replace_holder(by: Definition) -> None:
        if holder is not None:
            index, _ = holder
            old = steps[index]
            assert old is not None
            steps[index] = Step(old.definition, Verdict.OVERRIDDEN, old.layer, old.reason, by)

    for layer in current.layers:
        before = holder
        for definition in layer.definitions:
            if definition.variable != variable:
                continue
            if layer.ignored:
                add(Step(definition, Verdict.IGNORED, layer.label, layer.ignored))
                continue
            # A plain NAME=value exports nothing new, but a variable already in the
            # environment stays exported with the new value (bash, zsh, sh), and
            # `set -a` around `. file` exports every assignment of that file.
            if not definition.exported and not layer.allexport and holder is None:
                add(
                    Step(
                        definition,
                        Verdict.NOT_EXPORTED,
                        layer.label,
                        "set without `export`: child processes do not see it",
                    )
                )
                continue
            if layer.fill and before is not None:
                kept = before[1]
                add(
                    Step(
                        definition,
                        Verdict.KEPT_OUT,
                        layer.label,
                        "the variable is already set, and the loader keeps existing variables",
                        kept,
                    )
                )
                continue
            live = where.get(definition)
            if live:  # the same line read again (VS Code's environment, then the shell)
                earlier = live.pop(0)
                steps[earlier] = None
                if holder is not None and holder[0] == earlier:
                    holder = None
            replace_holder(definition)
            verdict = Verdict.REMOVES if definition.removes else Verdict.WINS
            add(Step(definition, verdict, layer.label))
            holder = None if definition.removes else (len(steps) - 1, definition)
    for definition, reason in current.unread:
        if definition.variable == variable:
            add(Step(definition, Verdict.NOT_READ, reason=reason))
    applied = tuple(step for step in steps if step is not None)
    resolution = Resolution(variable, context, applied, tuple(current.notes))
    if context.kind == "compose":
        return _interpolate(workspace, resolution)
    return resolution


def _interpolate(workspace: Workspace, resolution: Resolution) -> Resolution:
    """Compose ``${VAR}``: the shell's value first, then the project ``.env`` beside the file."""
    winner = resolution.winner
    if winner is None or winner.origin is not Origin.COMPOSE or winner.value is not None:
        return resolution
    name = interpolated_name(winner)
    if name is None:
        return resolution
    terminal = LaunchContext(
        PLATFORM_TERMINAL[workspace.platform], PLATFORM_TERMINAL[workspace.platform], ""
    )
    shell = resolve(workspace, terminal, name)
    steps = list(resolution.steps)
    source = shell.winner
    dotenv_path = winner.path.parent / ".env"
    dotenv = workspace.file(dotenv_path)
    candidates = dotenv_definitions(dotenv_path, dotenv) if dotenv is not None else []
    from_dotenv = next((d for d in reversed(candidates) if d.variable == name), None)
    layer = f"interpolation of ${{{name}}}"
    if source is not None:
        steps.append(Step(source, Verdict.SUPPLIES, layer, "the shell's value"))
        if from_dotenv is not None:
            reason = "Compose takes ${VAR} from the shell before the project .env"
            steps.append(Step(from_dotenv, Verdict.KEPT_OUT, layer, reason, source))
    elif from_dotenv is not None:
        source = from_dotenv
        steps.append(Step(from_dotenv, Verdict.SUPPLIES, layer, "from the project .env"))
    return Resolution(
        resolution.variable, resolution.context, tuple(steps), resolution.notes, value_from=source
    )


# --- Claude Code's credential -----------------------------------------------------------------


@dataclass(frozen=True)
class CredentialChoice:
    """The credential Claude Code uses in a context.

    ``source`` is the variable or pseudo-variable (``apiKeyHelper``,
    ``primaryApiKey``, ``/login``), or a cloud switch name; ``None`` when
    nothing is found (Claude Code asks you to log in). ``passed_over`` lists
    the other sources present, with why they are not used.
    """

    context: LaunchContext
    source: str | None
    definition: Definition | None
    passed_over: tuple[tuple[str, Definition | None, str], ...] = ()


def _is_set(value: str | None) -> bool:
    return value is None or bool(value.strip())


def declined_suffixes(workspace: Workspace) -> frozenset[str]:
    """The last 20 characters of every declined API key (``customApiKeyResponses.rejected``)."""
    if workspace.home is None:
        return frozenset()
    state = workspace.file(workspace.home / ".claude.json")
    root = state.json.root if state is not None and state.json is not None else None
    responses = (
        root.get("customApiKeyResponses") if root is not None and root.type == "object" else None
    )
    rejected = (
        responses.get("rejected") if responses is not None and responses.type == "object" else None
    )
    if rejected is None or rejected.type != "array":
        return frozenset()
    return frozenset(i.value for i in rejected.items if isinstance(i.value, str))


def claude_credential(model: EnvironmentModel, context: LaunchContext) -> CredentialChoice:
    """Which credential Claude Code (CLI or VS Code extension) uses in ``context``."""
    return choose_credential(lambda v: model.resolve(context, v), model.workspace, context)


def choose_credential(
    resolver: Callable[[str], Resolution], workspace: Workspace, context: LaunchContext
) -> CredentialChoice:
    """:func:`claude_credential` with the variables resolved by ``resolver`` (name -> resolution).

    Used for Claude Code started from a context that is not one of the model's
    own (the VS Code terminal, a non-interactive shell).
    """
    ranked: list[tuple[str, Definition | None, str | None]] = []
    for switch in CLOUD_SWITCHES:
        found = resolver(switch)
        if found.winner is not None and (found.value or "x").strip().lower() not in _FALSY:
            ranked.append((switch, found.winner, None))
    declined = declined_suffixes(workspace)
    for variable in (
        AUTH_TOKEN,
        API_KEY,
        API_KEY_HELPER,
        OAUTH_TOKEN,
        PRIMARY_API_KEY,
        STORED_LOGIN,
    ):
        found = resolver(variable)
        winner = found.winner
        if winner is None:
            continue
        if not _is_set(found.value):
            continue
        why: str | None = None
        if variable == API_KEY and found.value and found.value.strip()[-20:] in declined:
            why = "you declined this key in Claude Code's prompt, so interactive sessions ignore it"
        ranked.append((variable, winner, why))
    chosen = next(((s, d) for s, d, why in ranked if why is None), None)
    passed: list[tuple[str, Definition | None, str]] = []
    for source, definition, why in ranked:
        if chosen is not None and source == chosen[0]:
            continue
        passed.append(
            (source, definition, why or f"{chosen[0] if chosen else 'a higher source'} comes first")
        )
    if chosen is None:
        return CredentialChoice(context, None, None, tuple(passed))
    return CredentialChoice(context, chosen[0], chosen[1], tuple(passed))


# --- the model --------------------------------------------------------------------------------


class EnvironmentModel:
    """A workspace's launch contexts and resolutions, computed on demand and cached.

    Not thread-safe for concurrent first use; build one per check run.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._contexts = contexts(workspace)
        self._plans: dict[str, Plan] = {}
        self._resolutions: dict[tuple[str, str], Resolution] = {}
        self._definitions: (
            tuple[
                list[Definition],
                dict[Path, list[Definition]],
                dict[tuple[Path, str, Span], list[tuple[int, Definition]]],
            ]
            | None
        ) = None
        self._platform_contexts: list[LaunchContext] | None = None
        self._of_kind: dict[tuple[tuple[str, ...], bool], list[LaunchContext]] = {}
        self._winners: dict[tuple[str, bool], dict[Definition, list[LaunchContext]]] = {}
        self._fates: dict[tuple[str, bool], dict[Definition, list[tuple[LaunchContext, Step]]]] = {}
        # What layers above derive from this model once per model (the outcome layer's predictions).
        self.memo: dict[str, object] = {}

    def contexts(self, platform_only: bool = False) -> list[LaunchContext]:
        """Every context, or only those of the workspace's platform."""
        if platform_only:
            if self._platform_contexts is None:
                self._platform_contexts = platform_contexts(self.workspace)
            return list(self._platform_contexts)
        return list(self._contexts)

    def contexts_of_kind(self, *kinds: str, platform_only: bool = False) -> list[LaunchContext]:
        """The contexts of the given kinds, in :meth:`contexts` order; O(result) once cached.

        A Compose file adds a context per service, so asking for Claude Code's
        two contexts must not walk all of them.
        """
        key = (kinds, platform_only)
        found = self._of_kind.get(key)
        if found is None:  # once per question
            found = [c for c in self.contexts(platform_only) if c.kind in kinds]
            self._of_kind[key] = found
        return list(found)

    def find_contexts(self, name: str) -> list[LaunchContext]:
        """Contexts named ``name``, else those of kind ``name`` (``python``: every Python load)."""
        exact = [c for c in self._contexts if c.name == name]
        return exact or [c for c in self._contexts if c.kind == name]

    def plan(self, context: LaunchContext) -> Plan:
        """The context's plan (cached)."""
        if context.name not in self._plans:
            self._plans[context.name] = plan(self.workspace, context)
        return self._plans[context.name]

    def resolve(self, context: LaunchContext, variable: str) -> Resolution:
        """``variable`` in ``context`` (cached)."""
        key = (context.name, variable)
        if key not in self._resolutions:
            self._resolutions[key] = resolve(self.workspace, context, variable, self.plan(context))
        return self._resolutions[key]

    def definitions(self, path: Path | None = None) -> list[Definition]:
        """Every definition any context reads or lists, optionally only those in ``path``.

        Collected once (rules ask once per file checked), then O(result) per call.
        """
        every, by_path, _ = self._collected()
        return list(every) if path is None else list(by_path.get(path, ()))

    def definitions_named_at(
        self, path: Path, keys: Iterable[tuple[str, Span]]
    ) -> list[Definition]:
        """The definitions in ``path`` whose ``(variable, name_span)`` is one of ``keys``.

        In :meth:`definitions` order; O(k log k) for k found, whatever the file's size.
        """
        _, _, by_key = self._collected()
        found: list[tuple[int, Definition]] = []
        for variable, name_span in dict.fromkeys(keys):
            found.extend(by_key.get((path, variable, name_span), ()))
        found.sort(key=lambda item: item[0])
        return [definition for _, definition in found]

    def _collected(
        self,
    ) -> tuple[
        list[Definition],
        dict[Path, list[Definition]],
        dict[tuple[Path, str, Span], list[tuple[int, Definition]]],
    ]:
        """Every definition, by path, and by (path, variable, name span), collected once."""
        if self._definitions is None:
            seen: dict[Definition, None] = {}
            for context in self._contexts:
                current = self.plan(context)
                for layer in current.layers:
                    seen.update(dict.fromkeys(layer.definitions))
                seen.update(dict.fromkeys(d for d, _ in current.unread))
            by_path: dict[Path, list[Definition]] = {}
            by_key: dict[tuple[Path, str, Span], list[tuple[int, Definition]]] = {}
            for position, definition in enumerate(seen):
                by_path.setdefault(definition.path, []).append(definition)
                key = (definition.path, definition.variable, definition.name_span)
                by_key.setdefault(key, []).append((position, definition))
            self._definitions = (list(seen), by_path, by_key)
        return self._definitions

    def variables(self) -> list[str]:
        """Every variable some file defines, sorted."""
        return sorted({d.variable for d in self.definitions()})

    def contexts_won_by(
        self, definition: Definition, platform_only: bool = True
    ) -> list[LaunchContext]:
        """The contexts whose :attr:`Resolution.winner` for its variable is ``definition``.

        In context order; the first call for a variable resolves it everywhere
        and indexes the winners, later calls cost O(result).
        """
        key = (definition.variable, platform_only)
        index = self._winners.get(key)
        if index is None:
            index = {}
            for context in self.contexts(platform_only):
                winner = self.resolve(context, definition.variable).winner
                if winner is not None:
                    index.setdefault(winner, []).append(context)
            self._winners[key] = index
        return list(index.get(definition, ()))

    def fates(
        self, definition: Definition, platform_only: bool = True
    ) -> list[tuple[LaunchContext, Step]]:
        """What happens to ``definition`` in each context that mentions it, in context order.

        The first call for a variable resolves it in every context and indexes the
        steps by definition; later calls for that variable cost O(result).
        """
        key = (definition.variable, platform_only)
        index = self._fates.get(key)
        if index is None:
            index = {}
            for context in self.contexts(platform_only):
                for step in self.resolve(context, definition.variable).steps:
                    found = index.setdefault(step.definition, [])
                    if not found or found[-1][0] is not context:  # the first step per context
                        found.append((context, step))
            self._fates[key] = index
        return list(index.get(definition, ()))
