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

_KEY_CHAR = re.compile(r"[A-Za-z0-9_-]")
_SHAPES = re.compile(
    "|".join(p.pattern for p in (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE))
)
MARKER = "sk-ant-"


def _starts_token(text: str, start: int) -> bool:
    """Whether no key character comes right before ``start``.

    In JSON text a key may follow an escape (``"…\\nsk-ant-…"``): ``\\n``, ``\\t`` or
    ``\\r`` before it counts as a boundary.
    """
    if start == 0 or not _KEY_CHAR.match(text, start - 1):
        return True
    return start >= 2 and text[start - 2] == "\\" and text[start - 1] in "nrt"


def credentials(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The complete, non-placeholder credentials in ``text[start:end]``.

    Linear in the text: ``str.find`` looks for ``sk-ant-``, and the shapes are tried
    only where a token starts (never inside a run of key characters, which would make
    a run full of ``sk-ant-`` quadratic).
    """
    stop = len(text) if end is None else end
    at = text.find(MARKER, start, stop)
    while at >= 0:
        match = _SHAPES.match(text, at, stop) if _starts_token(text, at) else None
        if match is None:
            at = text.find(MARKER, at + 1, stop)
            continue
        if match.end() >= stop or not _KEY_CHAR.match(text, match.end()):
            if not is_placeholder(match.group(0)):
                yield match
        at = text.find(MARKER, match.end(), stop)
