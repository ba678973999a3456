"""Code actions every diagnostic gets, and the commands behind them.

For each current authlint diagnostic in a ``textDocument/codeAction``
request (:func:`rule_actions`), after the quick fixes:

- a **disabled** ``quickfix`` "No automatic fix for AL###" whose
  ``disabled.reason`` says what to do by hand (:mod:`authlint.lsp.advice`),
  when no fix was offered and the client advertises
  ``codeAction.disabledSupport`` (VS Code); other clients get nothing, as the
  specification asks;
- "Ignore AL### on this line": an ``authlint: ignore[AL###]`` comment in the
  file's comment syntax (:func:`authlint.lsp.ignore.ignore_comment`). Strict
  JSON files (Claude Code settings, ``~/.claude.json``, credentials) cannot
  hold a comment: VS Code-family clients get "Ignore AL### in this workspace"
  instead, adding the code to ``authlint.ignore`` in the workspace's
  ``.vscode/settings.json`` (the setting VS Code sends the server; the file is
  created when missing). Other clients read no such file, so they get no
  settings action; their users add the code to the ``ignore`` list of the
  client's own authlint settings;
- "Show documentation for AL###": the :data:`DOCS_COMMAND` command, which
  opens the rule's page with ``window/showDocument`` (``external``) or, for a
  client without it, shows the URL with ``window/showMessage``.

A diagnostic counts as current when its ``data`` carries the document's
version, or when a fresh check of the document finds the same code at the
same range; stale ones get no action.

:data:`CREATE_COMMAND` (``authlint.createFiles``) writes files a fix needs for
clients that cannot create files (:func:`authlint.lsp.code_actions.deliver`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer

from authlint.core.source import ChangedOnDiskError, SourceFile, atomic_write
from authlint.core.text import LineIndex
from authlint.lsp import ignore
from authlint.lsp.advice import reason_for
from authlint.lsp.code_actions import CREATE_COMMAND, EditSupport, deliver
from authlint.lsp.convert import (
    ClientEdit,
    client_range,
    data_version,
    is_ours,
    path_from_uri,
    rule_url,
    uri_from_path,
)
from authlint.lsp.diagnostics import Snapshot, document_kind

if TYPE_CHECKING:
    from authlint.lsp.server import AuthlintServer

log = logging.getLogger("authlint.lsp")

DOCS_COMMAND = "authlint.showDocumentation"
# Names of the files a fix may create (core ``Edit.create``), plus the workspace settings.
CREATABLE = frozenset({".gitignore", ".env"})
VSCODE_CLIENTS = ("code", "cursor", "windsurf", "positron")  # clientInfo.name, lower-cased
RESET_CODES = frozenset({"AL812", "AL813", "AL814"})  # answered by the reset-login action
APPLY_EDIT_SECONDS = 2.0  # how long authlint.createFiles waits for the client to apply the edit


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    """Lsprotocol's converter, made on first use (building it slows the server's start)."""
    return get_converter()


def ignore_title(code: str) -> str:
    """``Ignore AL201 on this line``."""
    return f"Ignore {code} on this line"


def workspace_ignore_title(code: str) -> str:
    """``Ignore AL808 in this workspace (.vscode/settings.json)``."""
    return f"Ignore {code} in this workspace (.vscode/settings.json)"


def docs_title(code: str) -> str:
    """``Show documentation for AL201``."""
    return f"Show documentation for {code}"


def no_fix_title(code: str) -> str:
    """``No automatic fix for AL601``."""
    return f"No automatic fix for {code}"


def is_vscode(client_name: str | None) -> bool:
    """Whether ``clientInfo.name`` is VS Code or a fork (reads ``.vscode/settings.json``)."""
    name = (client_name or "").lower()
    return any(word in name for word in VSCODE_CLIENTS)


async def rule_actions(
    ls: AuthlintServer,
    snapshot: Snapshot,
    diagnostics: Sequence[types.Diagnostic],
    fixed: Sequence[types.Diagnostic],
    *,
    client_name: str | None = None,
) -> list[types.CodeAction]:
    """The disabled, ignore and documentation actions for the request's diagnostics.

    ``diagnostics`` as the client sent them; ``fixed`` those that got a quick
    fix. Returns the actions in that order per kind: disabled ones first, then
    ignores, then documentation. Never raises: a failure is logged and gives
    no action.
    """
    try:
        current = await _current(ls, snapshot, diagnostics)
        return await asyncio.to_thread(
            _actions, ls, snapshot, current, fixed, is_vscode(client_name)
        )
    except Exception as error:  # noqa: BLE001 - an editor feature must not break the editor
        ls.log_once(f"cannot offer actions for {snapshot.name}: {type(error).__name__}: {error}")
        return []


async def _current(
    ls: AuthlintServer, snapshot: Snapshot, diagnostics: Sequence[types.Diagnostic]
) -> list[types.Diagnostic]:
    ours = [d for d in diagnostics if is_ours(d) and isinstance(d.code, str)]
    fresh: list[types.Diagnostic] | None = None
    current = []
    for diagnostic in ours:
        if snapshot.version is not None and data_version(diagnostic.data) == snapshot.version:
            current.append(diagnostic)
            continue
        if fresh is None:
            fresh = await ls.diagnostics_for(snapshot)
        if any(d.code == diagnostic.code and d.range == diagnostic.range for d in fresh):
            current.append(diagnostic)
    return current


def _actions(
    ls: AuthlintServer,
    snapshot: Snapshot,
    current: list[types.Diagnostic],
    fixed: Sequence[types.Diagnostic],
    vscode: bool,
) -> list[types.CodeAction]:
    from authlint.rules import rule_by_code

    disabled_ok = ls.client_supports("text_document.code_action.disabled_support")
    kind = document_kind(snapshot)
    codec = ls.workspace.position_codec
    index = LineIndex(snapshot.text)
    disabled: list[types.CodeAction] = []
    ignores: list[types.CodeAction] = []
    docs: list[types.CodeAction] = []
    seen: set[tuple[str, int]] = set()
    for diagnostic in current:
        code = str(diagnostic.code)
        has_fix = code in RESET_CODES or any(
            f.code == diagnostic.code and f.range == diagnostic.range for f in fixed
        )
        if disabled_ok and not has_fix:
            disabled.append(
                types.CodeAction(
                    title=no_fix_title(code),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    disabled=types.CodeActionDisabled(reason=reason_for(code)),
                )
            )
        line = diagnostic.range.start.line
        rule = rule_by_code(code)
        if rule is not None and kind is not None and (code, line) not in seen:
            seen.add((code, line))
            action = _ignore_action(ls, snapshot, kind, index, codec, diagnostic, rule.name, vscode)
            if action is not None:
                ignores.append(action)
        url = rule_url(code)
        if url is not None and not any(code in (a.title or "") for a in docs):
            command = types.Command(title=docs_title(code), command=DOCS_COMMAND, arguments=[code])
            docs.append(
                types.CodeAction(
                    title=docs_title(code),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=command,
                )
            )
    return [*disabled, *ignores, *docs]


def _ignore_action(
    ls: AuthlintServer,
    snapshot: Snapshot,
    kind: Any,
    index: LineIndex,
    codec: Any,
    diagnostic: types.Diagnostic,
    name: str,
    vscode: bool,
) -> types.CodeAction | None:
    code = str(diagnostic.code)
    line = diagnostic.range.start.line
    support = EditSupport.of(ls.client_capabilities)
    versions = {d.uri: d.version for d in ls.open_documents()}

    def exists(uri: str) -> bool:
        path = path_from_uri(uri)
        return uri in versions or (path is not None and path.exists())

    if kind in ignore.STRICT_JSON_KINDS:
        if not vscode:
            return None
        edits = _settings_edits(ls, code)
        title = workspace_ignore_title(code)
    else:
        edit = ignore.ignore_comment(snapshot.text, kind, line, code, name)
        if edit is None:
            return None
        edits = [ClientEdit(snapshot.uri, client_range(index, edit.span, codec), edit.new_text)]
        title = ignore_title(code)
    if not edits:
        return None
    delivered = deliver(edits, support, versions, exists)
    if delivered is None:
        return None
    workspace_edit, command = delivered
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=workspace_edit,
        command=command,
    )


def _workspace_folder(ls: AuthlintServer) -> Path | None:
    for folder in ls.workspace.folders.values():
        path = path_from_uri(folder.uri)
        if path is not None:
            return path
    root = ls.workspace.root_path
    return Path(root) if root else None


def _settings_edits(ls: AuthlintServer, code: str) -> list[ClientEdit]:
    """Edits adding ``code`` to ``authlint.ignore`` in the workspace's ``.vscode/settings.json``."""
    folder = _workspace_folder(ls)
    if folder is None:
        return []
    path = ignore.settings_path(folder)
    uri = uri_from_path(path)
    document = ls.open_document(uri)
    text: str | None
    if document is not None:
        text = document.source
    else:
        try:
            text = SourceFile.read(path).text
        except FileNotFoundError:
            text = None
        except OSError:
            return []
    edits = ignore.settings_ignore(text, code)
    if edits is None:
        return []
    index = LineIndex(text or "")
    codec = ls.workspace.position_codec
    return [
        ClientEdit(uri, client_range(index, e.span, codec), e.new_text, text is None) for e in edits
    ]


