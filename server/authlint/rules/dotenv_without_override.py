"""dotenv-without-override.

## What it does
Checks for ``load_dotenv()`` (python-dotenv), ``dotenv.config()`` /
``require("dotenv").config()`` and ``import "dotenv/config"`` (Node) without
``override=True`` / ``{ override: true }``, when the ``.env`` they load
defines an ``ANTHROPIC_*`` variable or ``CLAUDE_CODE_OAUTH_TOKEN`` with a
value. The file is the one the loader reads: for Python the first ``.env``
found walking up from the script's folder (``find_dotenv``), for Node the
``.env`` in ``process.cwd()``, taken to be the project root; a literal path
argument (``load_dotenv(".env.local")``, ``{ path: ".env.local" }``) names it
instead. Loads whose file cannot be known (a computed path, a stream) and an
explicit ``override=False`` are not reported.

## Why is this bad?
Without ``override`` the loaders keep every variable that already exists,
even an empty one. A stale ``ANTHROPIC_API_KEY`` exported by a shell profile,
an IDE, a CI job or Claude Code's own shell (which exports
``ANTHROPIC_API_KEY=`` empty) silently wins over the key in ``.env``: the
program gets ``Could not resolve authentication method`` or a 401 for a key
nobody can see in the project.

## Example
```python
load_dotenv()
```
Use instead:
```python
load_dotenv(override=True)
```

## Fix safety
Safe: the fix adds ``override=True`` (``{ override: true }`` in Node) to the
call, so the values written in the project's ``.env`` are the ones used. A
deployment that sets the same variables in its environment *and* ships the
``.env`` would now use the file's values. ``import "dotenv/config"`` has no
options and gets no fix: replace it with ``import dotenv from "dotenv";
dotenv.config({ override: true })``.

## Source
- https://pypi.org/project/python-dotenv/
  ``load_dotenv()`` does not override existing variables (``override=False``).
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/main.py
  the check is presence: an existing empty variable also wins.
- https://github.com/motdotla/dotenv/blob/master/lib/main.js
  Node's dotenv skips keys already in ``process.env`` unless ``override: true``.
- https://github.com/baekenough/second-brain/issues/52
  an empty ``ANTHROPIC_API_KEY`` inherited from Claude Code hid the ``.env`` value.
- https://github.com/anthropics/anthropic-sdk-python/issues/1640
  Claude Code's shell exports ``ANTHROPIC_API_KEY`` empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.dotenv_loads import call_arguments, load_target
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.variables import OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._sdk import DotenvFile, read_dotenv


def _names(dotenv: DotenvFile) -> list[str]:
    """The variables the file sets, with a value, that decide authentication."""
    if dotenv.scanned is None:
        return []
    names = []
    for assignment in dotenv.scanned.assignments:
        name = assignment.name
        wanted = name.startswith("ANTHROPIC_") or name == OAUTH_TOKEN
        if wanted and name not in names and (assignment.value is None or assignment.value.strip()):
            names.append(name)
    return names


def _fix(file: ScannedFile, open_at: int, arguments: str) -> Fix | None:
    """Add ``override=True`` / ``override: true`` to the call's arguments (minimal insertion)."""
    index = file.source.index
    stripped = arguments.strip()
    whole = index.span(open_at, open_at + len(arguments))
    if file.kind is FileKind.PYTHON:
        if not stripped:
            edit = Edit(whole, "override=True")
        else:
            end = open_at + len(arguments.rstrip())
            text = " override=True" if stripped.endswith(",") else ", override=True"
            edit = Edit(index.span(end, end), text)
        return Fix("Add `override=True`", (edit,), Applicability.SAFE)
    if not stripped:
        return Fix("Add `{ override: true }`", (Edit(whole, "{ override: true }"),))
    brace = open_at + arguments.index("{") + 1
    inner = stripped[1:-1]
    if not inner.strip():
        edit = Edit(index.span(brace, brace + len(inner)), " override: true ")
    else:
        lead = len(inner) - len(inner.lstrip())
        at = brace + lead
        edit = Edit(index.span(at, at), f"override: true,{inner[:lead] or ' '}")
    return Fix("Add `override: true`", (edit,), Applicability.SAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield an info finding per dotenv load that lets existing variables win over ``.env``."""
    if file.code is None:
        return
    for load in file.code.dotenv_loads:
        if load.override is not False:
            continue
        side_effect = "dotenv/config" in load.call
        found = None if side_effect else call_arguments(file, load)
        if not side_effect and (found is None or "override" in found[1]):
            continue  # explicit override=False, or a call authlint cannot read
        path = load_target(file, load)
        if not isinstance(path, Path):
            continue
        target = read_dotenv(path)
        names = _names(target)
        if not names:
            continue
        listed = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        already = [n for n in names if n in context.environ]
        now = (
            f" Your environment sets {', '.join(already)} right now, so .env's value is ignored."
            if already
            else ""
        )
        message = (
            f"`{load.call}` keeps variables that already exist, even empty ones, so {listed} from "
            f"{target.path.name} {'lose' if len(names) > 1 else 'loses'} to any stale export (a "
            f"shell profile, the IDE, CI, Claude Code's shell).{now} Pass override=True to make "
            ".env win"
        )
        if file.kind is FileKind.JAVASCRIPT:
            message = message.replace("override=True", "{ override: true }")
        fix = _fix(file, *found) if found is not None else None
        related: tuple[Related, ...] = ()
        if target.scanned is not None:
            first = target.scanned.definitions(names[0])[0]
            related = (Related(target.path, first.name_span, f"{names[0]} is defined here"),)
        yield RULE.finding(file, load.span, message, fix=fix, related=related)


RULE = Rule(
    code="AL609",
    name="dotenv-without-override",
    summary=".env loaded without override, so stale exports win over its keys",
    severity=Severity.INFO,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Let .env override existing variables",
)
