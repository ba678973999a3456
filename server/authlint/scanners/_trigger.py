"""The trigger words that make a code file worth parsing (Python, JavaScript/TypeScript).

A code file is parsed only when its text holds ``anthropic`` in any case
(``ChatAnthropic``, ``ANTHROPIC_API_KEY``), ``CLAUDE``, ``dotenv`` or
``sk-ant-``: :data:`TRIGGER`. Every code file of a tree is asked, so
:func:`has_trigger` answers the same question without the regex on ASCII text,
and :func:`has_trigger_in_ascii` on ASCII bytes, without decoding them.
"""

from __future__ import annotations

import re

TRIGGER = re.compile(r"(?i:anthropic)|CLAUDE|dotenv|sk-ant-")
"""The trigger words as one pattern (``re.IGNORECASE`` semantics for ``anthropic``)."""


def has_trigger(text: str) -> bool:
    """``TRIGGER.search(text) is not None``, in a few substring searches.

    The case-sensitive words are plain ``in`` tests. On ASCII text,
    ``text.lower()`` folds exactly the letters ``re.IGNORECASE`` folds there
    (``A``-``Z``); other text asks the regex, whose Unicode case folding
    (``ı``, ``İ``, ``K``…) ``str.lower`` does not reproduce.
    """
    if "CLAUDE" in text or "dotenv" in text or "sk-ant-" in text:
        return True
    if text.isascii():
        return "anthropic" in text.lower()
    return TRIGGER.search(text) is not None


def has_trigger_in_ascii(data: bytes) -> bool:
    """:func:`has_trigger` of the text of ASCII ``data`` (its bytes), without decoding it.

    Raises ``ValueError`` when ``data`` is not ASCII.
    """
    if not data.isascii():
        raise ValueError("not ASCII: its text is not its bytes")
    if b"CLAUDE" in data or b"dotenv" in data or b"sk-ant-" in data:
        return True
    return b"anthropic" in data.lower()  # ASCII: bytes.lower folds what re.IGNORECASE folds
