"""committable-kubernetes-secret.

## What it does
Checks a Kubernetes ``Secret`` manifest in a file git would commit (tracked,
or inside a work tree and not ignored) for a complete Anthropic credential
(an API key, an Admin API key, a Claude OAuth or refresh token), in
``stringData`` or base64-encoded in ``data``. Placeholders are not reported.
AL501 (committable-secret) already reports a key written out in the text;
this rule also sees the encoded ones.

## Why is this bad?
Base64 is an encoding, not encryption: anyone who reads the repository
decodes the key with ``base64 -d``, and many secret scanners never look
inside the encoding, so the leak goes unnoticed.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata: {name: anthropic}
data:
  ANTHROPIC_API_KEY: c2stYW50LWFwaTAz…QUE=
```
Use instead: keep the manifest out of git and create the Secret with
``kubectl create secret generic anthropic --from-literal=…``, or commit an
encrypted form (Sealed Secrets, SOPS) or an ExternalSecret.

## Fix safety
No fix: rotate the key first (delete it in the Console and create a new
one), then remove it from the file.

## Source
- https://kubernetes.io/docs/concepts/configuration/secret/
  Secret data is base64-encoded, not encrypted; avoid checking Secrets into source
  control.
- https://platform.claude.com/docs/en/manage-claude/authentication
  keep keys in a secrets manager; revoke a key that may have leaked.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import (
    ADMIN_KEY_RE,
    API_KEY_RE,
    OAUTH_TOKEN_RE,
    REFRESH_TOKEN_RE,
    credential_kind,
    is_placeholder,
    mask,
)
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.scanners.kubernetes import is_base64

_COMPLETE = (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per encoded Anthropic credential in a committable Secret manifest."""
    found = []
    for assignment in file.assignments:
        if not is_base64(file, assignment):
            continue  # written out: AL501 reports it
        value = (assignment.value or "").strip()
        complete = any(pattern.fullmatch(value) for pattern in _COMPLETE)
        if complete and not is_placeholder(value):
            found.append((assignment, value))
    if not found or not context.is_committable(file.source.path):
        return
    for assignment, value in found:
        kind = credential_kind(value).value
        message = (
            f"{assignment.name} holds a base64-encoded {kind} (`{mask(value)}`) in a Secret "
            "manifest git would commit: base64 is not encryption. Rotate it, then keep the "
            "Secret out of git (kubectl create secret, Sealed Secrets, SOPS)"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL726",
    name="committable-kubernetes-secret",
    summary="Base64-encoded Anthropic credential in a Secret manifest git would commit",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.KUBERNETES}),
    check=check,
    doc=__doc__ or "",
)
