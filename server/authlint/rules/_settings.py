"""Helpers shared by the AL7xx rules: VS Code settings, devcontainers, compose.

What a settings file means depends on where it lives (user or workspace
settings, which operating system's user folder), and fixes must edit JSONC
without disturbing comments, trailing commas or indentation. Sources:
``auth-facts.md`` §6 (VS Code settings and their scopes; devcontainer
``containerEnv`` / ``remoteEnv``), the corpus README ("should NOT flag" 2, 6,
9 and 11).
"""

from __future__ import annotations

import re
from pathlib import Path

from authlint.core.context import CheckContext, Platform
from authlint.core.endpoints import is_local_host, parse_base_url
from authlint.core.facts import Assignment, FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.facts import settings_object as vscode_settings_object
from authlint.core.findings import Edit
from authlint.core.home import VSCODE_OS_KEYS
from authlint.core.references import is_reference
from authlint.core.text import Span
from authlint.core.variables import BASE_URL
from authlint.rules._credentials import WHITESPACE, is_placeholder_credential
from authlint.rules._helpers import holds_credential

OS_KEYS = VSCODE_OS_KEYS

CLAUDE_CODE_ENV = "claudeCode.environmentVariables"
TERMINAL_ENV_PREFIX = "terminal.integrated.env."
TERMINAL_ENV_KEYS = tuple(f"{TERMINAL_ENV_PREFIX}{os}" for os in OS_KEYS.values())

# Editors that share VS Code's settings format (the corpus has Cursor and Code - Insiders).
_EDITORS = r"(?:Code|Code - Insiders|Code - OSS|VSCodium|Cursor|Windsurf)"
_MACOS_USER = re.compile(rf"(?:^|/)Library/Application Support/{_EDITORS}/User/")
_WINDOWS_USER = re.compile(rf"(?i)(?:^|/)AppData/Roaming/{_EDITORS}/User/")
_LINUX_USER = re.compile(rf"(?:^|/)\.config/{_EDITORS}/User/")

# The shortest credential worth calling a secret: shorter values are local-router
# dummies (``sk-1234``) or typing tests, and no issued key or token is that short.
MIN_SECRET_LENGTH = 8
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


# --- where a settings file lives ---------------------------------------------------


def settings_platform(path: Path | None, context: CheckContext) -> Platform:
    """The platform a settings file applies to.

    A user settings file in an operating system's own location
    (``~/Library/Application Support/Code/User/`` on macOS,
    ``%APPDATA%/Code/User/`` on Windows, ``~/.config/Code/User/`` on Linux,
    as kept in dotfiles repositories) applies there whatever machine checks
    it; any other file applies to ``context.platform``.
    """
    if path is not None:
        text = path.as_posix()
        for pattern, platform in (
            (_MACOS_USER, Platform.MACOS),
            (_WINDOWS_USER, Platform.WINDOWS),
            (_LINUX_USER, Platform.LINUX),
        ):
            if pattern.search(text):
                return platform
    return context.platform


def is_workspace_settings(path: Path | None) -> bool:
    """Whether ``path`` is workspace settings (``.vscode/settings.json``, ``*.code-workspace``).

    Workspace settings live in the project and are meant to be committed; user
    settings (``…/Code/User/settings.json``) are not.
    """
    if path is None:
        return False
    if path.name.endswith(".code-workspace"):
        return True
    return path.name == "settings.json" and path.parent.name == ".vscode"


def settings_object(file: ScannedFile) -> JsonValue | None:
    """The object holding the settings: the root of ``settings.json``, ``settings`` of a workspace.

    ``None`` when the file did not parse to an object.
    """
    path = file.source.path
    workspace = path is not None and path.name.endswith(".code-workspace")
    return vscode_settings_object(file.json.root if file.json else None, workspace)


