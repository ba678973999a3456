"""Inline suppression: ``authlint: ignore[CODE, …]`` in a comment.

Written in the file's own comment syntax (``#`` or ``//``), at the end of the
offending line or alone on the line above it (preferred in ``.env`` files,
where ``docker run --env-file`` keeps an inline ``#`` in the value). A bare
``authlint: ignore`` silences every rule on that line. Codes may be rule codes
or rule names.
"""

from __future__ import annotations

import re

from authlint.core.text import LineIndex

_DIRECTIVE = re.compile(r"(?:#|//)\s*authlint:\s*ignore(?:\[([^\]]*)\]|(?![\w\[-]))")
ALL = "*"


def suppressions(index: LineIndex) -> dict[int, frozenset[str]]:
    """Map each 0-based line to the codes silenced there (``{"*"}`` for all).

    A directive at the end of a line silences that line; one alone on its line
    silences the next line. Codes in the brackets are separated by commas or
    spaces; ``ignore[]`` and a bare ``ignore`` silence every rule. ``ignored``
    or an unclosed ``ignore[`` is not a directive.
    """
    result: dict[int, set[str]] = {}
    for line in range(index.line_count):
        text = index.line_text(line)
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        codes = {c for c in re.split(r"[,\s]+", match.group(1) or "") if c} or {ALL}
        own_line = not text[: match.start()].strip()
        target = line + 1 if own_line else line
        result.setdefault(target, set()).update(codes)
    return {line: frozenset(codes) for line, codes in result.items()}


def is_suppressed(silenced: dict[int, frozenset[str]], line: int, code: str, name: str) -> bool:
    """Whether a finding of ``code``/``name`` starting on ``line`` is silenced.

    Codes compare without regard to case (``al201`` silences ``AL201``), and so
    do rule names.
    """
    codes = silenced.get(line)
    if not codes:
        return False
    if ALL in codes:
        return True
    wanted = {code.upper(), name.upper()}
    return any(c.upper() in wanted for c in codes)
