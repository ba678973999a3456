"""A bytecode cache for the methods attrs generates, so the server starts sooner.

``lsprotocol.types`` defines about 570 protocol classes with attrs, which writes
each class's ``__init__``, ``__repr__``, ``__eq__``… as source text and compiles
it when the module is imported: about half of the server's start, on every
start, the same for every pygls server. Python caches the bytecode of modules
(``__pycache__``) but not of such generated text. :func:`install` does that for
attrs: each compiled text is kept in one file, keyed by a hash of the text and
its file name, and compiled again only when not found there.

The cache follows Python's own for bytecode: nothing is written when
``PYTHONDONTWRITEBYTECODE`` is set; the file is beside Python's cache under
``PYTHONPYCACHEPREFIX`` when that is set, else in the user's cache folder
(``$XDG_CACHE_HOME/authlint`` or ``~/.cache/authlint``; ``~/Library/Caches/authlint``
on macOS; ``%LOCALAPPDATA%\\authlint\\Cache`` on Windows). Its name holds the
Python implementation, its bytecode version (``cache_tag``) and optimisation
level. When a start compiles many texts the file lacks (attrs or lsprotocol
was upgraded), the file is written again with what that start used, so it
never grows. A few texts are new on every start and never found: attrs puts a
per-process hash of its file name into a hashable class's ``__hash__``. A file
that cannot be read or is not a cache is ignored (and replaced); one that
cannot be written is left alone. Nothing here raises.

The hook is attrs' private ``attr._make._compile_and_eval(script, globs,
locs, filename)``; when attrs has no such function, nothing is installed and
attrs compiles as it always does.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

log = logging.getLogger("authlint")

_MAGIC = b"authlint-attrs-bytecode-1\n"
# A start that compiled fewer texts than this leaves the file as it is: those are the texts
# that are new on every start (a hash seed in `__hash__`), not a changed library.
_REWRITE_FROM = 16


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the cache file goes (see the module docstring), or ``None`` for nowhere."""
    environ = os.environ if environ is None else environ
    if environ.get("PYTHONDONTWRITEBYTECODE"):
        return None
    prefix = environ.get("PYTHONPYCACHEPREFIX")
    if prefix:
        return Path(prefix) / "authlint"
    if sys.platform == "win32":
        local = environ.get("LOCALAPPDATA")
        return Path(local) / "authlint" / "Cache" if local else None
    home = environ.get("HOME")
    if sys.platform == "darwin":
        return Path(home) / "Library" / "Caches" / "authlint" if home else None
    xdg = environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "authlint"
    return Path(home) / ".cache" / "authlint" if home else None


def cache_file(folder: Path) -> Path:
    """The cache file in ``folder`` for this interpreter (its bytecode version)."""
    tag = sys.implementation.cache_tag or sys.implementation.name
    return folder / f"attrs-generated.{tag}.opt{sys.flags.optimize}.bin"


def _key(script: str, filename: str) -> bytes:
    return hashlib.blake2b(f"{filename}\0{script}".encode(), digest_size=16).digest()


def _load(path: Path) -> dict[bytes, CodeType]:
    """The cache at ``path``: empty when absent, unreadable or not a cache."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(_MAGIC):
        return {}
    try:
        table = marshal.loads(data[len(_MAGIC) :])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, bytes) and isinstance(v, CodeType)}


def _store(path: Path, table: dict[bytes, CodeType]) -> None:
    """Write ``table`` to ``path`` at once (a temporary file renamed); errors are logged."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".attrs-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + marshal.dumps(table))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError) as error:
        log.debug("could not write the bytecode cache %s: %s", path, error)


def install(environ: Mapping[str, str] | None = None) -> Callable[[], int]:
    """Serve attrs' compiles from the cache; returns ``save``, to call after the imports.

    ``save()`` writes the cache when this run compiled many texts it did
    not find there and returns how many it compiled (a few on a start from
    the cache); it also puts attrs' own function back. Call :func:`install`
    before ``lsprotocol`` is imported.
    """
    try:
        from attr import _make
    except ImportError:  # pragma: no cover - attrs comes with lsprotocol
        return lambda: 0
    original: Any = getattr(_make, "_compile_and_eval", None)
    if original is None:
        return lambda: 0
    folder = cache_folder(environ)
    path = cache_file(folder) if folder is not None else None
    table = _load(path) if path is not None else {}
    used: dict[bytes, CodeType] = {}
    compiled = 0

    def compile_and_eval(
        script: str,
        globs: dict[str, Any] | None,
        locs: Mapping[str, object] | None = None,
        filename: str = "",
    ) -> None:
        nonlocal compiled
        key = _key(script, filename)
        code = used.get(key) or table.get(key)
        if code is None:
            code = compile(script, filename, "exec")
            compiled += 1
        used[key] = code
        eval(code, globs, locs)  # noqa: S307 - attrs' own generated text, as attrs does

    _make._compile_and_eval = compile_and_eval

    def save() -> int:
        if _make._compile_and_eval is compile_and_eval:
            _make._compile_and_eval = original
        if compiled >= _REWRITE_FROM and path is not None:
            _store(path, used)
        return compiled

    return save
