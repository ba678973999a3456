"""secret-in-permission-rule.

## What it does
Checks the strings of ``permissions.allow`` (and ``ask`` / ``deny``) in
Claude Code settings files (``.claude/settings.local.json``,
``.claude/settings.json``, ``~/.claude/settings.json``) for a secret written
into the rule: a key or token of a known shape (``sk-ant-…``, OpenAI,
OpenRouter, Google, GitHub, AWS access key IDs), a credential variable
assigned inline (``ANTHROPIC_API_KEY=… python app.py``, ``export
ANTHROPIC_AUTH_TOKEN=…``, ``CLAUDE_CODE_OAUTH_TOKEN=…``, any ``*_API_KEY=``,
``*_TOKEN=`` or ``*_SECRET=``), or an authentication header
(``x-api-key: …``, ``Authorization: Bearer …``). References (``$KEY``,
``${KEY}``), wildcards (``Bash(curl:*)``), placeholders and values shorter
than eight characters are not reported.

The severity is decided by git: an **error** when git would commit the file
(tracked, or in a work tree and not ignored), a **warning** otherwise. A file
git ignores (Claude Code adds ``settings.local.json`` to the global excludes)
still holds the secret in plain text on disk, in backups and in synced
dotfiles, and Claude Code reads it back into every session. A complete
Anthropic key in a committable file is left to AL501 (committable-secret),
which reports it already.

## Why is this bad?
Choosing "Yes, and don't ask again" for a command stores the whole command
line as a permission rule. A command that carried a key inline
(``ANTHROPIC_API_KEY=sk-ant-… python eval.py``, ``curl -H "x-api-key: …"``)
leaves that key in the settings file for good; committed settings have
leaked keys into public repositories.

## Example
```json
{
  "permissions": {
    "allow": [
      "Bash(npm run test:*)",
      "Bash(ANTHROPIC_API_KEY=sk-ant-api03-…AA python scripts/eval.py)"
    ]
  }
}
```
Use instead:
```json
{
  "permissions": {
    "allow": ["Bash(npm run test:*)", "Bash(python scripts/eval.py)"]
  }
}
```
with the key in the environment (or ``apiKeyHelper``), and the old key
rotated.

## Fix safety
Safe: removes the permission rule that holds the secret (Claude Code asks
again the next time the command runs). The key stays in backups and in the
git history if the file was committed: rotate it too.

## Source
- https://github.com/anthropics/claude-code/issues/5544,
  https://github.com/anthropics/claude-code/issues/24994 and
  https://github.com/anthropics/claude-code/issues/58489
  reports of secrets kept in permission rules.
- https://github.com/pingdotgg/t3code/pull/2200
  a committed ``settings.local.json`` with a key in a permission rule.
- https://code.claude.com/docs/en/settings
  ``permissions.allow`` / ``ask`` / ``deny``; ``settings.local.json`` is personal and
  git-ignored by Claude Code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonValue, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import credential_kind, is_live_shaped, is_placeholder, mask
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import root_object
from authlint.rules._credentials import is_placeholder_credential

LISTS = ("allow", "ask", "deny")
MIN_LENGTH = 8
_VALUE = r"""(?:"(?P<dq>[^"\\]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'`;&|)]+))"""
_ASSIGNED = re.compile(
    r"(?<![A-Za-z0-9_])(?P<name>ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|CLAUDE_CODE_OAUTH_TOKEN"
    r"|[A-Z][A-Z0-9_]*(?:API_KEY|APIKEY|_TOKEN|_SECRET|_PASSWORD))=" + _VALUE
)
_HEADER = re.compile(
    r"(?i)(?P<name>x-api-key|authorization)\s*:\s*(?:bearer\s+)?"
    r"(?P<bare>[A-Za-z0-9_\-./+=]{8,})"
)
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,}")


def _value(match: re.Match[str]) -> tuple[str, int, int] | None:
    for group in ("dq", "sq", "bare"):
        if match.groupdict().get(group) is not None:
            return match.group(group), match.start(group), match.end(group)
    return None


