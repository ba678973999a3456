"""Bundle the authlint server and its Python dependencies into ``bundled/libs``.

Run at package time (``npm run package``) with the Python that builds the
extension: ``pip install --target bundled/libs <repository root>`` (the
template's ``_install_bundle``), plus ``tomli`` for Python 3.10. The compiled
modules (tree-sitter's core, PyYAML's optional ``_yaml``) are built per
CPython version, so the same modules for the other supported versions (3.10
to 3.13, same platform) are downloaded as wheels and their extension files
added next to the first ones: Python picks the file whose suffix matches.
The extension starts the server with ``PYTHONPATH=bundled/libs`` and ``-S``.

Reaches only PyPI (through pip). Exits non-zero when the install fails;
a missing wheel for another version is a warning.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent
LIBS = HERE / "bundled" / "libs"
VERSIONS = ("3.10", "3.11", "3.12", "3.13")
# Compiled modules with a pure-Python fallback: bundled for the packaging Python only.
OPTIONAL_SPEEDUPS = frozenset({"pyyaml"})
EXTRA = ("tomli>=2",)  # the project needs it on Python 3.10 only; harmless elsewhere

# ``_binding.cpython-311-x86_64-linux-gnu.so`` (Linux, macOS) or ``_binding.cp311-win_amd64.pyd``
_VERSIONED_EXTENSION = re.compile(r"\.(?:cpython-3\d+-[^/,]*\.so|cp3\d+-[^/,]*\.pyd),")

log = logging.getLogger("bundle_python")


def pip(*args: str) -> None:
    """Run pip with this interpreter; raises ``CalledProcessError`` when it fails."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    env = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore"}
    subprocess.run(command, check=True, env=env)


def compiled_dists(libs: Path) -> dict[str, tuple[str, list[str]]]:
    """Distributions in ``libs`` with version-specific extension modules.

    Returns ``{name: (version, [platform tags])}`` read from each
    ``*.dist-info`` (``RECORD`` lists a ``.cpython-*.so``/``.pyd``; ``WHEEL``
    gives the tags).
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for info in libs.glob("*.dist-info"):
        record = (info / "RECORD").read_text(encoding="utf-8") if (info / "RECORD").exists() else ""
        if not _VERSIONED_EXTENSION.search(record):
            continue
        name, _, version = info.name[: -len(".dist-info")].partition("-")
        wheel = (info / "WHEEL").read_text(encoding="utf-8") if (info / "WHEEL").exists() else ""
        platforms = sorted(
            {
                line.split(":", 1)[1].strip().split("-")[-1]
                for line in wheel.splitlines()
                if line.startswith("Tag:")
            }
        )
        found[name] = (version, platforms)
    return found


def add_other_versions(libs: Path) -> None:
    """Download the compiled wheels for the other CPython versions; copy their extension files."""
    current = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for name, (version, platforms) in compiled_dists(libs).items():
        if name.lower() in OPTIONAL_SPEEDUPS:
            continue
        for python in VERSIONS:
            if python == current:
                continue
            abi = "cp" + python.replace(".", "")
            with tempfile.TemporaryDirectory() as tmp:
                args = ["download", "-q", "--no-deps", "--only-binary=:all:", "-d", tmp]
                args += ["--python-version", python, "--implementation", "cp", "--abi", abi]
                for platform in platforms:
                    args += ["--platform", platform]
                try:
                    pip(*args, f"{name}=={version}")
                except subprocess.CalledProcessError:
                    log.warning("no %s %s wheel for Python %s: not bundled", name, version, python)
                    continue
                for wheel in Path(tmp).glob("*.whl"):
                    with zipfile.ZipFile(wheel) as archive:
                        for member in archive.namelist():
                            tag = f".cpython-{abi[2:]}-", f".{abi}-"
                            if member.endswith((".so", ".pyd")) and any(t in member for t in tag):
                                target = libs / member
                                target.parent.mkdir(parents=True, exist_ok=True)
                                target.write_bytes(archive.read(member))


def main() -> int:
    """Rebuild ``bundled/libs``; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="bundle_python: %(message)s")
    shutil.rmtree(LIBS, ignore_errors=True)
    LIBS.mkdir(parents=True)
    pip(
        "install",
        "-q",
        "--no-compile",
        "--no-warn-script-location",
        "--target",
        str(LIBS),
        str(ROOT),
    )
    # tomli (needed on Python 3.10 only) as its pure-Python wheel: its compiled wheels differ
    # per version and a Python 3.11+ build would not load on 3.10.
    pip(
        "install",
        "-q",
        "--no-compile",
        "--no-deps",
        "--target",
        str(LIBS),
        "--only-binary=:all:",
        "--implementation",
        "py",
        "--platform",
        "any",
        *EXTRA,
    )
    add_other_versions(LIBS)
    shutil.rmtree(LIBS / "bin", ignore_errors=True)
    for cache in LIBS.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    if not (LIBS / "authlint" / "__init__.py").is_file():
        log.error("authlint was not installed into %s", LIBS)
        return 1
    log.info("bundled into %s", LIBS.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
