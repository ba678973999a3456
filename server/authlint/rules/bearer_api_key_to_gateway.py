"""bearer-api-key-to-gateway.

## What it does
Checks for an official SDK client that sends an API key to a host other
than api.anthropic.com, in a project that declares or locks Python
``anthropic`` 2.x or later, or ``@anthropic-ai/sdk`` 1.x or later
(``pyproject.toml``, ``requirements*.txt``, ``uv.lock``, ``poetry.lock``,
``package.json``, ``package-lock.json``…). The API key is the ``api_key`` /
``apiKey`` argument or, without a credential argument, ``ANTHROPIC_API_KEY``
from the project's ``.env``; the host is the ``base_url`` / ``baseURL``
literal (also a constant imported from another module of the project: ``from
.config import BASE_URL``, ``import { BASE_URL } from "./config"``) or, without
one, ``ANTHROPIC_BASE_URL`` from the project's ``.env``.

Not reported: an auth token (``auth_token``, ``ANTHROPIC_AUTH_TOKEN``: bearer
in every version), dummy keys for local routers (``"dummy"``,
``"not-needed"``), older or unknown SDK versions, OpenAI-style URLs (AL603),
and providers whose Claude Code recipe already uses a bearer token
(OpenRouter, Moonshot, Z.ai / BigModel).

## Why is this bad?
The Python SDK 2.x and the TypeScript SDK 1.x send the API key as
``Authorization: Bearer <key>`` instead of ``X-Api-Key``. A gateway that
authenticates only the ``x-api-key`` header sees no credential and answers
401, although the same key and URL worked before the upgrade (and still work
in Claude Code, which sends ``x-api-key``).

## Example
```python
# pyproject.toml: anthropic>=2
client = Anthropic(api_key=key, base_url="https://api.deepseek.com/anthropic")
```
Use instead, when the gateway reads only ``x-api-key``, send the key there too
(custom headers are added to the SDK's own):
```python
client = Anthropic(
    api_key=key,
    base_url="https://api.deepseek.com/anthropic",
    default_headers={"x-api-key": key},
)
```
or pin ``anthropic<2`` until the gateway accepts bearer tokens.

## Fix safety
No fix: whether the gateway accepts bearer tokens is only in its docs.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  anthropic 2.x sends an API key as ``Authorization: Bearer``.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  @anthropic-ai/sdk 1.x does the same.
- https://pypi.org/project/anthropic/2.11.0/
  observed with anthropic 2.11.0 and @anthropic-ai/sdk 1.11.0 against a local server;
  1.17.0 and 0.137.0 still send ``X-Api-Key``.
- https://api-docs.deepseek.com/guides/anthropic_api
  a gateway that documents ``x-api-key``.
- https://code.claude.com/docs/en/llm-gateway-connect
  a credential in a header the gateway does not read fails with 401.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import (
    is_anthropic_host,
    is_openai_style,
    parse_base_url,
    provider_for,
)
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile, SdkClient
from authlint.core.findings import Finding, Related, Severity
from authlint.core.project import major_at_least
from authlint.core.secrets import is_placeholder
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    API_KEY_ARGS,
    AUTH_TOKEN_ARGS,
    DotenvFile,
    base_url_argument,
    dotenv_for,
    imported_constant,
    is_cloud_client,
    is_dummy,
    is_null,
    is_official,
    sdk_version,
    string_literal,
)

# Providers whose documented Claude Code setup sends a bearer token (ANTHROPIC_AUTH_TOKEN):
# auth-facts.md §5.
_BEARER_PROVIDERS = frozenset({"OpenRouter", "Moonshot", "Z.ai", "Zhipu BigModel"})
_PACKAGES = {FileKind.PYTHON: ("anthropic", 2), FileKind.JAVASCRIPT: ("@anthropic-ai/sdk", 1)}


def _usable(value: str | None) -> bool:
    return bool(value and value.strip() and not is_dummy(value) and not is_placeholder(value))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a warning per API key sent as a bearer token to a non-Anthropic host."""
    if file.code is None or not file.code.clients:
        return
    package, threshold = _PACKAGES[file.kind]
    # The SDK version (a look at the project's manifests and lock files) is read only once a
    # client sends a key to another host: it decides for every client of the file at once.
    dotenv: DotenvFile | None = None
    version: str | None = None
    have_dotenv = have_version = False
    for client in file.code.clients:
        if not is_official(client) or is_cloud_client(client):
            continue
        if any(a.name in {"**", "..."} for a in client.arguments):
            continue
        if not have_dotenv:
            dotenv, have_dotenv = dotenv_for(file), True
        key = client.argument(*API_KEY_ARGS)
        token = client.argument(*AUTH_TOKEN_ARGS)
        if key is not None and is_null(file, key):
            key = None
        if token is not None and is_null(file, token):
            token = None
        if key is not None:
            literal = string_literal(key)
            if literal is not None and not _usable(literal):
                continue
            key_span = key.name_span
            key_where = f"`{key.name}`"
        else:
            if token is not None or dotenv is None or not _usable(dotenv.value(API_KEY)):
                continue
            if _usable(dotenv.value(AUTH_TOKEN)):
                continue
            key_span = client.span
            key_where = f"{API_KEY} from {dotenv.path.name}"
        found = _base_url(file, client, dotenv, context)
        if found is None:
            continue
        value, where, related = found
        url = parse_base_url(value)
        if url is None or not url.has_scheme or is_anthropic_host(url.host) or is_openai_style(url):
            continue
        provider = provider_for(url.host)
        if provider is not None and provider.name in _BEARER_PROVIDERS:
            continue
        if not have_version:
            version, have_version = sdk_version(file, package), True
        if version is None or major_at_least(version, threshold) is not True:
            return  # the project's version, the same for every client
        name = f"{provider.name} (`{url.host}`)" if provider else f"`{url.host}`"
        message = (
            f"With `{package}` {version} (from {threshold}.0 on) the SDK sends {key_where} as "
            "`Authorization: Bearer`, not `X-Api-Key`, and "
            f"{where} points at {name}: a gateway that reads only the `x-api-key` header answers "
            "401. Check that it accepts bearer tokens; if not, also send the key in an "
            "`x-api-key` default header, or pin the previous major"
        )
        yield RULE.finding(file, key_span, message, related=related)


