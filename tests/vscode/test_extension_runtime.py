"""The VS Code extension's Python runtime: the per-version bundle, the launcher's start-up check.

Real parts only: ``client-extension/scripts/bundle_python.py`` (pip, PyPI),
``client-extension/python/launch.py`` run by real interpreters (the
pyenv/python.org ``python3.10`` when there is one), and the server it starts
answering ``initialize`` over stdio.

- The bundle shipped by ``npm run package`` (or, without it, one built here
  for Python 3.10) holds ``cp310`` … with Python 3.10's own dependencies
  (``exceptiongroup``, ``tomli``: the crash of issue 14), and every wheel
  tag in it suits its Python version and platform.
- ``launch.py check`` imports everything the server needs and, when
  something is missing or the package does not fit, prints one problem and
  one fix instead of a traceback.
- A non-native target (``win32-x64``) is bundled for Python 3.10 and 3.14:
  Windows extension modules for each version, nothing compiled for Linux.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "client-extension"
BUNDLER = EXTENSION / "scripts" / "bundle_python.py"
LAUNCHER = EXTENSION / "python" / "launch.py"
SHIPPED = EXTENSION / "bundled" / "libs"
PIP_TIMEOUT = 600


def _python(version: str) -> str | None:
    """A working CPython ``version`` (``"3.10"``) on PATH or under pyenv, if this machine has one.

    pyenv's shims are on PATH even when they refuse to run, so each candidate is tried.
    """
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [
        str(c) for c in sorted(pyenv.glob(f"{version}.*/bin/python{version}"), reverse=True)
    ]
    candidates.append(shutil.which(f"python{version}") or "")
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=30,
                stdin=subprocess.DEVNULL,
            )
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


def _bundle(out: Path, target: str, pythons: str) -> subprocess.CompletedProcess[str]:
    """Run the real bundler into ``out``."""
    return subprocess.run(
        [sys.executable, str(BUNDLER), "--target", target, "--python", pythons, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def _extension_copy(root: Path, libs: Path, only: tuple[str, ...] = ()) -> Path:
    """A minimal extension folder: ``python/launch.py`` and a copy of ``libs``."""
    (root / "python").mkdir(parents=True)
    shutil.copy2(LAUNCHER, root / "python" / "launch.py")
    target = root / "bundled" / "libs"
    if only:
        target.mkdir(parents=True)
        for name in only:
            source = libs / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            elif source.exists():
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(libs, target)
    return root


def _check(python: str, extension: Path, strategy: str = "useBundled") -> dict[str, object]:
    """Run ``python -S launch.py check``; returns the ``authlint-check`` verdict plus errors."""
    done = subprocess.run(
        [python, "-S", str(extension / "python" / "launch.py"), "--strategy", strategy, "check"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("authlint-probe 3 "), done.stdout
    verdicts = [line for line in lines if line.startswith("authlint-check ")]
    assert len(verdicts) == 1, done.stdout
    verdict: dict[str, object] = json.loads(verdicts[0][len("authlint-check ") :])
    verdict["import_errors"] = [
        line.split(" ", 2)[1] for line in lines if line.startswith("authlint-import-error ")
    ]
    return verdict


@pytest.fixture(scope="module")
def py310() -> str:
    # No registry ships CPython itself: without one here, the wheel-tag test still checks the
    # Python 3.10 part of the bundle.
    found = _python("3.10")
    if found is None:
        pytest.skip("no python3.10 on this machine (PATH or ~/.pyenv/versions)")
    return found


@pytest.fixture(scope="module")
def libs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped bundle when ``npm run package`` made one, else one built now for Python 3.10."""
    if (SHIPPED / "bundle.json").is_file():
        info = json.loads((SHIPPED / "bundle.json").read_text())
        if "3.10" in info.get("pythons", []):
            return SHIPPED
    out = tmp_path_factory.mktemp("bundle") / "libs"
    done = _bundle(out, "native", "3.10")
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _wheel_tags(info: Path) -> list[str]:
    wheel = info / "WHEEL"
    return [
        line.split(":", 1)[1].strip()
        for line in wheel.read_text().splitlines()
        if line.startswith("Tag:")
    ]


def _tag_fits(tag: str, version_tag: str, platform_prefixes: tuple[str, ...]) -> bool:
    """Whether a wheel tag ``py-abi-platform`` (one of a compressed set) runs on the target."""
    pythons, abis, platforms = tag.split("-")
    python_ok = any(
        p in (version_tag, "py3", "py2.py3") or (p.startswith("cp3") and abis.endswith("abi3"))
        for p in pythons.split(".")
    )
    abi_ok = any(a in (version_tag, "abi3", "none") for a in abis.split("."))
    platform_ok = any(p == "any" or p.startswith(platform_prefixes) for p in platforms.split("."))
    return python_ok and abi_ok and platform_ok


