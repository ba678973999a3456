"""api-key-in-public-build-variable.

## What it does
Checks for an Anthropic key behind a name that frontend build tools publish:
``NEXT_PUBLIC_`` (Next.js), ``VITE_`` (Vite), ``REACT_APP_`` (Create React
App), ``EXPO_PUBLIC_`` (Expo), ``PUBLIC_`` (SvelteKit, Astro), ``GATSBY_``
and ``NUXT_PUBLIC_``. It reports:

- a definition (``.env``, a profile, an env block) of such a name whose value
  is an Anthropic key or token (``sk-ant-…``), or, for a name with
  ``ANTHROPIC`` or ``CLAUDE`` in it, any credential-shaped value;
- code that reads such a name for a key (``process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY``,
  ``import.meta.env.VITE_ANTHROPIC_API_KEY``): a name with ``ANTHROPIC`` or
  ``CLAUDE`` and ``KEY``, ``TOKEN`` or ``SECRET`` in it. A read passed to a
  client with ``dangerouslyAllowBrowser: true`` is left to AL606
  (browser-exposed-api-key).

Placeholders and names of other kinds (``NEXT_PUBLIC_ANTHROPIC_MODEL``) are
not reported.

## Why is this bad?
The prefix is how these tools decide what to inline into the JavaScript they
send to the browser or ship in the app: the value ends up in
``.next/static/chunks``, ``dist/assets/*.js`` or the APK, where anyone can
read it, with or without ``dangerouslyAllowBrowser``. A key there bills your
organisation for whoever finds it.

## Example
```
NEXT_PUBLIC_ANTHROPIC_API_KEY=sk-ant-api03-…AA
```
Use instead: a server-only name (``ANTHROPIC_API_KEY``) read in an API route
or a server action, which the page calls.

## Fix safety
No fix: renaming the variable breaks the code that reads it; the call has to
move to the server.

## Source
- https://nextjs.org/docs/app/guides/environment-variables
  ``NEXT_PUBLIC_`` variables are inlined into the JavaScript sent to the browser.
- https://vite.dev/guide/env-and-mode
  ``VITE_`` variables are exposed to client code; do not put secrets in them.
- https://docs.expo.dev/guides/environment-variables/
  ``EXPO_PUBLIC_`` variables are inlined in the app; do not store secrets there.
- https://github.com/elderfo/websnag/issues/14
  an Anthropic key in a public build variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ASSIGNMENT_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import is_anthropic_credential, is_placeholder, mask
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._credentials import looks_real
from authlint.rules._helpers import holds_credential
from authlint.rules._sdk import credential_arguments

_PUBLIC = re.compile(r"^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|PUBLIC_|GATSBY_|NUXT_PUBLIC_)")
_ANTHROPIC_NAME = re.compile(r"ANTHROPIC|CLAUDE", re.IGNORECASE)
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET", re.IGNORECASE)
_TOOLS = {
    "NEXT_PUBLIC_": "Next.js",
    "VITE_": "Vite",
    "REACT_APP_": "Create React App",
    "EXPO_PUBLIC_": "Expo",
    "PUBLIC_": "SvelteKit and Astro",
    "GATSBY_": "Gatsby",
    "NUXT_PUBLIC_": "Nuxt",
}


def _definitions(file: ScannedFile) -> Iterator[Finding]:
    for assignment in file.assignments:
        prefix = _PUBLIC.match(assignment.name)
        value = (assignment.value or "").strip().strip("\"'")
        if prefix is None or not value or is_placeholder(value):
            continue
        anthropic_value = is_anthropic_credential(value)
        named = _ANTHROPIC_NAME.search(assignment.name) is not None
        if not (anthropic_value or (named and holds_credential(assignment) and looks_real(value))):
            continue
        tool = _TOOLS[prefix.group(1)]
        message = (
            f"{assignment.name} holds an API key (`{mask(value)}`), and {tool} builds "
            f"`{prefix.group(1)}` variables into the JavaScript it ships wherever the code reads "
            "them: anyone can read the key in the bundle. Use a server-only name and call the "
            "API from your server"
        )
        yield RULE.finding(file, assignment.name_span, message)


def _reads(file: ScannedFile) -> Iterator[Finding]:
    code = file.code
    if code is None:
        return
    covered: list[Span] = []  # AL606 reports reads passed to a browser-enabled client
    for client in code.clients:
        browser = client.argument("dangerouslyAllowBrowser")
        if browser is not None and browser.literal is True:
            covered.extend(a.value_span for a in credential_arguments(client))
    for read in code.env_reads:
        prefix = _PUBLIC.match(read.name)
        if prefix is None or not _ANTHROPIC_NAME.search(read.name):
            continue
        if not _SECRET_NAME.search(read.name[len(prefix.group(1)) :]):
            continue
        if any(span.contains(read.span) for span in covered):
            continue
        tool = _TOOLS[prefix.group(1)]
        message = (
            f"{read.name} is read for a key, and {tool} builds `{prefix.group(1)}` variables into "
            "the JavaScript it ships: the key's value is in the bundle for anyone to read. "
            "Read a server-only name in an API route or server action instead"
        )
        yield RULE.finding(file, read.name_span, message)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per key behind a public build prefix (definition or read)."""
    if file.kind is FileKind.JAVASCRIPT:
        yield from _reads(file)
    else:
        yield from _definitions(file)


RULE = Rule(
    code="AL611",
    name="api-key-in-public-build-variable",
    summary="Anthropic key in a variable frontend builds inline (`NEXT_PUBLIC_`, `VITE_`…)",
    severity=Severity.ERROR,
    kinds=frozenset(ASSIGNMENT_KINDS | {FileKind.JAVASCRIPT}),
    check=check,
    doc=__doc__ or "",
)
