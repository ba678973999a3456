"""browser-exposed-api-key.

## What it does
Checks for a TypeScript SDK client created with ``dangerouslyAllowBrowser:
true`` whose ``apiKey`` (or ``authToken``) is a string literal or is read from
``process.env`` / ``import.meta.env``. A key the user types in at run time
(``apiKey: userKey``) is the use the option exists for and is not reported.

## Why is this bad?
``dangerouslyAllowBrowser`` lets the client run in a web page. Bundlers
replace ``process.env.X`` and ``import.meta.env.X`` (Vite ``VITE_*``,
Next.js ``NEXT_PUBLIC_*``, Create React App ``REACT_APP_*``, webpack
``DefinePlugin``) with the value at build time, and a literal is in the
bundle anyway: every visitor can read the key in the page's JavaScript and
spend your credit. The SDK's own error text says the option "risks exposing
your secret API credentials to attackers".

## Example
```ts
const client = new Anthropic({
  apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY,
  dangerouslyAllowBrowser: true,
});
```
Use instead: call the API from your server (an API route or a proxy that
holds the key) and have the page call that.

## Fix safety
No fix: the key has to move to a backend, which is a design change.

## Source
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the ``dangerouslyAllowBrowser`` check: running in a browser risks exposing secret API
  credentials.
- https://vite.dev/guide/env-and-mode
  ``VITE_`` variables are embedded in the client bundle.
- https://nextjs.org/docs/app/guides/environment-variables
  ``NEXT_PUBLIC_`` variables are inlined into the JavaScript sent to the browser.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.rules._base import Rule
from authlint.rules._sdk import credential_arguments, literal_span, string_literal


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per browser-enabled client whose key is built into the bundle."""
    if file.code is None:
        return
    for client in file.code.clients:
        browser = client.argument("dangerouslyAllowBrowser")
        if browser is None or browser.literal is not True:
            continue
        for argument in credential_arguments(client):
            value = string_literal(argument)
            if value is not None:
                if not value.strip() or is_placeholder(value):
                    continue
                span = literal_span(argument)
                source = f"the literal `{mask(value.strip())}`"
            elif argument.env_var is not None:
                span = argument.value_span
                source = f"{argument.env_var} read from the environment, which bundlers inline"
            else:
                continue
            message = (
                f"`{argument.name}` is {source}, and `dangerouslyAllowBrowser: true` ships this "
                "client to the browser: anyone who opens the page can read the key in its "
                "JavaScript. Keep the key on a server and call the API from there"
            )
            related = Related(
                file.source.path, browser.name_span, "the client is allowed in browsers here"
            )
            yield RULE.finding(file, span, message, related=(related,))


RULE = Rule(
    code="AL606",
    name="browser-exposed-api-key",
    summary="API key built into a browser bundle (`dangerouslyAllowBrowser: true`)",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.JAVASCRIPT}),
    check=check,
    doc=__doc__ or "",
)