def test_bundle_has_python_310_dependencies_and_fitting_wheels(libs: Path) -> None:
    info = json.loads((libs / "bundle.json").read_text())
    assert "3.10" in info["pythons"]
    cp310 = libs / "cp310"
    # cattrs needs exceptiongroup and authlint needs tomli on 3.10 only: the pip resolver
    # running on a newer Python skips both (the `No module named 'exceptiongroup'` crash).
    assert (cp310 / "exceptiongroup" / "__init__.py").is_file()
    assert (cp310 / "tomli" / "__init__.py").is_file()
    assert (libs / "common" / "authlint" / "lsp" / "server.py").is_file()
    compiled = list(cp310.glob("tree_sitter/_binding*"))
    assert compiled and all("310" in p.name for p in compiled), compiled
    for folder in [libs / "common", *(libs / f"cp{v.replace('.', '')}" for v in info["pythons"])]:
        version_tag = folder.name if folder.name.startswith("cp") else "cp310"
        for dist in folder.glob("*.dist-info"):
            tags = _wheel_tags(dist)
            if folder.name == "common":
                # Shared by every version: must be pure Python or the stable ABI.
                assert all(t.split("-")[1] in ("none", "abi3") for t in tags), (dist, tags)
                continue
            prefixes = ("manylinux", "linux") if info["target"].startswith("linux") else ("",)
            assert any(_tag_fits(t, version_tag, prefixes) for t in tags), (dist, tags)


def test_server_starts_under_python_310_with_the_bundle(
    libs: Path, py310: str, tmp_path: Path
) -> None:
    extension = _extension_copy(tmp_path / "ext", libs, ("bundle.json", "common", "cp310"))
    verdict = _check(py310, extension)
    assert verdict["problem"] is None, verdict
    assert verdict["mode"] == "bundled"
    assert verdict["import_errors"] == []
    # And the server itself answers `initialize` over stdio.
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        }
    ).encode()
    exit_body = json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode()
    message = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    message += b"Content-Length: %d\r\n\r\n%s" % (len(exit_body), exit_body)
    done = subprocess.run(
        [py310, "-S", str(extension / "python" / "launch.py"), "server"],
        input=message,
        capture_output=True,
        timeout=120,
    )
    assert b'"id": 1' in done.stdout or b'"id":1' in done.stdout, done.stderr[-3000:]
    assert b'"capabilities"' in done.stdout, done.stderr[-3000:]
    assert b"Traceback" not in done.stderr, done.stderr[-3000:]


