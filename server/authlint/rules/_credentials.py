"""Judging credential values: real-looking, placeholder, or not for the shape rules.

Shared by the credential-shape family (AL101–AL108) and the rules that need to
know where a file sends its requests. Sources: ``auth-facts.md`` §1 (formats),
§2.3 and §5 (base URLs and providers); the corpus README (placeholders seen in
real templates).
"""

from __future__ import annotations

import re

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


def compact(value: str) -> str:
    """``value`` without whitespace, ASCII quotes and non-ASCII characters.

    Stray quotes (AL206) and non-ASCII characters such as a zero-width space,
    NBSP or smart quotes (AL204, AL205) are other rules' business; the shape
    rules judge what is left.
    """
    return "".join(
        c for c in value if c.isascii() and c not in WHITESPACE and c not in OTHER_RULES_CHARS
    )


def key_body(value: str) -> str:
    """``value`` without its vendor prefix (``sk-ant-api03-``, ``sk-or-v1-``, ``AIza``…)."""
    prefix = next((p for p in KEY_PREFIXES if value.startswith(p)), "")
    return value[len(prefix) :]


def _has_sequence(text: str, length: int) -> bool:
    run = 1
    for before, after in zip(text, text[1:], strict=False):
        run = run + 1 if ord(after) == ord(before) + 1 else 1
        if run >= length:
            return True
    return False


def looks_random(body: str) -> bool:
    """Whether a key body looks machine-generated rather than typed as a sample.

    True for at least 20 key characters (``[A-Za-z0-9_-]``) mixing two of
    upper case, lower case and digits, with at least 12 distinct characters,
    no placeholder word between separators (``-your-``, ``_here``) and no
    ascending run such as ``012345`` or ``abcdef``.
    """
    if len(body) < 20 or not _KEY_CHARS.fullmatch(body):
        return False
    classes = sum(any(test(c) for c in body) for test in (str.isupper, str.islower, str.isdigit))
    if classes < 2 or len(set(body)) < 12:
        return False
    return not _PLACEHOLDER_WORD.search(body) and not _has_sequence(body, 6)


def looks_real(value: str) -> bool:
    """Whether ``value`` (prefix included) looks like a real credential or a piece of one."""
    return looks_random(key_body(compact(value)))


def is_placeholder_credential(value: str, name: str = "") -> bool:
    """Whether ``value`` of variable ``name`` is a placeholder rather than a credential.

    :func:`authlint.core.secrets.is_placeholder`, plus a value that is a variable
    name (``ANTHROPIC_API_KEY=anthropic_api_key``), minus random-looking values:
    a real key whose body happens to contain ``xxx`` or ``Here`` is not a
    placeholder. Empty values are not placeholders.
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


# Values people set on purpose when the endpoint does not check the credential
# (local routers, LiteLLM samples): ``test``, ``dummy``, ``sk-xxx``, ``none-key``.
DELIBERATE_DUMMY = re.compile(
    r"(?i)(?:sk-)?(?:test|dummy|fake|none|null|any|anything|unused|ignored?|not[-_]?needed|"
    r"noop|local|x+)(?:[-_](?:key|token))?"
)
