"""``has_trigger`` answers exactly as the trigger regex does (``parses_code`` and the SDK scans)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.scanners import parses_code, scan
from authlint.scanners._trigger import TRIGGER, has_trigger

# Pieces near the trigger words, in cases and with the letters Unicode case folding relates to
# theirs: dotless ı (U+0131) and İ (U+0130) fold to i in the regex; the Kelvin sign K (U+212A),
# the long s ſ (U+017F) and the German ß are near misses that must not shift anything.
_PIECES = [
    "anthropic",
    "ANTHROPIC",
    "Anthropic",
    "AnThRoPiC",
    "anthropıc",
    "ANTHROPİC",
    "anthrop",
    "ic",
    "İ",
    "ı",
    "\u212a",
    "ſ",
    "ß",
    "ﬀ",
    "CLAUDE",
    "Claude",
    "claude",
    "CLAUD",
    "E",
    "dotenv",
    "DOTENV",
    "dot",
    "env",
    "sk-ant-",
    "SK-ANT-",
    "sk-ant",
    "-",
    "é",
    "😀",
    " ",
    "\n",
    "x",
]


@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12).map("".join))
@settings(max_examples=2000, deadline=None)
@example("anthropıc")
@example("ANTHROPİC")
@example("İanthropic")
@example("\u212aanthropic")
@example("anthropic\u212a")
@example("")
def test_has_trigger_is_the_regex(text: str) -> None:
    expected = TRIGGER.search(text) is not None
    assert has_trigger(text) is expected
    assert parses_code(FileKind.PYTHON, text) is expected
    assert parses_code(FileKind.JAVASCRIPT, text) is expected


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_has_trigger_on_any_text(text: str) -> None:
    assert has_trigger(text) is (TRIGGER.search(text) is not None)


@pytest.mark.parametrize("kind", [FileKind.PYTHON, FileKind.JAVASCRIPT])
@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("import anthropıc\n", True),  # dotless i: the regex folds it, so the file is parsed
        ("x = 1\n", False),
        ("// ANTHROPIC_API_KEY\n", True),
    ],
)
def test_scan_parses_when_triggered(kind: FileKind, text: str, parsed: bool) -> None:
    scanned = scan(SourceFile(None, text), kind)
    assert scanned.code is not None
    assert scanned.code.parsed is parsed


def test_parses_code_refuses_other_kinds() -> None:
    with pytest.raises(ValueError, match="not a code kind"):
        parses_code(FileKind.DOTENV, "anthropic")


_ASCII_PIECES = [piece for piece in _PIECES if piece.isascii()]


@given(
    st.lists(
        st.sampled_from(_ASCII_PIECES) | st.text("aAcCdDeEnNpPrRoOtTvVhHiIkKsSlLu-", max_size=4),
        max_size=12,
    ).map("".join)
)
@settings(max_examples=2000, deadline=None)
@example("")
@example("aNtHrOpIc")
def test_on_ascii_bytes_the_answers_are_the_texts(text: str) -> None:
    # `check` sorts ASCII code from its bytes, without decoding them.
    from authlint.scanners.cache import ascii_code_facts, model_reads_code

    assert ascii_code_facts(text.encode("ascii")) == (model_reads_code(text), has_trigger(text))


def test_the_ascii_answers_refuse_other_bytes() -> None:
    from authlint.scanners.cache import ascii_code_facts

    with pytest.raises(ValueError, match="not ASCII"):
        ascii_code_facts("anthropıc".encode())


@given(
    st.lists(
        st.sampled_from(["a", ".", "py", "js", "ts", "env", "fishd", "tmpl", "d", "min", "x"]),
        max_size=6,
    ).map("".join)
)
@settings(max_examples=1000, deadline=None)
@example(".env.py")
@example("fishd.host.py")
@example("x.d.ts")
def test_only_names_with_a_code_suffix_are_code(name: str) -> None:
    # The model's walk of a project's code skips every other name without asking.
    from pathlib import Path

    from authlint.core.facts import CODE_KINDS
    from authlint.scanners import CODE_NAME_SUFFIXES, kind_from_name

    if name and kind_from_name(Path("src") / name) in CODE_KINDS:
        assert name.endswith(CODE_NAME_SUFFIXES)
