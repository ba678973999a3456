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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from authlint.core import git
from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import (
    ADMIN_KEY_RE,
    API_KEY_RE,
    OAUTH_TOKEN_RE,
    REFRESH_TOKEN_RE,
    CredentialKind,
    credential_kind,
    is_placeholder,
    mask,
)
from authlint.core.text import Position, Span
from authlint.rules._base import Rule
from authlint.rules._claude import committed_credentials
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
    index = file.source.index
    # AL601 (SDK code, with a fix) and AL802 (Claude Code project settings) report these.
    covered = [
        *hardcoded_spans(file),
        *(member.value.content_span for _, member in committed_credentials(file, context)),
    ]
    # Tokens Claude Code stores itself: say nothing about them, not even masked.
    stored = file.kind in (FileKind.CLAUDE_CREDENTIALS, FileKind.CLAUDE_STATE)
    inside = _covering(covered)
    matches = [
        m
        for m in _CREDENTIAL.finditer(text)
        if not is_placeholder(m.group(0)) and not inside(index.span(m.start(), m.end()))
    ]
    if not matches or not context.is_committable(path):
        return
    name = path.name if path is not None else "this file"
    why = (
        "git tracks it"
        if path is not None and git.is_tracked(path.resolve())
        else "it is not ignored"
    )
    for match in matches:
        secret = match.group(0)
        kind = credential_kind(secret)
        article = "an" if kind.value[0] in "AEIOU" else "a"
        message = (
            f"{name} contains {article} {kind.value}{'' if stored else f' (`{mask(secret)}`)'} "
            "and git would commit it "
            f"({why}). Rotate it first: {_ROTATE.get(kind, 'revoke it')}; then "
            "remove it and keep it in an ignored file or a secret store"
        )
        yield RULE.finding(file, index.span(match.start(), match.end()), message)


RULE = Rule(
    code="AL501",
    name="committable-secret",
    summary="Complete Anthropic key or token in a file git would commit",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
