"""Bundle the authlint server and its Python dependencies into ``bundled/libs``, per Python version.

Layout (read by ``python/launch.py``)::

    bundled/libs/bundle.json   {"target": "linux-x64", "pythons": ["3.10", …], "platforms": […]}
    bundled/libs/cp310/        everything that differs between Python versions (compiled
    bundled/libs/cp311/        modules such as tree_sitter and yaml, and version-only
    …                          dependencies such as exceptiongroup and tomli on 3.10)
    bundled/libs/common/       top-level packages identical for every version

For each Python version the dependencies are installed with ``pip install
--target … --only-binary=:all: --python-version X.Y --implementation cp
--platform TAG…`` from a wheel of this repository built once. pip evaluates
environment markers (``exceptiongroup; python_version < "3.11"``) for the
Python that runs it, not for ``--python-version``, so the requirements of the
installed distributions are evaluated again here with the target's marker
environment (:func:`marker_environment`) and whatever is missing is added
(``--no-deps``) until nothing is.

Usage::

    python3 scripts/bundle_python.py [--target native|universal|linux-x64|…]
                                     [--python 3.10,3.11,…] [--out DIR] [--dry-run]

``native`` (the default) is the machine that runs the script; ``universal``
writes no bundle (the package then uses an installed authlint). ``--dry-run``
prints the pip commands as JSON lines and installs nothing. Reaches only PyPI
(through pip). Exits 1 when no Python version could be bundled, 2 for bad
arguments; a version whose wheels are missing is left out with a warning
(``bundle.json`` lists the versions that are in).
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

try:
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pragma: no cover - pip always vendors packaging
    from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef,assignment,unused-ignore]
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef,assignment,unused-ignore]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[no-redef,assignment,unused-ignore]

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent
LIBS = HERE / "bundled" / "libs"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
GLIBC = 28  # VS Code's own minimum on Linux is glibc 2.28


def _manylinux(arch: str) -> list[str]:
    """Every manylinux tag a glibc 2.28 machine accepts (pip does not expand ``manylinux_2_X``)."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(GLIBC, 4, -1)]
    return [*tags, f"manylinux2014_{arch}", f"manylinux2010_{arch}", f"manylinux1_{arch}"]


def _musllinux(arch: str) -> list[str]:
    return [f"musllinux_1_{minor}_{arch}" for minor in (2, 1, 0)]


# VS Code target -> (pip --platform tags, marker environment values).
TARGETS: dict[str, tuple[list[str], dict[str, str]]] = {
    "linux-x64": (_manylinux("x86_64"), {"sys_platform": "linux", "platform_machine": "x86_64"}),
    "linux-arm64": (
        _manylinux("aarch64"),
        {"sys_platform": "linux", "platform_machine": "aarch64"},
    ),
    "alpine-x64": (_musllinux("x86_64"), {"sys_platform": "linux", "platform_machine": "x86_64"}),
    "alpine-arm64": (
        _musllinux("aarch64"),
        {"sys_platform": "linux", "platform_machine": "aarch64"},
    ),
    # pip expands a macosx tag to every older macOS and to universal2.
    "darwin-x64": (
        ["macosx_10_15_x86_64"],
        {"sys_platform": "darwin", "platform_machine": "x86_64"},
    ),
    "darwin-arm64": (
        ["macosx_11_0_arm64"],
        {"sys_platform": "darwin", "platform_machine": "arm64"},
    ),
    "win32-x64": (["win_amd64"], {"sys_platform": "win32", "platform_machine": "AMD64"}),
}
# The packages `npm run package:all` builds (alpine-arm64 is here when its wheels exist).
MATRIX = (
    "linux-x64",
    "linux-arm64",
    "darwin-x64",
    "darwin-arm64",
    "win32-x64",
    "alpine-x64",
    "alpine-arm64",
)
_SYSTEMS = {"linux": ("Linux", "posix"), "darwin": ("Darwin", "posix"), "win32": ("Windows", "nt")}