def test_a_missing_module_gives_one_message_naming_the_fix(
    libs: Path, py310: str, tmp_path: Path
) -> None:
    extension = _extension_copy(tmp_path / "ext", libs, ("bundle.json", "common", "cp310"))
    shutil.rmtree(extension / "bundled" / "libs" / "cp310" / "exceptiongroup")
    verdict = _check(py310, extension)
    assert verdict["mode"] == "bundled"
    problem = str(verdict["problem"])
    assert problem.startswith("the bundled authlint does not load in Python 3.10 ("), problem
    assert "No module named 'exceptiongroup'" in problem
    assert str(verdict["fix"]).startswith("Reinstall the authlint extension (the package for ")
    # The server refuses the same way: one line on stderr, exit 3, no traceback.
    done = subprocess.run(
        [py310, "-S", str(extension / "python" / "launch.py"), "server"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("authlint cannot start: ")
    assert "Traceback" not in done.stderr


def test_a_python_the_bundle_lacks_is_named_with_the_fix(
    libs: Path, py310: str, tmp_path: Path
) -> None:
    extension = _extension_copy(tmp_path / "ext", libs, ("bundle.json", "common", "cp310"))
    info_path = extension / "bundled" / "libs" / "bundle.json"
    info = json.loads(info_path.read_text())
    info["pythons"] = ["3.11"]
    info_path.write_text(json.dumps(info))
    shutil.rmtree(extension / "bundled" / "libs" / "cp310")
    verdict = _check(py310, extension)
    assert verdict["mode"] is None
    assert str(verdict["problem"]).startswith(
        "the extension bundles authlint for Python 3.11 only, and this is Python 3.10 ("
    )
    assert '"authlint.interpreter" to a Python 3.11' in str(verdict["fix"])


def test_a_package_for_another_platform_is_named(libs: Path, tmp_path: Path) -> None:
    extension = _extension_copy(tmp_path / "ext", libs, ("bundle.json",))
    info_path = extension / "bundled" / "libs" / "bundle.json"
    info = json.loads(info_path.read_text())
    info["target"] = "darwin-arm64" if sys.platform != "darwin" else "win32-x64"
    info_path.write_text(json.dumps(info))
    verdict = _check(sys.executable, extension)
    assert str(verdict["problem"]).startswith(
        f"this authlint extension package was built for {info['target']}, but this machine is "
    )
    assert "Install the authlint extension package for" in str(verdict["fix"])


def test_universal_package_uses_an_installed_authlint_or_says_how(tmp_path: Path) -> None:
    extension = tmp_path / "ext"
    (extension / "python").mkdir(parents=True)
    shutil.copy2(LAUNCHER, extension / "python" / "launch.py")
    # The test venv has authlint installed: both strategies use it.
    for strategy in ("useBundled", "fromEnvironment"):
        verdict = _check(sys.executable, extension, strategy)
        assert verdict["problem"] is None, verdict
        assert verdict["mode"] == "environment"
        assert verdict["import_errors"] == []
    # A bare Python (a fresh venv without authlint) is told what to run.
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = bare / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    verdict = _check(str(python), extension)
    assert verdict["mode"] is None
    assert "universal" in str(verdict["problem"]) and "has no authlint installed" in str(
        verdict["problem"]
    )
    assert str(verdict["fix"]).startswith(f'Run "{python} -m pip install authlint"')


def test_from_environment_prefers_the_installed_authlint(libs: Path, tmp_path: Path) -> None:
    extension = _extension_copy(tmp_path / "ext", libs, ("bundle.json",))
    verdict = _check(sys.executable, extension, "fromEnvironment")
    assert verdict["mode"] == "environment", verdict
    assert verdict["problem"] is None


def test_dry_run_lists_the_pip_commands_for_every_python() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BUNDLER),
            "--target",
            "linux-arm64",
            "--dry-run",
            "--out",
            "/nonexistent",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    commands = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    assert commands[0][0] == "wheel"
    installs = [c for c in commands if c[0] == "install"]
    versions = [c[c.index("--python-version") + 1] for c in installs]
    assert versions == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    for command in installs:
        assert "--only-binary=:all:" in command
        platforms = [command[i + 1] for i, arg in enumerate(command) if arg == "--platform"]
        assert "manylinux_2_28_aarch64" in platforms and "manylinux2014_aarch64" in platforms
        assert "manylinux_2_29_aarch64" not in platforms
        assert all(p.endswith("_aarch64") for p in platforms)


@pytest.fixture(scope="module")
def windows_bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("win32") / "libs"
    done = _bundle(out, "win32-x64", "3.10,3.14")
    assert done.returncode == 0, done.stderr[-3000:]
    yield out


def test_non_native_target_bundles_that_platforms_wheels(windows_bundle: Path) -> None:
    info = json.loads((windows_bundle / "bundle.json").read_text())
    assert info["target"] == "win32-x64"
    assert info["pythons"] == ["3.10", "3.14"]
    for version in ("310", "314"):
        folder = windows_bundle / f"cp{version}"
        assert (folder / "tree_sitter" / f"_binding.cp{version}-win_amd64.pyd").is_file()
        for dist in folder.glob("*.dist-info"):
            tags = _wheel_tags(dist)
            assert any(_tag_fits(t, f"cp{version}", ("win_amd64",)) for t in tags), (dist, tags)
    assert (windows_bundle / "cp310" / "exceptiongroup").is_dir()
    assert not (windows_bundle / "cp314" / "exceptiongroup").exists()
    grammar = list((windows_bundle / "common" / "tree_sitter_bash").glob("_binding*"))
    assert grammar and all(p.suffix == ".pyd" for p in grammar), grammar
    linux = [p for p in windows_bundle.rglob("*.so")]
    assert linux == [], linux[:5]


def test_the_packaged_vsix_carries_the_launcher_and_every_python() -> None:
    vsix = EXTENSION / "authlint.vsix"
    if not vsix.is_file():
        if os.environ.get("AUTHLINT_REQUIRE_EDITORS") == "1":
            pytest.fail("client-extension/authlint.vsix missing (npm run package)")
        pytest.skip(
            "client-extension/authlint.vsix missing (cd client-extension && npm run package)"
        )
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = archive.read("extension.vsixmanifest").decode()
        info = json.loads(archive.read("extension/bundled/libs/bundle.json"))
    assert "extension/python/launch.py" in names
    assert f'TargetPlatform="{info["target"]}"' in manifest
    assert info["pythons"] == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    for version in info["pythons"]:
        tag = "cp" + version.replace(".", "")
        assert any(
            n.startswith(f"extension/bundled/libs/{tag}/tree_sitter/_binding") for n in names
        )
    assert not any("__pycache__" in n for n in names)