def workspace_folder(file: ScannedFile) -> Path | None:
    """The folder ``${workspaceFolder}`` means for a workspace settings file.

    The folder holding ``.vscode/`` for ``.vscode/settings.json``; for a
    ``*.code-workspace`` file with exactly one entry in ``folders``, that
    folder (relative to the workspace file). ``None`` otherwise (user
    settings, multi-root workspaces).
    """
    path = file.source.path
    if path is None or not is_workspace_settings(path):
        return None
    if path.parent.name == ".vscode" and path.name == "settings.json":
        return path.parent.parent
    root = file.json.root if file.json is not None else None
    folders = root.get("folders") if root is not None and root.type == "object" else None
    if folders is None or folders.type != "array" or len(folders.items) != 1:
        return None
    entry = folders.items[0].get("path") if folders.items[0].type == "object" else None
    if entry is None or entry.type != "string" or not isinstance(entry.value, str):
        return None
    return path.parent / entry.value


def devcontainer_workspace(path: Path) -> Path:
    """The folder a devcontainer's relative paths start from: the workspace folder.

    ``.devcontainer/devcontainer.json`` and ``.devcontainer/<name>/devcontainer.json``
    belong to the folder that holds ``.devcontainer``; a ``.devcontainer.json``
    (or a file in another folder) to its own folder.
    """
    for parent in path.parents:
        if parent.name == ".devcontainer":
            return parent.parent
    return path.parent


# --- reading other files -----------------------------------------------------------


def scan_other(path: Path, kind: FileKind) -> ScannedFile | None:
    """Scan another file (a ``.env`` next to the settings), or ``None`` when it cannot be read.

    Cached per path and text (:func:`authlint.scanners.cache.scan_file`): the
    same ``.env`` is asked for by every file beside it.
    """
    from authlint.scanners.cache import scan_file

    return scan_file(path, kind)


# --- values --------------------------------------------------------------------------


def assignments_within(file: ScannedFile, value: JsonValue) -> list[Assignment]:
    """The file's assignments whose name lies inside ``value`` (an env block), in order."""
    return [a for a in file.assignments if value.span.contains(a.name_span)]


def is_interpolated(value: str) -> bool:
    """Whether a value takes its text from elsewhere: ``${localEnv:X}``, ``${X}``, ``$X``."""
    return "${" in value or bool(re.search(r"\$[A-Za-z_]", value))


def is_credential_literal(assignment: Assignment) -> bool:
    """Whether an assignment writes a real-looking credential into the file.

    A credential variable (or a key-shaped value, see
    :func:`~authlint.rules._helpers.holds_credential`) whose value is written
    out: not computed at run time, not interpolated (``${localEnv:…}``,
    ``${VAR:-…}``, ``$VAR``), not empty, not a placeholder (``your-key``,
    ``sk-ant-...``, ``test``), not a secret-manager reference (``op://…``: it
    names a secret without holding it), and at least :data:`MIN_SECRET_LENGTH`
    characters.
    """
    if not holds_credential(assignment):
        return False
    value = (assignment.value or "").strip(WHITESPACE)
    if len(value) < MIN_SECRET_LENGTH or is_interpolated(value) or is_reference(value):
        return False
    return not is_placeholder_credential(value, assignment.name)


def routes_to_local_host(assignments: list[Assignment]) -> bool:
    """Whether the block sends requests to a local router (``ANTHROPIC_BASE_URL`` on loopback).

    Tokens for a router on ``localhost`` or a compose service name are dummies
    the router accepts (corpus README "should NOT flag" 6), not secrets.
    """
    for assignment in assignments:
        if assignment.name == BASE_URL and assignment.value:
            url = parse_base_url(assignment.value)
            if url is not None and is_local_host(url.host):
                return True
    return False


def string_value(value: JsonValue | None) -> str | None:
    """The text of a JSON string value, else ``None``."""
    if value is None or value.type != "string" or not isinstance(value.value, str):
        return None
    return value.value


# --- JSONC text edits ----------------------------------------------------------------


