"""Output formats for ``authlint check``: text (ruff-like), JSON (ruff's fields), SARIF 2.1.0.

Every string a formatter emits goes through :func:`authlint.core.secrets.redact`
(messages are built masked by the rules; this is the second line of defence).
Source text (the text format's line, JSON fix contents) is also masked by
variable: every value of a credential variable is masked whole, whatever its
characters (:attr:`FileResult.secrets`, :mod:`authlint.core.masking`). Each
formatter's whole output finally goes through
:func:`~authlint.core.secrets.printable`, so no text can make writing it fail.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding
from authlint.core.masking import Secrets, file_secrets
from authlint.core.source import SourceFile

log = logging.getLogger("authlint")


@dataclass
class FileResult:
    """One checked file: its (possibly fixed) source and its remaining findings.

    ``fixed`` counts the fixes applied to it by ``--fix``; ``kind`` is the kind
    it was checked as (``None``: detected again from the name and text when
    :attr:`secrets` is needed).
    """

    source: SourceFile
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    kind: FileKind | None = None

    @classmethod
    def of_scan(cls, file: ScannedFile, findings: list[Finding]) -> FileResult:
        """The result of checking ``file``, its :attr:`secrets` taken from that scan."""
        result = cls(file.source, findings, kind=file.kind)
        result.__dict__["secrets"] = file_secrets(file)  # the cached_property's value
        return result

    @cached_property
    def secrets(self) -> Secrets:
        """The file's credential values (:func:`authlint.core.masking.file_secrets`).

        The file is scanned again as :attr:`kind` (or the kind its name and
        text give, else as a ``.env`` file). Never raises: a scanner failure
        leaves only the shape pass.
        """
        from authlint.scanners import detect_kind, scan

        path = self.source.path
        kind = self.kind or (detect_kind(path, self.source.text) if path else None)
        try:
            return file_secrets(scan(self.source, kind or FileKind.DOTENV))
        except Exception:  # noqa: BLE001 - output must not fail; redact still runs
            log.debug("could not scan %s for secrets", path, exc_info=True)
            return Secrets()


def display_path(path: Path | None, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when below it, else as given; ``-`` for buffers.

    Symbolic links are not resolved, so a linked profile keeps the name it was
    found under.
    """
    if path is None:
        return "-"
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(cwd)).as_posix()
    except ValueError:
        return str(path)
