"""What the cross-file rules (AL9xx) share: the model's definitions in the file being checked.

These rules read :attr:`CheckContext.environment` (the environment model of
the workspace and home, :mod:`authlint.core.environment`) and report only at
definitions in the file being checked, pointing at the other file with
related information. Without a model they report nothing.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.endpoints import BaseUrl, parse_base_url, provider_for
from authlint.core.environment import (
    Definition,
    EnvironmentModel,
    LaunchContext,
    Step,
    Verdict,
)
from authlint.core.environment.definitions import PSEUDO_VARIABLES
from authlint.core.environment.render import shown_value, where
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Related
from authlint.core.outcomes import Cause, Outcome
from authlint.core.scope import once_per_check_of
from authlint.core.variables import AUTH_VARIABLES, BASE_URL

KINDS = ASSIGNMENT_KINDS


def model_of(context: CheckContext) -> EnvironmentModel | None:
    """The environment model, when one was built."""
    return context.environment


def definitions_here(
    file: ScannedFile, model: EnvironmentModel, *, variables: frozenset[str] = AUTH_VARIABLES
) -> Iterator[Definition]:
    """The model's definitions in ``file`` of ``variables`` (known values only, no removals).

    ``file`` may be one environment block of a file (:meth:`ScannedFile.env_blocks`):
    only the definitions of its own assignments are given, so a file of many
    blocks is not checked once per block in full.
    """
    if file.source.path is None:
        return
    names, everything = once_per_check_of(
        "definitions_here", (file, model), lambda: _definitions_here(file, model)
    )
    if names.isdisjoint(variables):
        return
    for definition in everything:
        if definition.variable in variables:
            yield definition


def _definitions_here(
    file: ScannedFile, model: EnvironmentModel
) -> tuple[frozenset[str], list[Definition]]:
    """The names ``file`` assigns, and :func:`definitions_here` for all of them.

    Each variable's definitions are a subsequence of the list (the model orders
    them by one position whatever the names asked for), so one list serves
    every rule of a check.
    """
    path = file.source.path
    names = frozenset(a.name for a in file.assignments)
    if path is None or not names:
        return names, []
    path = path.absolute()
    # The variables the model has definitions of in this file (few: the model keeps what
    # its contexts read), so that other assignments are not looked up one by one.
    known = {definition.variable for definition in model.definitions(path)}
    if known.isdisjoint(names):
        return names, []
    here = ((a.name, a.name_span) for a in file.assignments if a.name in known)
    return names, [
        definition
        for definition in model.definitions_named_at(path, here)
        if definition.variable not in PSEUDO_VARIABLES
        and not definition.removes
        and definition.value is not None
    ]


def same_value(a: Definition, b: Definition) -> bool | None:
    """Whether two definitions give the same value; ``None`` when one is computed at run time."""
    if a.removes or b.removes:
        return a.removes and b.removes
    if a.value is None or b.value is None:
        return None
    return a.value.strip() == b.value.strip()


def in_home(definition: Definition, model: EnvironmentModel) -> bool:
    """Whether the definition is in the home folder and outside the project."""
    workspace = model.workspace
    path = definition.path
    if workspace.root is not None and path.is_relative_to(workspace.root):
        return False
    return workspace.home is not None and path.is_relative_to(workspace.home)


def short_title(context: LaunchContext) -> str:
    """``macOS terminal`` from ``macOS terminal (Terminal.app, …)``."""
    return context.title.split(" (")[0]


def titles(contexts: list[LaunchContext]) -> str:
    """``the macOS terminal and the Claude Code CLI``-style list (at most three named)."""
    names = list(dict.fromkeys(short_title(c) for c in contexts))
    if len(names) > 3:
        names = [*names[:3], f"{len(names) - 3} more"]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def related_to(definition: Definition, message: str) -> Related:
    """Related information at ``definition``'s statement."""
    return Related(definition.path, definition.span, message)


def describe(definition: Definition, model: EnvironmentModel) -> str:
    """```~/.zshrc:3` (`sk-ant-api03-…AbCd`)``: place and masked value."""
    return f"`{where(definition, model.workspace)}` (`{shown_value(definition)}`)"


def beaten(step: Step) -> bool:
    """Whether a step lost to another definition (replaced later, or kept out by a loader)."""
    return step.verdict in (Verdict.OVERRIDDEN, Verdict.KEPT_OUT) and step.by is not None


def base_url_of(
    model: EnvironmentModel, context: LaunchContext
) -> tuple[Definition, BaseUrl] | None:
    """The base URL that takes effect in ``context`` and its parsed form, if set and readable."""
    winner = model.resolve(context, BASE_URL).winner
    if winner is None or not winner.value:
        return None
    url = parse_base_url(winner.value.strip())
    return None if url is None else (winner, url)


def is_openrouter(model: EnvironmentModel, context: LaunchContext) -> bool:
    """Whether requests in ``context`` go to OpenRouter."""
    found = base_url_of(model, context)
    provider = provider_for(found[1].host) if found is not None else None
    return provider is not None and provider.name == "OpenRouter"


def causes_here(file: ScannedFile, context: CheckContext) -> list[tuple[Cause, list[Outcome]]]:
    """The causes in ``file`` of failing predicted outcomes, each with the outcomes it breaks.

    In the order the outcomes list them; empty without outcomes (no model).
    """
    path = file.source.path
    if path is None or not context.outcomes:
        return []
    by_path = _causes_by_path(context.outcomes)
    if not by_path:
        return []
    here = by_path.get(Path(os.path.abspath(path)))
    return [(cause, list(outcomes)) for cause, outcomes in here.items()] if here else []


_causes_index: tuple[tuple[Outcome, ...], dict[Path, dict[Cause, list[Outcome]]]] | None = None


def cause_paths(context: CheckContext) -> Collection[Path]:
    """The files (absolute, normalized) a failing predicted outcome has a cause in.

    None without predicted outcomes in ``context``
    (:attr:`authlint.rules._base.Rule.unparsed_code` of AL900).
    """
    return _causes_by_path(context.outcomes).keys() if context.outcomes else ()


def _causes_by_path(outcomes: tuple[Outcome, ...]) -> dict[Path, dict[Cause, list[Outcome]]]:
    """The causes of failing ``outcomes`` by path, each with its outcomes in order.

    Built once per tuple of outcomes (one per model), not once per checked file.
    """
    global _causes_index
    cached = _causes_index
    if cached is not None and cached[0] is outcomes:
        return cached[1]
    index: dict[Path, dict[Cause, list[Outcome]]] = {}
    for outcome in outcomes:
        if not outcome.fails:
            continue
        for cause in outcome.causes:
            index.setdefault(cause.path, {}).setdefault(cause, []).append(outcome)
    _causes_index = (outcomes, index)
    return index
