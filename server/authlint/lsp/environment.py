"""The cross-file environment model of the editor's workspace, built lazily and cached.

The model (:mod:`authlint.core.environment`) answers which definition of a
variable each launch context gets; the server uses it for the cross-file rules
(AL9xx), the predicted outcomes (:mod:`authlint.outcome`), the workspace
diagnostics of the home files (:func:`authlint.lsp.diagnostics.workspace_reports`),
hovers and the ``authlint.explainVariable`` / ``authlint.credentialSummary``
commands.

- root: the first workspace folder (or the ``rootUri``), else the project
  folder of the document asked about (:func:`project_folder_of`);
- home: the server's home folder while ``scanHomeFiles`` is on, else none;
- platform: the ``platform`` setting, else the one the server runs on (the
  same as the diagnostics use);
- the open documents' editor text replaces the disk's (``scanned=``).

Every document or file change bumps a generation counter
(:meth:`EnvironmentCache.invalidate`, on the event loop); the next request
after that rebuilds the model once, in a worker thread, and every check of
the same generation shares it. An edit whose documents keep what the model
reads of them (a keystroke in a comment, in code that does not touch the SDK,
in an alias, in the value of a ``.env`` variable the model does not follow),
or that is in a document the model does not read (a project's ``.zshrc``),
keeps the model, and its predicted outcomes, for up to :data:`REUSE_SECONDS`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.environment import EnvironmentModel
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.lsp.diagnostics import (
    MAX_TEXT_LENGTH,
    SCANS,
    Snapshot,
    build_source,
    document_kind,
    model_signature,
)
from authlint.model import build_model as collect_model
from authlint.model import code_files, project_folder_of, read_code

log = logging.getLogger("authlint.lsp")

CODE_SECONDS = 10.0
"""How long the walk of the project's code files is kept without a disk change."""

REUSE_SECONDS = 1.0
"""How long a model is kept across edits that keep its documents' facts: files outside the
editor (a profile saved by another program) are read again at least this often while typing."""


@dataclass(frozen=True)
class ModelRequest:
    """What a model is built from, captured on the event loop.

    ``folder`` is the first workspace folder (``None`` without one);
    ``documents`` the open documents as they are in the editor; ``shell`` the
    user's shell when a setting names it.
    """

    generation: int
    folder: Path | None
    home: Path | None
    platform: Platform
    documents: tuple[Snapshot, ...]
    shell: str | None = None  # the `authlint.shell` setting; None: chosen as `--shell` is

    def root_for(self, document: Path | None) -> Path | None:
        """The project the model covers: the workspace folder, else ``document``'s project."""
        if self.folder is not None:
            return self.folder
        return project_folder_of([document]) if document is not None else None


class EnvironmentCache:
    """The current generation's models, one per ``(root, home, platform, shell)``.

    :meth:`invalidate` runs on the event loop; :meth:`model` in worker
    threads: one builds while the others of the same generation wait for it.
    """

    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()
        self._built_for = -1
        self._models: dict[
            tuple[Path | None, Path | None, Platform, str | None], EnvironmentModel | None
        ] = {}
        self._code_lock = threading.Lock()
        self._code: dict[Path | None, tuple[float, list[Path], dict[Path, ScannedFile]]] = {}
        # The open documents each model was read from, with their facts signatures (computed
        # when first compared), and whether every invalidation since the last build was an
        # edit of an open document: then a model whose documents kept their facts is kept.
        self._inputs: dict[_Key, dict[Path, _Input]] = {}
        self._full_at = 0  # the generation of the last invalidation that was not an edit
        self._built_at: dict[_Key, float] = {}  # when each model was read (time.monotonic)
        self._earlier: dict[_Key, EnvironmentModel | None] = {}
        self._earlier_inputs: dict[_Key, dict[Path, _Input]] = {}

    def invalidate(self, *, disk: bool = False, edit: bool = False) -> None:
        """Mark every cached model out of date; the next :meth:`model` call rebuilds.

        ``disk``: files may have changed on disk (a save, a watched file, an
        opened or closed document), so the project's code files are walked and
        read again too; an edit in an open document (``didChange``) keeps them.
        ``edit``: only an open document's text changed; the next :meth:`model`
        keeps a model whose open documents all have the facts it was read from
        (:func:`~authlint.lsp.diagnostics.model_signature`: a keystroke in a
        comment, in code that does not use the SDK, in an alias, in a ``.env``
        variable the model does not follow).
        """
        self.generation += 1  # on the event loop only; never waits for a build
        if not edit or disk:
            self._full_at = self.generation
        if disk:
            with self._code_lock:
                self._code.clear()

    def code(self, root: Path | None) -> tuple[list[Path], dict[Path, ScannedFile]]:
        """The project's code files and the scans of those that matter, walked once.

        Kept until a disk change (:meth:`invalidate` with ``disk``) or for
        :data:`CODE_SECONDS` at most (files changed outside the editor).
        """
        now = time.monotonic()
        with self._code_lock:
            entry = self._code.get(root)
            if entry is not None and now - entry[0] < CODE_SECONDS:
                return entry[1], entry[2]
        paths = code_files(root)
        scans: dict[Path, ScannedFile] = {}
        for path in paths:
            found = read_code(path)
            if found is not None:
                scans[path.absolute()] = found
        with self._code_lock:
            self._code[root] = (now, paths, scans)
        return paths, scans

    def model(self, request: ModelRequest, document: Path | None = None) -> EnvironmentModel | None:
        """The model for ``request`` and the document at ``document`` (``None`` if it failed).

        Never raises: a failure is logged, and the per-file checks go on without the model.
        """
        root = request.root_for(document)
        key = (root, request.home, request.platform, request.shell)
        with self._lock:
            if request.generation < self._built_for:  # captured before a newer build: not cached
                return build_model(request, root, self.code(root))
            if request.generation > self._built_for:
                if self._full_at <= self._built_for:  # only edits since the last build
                    self._earlier = {**self._earlier, **self._models}
                    self._earlier_inputs = {**self._earlier_inputs, **self._inputs}
                else:
                    self._earlier, self._earlier_inputs = {}, {}
                self._models, self._inputs = {}, {}
                self._built_for = request.generation
            if key not in self._models:
                documents = {
                    path: _Input(file)
                    for path, file in open_files(request.documents, root, request.home).items()
                }
                earlier = self._earlier.pop(key, None)
                before = self._earlier_inputs.pop(key, None)
                fresh = time.monotonic() - self._built_at.get(key, 0.0) < REUSE_SECONDS
                if (
                    earlier is not None
                    and before is not None
                    and fresh
                    and _same_facts(before, documents, earlier.workspace.files)
                ):
                    for path, item in documents.items():  # the same facts; the newest text
                        if path.absolute() in earlier.workspace.files:
                            earlier.workspace.files[path.absolute()] = item.file
                    self._models[key] = earlier
                else:
                    scanned = {path: item.file for path, item in documents.items()}
                    self._models[key] = build_model(request, root, self.code(root), scanned)
                    self._built_at[key] = time.monotonic()
                self._inputs[key] = documents
            return self._models[key]


