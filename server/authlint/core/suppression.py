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

# Never across a line break (LineIndex's: \r\n, \n, \r), so one search of the whole text
# finds what a search of each line would.
_DIRECTIVE = re.compile(
    r"(?:#|//)[^\S\r\n]*authlint:[^\S\r\n]*ignore(?:\[([^\]\r\n]*)\]|(?![\w\[-]))"
)
ALL = "*"


def suppressions(index: LineIndex) -> dict[int, frozenset[str]]:
    """Map each 0-based line to the codes silenced there (``{"*"}`` for all).

    A directive at the end of a line silences that line; one alone on its line
    silences the next line. Codes in the brackets are separated by commas or
    spaces; ``ignore[]`` and a bare ``ignore`` silence every rule. ``ignored``
    or an unclosed ``ignore[`` is not a directive.
    """
    result: dict[int, set[str]] = {}
    if "authlint" not in index.text:  # most files: no directive, no work per line
        return {}
    done = -1
    for match in _DIRECTIVE.finditer(index.text):
        line = index.position(match.start()).line
        if line == done:  # the first directive of a line counts
            continue
        done = line
        codes = {c for c in re.split(r"[,\s]+", match.group(1) or "") if c} or {ALL}
        own_line = not index.text[index.line_start(line) : match.start()].strip()
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
