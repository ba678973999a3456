"""apply_fixes / apply_edits: minimal edits, overlaps deferred, every other byte kept."""

from __future__ import annotations

import codecs
from pathlib import Path

from authlint.core.findings import Applicability, Edit, Fix
from authlint.core.fixes import apply_edits, apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span


def fix(*edits: Edit, drop_bom: bool = False) -> Fix:
    return Fix("t", tuple(edits), Applicability.SAFE, drop_bom)


def delete(line: int, start: int, end: int) -> Edit:
    return Edit(Span.at(line, start, end), "")


def insert(line: int, at: int, text: str) -> Edit:
    return Edit(Span.at(line, at, at), text)


def source(text: str, path: Path | None = None, bom: bytes = b"") -> SourceFile:
    return SourceFile(path, text, bom)


def test_non_overlapping_fixes_all_apply() -> None:
    result = apply_fixes(
        source("A = 1 \nB=2 \n"), [fix(delete(0, 1, 2), delete(0, 3, 4)), fix(delete(1, 3, 4))]
    )
    assert result.source.text == "A=1 \nB=2\n"
    assert len(result.applied) == 2


def test_an_overlapping_fix_is_left_for_the_next_pass() -> None:
    first, second = fix(delete(0, 2, 5)), fix(delete(0, 4, 6))
    result = apply_fixes(source("A=abcdef"), [first, second])
    assert result.source.text == "A=def"
    assert result.applied == [first]


def test_insertions_conflict_only_at_the_same_point_or_inside_a_replacement() -> None:
    at_start = fix(insert(0, 2, "'"))
    at_end = fix(insert(0, 5, "'"))
    result = apply_fixes(source("A=abc"), [at_start, at_end])
    assert result.source.text == "A='abc'"
    same_point = apply_fixes(source("A=abc"), [at_start, fix(insert(0, 2, '"'))])
    assert same_point.source.text == "A='abc" and len(same_point.applied) == 1
    inside = apply_fixes(source("A=abc"), [fix(delete(0, 2, 5)), fix(insert(0, 3, "x"))])
    assert inside.source.text == "A=" and len(inside.applied) == 1
    touching = apply_fixes(source("A=abc"), [fix(delete(0, 2, 4)), fix(insert(0, 4, "x"))])
    assert touching.source.text == "A=xc" and len(touching.applied) == 2


def test_insertions_at_one_point_keep_the_fix_order() -> None:
    result = apply_fixes(source("X"), [fix(insert(0, 0, "b"), insert(0, 0, "a"))])
    assert result.source.text == "baX"
    assert apply_edits(source("X"), [insert(0, 0, "1"), insert(0, 0, "2")]).text == "12X"


def test_edits_keep_crlf_bom_and_missing_final_newline() -> None:
    text = "A=1 \r\nB=2\rC=3 "
    result = apply_fixes(
        source(text, bom=codecs.BOM_UTF8), [fix(delete(0, 3, 4)), fix(delete(2, 3, 4))]
    )
    assert result.source.text == "A=1\r\nB=2\rC=3"
    assert result.source.encode() == codecs.BOM_UTF8 + b"A=1\r\nB=2\rC=3"


def test_drop_bom() -> None:
    result = apply_fixes(source("A=1", bom=codecs.BOM_UTF8), [fix(drop_bom=True)])
    assert result.source.bom == b"" and result.source.encode() == b"A=1"


def test_multi_line_edit() -> None:
    edit = Edit(Span(Position(0, 3), Position(1, 0)), "")
    assert apply_fixes(source("A=1\nB=2"), [fix(edit)]).source.text == "A=1B=2"


def test_edits_to_other_files_are_grouped_not_applied(tmp_path: Path) -> None:
    own = tmp_path / ".env"
    gitignore = tmp_path / ".gitignore"
    other = Edit(Span.at(0, 0, 0), ".env\n", gitignore, create=True)
    same_file_by_another_name = Edit(Span.at(0, 0, 1), "", tmp_path / "." / ".env")
    result = apply_fixes(source("XA=1", own), [fix(other, same_file_by_another_name)])
    assert result.source.text == "A=1"  # the edit naming its own file (another spelling) applied
    assert result.other_files == {gitignore: [other]}


def test_apply_edits_applies_everything_and_keeps_encoding() -> None:
    original = SourceFile.from_bytes(codecs.BOM_UTF16_LE + "$Env:K = 'v '\r\n".encode("utf-16-le"))
    fixed = apply_edits(original, [delete(0, 11, 12)])
    assert fixed.encode() == codecs.BOM_UTF16_LE + "$Env:K = 'v'\r\n".encode("utf-16-le")


def test_no_fixes_changes_nothing() -> None:
    original = source("A=1\r\n")
    result = apply_fixes(original, [])
    assert result.source.text == original.text and result.applied == []