_Key = tuple[Path | None, Path | None, Platform, str | None]


class _Input:
    """An open document a model was read from, and its model signature once computed."""

    __slots__ = ("file", "_signature")

    def __init__(self, file: ScannedFile) -> None:
        self.file = file
        self._signature: int | None = None

    @property
    def signature(self) -> int:
        """:func:`~authlint.lsp.diagnostics.model_signature` of the document."""
        if self._signature is None:
            self._signature = model_signature(self.file)
        return self._signature


def _same_facts(
    before: dict[Path, _Input], now: dict[Path, _Input], read: Mapping[Path, ScannedFile]
) -> bool:
    """Whether the open documents are the same files with the same facts (same scans first).

    A document the model did not read (``read``: the model's files) counts only when it is
    code: the model reads a file for its path or for what another file says (a profile's
    ``source``, a ``load_dotenv()``), never for its own text, but reads every code file
    for its dotenv loads and SDK use. A keystroke in a ``.zshrc`` that is not a home
    profile nor sourced by one keeps the model.
    """
    if before.keys() != now.keys():
        return False
    return all(
        (path.absolute() not in read and item.file.kind not in CODE_KINDS)
        or _same_file_facts(before[path], item)
        for path, item in now.items()
    )


def _same_file_facts(before: _Input, now: _Input) -> bool:
    """Whether one open document kept what the model reads of it (:func:`model_signature`).

    Beyond a ``.env``, definitions that differ (a value typed, a line added
    above them) mean different signatures; a list comparison sees it without
    hashing every fact (the scanner reuses the definitions of unchanged lines,
    so it is mostly identity checks up to the change).
    """
    if now.file is before.file:
        return True
    if now.file.kind is not FileKind.DOTENV and now.file.assignments != before.file.assignments:
        return False
    return now.signature == before.signature


def build_model(
    request: ModelRequest,
    root: Path | None,
    code: tuple[list[Path], dict[Path, ScannedFile]] | None = None,
    documents: dict[Path, ScannedFile] | None = None,
) -> EnvironmentModel | None:
    """Collect the workspace and home of ``request`` into a model; ``None`` (logged) on failure.

    ``code``: the project's code files and their scans (:meth:`EnvironmentCache.code`),
    so the model of a keystroke neither walks the project nor reads its code
    again; the open documents' text still wins (``documents``: their scans, as
    :func:`open_files` gives them, when the caller has them).
    """
    try:
        scanned = (
            open_files(request.documents, root, request.home) if documents is None else documents
        )
        files: list[Path] | None = None
        if code is not None:
            paths, scans = code
            # Files that matter only: the others (no dotenv, no SDK) are skipped by collect.
            files = [p for p in paths if p.absolute() in scans or p.absolute() in scanned]
            scanned = {**scans, **scanned}
        model = collect_model(
            root,
            request.home,
            request.platform,
            shell=request.shell,
            environ=os.environ,
            scanned=scanned,
            code_files=files,
        )
        # Plans are built up front: checks of several documents share the model from
        # worker threads, and then only add cached resolutions (pure and idempotent).
        for context in model.contexts():
            model.plan(context)
        return model
    except Exception as error:  # noqa: BLE001 - the per-file rules still run without the model
        log.debug("the environment model could not be built", exc_info=True)
        log.warning("the environment model could not be built: %s", type(error).__name__)
        return None


def open_files(
    documents: tuple[Snapshot, ...], root: Path | None, home: Path | None
) -> dict[Path, ScannedFile]:
    """The open documents under ``root`` or ``home``, scanned from the editor's text.

    Code that does not mention dotenv is left out (the model reads code only for
    dotenv loads); so are unsaved buffers and documents authlint does not read.
    """
    scanned: dict[Path, ScannedFile] = {}
    folders = [f for f in (root, home) if f is not None]
    for snapshot in documents:
        path = snapshot.path
        if path is None or len(snapshot.text) > MAX_TEXT_LENGTH:
            continue
        if not any(path.is_relative_to(folder) for folder in folders):
            continue
        kind = document_kind(snapshot)
        if kind is None or (kind in CODE_KINDS and "dotenv" not in snapshot.text):
            continue
        scanned[path] = SCANS.scan(snapshot.uri, build_source(snapshot), kind)
    return scanned
