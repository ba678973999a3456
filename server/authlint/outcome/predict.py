"""The predicted request and its outcome, per launch context and client.

For each launch context the environment model resolves (which definition of
each variable a client gets), :func:`predict` builds the request a client
would send — which credential in which header, to which URL — applies what
that client does with damaged values (:mod:`.clients`) and Claude Code's
precedence (settings ``env``, ``apiKeyHelper``, declined keys, the stored
``primaryApiKey``, ``/login``), and names the outcome: works, 401, 404, no
request, a login prompt, a credential sent to another vendor's host, or a
fragile request whose result depends on which header the server reads first.

Each :class:`Outcome` carries the chain of steps that leads there and its
*causes*: the places (file and span) that make it fail, root cause first.
The outcome layer (:mod:`.weigh`) turns those into severities.

Sources: as :mod:`.clients`; Claude Code's precedence:
https://docs.claude.com/en/docs/claude-code/iam ("Authentication precedence")
and https://docs.claude.com/en/docs/claude-code/llm-gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from authlint.core.endpoints import (
    ends_with_v1,
    is_anthropic_host,
    is_local_host,
    is_openai_style,
    parse_base_url,
    provider_for,
)
from authlint.core.environment import (
    Definition,
    EnvironmentModel,
    LaunchContext,
    Resolution,
    Verdict,
)
from authlint.core.environment.contexts import (
    Plan,
    claude_layers,
    setting_value,
    vscode_setting_member,
    vscode_workspace_settings,
)
from authlint.core.environment.definitions import (
    API_KEY_HELPER,
    PRIMARY_API_KEY,
    STORED_LOGIN,
    Origin,
    vscode_settings_object,
)
from authlint.core.environment.render import where
from authlint.core.environment.resolve import CredentialChoice, choose_credential, resolve
from authlint.core.environment.shells import family
from authlint.core.outcomes import DEFAULT_URL, Cause, Client, Header, Outcome, OutcomeKind
from authlint.core.references import is_reference, mentions_op_run, runs_under_op
from authlint.core.secrets import is_anthropic_credential
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, OAUTH_TOKEN
from authlint.outcome.clients import (
    Credential,
    Effect,
    credential_verdict,
    missing_wording,
    not_found_wording,
    rejected_wording,
    value_effect,
)

Resolver = Callable[[str], Resolution]


@dataclass
class _Draft:
    steps: list[str] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    reads: list[Definition] = field(default_factory=list)
    # A missing credential that a desktop session may still deliver (Linux ~/.profile).
    uncertain: bool = False

    def cause(self, definition: Definition | None, why: str, kind: str = "value") -> None:
        if definition is not None:
            self.causes.append(Cause(definition.path, definition.span, why, kind))


def _winner(resolution: Resolution) -> Definition | None:
    return resolution.value_from or resolution.winner


def _set(resolution: Resolution, trims: bool) -> bool:
    """Whether the variable counts as set: ``""`` (or blank, for a trimming client) does not."""
    if _winner(resolution) is None:
        return False
    value = resolution.value
    if value is None:
        return True  # computed at run time: assume set
    return bool(value.strip() if trims else value)


def _same_shell(definition: Definition, model: EnvironmentModel) -> bool:
    """Whether a profile that is not read belongs to the user's own shell (or is not a profile).

    A zsh user's leftover ``~/.bashrc`` is bash's file, not a mistake: a key
    there that zsh never reads is no cause of a failure.
    """
    workspace = model.workspace
    home = workspace.home
    owner = family(definition.path, home) if home is not None else None
    if owner is None:
        return True
    shell = workspace.shell
    return owner == shell or (owner == "sh" and shell in ("bash", "sh"))


def _dotenv_takes_over(removal: Definition, model: EnvironmentModel) -> bool:
    """Whether a VS Code ``null`` removes a variable so that the project's ``.env`` provides it."""
    root = model.workspace.root
    if removal.origin is not Origin.TERMINAL_ENV or root is None:
        return False
    dotenv = model.workspace.file(root / ".env")
    return dotenv is not None and any(
        a.name == removal.variable and (a.value or "").strip() for a in dotenv.assignments
    )


