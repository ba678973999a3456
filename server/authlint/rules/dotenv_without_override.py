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
``auth-facts.md`` §7 (python-dotenv: "Not override existing environment
variables (``override=False``)", ``if k in os.environ and not self.override:
continue``; Node dotenv ``populate()``), §3 row 23 (baekenough/second-brain#52)
and row 20 (Claude Code's shell exports empty ``ANTHROPIC_API_KEY``), §9 rows
ANT052 and ANT053; ``client-behaviour.md`` headline 7 and the "Dotenv
loaders" table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, DotenvLoad, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.variables import OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._sdk import DotenvFile, dotenv_for, project_root, read_dotenv

# Arguments that do not change which file is read.
_PY_HARMLESS = re.compile(
    r"\s*(?:(?:verbose|encoding|interpolate)\s*=\s*[^,()]+|find_dotenv\(\s*\)|"
    r"(?:dotenv_path\s*=\s*)?find_dotenv\(\s*(?:usecwd\s*=\s*False)?\s*\))\s*"
)
_PY_PATH = re.compile(r"\s*(?:dotenv_path\s*=\s*)?(?P<q>['\"])(?P<path>[^'\"\\]+)(?P=q)\s*")
_JS_HARMLESS_KEY = re.compile(r"\s*(?:debug|quiet|encoding)\s*:\s*[^,{}]+\s*")
_JS_PATH_KEY = re.compile(r"\s*path\s*:\s*(?P<q>['\"`])(?P<path>[^'\"`\\$]+)(?P=q)\s*")


def _arguments(file: ScannedFile, load: DotenvLoad) -> tuple[int, str] | None:
    """Offset just after the call's ``(`` and the argument text, for ``name(...)`` calls."""
    index = file.source.index
    start, end = index.offset(load.span.start), index.offset(load.span.end)
    text = file.source.text[start:end]
    if not text.endswith(")"):
        return None
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        char = text[at]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return start + at + 1, text[at + 1 : -1]
    return None


def _split(arguments: str) -> list[str]:
    """Top-level comma-separated pieces (empty pieces from a trailing comma dropped)."""
    pieces, depth, current = [], 0, ""
    for char in arguments:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return [p for p in pieces if p.strip()]


def _python_target(file: ScannedFile, arguments: str) -> DotenvFile | None | bool:
    """The ``.env`` a ``load_dotenv(...)`` reads; ``False`` when it cannot be known."""
    pieces = _split(arguments)
    path: str | None = None
    for i, piece in enumerate(pieces):
        if _PY_HARMLESS.fullmatch(piece):
            continue
        match = _PY_PATH.fullmatch(piece)
        if match is not None and (i == 0 or piece.strip().startswith("dotenv_path")):
            path = match.group("path")
            continue
        return False
    if path is None:
        return dotenv_for(file)
    return _relative_to_root(file, path)


def _javascript_target(file: ScannedFile, arguments: str) -> DotenvFile | None | bool:
    """The ``.env`` a ``dotenv.config(...)`` reads; ``False`` when it cannot be known."""
    text = arguments.strip()
    path: str | None = None
    if text:
        if not (text.startswith("{") and text.endswith("}")):
            return False
        for piece in _split(text[1:-1]):
            if _JS_HARMLESS_KEY.fullmatch(piece):
                continue
            match = _JS_PATH_KEY.fullmatch(piece)
            if match is None:
                return False
            path = match.group("path")
    if path is None:
        return dotenv_for(file)
    return _relative_to_root(file, path)


def _relative_to_root(file: ScannedFile, path: str) -> DotenvFile | None | bool:
    """A literal path: relative ones are taken from the project root (the usual working folder)."""
    target = Path(path)
    if not target.is_absolute():
        root = project_root(file)
        if root is None:
            return False
        target = root / target
    return read_dotenv(target)


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
        found = None if side_effect else _arguments(file, load)
        target: DotenvFile | None | bool
        if side_effect:
            target = dotenv_for(file)
        elif found is None or "override" in found[1]:
            continue  # explicit override=False, or a call authlint cannot read
        elif file.kind is FileKind.PYTHON:
            target = _python_target(file, found[1])
        else:
            target = _javascript_target(file, found[1])
        if not isinstance(target, DotenvFile):
            continue
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
