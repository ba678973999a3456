"""Checking editor documents: which ones, with what text, and how results reach the client.

The work (:func:`check_snapshot`, :func:`lint`) is plain Python that runs in a
worker thread (``asyncio.to_thread``) on an immutable :class:`Snapshot` of the
document. Results are published from the event loop: pygls's TCP writer must
not be used from other threads (openlawlibrary/pygls#502,
pappasam/jedi-language-server#259). Push clients get
``textDocument/publishDiagnostics`` after a per-URI debounce
(:class:`PushScheduler`); pull clients ask with ``textDocument/diagnostic``
(:func:`pull_report`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.workspace import PositionCodec

from authlint.core import git, project
from authlint.core.context import CheckContext
from authlint.core.environment.definitions import interactive_guard_line, is_watched
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding
from authlint.core.source import SourceFile, detect_bom, read_regular_file
from authlint.core.text import LineIndex, Span
from authlint.engine import check_scanned
from authlint.lsp.convert import Target, to_diagnostic, uri_from_path
from authlint.lsp.settings import ServerSettings
from authlint.scanners import kind_from_name, looks_like_kubernetes, scan
from authlint.scanners.cache import scan_file

if TYPE_CHECKING:
    from authlint.core.environment import EnvironmentModel

log = logging.getLogger("authlint.lsp")

DEBOUNCE_SECONDS = 0.3
"""The wait before other documents are rechecked after an edit (and before a pull refresh)."""
EDIT_DEBOUNCE_SECONDS = 0.02
"""The wait before the edited document itself is rechecked (push): a burst of keys, one check."""
MAX_TEXT_LENGTH = 5_000_000  # characters; larger buffers are not configuration files

# As in core/source.py: UTF-32 marks before UTF-16 ones, whose first bytes they share.

# languageId -> kind, for documents whose name says nothing (untitled buffers,
# `install.sh`). VS Code ids first, then Neovim filetypes.
_LANGUAGE_KINDS = {
    "dotenv": FileKind.DOTENV,
    "shellscript": FileKind.SHELL,
    "sh": FileKind.SHELL,
    "bash": FileKind.SHELL,
    "zsh": FileKind.SHELL,
    "fish": FileKind.FISH,
    "powershell": FileKind.POWERSHELL,
    "ps1": FileKind.POWERSHELL,
    "python": FileKind.PYTHON,
    "javascript": FileKind.JAVASCRIPT,
    "javascriptreact": FileKind.JAVASCRIPT,
    "typescript": FileKind.JAVASCRIPT,
    "typescriptreact": FileKind.JAVASCRIPT,
}


@dataclass(frozen=True)
class Snapshot:
    """One version of one document, as the editor has it."""

    uri: str
    path: Path | None
    name: str
    language_id: str | None
    version: int | None
    text: str


class ScanCache:
    """The scans of the open documents, one per path, reused while the text is the same.

    A check of a document and the environment model of the same keystroke
    share one scan, and a document that did not change is not scanned again
    when another one is edited (the model reads every open document).
    Entries go when the document closes (:meth:`forget`). Thread-safe: checks
    run in worker threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[SourceFile, FileKind, ScannedFile]] = {}

    def scan(self, uri: str, source: SourceFile, kind: FileKind) -> ScannedFile:
        """The scan of document ``uri``: the cached one when text, BOM, encoding and kind agree."""
        with self._lock:
            entry = self._entries.get(uri)
        if entry is not None:
            cached, cached_kind, scanned = entry
            if (
                cached_kind is kind
                and cached.bom == source.bom
                and cached.encoding == source.encoding
                and (cached.text is source.text or cached.text == source.text)
            ):
                return scanned
        scanned = scan(source, kind)
        with self._lock:
            self._entries[uri] = (source, kind, scanned)
        return scanned

    def scanned(self, uri: str) -> ScannedFile | None:
        """The last scan of document ``uri``, if any."""
        with self._lock:
            entry = self._entries.get(uri)
        return entry[2] if entry is not None else None

    def forget(self, uri: str) -> None:
        """Drop the scan of a closed document."""
        with self._lock:
            self._entries.pop(uri, None)

    def clear(self) -> None:
        """Drop every scan."""
        with self._lock:
            self._entries.clear()


SCANS = ScanCache()
"""The server's scans of open documents (one server per process)."""


