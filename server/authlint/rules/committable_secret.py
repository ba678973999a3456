"""committable-secret.

## What it does
Checks for a complete Anthropic credential anywhere in a file git would
commit (tracked by git, or inside a git work tree and not ignored): an API key
(``sk-ant-api03-`` + 93 characters + ``AA``), an Admin API key
(``sk-ant-admin01-…AA``), a Claude OAuth token (``sk-ant-oat01-`` + at least
40 characters) or a refresh token (``sk-ant-ort01-…``). The whole text is
searched, comments included: a commented-out key is committed all the same.
Templates (``.env.example``) count; other ``.env`` files are left to AL502
(unignored-env-file), which fixes the ``.gitignore`` instead, and a key
passed to an SDK client in code is left to AL601 (hardcoded-api-key), which
moves it to ``.env``. Notebooks, Claude Code transcripts and Streamlit
``secrets.toml`` files are left to AL507, AL506 and AL508. Placeholders
such as ``sk-ant-api03-xxxx…`` are not reported.

It also checks every credential variable (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` and other
``ANTHROPIC_*`` secret names such as ``ANTHROPIC_FOUNDRY_API_KEY``) in
profiles, shell and PowerShell scripts, Makefiles, justfiles, GitHub
workflows and templates for a literal credential of any vendor: a gateway
token (Z.ai ``<hex>.<secret>``, OpenRouter ``sk-or-v1-…``, a LiteLLM virtual
key ``sk-…``, a UUID, any long random value). The message names the provider
from the ``ANTHROPIC_BASE_URL`` (or ``ANTHROPIC_MODEL``) set beside it.
Placeholders, empty values, values filled at run time (``${{ secrets.X }}``,
``$VAR``, ``$(…)``) and secret-manager references (``op://…``) are not
reported. Compose files, devcontainers and VS Code / Claude Code settings
have their own rules for this (AL710, AL708, AL702, AL802).

## Why is this bad?
Once committed, the credential is in the history of every clone and, for a
public repository, in the hands of secret scanners within minutes. An API key
bills your organisation; an OAuth token (valid for a year when made with
``claude setup-token``) or a refresh token opens your Claude subscription.

## Example
```
# .zshrc in a dotfiles repository
export ANTHROPIC_API_KEY=sk-ant-api03-…AA
```
Use instead:
```
export ANTHROPIC_API_KEY="$(security find-generic-password -s anthropic -w)"
```
A workflow with a gateway token:
```yaml
env:
  ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
  ANTHROPIC_AUTH_TOKEN: 0f3c…aB9x
```
Use instead:
```yaml
env:
  ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
  ANTHROPIC_AUTH_TOKEN: ${{ secrets.ZAI_API_KEY }}
```

## Fix safety
No fix: removing the line does not make the credential safe. Rotate it first
(API keys: delete the key in the Console and create a new one; OAuth tokens:
``/logout`` and ``/login``, or a new ``claude setup-token``), then move it
to an ignored file or a secret store.

## Source
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  rules ``anthropic-api-key`` and ``anthropic-admin-api-key``.
- https://github.com/gitleaks/gitleaks/pull/2159
  proposed rules for ``sk-ant-oat01-`` and ``sk-ant-ort01-`` tokens.
- https://github.com/trufflesecurity/trufflehog/blob/main/pkg/detectors/anthropic/anthropic.go
  the same key shapes, verified against the API.
- https://platform.claude.com/docs/en/manage-claude/authentication
  keep keys in a secrets manager; revoke a key that may have leaked.
- https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
  workflows read credentials from ``${{ secrets.NAME }}``.
- https://docs.litellm.ai/docs/proxy/virtual_keys
  LiteLLM virtual keys (``sk-…``) are credentials for the proxy.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from authlint.core import git
from authlint.core.context import CheckContext, is_template
from authlint.core.endpoints import provider_for
from authlint.core.facts import ALL_KINDS, Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import (
    ADMIN_KEY_RE,
    API_KEY_RE,
    OAUTH_TOKEN_RE,
    REFRESH_TOKEN_RE,
    CredentialKind,
    contains_anthropic_key,
    credential_kind,
    is_placeholder,
    is_secret_name,
    mask,
)
from authlint.core.text import Position, Span
from authlint.core.variables import CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._claude import committed_credentials
from authlint.rules._credentials import (
    DELIBERATE_DUMMY,
    WHITESPACE,
    is_placeholder_credential,
    key_body,
    looks_random,
)
from authlint.rules._endpoints import base_urls
from authlint.rules._helpers import value_span
from authlint.rules._sdk import hardcoded_spans

_KEY_CHAR = "A-Za-z0-9_-"
_CREDENTIAL = re.compile(
    rf"(?<![{_KEY_CHAR}])(?:"
    + "|".join(p.pattern for p in (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE))
    + rf")(?![{_KEY_CHAR}])"
)
_OWN_RULES = frozenset({FileKind.CLAUDE_TRANSCRIPT, FileKind.NOTEBOOK, FileKind.STREAMLIT_SECRETS})
_ROTATE = {
    CredentialKind.ANTHROPIC_API_KEY: "delete it in the Console and create a new key",
    CredentialKind.ANTHROPIC_ADMIN_KEY: "delete it in the Console and create a new one",
    CredentialKind.ANTHROPIC_OAUTH_TOKEN: "revoke it (`/logout`, or a new `claude setup-token`)",
    CredentialKind.ANTHROPIC_REFRESH_TOKEN: "revoke it with `/logout` and `/login`",
}


def _covering(spans: list[Span]) -> Callable[[Span], bool]:
    """A test of whether a span lies inside one of ``spans``: O(log n) per question."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    reach: list[Position] = []  # the furthest end among the spans starting at or before each
    for span in ordered:
        reach.append(max(reach[-1], span.end) if reach else span.end)

    def inside(span: Span) -> bool:
        at = bisect.bisect_right(starts, span.start) - 1
        return at >= 0 and reach[at] >= span.end

    return inside


