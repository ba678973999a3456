"""Queries the Claude Code rules (AL8xx) share: settings scope, ``env`` values, home files.

Sources: ``auth-facts.md`` §2.1 (precedence), §2.4 (settings files and their
precedence, ``env``, ``apiKeyHelper``), §2.5 (credential storage,
``~/.claude.json``, ``CLAUDE_CONFIG_DIR``); ``client-behaviour.md`` "Claude Code
CLI" table (settings ``env`` beats the shell; project beats user; local beats
project).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path

from authlint.core import git
from authlint.core.context import CheckContext, is_template
from authlint.core.facts import JsonMember, JsonValue, ScannedFile
from authlint.core.home import POSIX_PROFILES
from authlint.core.references import is_reference
from authlint.core.text import Span
from authlint.rules._credentials import WHITESPACE, is_placeholder_credential

API_KEY = "ANTHROPIC_API_KEY"
AUTH_TOKEN = "ANTHROPIC_AUTH_TOKEN"
OAUTH_TOKEN = "CLAUDE_CODE_OAUTH_TOKEN"
API_KEY_HELPER = "apiKeyHelper"

# Credentials that reach Anthropic (or a gateway) in an ``env`` block (§2.1 items 2, 3, 5).
ANTHROPIC_CREDENTIALS = (API_KEY, AUTH_TOKEN, OAUTH_TOKEN)
# Every credential an ``env`` block can hold (§9 ANT036): the Anthropic ones plus
# the Bedrock bearer token and the Foundry key.
SECRET_VARIABLES = (*ANTHROPIC_CREDENTIALS, "AWS_BEARER_TOKEN_BEDROCK", "ANTHROPIC_FOUNDRY_API_KEY")

# Provider switches (§2.1 item 1, §5) and the variable that skips the provider's own auth
# (a gateway in front of the provider authenticates instead).
PROVIDERS = {
    "CLAUDE_CODE_USE_BEDROCK": ("Amazon Bedrock", "CLAUDE_CODE_SKIP_BEDROCK_AUTH"),
    "CLAUDE_CODE_USE_VERTEX": ("Google Vertex AI", "CLAUDE_CODE_SKIP_VERTEX_AUTH"),
    "CLAUDE_CODE_USE_FOUNDRY": ("Microsoft Foundry", "CLAUDE_CODE_SKIP_FOUNDRY_AUTH"),
}

_FALSY = frozenset({"", "0", "false", "no", "off"})
SETTINGS_NAMES = ("settings.json", "settings.local.json")
_DOTFILES_MARKERS = (*POSIX_PROFILES, ".gitconfig", ".vimrc", ".tmux.conf")
_MAX_SETTINGS_BYTES = 1_000_000


class Scope(Enum):
    """Which Claude Code settings file a path is (``auth-facts.md`` §2.4)."""

    USER = "user"  # ~/.claude/settings.json (or $CLAUDE_CONFIG_DIR/settings.json)
    PROJECT = "project"  # <project>/.claude/settings.json: shared, committed
    LOCAL = "local"  # <project>/.claude/settings.local.json: personal, meant to be ignored
    OTHER = "other"  # managed settings, a copy in a dotfiles folder, an unsaved buffer


# --- values --------------------------------------------------------------------------


def is_set(value: str | None) -> bool:
    """Whether an ``env`` value is non-empty (Claude Code treats ``""`` as unset)."""
    return value is not None and bool(value.strip())


def is_truthy(value: str | None) -> bool:
    """Whether a switch such as ``CLAUDE_CODE_USE_BEDROCK`` is on.

    Empty, ``0``, ``false``, ``no`` and ``off`` (any case) count as off: the
    documented way to cancel a switch from the shell is ``""`` (§2.4, §5).
    """
    return value is not None and value.strip().lower() not in _FALSY


def root_object(file: ScannedFile) -> JsonValue | None:
    """The file's top-level JSON object, or ``None`` (no JSON tree, or not an object)."""
    document = file.json
    if document is None or document.root is None or document.root.type != "object":
        return None
    return document.root