def _assignment_key_getter() -> Callable[[Assignment], tuple[object, ...]]:
    """Every field of an :class:`Assignment`, spans as their four numbers, in one C call."""
    names: list[str] = []
    for item in fields(Assignment):
        if item.type in (Span, "Span"):
            names += [
                f"{item.name}.{end}.{part}"
                for end in ("start", "end")
                for part in ("line", "character")
            ]
        else:
            names.append(item.name)
    return attrgetter(*names)


# A thousand assignments are keyed in about 2 ms (their repr took 25 ms, hashing them 10 ms).
_ASSIGNMENT_KEY = _assignment_key_getter()


def facts_signature(scanned: ScannedFile) -> int:
    """A hash of what other files' checks may read of ``scanned``: every fact, positions included.

    The environment model reads a file's definitions (names, values, where),
    includes, unsets, JSON tree and code facts; two texts with the same
    signature give other documents the same diagnostics, so an edit that
    keeps it (a comment, a blank at a line end) rechecks only the edited one.
    """
    return hash(
        (
            scanned.kind,
            tuple(map(_ASSIGNMENT_KEY, scanned.assignments)),
            repr(scanned.slips),
            repr(scanned.includes),
            repr(scanned.unsets),
            repr(scanned.json),
            repr(scanned.code),
        )
    )


def model_signature(scanned: ScannedFile) -> int:
    """A hash of what the environment model reads of an open document (see :func:`facts_signature`).

    Of a ``.env`` the model reads the definitions of the variables it follows
    and nothing else (:func:`authlint.core.environment.definitions.dotenv_definitions`:
    ``ANTHROPIC_*``, ``CLAUDE_*`` and a few cloud ones, :func:`is_watched`; the
    outcome layer asks a ``.env`` only for those names too), so a keystroke in
    another variable's value or in a comment keeps the model
    (:class:`authlint.lsp.environment.EnvironmentCache`); a followed definition that
    changes, moves or appears reads it again. Of other kinds: every fact, and of a
    shell file the line of its interactive guard too (``[ -z "$PS1" ] && return``
    typed over a comment changes what a non-interactive shell reads, not a fact).
    """
    if scanned.kind is FileKind.DOTENV:
        watched = (a for a in scanned.assignments if is_watched(a.name))
        return hash((scanned.kind, tuple(map(_ASSIGNMENT_KEY, watched))))
    if scanned.kind is FileKind.SHELL:
        return hash((facts_signature(scanned), interactive_guard_line(scanned)))
    return facts_signature(scanned)


def snapshot_signature(snapshot: Snapshot | None) -> int | None:
    """:func:`facts_signature` of an open document (``None``: closed, not read, or too large)."""
    if snapshot is None:
        return None
    kind = document_kind(snapshot)
    if kind is None or len(snapshot.text) > MAX_TEXT_LENGTH:
        return None
    return facts_signature(SCANS.scan(snapshot.uri, build_source(snapshot), kind))


@dataclass(frozen=True)
class Environment:
    """Everything a check needs besides the document, captured on the event loop.

    ``open_texts`` maps the paths of open documents to their editor text, so
    edits and related locations in another open file use the editor's lines.
    ``model`` gives the cross-file environment model for a document's path
    (built lazily in the worker thread, see :mod:`authlint.lsp.environment`);
    ``None`` or a ``None`` answer: the cross-file rules stay silent.
    """

    config: ServerSettings
    codec: PositionCodec
    home: Path | None
    open_texts: Mapping[Path, str] = field(default_factory=dict)
    model: Callable[[Path | None], EnvironmentModel | None] | None = field(
        default=None, compare=False
    )

    def other_index(self, path: Path) -> LineIndex:
        """The lines of another file: the editor's text if open, else the disk's ("" if missing)."""
        text = self.open_texts.get(path)
        if text is None:
            try:
                text = SourceFile.read(path).text
            except OSError:
                text = ""
        return LineIndex(text)