def _why_missing(resolution: Resolution, model: EnvironmentModel, draft: _Draft) -> None:
    """Record why a credential that some file defines does not reach the client."""
    for step in resolution.steps:
        definition = step.definition
        if definition.removes or not (definition.value or "").strip():
            continue
        place = where(definition, model.workspace)
        if step.verdict is Verdict.NOT_READ:
            draft.steps.append(f"{place} is not read: {step.reason}")
            if "desktop session" in step.reason:
                draft.uncertain = True
            elif _same_shell(definition, model):
                draft.cause(definition, f"not read: {step.reason}", "reach")
        elif step.verdict is Verdict.NOT_EXPORTED:
            draft.steps.append(f"{place} is set without `export`")
            draft.cause(definition, "set without `export`", "reach")
        elif step.verdict is Verdict.IGNORED:
            draft.steps.append(f"{place} is ignored: {step.reason}")
            draft.cause(definition, step.reason, "reach")
    winner = resolution.winner
    if winner is not None and winner.removes:
        draft.steps.append(f"{where(winner, model.workspace)} removes it")
        if not _dotenv_takes_over(winner, model):
            draft.cause(winner, "removes the variable", "reach")
    elif winner is not None and winner.value is not None and not winner.value.strip():
        draft.steps.append(f"{where(winner, model.workspace)} sets it to an empty value")
        draft.cause(winner, "sets it to an empty value", "reach")


# --- the base URL -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    to_anthropic: bool | None  # None: unknown (computed, or a local proxy)
    provider: str = ""
    definition: Definition | None = None
    local: bool = False  # a proxy on the loopback (`http://localhost:4000`)


def _target(
    client: Client, resolution: Resolution, model: EnvironmentModel, draft: _Draft
) -> _Target | OutcomeKind:
    """Where requests go, or the outcome when the base URL alone decides it."""
    definition = _winner(resolution)
    value = resolution.value
    if definition is None:
        return _Target(DEFAULT_URL, True)
    place = where(definition, model.workspace)
    if value is None:
        draft.steps.append(f"{BASE_URL} from {place} is computed at run time")
        return _Target("(computed)", None, definition=definition)
    text = value.strip()
    if not text:
        if client.family == "python":
            draft.steps.append(f"{BASE_URL} is empty ({place}); httpx cannot send to it")
            draft.cause(definition, "an empty base URL", "url")
            return OutcomeKind.NO_REQUEST
        draft.steps.append(f"{BASE_URL} is empty ({place}); {client.title} treats it as unset")
        draft.reads.append(definition)
        return _Target(DEFAULT_URL, True, definition=definition)
    url = parse_base_url(text)
    if url is None or not url.has_scheme:
        if client.family == "claude":
            draft.steps.append(f"{BASE_URL} from {place} has no scheme")
            return _Target(text, None, definition=definition)
        draft.steps.append(f"{BASE_URL} from {place} has no `https://`: no request is made")
        draft.cause(definition, "a base URL without a scheme", "url")
        return OutcomeKind.NO_REQUEST
    full = text.rstrip("/") + "/v1/messages"
    if ends_with_v1(url):
        draft.steps.append(f"{BASE_URL} from {place} ends in /v1: requests go to …/v1/v1/messages")
        draft.cause(definition, "a base URL ending in /v1", "url")
        return OutcomeKind.NOT_FOUND
    if is_openai_style(url):
        draft.steps.append(f"{BASE_URL} from {place} is an OpenAI-style endpoint")
        draft.cause(definition, "an OpenAI-style base URL", "url")
        return OutcomeKind.NOT_FOUND
    draft.reads.append(definition)
    if is_anthropic_host(url.host):
        return _Target(full, True, definition=definition)
    provider = provider_for(url.host)
    if provider is not None:
        draft.steps.append(f"requests go to {provider.name} ({url.host}, {place})")
        return _Target(full, False, provider.name, definition)
    if is_local_host(url.host):
        draft.steps.append(f"requests go to a local proxy ({url.host}, {place})")
        return _Target(full, None, definition=definition, local=True)
    draft.steps.append(f"requests go to a gateway ({url.host}, {place})")
    return _Target(full, False, "", definition)


# --- sending one credential -----------------------------------------------------------------


# Where a reference stays as written whatever launches the client (Claude Code and the
# extension pass their env as is, and a settings `env` replaces what `op run` resolved).
_NEVER_RESOLVED = frozenset({Origin.CLAUDE_SETTINGS, Origin.CLAUDE_CODE_EXTENSION})
# Where `op run` may resolve it (it reads the environment it starts the program with).
_MAYBE_RESOLVED = frozenset(
    {Origin.DOTENV, Origin.TERMINAL_ENV, Origin.CONTAINER_ENV, Origin.REMOTE_ENV}
)


