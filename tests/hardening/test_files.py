"""Issue 13, files and folders: nothing a cloned repository holds makes authlint hang or abort.

Every reproducer runs the real ``authlint`` in a subprocess with a timeout, so a hang is a
failure (``subprocess.TimeoutExpired``) and never a stuck suite:

- a FIFO named ``.env``, ``.env.local`` linked to ``/dev/zero``: skipped with a warning when
  walked, an error (exit 2) when named; every other file is still checked;
- a ``.gitignore`` (or ``--exclude``) pattern that makes a backtracking matcher run for ever;
- a folder this user cannot enter (run as ``nobody`` when the tests run as root);
- a file over the 10 MiB cap;
- the environment model (``authlint env``) and the language server reading the same files.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import keys

KEY = keys.api_key("hardening-files")
BAD_LINE = f'ANTHROPIC_API_KEY="{KEY} "\n'  # AL201: a trailing space inside the quotes
TIMEOUT = 60  # seconds; a fixed run takes about one
LSP_TIMEOUT = 30
BACKTRACKING = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
DEVICE = Path("/dev/zero")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_device = pytest.mark.skipif(
    not (DEVICE.exists() and os.path.exists("/dev/null")), reason="no /dev/zero on this system"
)


def environment(home: Path) -> dict[str, str]:
    """No machine home, git config or credential plays a part."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.pop("GIT_CONFIG_GLOBAL", None)
    env.pop("GIT_INDEX_FILE", None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def authlint(
    cwd: Path, *args: str, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real CLI in ``cwd``; raises ``TimeoutExpired`` if it does not end."""
    home = cwd.parent / "home"
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "authlint", *args],
        cwd=cwd,
        env=environment(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec_fn,
    )


def project(root: Path) -> Path:
    """A project whose ``prod.env`` has a finding: proof the other files are still checked."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "prod.env").write_text(BAD_LINE)
    return root


def assert_still_checked(result: subprocess.CompletedProcess[str]) -> None:
    assert "prod.env:1:" in result.stdout and "AL201" in result.stdout, result.stdout
    assert KEY not in result.stdout + result.stderr


# --- FIFOs and devices (#7) -------------------------------------------------------------------


@needs_fifo
def test_a_fifo_named_env_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    os.mkfifo(root / ".env")
    result = authlint(root, "check", ".", "--no-home")
    assert result.returncode == 1, result.stderr  # the finding, not an error: nothing to read
    assert "skipping .env: not a regular file (a FIFO)" in result.stderr
    assert_still_checked(result)


@needs_device
def test_env_local_linked_to_dev_zero_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    (root / ".env.local").symlink_to(DEVICE)
    (root / "sub").mkdir()
    (root / "sub" / ".zshrc").symlink_to(DEVICE)
    result = authlint(root, "check", ".", "--no-home")
    assert result.returncode == 1, result.stderr
    assert "skipping .env.local: not a regular file (a character device)" in result.stderr
    assert "skipping sub/.zshrc: not a regular file (a character device)" in result.stderr
    assert_still_checked(result)


@needs_fifo
@needs_device
def test_a_named_fifo_or_device_is_an_error_and_the_others_are_checked(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    os.mkfifo(root / ".env")
    (root / ".env.local").symlink_to(DEVICE)
    (root / "notes").symlink_to("/dev/null")  # no known name: its kind is guessed from content
    result = authlint(root, "check", ".env", ".env.local", "notes", "prod.env", "--no-home")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "cannot read .env: not a regular file (a FIFO)" in result.stderr
    assert "cannot read .env.local: not a regular file (a character device)" in result.stderr
    assert "cannot read notes: not a regular file (a character device)" in result.stderr
    assert_still_checked(result)


def test_a_file_over_the_size_cap_is_an_error_and_never_read_whole(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    with open(root / ".env", "wb") as handle:  # sparse: 11 MiB that take no disk
        handle.truncate(11 * 1024 * 1024)
    result = authlint(root, "check", ".", "--no-home")
    assert result.returncode == 2, result.stderr
    assert "cannot read .env: larger than 10 MiB" in result.stderr
    assert_still_checked(result)


def test_links_that_loop_are_skipped(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    (root / ".env").symlink_to(root / ".env")
    (root / "up").symlink_to(root)  # a folder link: never followed, so never walked round
    result = authlint(root, "check", ".", "--no-home")
    assert result.returncode == 1, result.stderr
    assert "skipping .env: Too many levels of symbolic links" in result.stderr
    assert_still_checked(result)


# --- ignore patterns that backtrack (#7) -----------------------------------------------------


def _backtracking_repo(root: Path) -> Path:
    project(root)
    (root / ".git").mkdir()
    (root / ".gitignore").write_text(f"{BACKTRACKING}\n")
    folder = root / ("a" * 200)
    folder.mkdir()
    (folder / ".env").write_text(BAD_LINE)
    return root


def test_a_gitignore_pattern_cannot_make_matching_backtrack(tmp_path: Path) -> None:
    root = _backtracking_repo(tmp_path / "repo")
    result = authlint(root, "check", ".", "--no-home")
    assert result.returncode == 1, result.stderr
    assert f"{'a' * 200}/.env:1:" in result.stdout  # not ignored (no "b"), and checked
    assert_still_checked(result)


def test_an_exclude_pattern_cannot_make_matching_backtrack(tmp_path: Path) -> None:
    root = _backtracking_repo(tmp_path / "repo")
    (root / ".gitignore").unlink()
    result = authlint(root, "check", ".", "--no-home", "--exclude", BACKTRACKING)
    assert result.returncode == 1, result.stderr
    assert f"{'a' * 200}/.env:1:" in result.stdout
    assert_still_checked(result)


_IS_IGNORED = """
import sys
from pathlib import Path
from authlint.core import git
root = Path(sys.argv[1])
print(" ".join(str(int(git.is_ignored(root / name))) for name in sys.argv[2:]))
"""


def _agrees_with_git(tmp_path: Path, lines: list[str], names: list[str]) -> None:
    """``git check-ignore`` and ``authlint.core.git`` (in a subprocess, bounded) agree."""
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("".join(f"{line}\n" for line in lines))
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    check = ["git", "-C", str(root), "check-ignore", "-q"]
    expected = [str(int(subprocess.run([*check, name]).returncode == 0)) for name in names]
    found = subprocess.run(
        [sys.executable, "-c", _IS_IGNORED, str(root.resolve()), *names],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == expected, (lines, names)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_backtracking_pattern_agrees_with_git(tmp_path: Path) -> None:
    names = ["a" * 200, "a" * 199 + "b", "ab", "b", "a" * 16 + "b", "a" * 17 + "b", "x/aaab"]
    _agrees_with_git(tmp_path, [BACKTRACKING], names)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("seed", range(8))
def test_random_patterns_agree_with_git(tmp_path: Path, seed: int) -> None:
    """Patterns built from every wildcard form, against names of a's and b's, as git sees them.

    A ``**`` glued to other characters before a ``/`` (``a**/b``) is left out: git's
    wildmatch treats it in a way of its own there that authlint never followed.
    """
    rng = random.Random(seed)
    atoms = ["a", "b", "*", "?", "[ab]", "[!a]", "[a-b]", "**", "/", "\\*", "**/", "/**", "c"]
    lines: list[str] = []
    while len(lines) < 6:
        line = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 6)))
        if re.search(r"[^/]\*\*+/", line) or line.endswith("\\"):
            continue
        prefix = "!" if rng.random() < 0.2 else ""
        lines.append(prefix + line + ("/" if rng.random() < 0.15 else ""))
    names = sorted(
        {
            "/".join(rng.choice(["a", "b", "ab", "ba", "aab", "c", "abc"]) for _ in range(depth))
            for depth in (1, 2, 3)
            for _ in range(6)
        }
    )
    names = [n for n in names if not any(o != n and o.startswith(n + "/") for o in names)]
    _agrees_with_git(tmp_path, lines, names)


# --- an unreadable folder (#8) ---------------------------------------------------------------


def _without_file_powers() -> Callable[[], None] | None:
    """A ``preexec_fn`` that takes from root the power to enter any folder; ``None`` if not root.

    Root keeps its user id (the interpreter may live under ``/root``) but loses
    ``CAP_DAC_OVERRIDE`` and ``CAP_DAC_READ_SEARCH`` from its bounding set, so the
    program it runs obeys file modes like any user.
    """
    if os.geteuid() != 0:
        return None
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and dropping capabilities is Linux-only")
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2

    def drop() -> None:
        for capability in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return drop


@pytest.fixture
def unreadable(tmp_path: Path) -> Iterator[Path]:
    """A project whose ``sub`` folder (a repository with a ``.env``) has mode 000."""
    root = project(tmp_path / "repo")
    (root / ".git").mkdir()
    (root / "sub" / ".git").mkdir(parents=True)
    (root / "sub" / ".env").write_text(BAD_LINE)
    (root / "sub").chmod(0o000)
    yield root
    (root / "sub").chmod(0o755)


def test_an_unreadable_folder_is_skipped_with_a_warning(unreadable: Path) -> None:
    drop = _without_file_powers()
    probe = subprocess.run(
        ["ls", str(unreadable / "sub")], preexec_fn=drop, capture_output=True, timeout=TIMEOUT
    )
    if probe.returncode == 0:
        pytest.skip("this user can list a mode-000 folder")
    result = authlint(unreadable, "check", ".", "--no-home", preexec_fn=drop)
    assert "internal error" not in result.stderr, result.stderr
    assert "skipping sub: cannot list the folder (Permission denied)" in result.stderr
    assert result.returncode == 1, result.stderr
    assert_still_checked(result)
    env = authlint(unreadable, "env", "--no-home", preexec_fn=drop)
    assert (env.returncode, env.stderr) == (0, "")


# --- the environment model reads the same files (#5, #7) -------------------------------------


@needs_fifo
@needs_device
def test_the_environment_model_skips_fifos_devices_and_huge_files(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    os.mkfifo(root / ".env")
    os.mkfifo(root / "package.json")
    (root / ".env.local").symlink_to(DEVICE)
    (root / ".claude").mkdir()
    (root / ".claude" / "settings.json").symlink_to(DEVICE)
    (root / ".claude" / "settings.local.json").symlink_to(root / ".env")
    (root / "app.py").write_text("from dotenv import load_dotenv\nload_dotenv()\n")
    (root / "svc").mkdir()
    (root / "svc" / "app.py").write_text("from dotenv import load_dotenv\nload_dotenv()\n")
    (root / "svc" / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    os.mkfifo(root / "worker.py")
    with open(root / ".env.huge", "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    env = authlint(root, "env", "--no-home")
    assert env.returncode == 0, env.stderr
    assert "Python program svc/app.py" in env.stdout and "svc/.env:1" in env.stdout, env.stdout
    assert KEY not in env.stdout + env.stderr
    check = authlint(root, "check", ".", "--no-home")
    assert check.returncode == 2, check.stderr  # .env.huge: over the cap
    assert "skipping .env: not a regular file (a FIFO)" in check.stderr
    assert_still_checked(check)


# --- the language server's reading (#5, #7) --------------------------------------------------


@needs_fifo
@needs_device
async def test_the_language_server_checks_beside_fifos_and_devices(tmp_path: Path) -> None:
    """The model's reads and the BOM sniff of an open document never wait on a FIFO."""
    workspace = project(tmp_path / "workspace")
    (workspace / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    os.mkfifo(workspace / ".env")
    (workspace / ".env.local").symlink_to(DEVICE)
    (workspace / ".claude").mkdir()
    (workspace / ".claude" / "settings.json").symlink_to(DEVICE)
    (workspace / "app.py").write_text("from dotenv import load_dotenv\nload_dotenv()\n")
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / ".zshrc")
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "authlint", "server"],
        server_env=environment(home),
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    client.set_configuration({"platform": "linux"}, section="authlint")
    try:
        await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=client_capabilities("visual_studio_code"),
                    root_uri=workspace.as_uri(),
                    initialization_options={"platform": "linux"},
                )
            ),
            LSP_TIMEOUT,
        )
        for name in ("prod.env", ".env"):  # .env: the editor's text, a FIFO on disk
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=(workspace / name).as_uri(),
                        language_id="dotenv",
                        version=1,
                        text=BAD_LINE,
                    )
                )
            )

        async def published() -> None:
            while not all(
                any(d.code == "AL201" for d in client.diagnostics.get(u, ()))
                for u in ((workspace / "prod.env").as_uri(), (workspace / ".env").as_uri())
            ):
                await asyncio.sleep(0.05)

        await asyncio.wait_for(published(), LSP_TIMEOUT)
        await asyncio.wait_for(client.shutdown_session(), LSP_TIMEOUT)
    finally:
        server = client._server  # a server stuck on a FIFO never exits: stop() would wait for ever
        if server is not None and server.returncode is None:
            server.kill()
        await client.stop()
