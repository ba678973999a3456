"""Editor settings (``initializationOptions``, ``workspace/configuration``) -> core settings.

The ``authlint`` section holds ``select``, ``ignore``, ``severity`` and
``platform`` (plus anything :func:`authlint.core.settings.settings_from_mapping`
accepts, such as ``extendSelect``). Keys the editor extension keeps for itself
(``enable``, ``interpreter``, ``trace``, ``server``) are skipped. Bad values are
reported as error strings and left at their defaults: a typo in a setting never
stops checking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authlint.core.context import Platform
from authlint.core.settings import Settings, settings_from_mapping

SECTION = "authlint"
CLIENT_ONLY_KEYS = frozenset({"enable", "interpreter", "trace", "server"})
_LIST_KEYS = frozenset(
    {"select", "ignore", "extendselect", "extend-select", "extend_select", "exclude"}
)


@dataclass(frozen=True)
class ServerSettings:
    """What the server checks with: core :class:`Settings` and the platform to model.

    ``platform`` is ``None`` when the editor does not choose one (the platform
    the server runs on is used). ``scan_home_files`` false (``scanHomeFiles``)
    keeps the checks from reading the user's home files.
    """

    settings: Settings = field(default_factory=Settings)
    platform: Platform | None = None
    scan_home_files: bool = True

    @property
    def effective_platform(self) -> Platform:
        """The chosen platform, or the one this process runs on."""
        return self.platform or Platform.current()


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
    for raw_key, item in section.items():
        key = str(raw_key)
        if key in CLIENT_ONLY_KEYS:
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
    return ServerSettings(settings, platform, scan_home_files), errors + core_errors


def _platform(value: Any) -> tuple[Platform | None, str | None]:
    if value is None or value == "":
        return None, None
    names = {p.value: p for p in Platform}
    if isinstance(value, str) and value.lower() in names:
        return names[value.lower()], None
    return None, f"setting 'platform' must be one of {sorted(names)}, not {value!r}"
