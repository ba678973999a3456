"""A fake of the Anthropic API on 127.0.0.1, for tests that run real clients.

Semantics follow ``shared/knowledge/client-behaviour.md`` "Fake server
semantics and assumptions":

- Routes: ``POST /v1/messages`` (JSON, or SSE when ``"stream": true``),
  ``POST /v1/messages/count_tokens``, ``GET /v1/models``, ``GET /v1/models/{id}``.
  Any other path gets 404 ``not_found_error`` / ``Not Found`` *before* the auth
  check (``auth_before_404=True`` flips that). Query strings (``?beta=true``,
  ``?limit=1``) are ignored.
- ``x-api-key``: must be in ``keys``, else 401 ``invalid x-api-key``. An empty
  ``x-api-key`` counts as absent.
- ``Authorization: Bearer``: a value in ``tokens``, or in ``keys`` (unless
  ``strict_headers``), passes; one in ``expired_tokens`` gets the OAuth-expired
  text; anything else (another scheme, an empty token) ``Invalid bearer token``.
- Neither header: 401 ``x-api-key header is required``.
- Both headers: ``x-api-key`` is judged first (``prefer="bearer"`` reverses
  it; the real order is unknown). The log records ``both_headers``,
  ``precedence_sensitive`` (the two orders give different answers) and
  ``status_if_bearer_first``.
- Values are OWS-trimmed (space, tab) at both ends before they are judged. The
  log keeps flags about the raw value (``raw_had_ows``, ``has_quotes``,
  ``has_bom``, ``has_ctl``, ``non_ascii``, ``len``) and the value masked as the
  first 10 characters + ``...`` + the last 4.
- Proxy sink: ``CONNECT host:port`` and absolute-URI requests (what a client
  sends to an ``HTTPS_PROXY``/``HTTP_PROXY``) are logged with ``proxied=True``
  and refused with 403, so a test can see any attempt to reach an outside host.
- ``queue_response()`` makes the next routed request get a canned answer (403,
  429, 529, a redirect…), after the 404 check and before the auth check.

- ``oauth_requires_beta=True`` (off by default, an assumption from
  ``auth-facts.md`` §3 row 5 / §4.4): a Claude OAuth token sent as Bearer
  without ``anthropic-beta: oauth-2025-04-20`` gets 401 ``OAuth authentication
  is currently not supported.`` Off, such a token is accepted; the log records
  ``oauth_beta`` either way.

Not modelled: a successful OAuth refresh, rate limits and billing.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO, Literal

INVALID_X_API_KEY = "invalid x-api-key"
INVALID_BEARER = "Invalid bearer token"
HEADER_REQUIRED = "x-api-key header is required"
OAUTH_EXPIRED = "OAuth token has expired. Please obtain a new token or refresh your existing token."
OAUTH_BETA = "oauth-2025-04-20"
OAUTH_NOT_SUPPORTED = "OAuth authentication is currently not supported."

MODELS = (
    ("claude-opus-4-8", "Claude Opus 4.8"),
    ("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"),
    ("claude-haiku-4-5-20251001", "Claude Haiku 4.5"),
)
_MODEL_PATH = re.compile(r"^/v1/models/([^/]+)$")
_ROUTES = {
    ("POST", "/v1/messages"),
    ("POST", "/v1/messages/count_tokens"),
    ("GET", "/v1/models"),
}
_OWS = " \t"
_QUOTES = ('"', "'", "\u2018", "\u2019", "\u201c", "\u201d")


def mask_secret(value: str) -> str:
    """How the fake logs a secret: the first 10 characters, ``...``, the last 4."""
    if len(value) <= 14:
        return "..." if value else ""
    return f"{value[:10]}...{value[-4:]}"


def _request_id() -> str:
    return "req_" + secrets.token_hex(12)


@dataclass(frozen=True)
class HeaderSeen:
    """One credential header as it arrived (``value`` of ``Authorization`` is the token)."""

    masked: str
    scheme: str  # "x-api-key", "Bearer", or the other scheme word given in Authorization
    raw_had_ows: bool
    has_quotes: bool
    has_bom: bool
    has_ctl: bool
    non_ascii: bool
    len: int


@dataclass
class LoggedRequest:
    """One request the fake received, with its answer. No secret is kept unmasked."""

    method: str
    path: str
    query: str
    status: int = 0
    error_type: str | None = None
    error_message: str | None = None
    x_api_key: HeaderSeen | None = None
    authorization: HeaderSeen | None = None
    accepted_as: str | None = None  # "key" / "token" when the request was authenticated
    both_headers: bool = False
    precedence_sensitive: bool = False
    status_if_bearer_first: int | None = None
    oauth_beta: bool = False
    anthropic_version: str | None = None
    user_agent: str | None = None
    stream: bool = False
    proxied: bool = False
    target: str | None = None  # host:port of a CONNECT / absolute-URI request

    def as_dict(self) -> dict[str, Any]:
        """The entry as plain JSON-able data."""
        return asdict(self)


@dataclass(frozen=True)
class CannedResponse:
    """An answer ``queue_response`` makes the fake give instead of the normal one."""

    status: int
    error_type: str | None = None
    message: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class FakeConfig:
    """Which credentials the fake accepts, and its switches (see the module docstring)."""

    keys: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    expired_tokens: set[str] = field(default_factory=set)
    prefer: Literal["x-api-key", "bearer"] = "x-api-key"
    strict_headers: bool = False
    auth_before_404: bool = False
    # Opt-in, an assumption: a Claude OAuth token (sk-ant-oat01-) sent as Bearer without the
    # oauth-2025-04-20 beta header gets 401 "OAuth authentication is currently not supported."
    # (auth-facts.md §3 row 5, §4.4: anthropic-sdk-python#988).
    oauth_requires_beta: bool = False


class _RecordingReader:
    """Wraps the socket file so the raw header lines can be read back."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.lines: list[bytes] = []

    def readline(self, limit: int = -1) -> bytes:
        line = self.inner.readline(limit)
        self.lines.append(line)
        return line

    def read(self, n: int = -1) -> bytes:
        return self.inner.read(n)


