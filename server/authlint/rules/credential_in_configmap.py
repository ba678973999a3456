"""credential-in-configmap.

## What it does
Checks the ``data:`` of each Kubernetes ``ConfigMap`` in a manifest for a
credential written out: ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like a key, set to a literal
that is not a placeholder and at least eight characters long. Tokens for a
router on a cluster-internal or local address (``ANTHROPIC_BASE_URL:
http://litellm:4000`` in the same ConfigMap) are not reported.

## Why is this bad?
A ConfigMap is not a secret store: it is not encrypted at rest, any role that
may read ConfigMaps sees it, and ``kubectl describe configmap`` prints the
values. The key is exposed to everyone with read access to the namespace
(and, when the manifest is committed, to everyone who can read the
repository).

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: agent}
data:
  ANTHROPIC_API_KEY: sk-ant-api03-…AA
```
Use instead: a ``Secret`` (``stringData:`` or ``kubectl create secret``),
referenced with ``secretKeyRef`` or ``envFrom: - secretRef:``.

## Fix safety
No fix: the value must move to a Secret and the workloads must reference
it; rotate the key, since it was readable.

## Source
- https://kubernetes.io/docs/concepts/configuration/configmap/
  "ConfigMap does not provide secrecy or encryption. If the data you want to store
  are confidential, use a Secret".
- https://kubernetes.io/docs/concepts/configuration/secret/
  Secrets for API keys.
- https://platform.claude.com/docs/en/manage-claude/authentication
  keep keys out of files others can read; revoke a leaked key.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import is_credential_literal, routes_to_local_host
from authlint.scanners.kubernetes import manifests


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in a ConfigMap's ``data``."""
    for kind, document in manifests(file):
        data = document.get("data")
        if kind != "ConfigMap" or data is None or data.type != "object":
            continue
        block = file.assignments_within(data.span)
        if routes_to_local_host(block):
            continue
        name = document.get("metadata")
        named = name.get("name") if name is not None and name.type == "object" else None
        shown_name = f" `{named.value}`" if named is not None and named.value else ""
        for assignment in block:
            if not is_credential_literal(assignment):
                continue
            shown = mask((assignment.value or "").strip())
            message = (
                f"ConfigMap{shown_name} holds a credential in {assignment.name} (`{shown}`): "
                "ConfigMaps are not secret (not encrypted, shown by `kubectl describe`). "
                "Move it to a Secret and rotate it"
            )
            yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL725",
    name="credential-in-configmap",
    summary="Credential stored in a Kubernetes ConfigMap instead of a Secret",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.KUBERNETES}),
    check=check,
    doc=__doc__ or "",
)
