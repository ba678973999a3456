"""Output formats for ``authlint check``: text (ruff-like), JSON (ruff's fields), SARIF 2.1.0.

Every string a formatter emits goes through :func:`authlint.core.secrets.redact`
(messages are built masked by the rules; this is the second line of defence).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from authlint.core.findings import Finding
from authlint.core.source import SourceFile


@dataclass
class FileResult:
    """One checked file: its (possibly fixed) source and its remaining findings.

    ``fixed`` counts the fixes applied to it by ``--fix``.
    """

    source: SourceFile
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0


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
