"""Workload Identity Federation variables, shared by AL110 and AL111.

Source: https://platform.claude.com/docs/en/manage-claude/wif-reference (the
token exchange fields and their tagged-ID prefixes; the SDKs read the
``ANTHROPIC_*`` variables below).
"""

from __future__ import annotations

import re

FEDERATION_RULE_ID = "ANTHROPIC_FEDERATION_RULE_ID"
SERVICE_ACCOUNT_ID = "ANTHROPIC_SERVICE_ACCOUNT_ID"
ORGANIZATION_ID = "ANTHROPIC_ORGANIZATION_ID"
WORKSPACE_ID = "ANTHROPIC_WORKSPACE_ID"
IDENTITY_TOKEN_FILE = "ANTHROPIC_IDENTITY_TOKEN_FILE"
IDENTITY_TOKEN = "ANTHROPIC_IDENTITY_TOKEN"

WIF_VARIABLES = (
    FEDERATION_RULE_ID,
    SERVICE_ACCOUNT_ID,
    ORGANIZATION_ID,
    WORKSPACE_ID,
    IDENTITY_TOKEN_FILE,
    IDENTITY_TOKEN,
)
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Tagged IDs: the prefix and what it names.
TAGS = {
    FEDERATION_RULE_ID: ("fdrl_", "federation rule"),
    SERVICE_ACCOUNT_ID: ("svac_", "service account"),
    WORKSPACE_ID: ("wrkspc_", "workspace"),
}
_TAGGED = re.compile(r"(fdrl|svac|wrkspc)_[A-Za-z0-9]+")
_NAMES = {
    "fdrl": "a federation rule ID",
    "svac": "a service account ID",
    "wrkspc": "a workspace ID",
}


def what_it_looks_like(value: str) -> str | None:
    """What a tagged ID or UUID in ``value`` names (``"a service account ID"``…), or ``None``."""
    tagged = _TAGGED.fullmatch(value)
    if tagged:
        return _NAMES[tagged.group(1)]
    if UUID.fullmatch(value):
        return "a UUID (an organization ID)"
    if value.startswith("sk-ant-"):
        return "an Anthropic key or token"
    return None
