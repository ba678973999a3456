"""Every import points down: core -> scanners -> rules -> model / outcome / engine -> cli, lsp.

Read statically from the source (every ``import`` and ``from … import``, also the ones inside
functions), so a lazy import that goes up the layers is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "authlint"

# Lower numbers are lower layers; a module may import its own layer and the ones below.
LAYERS = {
    "core": 0,
    "scanners": 1,
    "rules": 2,
    "discovery": 3,
    "model": 3,
    "outcome": 3,
    "engine": 3,
    "output": 3,
    "baseline": 3,
    "verify": 4,
    "docs": 4,
    "lsp": 5,
    "cli": 5,
    "commands": 5,
    "__main__": 6,
    "__init__": 0,
    "__version__": 0,  # `from authlint import __version__`
}


def _layer_of(module: str) -> tuple[str, int]:
    """``authlint.core.facts`` -> ``("core", 0)``."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top not in LAYERS:
        raise AssertionError(f"{module}: no layer for authlint.{top}; add it to LAYERS")
    return top, LAYERS[top]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("authlint"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "authlint":
                found.extend((node.lineno, f"authlint.{a.name}") for a in node.names)
            elif node.module.startswith("authlint."):
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own_top, own = _layer_of(_module_name(path))
    for line, imported in _imports(path):
        top, layer = _layer_of(imported)
        assert layer <= own, (
            f"{path.relative_to(PACKAGE)}:{line} imports {imported} "
            f"(layer {top}={layer}) from layer {own_top}={own}"
        )


def test_subcommands_do_not_import_each_other_or_the_cli() -> None:
    # One module per subcommand (commands/check.py, commands/env.py…); what they share is in
    # commands/common.py, and only cli.py imports them.
    modules = sorted((PACKAGE / "commands").glob("*.py"))
    names = {f"authlint.commands.{p.stem}" for p in modules if p.stem not in ("__init__", "common")}
    assert "authlint.commands.env" in names and "authlint.commands.check" in names
    for path in modules:
        imported = {m for _, m in _imports(path)}
        assert "authlint.cli" not in imported, path.name
        assert not (imported & names) - {f"authlint.commands.{path.stem}"}, path.name


def test_the_check_would_see_an_upward_import(tmp_path: Path) -> None:
    # Not vacuous: a core module importing the engine is an upward import.
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from authlint.engine import check_source\n")
    [(line, module)] = _imports(bad)
    assert (line, module) == (2, "authlint.engine")
    assert _layer_of(module)[1] > LAYERS["core"]
