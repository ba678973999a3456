"""Start the authlint language server for the VS Code extension, or check that it can start.

Usage (the extension always runs it with ``-S``, so the user's site-packages
and ``.pth`` files cannot shadow the bundled libraries)::

    python -S launch.py [--strategy useBundled|fromEnvironment] check
    python -S launch.py [--strategy useBundled|fromEnvironment] server [server options]

Where the server comes from (``--strategy``, the ``authlint.importStrategy``
setting, as in ruff-vscode):

- ``useBundled`` (default): ``bundled/libs/cpXY`` (this Python's version) and
  ``bundled/libs/common``, written by ``scripts/bundle_python.py`` together
  with ``bundled/libs/bundle.json`` (target platform, Python versions). When
  the package has no bundle (the universal package) or none for this Python,
  the authlint installed in this Python is used if there is one.
- ``fromEnvironment``: the authlint installed in this Python (its
  site-packages); when it has none, the bundled copy.

``check`` prints ``authlint-probe MAJOR MINOR MICRO EXECUTABLE``, one
``authlint-import-error MODULE TYPE: MESSAGE`` line per module that does not
import, and ``authlint-check {json}`` with ``mode``, ``libs``, ``notes``,
``problem`` and ``fix`` (one sentence each, or null). It imports everything
the server needs, loads every tree-sitter grammar, and always exits 0 after
printing (the extension reads the lines). ``server`` makes the same choice
and imports, writes the notes to stderr and runs ``authlint server``; it
exits 3 with the one-line message on stderr when the check fails.

Written for any Python 3 (it must be able to say "too old" itself), with no
import beyond the standard library before the choice is made.
"""

# %-formatting and print on purpose: this file must run (and say "too old") on any Python 3.
# ruff: noqa: T201, UP031, UP036

import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIBS = os.path.join(os.path.dirname(HERE), "bundled", "libs")

# Everything ``authlint server`` imports at start, in dependency order.
REQUIRED = (
    "typing_extensions",
    "attrs",
    "cattrs",
    "lsprotocol.types",
    "pygls.lsp.server",
    "dotenv",
    "yaml",
    "packaging.version",
    "tree_sitter",
    "tree_sitter_bash",
    "tree_sitter_powershell",
    "tree_sitter_python",
    "tree_sitter_javascript",
    "tree_sitter_typescript",
    "tree_sitter_json",
    "authlint",
    "authlint.lsp.server",
)
# (module, function) pairs whose ``Language`` must load in the bundled tree-sitter.
GRAMMARS = (
    ("tree_sitter_bash", "language"),
    ("tree_sitter_powershell", "language"),
    ("tree_sitter_python", "language"),
    ("tree_sitter_javascript", "language"),
    ("tree_sitter_typescript", "language_typescript"),
    ("tree_sitter_typescript", "language_tsx"),
    ("tree_sitter_json", "language"),
)
# Imported lazily by one command only (``authlint.verifyKey``): a failure is a note.
OPTIONAL = ("httpx",)

STRATEGIES = ("useBundled", "fromEnvironment")


def current_target():
    """The VS Code target of this machine (``linux-x64``, ``darwin-arm64``, ``alpine-x64`` …)."""
    machine = platform.machine().lower()
    arch = {
        "x86_64": "x64",
        "amd64": "x64",
        "aarch64": "arm64",
        "arm64": "arm64",
        "armv7l": "armhf",
    }.get(machine, machine)
    if sys.platform.startswith("win"):
        return "win32-" + arch
    if sys.platform == "darwin":
        return "darwin-" + arch
    libc = platform.libc_ver()[0] if hasattr(platform, "libc_ver") else ""
    musl = libc != "glibc" and any(name.startswith("ld-musl") for name in _listdir("/lib"))
    return ("alpine-" if musl else "linux-") + arch


def _listdir(folder):
    try:
        return os.listdir(folder)
    except OSError:
        return []


def bundle_info():
    """``bundled/libs/bundle.json`` as a dict, or None when the package has no bundle."""
    try:
        with open(os.path.join(LIBS, "bundle.json"), encoding="utf-8") as handle:
            info = json.load(handle)
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def version_tag():
    """``cp310`` for CPython 3.10."""
    return "cp%d%d" % sys.version_info[:2]


def bundled_paths(info):
    """The folders to put first on ``sys.path`` for this Python, or None when not bundled."""
    if info is None or sys.implementation.name != "cpython":
        return None
    own = os.path.join(LIBS, version_tag())
    if not os.path.isdir(own):
        return None
    return [own, os.path.join(LIBS, "common")]


def enable_site():
    """Add the interpreter's site-packages (skipped by ``-S``) for ``fromEnvironment``."""
    if sys.flags.no_site:
        import site

        site.main()


def installed_authlint():
    """Whether this Python's own environment has an ``authlint`` package (without importing it)."""
    import importlib.util

    try:
        return importlib.util.find_spec("authlint") is not None
    except (ImportError, ValueError):
        return False


def _versions(info):
    found = [str(v) for v in (info or {}).get("pythons", [])]
    return ", ".join(found) if found else "none"


