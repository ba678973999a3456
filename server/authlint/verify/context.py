"""What a modelled launch context would send: ``authlint verify --context NAME``.

The environment model (:mod:`authlint.core.environment`) says which definition
of each variable a client gets in a launch context. This module turns that
into the mapping :func:`authlint.verify.verify_environment` checks, so every
rule of the live check applies unchanged (https only except loopback, never an
Anthropic key, even a damaged one, to a host other than Anthropic's, no
redirects), and keeps
where each sent value came from (``~/.bashrc:1``).

What a context sends:

- most contexts: every credential variable the context ends up with, and its
  ``ANTHROPIC_BASE_URL``, as the live check reads them from a real environment;
- Python and Node programs: not ``CLAUDE_CODE_OAUTH_TOKEN``, which the SDKs
  never read (``client-behaviour.md``; :mod:`authlint.verify.target`);
- Claude Code (CLI and VS Code extension): only the credential it picks
  (:func:`~authlint.core.environment.claude_credential`, ``auth-facts.md``
  §2.1). A stored ``/login`` token goes as a bearer token, like
  ``CLAUDE_CODE_OAUTH_TOKEN``; a ``primaryApiKey`` as an API key;
  ``apiKeyHelper`` is a command and is never run; a cloud provider switch
  means there is no Anthropic credential to check.

A value computed at run time (``$(…)``, ``${…}``) cannot be known offline: it
is left out and said so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from authlint.core.environment import (
    Definition,
    EnvironmentModel,
    LaunchContext,
    Resolution,
    claude_credential,
)
from authlint.core.environment.definitions import API_KEY_HELPER, PRIMARY_API_KEY, STORED_LOGIN
from authlint.core.environment.render import where
from authlint.core.secrets import mask, redact
from authlint.core.variables import (
    API_KEY,
    AUTH_TOKEN,
    BASE_URL,
    CREDENTIAL_VARIABLES,
    CUSTOM_HEADERS,
    OAUTH_TOKEN,
)
from authlint.verify import DEFAULT_TIMEOUT, CheckResult, Report, Verdict, verify_environment
from authlint.verify.target import CREDENTIAL_ORDER

CONTEXT_VARIABLES = (API_KEY, AUTH_TOKEN, OAUTH_TOKEN, BASE_URL, CUSTOM_HEADERS)
CLAUDE_KINDS = frozenset({"claude-code", "claude-code-vscode"})
SDK_KINDS = frozenset({"python", "node"})
HELPER_NOT_RUN = "apiKeyHelper: not run by authlint verify"
COMPUTED = "computed at run time, cannot verify offline"

# How Claude Code presents a credential from its stored login (auth-facts.md §2.1, §2.5).
_SENT_AS = {PRIMARY_API_KEY: API_KEY, STORED_LOGIN: OAUTH_TOKEN}


@dataclass(frozen=True)
class Source:
    """Where one value the check uses comes from. ``shown`` is masked.

    ``variable`` is how the check reads it (``ANTHROPIC_API_KEY``); ``origin``
    is what the file defines (the same, or ``primaryApiKey`` / ``/login``).
    """

    variable: str
    origin: str
    where: str
    shown: str

    def as_dict(self) -> dict[str, str]:
        """Plain data for ``--format json``."""
        return {
            "variable": self.variable,
            "origin": self.origin,
            "from": self.where,
            "value": self.shown,
        }


@dataclass(frozen=True)
class ContextEnvironment:
    """The environment a context gives its client, as the live check would read it.

    ``environ`` holds the secrets: never print it. ``variables`` limits the
    check to the credentials the client uses (``None``: every one set).
    ``unchecked`` is a credential authlint cannot check (``apiKeyHelper``, a
    cloud provider) as ``(source, why)``.
    """

    context: LaunchContext
    environ: dict[str, str] = field(repr=False)
    sources: tuple[Source, ...]
    variables: tuple[str, ...] | None
    notes: tuple[str, ...]
    unchecked: tuple[str, str] | None = None


@dataclass(frozen=True)
class ContextReport:
    """One context's check: the context, where the values came from, and the report."""

    context: LaunchContext
    sources: tuple[Source, ...]
    report: Report

    @property
    def accepted(self) -> bool:
        """Whether the context's credential was checked and accepted."""
        return self.report.accepted

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--format json``: the context, the sources, then the report."""
        return {
            "context": self.context.name,
            "title": self.context.title,
            "sources": [s.as_dict() for s in self.sources],
            **self.report.as_dict(),
        }


def _shown(variable: str, value: str) -> str:
    if variable == BASE_URL:
        return redact(value) if value else '""'
    return (mask(value.strip()) or "…") if value.strip() else '""'


def _place(resolution: Resolution, model: EnvironmentModel) -> str:
    """``~/.zshrc:3``, plus where a Compose ``${VAR}`` took its value from."""
    winner = resolution.winner
    assert winner is not None
    text = where(winner, model.workspace)
    if resolution.value_from is not None and resolution.value_from != winner:
        text += f" (value from {where(resolution.value_from, model.workspace)})"
    return text


def context_environment(model: EnvironmentModel, context: LaunchContext) -> ContextEnvironment:
    """The mapping ``context`` gives its client, where each value comes from, and notes.

    Takes the model and one of its contexts; returns the
    :class:`ContextEnvironment`. Runs nothing and sends nothing.
    """
    claude = context.kind in CLAUDE_KINDS
    environ: dict[str, str] = {}
    sources: list[Source] = []
    notes: list[str] = list(model.plan(context).notes)
    for variable in CONTEXT_VARIABLES:
        if claude and variable in CREDENTIAL_VARIABLES:
            continue  # Claude Code sends only the credential it picks (below)
        resolution = model.resolve(context, variable)
        if resolution.winner is None:
            continue
        place = _place(resolution, model)
        if resolution.value is None:
            notes.append(f"{variable} ({place}): {COMPUTED}; checked as if it were not set")
            continue
        environ[variable] = resolution.value
        if variable == CUSTOM_HEADERS:
            notes.append(f"{variable} is set ({place}); authlint verify does not send it")
            continue
        sources.append(Source(variable, variable, place, _shown(variable, resolution.value)))
    variables: tuple[str, ...] | None = None
    unchecked: tuple[str, str] | None = None
    if context.kind in SDK_KINDS:
        variables = (AUTH_TOKEN, API_KEY)
        if OAUTH_TOKEN in environ:
            notes.append(
                f"{OAUTH_TOKEN} is set but the SDKs never read it, so it is not checked here"
            )
    if claude:
        variables, unchecked = _claude_credential(model, context, environ, sources, notes)
    return ContextEnvironment(context, environ, tuple(sources), variables, tuple(notes), unchecked)


def _claude_credential(
    model: EnvironmentModel,
    context: LaunchContext,
    environ: dict[str, str],
    sources: list[Source],
    notes: list[str],
) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """Add the credential Claude Code picks to ``environ``; return ``(variables, unchecked)``."""
    choice = claude_credential(model, context)
    for source, definition, why in choice.passed_over:
        place = f" ({where(definition, model.workspace)})" if definition is not None else ""
        notes.append(f"{source}{place} is not used: {why}")
    chosen: Definition | None = choice.definition
    if choice.source is None or chosen is None:
        notes.append("Claude Code finds no credential here, so it asks you to log in")
        return (), None
    place = where(chosen, model.workspace)
    if choice.source == API_KEY_HELPER:
        why = (
            f"{HELPER_NOT_RUN}: it is a command ({place}), and authlint runs none; Claude Code "
            "sends its output, so run it yourself to see what that is"
        )
        return (), (API_KEY_HELPER, why)
    if choice.source not in CREDENTIAL_VARIABLES and choice.source not in _SENT_AS:
        why = (
            f"{choice.source} is on ({place}): Claude Code talks to the cloud provider, and "
            "authlint verify checks only Anthropic API credentials"
        )
        return (), (choice.source, why)
    if choice.source in CREDENTIAL_VARIABLES:
        value = model.resolve(context, choice.source).value
        sent_as = choice.source
    else:
        value = chosen.value
        sent_as = _SENT_AS[choice.source]
    if value is None:
        notes.append(f"{choice.source} ({place}): {COMPUTED}; checked as if it were not set")
        return (sent_as,), None
    environ[sent_as] = value
    sources.insert(0, Source(sent_as, choice.source, place, _shown(sent_as, value)))
    return (sent_as,), None


def _not_checked(report: Report, source: str, why: str) -> CheckResult:
    return CheckResult(
        variable=source,
        credential=None,
        kind=None,
        header=None,
        url=report.url,
        verdict=Verdict.NO_CREDENTIAL,
        sent=False,
        meaning=redact(why),
        hint="",
    )


def _no_credential(
    check: CheckResult, context: LaunchContext, wanted: tuple[str, ...] | None
) -> CheckResult:
    """The live check's "nothing set" result, told about the context rather than this shell."""
    names = ", ".join(wanted or CREDENTIAL_ORDER) or "the credential Claude Code picks"
    meaning = (
        f"the files authlint read give {context.name} no value of {names} that can be "
        "checked offline (see the notes)"
    )
    hint = "set the credential in a file this context reads (`authlint check` shows which)"
    return replace(check, meaning=meaning, hint=hint)