def _raw_headers(lines: Iterable[bytes]) -> dict[str, bytes]:
    """Header name (lower case) → raw value bytes, first occurrence, continuation lines joined."""
    out: dict[str, bytes] = {}
    last: str | None = None
    for line in lines:
        body = line.rstrip(b"\r\n")
        if not body:
            continue
        if body[:1] in (b" ", b"\t") and last is not None:
            if last in out:
                out[last] += b" " + body.strip(b" \t")
            continue
        name, sep, value = body.partition(b":")
        if not sep:
            continue
        last = name.decode("latin-1").strip().lower()
        out.setdefault(last, value)
    return out


def _describe(text: str, scheme: str) -> tuple[str, HeaderSeen]:
    """The OWS-trimmed value and the flags the log keeps about ``text``."""
    raw = text.encode("utf-8", errors="surrogateescape")
    value = text.strip(_OWS)
    had_ows = value != text
    seen = HeaderSeen(
        masked=mask_secret(value),
        scheme=scheme,
        raw_had_ows=had_ows,
        has_quotes=any(q in value for q in _QUOTES),
        has_bom="\ufeff" in value,
        has_ctl=any(ord(c) < 0x20 or ord(c) == 0x7F for c in value if c != "\t"),
        non_ascii=any(b >= 0x80 for b in raw),
        len=len(value),
    )
    return value, seen


def _field_text(raw: bytes) -> str:
    """A header's raw bytes as text, without the one space that follows the colon.

    That space is the usual separator; anything beyond it (a second space, a
    tab, trailing blanks) is whitespace that came with the value itself.
    """
    text = raw.decode("utf-8", errors="surrogateescape")
    return text[1:] if text.startswith(" ") else text


