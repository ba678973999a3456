"""A memo that lives for one check of one file (:func:`authlint.engine.check_scanned`).

The rules of one check ask the same questions many times: the model's
definitions in the file, the project folder, the ``.env`` a loader reads. The
answers may depend on the environment model and on the disk, which the
language server sees change between checks, so they are kept only while the
check runs: :func:`check_scope` opens a fresh memo (per thread and task, as a
:class:`contextvars.ContextVar`), and everything in it goes when the check
ends. Outside a scope (a rule called on its own) nothing is remembered.

Keys are plain values (paths, names) or :class:`Same` wrappers, which compare
by identity and keep their object alive while the scope does, so an ``id`` is
never reused for another object during the check.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

T = TypeVar("T")

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
    everything the answer depends on besides the disk (e.g. ``Same(model)``).
    Exceptions are not remembered.
    """
    memo = _MEMO.get()
    if memo is None:
        return compute()
    try:
        return cast(T, memo[key])
    except KeyError:
        value = memo[key] = compute()
        return value


class Same:
    """A key part that equals only the very same object (hash by ``id``), kept alive."""

    __slots__ = ("thing",)

    def __init__(self, thing: object) -> None:
        self.thing = thing

    def __hash__(self) -> int:
        return id(self.thing)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.thing is self.thing

    def __repr__(self) -> str:
        return f"Same({type(self.thing).__name__} at {id(self.thing):#x})"