def document_kind(snapshot: Snapshot) -> FileKind | None:
    """The kind of a document: from its path, else from its ``languageId``.

    ``properties`` (VS Code before 1.139 for ``.env`` files) counts only when
    the name starts with ``.env``. Returns ``None`` for documents authlint
    does not read.
    """
    # The whole path: `.vscode/settings.json` and `.claude/settings.json` differ by folder.
    where = snapshot.path or (Path(snapshot.name) if snapshot.name else None)
    kind = kind_from_name(where) if where is not None else None
    if kind is not None:
        return kind
    if where is not None and where.suffix.lower() in {".yaml", ".yml"}:
        # Kubernetes Secret / ConfigMap manifests have no name of their own.
        return FileKind.KUBERNETES if looks_like_kubernetes(snapshot.text[:65536]) else None
    language = (snapshot.language_id or "").lower()
    if language == "properties":
        return FileKind.DOTENV if snapshot.name.lower().startswith(".env") else None
    return _LANGUAGE_KINDS.get(language)


def build_source(snapshot: Snapshot) -> SourceFile:
    """The :class:`SourceFile` for the editor's text.

    Editors drop a byte-order mark from the text they send, so when the file
    on disk starts with one, ``bom`` (and the encoding) come from disk.
    """
    source = SourceFile(snapshot.path, snapshot.text)
    if snapshot.path is None or snapshot.text.startswith("\ufeff"):
        return source
    try:  # a regular file only: opening a FIFO would wait for a writer
        head = read_regular_file(snapshot.path, 4, head=True)
    except OSError:
        return source
    found = detect_bom(head)
    if found is None:
        return source
    bom, encoding = found
    return SourceFile(snapshot.path, snapshot.text, bom, encoding)


_disk_caches_cleared = 0.0
DISK_CACHE_SECONDS = 1.0


def refresh_disk_caches(*, now: bool = False) -> None:
    """Forget what was learnt from the disk (``.gitignore``, project roots, lock files).

    A long-lived server must see ``.gitignore`` edits and new ``pyproject.toml``
    / ``package.json`` / lock files, but not re-learn them per keystroke: the
    caches are dropped at most once per :data:`DISK_CACHE_SECONDS`, and at once
    with ``now`` (a save, an opened or closed document, a watched file).
    """
    global _disk_caches_cleared
    moment = time.monotonic()
    if now or moment - _disk_caches_cleared >= DISK_CACHE_SECONDS:
        git.clear_caches()
        project.clear_caches()
        _disk_caches_cleared = moment


def check_snapshot(snapshot: Snapshot, env: Environment) -> tuple[SourceFile, list[Finding]] | None:
    """Run the core over a snapshot; ``None`` when authlint does not read this document.

    Raises whatever the core raises (a missing scanner, a broken rule registry);
    callers log it.
    """
    kind = document_kind(snapshot)
    if kind is None or len(snapshot.text) > MAX_TEXT_LENGTH:
        return None
    refresh_disk_caches()
    source = build_source(snapshot)
    # Open documents only (they have a version): a file read from disk is never closed.
    if snapshot.version is not None:
        scanned = SCANS.scan(snapshot.uri, source, kind)
    else:
        scanned = scan(source, kind)
    context = CheckContext(
        platform=env.config.effective_platform,
        home=env.home,
        environ=dict(os.environ),
        environment=env.model(snapshot.path) if env.model is not None else None,
    )
    findings = check_scanned(scanned, context, env.config.settings)
    if snapshot.path is not None:
        findings = [f for f in findings if f.path is None or f.path == snapshot.path]
    return source, findings


def lint(
    snapshot: Snapshot, env: Environment, *, secret_fixes: bool = False
) -> list[types.Diagnostic]:
    """The diagnostics of a snapshot, in the client's position encoding. Raises like the core.

    ``secret_fixes``: include fixes that write a key (for code actions only,
    never for publishing; see :func:`authlint.lsp.convert.to_diagnostic`).
    """
    checked = check_snapshot(snapshot, env)
    if checked is None:
        return []
    source, findings = checked
    target = Target(snapshot.uri, snapshot.path, source.index)
    return [
        to_diagnostic(
            f,
            target,
            env.codec,
            version=snapshot.version,
            other=env.other_index,
            secret_fixes=secret_fixes,
        )
        for f in findings
    ]


# --- workspace diagnostics ------------------------------------------------------------------


@dataclass(frozen=True)
class FileReport:
    """The diagnostics of one file the editor may not have open (``version`` is always unknown)."""

    uri: str
    path: Path
    diagnostics: list[types.Diagnostic]

    @property
    def result_id(self) -> str:
        """The report's ``result_id`` (:func:`report_id` of its diagnostics)."""
        return report_id(self.diagnostics)