class FakeAnthropic:
    """The fake API server. Use as a context manager, or ``start()`` / ``stop()``.

    ``base_url`` is ``http://127.0.0.1:<port>``; ``requests`` is the log (oldest
    first). The server binds 127.0.0.1 on a free port and nothing else.
    """

    def __init__(self, config: FakeConfig | None = None) -> None:
        self.config = config or FakeConfig()
        self.requests: list[LoggedRequest] = []
        self._canned: list[CannedResponse] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> FakeAnthropic:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread; return ``self``."""
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},  # stop() waits for one poll
            name="fake-anthropic",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port the fake listens on."""
        assert self._server is not None, "the fake is not running"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: what ``ANTHROPIC_BASE_URL`` should be."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_url(self) -> str:
        """The same address, for ``HTTPS_PROXY`` / ``HTTP_PROXY`` (the proxy sink)."""
        return self.base_url

    # --- the log and canned answers ---------------------------------------------------

    def clear(self) -> None:
        """Forget the request log and any queued answer."""
        with self._lock:
            self.requests.clear()
            self._canned.clear()

    def queue_response(
        self,
        status: int,
        error_type: str | None = None,
        message: str | None = None,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Answer the next routed request with ``status`` (an error envelope when typed)."""
        with self._lock:
            self._canned.append(CannedResponse(status, error_type, message, tuple(headers)))

    def api_requests(self) -> list[LoggedRequest]:
        """The log without proxy-sink entries."""
        with self._lock:
            return [r for r in self.requests if not r.proxied]

    def proxied(self) -> list[LoggedRequest]:
        """Only the proxy-sink entries (attempts to reach an outside host)."""
        with self._lock:
            return [r for r in self.requests if r.proxied]

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    def _next_canned(self) -> CannedResponse | None:
        with self._lock:
            return self._canned.pop(0) if self._canned else None

    # --- judging ----------------------------------------------------------------------

    def _judge_key(self, value: str) -> tuple[int, str | None, str | None]:
        if value in self.config.keys:
            return 200, None, "key"
        return 401, INVALID_X_API_KEY, None

    def _judge_bearer(
        self, scheme: str, value: str, oauth_beta: bool
    ) -> tuple[int, str | None, str | None]:
        if scheme.lower() != "bearer" or not value:
            return 401, INVALID_BEARER, None
        if (
            self.config.oauth_requires_beta
            and value.startswith("sk-ant-oat01-")
            and not oauth_beta
            and (value in self.config.tokens or value in self.config.expired_tokens)
        ):
            return 401, OAUTH_NOT_SUPPORTED, None
        if value in self.config.tokens:
            return 200, None, "token"
        if value in self.config.keys and not self.config.strict_headers:
            return 200, None, "key"
        if value in self.config.expired_tokens:
            return 401, OAUTH_EXPIRED, None
        return 401, INVALID_BEARER, None

    def judge(self, entry: LoggedRequest, headers: dict[str, bytes]) -> tuple[int, str | None]:
        """Fill the auth fields of ``entry``; return ``(status, 401 message or None)``."""
        key_verdict = bearer_verdict = None
        entry.oauth_beta = OAUTH_BETA in headers.get("anthropic-beta", b"").decode("latin-1")
        raw_key = headers.get("x-api-key")
        if raw_key is not None:
            value, seen = _describe(_field_text(raw_key), "x-api-key")
            if value:
                entry.x_api_key = seen
                key_verdict = self._judge_key(value)
        raw_auth = headers.get("authorization")
        if raw_auth is not None:
            # "Bearer <token>": the single space after the scheme is syntax; more is OWS.
            scheme, _, token = _field_text(raw_auth).lstrip(_OWS).partition(" ")
            value, seen = _describe(token, scheme)
            entry.authorization = seen
            bearer_verdict = self._judge_bearer(scheme, value, entry.oauth_beta)
        if key_verdict is None and bearer_verdict is None:
            return 401, HEADER_REQUIRED
        if key_verdict is not None and bearer_verdict is not None:
            entry.both_headers = True
            entry.precedence_sensitive = key_verdict[:2] != bearer_verdict[:2]
            entry.status_if_bearer_first = bearer_verdict[0]
            first = bearer_verdict if self.config.prefer == "bearer" else key_verdict
        else:
            first = key_verdict or bearer_verdict
        assert first is not None
        entry.accepted_as = first[2]
        return first[0], first[1]


def _message_body(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "msg_" + secrets.token_hex(12),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 8, "output_tokens": 4},
    }


def _sse(body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    start = dict(body, content=[], stop_reason=None)
    start["usage"] = {"input_tokens": 8, "output_tokens": 1}
    yield "message_start", {"type": "message_start", "message": start}
    yield (
        "content_block_start",
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    )
    yield (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": body["content"][0]["text"]},
        },
    )
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 4},
        },
    )
    yield "message_stop", {"type": "message_stop"}


def _model(model_id: str, name: str) -> dict[str, Any]:
    return {
        "type": "model",
        "id": model_id,
        "display_name": name,
        "created_at": "2025-09-29T00:00:00Z",
    }


def _make_handler(fake: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "fake-anthropic/1"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            """Quiet: the log is ``fake.requests``."""

        def parse_request(self) -> bool:
            recorder = _RecordingReader(self.rfile)  # type: ignore[arg-type]
            original, self.rfile = self.rfile, recorder  # type: ignore[assignment]
            try:
                return super().parse_request()
            finally:
                self.rfile = original
                self.raw_header_lines = recorder.lines

        # --- plumbing ---------------------------------------------------------------

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            headers: Iterable[tuple[str, str]] = (),
            request_id: str | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("request-id", request_id or _request_id())
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any], **kw: Any) -> None:
            self._send(status, json.dumps(data).encode(), **kw)

        def _error(
            self,
            entry: LoggedRequest,
            status: int,
            error_type: str,
            message: str,
            headers: Iterable[tuple[str, str]] = (),
        ) -> None:
            request_id = _request_id()
            entry.status, entry.error_type, entry.error_message = status, error_type, message
            fake._record(entry)
            envelope = {
                "type": "error",
                "error": {"type": error_type, "message": message},
                "request_id": request_id,
            }
            self._json(status, envelope, headers=headers, request_id=request_id)

        # --- dispatch ---------------------------------------------------------------

        def _proxy_sink(self) -> None:
            target = self.path
            if "://" in target:
                target = http.client.urlsplit(target).netloc
            entry = LoggedRequest(self.command, self.path, "", proxied=True, target=target)
            entry.status = 403
            fake._record(entry)
            self.close_connection = True
            self._send(403, b"", content_type="text/plain", headers=[("Connection", "close")])

        def do_CONNECT(self) -> None:  # noqa: N802 - http.server naming
            self._proxy_sink()

        def do_GET(self) -> None:  # noqa: N802
            self._handle()

        def do_POST(self) -> None:  # noqa: N802
            self._handle()

        def do_PUT(self) -> None:  # noqa: N802
            self._handle()

        def do_DELETE(self) -> None:  # noqa: N802
            self._handle()

        def do_HEAD(self) -> None:  # noqa: N802
            self._handle()

        def _handle(self) -> None:
            if "://" in self.path:
                self._body()
                self._proxy_sink()
                return
            path, _, query = self.path.partition("?")
            body = self._body()
            headers = _raw_headers(self.raw_header_lines)
            entry = LoggedRequest(self.command, path, query)
            version = headers.get("anthropic-version")
            entry.anthropic_version = version.decode("latin-1").strip() if version else None
            agent = headers.get("user-agent")
            entry.user_agent = agent.decode("latin-1").strip() if agent else None
            model_match = _MODEL_PATH.match(path) if self.command == "GET" else None
            routed = (self.command, path) in _ROUTES or model_match is not None
            if not routed and not fake.config.auth_before_404:
                self._error(entry, 404, "not_found_error", "Not Found")
                return
            canned = fake._next_canned() if routed else None
            if canned is not None:
                self._canned(entry, canned)
                return
            status, message = fake.judge(entry, headers)
            if status != 200:
                self._error(entry, status, "authentication_error", message or "")
                return
            if not routed:
                self._error(entry, 404, "not_found_error", "Not Found")
                return
            self._serve(entry, path, body, model_match)

        def _canned(self, entry: LoggedRequest, canned: CannedResponse) -> None:
            if canned.error_type is not None:
                self._error(
                    entry,
                    canned.status,
                    canned.error_type,
                    canned.message or "",
                    headers=canned.headers,
                )
                return
            entry.status = canned.status
            fake._record(entry)
            self._send(canned.status, b"", content_type="text/plain", headers=canned.headers)

        def _serve(
            self, entry: LoggedRequest, path: str, body: bytes, model_match: re.Match[str] | None
        ) -> None:
            if path == "/v1/models":
                data = [_model(i, n) for i, n in MODELS]
                entry.status = 200
                fake._record(entry)
                self._json(
                    200,
                    {
                        "data": data,
                        "has_more": False,
                        "first_id": data[0]["id"],
                        "last_id": data[-1]["id"],
                    },
                )
                return
            if model_match is not None:
                wanted = model_match.group(1)
                found = next((_model(i, n) for i, n in MODELS if i == wanted), None)
                if found is None:
                    self._error(entry, 404, "not_found_error", f"model: {wanted}")
                    return
                entry.status = 200
                fake._record(entry)
                self._json(200, found)
                return
            try:
                request = json.loads(body or b"{}")
                if not isinstance(request, dict):
                    raise ValueError("not an object")
            except ValueError:
                self._error(
                    entry, 400, "invalid_request_error", "The request body is not valid JSON."
                )
                return
            model = str(request.get("model") or "claude-sonnet-4-5-20250929")
            if path.endswith("/count_tokens"):
                entry.status = 200
                fake._record(entry)
                self._json(200, {"input_tokens": 8})
                return
            message = _message_body(model, "Hello from the fake Anthropic API.")
            entry.stream = bool(request.get("stream"))
            entry.status = 200
            fake._record(entry)
            if not entry.stream:
                self._json(200, message)
                return
            events = "".join(
                f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in _sse(message)
            )
            self._send(200, events.encode(), content_type="text/event-stream")

    return Handler