def choose(strategy):
    """Decide where the server comes from; returns a dict (see ``check`` in the module doc).

    Keys: ``mode`` (``bundled`` | ``environment`` | None), ``libs`` (folders put
    first on ``sys.path``), ``notes`` (list of str), ``problem`` and ``fix``
    (str or None). Changes ``sys.path`` (site-packages) for the environment.
    """
    info = bundle_info()
    paths = bundled_paths(info)
    here = "%d.%d" % sys.version_info[:2]
    target = current_target()
    notes = []
    result = {
        "mode": None,
        "libs": [],
        "notes": notes,
        "problem": None,
        "fix": None,
        "target": target,
        "bundle": (info or {}).get("target"),
    }
    if info is not None and info.get("target") not in (None, "universal", target):
        result["problem"] = (
            "this authlint extension package was built for %s, but this machine is %s"
            % (info.get("target"), target)
        )
        result["fix"] = (
            "Install the authlint extension package for %s (the Marketplace and Open VSX pick it "
            "automatically), or the universal package with authlint installed in your Python."
            % target
        )
        return result
    if strategy == "fromEnvironment":
        enable_site()
        if installed_authlint():
            result["mode"] = "environment"
            return result
        if paths is not None:
            notes.append("authlint is not installed in %s; using the bundled copy" % sys.executable)
            result["mode"], result["libs"] = "bundled", paths
            return result
        result["problem"] = "authlint is not installed in %s (Python %s)" % (sys.executable, here)
        result["fix"] = (
            'Run "%s -m pip install authlint", or set "authlint.importStrategy" to "useBundled".'
            % sys.executable
            if info is not None
            else 'Run "%s -m pip install authlint".' % sys.executable
        )
        return result
    if paths is not None:
        result["mode"], result["libs"] = "bundled", paths
        return result
    enable_site()
    if installed_authlint():
        result["mode"] = "environment"
        notes.append(
            "no bundled authlint for Python %s (bundled: %s); using the authlint installed in %s"
            % (here, _versions(info), sys.executable)
            if info is not None
            else "this extension package has no bundled server; using the authlint installed in %s"
            % sys.executable
        )
        return result
    if info is None:
        result["problem"] = (
            "this authlint extension package (universal) has no bundled server, and %s has no "
            "authlint installed" % sys.executable
        )
        result["fix"] = (
            'Run "%s -m pip install authlint", or install the authlint extension package for %s.'
            % (sys.executable, target)
        )
    else:
        result["problem"] = (
            "the extension bundles authlint for Python %s only, and this is Python %s (%s)"
            % (_versions(info), here, sys.executable)
        )
        result["fix"] = (
            'Set "authlint.interpreter" to a Python %s, or run "%s -m pip install authlint" and '
            'set "authlint.importStrategy" to "fromEnvironment".'
            % (_versions(info), sys.executable)
        )
    return result


def _describe(error):
    return "%s: %s" % (type(error).__name__, error)


def import_everything(result):
    """Import every module the server needs; returns ``{module: "Type: message"}`` for failures."""
    errors = {}
    for name in REQUIRED:
        try:
            __import__(name)
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            errors[name] = _describe(error)
    if "tree_sitter" not in errors:
        import tree_sitter

        for module, function in GRAMMARS:
            if module in errors:
                continue
            try:
                tree_sitter.Language(getattr(sys.modules[module], function)())
            except Exception as error:  # noqa: BLE001
                errors["%s.%s" % (module, function)] = _describe(error)
    for name in OPTIONAL:
        try:
            __import__(name)
        except Exception as error:  # noqa: BLE001
            result["notes"].append(
                '%s does not import (%s): "authlint: Verify API key" will not work'
                % (name, _describe(error))
            )
    if errors and result["problem"] is None:
        first = next(iter(errors))
        here = "%d.%d" % sys.version_info[:2]
        if result["mode"] == "bundled":
            result["problem"] = (
                "the bundled authlint does not load in Python %s (%s): %s cannot be imported (%s)"
                % (here, sys.executable, first, errors[first])
            )
            result["fix"] = (
                "Reinstall the authlint extension (the package for %s), or set "
                '"authlint.interpreter" to another Python 3.10 or newer.' % result["target"]
            )
        else:
            result["problem"] = (
                "the authlint installed in %s does not load: %s cannot be imported (%s)"
                % (
                    sys.executable,
                    first,
                    errors[first],
                )
            )
            result["fix"] = (
                'Run "%s -m pip install --upgrade --force-reinstall authlint", or set '
                '"authlint.importStrategy" to "useBundled".' % sys.executable
            )
    return errors


def parse_arguments(argv):
    """``(strategy, action, rest)`` from the command line; unknown strategies mean useBundled."""
    strategy = "useBundled"
    args = list(argv)
    if len(args) >= 2 and args[0] == "--strategy":
        strategy = args[1] if args[1] in STRATEGIES else "useBundled"
        args = args[2:]
    action = args[0] if args else "check"
    return strategy, action, args[1:]


def main(argv):
    """Run ``check`` or ``server``; returns the exit status."""
    strategy, action, rest = parse_arguments(argv)
    if action == "check":
        print("authlint-probe %d %d %d %s" % (sys.version_info[:3] + (sys.executable,)))
        sys.stdout.flush()
        if sys.version_info < (3, 10):
            return 0
    result = choose(strategy)
    sys.path[0:0] = result["libs"]
    if action == "check":
        errors = import_everything(result) if result["problem"] is None else {}
        for name, error in errors.items():
            print("authlint-import-error %s %s" % (name, error.replace("\n", " ")))
        print("authlint-check " + json.dumps(result, sort_keys=True))
        return 0
    if action != "server":
        sys.stderr.write("usage: launch.py [--strategy useBundled|fromEnvironment] check|server\n")
        return 2
    if result["problem"] is None:
        import_everything(result)  # the modules stay imported for the server
    if result["problem"] is not None:
        sys.stderr.write("authlint cannot start: %s. %s\n" % (result["problem"], result["fix"]))
        return 3
    for note in result["notes"]:
        sys.stderr.write("authlint: %s\n" % note)
    sys.argv = ["authlint", "server", *rest]
    from authlint.cli import main as authlint_main

    return authlint_main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
