"""The fuzz tests' seed (``fuzz_seed``) is printed in the report header and summary."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fuzz_seed import replay  # noqa: E402


def pytest_report_header(config: pytest.Config) -> str:
    return replay()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(replay())
