"""Scanning a file from disk, cached by path and text.

For the rules and the environment model, which read files other than the one
being checked (the ``.env`` a ``load_dotenv()`` reads, a profile's sources).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from weakref import WeakValueDictionary

from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners import read_source, scan


def scan_file(path: Path, kind: FileKind) -> ScannedFile | None:
    """Read and scan ``path`` as ``kind``; ``None`` if unreadable or unrelated code.

    Code that mentions neither dotenv nor Anthropic is not scanned.

    The scan is cached per path and text: the language server rebuilds the
    model after every edit, and an unchanged file is read but not parsed again.
    A ``.env`` file scanned elsewhere with the same text (:func:`remember`) is
    not scanned again either.
    """
    try:
        source = read_source(path, kind)
    except (OSError, ValueError):
        return None
    if kind in CODE_KINDS and not model_reads_code(source.text):
        return None
    key = (source.path, kind, source.text, source.bom, source.encoding)
    with _LOCK:  # the language server's workspace diagnostics scan in a worker thread
        found = _SCANS.get(key)
        if found is not None:
            _SCANS.move_to_end(key)
            return found
    found = _remembered(source, kind) or scan(source, kind)
    with _LOCK:
        _SCANS[key] = found
        if len(_SCANS) > _MAX_SCANS:
            _SCANS.popitem(last=False)
    return found


def remember(file: ScannedFile) -> None:
    """Offer ``file``, scanned elsewhere, to :func:`scan_file` (``.env`` and code files only).

    ``authlint check`` scans each ``.env`` (and each code file the model
    reads) once in its first pass under the path the walk gave; the rules and
    the model then ask for the same file by its absolute path. While something
    else keeps ``file`` (the first pass keeps its scans, the environment model
    the ``.env`` files code loads), :func:`scan_file` gives a copy of it under
    the path asked for when the text read is the same. A ``.env`` or Python
    scan does not depend on the file's path, only on its text; a JavaScript
    scan on its suffix too, the same in both spellings of the path.
    """
    if file.kind in _REMEMBERED_KINDS and file.source.path is not None:
        _REMEMBERED[os.path.abspath(file.source.path)] = file


def model_reads_code(text: str) -> bool:
    """Whether a code file with ``text`` has facts the environment model reads.

    Code that mentions neither dotenv nor Anthropic loads no ``.env`` and uses
    no SDK (:func:`scan_file` returns ``None`` for it).
    """
    return "dotenv" in text or "anthropic" in text


def ascii_code_facts(data: bytes) -> tuple[bool, bool]:
    """``(model_reads_code(text), has_trigger(text))`` for the text of ASCII ``data`` (its bytes).

    One look at the bytes, without decoding them: ``authlint check`` sorts
    most code this way (:func:`authlint.scanners._trigger.has_trigger` tells
    whether a code file is parsed). Raises ``ValueError`` when ``data`` is not
    ASCII.
    """
    if not data.isascii():
        raise ValueError("not ASCII: its text is not its bytes")
    if b"dotenv" in data or b"anthropic" in data:
        return True, True  # both are trigger words too
    if b"CLAUDE" in data or b"sk-ant-" in data:
        return False, True
    return False, b"anthropic" in data.lower()  # ASCII: what re.IGNORECASE folds


def _remembered(source: SourceFile, kind: FileKind) -> ScannedFile | None:
    """A remembered scan of the same file and text, under ``source``'s path (or ``None``)."""
    if kind not in _REMEMBERED_KINDS or source.path is None:
        return None
    known = _REMEMBERED.get(os.path.abspath(source.path))
    if known is None or known.kind is not kind:
        return None
    same = (known.source.text, known.source.bom, known.source.encoding)
    if same != (source.text, source.bom, source.encoding):
        return None
    return replace(known, source=source, block_index=None, whole_file=None)


_REMEMBERED_KINDS = frozenset({FileKind.DOTENV, FileKind.PYTHON, FileKind.JAVASCRIPT})
_Key = tuple[Path | None, FileKind, str, bytes, str]
_MAX_SCANS = 512
_SCANS: OrderedDict[_Key, ScannedFile] = OrderedDict()  # least recently used first
_REMEMBERED: WeakValueDictionary[str, ScannedFile] = WeakValueDictionary()
_LOCK = threading.Lock()