def workspace_paths(model: EnvironmentModel) -> list[Path]:
    """The files whose problems are reported even when the editor has not opened them.

    Every file the model read outside the project folder (shell profiles,
    ``~/.claude/settings.json``, ``~/.claude.json``, VS Code user settings,
    managed settings, files a profile sources), then every file holding a
    cause of a failing outcome (:func:`authlint.outcome.outcomes`), wherever
    it is. Absolute paths, in that order, without repeats.
    """
    from authlint.outcome import outcomes

    root = model.workspace.root
    paths = [p for p in model.workspace.files if root is None or not p.is_relative_to(root)]
    for outcome in outcomes(model):
        if outcome.fails:
            paths.extend(cause.path for cause in outcome.causes)
    return list(dict.fromkeys(paths))


def workspace_reports(model: EnvironmentModel, env: Environment) -> dict[Path, FileReport]:
    """The diagnostics of every :func:`workspace_paths` file, keyed by path (empty reports too).

    Each file is checked as the model read it (the editor's text for open
    documents, else the disk's), with the model, so severities follow the
    predicted outcomes exactly as when the file is open; only findings in the
    file itself are kept. A file that cannot be read or checked is left out
    (logged at debug level). Runs in a worker thread; never raises.
    """
    refresh_disk_caches()
    context = CheckContext(
        platform=env.config.effective_platform,
        home=env.home,
        environ=dict(os.environ),
        environment=model,
    )
    reports: dict[Path, FileReport] = {}
    for path in workspace_paths(model):
        try:
            file = model.workspace.file(path)
            if file is None:
                kind = kind_from_name(path)
                file = scan_file(path, kind) if kind is not None else None
            if file is None:
                continue
            findings = [
                f
                for f in check_scanned(file, context, env.config.settings)
                if f.path is None or f.path == path
            ]
            uri = uri_from_path(path)
            target = Target(uri, path, file.source.index)
            diagnostics = [
                to_diagnostic(f, target, env.codec, version=None, other=env.other_index)
                for f in findings
            ]
        except Exception:  # noqa: BLE001 - one file must not hide the others
            log.debug("checking %s for the workspace report failed", path, exc_info=True)
            continue
        reports[path] = FileReport(uri, path, diagnostics)
    return reports


def report_id(diagnostics: list[types.Diagnostic]) -> str:
    """A ``result_id`` that changes exactly when the report's content changes."""
    return hashlib.sha256(repr(diagnostics).encode("utf-8", "surrogatepass")).hexdigest()[:24]


EMPTY_REPORT = report_id([])
"""The ``result_id`` of a report with no diagnostics."""


# --- push ----------------------------------------------------------------------------------


Lint = Callable[[str], Coroutine[Any, Any, tuple[int | None, list[types.Diagnostic]] | None]]
Publish = Callable[[str, int | None, list[types.Diagnostic]], None]
IsCurrent = Callable[[str, int | None], bool]


class PushScheduler:
    """Debounced, per-URI diagnostics for clients without pull support.

    ``schedule(uri, delay)`` replaces any pending run for ``uri``; a run that
    is superseded or whose document changed meanwhile publishes nothing.
    ``compute(uri)`` returns ``(version, diagnostics)`` or ``None`` (closed or
    failed); ``is_current(uri, version)`` says whether that version is still
    the editor's; ``publish`` sends from the event loop.
    """

    def __init__(self, compute: Lint, publish: Publish, is_current: IsCurrent) -> None:
        self._compute = compute
        self._publish = publish
        self._is_current = is_current
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """(Re)start the check of ``uri`` after ``delay`` seconds. Call on the event loop."""
        self.cancel(uri)
        task = asyncio.get_running_loop().create_task(self._run(uri, delay))
        self._tasks[uri] = task
        task.add_done_callback(lambda done: self._forget(uri, done))

    def cancel(self, uri: str) -> None:
        """Drop the pending check of ``uri``, if any."""
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        """Drop every pending check (on shutdown)."""
        for uri in list(self._tasks):
            self.cancel(uri)

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._tasks.get(uri) is task:
            del self._tasks[uri]
        if not task.cancelled() and task.exception() is not None:
            log.error("checking %s failed: %s", uri, task.exception())

    async def _run(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        result = await self._compute(uri)
        if result is None:
            return
        version, diagnostics = result
        if self._is_current(uri, version):
            self._publish(uri, version, diagnostics)
