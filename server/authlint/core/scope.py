"""A memo that lives for one check of one file (:func:`authlint.engine.check_scanned`).

The rules of one check ask the same questions many times: the model's
definitions in the file, the project folder, the ``.env`` a loader reads. The
answers may depend on the environment model and on the disk, which the
language server sees change between checks, so they are kept only while the
check runs: :func:`check_scope` opens a fresh memo (per thread and task, as a
:class:`contextvars.ContextVar`), and everything in it goes when the check
ends. Outside a scope (a rule called on its own) nothing is remembered.

Keys are plain values (paths, names), or objects compared by identity
(:func:`once_per_check_of`), which the memo keeps alive while the scope
lasts, so an ``id`` is never reused for another object during the check.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

T = TypeVar("T")

_BY_IDENTITY = object()  # starts the keys of once_per_check_of: no value key equals them
_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("authlint_check_memo", default=None)


@contextmanager
def check_scope() -> Iterator[None]:
    """Open a memo for the code in the ``with`` block (nested scopes get their own)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def once_per_check(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` until the current check ends.

    Without an open scope, ``compute()`` each call. ``key`` must name
    everything the answer depends on besides the disk. Exceptions are not
    remembered (nor by :func:`once_per_check_of`).
    """
    memo = _MEMO.get()
    if memo is None:
        return compute()
    try:
        return cast(T, memo[key])
    except KeyError:
        value = memo[key] = compute()
        return value


def once_per_check_of(name: str, objects: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` for ``objects`` (compared by identity), remembered until the check ends.

    For answers about objects that are not hashable or compare by value (a
    scanned file, an environment model): the memo keeps ``objects`` alive
    while it holds the answer, so their ``id`` cannot be reused meanwhile.
    Without an open scope, ``compute()`` each call.
    """
    memo = _MEMO.get()
    if memo is None:
        return compute()
    key = (_BY_IDENTITY, name, *[id(thing) for thing in objects])
    found = memo.get(key)
    if found is None:
        found = memo[key] = (objects, compute())
    return cast(T, found[1])
