"""The environment variables that decide authentication, and their roles.

Sources: ``auth-facts.md`` §2.1 (Claude Code precedence), §2.2 (headers),
§4.1 (what the SDKs read).
"""

from __future__ import annotations

API_KEY = "ANTHROPIC_API_KEY"  # sent as x-api-key (Bearer in Python SDK ≥ 2, TS SDK ≥ 1)
AUTH_TOKEN = "ANTHROPIC_AUTH_TOKEN"  # sent as Authorization: Bearer (gateways)
OAUTH_TOKEN = "CLAUDE_CODE_OAUTH_TOKEN"  # `claude setup-token` output
BASE_URL = "ANTHROPIC_BASE_URL"
CUSTOM_HEADERS = "ANTHROPIC_CUSTOM_HEADERS"

CREDENTIAL_VARIABLES = frozenset({API_KEY, AUTH_TOKEN, OAUTH_TOKEN})
AUTH_VARIABLES = frozenset(
    {
        *CREDENTIAL_VARIABLES,
        BASE_URL,
        CUSTOM_HEADERS,
        "CLAUDE_CODE_USE_BEDROCK",
        "CLAUDE_CODE_USE_VERTEX",
        "CLAUDE_CODE_USE_FOUNDRY",
    }
)

DEFAULT_API_HOST = "api.anthropic.com"
