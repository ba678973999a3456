"""bedrock-sso-profile-without-refresh.

## What it does
Checks Claude Code settings that use Amazon Bedrock
(``CLAUDE_CODE_USE_BEDROCK=1``) with an AWS profile (``AWS_PROFILE``) that
``~/.aws/config`` defines as an IAM Identity Center (SSO) profile: its
``[profile NAME]`` section has ``sso_session`` or ``sso_start_url``.

- With no ``awsAuthRefresh`` in any settings file Claude Code reads (this
  one, its sibling, the user's): a **warning** on the ``AWS_PROFILE`` line
  (or on ``CLAUDE_CODE_USE_BEDROCK`` when the profile comes from the
  environment). It works until the SSO session expires, then every request
  fails.
- An ``awsCredentialExport`` command that calls ``aws sts get-session-token``
  for an SSO profile: an **error**; STS refuses that call with SSO (session)
  credentials.

Quiet when a gateway does the AWS authentication
(``CLAUDE_CODE_SKIP_BEDROCK_AUTH``) or a Bedrock API key is set
(``AWS_BEARER_TOKEN_BEDROCK``). Only the settings file that sets
``AWS_PROFILE`` or ``CLAUDE_CODE_USE_BEDROCK`` itself is reported.

## Why is this bad?
SSO credentials last hours. When they expire, Claude Code fails with ``The
SSO session associated with this profile has expired or is otherwise
invalid`` and does not recover on its own: ``awsAuthRefresh`` is the
setting that lets it run ``aws sso login`` for you. ``aws sts
get-session-token`` with SSO credentials fails every time: ``An error
occurred (AccessDenied) when calling the GetSessionToken operation: Cannot
call GetSessionToken with session credentials``.

## Example
```json
{ "env": { "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "bedrock-dev" } }
```
with ``~/.aws/config``:
```ini
[profile bedrock-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = BedrockUser
```
Use instead:
```json
{
  "awsAuthRefresh": "aws sso login --profile bedrock-dev",
  "env": { "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "bedrock-dev" }
}
```

## Fix safety
Safe for the missing refresh: adds ``"awsAuthRefresh": "aws sso login
--profile NAME"`` to this file (Claude Code runs it only when the
credentials have expired). No fix for ``get-session-token``: remove
``awsCredentialExport`` (the AWS SDK reads the SSO profile itself) or
export the profile's credentials another way.

## Source
- https://code.claude.com/docs/en/amazon-bedrock
  ``awsAuthRefresh`` (for ``aws sso login``) and ``awsCredentialExport``.
- https://github.com/chatml/chatml/pull/989
  Bedrock users with an expired SSO token; ``awsAuthRefresh`` runs ``aws sso login``.
- https://github.com/can1357/oh-my-pi/pull/5100
  expired SSO sessions fail every request until ``aws sso login``; a port of Claude Code's
  ``awsAuthRefresh``.
- https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html
  SSO profiles: ``sso_session``, ``sso_start_url``, ``aws sso login``.
- https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
  ``GetSessionToken`` cannot be called with session credentials.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Applicability, Finding, Fix, Related, Severity
from authlint.core.home import AWS_CONFIG
from authlint.rules._base import Rule
from authlint.rules._claude import (
    SETTINGS_NAMES,
    config_dir,
    effective_env,
    env_members,
    is_set,
    is_truthy,
    member_text,
    read_json_object,
    root_object,
    string_member,
)
from authlint.rules._settings import insert_member_edits, json_string, scan_other
from authlint.scanners.aws_config import profile_section

USE_BEDROCK = "CLAUDE_CODE_USE_BEDROCK"
SKIP_AUTH = "CLAUDE_CODE_SKIP_BEDROCK_AUTH"
BEARER = "AWS_BEARER_TOKEN_BEDROCK"
PROFILE = "AWS_PROFILE"
REFRESH = "awsAuthRefresh"
EXPORT = "awsCredentialExport"
_SSO_KEYS = ("sso_session", "sso_start_url")
_SESSION_TOKEN = re.compile(r"\bsts\s+get-session-token\b")


def _aws_config(env: dict[str, str], context: CheckContext) -> ScannedFile | None:
    if context.home is None:
        return None
    configured = env.get("AWS_CONFIG_FILE", "").strip()
    path = context.home / AWS_CONFIG
    if configured:
        path = Path(configured.replace("~", str(context.home), 1))
    return scan_other(path, FileKind.AWS_CONFIG)


def _sso_section(config: ScannedFile, profile: str) -> JsonMember | None:
    section = profile_section(config, profile)
    if section is None or not any(section.value.get(k) is not None for k in _SSO_KEYS):
        return None
    return section


def _refresh_elsewhere(file: ScannedFile, context: CheckContext) -> bool:
    """Whether a settings file Claude Code reads besides ``file`` sets ``awsAuthRefresh``."""
    path = file.source.path
    others: list[Path] = []
    folder = config_dir(context)
    if folder is not None:
        others.append(folder / "settings.json")
    if path is not None and path.parent.name == ".claude":
        others.extend(path.parent / name for name in SETTINGS_NAMES)
    for other in others:
        if path is not None and other == path:
            continue
        data = read_json_object(other)
        value = data.get(REFRESH) if data is not None else None
        if isinstance(value, str) and value.strip():
            return True
    return False


def _export_profile(command: str, default: str) -> str:
    try:
        words = shlex.split(command)
    except ValueError:
        return default
    for i, word in enumerate(words):
        if word == "--profile" and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--profile="):
            return word.split("=", 1)[1]
    return default


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when Bedrock uses an SSO profile that nothing refreshes."""
    root = root_object(file)
    if root is None:
        return
    own = env_members(file)
    anchor = own.get(PROFILE) or own.get(USE_BEDROCK)
    export = string_member(root, EXPORT)
    if anchor is None and export is None:
        return
    env = effective_env(file, context)
    if not is_truthy(env.get(USE_BEDROCK)) or is_truthy(env.get(SKIP_AUTH)):
        return
    if is_set(env.get(BEARER)):
        return
    profile = (env.get(PROFILE) or "").strip()
    config = _aws_config(env, context)
    if config is None or config.source.path is None:
        return
    command = member_text(export) or ""
    if export is not None and _SESSION_TOKEN.search(command):
        export_profile = _export_profile(command, profile)
        section = _sso_section(config, export_profile) if export_profile else None
        if section is not None:
            message = (
                f"`{EXPORT}` calls `aws sts get-session-token` for the SSO profile "
                f"`{export_profile}`: STS refuses it (`Cannot call GetSessionToken with session "
                "credentials`), so Bedrock gets no credentials; remove the setting (the AWS SDK "
                f"reads the SSO profile itself) and add `{REFRESH}`"
            )
            related = Related(config.source.path, section.key_span, "an SSO profile")
            yield RULE.finding(
                file,
                export.value.content_span,
                message,
                related=(related,),
                severity=Severity.ERROR,
            )
            return
    if anchor is None or not profile:
        return
    section = _sso_section(config, profile)
    if section is None:
        return
    if string_member(root, REFRESH) is not None or _refresh_elsewhere(file, context):
        return
    login = f"aws sso login --profile {profile}"
    message = (
        f"Bedrock uses the SSO profile `{profile}` and no settings file sets `{REFRESH}`: "
        "when the SSO session expires every request fails (`The SSO session associated with "
        f"this profile has expired`) until you run `{login}` yourself; add "
        f'`"{REFRESH}": "{login}"`'
    )
    fix = Fix(
        RULE.fix_title or "",
        insert_member_edits(file, root, f"{json_string(REFRESH)}: {json_string(login)}"),
        Applicability.SAFE,
    )
    related = Related(config.source.path, section.key_span, "an SSO profile")
    yield RULE.finding(file, anchor.value.content_span, message, fix=fix, related=(related,))


RULE = Rule(
    code="AL820",
    name="bedrock-sso-profile-without-refresh",
    summary="Bedrock with an AWS SSO profile that no awsAuthRefresh renews",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Add awsAuthRefresh running aws sso login",
)
