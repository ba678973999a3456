"""``authlint server``: the pygls language server.

Feature map (pygls 2.1 / lsprotocol 2025, ``architecture.md`` §1 and §14.5):

- ``initialize``: read ``initializationOptions`` (dict, list or none), choose
  push or pull diagnostics from ``textDocument.diagnostic`` (never both, as
  esbonio and ruff_server do), and register ``textDocument/diagnostic`` only
  for pull clients.
- ``initialized`` / ``workspace/didChangeConfiguration``: fetch the
  ``authlint`` section with ``workspace/configuration`` when the client
  supports it, then republish (push) or ask for ``workspace/diagnostic/refresh``
  (pull, when the client supports refresh).
- ``didOpen`` / ``didChange`` (debounced) / ``didSave`` / ``didClose``: push
  diagnostics, or clear them on close.
- Workspace diagnostics: the files that decide authentication though the
  editor rarely has them open (the home's shell profiles, Claude Code's and
  VS Code's user settings, any file holding the cause of a failing outcome;
  :func:`authlint.lsp.diagnostics.workspace_paths`) are checked once per
  model generation in a worker thread; pull clients get them from
  ``workspace/diagnostic`` (advertised with ``workspaceDiagnostics``), push
  clients as ``publishDiagnostics`` after ``initialized`` and after every
  change the model sees (only the reports that changed; an emptied report
  clears the file). Open documents are left to their own diagnostics.
- ``textDocument/codeAction``: quick fixes and ``source.fixAll.authlint``.
- ``textDocument/hover`` on a variable name: where its value comes from in each
  launch context (:mod:`authlint.lsp.hover`).

The cross-file environment model (:mod:`authlint.lsp.environment`) is
invalidated by every document change, save and close, by watched home files
and by settings changes, and rebuilt on the next request from cached scans
(one per open document and text) and a cached walk of the project's code.
An edited document is checked first and alone (push: after 20 ms); since a
change in ``~/.zshrc`` or ``.env`` can change the diagnostics of other files,
the other open documents are rechecked (push) or pull clients asked to
re-pull (when they support ``workspace/diagnostic/refresh``) when the edit
changed a fact they may read, 300 ms after the last keystroke; saves, closes,
watched files and settings changes recheck them always.

Documents are synced in full: pygls applies incremental changes with
``str.splitlines``, which also splits at U+2028 and form feeds, characters
authlint exists to find; configuration files are small.

Nothing but the protocol goes to stdout (stray writes go to stderr); logs go
to stderr and ``window/logMessage``, always through
:func:`authlint.core.secrets.redact`; server errors are logged, never shown
as pop-ups (``report_server_error``).

The lifecycle and error rules of JSON-RPC and LSP that pygls leaves to the
server are kept by :class:`AuthlintProtocol`: every request gets an answer (a
request before ``initialize`` fails with ServerNotInitialized, one after
``shutdown`` with InvalidRequest, one whose params do not structure with
InvalidParams), error answers carry a short redacted message and never a
traceback, and pygls's bookkeeping of finished handlers is dropped so a long
session does not grow.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import stat
import sys
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import unquote, urlparse

from cattrs import transform_error
from cattrs.errors import ClassValidationError
from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import TextDocument

from authlint import __version__
from authlint.core.environment import EnvironmentModel
from authlint.core.secrets import redact
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex
from authlint.lsp import commands, rule_actions
from authlint.lsp.code_actions import (
    FIX_ALL_KIND,
    QUICK_FIX,
    EditSupport,
    fix_all_action,
    fix_all_edits,
    quick_fix_action,
    wanted,
)
from authlint.lsp.convert import (
    FixData,
    Target,
    data_version,
    fix_from_data,
    is_ours,
    path_from_uri,
    uri_from_path,
)
from authlint.lsp.diagnostics import (
    DEBOUNCE_SECONDS,
    EDIT_DEBOUNCE_SECONDS,
    EMPTY_REPORT,
    SCANS,
    Environment,
    FileReport,
    PushScheduler,
    Snapshot,
    check_snapshot,
    document_kind,
    lint,
    refresh_disk_caches,
    report_id,
    snapshot_signature,
    workspace_reports,
)
from authlint.lsp.environment import EnvironmentCache, ModelRequest
from authlint.lsp.hover import hover, may_explain, word_at
from authlint.lsp.settings import SECTION, ServerSettings, folder_of, parse_settings

if TYPE_CHECKING:
    from pygls.protocol.json_rpc import MsgId
    from pygls.server import ServerErrors

log = logging.getLogger("authlint.lsp")

SETTINGS_TIMEOUT_SECONDS = 5.0
DIAGNOSTIC_OPTIONS = types.DiagnosticOptions(
    identifier="authlint", inter_file_dependencies=True, workspace_diagnostics=True
)
CODE_ACTION_OPTIONS = types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]
)
MAX_ERROR_MESSAGE = 300  # characters of an error answer's message
MAX_LOGGED = 256  # distinct messages remembered by log_once


# --- the protocol -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unstructured:
    """A message whose params lsprotocol rejected (a negative line, a missing field).

    ``id`` is the request's id, ``None`` for a notification; ``error`` the
    error to answer it with.
    """

    id: MsgId | None
    method: str
    error: JsonRpcException


class AuthlintProtocol(LanguageServerProtocol):
    """pygls's LSP protocol with the lifecycle and error rules it leaves to servers.

    - Before ``initialize``, a request fails with ServerNotInitialized (-32002)
      and a notification is dropped, except ``exit``.
    - After ``shutdown``, a request fails with InvalidRequest (-32600) and a
      notification is dropped, except ``exit``; so does a second ``initialize``.
    - A request whose params do not structure (lsprotocol rejects a negative
      ``line``, a missing ``textDocument``) fails with InvalidParams (-32602);
      pygls would raise out of its read loop and never answer.
    - An error answer has a one-line, redacted message of at most
      :data:`MAX_ERROR_MESSAGE` characters and no ``data`` traceback (pygls puts
      the handler's stack there); the stack goes to the log.
    - pygls keeps the future of every handler it runs in ``_request_futures``
      and only removes those of answered requests, so each notification
      (``didChange``…) left one behind; finished ones are dropped here, as are
      requests to the client that were cancelled before the answer came
      (openlawlibrary/pygls#608, #621).

    The hooks are pygls 2.1's (``structure_message``, ``handle_message``,
    ``_send_response``, ``_execute_handler``, ``send_request``); pyproject pins
    ``pygls<3``.
    """

    def __init__(self, server: LanguageServer, converter: Any) -> None:
        super().__init__(server, converter)
        self.initialize_received = False
        self.shutdown_received = False

    # --- reading ------------------------------------------------------------------------

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Structure one JSON object (pygls's ``object_hook``).

        A message that does not fit its method's types becomes :class:`Unstructured`
        (answered with InvalidParams) instead of raising out of pygls's read loop.
        """
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            method = data.get("method")
            if not isinstance(method, str):
                raise  # a malformed answer to one of our requests: logged and dropped
            msg_id = data.get("id")
            cause = error.__cause__
            if isinstance(cause, ClassValidationError):  # "invalid value @ $.params.position"
                error = JsonRpcInvalidParams(
                    f"{method}: invalid params: {'; '.join(transform_error(cause, path='$'))}"
                )
            return Unstructured(msg_id if isinstance(msg_id, (str, int)) else None, method, error)

    def handle_message(self, message: Any) -> None:
        """Dispatch ``message`` after applying the lifecycle rules (see the class docstring)."""
        if isinstance(message, Unstructured):
            if message.id is not None:
                self.answer_error(message.id, message.error.code, message.error.message)
            else:
                log.warning("ignoring %.80s: its params are not valid", message.method)
            return
        if isinstance(message, dict):  # no "jsonrpc" member: pygls cannot read it
            self._reject_invalid(message.get("id"), message.get("method"))
            return
        method = getattr(message, "method", None)
        if not isinstance(method, str):  # an answer to one of our requests
            super().handle_message(message)
            return
        msg_id = getattr(message, "id", None)
        request = msg_id is not None
        if getattr(message, "jsonrpc", None) != self.VERSION:
            self._reject_invalid(msg_id, method)
        elif method == types.EXIT:
            super().handle_message(message)
        elif self.shutdown_received:
            self._refuse(
                msg_id, types.ErrorCodes.InvalidRequest, f"{method}: the server is shut down"
            )
        elif not self.initialize_received and method != types.INITIALIZE:
            self._refuse(
                msg_id, types.ErrorCodes.ServerNotInitialized, f"{method}: initialize comes first"
            )
        elif method == types.INITIALIZE and (self.initialize_received or not request):
            self._refuse(msg_id, types.ErrorCodes.InvalidRequest, "initialize is sent only once")
        else:
            if method == types.INITIALIZE:
                self.initialize_received = True
            elif method == types.SHUTDOWN and request:
                self.shutdown_received = True
            super().handle_message(message)

    def _reject_invalid(self, msg_id: Any, method: Any) -> None:
        if isinstance(msg_id, (str, int)) and isinstance(method, str):
            self.answer_error(msg_id, types.ErrorCodes.InvalidRequest, "not a JSON-RPC 2.0 request")
        else:
            log.warning("ignoring a message that is not JSON-RPC 2.0")

    def _refuse(self, msg_id: MsgId | None, code: int, message: str) -> None:
        """Answer a request with an error; drop a notification (with a debug log)."""
        if msg_id is not None:
            self.answer_error(msg_id, code, message)
        else:
            log.debug("dropped: %s", message)

    # --- writing ------------------------------------------------------------------------

    def answer_error(self, msg_id: MsgId, code: int, message: str) -> None:
        """Send the error answer ``code`` with ``message`` to the request ``msg_id``."""
        self._send_response(msg_id, error=types.ResponseError(code=int(code), message=message))

    def _send_response(
        self,
        msg_id: MsgId,
        result: Any | None = None,
        error: types.ResponseError | None = None,
    ) -> None:
        if error is not None:
            lines = redact(str(error.message)).strip().splitlines() or ["error"]
            text = lines[0]
            if len(text) > MAX_ERROR_MESSAGE:
                text = text[: MAX_ERROR_MESSAGE - 1] + "…"
            error = types.ResponseError(code=int(error.code), message=text)
        super()._send_response(msg_id, result, error)

    # --- bookkeeping --------------------------------------------------------------------

    def _execute_handler(
        self,
        msg_id: MsgId,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(functools.partial(self._forget, msg_id))

    def send_request(
        self,
        method: str,
        params: Any | None = None,
        callback: Callable[[Any], None] | None = None,
        msg_id: MsgId | None = None,
    ) -> Future[Any]:
        """Send a request to the client (pygls's ``send_request``); see the class docstring."""
        if msg_id is None:
            msg_id = str(uuid.uuid4())
        future: Future[Any] = super().send_request(method, params, callback, msg_id)
        future.add_done_callback(functools.partial(self._forget, msg_id, sent=True))
        return future

    def cancel_pending(self) -> None:
        """Cancel every running handler and unanswered request but the current one (shutdown).

        pygls does this too, right after the ``shutdown`` handler, but while
        iterating over ``_request_futures``, which the callbacks of a cancelled
        future change (:meth:`_forget`, pygls's own ``_send_handler_result``);
        done here first, over a copy, it leaves pygls nothing to cancel.
        """
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()

    def _forget(self, msg_id: MsgId, future: Any, *, sent: bool = False) -> None:
        """Drop the future of a finished handler or of a request ``sent`` to the client.

        A sent request's future is still here when it was cancelled before its answer
        came (a timeout); its expected answer type goes too.
        """
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]
        if sent:
            self._result_types.pop(msg_id, None)


# --- the server -------------------------------------------------------------------------------


class AuthlintServer(LanguageServer):
    """The language server and its per-connection state."""

    def __init__(self) -> None:
        super().__init__(
            "authlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=AuthlintProtocol,
        )
        self.config = ServerSettings()
        self.pull_diagnostics = False
        self.settings_ready = asyncio.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.loop_thread: int | None = None
        self.push = PushScheduler(self._compute_push, self._publish, self._is_current)
        self.models = EnvironmentCache()
        self._refresh: asyncio.Task[None] | None = None
        # Workspace diagnostics (files the editor has not opened): computed once per model
        # generation; what push clients were last sent, and what pull clients last got.
        self._workspace_job: tuple[int, asyncio.Future[dict[Path, FileReport]]] | None = None
        self._workspace_publish: asyncio.Task[None] | None = None
        self._workspace_sent: dict[Path, str] = {}  # path -> report_id published (push)
        self.workspace_pulled: set[str] = set()  # URIs in the last workspace report (pull)
        self.closed_since_pull: set[Path] = set()  # closed since the last workspace report (pull)
        self._logged: dict[str, None] = {}  # insertion-ordered; at most MAX_LOGGED
        self._facts: dict[str, int | None] = {}  # uri -> facts_signature of the open document
        self._dependents: dict[str, asyncio.Task[None]] = {}  # uri -> pending recheck of others
        self.client_name: str | None = None  # clientInfo.name

    # --- transport ------------------------------------------------------------------------

    def _start_io_async(
        self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
    ) -> None:
        """Serve on stdio, reading stdin on the event loop when it is a pipe or a socket.

        pygls reads each header line and each body in a worker thread
        (``run_in_executor``): three thread hand-offs per message, about a
        millisecond of a keystroke's round trip. A pipe (what editors give) is
        read by the loop itself instead; anything else (a file, a terminal,
        Windows) keeps pygls's reader.
        """
        stop = self._stop_event = threading.Event()
        source = stdin or sys.stdin.buffer
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

        async def serve_loop() -> None:
            reader: Any = await _pipe_reader(source)
            if reader is None:
                log.debug("reading stdin in a worker thread")
                reader = StdinAsyncReader(source, self.thread_pool)
            else:
                log.debug("reading stdin on the event loop")
            await run_async(
                stop_event=stop,
                reader=reader,
                protocol=self.protocol,
                error_handler=self.report_server_error,
            )

        try:
            asyncio.run(serve_loop())
        except BrokenPipeError:
            log.error("the connection to the client is lost; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    # --- capabilities ---------------------------------------------------------------------

    def client_supports(self, field: str) -> bool:
        """Whether the client's capability at dotted ``field`` is present and truthy."""
        return bool(get_capability(self.client_capabilities, field, None))

    # --- errors -----------------------------------------------------------------------------

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """Log out-of-band errors (stderr, ``window/logMessage``) instead of showing a pop-up."""
        self.log_once(
            f"server error ({getattr(source, '__name__', source)}): {type(error).__name__}: {error}"
        )

    def log_once(self, message: str) -> None:
        """Log ``message`` as an error the first time, at debug level after that.

        Remembers the last :data:`MAX_LOGGED` distinct messages (messages name
        files and versions, so an unbounded set would grow with the session).
        """
        message = redact(message)
        if message in self._logged:
            log.debug("%s", message)
            return
        self._logged[message] = None
        if len(self._logged) > MAX_LOGGED:
            del self._logged[next(iter(self._logged))]
        log.error("%s", message)

    # --- documents --------------------------------------------------------------------------

    def open_document(self, uri: str) -> TextDocument | None:
        """The open document at ``uri`` (``None`` when the editor has not opened it)."""
        documents: dict[str, TextDocument] = self.workspace.text_documents
        return documents.get(unquote(uri))

    def open_documents(self) -> list[TextDocument]:
        """Every document the editor has open."""
        return list(self.workspace.text_documents.values())

    def snapshot(self, uri: str) -> Snapshot | None:
        """An immutable copy of an open document, or ``None``."""
        document = self.open_document(uri)
        if document is None:
            return None
        path = path_from_uri(uri)
        name = path.name if path is not None else unquote(urlparse(uri).path).rsplit("/", 1)[-1]
        return Snapshot(uri, path, name, document.language_id, document.version, document.source)

    def environment(self) -> Environment:
        """Settings, position encoding and open files' texts, captured now (on the event loop)."""
        open_texts: dict[Path, str] = {}
        for document in self.open_documents():
            path = path_from_uri(document.uri)
            if path is not None:
                open_texts[path] = document.source
        home = Path.home() if self.config.scan_home_files else None
        model = functools.partial(self.models.model, self.model_request())
        return Environment(self.config, self.workspace.position_codec, home, open_texts, model)

    # --- the environment model ----------------------------------------------------------------

    def model_request(self) -> ModelRequest:
        """What the environment model is built from, captured now (on the event loop)."""
        folder: Path | None = None
        for workspace_folder in self.workspace.folders.values():
            folder = path_from_uri(workspace_folder.uri)
            if folder is not None:
                break
        if folder is None and self.workspace.root_path:
            folder = Path(self.workspace.root_path)
        snapshots = (self.snapshot(d.uri) for d in self.open_documents())
        return ModelRequest(
            self.models.generation,
            folder,
            Path.home() if self.config.scan_home_files else None,
            self.config.effective_platform,
            tuple(s for s in snapshots if s is not None),
            self.config.shell,
        )

    async def environment_model(self, uri: str | None = None) -> EnvironmentModel | None:
        """The environment model for the document at ``uri`` (built in a worker thread if stale)."""
        path = path_from_uri(uri) if uri else None
        return await asyncio.to_thread(self.models.model, self.model_request(), path)

    def environment_changed(
        self, delay: float = DEBOUNCE_SECONDS, *, disk: bool = True, skip: str | None = None
    ) -> None:
        """A file the model reads changed: invalidate it and recheck the other open documents.

        Push clients get every open document (but ``skip``) rechecked after
        ``delay``; pull clients that support it are asked (once per ``delay``)
        to re-pull. ``disk``: files may have changed on disk too (see
        :meth:`EnvironmentCache.invalidate`).
        """
        self.models.invalidate(disk=disk, edit=not disk)
        if disk:
            refresh_disk_caches(now=True)
        if not self.pull_diagnostics:
            for document in self.open_documents():
                if document.uri != skip:
                    self.push.schedule(document.uri, delay)
            self.schedule_workspace_publish(delay)
            return
        if not self.client_supports("workspace.diagnostics.refresh_support"):
            return
        self.cancel_refresh()
        self._refresh = asyncio.get_running_loop().create_task(self._refresh_after(delay))

    def document_edited(self, uri: str) -> None:
        """An open document the model reads was edited (``didChange``).

        The model is rebuilt for the next check (the edited document's own
        check comes first and alone, see :func:`_did_change`); the other open
        documents are rechecked only when the edit changed a fact they may
        depend on (:func:`facts_signature`: names, values, where, sourcing),
        after :data:`DEBOUNCE_SECONDS` without another edit.
        """
        self.models.invalidate(edit=True)
        pending = self._dependents.pop(uri, None)
        if pending is not None:
            pending.cancel()
        task = asyncio.get_running_loop().create_task(self._recheck_dependents(uri))
        self._dependents[uri] = task
        task.add_done_callback(lambda done: self._dependents_done(uri, done))

    def _dependents_done(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._dependents.get(uri) is task:
            del self._dependents[uri]
        if not task.cancelled() and task.exception() is not None:
            self.log_once(f"rechecking the documents that depend on {uri} failed")

    async def _recheck_dependents(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        snapshot = self.snapshot(uri)
        signature = await asyncio.to_thread(snapshot_signature, snapshot)
        if signature is not None and self._facts.get(uri) == signature:
            return  # the same facts: no other document's diagnostics can change
        self._facts[uri] = signature
        self.environment_changed(0.0, disk=False, skip=uri)

    async def remember_facts(self, uri: str) -> None:
        """Record the facts of the document just opened at ``uri`` (see :meth:`document_edited`)."""
        snapshot = self.snapshot(uri)
        try:
            self._facts[uri] = await asyncio.to_thread(snapshot_signature, snapshot)
        except Exception:  # noqa: BLE001 - without it, the first edit rechecks the others
            log.debug("scanning %s failed", uri, exc_info=True)

    def cancel_dependents(self) -> None:
        """Drop every pending recheck of other documents (on shutdown)."""
        for task in self._dependents.values():
            task.cancel()
        self._dependents.clear()

    def forget_document(self, uri: str) -> None:
        """A document closed: drop its scan, its facts and a pending recheck of the others."""
        SCANS.forget(uri)
        self._facts.pop(uri, None)
        pending = self._dependents.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def cancel_refresh(self) -> None:
        """Drop a pending ``workspace/diagnostic/refresh`` (see :meth:`environment_changed`)."""
        if self._refresh is not None:
            self._refresh.cancel()
            self._refresh = None

    async def _refresh_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.settings_changed()

    async def wait_for_settings(self) -> None:
        """Wait until the first ``workspace/configuration`` answer (bounded)."""
        if self.settings_ready.is_set():
            return
        try:
            await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            log.warning("no answer to workspace/configuration; using the settings we have")
            self.settings_ready.set()

    async def diagnostics_for(
        self, snapshot: Snapshot, *, secret_fixes: bool = False
    ) -> list[types.Diagnostic]:
        """Check a snapshot in a worker thread; a failure is logged and yields no diagnostics.

        A document ``authlint.exclude`` matches gets none.
        """
        folders = [
            p for f in self.workspace.folders.values() if (p := path_from_uri(f.uri)) is not None
        ]
        if self.config.excludes(snapshot.path, folder_of(snapshot.path, folders)):
            return []
        try:
            return await asyncio.to_thread(
                functools.partial(lint, snapshot, self.environment(), secret_fixes=secret_fixes)
            )
        except Exception as error:  # noqa: BLE001 - a scanner bug must not break the editor
            log.debug("checking %s failed", snapshot.uri, exc_info=True)
            self.log_once(f"cannot check {snapshot.name}: {type(error).__name__}: {error}")
            return []

    # --- push -------------------------------------------------------------------------------

    async def _compute_push(self, uri: str) -> tuple[int | None, list[types.Diagnostic]] | None:
        await self.wait_for_settings()
        snapshot = self.snapshot(uri)
        if snapshot is None or document_kind(snapshot) is None:
            return None
        return snapshot.version, await self.diagnostics_for(snapshot)

    def _is_current(self, uri: str, version: int | None) -> bool:
        document = self.open_document(uri)
        return document is not None and document.version == version

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # --- settings ---------------------------------------------------------------------------

    def apply_settings(self, value: Any, origin: str) -> bool:
        """Replace the settings with ``value``'s; log errors. Returns whether they changed."""
        config, errors = parse_settings(value)
        for error in errors:
            log.warning("%s: %s", origin, error)
        changed = config != self.config
        self.config = config
        if config.log_level is not None:
            logging.getLogger("authlint").setLevel(config.log_level)
        if changed:
            log.info(
                "settings: select=%s ignore=%s severity=%s platform=%s",
                list(config.settings.select),
                list(config.settings.ignore),
                dict(config.settings.severity),
                config.effective_platform.value,
            )
        return changed

    async def fetch_settings(self) -> bool:
        """Ask the client for the ``authlint`` section; returns whether the settings changed.

        A client that answers ``null`` (no such section) keeps the settings
        from ``initializationOptions``.
        """
        params = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        try:
            answer = await asyncio.wait_for(
                self.workspace_configuration_async(params), SETTINGS_TIMEOUT_SECONDS
            )
        except Exception as error:  # noqa: BLE001 - keep the settings we have
            log.warning(
                "workspace/configuration failed: %s", redact(f"{type(error).__name__}: {error}")
            )
            return False
        section = answer[0] if answer else None
        if section is None:
            return False
        return self.apply_settings(section, "workspace/configuration")

    async def settings_changed(self) -> None:
        """Recheck open documents with new settings: republish, or ask pull clients to re-pull."""
        if self.pull_diagnostics:
            if self.client_supports("workspace.diagnostics.refresh_support"):
                try:
                    await self.workspace_diagnostic_refresh_async(None)
                except Exception as error:  # noqa: BLE001
                    log.warning("workspace/diagnostic/refresh failed: %s", error)
            return
        for document in self.open_documents():
            self.push.schedule(document.uri)
        self.schedule_workspace_publish()

    # --- workspace diagnostics ------------------------------------------------------------

    async def workspace_reports(self) -> dict[Path, FileReport]:
        """The reports of the files that decide authentication (:func:`workspace_reports`).

        Computed in a worker thread once per model generation and shared by
        every caller of that generation (pull clients poll every few seconds);
        a failure is logged and yields no reports.
        """
        await self.wait_for_settings()
        generation = self.models.generation
        if self._workspace_job is None or self._workspace_job[0] != generation:
            request, env = self.model_request(), self.environment()

            def compute() -> dict[Path, FileReport]:
                model = self.models.model(request)
                return {} if model is None else workspace_reports(model, env)

            job = asyncio.ensure_future(asyncio.to_thread(compute))
            self._workspace_job = (generation, job)
        try:
            return await asyncio.shield(self._workspace_job[1])
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a model bug must not break the editor
            self.log_once(f"cannot check the home files: {type(error).__name__}: {error}")
            return {}

    def open_paths(self) -> set[Path]:
        """The file paths of the open documents."""
        paths = (path_from_uri(d.uri) for d in self.open_documents())
        return {p for p in paths if p is not None}

    def schedule_workspace_publish(self, delay: float = 0.0) -> None:
        """(Push clients) publish the workspace reports after ``delay``, replacing a pending run."""
        if self.pull_diagnostics:
            return
        if self._workspace_publish is not None:
            self._workspace_publish.cancel()
        task = asyncio.get_running_loop().create_task(self._publish_workspace(delay))
        self._workspace_publish = task
        task.add_done_callback(self._workspace_published)

    def _workspace_published(self, task: asyncio.Task[None]) -> None:
        if self._workspace_publish is task:
            self._workspace_publish = None
        if not task.cancelled() and task.exception() is not None:
            self.log_once(f"publishing the home files' diagnostics failed: {task.exception()}")

    async def _publish_workspace(self, delay: float) -> None:
        """Publish the reports of the files not open that changed; clear those that went away.

        An open document gets its own diagnostics (``didOpen``…), so it is
        skipped here; a file whose report is unchanged is not sent again.
        """
        if delay > 0:
            await asyncio.sleep(delay)
        reports = await self.workspace_reports()
        opened = self.open_paths()  # after the wait: a document opened meanwhile is its own
        current = {path: report for path, report in reports.items() if path not in opened}
        for path in [p for p in self._workspace_sent if p not in current]:
            del self._workspace_sent[path]
            if path not in opened:
                self._publish(uri_from_path(path), None, [])
        for path, report in current.items():
            result_id = report.result_id
            if self._workspace_sent.get(path, EMPTY_REPORT) == result_id:
                continue
            self._publish(report.uri, None, report.diagnostics)
            self._workspace_sent[path] = result_id

    def forget_published(self, path: Path | None) -> None:
        """A document closed: its workspace report is sent again when it has one."""
        if path is None:
            return
        self._workspace_sent.pop(path, None)
        if self.pull_diagnostics:
            self.closed_since_pull.add(path)

    def cancel_workspace(self) -> None:
        """Drop a pending workspace publish (on shutdown)."""
        if self._workspace_publish is not None:
            self._workspace_publish.cancel()
            self._workspace_publish = None


# --- handlers ---------------------------------------------------------------------------------


class _PipeReader:
    """pygls's reader interface over an :class:`asyncio.StreamReader` (EOF reads as ``b""``)."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream

    async def readline(self) -> bytes:
        try:
            return await self._stream.readline()
        except ValueError:  # longer than the stream's limit: no header; the stream dropped it
            return _NOT_A_HEADER

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self._stream.readexactly(n)
        except asyncio.IncompleteReadError as error:
            return error.partial


_NOT_A_HEADER = b"?\r\n"
"""What :meth:`_PipeReader.readline` gives for a line over the limit: skipped like any other
line that is not a header (pygls's own reader would have read it whole, then skipped it)."""
_LINE_LIMIT = 2**24


async def _pipe_reader(stdin: BinaryIO) -> _PipeReader | None:
    """A loop reader of ``stdin`` when it is a pipe or a socket on POSIX, else ``None``."""
    if os.name != "posix":
        return None
    try:
        mode = os.fstat(stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return None
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        return None
    stream = asyncio.StreamReader(limit=_LINE_LIMIT)
    try:
        await asyncio.get_running_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stream), stdin
        )
    except (OSError, ValueError):
        return None
    return _PipeReader(stream)


def _initialize(ls: AuthlintServer, params: types.InitializeParams) -> None:
    try:
        ls.loop = asyncio.get_running_loop()
        ls.loop_thread = threading.get_ident()
    except RuntimeError:  # pragma: no cover - pygls runs handlers on its loop
        pass
    ls.apply_settings(params.initialization_options, "initializationOptions")
    # Pull only when the server can ask for a re-pull: a change the editor did not make (a
    # `.gitignore` a fix created, a profile edited elsewhere) must reach every open document.
    # Neovim 0.10-0.11 pull without `workspace/diagnostic/refresh`: they get pushed diagnostics.
    ls.pull_diagnostics = get_capability(
        params.capabilities, "text_document.diagnostic", None
    ) is not None and bool(
        get_capability(params.capabilities, "workspace.diagnostics.refresh_support", False)
    )
    if ls.pull_diagnostics and types.TEXT_DOCUMENT_DIAGNOSTIC not in ls.protocol.fm.features:
        ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, DIAGNOSTIC_OPTIONS)(_pull_diagnostics)
    if ls.pull_diagnostics and types.WORKSPACE_DIAGNOSTIC not in ls.protocol.fm.features:
        ls.feature(types.WORKSPACE_DIAGNOSTIC)(_workspace_diagnostics)
    if not get_capability(params.capabilities, "workspace.configuration", False):
        ls.settings_ready.set()
    ls.client_name = params.client_info.name if params.client_info else None
    client = ls.client_name or "an unnamed client"
    log.info(
        "initialized for %s; diagnostics are %s",
        client,
        "pulled" if ls.pull_diagnostics else "pushed",
    )


async def _initialized(ls: AuthlintServer, params: types.InitializedParams) -> None:
    if ls.client_supports("workspace.configuration"):
        await ls.fetch_settings()
    ls.settings_ready.set()
    ls.schedule_workspace_publish()  # push clients: the home files' problems, unopened
    if ls.client_supports("workspace.did_change_configuration.dynamic_registration"):
        registration = types.Registration(
            id=str(uuid.uuid4()),
            method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
            register_options=None,
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as error:  # noqa: BLE001 - the client may still send the notification
            log.info("could not register for configuration changes: %s", error)


async def _did_change_configuration(
    ls: AuthlintServer, params: types.DidChangeConfigurationParams
) -> None:
    if ls.client_supports("workspace.configuration"):
        changed = await ls.fetch_settings()
    elif params.settings is not None:
        changed = ls.apply_settings(params.settings, "workspace/didChangeConfiguration")
    else:
        changed = False
    if changed:
        ls.models.invalidate(disk=True)
        await ls.settings_changed()


async def _did_change_watched_files(
    ls: AuthlintServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """Recheck the open documents when a file the editor watches for us changed.

    The VS Code extension watches the home files the checks read (shell
    profiles, ``~/.claude/…``, user settings) and forwards their changes.
    """
    if params.changes:
        ls.models.invalidate(disk=True)
        refresh_disk_caches(now=True)
        await ls.settings_changed()


def _read_by_authlint(ls: AuthlintServer, uri: str) -> bool:
    """Whether the document at ``uri`` is one authlint reads (so the model may read it)."""
    snapshot = ls.snapshot(uri)
    if snapshot is None:
        path = path_from_uri(uri)
        snapshot = Snapshot(uri, path, path.name if path else "", None, None, "")
    return document_kind(snapshot) is not None


def _did_open(ls: AuthlintServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    if not ls.pull_diagnostics:
        ls.push.schedule(uri)
    if _read_by_authlint(ls, uri):
        asyncio.get_running_loop().create_task(ls.remember_facts(uri))


def _did_change(ls: AuthlintServer, params: types.DidChangeTextDocumentParams) -> None:
    """The edited document is checked first and alone, at once; the others later, if need be."""
    if not ls.config.check_on_type:
        return  # authlint.run = "onSave": _did_save rechecks and refreshes the model
    uri = params.text_document.uri
    if _read_by_authlint(ls, uri):
        ls.document_edited(uri)
    if not ls.pull_diagnostics:
        ls.push.schedule(uri, EDIT_DEBOUNCE_SECONDS)


def _did_save(ls: AuthlintServer, params: types.DidSaveTextDocumentParams) -> None:
    if _read_by_authlint(ls, params.text_document.uri):
        ls.environment_changed()
    if not ls.pull_diagnostics:
        ls.push.schedule(params.text_document.uri)


def _did_close(ls: AuthlintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.push.cancel(params.text_document.uri)
    ls.forget_document(params.text_document.uri)
    ls.forget_published(path_from_uri(params.text_document.uri))
    if _read_by_authlint(ls, params.text_document.uri):
        ls.environment_changed()
    if not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )


async def _hover(ls: AuthlintServer, params: types.HoverParams) -> types.Hover | None:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None or document_kind(snapshot) is None:
        return None
    index = LineIndex(snapshot.text)
    codec = ls.workspace.position_codec
    word = word_at(index, params.position, codec)
    if word is None or not may_explain(word.name):
        return None
    model = await ls.environment_model(snapshot.uri)
    if model is None:
        return None
    try:
        return await asyncio.to_thread(hover, model, word, snapshot.path, index, codec)
    except Exception as error:  # noqa: BLE001 - a model bug must not break the editor
        ls.log_once(f"cannot explain {word.name}: {type(error).__name__}: {error}")
        return None


async def _pull_diagnostics(
    ls: AuthlintServer, params: types.DocumentDiagnosticParams
) -> types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
    await ls.wait_for_settings()
    uri = params.text_document.uri
    snapshot = ls.snapshot(uri) or await asyncio.to_thread(_disk_snapshot, uri)
    diagnostics = await ls.diagnostics_for(snapshot) if snapshot is not None else []
    result_id = report_id(diagnostics)
    if params.previous_result_id == result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.FullDocumentDiagnosticReport(items=diagnostics, result_id=result_id)


async def _workspace_diagnostics(
    ls: AuthlintServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """``workspace/diagnostic``: the reports of the files that decide authentication.

    Open documents are left to ``textDocument/diagnostic``. A file reported
    before (``previousResultIds``, or by this server) that is no longer
    reported, and a document closed since, gets an empty report so its old
    diagnostics go; a report whose ``result_id`` the client already has is
    answered "unchanged".
    """
    reports = await ls.workspace_reports()
    opened = ls.open_paths()
    previous = {p.uri: p.value for p in params.previous_result_ids}
    items: list[types.WorkspaceDocumentDiagnosticReport] = []
    reported: set[str] = set()
    for path, report in reports.items():
        if path in opened:
            continue
        reported.add(report.uri)
        result_id = report.result_id
        if previous.get(report.uri) == result_id:
            items.append(
                types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=report.uri, version=None, result_id=result_id
                )
            )
        else:
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=report.uri, version=None, items=report.diagnostics, result_id=result_id
                )
            )
    gone = [*previous, *ls.workspace_pulled, *(uri_from_path(p) for p in ls.closed_since_pull)]
    for uri in dict.fromkeys(gone):
        where = path_from_uri(uri)
        if uri in reported or where is None or where in opened or where in reports:
            continue
        items.append(
            types.WorkspaceFullDocumentDiagnosticReport(
                uri=uri, version=None, items=[], result_id=EMPTY_REPORT
            )
        )
    ls.workspace_pulled = reported
    ls.closed_since_pull.clear()
    return types.WorkspaceDiagnosticReport(items=items)


def _disk_snapshot(uri: str) -> Snapshot | None:
    """A snapshot of a file the editor has not opened, read from disk (``None`` if unreadable)."""
    path = path_from_uri(uri)
    if path is None:
        return None
    try:
        text = SourceFile.read(path).text
    except OSError:
        return None
    return Snapshot(uri, path, path.name, None, None, text)


async def _code_action(
    ls: AuthlintServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    snapshot = ls.snapshot(uri)
    if snapshot is None:
        return None
    only = params.context.only
    env = ls.environment()
    support = EditSupport.of(ls.client_capabilities)
    versions = {d.uri: d.version for d in ls.open_documents()}

    def exists(target: str) -> bool:
        path = path_from_uri(target)
        return target in versions or (path is not None and path.exists())

    fresh: list[types.Diagnostic] | None = None
    actions: list[types.CodeAction] = []
    fixed: list[types.Diagnostic] = []
    if wanted(only, QUICK_FIX):
        for diagnostic in params.context.diagnostics:
            if not is_ours(diagnostic):
                continue
            fix: FixData | None = None
            if snapshot.version is not None and data_version(diagnostic.data) == snapshot.version:
                fix = fix_from_data(diagnostic.data)
            if fix is None:  # stale, stripped, or a fix left out because it writes a key
                if fresh is None:
                    fresh = await ls.diagnostics_for(snapshot, secret_fixes=True)
                same = [
                    d for d in fresh if d.code == diagnostic.code and d.range == diagnostic.range
                ] or [  # a client that rebuilt the range (ALE): the same code on the same line
                    d
                    for d in fresh
                    if d.code == diagnostic.code
                    and d.range.start.line == diagnostic.range.start.line
                ]
                fix = fix_from_data(same[0].data) if same else None
            action = quick_fix_action(diagnostic, fix, support, versions, exists) if fix else None
            if action is not None:
                actions.append(action)
                fixed.append(diagnostic)
        actions.extend(commands.reset_actions(params.context.diagnostics, uri))
        actions.extend(
            await rule_actions.rule_actions(
                ls, snapshot, params.context.diagnostics, fixed, client_name=ls.client_name
            )
        )
    if wanted(only, FIX_ALL_KIND):
        fix_all = await _fix_all(ls, snapshot, env, support, versions, exists)
        if fix_all is not None:
            actions.append(fix_all)
    return actions or None


async def _fix_all(
    ls: AuthlintServer,
    snapshot: Snapshot,
    env: Environment,
    support: EditSupport,
    versions: dict[str, int | None],
    exists: Callable[[str], bool],
) -> types.CodeAction | None:
    def compute() -> types.CodeAction | None:
        checked = check_snapshot(snapshot, env)
        if checked is None:
            return None
        source, findings = checked
        target = Target(snapshot.uri, snapshot.path, source.index)
        edits = fix_all_edits(source, findings, target, env.codec, env.other_index)
        return fix_all_action(edits, support, versions, exists)

    try:
        return await asyncio.to_thread(compute)
    except Exception as error:  # noqa: BLE001
        ls.log_once(f"cannot fix {snapshot.name}: {type(error).__name__}: {error}")
        return None


def _shutdown(ls: AuthlintServer, params: None) -> None:
    ls.push.cancel_all()
    ls.cancel_dependents()
    ls.cancel_refresh()
    ls.cancel_workspace()
    if isinstance(ls.protocol, AuthlintProtocol):
        ls.protocol.cancel_pending()


def create_server() -> AuthlintServer:
    """A new server with every feature registered (pull diagnostics are added at ``initialize``)."""
    server = AuthlintServer()
    server.feature(types.INITIALIZE)(_initialize)
    server.feature(types.INITIALIZED)(_initialized)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(_did_change_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_did_change_watched_files)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(_did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(_did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_did_close)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, CODE_ACTION_OPTIONS)(_code_action)
    server.feature(types.TEXT_DOCUMENT_HOVER)(_hover)
    server.feature(types.SHUTDOWN)(_shutdown)
    commands.register(server)
    rule_actions.register(server)
    return server


# --- logging ----------------------------------------------------------------------------------


class RedactingFilter(logging.Filter):
    """Masks key-shaped text in every record (pygls logs whole messages at debug level)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message (and traceback text) with a redacted copy."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_LOG_TYPES = (
    (logging.ERROR, types.MessageType.Error),
    (logging.WARNING, types.MessageType.Warning),
    (logging.INFO, types.MessageType.Info),
)


class ClientLogHandler(logging.Handler):
    """Copies authlint's log records to the client as ``window/logMessage``, from the event loop."""

    def __init__(self, server: AuthlintServer) -> None:
        super().__init__()
        self.server = server
        self.addFilter(RedactingFilter())

    def emit(self, record: logging.LogRecord) -> None:
        """Send one record; records before ``initialize`` or after the loop closed are dropped."""
        loop = self.server.loop
        if loop is None or loop.is_closed():
            return
        kind = next(
            (t for level, t in _LOG_TYPES if record.levelno >= level), types.MessageType.Log
        )
        params = types.LogMessageParams(type=kind, message=redact(self.format(record)))
        try:
            if threading.get_ident() == self.server.loop_thread:
                self.server.window_log_message(params)
            else:
                loop.call_soon_threadsafe(self.server.window_log_message, params)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


def _configure_logging(server: AuthlintServer) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(stream=sys.stderr, format="authlint: %(levelname)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    logging.getLogger("authlint").addHandler(ClientLogHandler(server))


def serve(host_port: tuple[str, int] | None = None) -> None:
    """Run the server until the client exits: on stdio, or on TCP at ``(host, port)``.

    On stdio, ``sys.stdout`` is pointed at stderr for the duration, so a stray
    write cannot corrupt the protocol stream.
    """
    server = create_server()
    _configure_logging(server)
    if host_port is not None:
        server.start_tcp(*host_port)
        return
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    saved, sys.stdout = sys.stdout, sys.stderr
    try:
        server.start_io(stdin, stdout)
    finally:
        sys.stdout = saved
