"""The incremental pieces of the server (issue 15), without a client.

A document's scan is reused while its text is the same and dropped on close; an
edit that keeps every fact (a comment) keeps the facts signature, so the other
open documents are not rechecked; an edit of a value changes it.
"""

from __future__ import annotations

from pathlib import Path

from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.lsp.diagnostics import ScanCache, Snapshot, facts_signature, snapshot_signature

URI = "file:///project/.env"
PATH = Path("/project/.env")


def test_a_scan_is_reused_while_the_text_is_the_same() -> None:
    cache = ScanCache()
    first = cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV)
    assert cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV) is first
    changed = cache.scan(URI, SourceFile(PATH, "A=2\n"), FileKind.DOTENV)
    assert changed is not first and changed.assignments[0].value == "2"
    assert cache.scanned(URI) is changed
    cache.forget(URI)
    assert cache.scanned(URI) is None


def test_another_kind_or_bom_is_scanned_again() -> None:
    cache = ScanCache()
    first = cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV)
    assert cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.SHELL) is not first
    bom = SourceFile(PATH, "A=1\n", b"\xef\xbb\xbf", "utf-8-sig")
    assert cache.scan(URI, bom, FileKind.SHELL) is not first


def _signature(text: str) -> int:
    return facts_signature(ScanCache().scan(URI, SourceFile(PATH, text), FileKind.DOTENV))


def test_a_comment_keeps_the_facts_a_value_does_not() -> None:
    base = _signature("# keys\nANTHROPIC_API_KEY=abc\n")
    assert _signature("# the keys\nANTHROPIC_API_KEY=abc\n") == base
    assert _signature("# keys\nANTHROPIC_API_KEY=abd\n") != base
    assert _signature("# keys\n\nANTHROPIC_API_KEY=abc\n") != base  # the definition moved


def test_documents_authlint_does_not_read_have_no_signature() -> None:
    snapshot = Snapshot("file:///project/notes.txt", Path("/project/notes.txt"), "notes.txt",
                        "plaintext", 1, "A=1\n")  # fmt: skip
    assert snapshot_signature(snapshot) is None
    assert snapshot_signature(None) is None
