"""Settings: one schema for CLI flags, ``[tool.authlint]`` and the LSP.

Keys are accepted in snake_case, kebab-case or camelCase (``extend-select``,
``extendSelect``). Unknown keys and wrong types are reported as errors and
ignored, so a bad setting never stops checking.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Settings:
    """What to check.

    - ``select``: codes, code prefixes (``AL2``), rule names, or ``ALL``.
    - ``ignore``: the same, removed from the selection.
    - ``exclude``: gitignore-style patterns of paths not to walk into.
    - ``severity``: per-code severity override (``{"AL308": "warning"}``).
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)

    def merged(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced (``None`` values are skipped)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).replace("-", "_").lower()


def settings_from_mapping(data: Mapping[str, Any], base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Build :class:`Settings` from a mapping; return them and a list of error strings."""
    base = base or Settings()
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    errors: list[str] = []
    for raw_key, value in data.items():
        key = _snake(str(raw_key))
        if key == "extend_select":
            if _is_str_list(value):
                changes["select"] = (*changes.get("select", base.select), *value)
                continue
        elif key in known:
            if key == "severity" and isinstance(value, Mapping):
                changes[key] = {str(k): str(v) for k, v in value.items()}
                continue
            if key != "severity" and _is_str_list(value):
                changes[key] = tuple(value)
                continue
            errors.append(f"setting {raw_key!r} has the wrong type")
            continue
        errors.append(f"unknown setting {raw_key!r}")
    return replace(base, **changes), errors


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.authlint]`` table, from ``start`` up."""
    start = start if start.is_dir() else start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool", {}).get("authlint"), dict):
                return candidate
    return None


def load_pyproject(path: Path, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Read ``[tool.authlint]`` from ``path``. Raises ``OSError`` / ``TOMLDecodeError``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return settings_from_mapping(data.get("tool", {}).get("authlint", {}), base)
