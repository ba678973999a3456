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
the same generation shares it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.environment import EnvironmentModel
from authlint.core.facts import CODE_KINDS, ScannedFile
from authlint.lsp.diagnostics import (
    MAX_TEXT_LENGTH,
    SCANS,
    Snapshot,
    build_source,
    document_kind,
)
from authlint.model import build_model as collect_model
from authlint.model import code_files, project_folder_of, read_code

log = logging.getLogger("authlint.lsp")

CODE_SECONDS = 10.0
"""How long the walk of the project's code files is kept without a disk change."""


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

    def invalidate(self, *, disk: bool = False) -> None:
        """Mark every cached model out of date; the next :meth:`model` call rebuilds.

        ``disk``: files may have changed on disk (a save, a watched file, an
        opened or closed document), so the project's code files are walked and
        read again too; an edit in an open document (``didChange``) keeps them.
        """
        self.generation += 1
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
                self._models.clear()
                self._built_for = request.generation
            if key not in self._models:
                self._models[key] = build_model(request, root, self.code(root))
            return self._models[key]


def build_model(
    request: ModelRequest,
    root: Path | None,
    code: tuple[list[Path], dict[Path, ScannedFile]] | None = None,
) -> EnvironmentModel | None:
    """Collect the workspace and home of ``request`` into a model; ``None`` (logged) on failure.

    ``code``: the project's code files and their scans (:meth:`EnvironmentCache.code`),
    so the model of a keystroke neither walks the project nor reads its code
    again; the open documents' text still wins.
    """
    try:
        scanned = open_files(request.documents, root, request.home)
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
