"""Classifying variable names: real ones, near misses, and names apps use on purpose.

Shared by AL307 (definitions) and AL607 (reads in SDK code). Sources:
``auth-facts.md`` §2 and §4.1 (the names Claude Code and the SDKs read); the
corpus README "should NOT flag" item 10 (application-specific names).
"""

from __future__ import annotations

import functools
import re

from authlint.core.variables import API_KEY, AUTH_TOKEN, AUTH_VARIABLES, BASE_URL, OAUTH_TOKEN

_MAX_DISTANCE = 2
# Real names by length: a name more than _MAX_DISTANCE characters longer or shorter is
# never within _MAX_DISTANCE edits, so most names are compared with none.
_BY_LENGTH: dict[int, tuple[str, ...]] = {}
for _real in sorted(AUTH_VARIABLES):
    _BY_LENGTH[len(_real)] = (*_BY_LENGTH.get(len(_real), ()), _real)


def _lengths_near(length: int) -> range:
    """The lengths a name of ``length`` characters can have after _MAX_DISTANCE edits."""
    return range(length - _MAX_DISTANCE, length + _MAX_DISTANCE + 1)


_NEAR_LENGTHS = frozenset(n for real in AUTH_VARIABLES for n in _lengths_near(len(real)))
_NUMBERED = re.compile(r"(?P<base>.+?)_?\d+")