def _base_url(
    file: ScannedFile, client: SdkClient, dotenv: DotenvFile | None, context: CheckContext
) -> tuple[str, str, tuple[Related, ...]] | None:
    """The base URL the client uses, a phrase saying where it is set, and a related note.

    A constant imported from another module of the project counts as a literal
    (:func:`~authlint.rules._sdk.imported_constant`); the note is at its literal there.
    """
    argument = base_url_argument(client)
    if argument is not None and not is_null(file, argument):
        literal = string_literal(argument)
        if literal is not None:
            span = argument.literal_span or argument.value_span
            note = Related(file.source.path, span, "the base URL is set here")
            return literal, f"`{argument.name}`", (note,)
        imported = imported_constant(file, argument, context) if argument.imported_from else None
        if imported is not None:
            path, constant = imported
            note = Related(path, constant.literal_span, "the base URL is set here")
            return constant.literal, f"`{argument.name}` (`{constant.name}`)", (note,)
        if argument.env_var != BASE_URL:
            return None  # computed: unknown
    if dotenv is None or dotenv.scanned is None:
        return None
    definition = dotenv.scanned.effective(BASE_URL)
    if definition is None or definition.value is None or not definition.value.strip():
        return None
    where = definition.content_span if definition.raw_content else definition.value_span
    note = Related(dotenv.path, where, f"{BASE_URL} is set here")
    return definition.value, f"{BASE_URL} in {dotenv.path.name}", (note,)


RULE = Rule(
    code="AL610",
    name="bearer-api-key-to-gateway",
    summary="New SDK major sends the API key as a bearer token to a gateway",
    severity=Severity.WARNING,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
)
