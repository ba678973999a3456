"""``pretty_json.dumps`` writes what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from authlint.core.pretty_json import dumps

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # control characters, quotes, backslashes, astral and lone surrogates
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_VALUES)
@settings(max_examples=1500, deadline=None)
@example({"a": [], "b": {}, "c": [{"d": None}], "e": '\u2028\x7f\ud800"\\'})
@example([math.nan, math.inf, -math.inf, -0.0, 1e300, 10**40, True, False])
def test_the_same_text_as_the_standard_library(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_it_refuses() -> None:
    with pytest.raises(TypeError, match="keys must be str"):
        dumps({1: "a"})
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"a": {1, 2}})
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
