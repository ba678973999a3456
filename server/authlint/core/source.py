"""Reading and writing user files without losing a byte.

A :class:`SourceFile` keeps the decoded text *without* its byte-order mark
(editors drop it too, so spans match theirs), and remembers the BOM and the
encoding so :meth:`SourceFile.encode` gives back the original bytes for an
unchanged text. Only the first BOM is the file's: a second one right after it
is a U+FEFF character of the text (damage a fix may remove, never an offset
to skip). :func:`atomic_write` replaces a file only when it still holds the
bytes that were read, keeps its permission bits, owner, symbolic and hard
links (see there).
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

from authlint.core.text import LineIndex

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FIRST_BYTES = frozenset(bom[:1] for bom, _ in _BOMS)


def detect_bom(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark ``data`` starts with and its codec name, or ``None``."""
    if data[:1] not in _BOM_FIRST_BYTES:  # most files: no BOM can start here
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    return None


@dataclass(frozen=True)
class SourceFile:
    """One file's text as the core sees it.

    ``path`` is ``None`` for unsaved editor buffers. ``bom`` holds the raw BOM
    bytes (``b""`` when there is none); ``encoding`` is a Python codec name.
    ``origin`` holds the bytes the file was decoded from (:meth:`from_bytes`,
    :meth:`read`), kept by :meth:`with_text`, so a writer can check that the
    file on disk is still the one that was read; ``None`` for a text that did
    not come from bytes (an editor buffer).
    """

    path: Path | None
    text: str
    bom: bytes = b""
    encoding: str = "utf-8"
    origin: bytes | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def index(self) -> LineIndex:
        """The text's lines, built on first use (many files are scanned without one)."""
        return LineIndex(self.text)

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | None = None) -> SourceFile:
        """Decode ``data``: BOM first, then UTF-8, then Latin-1 (which never fails).

        Only the first BOM is removed; the result re-encodes to ``data`` exactly
        and keeps it as ``origin``.
        """
        found = detect_bom(data)
        if found is not None:
            bom, encoding = found
            try:
                return cls(path, data[len(bom) :].decode(encoding), bom, encoding, data)
            except UnicodeDecodeError:
                pass
        try:
            return cls(path, data.decode("utf-8"), b"", "utf-8", data)
        except UnicodeDecodeError:
            return cls(path, data.decode("latin-1"), b"", "latin-1", data)

    @classmethod
    def read(cls, path: Path, limit: int | None = None) -> SourceFile:
        """Read and decode the regular file ``path`` (at most ``limit`` bytes, default 10 MiB).

        Raises ``OSError`` when it cannot be read: :class:`NotRegularFileError`
        for a FIFO, device, socket or folder (never opened for long, never
        waited on), :class:`FileTooLargeError` past the limit (see
        :func:`read_regular_file`).
        """
        return cls.from_bytes(
            read_regular_file(path, MAX_FILE_BYTES if limit is None else limit), path
        )

    def with_text(self, text: str, *, bom: bytes | None = None) -> SourceFile:
        """The same file with new text (and optionally another BOM)."""
        return replace(self, text=text, bom=self.bom if bom is None else bom)

    def encode(self) -> bytes:
        """The bytes to write back: BOM, then the text in the original encoding."""
        return self.bom + self.text.encode(self.encoding, "surrogateescape")


class ChangedOnDiskError(OSError):
    """The file on disk is not the one that was read (edited, replaced, created or removed).

    Raised by :func:`atomic_write` before anything is written.
    """

    def __init__(self, path: Path, what: str = "changed since it was read") -> None:
        super().__init__(errno.EAGAIN, what, str(path))


def atomic_write(
    path: Path, data: bytes, *, expected: bytes | None = None, create: bool = False
) -> None:
    """Replace the content of ``path`` with ``data``; nothing else about the file changes.

    - ``expected`` (the bytes read before, e.g. ``SourceFile.origin``): right
      before the new content goes in, the file is read again and compared;
      when it differs or is gone, :class:`ChangedOnDiskError` is raised and
      nothing is written. ``None`` skips the check.
    - ``create``: the file must not exist yet. It is created with the umask's
      default mode and never replaces a file that appeared meanwhile
      (:class:`ChangedOnDiskError`).
    - A symbolic link is followed: its target is rewritten, the link stays
      (whether a target may be written is the caller's call).
    - A file with one link is replaced atomically (temporary file in the same
      folder, ``fsync``, ``os.replace``) with its permission bits and, when
      the process may set it, its owner.
    - A file with several hard links (``st_nlink > 1``) is rewritten in place,
      so every link keeps seeing it (a rename would split them): the old bytes
      are first saved to a backup next to it, the new ones written over the
      same inode, then the backup removed. That write is not atomic: a reader
      may see it half-done, and if it fails and the old bytes cannot be put
      back, the error names the backup.

    The check and the replace are two system calls: a write landing in the
    microseconds between them is still lost; every earlier one is detected.
    Raises ``PermissionError`` for a file that is read-only (no write bit, or
    not writable by this process: even root does not overwrite it) and
    ``OSError`` on any other failure; the original file is then left untouched.
    """
    path = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    if info is None:
        if expected is not None:
            raise ChangedOnDiskError(path, "removed since it was read")
    elif create:
        raise ChangedOnDiskError(path, "created since it was checked")
    elif not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "file is read-only", str(path))
    if info is not None and info.st_nlink > 1:
        _write_in_place(path, data, expected)
        return
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
        if create:
            _link_new(tmp_name, path)
        else:
            if expected is not None:
                _check_unchanged(path, expected)
            os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def _link_new(tmp_name: str, path: Path) -> None:
    """Give the finished temporary file the name ``path``, unless that name exists by now."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise ChangedOnDiskError(path, "created since it was checked") from None
    except OSError:  # no hard links here (FAT, some network shares): create exclusively
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
        except FileExistsError:
            raise ChangedOnDiskError(path, "created since it was checked") from None
        try:
            with open(tmp_name, "rb") as source, os.fdopen(fd, "wb") as handle:
                handle.write(source.read())
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            os.unlink(path)
            raise
    os.unlink(tmp_name)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _check_unchanged(path: Path, expected: bytes) -> None:
    """Raise :class:`ChangedOnDiskError` unless ``path`` holds exactly ``expected`` now."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ChangedOnDiskError(path, "removed since it was read") from None
    try:
        current = _read_all(fd)
    finally:
        os.close(fd)
    if current != expected:
        raise ChangedOnDiskError(path)


