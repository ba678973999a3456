"""The trigger words that make a code file worth parsing (Python, JavaScript/TypeScript).

A code file is parsed only when its text holds ``anthropic`` in any case
(``ChatAnthropic``, ``ANTHROPIC_API_KEY``), ``CLAUDE``, ``dotenv`` or
``sk-ant-``: :data:`TRIGGER`. Every code file of a tree is asked, so
:func:`has_trigger` answers the same question without the regex on ASCII text,
and :func:`authlint.scanners.cache.ascii_code_facts` on ASCII bytes, undecoded.
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