def _resolved_by_op(definition: Definition, model: EnvironmentModel) -> bool:
    """Whether a secret reference here may be resolved before the client reads it.

    Shell profiles and Compose are not judged (``op run -- claude`` from the
    shell is common): they count as resolved, as does a project that starts
    its programs with ``op run`` / ``op inject``.
    """
    if definition.origin in _NEVER_RESOLVED:
        return False
    if definition.origin not in _MAYBE_RESOLVED:
        return True
    if definition.origin in (Origin.CONTAINER_ENV, Origin.REMOTE_ENV):
        if mentions_op_run(definition.path):  # a lifecycle command runs `op inject`
            return True
    folders = {definition.path.parent, model.workspace.root}
    return any(runs_under_op(f) for f in folders if f is not None)


def _judge(
    client: Client,
    header: str,
    source: str,
    definition: Definition | None,
    value: str | None,
    target: _Target,
    model: EnvironmentModel,
    draft: _Draft,
) -> tuple[OutcomeKind, str] | None:
    """The outcome one credential decides on its own, or ``None`` when it is fine or unknown."""
    if definition is None or value is None:
        return None
    place = where(definition, model.workspace)
    effect = value_effect(client, value)
    if effect.effect is Effect.REFUSED:
        draft.steps.append(f"{source} from {place}: {effect.why}")
        draft.cause(definition, effect.why)
        return OutcomeKind.NO_REQUEST, effect.error or missing_wording(client)
    if effect.effect is Effect.SENT_DAMAGED:
        draft.steps.append(f"{source} from {place} is sent as `{header}`, but {effect.why}")
        draft.cause(definition, effect.why)
        return OutcomeKind.REJECTED, rejected_wording(client, header)
    if effect.effect is Effect.TRIMMED:
        draft.steps.append(f"{source} from {place}: {effect.why}")
    text = value.strip()
    if target.to_anthropic is False and target.provider and is_anthropic_credential(text):
        draft.steps.append(f"your Anthropic credential from {place} is sent to {target.provider}")
        draft.cause(definition, f"an Anthropic credential sent to {target.provider}")
        if target.definition is not None:
            draft.cause(target.definition, f"the base URL points at {target.provider}", "url")
        return OutcomeKind.FOREIGN_HOST, f"your Anthropic credential goes to {target.provider}"
    if is_reference(text) and not _resolved_by_op(definition, model):
        why = "it is a secret-manager reference (`op://…`) that nothing resolves"
        draft.steps.append(f"{source} from {place} is sent as `{header}`, but {why}")
        draft.cause(definition, why)
        return OutcomeKind.REJECTED, rejected_wording(client, header)
    verdict, why = credential_verdict(
        text, header, target.to_anthropic, target.provider, local=target.local
    )
    if verdict is Credential.BAD:
        draft.steps.append(f"{source} from {place} is sent as `{header}`, but {why}")
        draft.cause(definition, why)
        return OutcomeKind.REJECTED, rejected_wording(client, header)
    draft.steps.append(f"{source} from {place} is sent as `{header}`")
    draft.reads.append(definition)
    return None


# Which failure the user sees when several happen: the client's own error comes before any
# request; a 404 comes before the credential is judged.
_PRIORITY = {
    OutcomeKind.UNKNOWN: 4,
    OutcomeKind.NO_REQUEST: 0,
    OutcomeKind.LOGIN_PROMPT: 0,
    OutcomeKind.FOREIGN_HOST: 1,
    OutcomeKind.NOT_FOUND: 2,
    OutcomeKind.REJECTED: 3,
}

# --- SDK programs ----------------------------------------------------------------------------