def _is_secret(value: str, name: str) -> bool:
    text = value.strip()
    if len(text) < MIN_LENGTH or "$" in text or "*" in text or "…" in text:
        return False
    if is_placeholder(text) or is_placeholder_credential(text, name):
        return False
    return text.upper() != text or any(c.isdigit() for c in text)


def secrets_in(text: str) -> list[tuple[int, int, str]]:
    """The secrets in one permission rule: ``(start, end, what)``, by position, not overlapping."""
    lowered = text.lower()
    has_header = "x-api-key" in lowered or "authorization" in lowered
    if "=" not in text and not has_header and _TOKEN.search(text) is None:
        return []  # no assignment, no header and no long token: most rules (`Bash(git add:*)`)
    found: list[tuple[int, int, str]] = []
    for match in _ASSIGNED.finditer(text):
        value = _value(match)
        if value is not None and _is_secret(value[0], match.group("name")):
            found.append((value[1], value[2], f"the value of {match.group('name')}"))
    for match in _HEADER.finditer(text):
        if _is_secret(match.group("bare"), ""):
            header = "x-api-key" if match.group("name").lower() == "x-api-key" else "Authorization"
            found.append((match.start("bare"), match.end("bare"), f"an `{header}` header value"))
    for match in _TOKEN.finditer(text):
        token = match.group()
        kind = credential_kind(token)
        if (kind.name != "UNKNOWN" or token.startswith("sk-ant-")) and not is_placeholder(token):
            found.append(
                (
                    match.start(),
                    match.end(),
                    f"{'an' if kind.value[0] in 'AEIOU' else 'a'} {kind.value}",
                )
            )
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


def _removal(file: ScannedFile, array: JsonValue, position: int) -> Edit:
    """The edit removing item ``position`` of ``array`` with its comma."""
    items = array.items
    item = items[position]
    if len(items) == 1:
        return Edit(item.span, "")
    if position + 1 < len(items):
        return Edit(Span(item.span.start, items[position + 1].span.start), "")
    return Edit(Span(items[position - 1].span.end, item.span.end), "")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per permission rule that holds a secret."""
    root = root_object(file)
    permissions = root.get("permissions") if root is not None else None
    if permissions is None or permissions.type != "object":
        return
    index = file.source.index
    committable: bool | None = None
    for list_name in LISTS:
        array = permissions.get(list_name)
        if array is None or array.type != "array":
            continue
        for position, item in enumerate(array.items):
            if item.type != "string":
                continue
            raw = index.slice(item.content_span)
            found = secrets_in(raw)
            if not found:
                continue
            if committable is None:
                committable = context.is_committable(file.source.path)
            if committable:
                found = [f for f in found if not is_live_shaped(raw[f[0] : f[1]])]
                if not found:
                    continue  # AL501 reports a complete Anthropic credential there
            base = index.offset(item.content_span.start)
            start, end, what = found[0]
            shown = ", ".join(f"{w} (`{mask(raw[s:e])}`)" for s, e, w in found)
            where = (
                "a file git would commit"
                if committable
                else "plain text on disk, even though git ignores the file"
            )
            message = (
                f"`permissions.{list_name}` rule keeps a secret: {shown}; it stays in {where}, "
                "and Claude Code reads it back into every session. Remove the rule, rotate the "
                "credential, and pass it through the environment instead"
            )
            fix = Fix(RULE.fix_title or "", (_removal(file, array, position),), Applicability.SAFE)
            yield RULE.finding(
                file,
                index.span(base + start, base + end),
                message,
                fix=fix,
                severity=Severity.ERROR if committable else Severity.WARNING,
            )


RULE = Rule(
    code="AL503",
    name="secret-in-permission-rule",
    summary="A Claude Code permission rule keeps a key or token from the command it allowed",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the permission rule that holds the secret",
)
