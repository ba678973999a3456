"""aider-api-key-entry-misnamed.

## What it does
Checks the ``api-key:`` entries of an aider config file (``.aider.conf.yml``)
for two mistakes: an entry whose provider part is already a variable or
option name (``- ANTHROPIC_API_KEY=sk-ant-…``, ``- anthropic-api-key=…``),
and an entry without ``=`` (``- sk-ant-…``).

## Why is this bad?
Aider turns each entry ``provider=KEY`` into the environment variable
``<PROVIDER>_API_KEY``. ``ANTHROPIC_API_KEY=…`` therefore sets
``ANTHROPIC_API_KEY_API_KEY``, which nothing reads: the Anthropic key is
missing (``litellm.AuthenticationError`` … ``No auth credentials found``), or
an older key from the shell or a ``.env`` is used instead. An entry without
``=`` stops aider at start-up with ``Invalid --api-key format``.

## Example
```yaml
api-key:
  - ANTHROPIC_API_KEY=sk-ant-api03-…
```
Use instead:
```yaml
api-key:
  - anthropic=sk-ant-api03-…
```
or the dedicated option ``anthropic-api-key: sk-ant-api03-…``.

## Fix safety
Safe for a provider part that names a variable: it is replaced with the
provider (``anthropic``), which sets the variable that was meant. No fix for
an entry without ``=``.

## Source
- https://aider.chat/docs/config/api-keys.html
  ``api-key`` entries ``provider=<key>`` set ``PROVIDER_API_KEY``; Anthropic keys also
  through ``anthropic-api-key``.
- https://github.com/Aider-AI/aider/blob/main/aider/main.py
  ``provider.strip().upper()`` + ``_API_KEY``; ``Invalid --api-key format``.
- https://github.com/Aider-AI/aider/issues/3802
  ``No auth credentials found`` with keys in ``.aider.conf.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.scanners.aider_config import entries, split_entry

# `ANTHROPIC_API_KEY`, `anthropic-api-key`, `Anthropic_Api_Key`: a name, not a provider.
_VARIABLE_NAME = re.compile(r"(?i)\A([a-z0-9]+)[-_]api[-_]key\Z")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``api-key`` entry that names a variable or has no ``=``."""
    if not file.first_view or file.json is None:
        return
    source = file.source
    for item in entries(file.json.root, "api-key"):
        parts = split_entry(source, item)
        if parts is None:
            raw = source.index.slice(item.content_span)
            if "=" in raw:
                continue  # quoting we cannot map back: say nothing
            shown = mask(raw.strip()) if len(raw.strip()) > 12 else raw.strip()
            message = (
                f"aider reads `api-key` entries as `provider=key`; `{shown}` has no `=`, so "
                "aider stops with `Invalid --api-key format`. Write `anthropic=<key>`"
            )
            yield RULE.finding(file, item.content_span, message)
            continue
        name, name_span, _, _ = parts
        match = _VARIABLE_NAME.match(name.strip())
        if match is None:
            continue
        provider = match.group(1).lower()
        message = (
            "This `api-key` entry names a variable, not a provider: aider upper-cases the part "
            "before `=` and appends `_API_KEY`, so it sets a variable nothing reads "
            "(X_API_KEY_API_KEY) and the key is not used. "
            f"Write `{provider}=…`"
        )
        fix = Fix(RULE.fix_title or "", (Edit(name_span, provider),), Applicability.SAFE)
        yield RULE.finding(file, name_span, message, fix=fix)


RULE = Rule(
    code="AL722",
    name="aider-api-key-entry-misnamed",
    summary="aider api-key entry names a variable (sets X_API_KEY_API_KEY) or lacks '='",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.AIDER_CONFIG}),
    check=check,
    doc=__doc__ or "",
    fix_title="Write the provider name",
)