def skip_trivia(text: str, offset: int) -> int:
    """The first offset at or after ``offset`` that is not whitespace or a JSONC comment."""
    while offset < len(text):
        char = text[offset]
        if char in " \t\r\n\f\v\ufeff":
            offset += 1
        elif text.startswith("//", offset):
            brk = _LINE_BREAK.search(text, offset)
            offset = brk.start() if brk else len(text)
        elif text.startswith("/*", offset):
            close = text.find("*/", offset + 2)
            offset = len(text) if close < 0 else close + 2
        else:
            break
    return offset


def comma_after(file: ScannedFile, node: JsonMember | JsonValue) -> int | None:
    """Offset of the comma that follows ``node`` (comments allowed in between), else ``None``."""
    text = file.source.text
    at = skip_trivia(text, file.source.index.offset(node.span.end))
    return at if at < len(text) and text[at] == "," else None


def _alone_on_lines(file: ScannedFile, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has only blanks before it and after it on its lines."""
    index = file.source.index
    text = file.source.text
    first = index.position(start)
    last = index.position(end)
    before = text[index.line_start(first.line) : start]
    after = text[end : index.line_end(last.line)]
    return not before.strip(" \t") and not after.strip(" \t")


def _whole_lines(file: ScannedFile, start: int, end: int) -> Span:
    """The span from the start of ``start``'s line to the start of the line after ``end``."""
    index = file.source.index
    first = index.position(start).line
    last = index.position(end).line
    stop = index.line_end(last) + len(index.line_break(last))
    return index.span(index.line_start(first), stop)


def remove_member_edits(file: ScannedFile, obj: JsonValue, member: JsonMember) -> tuple[Edit, ...]:
    """Edits deleting ``member`` from ``obj`` and the one comma that goes with it.

    The member's own comma is deleted with it; the last member (no comma after
    it) takes the previous member's comma instead, deleted on its own so a
    comment after it stays. A member alone on its lines is deleted with those
    lines; otherwise only its text goes. Comments elsewhere are kept.
    """
    index = file.source.index
    start = index.offset(member.span.start)
    end = index.offset(member.span.end)
    own_comma = comma_after(file, member)
    edits: list[Edit] = []
    if own_comma is not None:
        end = own_comma + 1
    else:
        position = obj.members.index(member) if member in obj.members else -1
        if position > 0:
            previous = comma_after(file, obj.members[position - 1])
            if previous is not None:
                edits.append(Edit(index.span(previous, previous + 1), ""))
    if _alone_on_lines(file, start, end):
        edits.append(Edit(_whole_lines(file, start, end), ""))
    else:
        text = file.source.text
        while end < len(text) and text[end] in " \t" and own_comma is not None:
            end += 1
        edits.append(Edit(index.span(start, end), ""))
    return tuple(edits)


def line_break_of(file: ScannedFile) -> str:
    """The file's line break (``\\n`` when it has none)."""
    index = file.source.index
    for line in range(index.line_count):
        found = index.line_break(line)
        if found:
            return found
    return "\n"


def indentation_of(file: ScannedFile, node: JsonMember | JsonValue) -> str:
    """The blanks that start the line ``node`` starts on."""
    line = file.source.index.line_text(node.span.start.line)
    return line[: len(line) - len(line.lstrip(" \t"))]


def insert_member_edits(file: ScannedFile, obj: JsonValue, text: str) -> tuple[Edit, ...]:
    """Edits adding the member text ``"key": value`` as the last member of ``obj``.

    The new member goes on its own line after the last member, indented like
    it; the comma goes right after the last member's value (or the file's
    trailing comma is kept and repeated). A comment after the last member
    stays on its line. In an empty object the member goes inside the braces.
    """
    index = file.source.index
    source = file.source.text
    brk = line_break_of(file)
    if not obj.members:
        open_at = index.offset(obj.span.start) + 1
        outer = indentation_of(file, obj)
        inner = outer + _indent_unit(file)
        return (Edit(index.span(open_at, open_at), f"{brk}{inner}{text}{brk}{outer}"),)
    last = obj.members[-1]
    indent = indentation_of(file, last)
    trailing = comma_after(file, last)
    value_end = index.offset(last.span.end)
    anchor = trailing + 1 if trailing is not None else value_end
    # Where the line that holds the anchor ends, past any comment on it.
    line = index.position(anchor).line
    rest = source[anchor : index.line_end(line)]
    open_comment = rest.rfind("/*") > rest.rfind("*/")
    rest_is_trivia = not open_comment and skip_trivia(rest, 0) >= len(rest)
    closing_on_line = index.position(index.offset(obj.span.end)).line == line
    edits: list[Edit] = []
    if trailing is None:
        edits.append(Edit(index.span(value_end, value_end), ","))
    new_member = text + ("," if trailing is not None else "")
    if rest_is_trivia and not closing_on_line:
        at = index.line_end(line)
        edits.append(Edit(index.span(at, at), f"{brk}{indent}{new_member}"))
    else:
        edits.append(Edit(index.span(anchor, anchor), f" {new_member}"))
    return tuple(edits)


def _indent_unit(file: ScannedFile) -> str:
    """One level of indentation as the file writes it (tab, or the smallest run of spaces)."""
    widths = []
    for line in file.source.text.splitlines():
        blanks = line[: len(line) - len(line.lstrip(" \t"))]
        if blanks.startswith("\t"):
            return "\t"
        if blanks:
            widths.append(len(blanks))
    return " " * (min(widths) if widths else 2)


def member_named(obj: JsonValue | None, key: str) -> JsonMember | None:
    """The last member of ``obj`` named ``key`` (what VS Code reads), or ``None``."""
    if obj is None or obj.type != "object":
        return None
    return obj.member(key)


def json_string(text: str) -> str:
    """``text`` as a JSON string literal (for paths and names, never for secrets)."""
    import json

    return json.dumps(text, ensure_ascii=False)


# --- python.envFile --------------------------------------------------------------------

PYTHON_ENV_FILE = "python.envFile"
DEFAULT_PYTHON_ENV_FILE = "${workspaceFolder}/.env"
_WORKSPACE_FOLDER = re.compile(r"\$\{workspaceFolder\}")


def resolve_workspace_path(raw: str, folder: Path) -> Path | None:
    """``raw`` with ``${workspaceFolder}`` replaced and made absolute against ``folder``.

    ``None`` when another ``${…}`` variable (``${env:HOME}``, ``${userHome}``)
    or a ``~`` is left: authlint cannot know what the editor would put there.
    """
    text = _WORKSPACE_FOLDER.sub(lambda _: folder.as_posix(), raw.strip())
    if not text or "${" in text or text.startswith("~"):
        return None
    path = Path(text)
    return path if path.is_absolute() else folder / path


def uses_python(settings: JsonValue) -> bool:
    """Whether the settings show the Python extension in use (``python.*``, ``[python]``)."""
    return any(m.key.startswith("python.") or m.key == "[python]" for m in settings.members)


_USER_FOLDERS = {
    Platform.MACOS: "Library/Application Support",
    Platform.LINUX: ".config",
    Platform.WINDOWS: "AppData/Roaming",
}
_USER_EDITORS = ("Code", "Code - Insiders", "Cursor", "VSCodium", "Windsurf")


def user_settings_files(context: CheckContext) -> list[Path]:
    """The VS Code-family user ``settings.json`` files under ``context.home`` that exist.

    Empty when home files are not read (``context.home is None``).
    """
    if context.home is None:
        return []
    base = context.home / _USER_FOLDERS[context.platform]
    found = [base / editor / "User" / "settings.json" for editor in _USER_EDITORS]
    return [path for path in found if path.is_file()]


def user_setting_is_true(context: CheckContext, key: str) -> bool:
    """Whether a user settings file under ``context.home`` sets ``key`` to ``true``."""
    for path in user_settings_files(context):
        scanned = scan_other(path, FileKind.VSCODE_SETTINGS)
        settings = settings_object(scanned) if scanned is not None else None
        member = member_named(settings, key)
        if member is not None and member.value.type == "true":
            return True
    return False
