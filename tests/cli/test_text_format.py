"""The text formatter's source line: masked as a whole, carets moved with the text."""

from __future__ import annotations

import pytest

import keys
from authlint.core.secrets import mask
from authlint.output.text_format import masked_line

KEY = keys.api_key()
M = mask(KEY)


@pytest.mark.parametrize(
    ("raw", "span", "shown", "mapped"),
    [
        # span after the key: shifted left by what the mask saved
        (f"A={KEY} # x", (len(KEY) + 3, len(KEY) + 6), f"A={M} # x", (len(M) + 3, len(M) + 6)),
        # span is the key: the whole mask
        (f"A={KEY}", (2, 2 + len(KEY)), f"A={M}", (2, 2 + len(M))),
        # span before the key: unchanged
        (f"A={KEY}", (0, 1), f"A={M}", (0, 1)),
        # span cuts through the key: both ends snap to the mask's edges
        (f"A={KEY}", (50, 51), f"A={M}", (2, 2 + len(M))),
        (f"A={KEY} B", (30, len(KEY) + 4), f"A={M} B", (2, len(M) + 4)),
        # two keys, span on the second
        (
            f"{KEY} {KEY}",
            (len(KEY) + 1, 2 * len(KEY) + 1),
            f"{M} {M}",
            (len(M) + 1, 2 * len(M) + 1),
        ),
        # tabs become one space each, so columns keep their width
        ("\tA=1", (1, 2), " A=1", (1, 2)),
        ("", (0, 0), "", (0, 0)),
    ],
)
def test_masked_line(raw: str, span: tuple[int, int], shown: str, mapped: tuple[int, int]):
    assert masked_line(raw, *span) == (shown, *mapped)


def test_no_piece_of_a_key_survives_a_cut() -> None:
    for cut in range(2, len(KEY) + 2, 7):
        shown, _, _ = masked_line(f"A={KEY}", cut, cut + 1)
        assert shown == f"A={M}"
