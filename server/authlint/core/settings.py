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

SEVERITY_NAMES = ("error", "warning", "info")


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


def settings_from_mapping(
    data: Mapping[str, Any], base: Settings | None = None
) -> tuple[Settings, list[str]]:
    """Build :class:`Settings` from a mapping; return them and a list of error strings.

    Keys may be snake_case, kebab-case or camelCase. ``extend-select`` adds to
    ``select`` (the mapping's, else ``base``'s) whatever order the keys come in.
    ``severity`` maps codes to ``error``/``warning``/``info``. A ``None`` value
    means "not set" (editors send ``null`` for unset options). Unknown keys,
    wrong types and unknown severities become errors; the rest still applies.
    """
    base = base or Settings()
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    extend: tuple[str, ...] = ()
    errors: list[str] = []
    for raw_key, value in data.items():
        key = _snake(str(raw_key))
        if value is None and (key in known or key == "extend_select"):
            continue
        if key == "extend_select":
            if _is_str_list(value):
                extend += tuple(value)
                continue
        elif key == "severity":
            if isinstance(value, Mapping):
                severity: dict[str, str] = {}
                for code, level in value.items():
                    if isinstance(level, str) and level.lower() in SEVERITY_NAMES:
                        severity[str(code).upper()] = level.lower()
                    else:
                        errors.append(
                            f"severity of {code!r} must be one of {', '.join(SEVERITY_NAMES)}"
                        )
                changes[key] = severity
                continue
        elif key in known:
            if _is_str_list(value):
                changes[key] = tuple(value)
                continue
        else:
            errors.append(f"unknown setting {raw_key!r}")
            continue
        errors.append(f"setting {raw_key!r} has the wrong type")
    if extend:
        changes["select"] = (*changes.get("select", base.select), *extend)
    return replace(base, **changes), errors


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.authlint]`` table, from ``start`` up.

    ``start`` may be a file, a folder or a relative path (resolved against the
    working directory); returns ``None`` when no such file exists up to the root.
    A file that is not valid TOML is skipped, unless it mentions ``tool.authlint``:
    then it is returned, so that :func:`load_pyproject` reports the error rather
    than the settings being silently dropped.
    """
    start = start.resolve()
    start = start if start.is_dir() else start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                continue
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                if "tool.authlint" in text:  # ours, but broken: let the reader report it
                    return candidate
                continue
            if isinstance(data.get("tool", {}).get("authlint"), dict):
                return candidate
    return None


def load_pyproject(path: Path, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Read ``[tool.authlint]`` from ``path``; return the settings and the errors found.

    A file without the table gives ``base`` (or the defaults). Raises ``OSError``
    when it cannot be read and ``tomllib.TOMLDecodeError`` (a ``ValueError``)
    when it is not TOML.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data.get("tool", {}).get("authlint", {})
    if not isinstance(table, Mapping):
        return base or Settings(), ["[tool.authlint] must be a table"]
    return settings_from_mapping(table, base)
