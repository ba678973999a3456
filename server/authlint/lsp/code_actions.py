"""Code actions: a ``quickfix`` per fixable diagnostic, and ``source.fixAll.authlint``.

Quick fixes come from the diagnostic's ``data`` (ruff-lsp's design), so the
client gets exactly the edits the rule proposed. ``source.fixAll.authlint``
is computed from the current text: every SAFE fix that does not overlap an
earlier one (:func:`authlint.core.fixes.apply_fixes`, one pass), returned as
the rules' own minimal edits. Edits on other files (``.gitignore``) go into
``documentChanges`` (with ``CreateFile`` when the file is missing) when the
client supports it, else into ``changes``; a fix that needs a new file is not
offered to a client that cannot create one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from lsprotocol import types
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
