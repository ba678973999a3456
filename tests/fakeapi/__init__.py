"""A fake Anthropic API on 127.0.0.1 for tests (see :mod:`fakeapi.server`).

``with FakeAnthropic(FakeConfig(keys={key})) as fake:`` starts it on a free
port; ``fake.base_url`` goes into ``ANTHROPIC_BASE_URL`` and ``fake.requests``
is the request log. ``python -m fakeapi --key-file FILE`` runs it by hand.
"""

from fakeapi.server import (
    HEADER_REQUIRED,
    INVALID_BEARER,
    INVALID_X_API_KEY,
    OAUTH_BETA,
    OAUTH_EXPIRED,
    OAUTH_NOT_SUPPORTED,
    FakeAnthropic,
    FakeConfig,
    HeaderSeen,
    LoggedRequest,
    mask_secret,
)

__all__ = [
    "HEADER_REQUIRED",
    "INVALID_BEARER",
    "INVALID_X_API_KEY",
    "OAUTH_BETA",
    "OAUTH_EXPIRED",
    "OAUTH_NOT_SUPPORTED",
    "FakeAnthropic",
    "FakeConfig",
    "HeaderSeen",
    "LoggedRequest",
    "mask_secret",
]
