"""Property tests outside ``tests/fuzz`` draw from ``AUTHLINT_FUZZ_SEED`` when it is set.

``tests/conftest.py`` passes it to Hypothesis as ``--hypothesis-seed`` would, so a
CI run (which sets it from ``.ci/fuzz-seed``) draws the same examples every time.
"""

from __future__ import annotations

import os

import pytest


@pytest.mark.skipif(
    not os.environ.get("AUTHLINT_FUZZ_SEED", "").isdigit(), reason="AUTHLINT_FUZZ_SEED is not set"
)
def test_the_seed_is_hypothesis_s(pytestconfig: pytest.Config) -> None:
    from hypothesis import core

    seed = os.environ["AUTHLINT_FUZZ_SEED"]
    if pytestconfig.getoption("hypothesis_seed") not in (None, seed):
        pytest.skip("--hypothesis-seed chose another")
    assert core.global_force_seed == int(seed)
