"""cloud-provider-with-anthropic-credentials.

## What it does
Checks for a Claude Code settings file whose ``env`` turns on a cloud
provider (``CLAUDE_CODE_USE_BEDROCK``, ``CLAUDE_CODE_USE_VERTEX`` or
``CLAUDE_CODE_USE_FOUNDRY`` set to anything but ``""``, ``0`` or ``false``)
and, in the same file, also configures an Anthropic credential:
``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``
or an ``apiKeyHelper``. Files that skip the provider's own authentication
(``CLAUDE_CODE_SKIP_BEDROCK_AUTH`` and friends: a gateway in front of the
provider authenticates the token) are not reported.

## Why is this bad?
The provider switch outranks every other credential: Claude Code talks to
Bedrock, Vertex AI or Foundry with AWS, Google or Azure credentials, and the
Anthropic key or token in the same file is never used. Whoever wrote the key
expected it to be; the errors that follow name the cloud
(``Could not load credentials from any providers``), not the key.

## Example
```json
{ "env": { "CLAUDE_CODE_USE_BEDROCK": "1", "ANTHROPIC_API_KEY": "sk-ant-api03-…" } }
```
Use instead: remove the switch (or set it to ``""`` to cancel one exported by
your shell), or remove the Anthropic credential.

## Fix safety
No fix: only the author knows which provider is meant.

## Source
- https://code.claude.com/docs/en/authentication
  precedence: cloud provider credentials come first when ``CLAUDE_CODE_USE_BEDROCK``,
  ``_VERTEX`` or ``_FOUNDRY`` is set.
- https://code.claude.com/docs/en/env-vars
  an empty value counts as unset for provider selection.
- https://code.claude.com/docs/en/troubleshoot-install
  the provider errors that replace Anthropic's.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import (
    ANTHROPIC_CREDENTIALS,
    API_KEY_HELPER,
    PROVIDERS,
    env_members,
    is_set,
    is_truthy,
    join_names,
    member_text,
    root_object,
    string_member,
)


def anthropic_credentials(file: ScannedFile) -> list[tuple[str, JsonMember]]:
    """The Anthropic credentials in the file: non-empty ``env`` values and ``apiKeyHelper``."""
    members = env_members(file)
    found = [
        (name, members[name])
        for name in ANTHROPIC_CREDENTIALS
        if name in members and is_set(member_text(members[name]))
    ]
    helper = string_member(root_object(file), API_KEY_HELPER)
    if helper is not None and is_set(member_text(helper)):
        found.append((API_KEY_HELPER, helper))
    return found


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per provider switch that is on next to an Anthropic credential."""
    members = env_members(file)
    credentials = anthropic_credentials(file)
    if not credentials:
        return
    for switch, (provider, skip_auth) in PROVIDERS.items():
        member = members.get(switch)
        if member is None or not is_truthy(member_text(member)):
            continue
        if skip_auth in members and is_truthy(member_text(members[skip_auth])):
            continue
        names = join_names([name for name, _ in credentials])
        verb = "is" if len(credentials) == 1 else "are"
        message = (
            f"{switch} makes Claude Code use {provider} with its cloud credentials, ahead of "
            f"every other credential: the {names} in this file {verb} never used. Remove the "
            'switch (or set it to "" to cancel one from your shell) or the Anthropic credential'
        )
        related = [
            Related(file.source.path, credential.key_span, f"{name} is ignored")
            for name, credential in credentials
        ]
        yield RULE.finding(file, member.key_span, message, related=related)


RULE = Rule(
    code="AL804",
    name="cloud-provider-with-anthropic-credentials",
    summary="Cloud provider switch next to an Anthropic credential that it makes unused",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