# Kinds whose credential variables other rules report as literals: AL710 (Compose), AL708
# (devcontainer), AL702 (workspace settings), AL802 (Claude Code settings); Claude Code's own
# files hold tokens it stored itself.
_VARIABLES_REPORTED_ELSEWHERE = frozenset(
    {
        FileKind.COMPOSE,
        FileKind.DEVCONTAINER,
        FileKind.VSCODE_SETTINGS,
        FileKind.CLAUDE_SETTINGS,
        FileKind.CLAUDE_STATE,
        FileKind.CLAUDE_CREDENTIALS,
    }
)
_UUID = re.compile(r"(?i)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_HEX = re.compile(r"(?i)[0-9a-f]{32,}")
_OPAQUE = re.compile(r"[A-Za-z0-9_\-.+/=:~]{16,}")
_REFERENCE = re.compile(r"(?i)^(?:op|vault|secret|keychain|env|file|awssm|gcpsm|azkv)://|^\$")
# Model families served by one gateway provider (Claude Code recipes set ANTHROPIC_MODEL).
_MODEL_PROVIDERS = (
    (re.compile(r"(?i)^glm-"), "Z.ai"),
    (re.compile(r"(?i)^kimi-|moonshot"), "Moonshot"),
    (re.compile(r"(?i)^deepseek"), "DeepSeek"),
    (re.compile(r"(?i)^minimax"), "MiniMax"),
    (re.compile(r"(?i)^qwen"), "DashScope (Qwen)"),
)


def _is_credential_variable(name: str) -> bool:
    """A credential variable, or an ``ANTHROPIC_*`` name that holds a secret."""
    return name in CREDENTIAL_VARIABLES or (name.startswith("ANTHROPIC_") and is_secret_name(name))


def literal_credential(value: str, name: str = "") -> bool:
    """Whether ``value`` (a literal in a credential variable) is a credential of any vendor.

    A known key shape (OpenRouter, OpenAI, Google…), a UUID, 32 or more hex
    digits, or a long random value (each ``.``/``:``-separated piece judged:
    Z.ai keys are ``<hex>.<secret>``). Placeholders, deliberate dummies
    (``sk-test``, ``none``), references (``op://…``, ``$VAR``), URLs, short
    values and words (``my-gateway-token``) are not, and neither is an Anthropic
    key or a damaged piece of one: the key search reports complete ones.
    """
    value = value.strip(WHITESPACE).strip("\"'")
    if not value or _REFERENCE.search(value) or "://" in value:
        return False
    if is_placeholder_credential(value, name) or DELIBERATE_DUMMY.fullmatch(value):
        return False
    if contains_anthropic_key(value):
        # Anthropic's shapes are judged whole by the key search; a damaged one is AL101/AL105's.
        return False
    if credential_kind(value) is not CredentialKind.UNKNOWN:
        return True
    if not _OPAQUE.fullmatch(value):
        return False
    if _UUID.search(value) or _HEX.search(value):
        return True
    return any(looks_random(key_body(piece)) for piece in re.split(r"[.:+/=~]", value))


def _provider(file: ScannedFile, value: str) -> str:
    """Whose credential ``value`` is: its shape, else the base URL or model set in the file."""
    kind = credential_kind(value)
    if kind is not CredentialKind.UNKNOWN:
        return str(kind.value)
    for _, url in base_urls(file):
        if url.host and not url.host.endswith("anthropic.com"):
            provider = provider_for(url.host)
            return f"{provider.name} credential" if provider else f"credential for {url.host}"
    for assignment in file.assignments:
        if assignment.name.endswith("_MODEL") and assignment.value:
            for pattern, name in _MODEL_PROVIDERS:
                if pattern.search(assignment.value.strip()):
                    return f"{name} credential"
    return "credential"


def _variable_literals(file: ScannedFile, reported: list[Span]) -> Iterator[Assignment]:
    """Credential variables set to a literal credential that the key search did not report."""
    if file.kind in _VARIABLES_REPORTED_ELSEWHERE:
        return
    for assignment in file.assignments:
        if assignment.value is None or not _is_credential_variable(assignment.name):
            continue
        if not literal_credential(assignment.value, assignment.name):
            continue
        span = value_span(assignment)
        if any(span.contains(r) or r.contains(span) for r in reported):
            continue  # the key search reported it, with its Anthropic kind
        yield assignment


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per complete Anthropic credential in a file git would commit."""
    path = file.source.path
    if file.kind is FileKind.DOTENV and not is_template(path):
        return
    if file.kind in _OWN_RULES:  # AL508 reports these, with a fix of .gitignore
        return
    if not file.first_view:  # the whole text is searched: once, not once per env block
        return
    text = file.source.text
    # Every credential starts with `sk-ant-`: a substring test is far cheaper than the search.
    found = list(_CREDENTIAL.finditer(text)) if "sk-ant-" in text else []
    reported = [file.source.index.span(m.start(), m.end()) for m in found]  # no index if none
    literals = list(_variable_literals(file.whole, reported))
    if not found and not literals:
        return  # nothing key-shaped and no credential variable set to one: most files
    # AL601 (SDK code, with a fix) and AL802 (Claude Code project settings) report these.
    covered = [
        *hardcoded_spans(file),
        *(member.value.content_span for _, member in committed_credentials(file, context)),
    ]
    # Tokens Claude Code stores itself: say nothing about them, not even masked.
    stored = file.kind in (FileKind.CLAUDE_CREDENTIALS, FileKind.CLAUDE_STATE)
    inside = _covering(covered)
    matches = [
        (m, span)
        for m, span in zip(found, reported, strict=True)
        if not is_placeholder(m.group(0)) and not inside(span)
    ]
    if not (matches or literals) or not context.is_committable(path):
        return
    name = path.name if path is not None else "this file"
    why = (
        "git tracks it"
        if path is not None and git.is_tracked(path.resolve())
        else "it is not ignored"
    )
    for match, span in matches:
        secret = match.group(0)
        kind = credential_kind(secret)
        article = "an" if kind.value[0] in "AEIOU" else "a"
        message = (
            f"{name} contains {article} {kind.value}{'' if stored else f' (`{mask(secret)}`)'} "
            "and git would commit it "
            f"({why}). Rotate it first: {_ROTATE.get(kind, 'revoke it')}; then "
            "remove it and keep it in an ignored file or a secret store"
        )
        yield RULE.finding(file, span, message)
    for assignment in literals:
        value = (assignment.value or "").strip(WHITESPACE).strip("\"'")
        what = _provider(file.whole, value)
        article = "an" if what[0] in "AEIOU" else "a"
        secret_store = (
            f"`${{{{ secrets.{assignment.name} }}}}`"
            if file.kind is FileKind.GITHUB_WORKFLOW
            else "an ignored file or a secret store"
        )
        message = (
            f"{assignment.name} in {name} holds {article} {what} (`{mask(value)}`) and git "
            f"would commit it ({why}). Rotate it with its provider, then read it from "
            f"{secret_store} instead"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL501",
    name="committable-secret",
    summary="Anthropic key, or any credential in an Anthropic variable, in a file git would commit",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
