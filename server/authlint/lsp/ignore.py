"""The edits behind "Ignore AL### on this line" and "Ignore AL### in this workspace".

:func:`ignore_comment` writes an ``authlint: ignore[CODE]`` comment
(:mod:`authlint.core.suppression`) in the file kind's own comment syntax:

- ``.env`` files: a comment line of its own above the line, indented like it
  (``docker run --env-file`` keeps an inline ``#`` in the value);
- shell, fish and PowerShell profiles, Compose YAML, Python: ``  # …`` at the
  end of the line; JavaScript/TypeScript and JSONC (VS Code settings,
  devcontainer.json): ``  // …``;
- strict JSON (Claude Code settings, ``~/.claude.json``, credentials) takes no
  comment at all: ``None`` (see :func:`settings_ignore`).

A directive already on the line (or the own-line one above it) gets the code
added to its brackets instead, since only the first directive of a line
counts. The comment goes before the line break, or is followed by the line's
own break, so CRLF files stay CRLF. Every edit is verified before it is
offered: applied to the text, the line must be silenced for that code
(:func:`authlint.core.suppression.is_suppressed`), and a fresh scan must find
the same facts, values and syntax errors (spans aside) as before. So a comment
that would land inside a multi-line value, after a line continuation or in a
YAML block scalar is never offered.

:func:`settings_ignore` adds the code to ``authlint.ignore`` in the workspace's
``.vscode/settings.json``, the setting VS Code sends the server; used where a
comment is impossible (strict JSON).
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from authlint.core.facts import FileKind, JsonValue
from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.suppression import is_suppressed, suppressions
from authlint.core.text import LineIndex, Position, Span
from authlint.scanners import scan

HASH = "#"
SLASHES = "//"
COMMENT_SYNTAX: dict[FileKind, str] = {
    FileKind.DOTENV: HASH,
    FileKind.SHELL: HASH,
    FileKind.FISH: HASH,
    FileKind.POWERSHELL: HASH,
    FileKind.COMPOSE: HASH,
    FileKind.MAKEFILE: HASH,
    FileKind.JUSTFILE: HASH,
    FileKind.GITHUB_WORKFLOW: HASH,
    FileKind.PYTHON: HASH,
    FileKind.JAVASCRIPT: SLASHES,
    FileKind.VSCODE_SETTINGS: SLASHES,
    FileKind.DEVCONTAINER: SLASHES,
    FileKind.STREAMLIT_SECRETS: HASH,
    FileKind.AIDER_CONFIG: HASH,
    FileKind.SYSTEMD_UNIT: HASH,
    FileKind.KUBERNETES: HASH,
}
STRICT_JSON_KINDS = frozenset(
    {
        FileKind.CLAUDE_SETTINGS,
        FileKind.CLAUDE_STATE,
        FileKind.CLAUDE_CREDENTIALS,
        FileKind.MCP_CONFIG,
        FileKind.CLINE_SETTINGS,
    }
)
# systemd reads `#` and `;` only at the start of a line: a trailing comment is part of the value.
OWN_LINE_KINDS = frozenset({FileKind.DOTENV, FileKind.SYSTEMD_UNIT})
# A trailing character that continues the statement on the next line.
_CONTINUATION = {
    FileKind.SHELL: "\\",
    FileKind.MAKEFILE: "\\",
    FileKind.FISH: "\\",
    FileKind.PYTHON: "\\",
    FileKind.POWERSHELL: "`",
}
_BRACKETED = re.compile(
    r"(?:#|//)[^\S\r\n]*authlint:[^\S\r\n]*ignore(?:\[([^\]\r\n]*)\]|(?![\w\[-]))"
)
SETTING = "authlint.ignore"


def directive(kind: FileKind, code: str) -> str | None:
    """The comment that silences ``code`` in a file of ``kind`` (``None``: no comment syntax)."""
    marker = COMMENT_SYNTAX.get(kind)
    return f"{marker} authlint: ignore[{code}]" if marker else None


def ignore_comment(text: str, kind: FileKind, line: int, code: str, name: str) -> Edit | None:
    """The edit that silences ``code`` (rule ``name``) on 0-based ``line`` of ``text``.

    Returns an :class:`~authlint.core.findings.Edit` in code points of
    ``text`` (an insertion), or ``None`` when the kind has no comments, the
    line does not exist, the line is silenced already, or no verified place
    exists (see the module docstring).
    """
    comment = directive(kind, code)
    index = LineIndex(text)
    if comment is None or not 0 <= line < index.line_count:
        return None
    if is_suppressed(suppressions(index), line, code, name):
        return None
    for candidate in _candidates(index, kind, line, code, comment):
        if _verified(index, kind, line, code, name, candidate):
            return candidate
    return None


def _candidates(index: LineIndex, kind: FileKind, line: int, code: str, comment: str) -> list[Edit]:
    """Edits to try, best first: extend a directive already there, else write a new one."""
    found: list[Edit] = []
    for where, own_line in ((line, False), (line - 1, True)):
        if where < 0:
            continue
        extended = _extend(index, where, own_line, code)
        if extended is not None:
            found.append(extended)
    if found:
        return found
    text = index.line_text(line)
    if kind in OWN_LINE_KINDS:
        above = index.line_text(line - 1) if line > 0 else ""
        if above.rstrip().endswith("\\"):
            return []
        indent = text[: len(text) - len(text.lstrip())]
        end = index.line_break(line) or (index.line_break(line - 1) if line > 0 else "") or "\n"
        at = Position(line, 0)
        return [Edit(Span(at, at), f"{indent}{comment}{end}")]
    continuation = _CONTINUATION.get(kind)
    if continuation and text.rstrip().endswith(continuation):
        return []
    if not text.strip():
        return []
    at = Position(line, len(text))
    gap = " " if text != text.rstrip() else "  "
    return [Edit(Span(at, at), f"{gap}{comment}")]


def _extend(index: LineIndex, line: int, own_line: bool, code: str) -> Edit | None:
    """Add ``code`` to the first bracketed directive on ``line`` (own-line ones only if asked)."""
    text = index.line_text(line)
    match = _BRACKETED.search(text)
    if match is None or match.group(1) is None:
        return None
    if (not text[: match.start()].strip()) != own_line:
        return None
    inside = match.group(1)
    close = match.end(1)
    addition = f", {code}" if inside.strip() else code
    at = Position(line, close)
    return Edit(Span(at, at), addition)


def _apply(index: LineIndex, edit: Edit) -> str:
    start, end = index.offset(edit.span.start), index.offset(edit.span.end)
    return index.text[:start] + edit.new_text + index.text[end:]


def _verified(
    index: LineIndex, kind: FileKind, line: int, code: str, name: str, edit: Edit
) -> bool:
    """Whether ``edit`` silences ``code`` on ``line`` and leaves the file's meaning alone."""
    after = _apply(index, edit)
    added_lines = (
        edit.new_text.count("\n") + edit.new_text.count("\r") - edit.new_text.count("\r\n")
    )
    moved = line + added_lines if edit.span.start.line <= line else line
    if not is_suppressed(suppressions(LineIndex(after)), moved, code, name):
        return False
    try:
        return bool(meaning(index.text, kind) == meaning(after, kind))
    except Exception:  # noqa: BLE001 - a scanner that fails on the new text: not safe
        return False