log = logging.getLogger("bundle_python")


def native_target() -> str:
    """The VS Code target of the machine running this script (``linux-x64`` …)."""
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine
    )
    if sys.platform == "win32":
        return f"win32-{arch}"
    if sys.platform == "darwin":
        return f"darwin-{arch}"
    musl = platform.libc_ver()[0] != "glibc" and any(Path("/lib").glob("ld-musl*"))
    return f"{'alpine' if musl else 'linux'}-{arch}"


def marker_environment(target: str, python: str) -> dict[str, str]:
    """The PEP 508 marker values of CPython ``python`` (``"3.10"``) on VS Code ``target``."""
    values = TARGETS[target][1]
    system, os_name = _SYSTEMS[values["sys_platform"]]
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "os_name": os_name,
        "platform_machine": values["platform_machine"],
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": system,
        "platform_version": "",
        "python_full_version": f"{python}.0",
        "python_version": python,
        "sys_platform": values["sys_platform"],
    }


def pip_target_args(target: str, python: str) -> list[str]:
    """The pip options that pick binary wheels for CPython ``python`` on ``target``."""
    args = ["--only-binary=:all:", "--python-version", python, "--implementation", "cp"]
    for tag in TARGETS[target][0]:
        args += ["--platform", tag]
    return args


def installed(folder: Path) -> dict[str, Path]:
    """``{canonical name: dist-info folder}`` of the distributions installed in ``folder``."""
    found: dict[str, Path] = {}
    for info in folder.glob("*.dist-info"):
        metadata = info / "METADATA"
        if metadata.is_file():
            message = email.parser.Parser().parsestr(metadata.read_text(encoding="utf-8"))
            found[canonicalize_name(message.get("Name", ""))] = info
    return found


def requirements(info: Path) -> list[str]:
    """The ``Requires-Dist`` lines of one installed distribution."""
    text = (info / "METADATA").read_text(encoding="utf-8")
    return email.parser.Parser().parsestr(text).get_all("Requires-Dist") or []


def missing_requirements(folder: Path, environment: dict[str, str]) -> list[str]:
    """Requirements of the distributions in ``folder`` that apply to ``environment`` but are absent.

    Extras are not followed (none of the server's dependencies asks for one).
    Returns requirement strings without markers, sorted.
    """
    present = installed(folder)
    wanted: dict[str, str] = {}
    for info in present.values():
        for line in requirements(info):
            requirement = Requirement(line)
            marker: Marker | None = requirement.marker
            if marker is not None and not marker.evaluate({**environment, "extra": ""}):
                continue
            name = canonicalize_name(requirement.name)
            if name not in present:
                wanted[name] = f"{requirement.name}{requirement.specifier}"
    return sorted(wanted.values())


class Pip:
    """Runs pip with this interpreter, or prints the commands (``dry_run``)."""

    def __init__(self, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.commands: list[list[str]] = []

    def __call__(self, *args: str) -> None:
        """Run ``pip ARGS``; raises ``CalledProcessError`` when it fails (never in a dry run)."""
        self.commands.append(list(args))
        if self.dry_run:
            print(json.dumps(list(args)))  # noqa: T201 - the dry run's output
            return
        command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]
        env = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore", "PIP_NO_WARN_SCRIPT_LOCATION": "1"}
        subprocess.run(command, check=True, env=env)


