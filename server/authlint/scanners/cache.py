"""Scanning a file from disk, cached by path and text.

For the rules and the environment model, which read files other than the one
being checked (the ``.env`` a ``load_dotenv()`` reads, a profile's sources).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners import read_source, scan


def scan_file(path: Path, kind: FileKind) -> ScannedFile | None:
    """Read and scan ``path`` as ``kind``; ``None`` if unreadable or unrelated code.

    Code that mentions neither dotenv nor Anthropic is not scanned.

    The scan is cached per path and text: the language server rebuilds the
    model after every edit, and an unchanged file is read but not parsed again.
    """
    try:
        source = read_source(path, kind)
    except (OSError, ValueError):
        return None
    if kind in CODE_KINDS and not model_reads_code(source.text):
        return None
    return _scan(source.path, kind, source.text, source.bom, source.encoding)


def model_reads_code(text: str) -> bool:
    """Whether a code file with ``text`` has facts the environment model reads.

    Code that mentions neither dotenv nor Anthropic loads no ``.env`` and uses
    no SDK (:func:`scan_file` returns ``None`` for it).
    """
    return "dotenv" in text or "anthropic" in text


@lru_cache(maxsize=512)
def _scan(path: Path | None, kind: FileKind, text: str, bom: bytes, encoding: str) -> ScannedFile:
    return scan(SourceFile(path, text, bom, encoding), kind)
