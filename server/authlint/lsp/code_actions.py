"""Code actions: a ``quickfix`` per fixable diagnostic, and ``source.fixAll.authlint``.

Quick fixes come from the diagnostic's ``data`` (ruff-lsp's design), so the
client gets exactly the edits the rule proposed. ``source.fixAll.authlint``
is computed from the current text: every SAFE fix that does not overlap an
earlier one (:func:`authlint.core.fixes.apply_fixes`, one pass), returned as
the rules' own minimal edits. Edits on other files (``.gitignore``) go into
``documentChanges`` (with ``CreateFile`` when the file is missing) when the
client supports it, else into ``changes``. A file to create for a client that
cannot create files (no ``documentChanges`` or no ``create`` resource
operation: Neovim 0.11, Vim + ALE) is delivered by :func:`deliver` as the
``authlint.createFiles`` command instead (:mod:`authlint.lsp.rule_actions`),
which the client runs after the edit; the server then writes the file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.capabilities import get_capability
from pygls.workspace import PositionCodec

from authlint.core.findings import Applicability, Finding
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.lsp.convert import ClientEdit, FixData, OtherText, Target, fix_edits

QUICK_FIX = types.CodeActionKind.QuickFix.value
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.authlint"
FIX_ALL_TITLE = "authlint: Apply all safe fixes"
UNSAFE_SUFFIX = " (unsafe)"
CREATE_COMMAND = "authlint.createFiles"
CREATE_TITLE = "authlint: Create the files the fix needs"


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    """Lsprotocol's converter, made on first use (building it slows the server's start)."""
    return get_converter()


@dataclass(frozen=True)
class EditSupport:
    """What the client accepts in a ``WorkspaceEdit``."""

    document_changes: bool = False
    create_files: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> EditSupport:
        """Read ``workspace.workspaceEdit`` from the client's capabilities."""
        changes = bool(
            get_capability(capabilities, "workspace.workspace_edit.document_changes", False)
        )
        operations = (
            get_capability(capabilities, "workspace.workspace_edit.resource_operations", None) or ()
        )
        return cls(changes, changes and types.ResourceOperationKind.Create in operations)


def wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a code action of ``kind`` answers a request limited to ``only``.

    ``source.fixAll`` and ``source`` select ``source.fixAll.authlint``; no
    ``only`` selects everything.
    """
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in map(str, only))


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a0, a1 = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b0, b1 = (b.start.line, b.start.character), (b.end.line, b.end.character)
    if a0 == a1 or b0 == b1:  # insertions: LSP allows several at one point
        return a0 < b0 < a1 or b0 < a0 < b1
    return a0 < b1 and b0 < a1


def workspace_edit(
    edits: Iterable[ClientEdit],
    support: EditSupport,
    versions: Mapping[str, int | None],
    exists: Callable[[str], bool],
) -> types.WorkspaceEdit | None:
    """Group edits by document into a ``WorkspaceEdit``.

    ``versions`` gives open documents' versions (for ``documentChanges``);
    ``exists(uri)`` says whether a file is there already. Exact duplicates
    and edits overlapping an earlier one in the same document are dropped.
    Returns ``None`` when there is nothing to do or when a file must be
    created and the client cannot create files.
    """
    grouped: dict[str, list[ClientEdit]] = {}
    for edit in edits:
        kept = grouped.setdefault(edit.uri, [])
        if any(k == edit or _overlaps(k.range, edit.range) for k in kept):
            continue
        kept.append(edit)
    if not grouped:
        return None
    to_create = {
        uri for uri, group in grouped.items() if any(e.create for e in group) and not exists(uri)
    }
    if to_create and not support.create_files:
        return None
    if not support.document_changes:
        return types.WorkspaceEdit(
            changes={
                uri: [types.TextEdit(range=e.range, new_text=e.new_text) for e in group]
                for uri, group in grouped.items()
            }
        )
    document_changes: list[
        types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile
    ] = []
    for uri, group in grouped.items():
        if uri in to_create:
            document_changes.append(
                types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
            )
        document_changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=versions.get(uri)
                ),
                edits=[types.TextEdit(range=e.range, new_text=e.new_text) for e in group],
            )
        )
    return types.WorkspaceEdit(document_changes=document_changes)


def new_file_text(edits: Sequence[ClientEdit]) -> str | None:
    """The text a missing file gets from ``edits`` (all insertions at 0:0, in order), else None."""
    origin = types.Position(line=0, character=0)
    if any(e.range.start != origin or e.range.end != origin for e in edits):
        return None
    return "".join(e.new_text for e in edits)


def deliver(
    edits: Iterable[ClientEdit],
    support: EditSupport,
    versions: Mapping[str, int | None],
    exists: Callable[[str], bool],
) -> tuple[types.WorkspaceEdit | None, types.Command | None] | None:
    """Like :func:`workspace_edit`, for every client: ``(edit, command)``.

    For a client that can create files this is ``(workspace_edit(…), None)``.
    For one that cannot, it is ``(None, command)``: the :data:`CREATE_COMMAND`
    command with two arguments, a list of ``{"uri", "text"}`` for the files that
    do not exist yet (the server writes each, never over an existing one) and
    the edit of the existing files as ``WorkspaceEdit`` JSON (or ``None``),
    which the server sends back with ``workspace/applyEdit``. The edit travels
    inside the command because Vim + ALE runs only the command of an action
    that has both. Returns ``None`` when there is nothing to do or a missing
    file's edits are not plain insertions at its start.
    """
    grouped: dict[str, list[ClientEdit]] = {}
    for edit in edits:
        kept = grouped.setdefault(edit.uri, [])
        if any(k == edit or _overlaps(k.range, edit.range) for k in kept):
            continue
        kept.append(edit)
    to_create = {
        uri for uri, group in grouped.items() if any(e.create for e in group) and not exists(uri)
    }
    if not to_create or support.create_files:
        whole = workspace_edit(
            (e for group in grouped.values() for e in group), support, versions, exists
        )
        return (whole, None) if whole is not None else None
    files = []
    for uri in sorted(to_create):
        text = new_file_text(grouped[uri])
        if text is None:
            return None
        files.append({"uri": uri, "text": text})
    rest = [e for uri, group in grouped.items() if uri not in to_create for e in group]
    others = workspace_edit(rest, support, versions, exists) if rest else None
    edit_json = _converter().unstructure(others) if others is not None else None
    return None, types.Command(
        title=CREATE_TITLE, command=CREATE_COMMAND, arguments=[files, edit_json]
    )


def quick_fix_action(
    diagnostic: types.Diagnostic,
    fix: FixData,
    support: EditSupport,
    versions: Mapping[str, int | None],
    exists: Callable[[str], bool],
) -> types.CodeAction | None:
    """The ``quickfix`` for one diagnostic as this client can take it (see :func:`deliver`)."""
    delivered = deliver(fix.edits, support, versions, exists)
    if delivered is None:
        return None
    edit, command = delivered
    action = quick_fix(diagnostic, fix, edit or types.WorkspaceEdit())
    if edit is None:
        action.edit = None
    action.command = command
    return action


def fix_all_action(
    edits: Iterable[ClientEdit],
    support: EditSupport,
    versions: Mapping[str, int | None],
    exists: Callable[[str], bool],
) -> types.CodeAction | None:
    """The ``source.fixAll.authlint`` action for ``edits`` (``None`` when there are none)."""
    delivered = deliver(edits, support, versions, exists)
    if delivered is None:
        return None
    edit, command = delivered
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND, edit=edit, command=command)


def quick_fix(
    diagnostic: types.Diagnostic, fix: FixData, edit: types.WorkspaceEdit
) -> types.CodeAction:
    """The ``quickfix`` action for one diagnostic; unsafe fixes say so in the title."""
    safe = fix.applicability is Applicability.SAFE
    return types.CodeAction(
        title=fix.title if safe else f"{fix.title}{UNSAFE_SUFFIX}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe,
        edit=edit,
    )


def fix_all_edits(
    source: SourceFile,
    findings: Iterable[Finding],
    target: Target,
    codec: PositionCodec,
    other: OtherText,
) -> list[ClientEdit]:
    """The edits of every SAFE fix that applies without overlapping an earlier one.

    Fixes LSP cannot express (``drop_bom``) are left out. An edit that adds a
    line another file already contains (two findings adding the same
    ``.gitignore`` entry) is kept once.
    """
    usable = []
    for finding in findings:
        fix = finding.fix
        if fix is None or fix.applicability is not Applicability.SAFE:
            continue
        edits = fix_edits(fix, target, codec, other)
        if edits is not None:
            usable.append((fix, edits))
    applied = {id(fix) for fix in apply_fixes(source, [fix for fix, _ in usable]).applied}
    result: list[ClientEdit] = []
    for fix, edits in usable:
        if id(fix) not in applied:
            continue
        for edit, core_edit in zip(edits, fix.edits, strict=True):
            other_file = core_edit.path is not None and core_edit.path != target.path
            if other_file and core_edit.path is not None and core_edit.new_text:
                if core_edit.new_text in other(core_edit.path).text:
                    continue
            result.append(edit)
    return result
