"""The bytecode cache of attrs' generated methods (issue 15, fast start).

Each test runs a fresh interpreter: ``lsprotocol.types`` is imported once per
process, so only a new process shows what its import compiles.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from authlint.lsp.generated_code import cache_file, cache_folder

# Imports lsprotocol with the cache installed, uses its classes, and reports.
_IMPORT = """
import json, sys
from authlint.lsp.generated_code import install
save = install()
from lsprotocol import types
from pygls.protocol import default_converter
position = types.Position(line=3, character=7)
converter = default_converter()
data = converter.unstructure(types.Range(start=position, end=position))
back = converter.structure(data, types.Range)
report = {
    "compiled": save(),
    "equal": back == types.Range(start=types.Position(3, 7), end=types.Position(3, 7)),
    "unequal": position != types.Position(3, 8),
    "repr": repr(position),
    "default": types.Diagnostic(range=back, message="m").severity is None,
    "data": data,
}
sys.stdout.write(json.dumps(report))
"""


def _run(env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _cached(prefix: Path) -> dict[str, str]:
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(prefix)}


def test_a_second_start_compiles_almost_nothing_and_the_classes_work(tmp_path: Path) -> None:
    first = _run(_cached(tmp_path))
    assert isinstance(first["compiled"], int) and first["compiled"] > 500
    cache = cache_file(tmp_path / "authlint")
    written = cache.stat()
    second = _run(_cached(tmp_path))
    # A few texts are new on every start (attrs hashes the file name into `__hash__`).
    assert isinstance(second["compiled"], int) and second["compiled"] < 16
    assert cache.stat().st_mtime_ns == written.st_mtime_ns  # not written again
    for report in (first, second):
        assert report["equal"] is True
        assert report["unequal"] is True
        assert report["default"] is True
        assert report["repr"] == "3:7"  # lsprotocol's own __repr__ for positions
        assert report["data"] == {
            "start": {"line": 3, "character": 7},
            "end": {"line": 3, "character": 7},
        }


@pytest.mark.parametrize(
    "content", [b"", b"not a cache", b"authlint-attrs-bytecode-1\n\x00\xff garbage"]
)
def test_a_broken_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    cache = cache_file(tmp_path / "authlint")
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    report = _run(_cached(tmp_path))
    assert isinstance(report["compiled"], int) and report["compiled"] > 500
    assert report["equal"] is True
    again = _run(_cached(tmp_path))["compiled"]
    assert isinstance(again, int) and again < 16


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    report = _run(
        {
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPYCACHEPREFIX": str(tmp_path),
            "HOME": str(tmp_path),
        }
    )
    assert report["equal"] is True
    assert list(tmp_path.rglob("*")) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_folder_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "authlint").mkdir()
    (tmp_path / "authlint").chmod(0o500)
    try:
        report = _run(_cached(tmp_path))
    finally:
        (tmp_path / "authlint").chmod(0o700)
    assert report["equal"] is True
    assert list((tmp_path / "authlint").iterdir()) == []


def test_a_cache_path_that_is_a_file_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "authlint").write_text("a file where the folder would be")
    report = _run(_cached(tmp_path))
    assert report["equal"] is True
    assert (tmp_path / "authlint").read_text() == "a file where the folder would be"


def test_where_the_cache_goes() -> None:
    home = {"HOME": "/home/u"}
    assert cache_folder({**home, "PYTHONDONTWRITEBYTECODE": "1"}) is None
    assert cache_folder({**home, "PYTHONPYCACHEPREFIX": "/c"}) == Path("/c/authlint")
    if sys.platform.startswith("linux"):
        assert cache_folder(home) == Path("/home/u/.cache/authlint")
        assert cache_folder({**home, "XDG_CACHE_HOME": "/x"}) == Path("/x/authlint")
        assert cache_folder({**home, "XDG_CACHE_HOME": "relative"}) == Path(
            "/home/u/.cache/authlint"
        )
        assert cache_folder({}) is None


def test_the_server_starts_from_a_cache_and_answers(tmp_path: Path) -> None:
    """``authlint server`` writes the cache on its first start and starts from it next."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from rawlsp import RawClient

    project = tmp_path / "project"
    project.mkdir()
    env = {"HOME": str(tmp_path), **_cached(tmp_path / "pyc")}
    dotenv = project / ".env"
    dotenv.write_text("ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n")
    for start in range(2):
        raw = RawClient([sys.executable, "-m", "authlint", "server"], project, pull=False, env=env)
        try:
            raw.initialize()
            raw.open(dotenv, dotenv.read_text(), "dotenv")
            diagnostics = raw.published(dotenv, None)
        finally:
            raw.close()
        assert "AL401" in json.dumps(diagnostics), start
        assert cache_file(tmp_path / "pyc" / "authlint").is_file()
