"""misspelled-environment-variable-read.

## What it does
Checks code that reads an environment variable (``os.environ["X"]``,
``os.getenv("X")``, ``process.env.X``) whose name is one or two edits away
from a name the Anthropic SDKs and Claude Code use: ``ANTHROPIC_APIKEY``,
``ANTROPIC_API_KEY``, ``ANTHROPIC_API_KEYS``, ``ANTHROPIC_AUTH_TOKENS``,
``ANTHROPIC_BASEURL``…

Names applications choose on purpose (``CLAUDE_API_KEY``, ``ANTHROPIC_KEY``,
``ANTHROPIC_URL``…) are reported only when the read cannot succeed: it is
``os.environ["X"]`` passed to an SDK client's credential or base URL
argument, while the project's ``.env`` defines the real name and not this
one.

Not reported: a near-miss the project's ``.env`` (the one the program loads)
or the current environment defines (the name is then the project's own), a
file that also reads the real name (a fallback chain), numbered and
lower-case names.

## Why is this bad?
Environment variable names must match exactly. Everyone sets
``ANTHROPIC_API_KEY``, so ``os.environ["ANTHROPIC_APIKEY"]`` raises
``KeyError`` and ``os.getenv("ANTHROPIC_APIKEY")`` returns ``None``: the
program stops, or carries on without a key and gets ``Could not resolve
authentication method`` or a 401 from its own request code.

## Example
```python
client = Anthropic(api_key=os.environ["ANTHROPIC_APIKEY"])
```
Use instead:
```python
client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
```

## Fix safety
Unsafe: the fix renames the variable in the read, which is right unless the
deployment really sets the misspelled name. No fix is offered when the name
is close to two real names.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the variables the Python SDK reads.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the variables the TypeScript SDK reads; no credential: ``Could not resolve
  authentication method``.
- https://code.claude.com/docs/en/env-vars
  the variables Claude Code reads.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, EnvRead, ScannedFile, SdkArgument
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._names import APP_NAMES, near_misses
from authlint.rules._sdk import (
    BASE_URL_ARGS,
    CREDENTIAL_ARGS,
    DotenvFile,
    definitely_passed,
    dotenv_for,
)


def _sdk_argument(file: ScannedFile, read: EnvRead) -> SdkArgument | None:
    """The client argument whose value is this read (credential or base URL), if any."""
    assert file.code is not None
    for client in file.code.clients:
        for argument in client.arguments:
            if argument.name not in CREDENTIAL_ARGS | BASE_URL_ARGS:
                continue
            if argument.env_var == read.name and argument.value_span.contains(read.span):
                return argument
    return None


def _defined(name: str, dotenv: DotenvFile | None, context: CheckContext) -> bool:
    return name in context.environ or (dotenv is not None and dotenv.defines(name))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a warning per read of a near-miss of a real variable name."""
    if file.code is None or not file.code.env_reads:
        return
    read_names = {r.name for r in file.code.env_reads}
    dotenv: DotenvFile | None = None
    loaded = False
    for read in file.code.env_reads:
        name = read.name
        targets = near_misses(name)
        apps = APP_NAMES.get(name, ())
        if not targets and not apps:
            continue
        if any(real in read_names for real in (*targets, *apps)):
            continue  # the real name is read too: a fallback, on purpose
        if not loaded:
            dotenv, loaded = dotenv_for(file), True
        if _defined(name, dotenv, context):
            continue
        if targets:
            real = targets[0]
            listed = " or ".join(targets)
            message = (
                f"`{name}` looks like a misspelling of {listed}, the name the SDKs read and "
                "setups define: unless something sets this exact name, the read finds nothing"
            )
        else:
            argument = _sdk_argument(file, read)
            if argument is None or not definitely_passed(file, argument):
                continue
            real = next((r for r in apps if dotenv is not None and dotenv.value(r)), "")
            if not real or dotenv is None:
                continue
            listed = real
            message = (
                f"`{name}` is read for `{argument.name}`, but {dotenv.path.name} defines {real}, "
                f"not {name}: `os.environ[…]` raises `KeyError`"
            )
        consequence = (
            " (`KeyError` for `os.environ[…]`, `None`/`undefined` otherwise)" if targets else ""
        )
        message += f"{consequence}. Read {listed} instead"
        fix = None
        if len(targets) <= 1:
            # `const { X } = process.env` binds X too: rename the key and keep the local name.
            new = f"{real}: {name}" if read.span == read.name_span else real
            fix = Fix(f"Read {real} instead", (Edit(read.name_span, new),), Applicability.UNSAFE)
        yield RULE.finding(file, read.name_span, message, fix=fix)


RULE = Rule(
    code="AL607",
    name="misspelled-environment-variable-read",
    summary="Code reads a near-miss of a variable the SDKs and Claude Code use",
    severity=Severity.WARNING,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Read the real variable name",
)