def predict_sdk(
    name: str,
    title: str,
    context: LaunchContext,
    client: Client,
    resolver: Resolver,
    model: EnvironmentModel,
    extra: tuple[Cause, ...] = (),
) -> Outcome:
    """The outcome of an SDK client (``client.family`` ``python`` or ``node``) in ``context``.

    ``extra`` are causes outside the definitions (a VS Code setting that keeps
    the project's ``.env`` out), added when no credential is found.

    The first failure decides the outcome; the credentials are judged even
    after a base URL that fails, so every failing place is among the causes.
    """
    draft = _Draft()
    first: list[tuple[OutcomeKind, str]] = []
    base = resolver(BASE_URL)
    target = _target(client, base, model, draft)
    url = _failed_url(base)
    if isinstance(target, OutcomeKind):
        wording = (
            not_found_wording(client)
            if target is OutcomeKind.NOT_FOUND
            else "APIConnectionError: Connection error. (the base URL is not usable)"
        )
        first.append((target, wording))
        target = _Target(url, True)
    trims = client.family == "node"
    key, token = resolver(API_KEY), resolver(AUTH_TOKEN)
    has_key, has_token = _set(key, trims), _set(token, trims)
    headers: list[Header] = []
    if not has_key and not has_token:
        draft.steps.append(f"neither {API_KEY} nor {AUTH_TOKEN} is set")
        _why_missing(key, model, draft)
        _why_missing(token, model, draft)
        draft.causes.extend(extra)
        if not draft.causes:
            # No file read sets a credential: the program gets it from somewhere authlint
            # cannot see (a CI secret, an IDE run configuration), or fails; nothing to blame.
            draft.steps.append("no file read sets a credential")
            first.append((OutcomeKind.UNKNOWN, ""))
        else:
            first.append((OutcomeKind.NO_REQUEST, missing_wording(client)))
    sent: list[tuple[str, str, Resolution]] = []
    if has_key:
        sent.append((client.api_key_header, API_KEY, key))
    if has_token and (not has_key or client.sends_both_headers):
        sent.append(("Authorization", AUTH_TOKEN, token))
    elif has_token:
        draft.steps.append(f"{client.title} sends only {API_KEY} when both are set")
    for header, source, resolution in sent:
        headers.append(Header(header, source, _winner(resolution)))
        judged = _judge(
            client, header, source, _winner(resolution), resolution.value, target, model, draft
        )
        if judged is not None:
            first.append(judged)
            _kept_out_by_loader(context, resolution, model, draft)
    if first:
        kind, message = min(first, key=lambda f: _PRIORITY[f[0]])
    elif len(sent) == 2:
        draft.steps.append("both headers are sent: the result depends on which the server reads")
        kind, message = OutcomeKind.FRAGILE, "x-api-key and Authorization both sent"
    elif target.to_anthropic is not True:
        kind, message = OutcomeKind.UNKNOWN, ""
    else:
        kind, message = OutcomeKind.WORKS, ""
    return _outcome(name, title, context, client, kind, message, headers, target.url, draft)


def _kept_out_by_loader(
    context: LaunchContext, resolution: Resolution, model: EnvironmentModel, draft: _Draft
) -> None:
    """When a dotenv load without ``override`` kept a ``.env`` value out, the load is a cause."""
    kept = [s for s in resolution.steps if s.verdict is Verdict.KEPT_OUT]
    if not kept:
        return
    workspace = model.workspace
    detail = context.name.partition(":")[2]
    for site in workspace.loads_in(context.kind, detail):
        if site.override is True:
            continue
        why = (
            f"`{site.call}` without override keeps the exported {resolution.variable}, "
            f"so {where(kept[0].definition, workspace)} is not used"
        )
        draft.steps.append(why)
        draft.causes.append(Cause(site.script, site.span, why, "reach"))


def _failed_url(base: Resolution) -> str:
    """The base URL as the client uses it when the base URL alone decides the outcome.

    The credentials are still judged as if sent to the API; the outcome keeps
    the URL the client really requests (``…/v1`` + ``/v1/messages``).
    """
    value = base.value
    return value.strip() if value and value.strip() else DEFAULT_URL


def _outcome(
    name: str,
    title: str,
    context: LaunchContext,
    client: Client,
    kind: OutcomeKind,
    message: str,
    headers: list[Header] | tuple[Header, ...],
    url: str,
    draft: _Draft,
) -> Outcome:
    return Outcome(
        name,
        title,
        context,
        client,
        kind,
        message,
        tuple(headers),
        url if url.endswith("/v1/messages") else url.rstrip("/") + "/v1/messages",
        tuple(draft.steps),
        tuple(dict.fromkeys(draft.causes)),
        reads=tuple(dict.fromkeys(draft.reads)),
    )


# --- Claude Code -----------------------------------------------------------------------------

_CLAUDE = Client("claude", 2)


