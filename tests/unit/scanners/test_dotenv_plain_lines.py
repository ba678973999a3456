"""The dotenv scanner's plain-line path gives exactly what python-dotenv's reader gives.

Plain ``KEY=value`` lines skip the reader (issue 15: it was most of a scan);
every fact, span included, must stay the same. Compared on generated texts made
of the pieces that matter to the grammar (quotes, ``#``, ``$``, blanks, every
line break, BOMs) and on the real corpus's ``.env`` files.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from authlint.core.facts import ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners import dotenv

PIECES = [
    "KEY", "A_B", "export ", "x.y", "=", " = ", "val", "v#x", " #c", "  # comment", "'q'",
    '"dq"', "$", "${X}", "\\", "`", "\t", " ", "\n", "\r\n", "\r", "\n\n", "#", "\ufeff",
    "\u00a0", "\x0b", "\x1c", "é", "==",
]  # fmt: skip


def _reader_only(source: SourceFile, monkeypatch: pytest.MonkeyPatch) -> ScannedFile:
    parse = dotenv._parse_stream
    with monkeypatch.context() as patch:
        patch.setattr(dotenv, "_parse_stream", lambda stream, simple=None: parse(stream, None))
        return dotenv.scan(source)


def _assert_same(source: SourceFile, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = dotenv.scan(source), _reader_only(source, monkeypatch)
    assert fast.assignments == slow.assignments, repr(source.text)
    assert fast.slips == slow.slips, repr(source.text)


@pytest.mark.parametrize("seed", range(4))
def test_generated_texts(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    chooser = random.Random(seed)
    for _ in range(1500):
        text = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(1, 12)))
        for bom in (b"", b"\xef\xbb\xbf"):
            _assert_same(SourceFile(Path(".env"), text, bom), monkeypatch)


def test_plain_lines_take_the_fast_path() -> None:
    text = "A=1\nB=two  # note\nC=\nD=   \n"
    assert all(dotenv._SIMPLE.match(line + "\n") for line in text.splitlines())
    names = [a.name for a in dotenv.scan(SourceFile(Path(".env"), text)).assignments]
    assert names == ["A", "B", "C", "D"]


def test_real_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "real"  # as tests/corpus.py
    found = root.rglob("*") if root.is_dir() else iter(())
    files = [p for p in found if p.is_file() and ".env" in p.name]
    if not files:
        pytest.skip("shared corpus not present")
    for path in files:
        _assert_same(SourceFile.read(path), monkeypatch)


def test_a_scan_after_edits_equals_a_fresh_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines kept from the previous scan of the file (a keystroke) never change a fact."""
    chooser = random.Random(7)
    lines = [f"SETTING_{i}=value-{i}  # comment\n" for i in range(40)]
    path = Path("/project/.env")
    for step in range(400):
        where = chooser.randrange(len(lines))
        edit = chooser.choice(("value", "insert", "delete", "crlf", "piece", "bom"))
        if edit == "value":
            lines[where] = f"SETTING_{where}=value-{step}\n"
        elif edit == "insert":
            lines.insert(where, f"NEW_{step}={step}\n")
        elif edit == "delete" and len(lines) > 1:
            del lines[where]
        elif edit == "crlf":
            lines[where] = lines[where].rstrip("\r\n") + "\r\n"
        elif edit == "piece":
            lines[where] = "".join(chooser.choice(PIECES) for _ in range(3)) + "\n"
        bom = b"\xef\xbb\xbf" if edit == "bom" and step % 2 else b""
        source = SourceFile(path, "".join(lines), bom)
        kept = dotenv.scan(source)
        with monkeypatch.context() as patch:
            patch.setattr(dotenv, "_recent_lines", type(dotenv._recent_lines)())
            fresh = dotenv.scan(source)
        assert kept.assignments == fresh.assignments, (step, edit)
        assert kept.slips == fresh.slips, (step, edit)
    assert dotenv._recent_lines[path]  # the file's simple lines are kept for its next scan
