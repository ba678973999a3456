"""Editor settings (``initializationOptions``, ``workspace/configuration``) -> core settings.

The ``authlint`` section holds ``select``, ``ignore``, ``severity``,
``exclude`` (gitignore-style patterns of documents not to check), ``platform``
(``linux``/``macos``/``windows``), ``shell`` (``bash``/``zsh``/``fish``/``pwsh``:
the login shell to model), ``run`` (``onType``/``onSave``: when documents are
checked), ``logLevel`` (``error``/``warning``/``info``/``debug``/``trace``) and
``scanHomeFiles`` (plus anything
:func:`authlint.core.settings.settings_from_mapping` accepts, such as
``extendSelect``). Keys the editor extension keeps for itself (``enable``,
``interpreter``, ``importStrategy``, ``path``, ``showNotifications``,
``trace``, ``server``) are skipped. Bad values are reported as error strings
and left at their defaults: a typo in a setting never stops checking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlint.core.context import Platform
from authlint.core.git import IgnoreRules
from authlint.core.settings import Settings, settings_from_mapping

SECTION = "authlint"
CLIENT_ONLY_KEYS = frozenset(
    {"enable", "interpreter", "importStrategy", "path", "showNotifications", "trace", "server"}
)
RUN_MODES = ("onType", "onSave")
SHELLS = ("bash", "zsh", "fish", "pwsh")
# ``logLevel`` values -> :mod:`logging` levels (``trace`` is as verbose as ``debug``).
LOG_LEVELS = {
    "error": logging.ERROR,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "info": logging.INFO,
    "debug": logging.DEBUG,
    "trace": logging.DEBUG,
}
_LIST_KEYS = frozenset(
    {"select", "ignore", "extendselect", "extend-select", "extend_select", "exclude"}
)


@dataclass(frozen=True)
class ServerSettings:
    """What the server checks with: core :class:`Settings` and the platform to model.

    ``platform`` is ``None`` when the editor does not choose one (the platform
    the server runs on is used). ``scan_home_files`` false (``scanHomeFiles``)
    keeps the checks from reading the user's home files. ``run`` is ``onType``
    (check while typing) or ``onSave`` (check opened and saved documents only).
    ``shell`` is the login shell to model (``None``: the user's ``$SHELL``).
    ``log_level`` is a :mod:`logging` level, or ``None`` when not set.
    ``settings.exclude`` holds the ``exclude`` patterns (see :meth:`excludes`).
    """

    settings: Settings = field(default_factory=Settings)
    platform: Platform | None = None
    scan_home_files: bool = True
    run: str = "onType"
    shell: str | None = None
    log_level: int | None = None

    @property
    def effective_platform(self) -> Platform:
        """The chosen platform, or the one this process runs on."""
        return self.platform or Platform.current()

    @property
    def check_on_type(self) -> bool:
        """Whether documents are checked on every change (``run`` is ``onType``)."""
        return self.run != "onSave"

    def excludes(self, path: Path | None, root: Path | None) -> bool:
        """Whether the document at ``path`` matches an ``exclude`` pattern.

        Patterns are gitignore-style and relative to the workspace folder
        ``root``; a document outside it (or with ``root`` ``None``) is matched
        by its file name only. A pattern that matches a folder excludes every
        document below it. ``path`` ``None`` (an unsaved document) is never
        excluded.
        """
        if path is None or not self.settings.exclude:
            return False
        rules = _ignore_rules(self.settings.exclude)
        try:
            parts = path.relative_to(root).parts if root is not None else (path.name,)
        except ValueError:
            parts = (path.name,)
        for depth in range(1, len(parts) + 1):
            if rules.matches("/".join(parts[:depth]), depth < len(parts)):
                return True
        return False


def folder_of(path: Path | None, folders: Iterable[Path]) -> Path | None:
    """The innermost of ``folders`` (workspace folders) that holds ``path``, or ``None``.

    The root to pass to :meth:`ServerSettings.excludes`.
    """
    if path is None:
        return None
    holding = [folder for folder in folders if path.is_relative_to(folder)]
    return max(holding, key=lambda folder: len(folder.parts), default=None)


_RULES: dict[tuple[str, ...], IgnoreRules] = {}


def _ignore_rules(patterns: tuple[str, ...]) -> IgnoreRules:
    """Compiled ``exclude`` patterns (kept for the last few distinct lists)."""
    rules = _RULES.get(patterns)
    if rules is None:
        if len(_RULES) >= 8:
            _RULES.clear()
        rules = _RULES[patterns] = IgnoreRules(patterns)
    return rules


def section_of(value: Any) -> tuple[Mapping[str, Any] | None, list[str]]:
    """Find the ``authlint`` settings in ``initializationOptions`` or a settings payload.

    Accepts ``None`` (Neovim, Helix), the section itself (``{"select": …}``),
    a wrapper (``{"authlint": {…}}``), ruff-lsp's shape (``{"settings": {…} or
    [per-workspace …], "globalSettings": {…}}``) or a list of any of these (the
    first usable one wins). Returns the mapping (``None`` when there is none)
    and a list of error strings.
    """
    if value is None:
        return None, []
    if isinstance(value, (list, tuple)):
        for item in value:
            found, errors = section_of(item)
            if found is not None or errors:
                return found, errors
        return None, []
    if not isinstance(value, Mapping):
        return None, [f"settings must be an object, not {type(value).__name__}"]
    if isinstance(value.get(SECTION), Mapping):
        return section_of(value[SECTION])
    if "settings" in value or "globalSettings" in value:
        merged: dict[str, Any] | None = None
        problems: list[str] = []
        for key in ("globalSettings", "settings"):
            part, part_errors = section_of(value.get(key))
            problems.extend(part_errors)
            if part is not None:
                merged = {**(merged or {}), **part}
        return merged, problems
    return value, []


def parse_settings(value: Any) -> tuple[ServerSettings, list[str]]:
    """Structure a settings payload into :class:`ServerSettings`.

    ``value`` is anything :func:`section_of` accepts. Strings are accepted where
    lists are expected (``"AL201,AL202"``). Returns the settings (defaults for
    everything missing or invalid) and a list of error strings.
    """
    section, errors = section_of(value)
    if section is None:
        return ServerSettings(), errors
    core_keys: dict[str, Any] = {}
    platform: Platform | None = None
    scan_home_files = True
    run = "onType"
    shell: str | None = None
    log_level: int | None = None
    for raw_key, item in section.items():
        key = str(raw_key)
        if key in CLIENT_ONLY_KEYS:
            continue
        if key == "run":
            if item in RUN_MODES:
                run = item
            elif item not in (None, ""):
                errors.append(f"setting 'run' must be one of {list(RUN_MODES)}, not {item!r}")
            continue
        if key == "shell":
            if isinstance(item, str) and item.lower() in SHELLS:
                shell = item.lower()
            elif item not in (None, ""):
                errors.append(f"setting 'shell' must be one of {list(SHELLS)}, not {item!r}")
            continue
        if key == "logLevel":
            if isinstance(item, str) and item.lower() in LOG_LEVELS:
                log_level = LOG_LEVELS[item.lower()]
            elif item not in (None, ""):
                errors.append(
                    f"setting 'logLevel' must be one of {sorted(set(LOG_LEVELS) - {'warn'})}, "
                    f"not {item!r}"
                )
            continue
        if key == "scanHomeFiles":
            if isinstance(item, bool):
                scan_home_files = item
            else:
                errors.append(f"setting 'scanHomeFiles' must be true or false, not {item!r}")
            continue
        if key == "platform":
            platform, error = _platform(item)
            if error:
                errors.append(error)
            continue
        if key.lower() in _LIST_KEYS and isinstance(item, str):
            item = [part.strip() for part in item.split(",") if part.strip()]
        core_keys[key] = item
    settings, core_errors = settings_from_mapping(core_keys)
    config = ServerSettings(settings, platform, scan_home_files, run, shell, log_level)
    return config, errors + core_errors


def _platform(value: Any) -> tuple[Platform | None, str | None]:
    if value is None or value == "":
        return None, None
    names = {p.value: p for p in Platform}
    if isinstance(value, str) and value.lower() in names:
        return names[value.lower()], None
    return None, f"setting 'platform' must be one of {sorted(names)}, not {value!r}"
