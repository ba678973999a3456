"""Reading and writing user files without losing a byte.

A :class:`SourceFile` keeps the decoded text *without* its byte-order mark
(editors drop it too, so spans match theirs), and remembers the BOM and the
encoding so :meth:`SourceFile.encode` gives back the original bytes for an
unchanged text. Writes are atomic (temporary file + ``os.replace``) and keep
the file's permission bits.
"""

from __future__ import annotations

import codecs
import errno
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


def detect_bom(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark ``data`` starts with and its codec name, or ``None``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    return None


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
        found = detect_bom(data)
        if found is not None:
            bom, encoding = found
            try:
                return cls(path, data[len(bom) :].decode(encoding), bom, encoding)
            except UnicodeDecodeError:
                pass
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

    A symbolic link is followed (its target is rewritten, the link stays), the
    owner is kept when the process may set it, and a new file gets the
    umask's default mode. Raises ``PermissionError`` for a file that is
    read-only (no write bit, or not writable by this process: even root does
    not overwrite it) and ``OSError`` on any other failure; the original file
    is then left untouched.
    """
    path = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    if info is not None and (not info.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise PermissionError(errno.EACCES, "file is read-only", str(path))
    mode = info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".authlint", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        if info is not None and hasattr(os, "chown"):
            try:
                os.chown(tmp_name, info.st_uid, info.st_gid)
            except OSError:
                pass  # not allowed to give the file away: it keeps our owner
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
