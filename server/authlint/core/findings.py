"""Findings and fixes: what rules report, as plain data.

All spans are code-point :class:`~authlint.core.text.Span` values in the file
the finding belongs to, unless an :class:`Edit` names another ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from authlint.core.text import Span


class Severity(Enum):
    """How bad a finding is. ``ERROR``: auth will fail or a secret is exposed."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(Enum):
    """Whether ``--fix`` may apply a fix unasked (``SAFE``) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` with ``new_text``.

    ``path`` is ``None`` for the finding's own file. For another file, ``span``
    is in that file, and ``create=True`` means the file may not exist yet (the
    edit then inserts at 0:0 of an empty file).
    """

    span: Span
    new_text: str
    path: Path | None = None
    create: bool = False


@dataclass(frozen=True)
class Fix:
    """A set of edits that fixes one finding.

    ``drop_bom`` asks the writer to remove the file's byte-order mark, which
    is not part of the text (see :class:`~authlint.core.source.SourceFile`).
    """

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    drop_bom: bool = False


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (``relatedInformation`` in LSP)."""

    path: Path | None
    span: Span
    message: str


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    ``message`` must never contain a secret unmasked: rules build it with
    :func:`authlint.core.secrets.mask`. ``contexts`` names the launch contexts
    whose predicted request this finding breaks (``claude-code``,
    ``python:app.py``…), set by the outcome layer; empty when none is known.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: Path | None
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())
    contexts: tuple[str, ...] = field(default=())