def meaning(text: str, kind: FileKind) -> Any:
    """What a scan of ``text`` finds, without positions: equal before and after a safe comment.

    Covers assignments (names, values, export), slips, includes, unsets, the
    JSON tree (values and the number of syntax errors; comments are left out)
    and SDK facts. Raises what the scanner raises.
    """
    scanned = scan(SourceFile(None, text), kind)
    return _plain(scanned, skip=frozenset({"source", "comments"}))


def _plain(value: Any, skip: frozenset[str] = frozenset()) -> Any:
    if isinstance(value, (Span, Position)):
        return None
    if is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (f.name, _plain(getattr(value, f.name), skip))
                for f in fields(value)
                if f.compare and f.name not in skip and not f.name.endswith("span")
            ),
        )
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v, skip) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_plain(v, skip) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), repr(_plain(v, skip))) for k, v in value.items()))
    return value


# --- strict JSON: the workspace setting --------------------------------------------------------


def settings_path(folder: Path) -> Path:
    """The workspace settings file of ``folder``: ``folder/.vscode/settings.json``."""
    return folder / ".vscode" / "settings.json"


def settings_ignore(text: str | None, code: str) -> tuple[Edit, ...] | None:
    """Edits adding ``code`` to ``"authlint.ignore"`` in a VS Code settings text (JSONC).

    ``text`` is the file's text, or ``None`` when it does not exist (the one
    edit then writes a whole new file, ``create=True`` left to the caller).
    Keeps the file's indentation, line breaks, comments and trailing commas;
    inserts the setting after the last one when missing. Returns ``None`` when
    the code is ignored already, the setting is not an array of strings, or
    the file is not a JSON object that can be edited safely (syntax errors).
    Spans are in code points of ``text``.
    """
    if text is None or not text.strip():
        at = Position(0, 0)
        body = f'{{\n  "{SETTING}": ["{code}"]\n}}\n'
        return (Edit(Span(at, at) if text is None else _whole(text), body),)
    index = LineIndex(text)
    document = scan(SourceFile(None, text), FileKind.VSCODE_SETTINGS).json
    if document is None or document.root is None or document.errors:
        return None
    root = document.root
    if root.type != "object":
        return None
    existing = root.get(SETTING)
    if existing is not None:
        return _add_item(existing, code)
    eol = _first_break(index)
    if not root.members:
        inner = _object_inside(index, root)
        return (Edit(Span(inner, inner), f'{eol}  "{SETTING}": ["{code}"]{eol}'),)
    last = root.members[-1]
    line_text = index.line_text(last.key_span.start.line)
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    same_line = last.key_span.start.line == root.span.start.line
    separator = " " if same_line else f"{eol}{indent}"
    at = last.value.span.end
    return (Edit(Span(at, at), f',{separator}"{SETTING}": ["{code}"]'),)


def _add_item(array: JsonValue, code: str) -> tuple[Edit, ...] | None:
    if array.type != "array" or any(item.type != "string" for item in array.items):
        return None
    if any(str(item.value).upper() == code.upper() for item in array.items):
        return None
    if array.items:
        at = array.items[-1].span.end
        return (Edit(Span(at, at), f', "{code}"'),)
    start = array.span.start
    at = Position(start.line, start.character + 1)
    return (Edit(Span(at, at), f'"{code}"'),)


def _object_inside(index: LineIndex, root: JsonValue) -> Position:
    """Just after the ``{`` of an empty object."""
    start = root.span.start
    return Position(start.line, start.character + 1)


def _first_break(index: LineIndex) -> str:
    return next((index.line_break(n) for n in range(index.line_count - 1)), "") or "\n"


def _whole(text: str) -> Span:
    index = LineIndex(text)
    last = index.line_count - 1
    return Span(Position(0, 0), Position(last, len(index.line_text(last))))
