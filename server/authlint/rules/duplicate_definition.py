"""duplicate-definition.

## What it does
Checks for a variable defined more than once at the top level of one file:
any variable in a ``.env`` file, and ``ANTHROPIC_*`` / ``CLAUDE_*`` variables
in shell, fish and PowerShell profiles. The finding sits on the definition
that is overwritten, with a link to the one that replaces it.

## Why is this bad?
Only one of the values is used, and which one is not visible at the place
you edit. python-dotenv, Node ``dotenv`` (``parse()`` assigns key by key),
``node --env-file`` and a shell that ``source``s the file all keep the *later*
value, so editing the first ``ANTHROPIC_API_KEY=`` line (the one near the
top, where templates put it) has no effect and the old key keeps failing.

A later definition that builds on the earlier one
(``export ANTHROPIC_BASE_URL="${ANTHROPIC_BASE_URL:-…}"``) is not reported,
nor are definitions inside ``if``/``case``/functions, which may not run. In
PowerShell, ``[Environment]::SetEnvironmentVariable(…, "User")`` next to
``$env:…`` is the documented pair (one persists the value, the other sets the
current session) and only definitions of the same store are compared.

## Example
```
ANTHROPIC_API_KEY=sk-ant-api03-…new
…
ANTHROPIC_API_KEY=sk-ant-api03-…old
```
Use instead: keep one definition.

## Fix safety
None: which definition to keep is the author's choice.

## Source
- https://pypi.org/project/python-dotenv/
  python-dotenv: the last definition wins (as in Node's dotenv,
  https://github.com/motdotla/dotenv/blob/master/lib/main.js).
- https://github.com/dotenv-linter/dotenv-linter
  ``DuplicatedKey``.
- https://github.com/wemake-services/dotenv-linter
  violation 102 ``DuplicateNameViolation``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, FOREIGN_NAME_KINDS, Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish, is_script

_PERSISTED_TARGET = re.compile(
    r"(?i)SetEnvironmentVariable\s*\(.*(?:['\"](?:User|Machine)['\"]"
    r"|EnvironmentVariableTarget\]::(?:User|Machine))"
)
_LOADERS = {
    FileKind.DOTENV: "python-dotenv, Node dotenv and `source` all keep the later value",
    FileKind.SHELL: "the shell keeps the later value",
    FileKind.FISH: "fish keeps the later value",
    FileKind.POWERSHELL: "PowerShell keeps the later value",
}
# JSON/YAML env blocks: a JSON parser keeps the last duplicate key.
_DEFAULT_LOADER = "the later value wins"


def _references(assignment: Assignment, name: str) -> bool:
    """Whether the value as written expands ``name`` (``$NAME``, ``${NAME…}``, ``$env:NAME``)."""
    pattern = r"\$\{?(?i:env:)?" + re.escape(name) + r"(?![A-Za-z0-9_])"
    return re.search(pattern, assignment.raw_value) is not None


def _persists_only(file: ScannedFile, assignment: Assignment) -> bool:
    """Whether a PowerShell definition writes the User/Machine environment, not the session.

    ``[Environment]::SetEnvironmentVariable("K", "v", "User")`` next to
    ``$env:K = "v"`` is the documented pair (persist, and set it now); neither
    overwrites the other.
    """
    index = file.source.index
    span = assignment.statement_span
    # The rest of the statement's last line too: the target is the call's third argument.
    statement = index.text[index.offset(span.start) : index.line_end(span.end.line)]
    return _PERSISTED_TARGET.search(statement) is not None


def _considered(file: ScannedFile, assignment: Assignment) -> bool:
    if not assignment.top_level:
        return False
    if file.kind is FileKind.DOTENV:
        return True
    return is_auth_ish(assignment.name)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at each top-level definition that a later one overwrites.

    The finding's ``related`` entry points at the overwriting definition.
    """
    if is_script(file):
        return  # a script sets a variable again for its next command: both values are used
    names = [assignment.name for assignment in file.assignments]
    if len(set(names)) == len(names):
        return  # no name is defined twice (most files, at every keystroke)
    # PowerShell: the session (`$env:`) and the persisted User/Machine environment
    # are separate stores; a definition only overwrites one in the same store.
    # (Separate JSON/YAML env blocks never meet: the engine checks one block at a time.)
    by_name: dict[tuple[str, bool], list[Assignment]] = {}
    for assignment in file.assignments:
        if _considered(file, assignment):
            persisted = file.kind is FileKind.POWERSHELL and _persists_only(file, assignment)
            key = (assignment.name, persisted)
            by_name.setdefault(key, []).append(assignment)
    for (name, _persisted), definitions in by_name.items():
        for earlier, later in zip(definitions, definitions[1:], strict=False):
            if _references(later, name):
                continue
            line = later.name_span.start.line + 1
            message = (
                f"{name} is defined again on line {line}: "
                f"{_LOADERS.get(file.kind, _DEFAULT_LOADER)}, "
                "so this definition has no effect"
            )
            if file.kind is FileKind.COMPOSE:
                # Compose (go-yaml v3) refuses a repeated mapping key outright; what it
                # does with a repeated `- NAME=…` list item is not established.
                between = Span(later.name_span.end, later.value_span.start)
                if ":" not in file.source.index.slice(between):
                    continue
                message = (
                    f"{name} is defined again on line {line}: `docker compose` refuses the "
                    f'whole file (`mapping key "{name}" already defined`)'
                )
            related = Related(
                file.source.path,
                later.name_span,
                f"{name} is defined again here; this value replaces the earlier one",
            )
            yield RULE.finding(file, earlier.name_span, message, related=(related,))


RULE = Rule(
    code="AL306",
    name="duplicate-definition",
    summary="Variable defined twice in one file; the earlier value has no effect",
    severity=Severity.WARNING,
    kinds=ALL_KINDS - FOREIGN_NAME_KINDS,
    check=check,
    doc=__doc__ or "",
)