def verify_context(
    model: EnvironmentModel,
    context: LaunchContext,
    *,
    base_url: str | None = None,
    variables: tuple[str, ...] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> ContextReport:
    """Check the credential ``context`` would send, with :func:`verify_environment`.

    ``base_url`` overrides the context's ``ANTHROPIC_BASE_URL``; ``variables``
    (``--variable``) narrows the credentials further; ``transport`` replaces
    the network (tests). Returns the :class:`ContextReport`; never raises for
    network failures.
    """
    env = context_environment(model, context)
    wanted = env.variables
    if variables is not None:
        wanted = tuple(v for v in (wanted or CREDENTIAL_ORDER) if v in variables)
    report = verify_environment(
        env.environ, base_url=base_url, variables=wanted, timeout=timeout, transport=transport
    )
    if env.unchecked is not None and report.url is not None:
        report = replace(report, checks=(_not_checked(report, *env.unchecked),))
    elif [c.verdict for c in report.checks] == [Verdict.NO_CREDENTIAL]:
        report = replace(report, checks=(_no_credential(report.checks[0], context, wanted),))
    report = replace(report, notes=(*(redact(n) for n in env.notes), *report.notes))
    checked = {c.variable for c in report.checks if c.credential is not None}
    sources = tuple(
        s
        for s in env.sources
        if s.variable in checked or (s.variable == BASE_URL and base_url is None)
    )
    return ContextReport(context, sources, report)