# Names applications read on purpose; the SDKs and Claude Code never do.
# Each maps to the real names, any of which makes the look-alike deliberate.
APP_NAMES: dict[str, tuple[str, ...]] = {
    "CLAUDE_API_KEY": (API_KEY,),
    "CLAUDE_KEY": (API_KEY,),
    "ANTHROPIC_KEY": (API_KEY,),
    "ANTHROPIC_TOKEN": (API_KEY, AUTH_TOKEN, OAUTH_TOKEN),
    "ANTHROPIC_URL": (BASE_URL,),
    "ANTHROPIC_ENDPOINT": (BASE_URL,),
    "ANTHROPIC_API_URL": (BASE_URL,),
    "ANTHROPIC_API_BASE": (BASE_URL,),
}


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau–Levenshtein distance (optimal string alignment) between two strings.

    Insertions, deletions, substitutions and swaps of two neighbouring
    characters each cost 1. With ``limit``, any distance above it is returned
    as ``limit + 1``, in O(len(a) · limit) time at most: strings whose lengths
    differ by more than ``limit`` are not compared at all, only cells within
    ``limit`` of the diagonal are computed, and the walk stops at the first row
    with no cell within ``limit`` (every later row is then above it too).
    """
    if limit is None:
        limit = max(len(a), len(b))
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    width = len(b)
    previous2: list[int] = []
    previous = [j if j <= limit else over for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        low, high = max(1, i - limit), min(width, i + limit)
        current = [over] * (width + 1)
        current[0] = i if i <= limit else over
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, over)
        if min(current[low - 1 : high + 1]) > limit:
            return over
        previous2, previous = previous, current
    return min(previous[width], over)


def near_misses(name: str) -> list[str]:
    """The real variable names 1–2 edits from ``name``, closest first (ties sorted).

    Returns ``[]`` for real names, names that are not all upper-case, and
    numbered variants of a real name (``ANTHROPIC_API_KEY_2``).
    """
    if len(name) not in _NEAR_LENGTHS:  # too long or short to be 2 edits from a real name
        return []
    return list(_near_misses(name))


@functools.lru_cache(maxsize=4096)
def _near_misses(name: str) -> tuple[str, ...]:
    """:func:`near_misses`, cached: a file repeats its names, and the answer never changes."""
    if name in AUTH_VARIABLES or name != name.upper():
        return ()
    numbered = _NUMBERED.fullmatch(name)
    if numbered and numbered.group("base") in AUTH_VARIABLES:
        return ()
    candidates = [r for n in _lengths_near(len(name)) for r in _BY_LENGTH.get(n, ())]
    if not candidates:  # every real name is more than 2 insertions or deletions away
        return ()
    scored = sorted((edit_distance(name, real, _MAX_DISTANCE), real) for real in candidates)
    best = [(d, real) for d, real in scored if 0 < d <= _MAX_DISTANCE]
    if not best:
        return ()
    return tuple(real for d, real in best if d == best[0][0])


# Cloud provider settings Claude Code reads (Vertex AI, Bedrock, Foundry), and names people write
# instead (issue 12, row 19). ``ANTHROPIC_*`` and ``CLAUDE_CODE_*`` look-alikes are always near
# misses; the generic ones (``PROJECT_ID``) only in a file that also turns the provider on.
PROVIDER_VARIABLES = frozenset(
    {
        "CLOUD_ML_REGION",
        "ANTHROPIC_VERTEX_PROJECT_ID",
        "ANTHROPIC_VERTEX_BASE_URL",
        "CLAUDE_CODE_SKIP_VERTEX_AUTH",
        "ANTHROPIC_BEDROCK_BASE_URL",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
        "AWS_BEARER_TOKEN_BEDROCK",
        "ANTHROPIC_FOUNDRY_API_KEY",
        "ANTHROPIC_FOUNDRY_RESOURCE",
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
    }
)
_VERTEX, _BEDROCK, _FOUNDRY = (
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_FOUNDRY",
)
# look-alike -> (real name, the provider switch that makes a generic name a near miss)
PROVIDER_LOOK_ALIKES: dict[str, tuple[str, str]] = {
    "ANTHROPIC_VERTEXAI_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "ANTHROPIC_VERTEX_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "ANTHROPIC_VERTEX_AI_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "ANTHROPIC_VERTEX_LOCATION": ("CLOUD_ML_REGION", _VERTEX),
    "VERTEX_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "VERTEXAI_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "VERTEX_AI_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "VERTEX_LOCATION": ("CLOUD_ML_REGION", _VERTEX),
    "VERTEXAI_LOCATION": ("CLOUD_ML_REGION", _VERTEX),
    "CLOUD_ML_LOCATION": ("CLOUD_ML_REGION", _VERTEX),
    "GOOGLE_CLOUD_REGION": ("CLOUD_ML_REGION", _VERTEX),
    "GOOGLE_CLOUD_LOCATION": ("CLOUD_ML_REGION", _VERTEX),
    "ANTHROPIC_VERTEXAI_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "ANTHROPIC_VERTEX_AI_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "ANTHROPIC_VERTEX_PROJECT": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "ANTHROPIC_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "GCP_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "GOOGLE_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "VERTEX_PROJECT_ID": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "VERTEXAI_PROJECT": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "VERTEX_PROJECT": ("ANTHROPIC_VERTEX_PROJECT_ID", _VERTEX),
    "CLAUDE_CODE_USE_VERTEX_AI": (_VERTEX, _VERTEX),
    "CLAUDE_CODE_USE_GOOGLE_VERTEX": (_VERTEX, _VERTEX),
    "ANTHROPIC_BEDROCK_REGION": ("AWS_REGION", _BEDROCK),
    "CLAUDE_CODE_USE_AWS_BEDROCK": (_BEDROCK, _BEDROCK),
    "AWS_BEDROCK_BEARER_TOKEN": ("AWS_BEARER_TOKEN_BEDROCK", _BEDROCK),
    "AWS_BEDROCK_API_KEY": ("AWS_BEARER_TOKEN_BEDROCK", _BEDROCK),
    "BEDROCK_API_KEY": ("AWS_BEARER_TOKEN_BEDROCK", _BEDROCK),
    "CLAUDE_CODE_USE_AZURE": (_FOUNDRY, _FOUNDRY),
    "CLAUDE_CODE_USE_AZURE_FOUNDRY": (_FOUNDRY, _FOUNDRY),
    "CLAUDE_CODE_USE_MICROSOFT_FOUNDRY": (_FOUNDRY, _FOUNDRY),
    "ANTHROPIC_FOUNDRY_KEY": ("ANTHROPIC_FOUNDRY_API_KEY", _FOUNDRY),
    "ANTHROPIC_AZURE_API_KEY": ("ANTHROPIC_FOUNDRY_API_KEY", _FOUNDRY),
    "ANTHROPIC_FOUNDRY_ENDPOINT": ("ANTHROPIC_FOUNDRY_BASE_URL", _FOUNDRY),
    "ANTHROPIC_FOUNDRY_URL": ("ANTHROPIC_FOUNDRY_BASE_URL", _FOUNDRY),
    "ANTHROPIC_FOUNDRY_RESOURCE_NAME": ("ANTHROPIC_FOUNDRY_RESOURCE", _FOUNDRY),
    "AZURE_FOUNDRY_RESOURCE": ("ANTHROPIC_FOUNDRY_RESOURCE", _FOUNDRY),
}
_OWN_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_")


def provider_near_miss(name: str, switches_on: frozenset[str]) -> tuple[str, str] | None:
    """The provider setting ``name`` stands in for, and its provider switch; ``None`` if none.

    From :data:`PROVIDER_LOOK_ALIKES`, else one or two edits from a name in
    :data:`PROVIDER_VARIABLES` (``ANTHROPIC_VERTEX_PROJECTID``). A look-alike
    outside the ``ANTHROPIC_`` / ``CLAUDE_CODE_`` prefixes counts only when
    ``switches_on`` holds its provider's switch (the file turns it on).
    """
    if name in PROVIDER_VARIABLES or name in AUTH_VARIABLES or name != name.upper():
        return None
    found = _provider_look_alike(name)
    if found is None:
        return None
    if not name.startswith(_OWN_PREFIXES) and found[1] not in switches_on:
        return None
    return found


@functools.lru_cache(maxsize=4096)  # every name of every file, at every keystroke
def _provider_look_alike(name: str) -> tuple[str, str] | None:
    """The provider setting ``name`` looks like, and its switch (see :func:`provider_near_miss`)."""
    found = PROVIDER_LOOK_ALIKES.get(name)
    if found is None and name.startswith(_OWN_PREFIXES):
        scored = sorted(
            (edit_distance(name, real, _MAX_DISTANCE), real) for real in PROVIDER_VARIABLES
        )
        distance, real = scored[0]
        if 0 < distance <= _MAX_DISTANCE:
            switch = (
                _VERTEX
                if "VERTEX" in real or real == "CLOUD_ML_REGION"
                else _BEDROCK
                if "BEDROCK" in real
                else _FOUNDRY
            )
            found = (real, switch)
    return found
