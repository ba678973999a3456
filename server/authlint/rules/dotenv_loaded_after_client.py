"""dotenv-loaded-after-client.

## What it does
Checks for ``load_dotenv()`` (Python) or ``dotenv.config()`` /
``require("dotenv").config()`` (Node) called after an SDK client that takes
its credentials from the environment has been created in the same block: at
module level (the load may be anywhere below, even in a function), or
further down the same indented block. A client reads the environment when it
has no credential argument, or one read from the environment
(``api_key=os.environ["ANTHROPIC_API_KEY"]``, ``apiKey:
process.env.ANTHROPIC_API_KEY``).

Not reported: a client created after an earlier load (a second load is a
reload), ``import "dotenv/config"`` (ES imports run before the module's code,
wherever they are written), the Vercel AI SDK (it reads
``ANTHROPIC_API_KEY`` when a request is made), cloud clients (Bedrock,
Vertex, Foundry), clients inside a function defined before the load, and a
project whose ``.env`` defines no ``ANTHROPIC_*`` or
``CLAUDE_CODE_OAUTH_TOKEN`` variable.

## Why is this bad?
The official SDKs and LangChain read ``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN`` and ``ANTHROPIC_BASE_URL`` when the client is
constructed. Loading ``.env`` afterwards changes the environment too late:
the client has no key (``Could not resolve authentication method``) or the
stale one from the shell, and the values in ``.env`` only reach clients made
later.

## Example
```python
client = Anthropic()
load_dotenv()
```
Use instead:
```python
load_dotenv()
client = Anthropic()
```

## Fix safety
No fix: moving the call can change what other code sees; move it to the top
of the module yourself.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the client reads ``ANTHROPIC_API_KEY``/``ANTHROPIC_AUTH_TOKEN`` in its constructor when
  no credential argument is given.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the same with ``readEnv`` defaults.
- https://pypi.org/project/python-dotenv/
  ``load_dotenv()`` sets ``os.environ`` when it is called.
- https://www.npmjs.com/package/dotenv
  ``dotenv.config()`` sets ``process.env`` when it is called.
- https://github.com/vercel/ai/blob/main/packages/anthropic/src/anthropic-provider.ts
  the Vercel AI SDK loads the key when a request is built.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, ScannedFile, SdkClient
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    credential_arguments,
    dotenv_for,
    is_cloud_client,
    is_official,
    same_block_after,
    statement_indent,
)


def _reads_environment(client: SdkClient) -> bool:
    """Whether constructing the client reads credentials from the environment."""
    if any(a.name in {"**", "..."} for a in client.arguments):
        return False  # a splat may carry the credential
    credentials = list(credential_arguments(client))
    if not credentials:
        return True
    return all(a.env_var is not None for a in credentials)


def _defines_anthropic(file: ScannedFile) -> bool:
    dotenv = dotenv_for(file)
    if dotenv is None or dotenv.scanned is None:
        return True  # no .env here (a fresh clone): the load is there to supply one
    return any(
        a.name.startswith("ANTHROPIC_") or a.name == "CLAUDE_CODE_OAUTH_TOKEN"
        for a in dotenv.scanned.assignments
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per dotenv load placed after a client that already read the environment."""
    if file.code is None or not file.code.dotenv_loads:
        return
    loads = [d for d in file.code.dotenv_loads if not d.call.lstrip().startswith("import")]
    if not loads:
        return
    reported = set()
    for client in file.code.clients:
        if not is_official(client) or is_cloud_client(client) or not _reads_environment(client):
            continue
        if any(d.span.start < client.span.start for d in file.code.dotenv_loads):
            continue  # .env was loaded before the client: a later load is a reload
        indent = statement_indent(file, client.span)
        if indent is None:
            continue
        for load in loads:
            if load.span in reported or not same_block_after(file, client.span, indent, load.span):
                continue
            if not _defines_anthropic(file):
                return
            reported.add(load.span)
            line = client.span.start.line + 1
            message = (
                f"`{load.call}` runs after `{client.constructor}` on line {line} was created, "
                "but the client read ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN / "
                "ANTHROPIC_BASE_URL when it was made: the values from .env come too late for it. "
                "Load .env before creating the client"
            )
            related = Related(
                file.source.path, client.span, "the client reads the environment here"
            )
            yield RULE.finding(file, load.span, message, related=(related,))


RULE = Rule(
    code="AL608",
    name="dotenv-loaded-after-client",
    summary=".env loaded after the SDK client has already read the environment",
    severity=Severity.WARNING,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
)
