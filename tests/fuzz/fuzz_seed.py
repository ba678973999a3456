"""The fuzz run's seed and size: random per run unless ``AUTHLINT_FUZZ_SEED`` replays one.

``AUTHLINT_FUZZ_SCALE`` multiplies the number of examples (1 in CI: about two
minutes on two cores).
"""

from __future__ import annotations

import os
import random

SEED = int(os.environ.get("AUTHLINT_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
SCALE = float(os.environ.get("AUTHLINT_FUZZ_SCALE") or 1)


def examples(count: int) -> int:
    """``count`` scaled by ``AUTHLINT_FUZZ_SCALE`` (at least 1)."""
    return max(1, int(count * SCALE))


def replay() -> str:
    """The line that names the seed and how to replay it."""
    command = f"AUTHLINT_FUZZ_SEED={SEED} .venv/bin/pytest tests/fuzz"
    return f"authlint fuzz seed: {SEED} (replay: {command})"
