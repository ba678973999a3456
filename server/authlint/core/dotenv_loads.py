"""Which ``.env`` file a dotenv load in code reads.

``load_dotenv()`` (python-dotenv) takes the first ``.env`` walking up from the
calling script's folder (``find_dotenv``); Node's ``dotenv.config()`` and
``import "dotenv/config"`` read ``.env`` in ``process.cwd()``, taken to be the
project root. A literal path argument (``load_dotenv(".env.local")``,
``{ path: ".env.local" }``) names the file instead, relative to the project
root (the usual working folder). Arguments authlint cannot read (a computed
path, a stream, an unknown option) make the target unknowable.

Sources: ``auth-facts.md`` §7 (python-dotenv ``load_dotenv``, Node ``dotenv``
``populate()``), ``client-behaviour.md`` headline 7 and the "Dotenv loaders"
table ("walks up from the calling script's directory"; Node "``process.cwd()/.env``
only").
"""

from __future__ import annotations

import re
from pathlib import Path

from authlint.core import git, project
from authlint.core.facts import DotenvLoad, FileKind, ScannedFile
from authlint.core.scope import once_per_check

# Arguments that do not change which file is read.
_PY_HARMLESS = re.compile(
    r"\s*(?:(?:verbose|encoding|interpolate)\s*=\s*[^,()]+|find_dotenv\(\s*\)|"
    r"(?:dotenv_path\s*=\s*)?find_dotenv\(\s*(?:usecwd\s*=\s*False)?\s*\))\s*"
)
_PY_PATH = re.compile(r"\s*(?:dotenv_path\s*=\s*)?(?P<q>['\"])(?P<path>[^'\"\\]+)(?P=q)\s*")
_PY_OVERRIDE = re.compile(r"\s*override\s*=\s*(?:True|False)\s*")
_JS_HARMLESS_KEY = re.compile(r"\s*(?:debug|quiet|encoding)\s*:\s*[^,{}]+\s*")
_JS_PATH_KEY = re.compile(r"\s*path\s*:\s*(?P<q>['\"`])(?P<path>[^'\"`\\$]+)(?P=q)\s*")
_JS_OVERRIDE = re.compile(r"\s*override\s*:\s*(?:true|false)\s*")


def project_folder(file: ScannedFile) -> Path | None:
    """The project folder of a code file (:func:`authlint.core.project.project_root`).

    A script outside any project is its own project: its folder. ``None`` for
    an unsaved buffer.
    """
    path = file.source.path
    if path is None:
        return None
    return once_per_check(("project_folder", path), lambda: _project_folder(path))


def _project_folder(path: Path) -> Path:
    path = _absolute(path)
    return project.project_root(path) or path.parent


def _absolute(path: Path) -> Path:
    """``path.absolute()``, made once per check (the folder and the .env walk both ask)."""
    return once_per_check(("absolute", path), path.absolute)


def nearest_dotenv_path(file: ScannedFile) -> Path | None:
    """The ``.env`` python-dotenv's ``load_dotenv()`` finds for this script, if any.

    ``find_dotenv`` walks up from the calling script's folder and takes the
    first ``.env``; the walk stops at the repository (or project) root here,
    so files outside the project never count. Asked once per check of a file
    (:func:`authlint.core.scope.once_per_check`): several rules ask.
    """
    path = file.source.path
    if path is None:
        return None
    return once_per_check(("nearest_dotenv_path", path), lambda: _nearest_dotenv_path(file, path))


def _nearest_dotenv_path(file: ScannedFile, path: Path) -> Path | None:
    folder = _absolute(path).parent
    stop = git.repository_root(folder) or project_folder(file) or folder
    for candidate in (folder, *folder.parents):
        dotenv = candidate / ".env"
        if dotenv.is_file():
            return dotenv
        if candidate == stop:
            break
    return None


def default_dotenv_path(file: ScannedFile) -> Path | None:
    """The ``.env`` a default ``load_dotenv()`` (Python) or ``dotenv.config()`` (Node) reads.

    For Python the file must exist (the walk takes the first one found); for
    Node it is ``<project root>/.env`` whether or not it exists.
    """
    if file.kind is FileKind.PYTHON:
        return nearest_dotenv_path(file)
    root = project_folder(file)
    return None if root is None else root / ".env"


def call_arguments(file: ScannedFile, load: DotenvLoad) -> tuple[int, str] | None:
    """Offset (code points) just after the call's ``(`` and the argument text.

    ``None`` for loads that are not ``name(...)`` calls (``import "dotenv/config"``).
    """
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


def split_arguments(arguments: str) -> list[str]:
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


def load_target(file: ScannedFile, load: DotenvLoad) -> Path | None | bool:
    """The ``.env`` path a load reads.

    Returns the path (it may not exist for Node and literal paths), ``None``
    when a default Python load finds no ``.env``, and ``False`` when the file
    cannot be known (computed arguments, a stream, unknown options).
    ``override=`` arguments are allowed and ignored here (see
    :attr:`DotenvLoad.override`).
    """
    if "dotenv/config" in load.call:
        return default_dotenv_path(file)
    found = call_arguments(file, load)
    if found is None:
        return False
    if file.kind is FileKind.PYTHON:
        return _python_target(file, found[1])
    return _javascript_target(file, found[1])


def _python_target(file: ScannedFile, arguments: str) -> Path | None | bool:
    path: str | None = None
    for i, piece in enumerate(split_arguments(arguments)):
        if _PY_HARMLESS.fullmatch(piece) or _PY_OVERRIDE.fullmatch(piece):
            continue
        match = _PY_PATH.fullmatch(piece)
        if match is not None and (i == 0 or piece.strip().startswith("dotenv_path")):
            path = match.group("path")
            continue
        return False
    if path is None:
        return nearest_dotenv_path(file)
    return _relative_to_root(file, path)


def _javascript_target(file: ScannedFile, arguments: str) -> Path | None | bool:
    text = arguments.strip()
    path: str | None = None
    if text:
        if not (text.startswith("{") and text.endswith("}")):
            return False
        for piece in split_arguments(text[1:-1]):
            if _JS_HARMLESS_KEY.fullmatch(piece) or _JS_OVERRIDE.fullmatch(piece):
                continue
            match = _JS_PATH_KEY.fullmatch(piece)
            if match is None:
                return False
            path = match.group("path")
    if path is None:
        return default_dotenv_path(file)
    return _relative_to_root(file, path)


def _relative_to_root(file: ScannedFile, path: str) -> Path | bool:
    target = Path(path)
    if not target.is_absolute():
        root = project_folder(file)
        if root is None:
            return False
        target = root / target
    return target
