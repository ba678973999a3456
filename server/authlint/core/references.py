"""Secret-manager references (``op://…``, ``vault://…``, ``sm://…``) and what resolves them.

A reference is text that names a secret; only a resolver replaces it with
the secret: 1Password's ``op run`` (references in the environment of the
command it starts, or in ``--env-file``), ``op inject`` (templates) and
``op read``. Claude Code, VS Code and the dotenv loaders pass the text on as
it is. Source: https://developer.1password.com/docs/cli/secret-references/.
"""

from __future__ import annotations

import re
from pathlib import Path

REFERENCE = re.compile(r"(?i)^(?P<scheme>op|vault|sm)://[^\s/]+/\S+")
OP_RUN = re.compile(r"\bop(?:\.exe)?\s+(?:run|inject)\b")
_RUNNERS = (
    "package.json",
    "Makefile",
    "makefile",
    "GNUmakefile",
    "justfile",
    "Justfile",
    "Taskfile.yml",
    "Taskfile.yaml",
    ".envrc",
    "Procfile",
)
_MAX_BYTES = 256 * 1024
_WHITESPACE = " \t\r\n\v\f"


def is_reference(value: str | None) -> bool:
    """Whether ``value`` is a secret-manager reference (``op://…``, ``vault://…``, ``sm://…``)."""
    return value is not None and REFERENCE.match(value.strip(_WHITESPACE)) is not None


def mentions_op_run(path: Path) -> bool:
    """Whether the file at ``path`` runs ``op run`` or ``op inject`` (unreadable: no)."""
    from authlint.core.source import read_regular_file  # a FIFO or device never ends

    try:
        data = read_regular_file(path, _MAX_BYTES)
    except OSError:
        return False
    return OP_RUN.search(data.decode("utf-8", "replace")) is not None


def runs_under_op(folder: Path | None) -> bool:
    """Whether the project in ``folder`` starts its commands with ``op run`` / ``op inject``.

    Looked for in ``package.json`` scripts, make/just/task files, ``.envrc``,
    a ``Procfile`` and the shell scripts in ``scripts/``.
    """
    if folder is None:
        return False
    candidates = [folder / name for name in _RUNNERS]
    try:
        candidates.extend(
            sorted(p for p in (folder / "scripts").iterdir() if p.suffix in (".sh", ""))
        )
    except OSError:
        pass
    return any(p.is_file() and mentions_op_run(p) for p in candidates[:64])
