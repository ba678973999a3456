"""Inline ``authlint: ignore`` directives, parsed alone and applied by the real engine."""

from __future__ import annotations

import pytest

import keys
from authlint.core.suppression import ALL, is_suppressed, suppressions
from authlint.core.text import LineIndex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A=1 # authlint: ignore[AL201]", {0: {"AL201"}}),
        ("# authlint: ignore[AL201]\nA=1", {1: {"AL201"}}),  # alone on the line above
        ("   // authlint: ignore[AL201]\nA=1", {1: {"AL201"}}),
        (
            '"k": 1 // authlint:ignore[AL201, whitespace-in-api-key]',
            {0: {"AL201", "whitespace-in-api-key"}},
        ),
        ("A=1 #authlint: ignore[AL201 AL202,AL203]", {0: {"AL201", "AL202", "AL203"}}),
        ("A=1 # authlint: ignore", {0: {ALL}}),
        ("A=1 # authlint: ignore[]", {0: {ALL}}),
        ("A=1 # authlint: ignore[AL201] because the CI wants it", {0: {"AL201"}}),
        ("A=1 # authlint: ignored", {}),  # not the directive
        ("A=1 # authlint: ignore[AL201", {}),  # unclosed: not a directive
        ("A=1 # authlint ignore[AL201]", {}),
        ("A=1\r\n# authlint: ignore[AL1]\r\nB=2\r\n", {2: {"AL1"}}),
        ("# authlint: ignore[AL1]\n# authlint: ignore[AL2]\nA=1", {1: {"AL1"}, 2: {"AL2"}}),
    ],
)
def test_directives(text: str, expected: dict[int, set[str]]) -> None:
    assert suppressions(LineIndex(text)) == {k: frozenset(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    ("codes", "code", "name", "silenced"),
    [
        ({"AL201"}, "AL201", "whitespace-in-api-key", True),
        ({"al201"}, "AL201", "whitespace-in-api-key", True),
        ({"whitespace-in-api-key"}, "AL201", "whitespace-in-api-key", True),
        ({ALL}, "AL999", "anything", True),
        ({"AL202"}, "AL201", "whitespace-in-api-key", False),
        ({"AL2"}, "AL201", "whitespace-in-api-key", False),  # codes are exact, not prefixes
    ],
)
def test_is_suppressed(codes: set[str], code: str, name: str, silenced: bool) -> None:
    table = {3: frozenset(codes)}
    assert is_suppressed(table, 3, code, name) is silenced
    assert not is_suppressed(table, 2, code, name)


KEY = keys.api_key()


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f'ANTHROPIC_API_KEY="{KEY} "\n', [0]),  # control: the finding is there
        (f'ANTHROPIC_API_KEY="{KEY} " # authlint: ignore[AL201]\n', []),
        (f'# authlint: ignore[AL201]\nANTHROPIC_API_KEY="{KEY} "\n', []),
        (f'# authlint: ignore[whitespace-in-api-key]\nANTHROPIC_API_KEY="{KEY} "\n', []),
        (f'# authlint: ignore\nANTHROPIC_API_KEY="{KEY} "\n', []),
        (f'# authlint: ignore[AL202, AL201]\nANTHROPIC_API_KEY="{KEY} "\n', []),
        (f'# authlint: ignore[AL202]\nANTHROPIC_API_KEY="{KEY} "\n', [1]),  # other code
        (f'# authlint: ignore[AL201]\n\nANTHROPIC_API_KEY="{KEY} "\n', [2]),  # not directly above
        (f'ANTHROPIC_API_KEY="{KEY} " # authlint: ignore[AL201]\nX="{KEY} "\n', [1]),
    ],
)
def test_engine_honours_suppression(check_text, text: str, lines: list[int]) -> None:
    found = check_text(".env", text, select="AL201")
    assert [f.span.start.line for f in found] == lines