def predict_claude(
    name: str,
    title: str,
    context: LaunchContext,
    resolver: Resolver,
    model: EnvironmentModel,
    extra: tuple[Cause, ...] = (),
) -> Outcome:
    """The outcome of Claude Code (CLI or extension) in ``context``.

    ``extra`` are causes outside the definitions (a VS Code setting that keeps
    the profile's environment out), added when no credential is found.
    """
    draft = _Draft()
    client = _CLAUDE
    choice = choose_credential(resolver, model.workspace, context)
    first: list[tuple[OutcomeKind, str]] = []
    base = resolver(BASE_URL)
    target = _target(client, base, model, draft)
    if isinstance(target, OutcomeKind):
        first.append((target, not_found_wording(client)))
        target = _Target(_failed_url(base), True)
    for _, definition, why in choice.passed_over:
        if definition is not None and "declined" in why:
            draft.steps.append(f"{API_KEY} from {where(definition, model.workspace)}: {why}")
            draft.causes.extend(declined_causes(model, definition, why))

    def finish(kind: OutcomeKind, message: str, headers: tuple[Header, ...] = ()) -> Outcome:
        if first:
            kind, message = min(first, key=lambda f: _PRIORITY[f[0]])
        return _outcome(name, title, context, client, kind, message, headers, target.url, draft)

    if choice.source is None:
        draft.steps.append("no credential is found: Claude Code asks you to log in")
        for variable in (API_KEY, AUTH_TOKEN, OAUTH_TOKEN):
            _why_missing(resolver(variable), model, draft)
        draft.causes.extend(extra)
        if not draft.causes:
            # Nothing in the files read sets a credential; a /login kept in the system
            # keychain (macOS) or an environment authlint cannot see may still provide one.
            draft.steps.append("no file read sets a credential (a keychain login is not visible)")
            return finish(OutcomeKind.UNKNOWN, "")
        return finish(OutcomeKind.LOGIN_PROMPT, missing_wording(client))
    if choice.source.startswith("CLAUDE_CODE_USE_"):
        draft.steps.append(f"{choice.source} switches to a cloud provider")
        return finish(OutcomeKind.UNKNOWN, "")
    headers = _claude_headers(choice)
    source, definition = choice.source, choice.definition
    value = resolver(source).value if source not in (API_KEY_HELPER, STORED_LOGIN) else None
    if source == PRIMARY_API_KEY:
        value = definition.value if definition is not None else None
    if source in (STORED_LOGIN, OAUTH_TOKEN) and target.to_anthropic is False:
        if target.definition is not None:
            place = where(target.definition, model.workspace)
            draft.steps.append(
                f"no gateway credential is set, so Claude Code sends your claude.ai OAuth token "
                f"to the gateway in {place}"
            )
            draft.cause(target.definition, "a gateway base URL with no gateway credential", "url")
        return finish(
            OutcomeKind.FOREIGN_HOST, "your claude.ai login token goes to the gateway", headers
        )
    header = "x-api-key" if source in (API_KEY, PRIMARY_API_KEY) else "Authorization"
    if source == API_KEY_HELPER:
        draft.steps.append("apiKeyHelper's output is sent as `x-api-key` and `Authorization`")
        if definition is not None:
            draft.reads.append(definition)
    elif source == STORED_LOGIN:
        draft.steps.append("the stored /login is sent as a bearer token")
        if definition is not None:
            draft.reads.append(definition)
    else:
        judged = _judge(client, header, source, definition, value, target, model, draft)
        if judged is not None:
            first.append(judged)
    others = [h for h in headers if h.source != source]
    stale = next((h for h in others if h.source == PRIMARY_API_KEY), None)
    if stale is not None and stale.definition is not None:
        place = where(stale.definition, model.workspace)
        draft.steps.append(
            f"the key a Console /login stored ({place}) is sent as `x-api-key` next to {source}"
        )
        draft.cause(stale.definition, f"a stored /login key sent next to {source}", "claude")
        return finish(OutcomeKind.REJECTED, missing_wording(client), headers)
    if others:
        draft.steps.append(
            "both headers are sent: the result depends on which the server reads first"
        )
        return finish(OutcomeKind.FRAGILE, "x-api-key and Authorization both sent", headers)
    if target.to_anthropic is not True:
        return finish(OutcomeKind.UNKNOWN, "", headers)
    return finish(OutcomeKind.WORKS, "", headers)


