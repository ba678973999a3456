"""space-after-equals.

## What it does
Checks for assignments with a space after the ``=`` and none before it
(``ANTHROPIC_API_KEY= sk-ant-…``), in shell profiles and ``.env`` files.

Not reported: ``ANTHROPIC_API_KEY= claude`` without ``export`` and followed
by a command name or path, the deliberate way to run one command with the
variable emptied (for example to use a subscription login instead of the
key); and ``KEY=   # comment``, an empty value with nothing to run.

## Why is this bad?
The shell splits the line at the space. ``ANTHROPIC_API_KEY= sk-ant-…`` runs
the value as a command, with the variable set to an empty string for that
command only; ``export ANTHROPIC_API_KEY= sk-ant-…`` exports an *empty*
variable and tries to export the value as a second name. Either way the key
never reaches ``claude`` or the SDK, and an exported empty variable also stops
python-dotenv and Node ``dotenv`` from loading the real value later (they keep
variables that already exist, even empty ones).

python-dotenv and Node ``dotenv`` strip the space, so in a ``.env`` file this
is a warning, and only for ``ANTHROPIC_*`` / ``CLAUDE_*`` names: the file
only breaks when it is ``source``d or passed to ``docker run --env-file``
(which keeps the space in the value).

## Example
```
export ANTHROPIC_API_KEY= "sk-ant-api03-…AA"
```
Use instead:
```
export ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe: the fix only deletes the space after ``=``, giving the value the
author wrote (and the one dotenv libraries already read).

## Source
- https://www.shellcheck.net/wiki/SC1007
  ``KEY= value`` assigns an empty string and runs ``value``.
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/main.py
  python-dotenv's presence check: an existing empty variable blocks the ``.env`` value.
- https://github.com/wemake-services/dotenv-linter
  violation 200.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile, Slip, SlipKind
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.core.secrets import CredentialKind, credential_kind, is_placeholder
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish, repair_only_removes_blanks

_WORD_END = re.compile(r"[\s;&|)]+")
# A command name or path: `claude`, `python3`, `npx`, `/usr/local/bin/claude`, `./run.sh`.
# Tokens (mixed case, long, `sk-…`, JWTs) do not look like this.
_COMMAND_WORD = re.compile(r"(?:[./~][\w./~+-]*|[a-z][a-z0-9._+-]{0,31})")
_VALUE_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})


def _first_word_after_equals(file: ScannedFile, slip: Slip) -> str:
    """The first blank-delimited word after the ``=`` the slip starts at (``""`` if none)."""
    line = file.source.index.line_text(slip.span.start.line)
    rest = line[slip.span.start.character :]
    rest = rest[1:] if rest.startswith("=") else rest
    words = _WORD_END.split(rest.strip(), maxsplit=1)
    return words[0] if words else ""


def _empties_variable_for_a_command(file: ScannedFile, slip: Slip) -> bool:
    """Whether a shell line is ``NAME= command`` on purpose (no ``export``, a command word).

    ``ANTHROPIC_API_KEY= claude`` runs ``claude`` with the key emptied, which is
    how people force a subscription login. ``export NAME= value`` is never
    that (the scanner records an assignment of ``""`` for it), and a word that
    looks like a value (a key, a URL, a number, quotes, ``$(…)``) is a slip.
    """
    if any(a.name == slip.name and a.statement_span.contains(slip.span) for a in file.assignments):
        return False
    word = _first_word_after_equals(file, slip)
    if not _COMMAND_WORD.fullmatch(word) or word.lower() in _VALUE_WORDS:
        return False
    if word.startswith("sk-") or is_placeholder(word):
        return False
    return credential_kind(word) is CredentialKind.UNKNOWN


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``KEY= value`` slip the scanner reported.

    Shell kinds: an error for authentication variables (``ANTHROPIC_*``,
    ``CLAUDE_*``), a warning for other names. ``.env``: a warning, for
    authentication names only.
    """
    for slip in file.slips:
        if slip.kind is not SlipKind.SPACE_AFTER_EQUALS:
            continue
        if file.kind is not FileKind.DOTENV and _empties_variable_for_a_command(file, slip):
            continue
        name = slip.name or "the variable"
        if file.kind is FileKind.DOTENV:
            if not is_auth_ish(slip.name):
                continue  # dotenv loaders accept it; only `source .env` breaks, off our ground
            severity = Severity.WARNING
            message = (
                f"Space after `=` in the assignment of {name}: dotenv libraries strip it, but "
                f"`source .env` leaves {name} empty and runs the value as a command"
            )
        else:
            severity = Severity.ERROR if is_auth_ish(slip.name) else Severity.WARNING
            message = (
                f"Space after `=`: {name} does not get the value; the shell reads the value as "
                f"a separate word (a command, or another name after `export`) and {name} is "
                "left empty or unchanged"
            )
        fix = None
        if slip.repair and repair_only_removes_blanks(file, slip):
            fix = Fix(RULE.fix_title or "", slip.repair, Applicability.SAFE)
        yield RULE.finding(file, slip.span, message, fix=fix, severity=severity)


RULE = Rule(
    code="AL302",
    name="space-after-equals",
    summary="A space after `=` leaves the variable empty and runs the value as a command",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the space after `=`",
)