def string_member(obj: JsonValue | None, key: str) -> JsonMember | None:
    """The last member ``key`` of ``obj`` when its value is a string, else ``None``."""
    if obj is None or obj.type != "object":
        return None
    member = obj.member(key)
    if member is None or member.value.type != "string" or not isinstance(member.value.value, str):
        return None
    return member


def member_text(member: JsonMember | None) -> str | None:
    """The decoded string value of a member found by :func:`string_member`."""
    if member is None or not isinstance(member.value.value, str):
        return None
    return member.value.value


def env_members(file: ScannedFile) -> dict[str, JsonMember]:
    """The ``env`` block's string members by name (the last duplicate wins, as in JSON.parse)."""
    root = root_object(file)
    env = root.get("env") if root is not None else None
    if env is None or env.type != "object":
        return {}
    found: dict[str, JsonMember] = {}
    for member in env.members:
        if member.value.type == "string" and isinstance(member.value.value, str):
            found[member.key] = member
        else:
            found.pop(member.key, None)
    return found


def env_values(file: ScannedFile) -> dict[str, str]:
    """The ``env`` block as ``{name: value}`` (string values only)."""
    return {name: member_text(m) or "" for name, m in env_members(file).items()}


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def strict_json_error(text: str) -> tuple[str, int] | None:
    """Why ``JSON.parse`` would reject ``text``: ``(reason, offset)``, or ``None`` if it parses.

    Python's ``json.loads`` is as strict as ``JSON.parse`` except that it
    accepts ``NaN`` and ``Infinity``; those are rejected here too. Raises
    ``RecursionError`` for nesting deeper than ``json.loads`` can follow
    (``JSON.parse`` has no such limit).
    """
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return error.msg, error.pos
    except ValueError as error:
        return str(error), 0
    return None


def strict_json_problem(file: ScannedFile) -> tuple[Span, str, int] | None:
    """The first place ``JSON.parse`` would stop: ``(span, what, how many more)``, or ``None``.

    ``None`` when the text parses, or is empty or blank (nothing to lose).
    ``what`` reads "a trailing comma", "a comment" or "a JSON syntax error
    (<reason>)"; places come from the scanner's :class:`JsonDocument`, else
    from ``json.loads``'s error offset.
    """
    text = file.source.text
    if not text.strip():
        return None
    document = file.json
    try:
        rejected = strict_json_error(text)
    except RecursionError:  # too deep for json.loads, not for JSON.parse: the scanner decides
        if document is None or document.strictly_valid:
            return None
        rejected = ("not valid JSON", 0)
    if rejected is None:
        return None
    reason, offset = rejected
    places: list[tuple[Span, str]] = []
    if document is not None:
        places += [(s, "a trailing comma") for s in document.trailing_commas]
        places += [(s, "a comment") for s in document.comments]
        places += [(s, f"a JSON syntax error ({reason})") for s in document.errors]
    places.sort(key=lambda place: (place[0].start, place[0].end))
    if places:
        span, what = places[0]
        return span, what, len(places) - 1
    where = file.source.index.position(offset)
    return Span(where, where), f"a JSON syntax error ({reason})", 0


