"""The rule registry: every ``authlint.rules.<module>`` with a ``RULE``, by code.

Adding a rule means adding one module here (plus its tests and README entry);
the registry finds it. Codes are grouped by family:

- ``AL1xx`` credential shape
- ``AL2xx`` invisible damage (whitespace, line endings, Unicode)
- ``AL3xx`` assignment mistakes
- ``AL4xx`` base URL
- ``AL5xx`` leaks
- ``AL6xx`` SDK code (Python, JavaScript/TypeScript)
- ``AL7xx`` VS Code settings, devcontainers, Docker
- ``AL8xx`` Claude Code settings, ``~/.claude.json``, credentials
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from authlint.rules._base import Rule

FAMILIES = {
    "AL1": "Credential shape",
    "AL2": "Invisible damage",
    "AL3": "Assignment mistakes",
    "AL4": "Base URL",
    "AL5": "Leaks",
    "AL6": "SDK code",
    "AL7": "Editor and container settings",
    "AL8": "Claude Code files",
    "AL9": "Across files (environment model)",
}

# Codes that were renamed or merged: old -> new (ruff's rule_redirects). Empty so far.
REDIRECTS: dict[str, str] = {}


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code. Raises ``RuntimeError`` on a duplicate code or name."""
    rules: list[Rule] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            rules.append(rule)
    rules.sort(key=lambda r: r.code)
    for attr in ("code", "name"):
        values = [getattr(r, attr) for r in rules]
        duplicates = {v for v in values if values.count(v) > 1}
        if duplicates:
            raise RuntimeError(f"duplicate rule {attr}s: {sorted(duplicates)}")
    return tuple(rules)


def rule_by_code(code: str) -> Rule | None:
    """The rule with ``code`` (or a redirected old code, or a rule name), else ``None``."""
    code = REDIRECTS.get(code.upper(), code)
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code:
            return rule
    return None


@lru_cache(maxsize=64)
def selected_rules(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """Rules matched by ``select`` and not by ``ignore``.

    A selector is ``ALL``, a code prefix (``AL2``, ``AL201``) or a rule name.
    """

    def matches(rule: Rule, selectors: tuple[str, ...]) -> bool:
        for sel in selectors:
            sel = REDIRECTS.get(sel.upper(), sel)
            if sel.upper() == "ALL" or rule.code.startswith(sel.upper()) or rule.name == sel:
                return True
        return False

    return tuple(r for r in all_rules() if matches(r, select) and not matches(r, ignore))
