"""``.pre-commit-hooks.yaml``: the hook reads exactly the files whose names authlint knows, and
its entry works on real files the way pre-commit calls it (file names appended)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import keys
from authlint.scanners import kind_from_name

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _minimal_yaml(text: str) -> list[dict[str, str]]:
    """The subset of YAML the hooks file uses: a list of flat mappings of scalars."""
    hooks: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = line.startswith("- ")
        key, _, value = line[2:].strip().partition(":") if item else line.strip().partition(":")
        value = value.strip()
        if value[:1] == "'" and value[-1:] == "'":
            value = value[1:-1].replace("''", "'")
        elif value[:1] == '"' and value[-1:] == '"':
            value = value[1:-1]
        if item:
            hooks.append({})
        hooks[-1][key.strip()] = value
    return hooks


def load_hooks() -> list[dict[str, object]]:
    text = HOOKS.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        return list(_minimal_yaml(text))
    data = yaml.safe_load(text)
    assert data == _minimal_yaml(text)  # the fallback parser reads the file the same way
    return list(data)


def test_hook_definition() -> None:
    (hook,) = load_hooks()
    assert hook["id"] == "authlint"
    assert hook["entry"] == "authlint check --no-home --only-known-names"
    assert "files" not in hook  # authlint itself decides which names it reads
    assert hook["language"] == "python"
    assert hook["name"] and hook["description"]


@pytest.mark.parametrize(
    "name",
    [
        ".env",
        "app/.env.local",
        "deploy/prod.env",
        "env.example",
        ".ENV",
        ".envrc",
        "home/.zshrc",
        ".bashrc",
        ".bash_profile",
        ".profile",
        ".zshenv",
        "dot_zshrc",
        "zshrc",
        ".config/fish/config.fish",
        "conf.d/anthropic.fish",
        "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
        "setup.PS1",
        "README.md",
        "pyproject.toml",
        "src/env.py",
        ".env.d/readme",
        ".zshrc.bak",
        "environment",
        "settings.json",
    ],
)
def test_only_known_names_are_read(tmp_path: Path, name: str) -> None:
    (hook,) = load_hooks()
    (tmp_path / ".git").mkdir()  # a repository: a full key in any file read is a leak
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"ANTHROPIC_API_KEY={keys.api_key()}\n")
    result = subprocess.run(
        [*_entry(hook), "--select", "AL501,AL502", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    read = kind_from_name(Path(name)) is not None
    assert result.returncode == (1 if read else 0), (name, result.stdout, result.stderr)


def _entry(hook: dict[str, object]) -> list[str]:
    argv = shlex.split(str(hook["entry"]))
    installed = shutil.which("authlint") or str(Path(sys.executable).parent / "authlint")
    if argv[0] == "authlint" and Path(installed).exists():
        return [installed, *argv[1:]]
    return [sys.executable, "-m", "authlint", *argv[1:]]


def test_entry_runs_on_the_files_pre_commit_passes(tmp_path: Path) -> None:
    (hook,) = load_hooks()
    key = keys.api_key()
    bad = tmp_path / "app" / ".env"
    bad.parent.mkdir()
    bad.write_text(f'ANTHROPIC_API_KEY="{key} "\n')
    good = tmp_path / ".zshrc"
    good.write_text(f'export ANTHROPIC_API_KEY="{key}"\n')
    run = [*_entry(hook), "--select", "AL201"]
    failing = subprocess.run(
        [*run, "app/.env", ".zshrc"], cwd=tmp_path, capture_output=True, text=True
    )
    assert failing.returncode == 1, failing.stderr
    assert "app/.env:1:20: AL201" in failing.stdout and key not in failing.stdout
    passing = subprocess.run([*run, ".zshrc"], cwd=tmp_path, capture_output=True, text=True)
    assert (passing.returncode, passing.stdout) == (0, "All checks passed!\n")


def test_pre_commit_try_repo_runs_the_hook_from_a_tag(tmp_path: Path) -> None:
    """The real pre-commit clones a copy of this repository at a tag (what `rev:` names),
    installs the hook's environment from it, and runs the hook on the files given."""
    from project_copy import copy_project, git_env, index_unreachable

    reason = index_unreachable()
    if reason:
        pytest.skip(reason)
    env = git_env(tmp_path)
    venv = tmp_path / "pre-commit-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    installed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "pre-commit"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode != 0:
        pytest.skip(f"pre-commit could not be installed: {installed.stderr[-500:]}")
    project = copy_project(tmp_path / "authlint-src", env)
    user = tmp_path / "user"
    (user / "app").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=user, env=env, check=True)
    key = keys.api_key()
    (user / "app" / ".env").write_text(f'ANTHROPIC_API_KEY="{key} "\n')
    (user / "README.md").write_text("# demo\n")
    subprocess.run(["git", "add", "-A"], cwd=user, env=env, check=True)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    try_repo = [str(bin_dir / "pre-commit"), "try-repo", str(project), "authlint"]
    try_repo += ["--ref", "v0.0.0-test", "--verbose", "--files"]

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*try_repo, *files], cwd=user, env=env, capture_output=True, text=True, timeout=900
        )

    failing = run("app/.env", "README.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "app/.env:1:20: AL201" in failing.stdout
    assert key not in failing.stdout + failing.stderr
    passing = run("README.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "All checks passed!" in passing.stdout
