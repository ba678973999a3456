"""Complete credentials in a document's text (notebooks, transcripts).

Only complete shapes count (the secret scanners' patterns, see
:mod:`authlint.core.secrets`): an API key, an Admin API key, an OAuth or a
refresh token, and not a placeholder (``sk-ant-api03-xxxx…``). A masked or
truncated key a user pasted (``sk-ant-api03-abc…``) is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.secrets import (
    ADMIN_KEY_RE,
    API_KEY_RE,
    OAUTH_TOKEN_RE,
    REFRESH_TOKEN_RE,
    is_placeholder,
)

_KEY_CHAR = "A-Za-z0-9_-"
# In JSON text a key may follow an escape (``"…\\nsk-ant-…"``): ``\\n``, ``\\t``, ``\\r``.
CREDENTIAL = re.compile(
    rf"(?:(?<![{_KEY_CHAR}])|(?<=\\[nrt]))(?:"
    + "|".join(p.pattern for p in (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE))
    + rf")(?![{_KEY_CHAR}])"
)
MARKER = "sk-ant-"


def credentials(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The complete, non-placeholder credentials in ``text[start:end]``."""
    stop = len(text) if end is None else end
    if text.find(MARKER, start, stop) < 0:
        return
    for match in CREDENTIAL.finditer(text, start, stop):
        if not is_placeholder(match.group(0)):
            yield match
