"""Judging credential values: real-looking, placeholder, or not for the shape rules.

Shared by the credential-shape family (AL101–AL108) and the rules that need to
know where a file sends its requests. Sources: ``auth-facts.md`` §1 (formats),
§2.3 and §5 (base URLs and providers); the corpus README (placeholders seen in
real templates).
"""

from __future__ import annotations

import functools
import re
import string

from authlint.core.context import is_template
from authlint.core.facts import Assignment, ScannedFile
from authlint.core.secrets import KEY_PREFIXES, is_placeholder
from authlint.core.variables import (
    CREDENTIAL_VARIABLES,
)
from authlint.rules._helpers import is_overridden

WHITESPACE = " \t\r\n\v\f"

# --- judging values ---------------------------------------------------------------

_KEY_CHARS = re.compile(r"[A-Za-z0-9_-]+")
# A whole word between separators: how placeholders are written, and what a
# random body practically never contains (``xxx`` inside ``aXxxQ`` is chance).
_PLACEHOLDER_WORD = re.compile(
    r"(?i)(?:^|[-_])(?:your|my|here|replace|example|changeme|placeholder|dummy|fake|sample|"
    r"insert|paste|todo|fixme|redacted|test|key|token|secret|api|anthropic|claude|x{3,})(?=[-_]|$)"
)
OTHER_RULES_CHARS = "\"'"
"""ASCII quotes left in a value: AL206 (quote-in-value) reports them."""


_NOT_COMPACT = re.compile(r"[^\x00-\x7f]|[ \t\r\n\v\f\"']")


def compact(value: str) -> str:
    """``value`` without whitespace, ASCII quotes and non-ASCII characters.

    Stray quotes (AL206) and non-ASCII characters such as a zero-width space,
    NBSP or smart quotes (AL204, AL205) are other rules' business; the shape
    rules judge what is left.
    """
    return _NOT_COMPACT.sub("", value)


def key_body(value: str) -> str:
    """``value`` without its vendor prefix (``sk-ant-api03-``, ``sk-or-v1-``, ``AIza``…)."""
    prefix = next((p for p in KEY_PREFIXES if value.startswith(p)), "")
    return value[len(prefix) :]


# Six code points in a row, each one above the last, among key characters: only inside
# A-Z, a-z or 0-9 (the neighbours of `-` and `_` are not key characters).
_ASCENDING_SIX = re.compile(
    "|".join(
        run[i : i + 6]
        for run in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
        for i in range(len(run) - 5)
    )
)
_UPPER, _LOWER, _DIGIT = re.compile("[A-Z]"), re.compile("[a-z]"), re.compile("[0-9]")


def looks_random(body: str) -> bool:
    """Whether a key body looks machine-generated rather than typed as a sample.

    True for at least 20 key characters (``[A-Za-z0-9_-]``) mixing two of
    upper case, lower case and digits, with at least 12 distinct characters,
    no placeholder word between separators (``-your-``, ``_here``) and no
    ascending run such as ``012345`` or ``abcdef``.
    """
    if len(body) < 20 or not _KEY_CHARS.fullmatch(body):
        return False
    # Only key characters from here: the classes are ASCII ones.
    classes = sum(test.search(body) is not None for test in (_UPPER, _LOWER, _DIGIT))
    if classes < 2 or len(set(body)) < 12:
        return False
    return not _PLACEHOLDER_WORD.search(body) and not _ASCENDING_SIX.search(body)


@functools.lru_cache(maxsize=64)
def looks_real(value: str) -> bool:
    """Whether ``value`` (prefix included) looks like a real credential or a piece of one.

    Cached: several rules judge each value, and a value can be megabytes long.
    """
    return looks_random(key_body(compact(value)))


@functools.lru_cache(maxsize=64)
def is_placeholder_credential(value: str, name: str = "") -> bool:
    """Whether ``value`` of variable ``name`` is a placeholder rather than a credential.

    :func:`authlint.core.secrets.is_placeholder`, plus a value that is a variable
    name (``ANTHROPIC_API_KEY=anthropic_api_key``), minus random-looking values:
    a real key whose body happens to contain ``xxx`` or ``Here`` is not a
    placeholder. Empty values are not placeholders. Cached, as :func:`looks_real`.
    """
    stripped = value.strip(WHITESPACE)
    if not stripped:
        return False
    if looks_real(stripped):
        return False
    if is_placeholder(stripped):
        return True
    bare = stripped.strip("\"'<>{}$").upper()
    return bare in CREDENTIAL_VARIABLES or (bool(name) and bare == name.upper())


def judged_value(file: ScannedFile, assignment: Assignment) -> str | None:
    """The value the shape rules judge, with outer whitespace removed; else ``None``.

    ``None`` for values computed at run time, empty values, placeholders (those
    are AL108's), definitions a later one replaces (:func:`overridden`), and,
    in templates (``.env.example``…), values that do not look like a real
    credential: a template's ``sk-ant-api03-abc`` is a sample.
    """
    if assignment.value is None or is_overridden(file, assignment):
        return None
    value = assignment.value.strip(WHITESPACE)
    if not value or is_placeholder_credential(value, assignment.name):
        return None
    if is_template(file.source.path) and not looks_real(value):
        return None
    return value


# Sentinels a local credential proxy swaps for the real key: cc-switch writes
# ``PROXY_MANAGED`` into Claude Code's settings next to its proxy's base URL
# (farion1231/cc-switch#915). Not a placeholder, and not a gateway's key.
PROXY_SENTINELS = frozenset({"PROXY_MANAGED"})
CC_SWITCH_PORT = 15721

# Values people set on purpose when the endpoint does not check the credential
# (local routers, LiteLLM samples): ``test``, ``dummy``, ``sk-xxx``, ``none-key``.
DELIBERATE_DUMMY = re.compile(
    r"(?i)(?:sk-)?(?:test|dummy|fake|none|null|any|anything|unused|ignored?|not[-_]?needed|"
    r"noop|local|x+)(?:[-_](?:key|token))?"
)
