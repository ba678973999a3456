"""Reading and writing user files without losing a byte.

A :class:`SourceFile` keeps the decoded text *without* its byte-order mark
(editors drop it too, so spans match theirs), and remembers the BOM and the
encoding so :meth:`SourceFile.encode` gives back the original bytes for an
unchanged text. Writes are atomic (temporary file + ``os.replace``) and keep
the file's permission bits.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from authlint.core.text import LineIndex

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceFile:
    """One file's text as the core sees it.

    ``path`` is ``None`` for unsaved editor buffers. ``bom`` holds the raw BOM
    bytes (``b""`` when there is none); ``encoding`` is a Python codec name.
    """

    path: Path | None
    text: str
    bom: bytes = b""
    encoding: str = "utf-8"
    index: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", LineIndex(self.text))

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | None = None) -> SourceFile:
        """Decode ``data``: BOM first, then UTF-8, then Latin-1 (which never fails)."""
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    return cls(path, data[len(bom) :].decode(encoding), bom, encoding)
                except UnicodeDecodeError:
                    break
        try:
            return cls(path, data.decode("utf-8"), b"", "utf-8")
        except UnicodeDecodeError:
            return cls(path, data.decode("latin-1"), b"", "latin-1")

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        """Read and decode ``path``. Raises ``OSError`` when it cannot be read."""
        return cls.from_bytes(path.read_bytes(), path)

    def with_text(self, text: str, *, bom: bytes | None = None) -> SourceFile:
        """The same file with new text (and optionally another BOM)."""
        return replace(self, text=text, bom=self.bom if bom is None else bom)

    def encode(self) -> bytes:
        """The bytes to write back: BOM, then the text in the original encoding."""
        return self.bom + self.text.encode(self.encoding, "surrogateescape")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    Raises ``OSError`` on failure; the original file is then left untouched.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".authlint", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
