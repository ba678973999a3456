"""``authlint check`` over a generated tree, against ripgrep over the same tree.

``python tests/bench/tree.py [files]`` prints wall and CPU time, peak RSS and
the ratio to ``rg`` (searching the key prefix, as a secret scan would), at the
given size and four times it. The tree is a monorepo: many services, each with
code files, a few ``.env`` files, Compose and VS Code settings.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from keys import api_key  # noqa: E402


def generate(root: Path, files: int) -> None:
    """About ``files`` files under ``root``: 90% code, 10% configuration."""
    (root / "pyproject.toml").write_text("[project]\nname = 'tree'\n")
    (root / ".gitignore").write_text(".env\n")
    per_service = 50
    for service in range(max(1, files // per_service)):
        folder = root / f"svc{service:04d}"
        (folder / "src").mkdir(parents=True)
        for i in range(per_service - 5):
            body = "".join(
                f"def handler_{i}_{k}(event):\n    return event.get('k{k}', {k})\n\n"
                for k in range(15)
            )
            if i == 0:
                body = (
                    "import os\nfrom dotenv import load_dotenv\nimport anthropic\n\nload_dotenv()\n"
                    "client = anthropic.Anthropic()\n\n" + body
                )
            (folder / "src" / f"m{i}.py").write_text(body)
        (folder / ".env").write_text(
            "".join(f"SETTING_{k}=value-{k}\n" for k in range(20))
            + f"ANTHROPIC_API_KEY={api_key(str(service))}\n"
        )
        (folder / ".env.example").write_text("ANTHROPIC_API_KEY=\n")
        (folder / "compose.yaml").write_text(
            "services:\n  app:\n    environment:\n      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n"
        )
        (folder / "index.js").write_text("import 'dotenv/config';\nconsole.log('hi');\n")
        (folder / "README.md").write_text("# service\n")


RUNS = 3  # timed runs of each command (after one untimed run)

# This repository's tests run with PYTHONDONTWRITEBYTECODE=1; an installed authlint has its
# bytecode, so the runs read it from a private cache that the untimed run fills.
BYTECODE = {
    "PYTHONDONTWRITEBYTECODE": "",
    "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="authlint-bench-pyc-"),
}


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall and CPU seconds and peak RSS (MiB) of :data:`RUNS` runs after an untimed one."""
    runs = [_run_once(command, cwd, env) for _ in range(RUNS + 1)][1:]
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "rss": max(r["rss"] for r in runs),
    }


def _run_once(command: list[str], cwd: Path, env: dict[str, str] | None) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one child run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the biggest tree last.
    return {"wall": wall, "cpu": cpu, "rss": after.ru_maxrss / 1024}


def compare(files: int) -> dict[str, float]:
    """authlint and ripgrep over one tree of ``files`` files."""
    with tempfile.TemporaryDirectory(prefix="authlint-tree-") as folder:
        root = Path(folder)
        generate(root, files)
        home = root / ".home"
        home.mkdir()
        ours = measure(
            [sys.executable, "-m", "authlint", "check", ".", "--no-home", "--format", "json"],
            root,
            {"HOME": str(home), **BYTECODE},
        )
        rg = shutil.which("rg")
        theirs = (
            measure([rg, "-uu", "--count", "sk-ant-", "."], root)
            if rg
            else {"wall": float("nan"), "cpu": float("nan"), "rss": float("nan")}
        )
        count = sum(1 for _ in root.rglob("*") if _.is_file())
    return {
        "files": count,
        "wall": ours["wall"],
        "cpu": ours["cpu"],
        "rss": ours["rss"],
        "rg_wall": theirs["wall"],
        "rg_cpu": theirs["cpu"],
    }


def main() -> None:
    """Print the table at 1× and 4× the size given (default 5,000 files)."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    if shutil.which("rg") is None:
        print("ripgrep (rg) not found: no reference column")  # noqa: T201
    print("| files | authlint wall s | CPU s | peak MiB | rg wall s | ratio (wall) |")  # noqa: T201
    print("|---|---|---|---|---|---|")  # noqa: T201
    for files in (size, size * 4):
        row = compare(files)
        ratio = row["wall"] / row["rg_wall"] if row["rg_wall"] == row["rg_wall"] else float("nan")
        print(  # noqa: T201
            f"| {row['files']:,} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss']:.0f} | "
            f"{row['rg_wall']:.2f} | {ratio:.0f}× |"
        )


if __name__ == "__main__":
    main()