def declined_causes(model: EnvironmentModel, definition: Definition, why: str) -> list[Cause]:
    """Where a declined key is recorded: its ``customApiKeyResponses.rejected`` entry.

    That entry is the root cause (the answer is changed in Claude Code's
    ``/config``), so the key's own definition is a cause only when the entry
    cannot be found.
    """
    home = model.workspace.home
    state = model.workspace.file(home / ".claude.json") if home is not None else None
    root = state.json.root if state is not None and state.json is not None else None
    responses = (
        root.get("customApiKeyResponses") if root is not None and root.type == "object" else None
    )
    rejected = (
        responses.get("rejected") if responses is not None and responses.type == "object" else None
    )
    suffix = (definition.value or "").strip()[-20:]
    causes: list[Cause] = []
    if rejected is not None and rejected.type == "array" and home is not None:
        for item in rejected.items:
            if item.value == suffix:
                causes.append(Cause(home / ".claude.json", item.span, why, "claude"))
    return causes or [Cause(definition.path, definition.span, why, "claude")]


def _claude_headers(choice: CredentialChoice) -> tuple[Header, ...]:
    """The headers Claude Code sends for ``choice`` (both, for the pairs it sends together)."""
    source = choice.source or ""
    sent = [
        Header(
            "x-api-key"
            if source in (API_KEY, PRIMARY_API_KEY, API_KEY_HELPER)
            else "Authorization",
            source,
            choice.definition,
        )
    ]
    passed = {s: d for s, d, why in choice.passed_over if "declined" not in why}
    if source == AUTH_TOKEN:
        for other in (API_KEY, PRIMARY_API_KEY):
            if other in passed:
                sent.append(Header("x-api-key", other, passed[other]))
                break
    if source == API_KEY and API_KEY_HELPER in passed:
        sent.append(Header("Authorization", API_KEY_HELPER, passed[API_KEY_HELPER]))
    if source == API_KEY_HELPER:
        sent.append(Header("Authorization", API_KEY_HELPER, choice.definition))
    return tuple(sent)


def plan_resolver(model: EnvironmentModel, context: LaunchContext, plan: Plan) -> Resolver:
    """Resolve variables of ``context`` with an explicit ``plan`` (cached per variable)."""
    cache: dict[str, Resolution] = {}

    def resolver(variable: str) -> Resolution:
        if variable not in cache:
            cache[variable] = resolve(model.workspace, context, variable, plan)
        return cache[variable]

    return resolver


def with_claude(model: EnvironmentModel, context: LaunchContext) -> Plan:
    """``context``'s plan with Claude Code's settings and stored login on top."""
    base = model.plan(context)
    combined = Plan(list(base.layers), list(base.unread), list(base.notes))
    claude_layers(model.workspace, combined)
    return combined


def env_file_cause(model: EnvironmentModel) -> Cause | None:
    """The VS Code setting that keeps the project's ``.env`` out of integrated terminals, if any.

    ``python.terminal.useEnvFile`` not ``true`` while the project's ``.env``
    sets a credential: the member that says so (``false``), else the
    ``python.envFile`` member or the first ``python.*`` setting (where AL705
    reports). ``None`` without a ``.vscode/settings.json`` using Python.
    """
    workspace = model.workspace
    if setting_value(workspace, "python.terminal.useEnvFile") is True or workspace.root is None:
        return None
    dotenv = workspace.file(workspace.root / ".env")
    if dotenv is None or not any(
        a.name in (API_KEY, AUTH_TOKEN) and (a.value or "").strip() for a in dotenv.assignments
    ):
        return None
    file = vscode_workspace_settings(workspace)
    settings = vscode_settings_object(file) if file is not None else None
    if settings is None or file is None or file.source.path is None:
        return None
    anchor = settings.member("python.terminal.useEnvFile") or settings.member("python.envFile")
    if anchor is None:
        anchor = next(
            (m for m in settings.members if m.key.startswith("python.") or m.key == "[python]"),
            None,
        )
    if anchor is None:
        return None
    why = "python.terminal.useEnvFile is off: VS Code terminals do not get the project's .env"
    return Cause(file.source.path, anchor.span, why, "reach")


def inherit_env_cause(model: EnvironmentModel) -> Cause | None:
    """``terminal.integrated.inheritEnv: false`` in VS Code user settings, as a cause."""
    found = vscode_setting_member(model.workspace, "terminal.integrated.inheritEnv")
    if found is None:
        return None
    path, member = found
    if member.value.type != "false":
        return None
    return Cause(
        path, member.span, "VS Code terminals do not inherit VS Code's environment", "reach"
    )