def _write_in_place(path: Path, data: bytes, expected: bytes | None) -> None:
    """Rewrite the inode behind ``path`` (a file with several hard links), backup first."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        old = _read_all(fd)
        if expected is not None and old != expected:
            raise ChangedOnDiskError(path)
        backup_fd, backup = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".authlint-backup", dir=path.parent
        )
        try:
            with os.fdopen(backup_fd, "wb") as handle:
                handle.write(old)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            os.unlink(backup)  # the file itself is untouched
            raise
        try:
            _overwrite(fd, data)
        except OSError as error:
            try:
                _overwrite(fd, old)
            except OSError:
                raise OSError(
                    error.errno, f"{error.strerror}; the old content is in {backup}", str(path)
                ) from error
            os.unlink(backup)
            raise
        os.unlink(backup)
    finally:
        os.close(fd)


def _overwrite(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


# --- reading regular files only, never more than a limit -------------------------------------

MAX_FILE_BYTES = 10 * 1024 * 1024
"""The largest file authlint reads (10 MiB): configuration and code, not data."""


class NotRegularFileError(OSError):
    """The path is a FIFO, a device, a socket or a folder: nothing authlint reads."""


class FileTooLargeError(OSError):
    """The file is larger than the limit authlint reads."""


def file_type(mode: int) -> str:
    """What a ``st_mode`` is, in words: ``"a regular file"``, ``"a FIFO"``, ``"a folder"``…"""
    for test, name in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _require_regular(info: os.stat_result, path: str | Path, limit: int | None) -> None:
    if not stat.S_ISREG(info.st_mode):
        code = errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL
        raise NotRegularFileError(
            code, f"not a regular file ({file_type(info.st_mode)})", str(path)
        )
    if limit is not None and info.st_size > limit:
        raise FileTooLargeError(errno.EFBIG, f"larger than {_size(limit)}", str(path))


def read_regular_file(
    path: str | Path, limit: int | None = MAX_FILE_BYTES, *, head: bool = False
) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed), at most ``limit`` of them.

    A FIFO, a device, a socket or a folder is refused without waiting: the
    path is checked with ``stat`` first (so a device is normally not even
    opened), then opened with ``O_NONBLOCK`` and the *opened* file checked
    again with ``fstat`` (so a path swapped in between is refused too), and
    at most ``limit + 1`` bytes are read (a file that grows while it is read
    is still capped). The first read asks for the size ``fstat`` gave and a
    byte more; when it stops short exactly there, that is the file's end (no
    read more to see it). With ``head``, the first ``limit`` bytes of a larger
    file are returned instead of refusing it. ``limit=None`` reads the whole
    file.

    Raises :class:`NotRegularFileError` (not a regular file),
    :class:`FileTooLargeError` (more than ``limit`` bytes, unless ``head``)
    and ``OSError`` for every other failure (missing, permission, loop).
    """
    check = None if head else limit
    info = os.stat(path)
    if not S_ISREG(info.st_mode) or (check is not None and info.st_size > check):
        _require_regular(info, path, check)  # raises
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode) or (check is not None and info.st_size > check):
            _require_regular(info, path, check)  # raises
        wanted = limit if head and limit is not None else (None if limit is None else limit + 1)
        expected = info.st_size  # what fstat saw: one read asks for all of it and a byte more
        chunks: list[bytes] = []
        size = 0
        while wanted is None or size < wanted:
            ask = min(max(expected - size + 1, _MIN_READ), _MAX_READ)
            if wanted is not None and ask > wanted - size:
                ask = wanted - size
            chunk = os.read(fd, ask)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size == expected and len(chunk) < ask:
                break  # a short read that ends where fstat said the file ends: its end
    finally:
        os.close(fd)
    if not head and limit is not None and size > limit:
        raise FileTooLargeError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_MIN_READ = 8192  # a file fstat says is empty (/proc) is read in pieces of at least this
_MAX_READ = 1 << 20


def _size(count: int) -> str:
    if count >= 1024 * 1024 and count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024} KiB"
    return f"{count} bytes"