def join_names(names: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- where a file sits ---------------------------------------------------------------


def config_dir(context: CheckContext) -> Path | None:
    """Claude Code's configuration folder: ``$CLAUDE_CONFIG_DIR``, else ``~/.claude``."""
    configured = context.environ.get("CLAUDE_CONFIG_DIR", "").strip()
    if configured:
        return _expand(configured, context.home) if context.home is not None else Path(configured)
    return context.home / ".claude" if context.home is not None else None


def _expand(path: str, home: Path) -> Path:
    if path == "~" or path.startswith("~/"):
        return home / path[2:]
    return Path(path)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def is_user_settings(path: Path, context: CheckContext) -> bool:
    """Whether ``path`` is in the user's Claude Code folder (``~/.claude`` or the config dir)."""
    folders = [config_dir(context)]
    if context.home is not None:
        folders.append(context.home / ".claude")
    return any(folder is not None and _same(path.parent, folder) for folder in folders)


def settings_scope(path: Path | None, context: CheckContext) -> Scope:
    """The scope of a Claude Code settings file from its path.

    ``<dir>/.claude/settings.json`` is a project's shared file and
    ``settings.local.json`` its personal one, unless ``<dir>`` is the home
    folder (or the folder is ``$CLAUDE_CONFIG_DIR``): then it is the user's.
    Anything else (``managed-settings.json``, ``dot_claude/settings.json`` in a
    dotfiles repository) is :attr:`Scope.OTHER`.
    """
    if path is None:
        return Scope.OTHER
    if is_user_settings(path, context):
        return Scope.USER
    if path.parent.name != ".claude" or path.name not in SETTINGS_NAMES:
        return Scope.OTHER
    return Scope.PROJECT if path.name == "settings.json" else Scope.LOCAL


def project_root(path: Path) -> Path:
    """The project folder of ``<project>/.claude/settings*.json``."""
    return path.parent.parent


def looks_like_dotfiles(path: Path) -> bool:
    """Whether ``<dir>/.claude/settings*.json`` sits in a dotfiles repository, not a project.

    A dotfiles repository keeps the user's own settings (``~/.claude`` is
    linked or copied from it): a folder between the file and the repository
    root (or ``<dir>`` itself outside git) is named ``*dotfiles*``, or
    ``<dir>`` holds shell profiles such as ``.zshrc``.
    """
    root = project_root(path)
    top = git.repository_root(root.resolve()) or root.resolve()
    folder = root.resolve()
    while True:
        if "dotfiles" in folder.name.lower():
            return True
        if folder == top or folder.parent == folder:
            break
        folder = folder.parent
    return any((root / name).is_file() for name in _DOTFILES_MARKERS)


def read_json_object(path: Path) -> dict[str, object] | None:
    """``json.loads`` of a small file; ``None`` if missing, unreadable, invalid or not an object.

    Also ``None`` when nested deeper than ``json.loads`` can follow (``RecursionError``).
    """
    from authlint.core.source import read_regular_file  # a FIFO or device never ends

    try:
        data = json.loads(read_regular_file(path, _MAX_SETTINGS_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _env_of(data: Mapping[str, object] | None) -> dict[str, str]:
    env = data.get("env") if data is not None else None
    if not isinstance(env, dict):
        return {}
    return {k: v for k, v in env.items() if isinstance(k, str) and isinstance(v, str)}


def user_settings_env(context: CheckContext) -> dict[str, str]:
    """The ``env`` block of the user's ``settings.json`` (empty when it cannot be read)."""
    folder = config_dir(context)
    if folder is None:
        return {}
    return _env_of(read_json_object(folder / "settings.json"))


def claude_code_environment(context: CheckContext) -> tuple[dict[str, str], dict[str, str]]:
    """The credential variables Claude Code (CLI) gets, and where each comes from.

    With the environment model, the values it resolves for the Claude Code CLI
    from the user's profiles and settings (not authlint's own process
    environment, which in an editor, CI or a fresh shell is not the user's);
    without one, the process environment under the user's ``settings.json``
    ``env``. Returns ``(values, places)``; ``places`` maps a variable to
    ``~/.zshrc:3``-style text or ``"your environment"``.
    """
    model = context.environment
    names = (API_KEY, AUTH_TOKEN, *PROVIDERS)
    if model is None:
        settings = user_settings_env(context)
        merged = {**context.environ, **settings}
        origins = {
            n: "~/.claude/settings.json `env`" if is_set(settings.get(n)) else "your environment"
            for n in names
        }
        return merged, origins
    from authlint.core.environment.render import where

    found = model.contexts_of_kind("claude-code")
    values: dict[str, str] = {}
    places: dict[str, str] = {}
    if not found:
        return values, places
    for name in names:
        resolution = model.resolve(found[0], name)
        winner = resolution.value_from or resolution.winner
        if winner is None or winner.removes:
            continue
        values[name] = resolution.value if resolution.value is not None else "(computed)"
        places[name] = where(winner, model.workspace)
    return values, places


def _sibling_settings(path: Path) -> Iterator[Path]:
    for name in SETTINGS_NAMES:
        sibling = path.parent / name
        if sibling != path:
            yield sibling


def effective_env(file: ScannedFile, context: CheckContext) -> dict[str, str]:
    """The environment Claude Code would run with when it reads this file.

    Lowest first: the process environment, the user's ``settings.json``, for a
    project file its sibling (``settings.json`` below ``settings.local.json``),
    then this file's own ``env`` (§2.4: a settings ``env`` overwrites the
    shell; local beats project beats user).
    """
    merged = dict(context.environ)
    path = file.source.path
    scope = settings_scope(path, context)
    if scope is not Scope.USER:
        merged.update(user_settings_env(context))
    if path is not None and scope in (Scope.PROJECT, Scope.LOCAL):
        if scope is Scope.LOCAL:
            merged.update(_env_of(read_json_object(path.parent / "settings.json")))
            merged.update(env_values(file))
            return merged
        merged.update(env_values(file))
        merged.update(_env_of(read_json_object(path.parent / "settings.local.json")))
        return merged
    merged.update(env_values(file))
    return merged


def is_live_state_file(path: Path | None, context: CheckContext) -> bool:
    """Whether ``path`` is the ``~/.claude.json`` Claude Code reads on this machine.

    That is ``$CLAUDE_CONFIG_DIR/.claude.json`` when the variable is set, else
    ``~/.claude.json``. Unknown (``False``) when the home folder is not read.
    """
    if path is None or context.home is None:
        return False
    configured = context.environ.get("CLAUDE_CONFIG_DIR", "").strip()
    expected = (
        _expand(configured, context.home) / ".claude.json"
        if configured
        else context.home / ".claude.json"
    )
    return _same(path, expected)


def display_name(path: Path | None, context: CheckContext) -> str:
    """A short name for messages: ``.claude/settings.json``, ``~/.claude.json``…"""
    if path is None:
        return "this file"
    if context.home is not None:
        try:
            return "~/" + path.resolve().relative_to(context.home.resolve()).as_posix()
        except (OSError, ValueError):
            pass
    if path.parent.name in (".claude", "claude", "dot_claude"):
        return f"{path.parent.name}/{path.name}"
    return path.name


MIN_SECRET_LENGTH = 8  # LiteLLM's sample master key `sk-1234` and router dummies are shorter


def is_secret_value(value: str, name: str) -> bool:
    """Whether an ``env`` value could be a real secret (not empty, a placeholder or a reference).

    References are ``$VAR`` and secret-manager references (``op://…``), which
    name a secret without holding it.
    """
    stripped = value.strip(WHITESPACE)
    if len(stripped) < MIN_SECRET_LENGTH or stripped.startswith("$") or is_reference(stripped):
        return False
    return not is_placeholder_credential(stripped, name)


def committed_credentials(file: ScannedFile, context: CheckContext) -> list[tuple[str, JsonMember]]:
    """The ``env`` credentials AL802 reports, as ``(variable, member)`` in file order.

    Empty unless the file is a project's ``.claude/settings*.json`` that git
    would commit. Other rules (AL501) use it to leave these values to AL802.
    """
    path = file.source.path
    scope = settings_scope(path, context)
    if scope not in (Scope.PROJECT, Scope.LOCAL) or is_template(path):
        return []
    members = env_members(file)
    secrets = [
        (name, members[name])
        for name in SECRET_VARIABLES
        if name in members and is_secret_value(member_text(members[name]) or "", name)
    ]
    if not secrets or not context.is_committable(path):
        return []
    return sorted(secrets, key=lambda pair: pair[1].value.span.start)