def install_version(pip: Pip, wheel: Path, target: str, python: str, folder: Path) -> None:
    """Install the server wheel and its dependencies for CPython ``python`` on ``target``."""
    base = ["install", "--no-compile", "--target", str(folder), *pip_target_args(target, python)]
    pip(*base, str(wheel))
    if pip.dry_run:
        return
    environment = marker_environment(target, python)
    for _ in range(10):
        extra = missing_requirements(folder, environment)
        if not extra:
            break
        log.info("Python %s on %s also needs %s", python, target, ", ".join(extra))
        pip(*base, "--no-deps", *extra)
    else:
        raise RuntimeError(f"requirements for Python {python} on {target} do not settle")
    shutil.rmtree(folder / "bin", ignore_errors=True)
    for cache in list(folder.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def _digest(path: Path) -> str:
    """A hash of a file or of a folder's relative paths and contents."""
    digest = hashlib.sha256()
    files: Iterator[Path] = iter([path]) if path.is_file() else iter(sorted(path.rglob("*")))
    for item in files:
        if item.is_file():
            digest.update(str(item.relative_to(path.parent)).encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()


def hoist_common(libs: Path, tags: Sequence[str]) -> list[str]:
    """Move top-level entries identical in every ``libs/<tag>`` to ``libs/common``.

    Returns the names moved. A package is moved whole or not at all, since a
    regular package cannot be split across ``sys.path`` entries.
    """
    common = libs / "common"
    common.mkdir(exist_ok=True)
    first = libs / tags[0]
    moved: list[str] = []
    for entry in sorted(first.iterdir()):
        others = [libs / tag / entry.name for tag in tags[1:]]
        if not all(other.exists() for other in others):
            continue
        digest = _digest(entry)
        if all(_digest(other) == digest for other in others):
            shutil.move(str(entry), str(common / entry.name))
            for other in others:
                shutil.rmtree(other) if other.is_dir() else other.unlink()
            moved.append(entry.name)
    return moved


def build_wheel(pip: Pip, into: Path) -> Path:
    """Build the authlint wheel from this repository once (``pip wheel --no-deps``)."""
    pip("wheel", "--no-deps", "-w", str(into), str(ROOT))
    if pip.dry_run:
        return into / "authlint-0-py3-none-any.whl"
    return next(into.glob("authlint-*.whl"))


def bundle(target: str, pythons: Sequence[str], out: Path, pip: Pip) -> list[str]:
    """Write the bundle for ``target`` into ``out`` (emptied first); returns the versions bundled.

    ``universal`` writes nothing but an empty ``out``. Raises ``ValueError``
    for an unknown target.
    """
    if target != "universal" and target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; one of {sorted(TARGETS)} or universal")
    if not pip.dry_run:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
    if target == "universal":
        return []
    done: list[str] = []
    with tempfile.TemporaryDirectory(prefix="authlint-wheel-") as tmp:
        wheel = build_wheel(pip, Path(tmp))
        for python in pythons:
            folder = out / ("cp" + python.replace(".", ""))
            try:
                install_version(pip, wheel, target, python, folder)
            except (subprocess.CalledProcessError, RuntimeError) as error:
                log.warning("Python %s on %s not bundled: %s", python, target, error)
                shutil.rmtree(folder, ignore_errors=True)
                continue
            done.append(python)
    if pip.dry_run or not done:
        return done
    hoist_common(out, ["cp" + p.replace(".", "") for p in done])
    if not (out / "common" / "authlint" / "__init__.py").is_file():
        raise RuntimeError(f"authlint was not installed into {out}")
    info = {"target": target, "pythons": done, "platforms": TARGETS[target][0]}
    (out / "bundle.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return done


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and write the bundle; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="bundle_python: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--target", default="native", help="VS Code target, native or universal")
    parser.add_argument("--python", default=",".join(PYTHONS), help="comma-separated versions")
    parser.add_argument("--out", type=Path, default=LIBS)
    parser.add_argument("--dry-run", action="store_true", help="print the pip commands only")
    args = parser.parse_args(argv)
    target = native_target() if args.target == "native" else args.target
    pythons = [v.strip() for v in args.python.split(",") if re.fullmatch(r"3\.\d+", v.strip())]
    if not pythons:
        parser.error("--python needs versions like 3.10,3.11")
    try:
        done = bundle(target, pythons, args.out, Pip(args.dry_run))
    except ValueError as error:
        parser.error(str(error))
    if target != "universal" and not done:
        log.error("no Python version could be bundled for %s", target)
        return 1
    log.info("bundled %s for Python %s into %s", target, ", ".join(done) or "-", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
