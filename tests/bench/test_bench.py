"""Benchmarks: ``pytest tests/bench --benchmark-enable`` (in the normal run each executes once).

They measure what an editor waits for: one large file checked from text,
and the CLI's whole pipeline over the real corpus.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_scanned, check_source
from authlint.model import build_model
from authlint.scanners import kind_from_name, scan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import corpus  # noqa: E402
from keys import api_key  # noqa: E402

LINES = 2000


def _big(kind: FileKind) -> SourceFile:
    rows = []
    for i in range(LINES):
        if kind is FileKind.DOTENV:
            rows.append(f"SETTING_{i}=value-{i}  # comment")
        else:
            rows.append(f'export SETTING_{i}="value-{i}"')
    prefix = "" if kind is FileKind.DOTENV else "export "
    rows.append(f'{prefix}ANTHROPIC_API_KEY="{api_key()} "')
    name = ".env" if kind is FileKind.DOTENV else ".zshrc"
    return SourceFile(Path(name), "\n".join(rows) + "\n")


@pytest.mark.parametrize("kind", [FileKind.DOTENV, FileKind.SHELL], ids=["dotenv", "zshrc"])
def test_check_large_file(benchmark, kind: FileKind) -> None:
    source = _big(kind)
    findings = benchmark(check_source, source, kind, CheckContext())
    assert any(f.code == "AL201" for f in findings)


@pytest.mark.skipif(not corpus.available(), reason="shared corpus not present")
def test_cli_over_corpus(benchmark, tmp_path: Path) -> None:
    corpus.materialise(tmp_path)
    command = [
        sys.executable,
        "-m",
        "authlint",
        "check",
        str(tmp_path),
        "--no-home",
        "--format",
        "json",
    ]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, timeout=300)

    result = benchmark.pedantic(run, rounds=1, iterations=1)
    assert result.returncode in (0, 1), result.stderr


def test_environment_model(benchmark, tmp_path):
    """The cross-file model over a home with every profile and a project with 200 code files."""
    from authlint.core.context import Platform
    from authlint.core.environment import EnvironmentModel
    from authlint.model import collect

    home, project = tmp_path / "home", tmp_path / "home" / "proj"
    project.mkdir(parents=True)
    for name in (".bashrc", ".bash_profile", ".profile", ".zshenv", ".zprofile", ".zshrc"):
        body = "".join(f'export SETTING_{i}="v{i}"\n' for i in range(300))
        (home / name).write_text(body + f"export ANTHROPIC_API_KEY={api_key(name)}\n")
    (project / ".env").write_text(f"ANTHROPIC_API_KEY={api_key('env')}\n")
    (project / "pyproject.toml").write_text("[project]\nname = 'b'\n")
    for i in range(200):
        loader = "from dotenv import load_dotenv\nload_dotenv()\n" if i % 50 == 0 else ""
        (project / f"m{i}.py").write_text(loader + "x = 1\n" * 50)

    def build() -> int:
        model = EnvironmentModel(collect(project, home, Platform.MACOS, shell="zsh"))
        return sum(len(model.resolve(c, "ANTHROPIC_API_KEY").steps) for c in model.contexts())

    assert benchmark(build) > 0


# Issue 13: the audit's sizes. 20,000 identical definitions (one AL306 finding each) per
# scanner, and one 5 MB value, checked as the CLI does: scan, the environment model of
# the folder, every rule.
HUGE = 20_000
IDENTICAL = {
    ".env": lambda n: "ANTHROPIC_API_KEY=\n" * n,
    ".zshrc": lambda n: "export ANTHROPIC_API_KEY=\n" * n,
    "config.fish": lambda n: "set -gx ANTHROPIC_API_KEY ''\n" * n,
    "profile.ps1": lambda n: "$env:ANTHROPIC_API_KEY = ''\n" * n,
    ".claude/settings.json": lambda n: (
        '{"env": {\n' + ",\n".join('"ANTHROPIC_API_KEY": ""' for _ in range(n)) + "\n}}\n"
    ),
    "compose.yaml": lambda n: (
        "services:\n  app:\n    environment:\n" + "      ANTHROPIC_API_KEY: ''\n" * n
    ),
}


def _check_folder_file(folder: Path, name: str) -> int:
    """Scan ``folder/name``, build the folder's environment model, run every rule."""
    path = folder / name
    kind = kind_from_name(path)
    assert kind is not None
    scanned = scan(SourceFile.read(path), kind)
    model = build_model(folder, None, Platform.LINUX, environ={}, scanned={path: scanned})
    context = CheckContext(platform=Platform.LINUX, environment=model)
    return len(check_scanned(scanned, context, Settings()))


@pytest.mark.parametrize("name", list(IDENTICAL))
def test_check_twenty_thousand_identical_lines(benchmark, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(IDENTICAL[name](HUGE))
    count = benchmark.pedantic(_check_folder_file, (tmp_path, name), rounds=1, iterations=1)
    assert count == HUGE - 1  # AL306 at each definition a later one replaces


@pytest.mark.parametrize(
    "line",
    [
        "ANTHROPIC_API_KEY=sk-ant-api03-{big}\n",
        "ANTHROPIC_API_KEY=a{blanks}b\n",
        "ANTHROPIC_BASE_URL=https://{big}\n",
    ],
    ids=["key-characters", "blank-run", "base-url"],
)
def test_check_five_megabyte_value(benchmark, tmp_path: Path, line: str) -> None:
    (tmp_path / ".env").write_text(line.format(big="A" * 5_000_000, blanks=" " * 5_000_000))
    benchmark.pedantic(_check_folder_file, (tmp_path, ".env"), rounds=1, iterations=1)
