"""SourceFile decoding and exact re-encoding; atomic_write's guarantees."""

from __future__ import annotations

import codecs
import os
import random
import stat
from pathlib import Path

import pytest

from authlint.core.source import (
    MAX_FILE_BYTES,
    FileTooLargeError,
    SourceFile,
    atomic_write,
    read_regular_file,
)

TEXT = "# café ☕ 😀\r\nANTHROPIC_API_KEY=abc \nX=1"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),  # starts with the UTF-16 LE BOM: must win over it
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_every_bom_decodes_without_the_bom_and_re_encodes_exactly(
    bom: bytes, encoding: str
) -> None:
    data = bom + TEXT.encode(encoding)
    source = SourceFile.from_bytes(data)
    assert source.text == TEXT  # the BOM is not part of the text: spans match the editor's
    assert source.bom == bom
    assert source.encoding == encoding
    assert source.encode() == data


def test_latin1_fallback_round_trips() -> None:
    data = b"# caf\xe9\r\nANTHROPIC_API_KEY=x\xa0\n"  # Latin-1: not valid UTF-8
    source = SourceFile.from_bytes(data)
    assert source.encoding == "latin-1"
    assert source.text == "# café\r\nANTHROPIC_API_KEY=x\xa0\n"
    assert source.encode() == data


def test_broken_utf8_after_a_bom_falls_back_without_losing_a_byte() -> None:
    data = codecs.BOM_UTF8 + b"A=\xff\n"
    source = SourceFile.from_bytes(data)
    assert source.encoding == "latin-1"
    assert source.encode() == data


def test_every_byte_value_round_trips() -> None:
    data = bytes(range(256)) * 2
    assert SourceFile.from_bytes(data).encode() == data


def test_an_edit_keeps_every_other_byte() -> None:
    data = codecs.BOM_UTF16_LE + "$Env:A = 'k '\r\n$x = 1\r\n".encode("utf-16-le")
    source = SourceFile.from_bytes(data)
    fixed = source.with_text(source.text.replace("'k '", "'k'"))
    assert fixed.encode() == codecs.BOM_UTF16_LE + "$Env:A = 'k'\r\n$x = 1\r\n".encode("utf-16-le")
    assert fixed.with_text(fixed.text, bom=b"").encode()[:2] == "$".encode("utf-16-le")


def test_read_keeps_the_path_and_index(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\r\nB=2")
    source = SourceFile.read(path)
    assert source.path == path
    assert source.index.line_count == 2 and source.index.line_text(1) == "B=2"
    with pytest.raises(OSError):
        SourceFile.read(tmp_path / "missing.env")


def test_atomic_write_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"old")
    path.chmod(0o600)
    atomic_write(path, b"new\r\n")
    assert path.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_atomic_write_follows_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "zshrc"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / ".zshrc"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink(), "the link must survive (dotfile managers rely on it)"
    assert target.read_bytes() == b"new"


def test_atomic_write_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(PermissionError):
        atomic_write(path, b"new")  # even as root: the mode says read-only
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_atomic_write_creates_a_file_with_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / ".gitignore", b".env\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / ".gitignore").stat().st_mode) == 0o644


def test_atomic_write_failure_leaves_the_original(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic_write(tmp_path / "missing-folder" / ".env", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "size", [0, 1, 8191, 8192, 8193, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 5]
)
@pytest.mark.parametrize("limit", [None, 8192, 1 << 20, 2 << 20, MAX_FILE_BYTES])
def test_read_regular_file_reads_every_byte_up_to_the_limit(
    tmp_path: Path, size: int, limit: int | None
) -> None:
    """Whatever the size against the first read (fstat's size + 1) and the limit: every byte."""
    data = bytes(random.Random(size).randrange(256) for _ in range(min(size, 4096))) * (
        size // 4096 + 1
    )
    path = tmp_path / "f"
    path.write_bytes(data[:size])
    if limit is not None and size > limit:
        with pytest.raises(FileTooLargeError):
            read_regular_file(path, limit)
        assert read_regular_file(path, limit, head=True) == data[:limit]
    else:
        assert read_regular_file(path, limit) == data[:size]
        assert read_regular_file(path, limit, head=True) == data[:size]


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="no /proc")
def test_read_regular_file_reads_a_file_fstat_calls_empty() -> None:
    """``/proc`` files have size 0 and content: the reads go on past what fstat said."""
    with open("/proc/self/cmdline", "rb") as handle:
        expected = handle.read()
    assert expected
    assert read_regular_file(Path("/proc/self/cmdline")) == expected