# --- commands ----------------------------------------------------------------------------------


async def show_documentation(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint.showDocumentation(code)``: open the rule's documentation.

    Takes a rule code or name; returns ``{"url": str | None, "shown": bool}``.
    Uses ``window/showDocument`` with ``external: true`` when the client
    supports it, else ``window/showMessage`` with the URL. Never raises.
    """
    code = arguments[0] if arguments and isinstance(arguments[0], str) else ""
    url = rule_url(code.strip()) if code.strip() else None
    if url is None:
        return {"url": None, "shown": False}
    supports = getattr(ls, "client_supports", None)
    if supports is not None and supports("window.show_document.support"):
        try:
            result = await ls.window_show_document_async(
                types.ShowDocumentParams(uri=url, external=True)
            )
            if result.success:
                return {"url": url, "shown": True}
        except Exception as error:  # noqa: BLE001 - fall back to a message
            log.info("window/showDocument failed: %s", error)
    ls.window_show_message(
        types.ShowMessageParams(type=types.MessageType.Info, message=f"{code.upper()}: {url}")
    )
    return {"url": url, "shown": False}


def _creatable(path: Path) -> bool:
    if path.name in CREATABLE:
        return path.parent.is_dir()
    return path.name == "settings.json" and path.parent.name == ".vscode"


def create_files(files: Any) -> tuple[list[str], list[str]]:
    """Write each ``{"uri", "text"}`` of ``files`` as a new file; return (created, problems).

    Only the files fixes create are written (``.gitignore`` and ``.env`` in an
    existing folder, ``.vscode/settings.json`` with its folder); an existing
    file is never replaced (:func:`authlint.core.source.atomic_write` with
    ``create=True``). ``created`` lists the paths written, ``problems`` one
    message per file refused or failed (no file content in them).
    """
    created: list[str] = []
    problems: list[str] = []
    if not isinstance(files, list):
        return created, ["authlint.createFiles needs a list of {uri, text}"]
    for item in files:
        uri = item.get("uri") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        path = path_from_uri(uri) if isinstance(uri, str) else None
        if path is None or not isinstance(text, str) or not _creatable(path):
            problems.append(f"not a file authlint creates: {uri!r}"[:200])
            continue
        try:
            if path.name == "settings.json":
                path.parent.mkdir(exist_ok=True)
            atomic_write(path, text.encode("utf-8"), create=True)
        except ChangedOnDiskError:
            problems.append(f"{path} exists already; apply the fix again to edit it")
            continue
        except OSError as error:
            problems.append(f"cannot create {path}: {error.strerror or type(error).__name__}")
            continue
        created.append(str(path))
    return created, problems


async def create_files_command(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint.createFiles(files, edit=None)``: create the files a fix needs, then recheck.

    Takes the arguments :func:`authlint.lsp.code_actions.deliver` put in the
    command: the files to create and the ``WorkspaceEdit`` JSON of the fix's
    other edits (or ``None``). Returns ``{"created": [paths], "problems":
    [messages], "applied": bool | None}`` (``applied``: the client's answer to
    ``workspace/applyEdit``, ``None`` when there was no edit or no answer
    within :data:`APPLY_EDIT_SECONDS`; Vim + ALE never answers). Problems are
    also shown with ``window/showMessage``. After a file was created, every
    open document is checked again (``environment_changed``), so the ``.env``
    that a new ``.gitignore`` now ignores loses its AL502 at once.
    """
    files = arguments[0] if arguments else None
    created, problems = await asyncio.to_thread(create_files, files)
    applied = await _apply_edit(ls, arguments[1] if len(arguments) > 1 else None)
    for problem in problems:
        log.warning("%s", problem)
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=f"authlint: {problem}")
        )
    if created:
        log.info("created %s", ", ".join(created))
        recheck: Callable[..., Any] | None = getattr(ls, "environment_changed", None)
        if recheck is not None:
            recheck(0.0)
    return {"created": created, "problems": problems, "applied": applied}


async def _apply_edit(ls: LanguageServer, edit_json: Any) -> bool | None:
    """Send the fix's edit of existing files back with ``workspace/applyEdit``."""
    if edit_json is None:
        return None
    try:
        edit = _converter().structure(edit_json, types.WorkspaceEdit)
    except Exception:  # noqa: BLE001 - not an edit: nothing to apply
        log.warning("authlint.createFiles: the second argument is not a WorkspaceEdit")
        return False
    params = types.ApplyWorkspaceEditParams(edit=edit, label="authlint fix")
    try:
        answer = await asyncio.wait_for(ls.workspace_apply_edit_async(params), APPLY_EDIT_SECONDS)
    except asyncio.TimeoutError:
        return None
    except Exception as error:  # noqa: BLE001 - the client refused or failed
        log.warning("workspace/applyEdit failed: %s", error)
        return False
    return bool(answer.applied)


def register(server: LanguageServer) -> None:
    """Register :data:`DOCS_COMMAND` and :data:`CREATE_COMMAND` on ``server``."""
    server.command(DOCS_COMMAND)(show_documentation)
    server.command(CREATE_COMMAND)(create_files_command)
