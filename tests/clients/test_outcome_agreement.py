"""The outcome layer against real clients (issue 10): predicted request and outcome = observed.

For every scenario in :mod:`outcome_scenarios`, the files are written into a
scratch HOME and a project; then

1. the model predicts (``build_model`` → :func:`authlint.outcome.outcomes`),
   for the scenario's launch context, the outcome kind, the headers and the
   definition each value comes from, the URL and the client's message, and
   ``authlint check`` (the real CLI, in process) reports its model-level
   findings (AL900, AL908-AL910, AL809, AL810);
2. the real client runs in that same launch context: the Python or Node SDK
   app, or ``claude -p hi`` (Claude Code 2.1.197), started by ``bash -ic`` /
   ``zsh -ic`` (a Linux terminal) or ``bash -lc`` (a cron job, a hook), from
   an environment holding nothing but PATH, HOME, LANG and proxy variables
   that send any non-loopback request to a sink on 127.0.0.1;
3. the fake Anthropic API's log (and the sink's) must show what the table
   says the real client does (a table error fails the test), and the
   prediction must be the same (a disagreement raises
   :class:`OutcomeDisagreement`: a strict xfail when the scenario lists it).

A 401 or a success is decided by the fake, which knows ``<<KEY>>`` and the
gateway/OAuth tokens: in ``base="launcher"`` scenarios the fake's URL comes
from the environment the shell starts with, which no file shows, so the model
predicts a request to api.anthropic.com and the fake answers for it. Outcomes
decided before any server (no request, a login prompt, a 404 from ``/v1``,
both headers sent, a host of another vendor) are read from the logs. The
fake judges the credentials before it answers 404 for an unknown path, so its
log shows the headers of a ``/v1/v1/messages`` request too (every scenario
sends a valid key there, so the status is 404 either way).

The SDKs come from ``.ci/install-clients.sh``; Claude Code from
``$AUTHLINT_CLAUDE`` or ``<clients>/claude/node_modules/.bin/claude`` (npm
``@anthropic-ai/claude-code@2.1.197``). A missing client is skipped, or
fails under ``AUTHLINT_REQUIRE_CLIENTS=1``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from client_harness import (
    CLIENTS_DIR,
    FAKE_CONFIGS,
    GATEWAY,
    KEY,
    OAUTH,
    REQUIRE,
    STALE,
    require_client,
    require_program,
    run_client,
    scratch_env,
)
from outcome_scenarios import (
    CLAUDE,
    HELPER,
    LOGIN,
    SCENARIOS,
    OutcomeScenario,
)

import keys
from authlint.cli import main
from authlint.core.context import Platform
from authlint.core.outcomes import Outcome, OutcomeKind
from authlint.core.secrets import redact
from authlint.model import build_model
from authlint.outcome import outcomes
from fakeapi import FakeAnthropic, LoggedRequest, mask_secret

CLAUDE_VERSION = "2.1.197"
MODEL_CODES = frozenset({"AL900", "AL908", "AL909", "AL910", "AL809", "AL810"})
# Extra variables for Claude Code runs: no update checks, telemetry or other outside traffic.
# Claude Code retries a 401 with a growing delay (ten times by default): one attempt here.
CLAUDE_ENV = {
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    "DISABLE_AUTOUPDATER": "1",
    "CLAUDE_CODE_MAX_RETRIES": "0",
}
REPLY = "Hello from the fake Anthropic API."

# Rules and outcome classes no scenario can show here, and why.
NOT_SHOWN = {
    "AL810": "a declined key is ignored only by interactive `claude` (its TUI); `claude -p`, "
    "the only mode that runs without a terminal, uses the key anyway (declined-api-key docs, "
    "anthropics/claude-code#74858)",
    "AL900": "it restates an outcome only where no line rule reports the cause; every failing "
    "scenario that runs here (Linux, bash/zsh) has one (AL303, AL405, AL910…), or the model "
    "stays 'unknown' because a desktop session may read the profile; tests/unit/rules/"
    "test_outcomes.py covers AL900 with macOS homes, whose terminals are login shells",
}


class OutcomeDisagreement(AssertionError):
    """The prediction (outcome, headers, message, findings) differs from the real client."""


# --- the outside-host sink ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outside:
    """A request for a host other than 127.0.0.1, caught by the sink (headers masked)."""

    method: str
    host: str
    x_api_key: str | None = None
    authorization: str | None = None  # the token after the scheme word, masked


class OutsideSink:
    """``HTTP(S)_PROXY`` on 127.0.0.1: logs each ``CONNECT`` or absolute-URI request, answers 403.

    A plain-http request shows its credential headers (kept masked); a
    ``CONNECT`` only its host.
    """

    def __init__(self) -> None:
        self.seen: list[Outside] = []
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def _refuse(self) -> None:
                self.close_connection = True
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            def do_CONNECT(self) -> None:  # noqa: N802 - http.server naming
                sink.record(Outside("CONNECT", self.path.rpartition(":")[0] or self.path))
                self._refuse()

            def _absolute(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                key = self.headers.get("x-api-key")
                auth = self.headers.get("authorization")
                token = auth.strip().partition(" ")[2].strip() if auth else None
                host = urlsplit(self.path).hostname or self.path
                sink.record(
                    Outside(
                        self.command,
                        host,
                        mask_secret(key.strip()) if key and key.strip() else None,
                        mask_secret(token) if token else None,
                    )
                )
                self._refuse()

            do_GET = do_POST = do_PUT = do_HEAD = _absolute  # noqa: N815

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def record(self, entry: Outside) -> None:
        """Add one caught request to the log."""
        with self._lock:
            self.seen.append(entry)

    def start(self) -> OutsideSink:
        """Serve in a daemon thread; return ``self``."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, for ``HTTPS_PROXY`` / ``HTTP_PROXY``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"


# --- Claude Code ----------------------------------------------------------------------------------


def claude_binary() -> Path | None:
    """Claude Code's ``claude``: ``$AUTHLINT_CLAUDE``, else the one in the clients folder."""
    configured = os.environ.get("AUTHLINT_CLAUDE")
    path = (
        Path(configured)
        if configured
        else CLIENTS_DIR / "claude" / "node_modules" / ".bin" / "claude"
    )
    return path if path.exists() else None


def require_claude() -> Path:
    """The ``claude`` binary, or skip (fail under ``AUTHLINT_REQUIRE_CLIENTS=1``)."""
    found = claude_binary()
    if found is None:
        message = (
            "Claude Code not installed: npm install @anthropic-ai/claude-code@"
            f"{CLAUDE_VERSION} in {CLIENTS_DIR / 'claude'} (or set AUTHLINT_CLAUDE)"
        )
        if REQUIRE:
            pytest.fail(f"AUTHLINT_REQUIRE_CLIENTS=1 but {message}")
        pytest.skip(message)
    return found


def run_claude(
    binary: Path, env: dict[str, str], cwd: Path, launch: str
) -> subprocess.CompletedProcess[str]:
    """``<launch> 'claude -p hi'`` in ``cwd`` (e.g. ``bash -ic``), no terminal, no stdin."""
    program, *flags = launch.split()
    return subprocess.run(
        [require_program(program), *flags, f"{shlex.quote(str(binary))} -p hi"],
        cwd=cwd,
        env={**env, **CLAUDE_ENV},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


# --- one run: prediction, findings, real client ------------------------------------------------


@dataclass
class Observation:
    """What the real client did: its outcome line (SDK) or output (Claude), and both logs."""

    outcome: str
    returncode: int
    requests: list[LoggedRequest]
    outside: list[Outside]


@dataclass
class Run:
    """One scenario, run once: the prediction, the findings and the observation."""

    predicted: list[Outcome]
    codes: set[tuple[str, str, int]]
    observed: Observation
    values: dict[str, str]
    base_url: str
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


_RUNS: dict[str, Run] = {}


def _values(fake: FakeAnthropic) -> dict[str, str]:
    """Placeholder label → value (credentials built at run time, the fake's URL)."""
    return {
        "KEY": KEY,
        "QKEY": f'"{KEY}"',
        "KEY80": KEY[:80],
        "STALE": STALE,
        "GW": GATEWAY,
        "OAUTH": OAUTH,
        "REFRESH": keys.refresh_token("outcome-refresh"),
        "EXPIRES": str(int(time.time() * 1000) + 3_600_000),
        "BASE": fake.base_url,
    }


def _write(scenario: OutcomeScenario, home: Path, project: Path, values: dict[str, str]) -> None:
    home.mkdir(parents=True)
    project.mkdir(parents=True)
    for name, text in scenario.files.items():
        path = home / name[2:] if name.startswith("~/") else project / name
        for label, value in values.items():
            text = text.replace(f"<<{label}>>", value)
        assert "<<" not in text, f"{scenario.id}: {name} has an unknown placeholder"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _neutral_environment() -> Iterator[None]:
    """Hide this process's ANTHROPIC_* / CLAUDE_* variables from the in-process CLI."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    for name in saved:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(saved)


def _model_codes(home: Path, project: Path) -> set[tuple[str, str, int]]:
    """The model-level findings of ``authlint check PROJECT --home HOME`` (files keyed as in
    the table)."""
    out = io.StringIO()
    argv = ["check", str(project), "--home", str(home), "--platform", "linux"]
    with _neutral_environment(), contextlib.redirect_stdout(out):
        status = main([*argv, "--format", "json", "--exit-zero"])
    assert status == 0, redact(out.getvalue()[-2000:])
    found = set()
    for finding in json.loads(out.getvalue()):
        if finding["code"] not in MODEL_CODES:
            continue
        path = Path(str(finding["filename"]))
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if path.is_relative_to(home.resolve()):
            name = "~/" + path.relative_to(home.resolve()).as_posix()
        else:
            name = path.relative_to(project.resolve()).as_posix()
        found.add((str(finding["code"]), name, int(finding["location"]["row"])))
    return found


def _observe(
    scenario: OutcomeScenario,
    env: dict[str, str],
    project: Path,
    fake: FakeAnthropic,
    sink: OutsideSink,
) -> Observation:
    if scenario.client == CLAUDE:
        result = run_claude(require_claude(), env, project, scenario.launch)
        text = redact(result.stdout + "\n" + result.stderr)
        for secret in (KEY, STALE, GATEWAY, OAUTH):
            assert secret not in text
        outcome, returncode = text, result.returncode
    else:
        client = require_client(scenario.client)
        app = project / ("app.mjs" if client.language == "node" else "app.py")
        raw, result = run_client(client, app, env, project, scenario.launch)
        outcome, returncode = str(raw["outcome"]), result.returncode
    return Observation(outcome, returncode, fake.api_requests(), list(sink.seen))


def _execute(scenario: OutcomeScenario, folder: Path) -> Run:
    if scenario.client == CLAUDE:
        require_claude()
    else:
        require_client(scenario.client)
    require_program(scenario.launch.split()[0])
    started = time.monotonic()
    fake = FakeAnthropic(replace(FAKE_CONFIGS["default"], auth_before_404=True)).start()
    sink = OutsideSink().start()
    base_url = fake.base_url
    try:
        values = _values(fake)
        home, project = folder / "home", folder / "project"
        _write(scenario, home, project, values)
        model = build_model(project, home, Platform.LINUX, environ={})
        predicted = [o for o in outcomes(model) if o.name == scenario.context]
        codes = _model_codes(home, project)
        base = fake.base_url if scenario.base == "launcher" else None
        env = scratch_env(home, base, sink.url)
        observed = _observe(scenario, env, project, fake, sink)
    finally:
        sink.stop()
        fake.stop()
    return Run(predicted, codes, observed, values, base_url, time.monotonic() - started)


def _run(scenario: OutcomeScenario, factory: pytest.TempPathFactory) -> Run:
    """The scenario's run, made once per session (both tests read it)."""
    if scenario.id not in _RUNS:
        _RUNS[scenario.id] = _execute(scenario, factory.mktemp(scenario.id))
    return _RUNS[scenario.id]


# --- what the real client did, against the table ----------------------------------------------


def _seen_headers(observed: Observation) -> set[tuple[str, str]] | None:
    """``{(header, masked value)}`` of the last request that carried headers (None: none)."""
    if observed.requests:
        last = observed.requests[-1]
        seen = set()
        if last.x_api_key is not None:
            seen.add(("x-api-key", last.x_api_key.masked))
        if last.authorization is not None:
            seen.add(("Authorization", last.authorization.masked))
        return seen
    for entry in observed.outside:
        if entry.method != "CONNECT":
            seen = set()
            if entry.x_api_key is not None:
                seen.add(("x-api-key", entry.x_api_key))
            if entry.authorization is not None:
                seen.add(("Authorization", entry.authorization))
            return seen
    return None


SDK_NO_REQUEST = ("no-credential", "header-refused", "bad-url")


def _real_problems(scenario: OutcomeScenario, run: Run) -> list[str]:
    """How the real client's behaviour differs from the table (a harness or table error)."""
    seen = run.observed
    requests, outside = seen.requests, seen.outside
    claude = scenario.client == CLAUDE
    status = requests[-1].status if requests else None
    kind = scenario.kind
    problems = []
    if kind is OutcomeKind.WORKS:
        ok = status == 200 and (seen.returncode == 0 if claude else seen.outcome == "ok")
    elif kind is OutcomeKind.REJECTED:
        ok = status == 401 and (seen.returncode != 0 if claude else seen.outcome[:4] == "401 ")
    elif kind is OutcomeKind.NOT_FOUND:
        ok = status == 404 and requests[-1].path.endswith("/v1/v1/messages")
    elif kind is OutcomeKind.NO_REQUEST:
        ok = not requests and not outside and (claude or seen.outcome in SDK_NO_REQUEST)
    elif kind is OutcomeKind.LOGIN_PROMPT:
        ok = claude and not requests and not outside and "Not logged in" in seen.outcome
    elif kind is OutcomeKind.FOREIGN_HOST:
        ok = not requests and scenario.outside_host in {o.host for o in outside}
    elif kind is OutcomeKind.FRAGILE:
        ok = bool(requests) and requests[-1].both_headers
    else:  # UNKNOWN: the request reached the local proxy (the fake), which decides
        ok = bool(requests)
    if not ok:
        problems.append(
            f"the table says {kind.name}; the client ended with {seen.outcome[-300:]!r} "
            f"(rc {seen.returncode}), fake statuses {[r.status for r in requests]}, "
            f"outside {[(o.method, o.host) for o in outside]}"
        )
    headers = _seen_headers(seen)
    expected = {(name, mask_secret(run.values[label])) for name, _, label in scenario.headers}
    if headers is not None and headers != expected:
        problems.append(f"the table says headers {sorted(expected)}, the client sent {headers}")
    return problems


# --- the prediction, against the real client ----------------------------------------------------


def _message_problem(scenario: OutcomeScenario, outcome: Outcome, seen: Observation) -> str | None:
    """Whether the predicted ``message`` is what the real client printed."""
    message = outcome.message
    kind = outcome.kind
    if kind in (OutcomeKind.FRAGILE, OutcomeKind.FOREIGN_HOST, OutcomeKind.UNKNOWN):
        return None
    if scenario.client == CLAUDE:
        if kind is OutcomeKind.WORKS:
            return None if REPLY in seen.outcome else f"no reply in {seen.outcome[-300:]!r}"
        parts = [p.strip() for p in message.split("…") if p.strip()]
        missing = [p for p in parts if p not in seen.outcome]
        return f"{missing} not in Claude Code's output {seen.outcome[-300:]!r}" if missing else None
    if kind is OutcomeKind.WORKS:
        wanted = "ok"
    elif kind is OutcomeKind.REJECTED:
        wanted = "401 " + message.rpartition("(")[2].rstrip(")")
    elif kind is OutcomeKind.NOT_FOUND:
        wanted = "404 Not Found"
    elif "Could not resolve authentication method" in message:
        wanted = "no-credential"
    elif "base URL" in message:
        wanted = "bad-url"
    else:
        wanted = "header-refused"
    if seen.outcome != wanted:
        return f"predicted message {message!r} means {wanted!r}, the client: {seen.outcome!r}"
    return None


def _prediction_problems(scenario: OutcomeScenario, run: Run) -> list[str]:
    """How the model's prediction differs from what the real client did."""
    if len(run.predicted) != 1:
        return [f"{len(run.predicted)} outcomes named {scenario.context!r}"]
    outcome = run.predicted[0]
    problems = []
    if outcome.shell != scenario.shell:
        problems.append(f"the model assumed the shell {outcome.shell!r}")
    if outcome.kind is not scenario.kind:
        problems.append(
            f"predicted {outcome.kind.name} ({outcome.message!r}), the client: "
            f"{scenario.kind.name}; steps: {list(outcome.steps)}"
        )
    predicted = sorted((h.name, h.source) for h in outcome.headers)
    real = sorted((name, source) for name, source, _ in scenario.headers)
    if predicted != real:
        problems.append(f"predicted headers {predicted}, the client sent {real}")
    labels = {(name, source): label for name, source, label in scenario.headers}
    for header in outcome.headers:
        label = labels.get((header.name, header.source))
        definition = header.definition
        if label is None or header.source in (HELPER, LOGIN):
            continue
        value = None if definition is None else definition.value
        if value is None or value.strip() != run.values[label].strip():
            problems.append(f"predicted {header.name} from a definition that is not <<{label}>>")
    message = _message_problem(scenario, outcome, run.observed)
    if message is not None:
        problems.append(message)
    return problems


def _url_problems(scenario: OutcomeScenario, run: Run) -> list[str]:
    """How the predicted URL differs from where the real client sent the request."""
    if len(run.predicted) != 1:
        return [f"{len(run.predicted)} outcomes named {scenario.context!r}"]
    outcome = run.predicted[0]
    problems = []
    url = urlsplit(outcome.url)
    requests = run.observed.requests
    if requests:
        if url.path != requests[-1].path:
            problems.append(f"predicted path {url.path}, the client sent {requests[-1].path}")
        host = "https://api.anthropic.com" if scenario.base == "launcher" else run.base_url
        if f"{url.scheme}://{url.netloc}" != host:
            problems.append(f"predicted a request to {url.netloc}, expected {host}")
    if scenario.outside_host is not None and url.hostname != scenario.outside_host:
        problems.append(
            f"predicted host {url.hostname}, the client went to {scenario.outside_host}"
        )
    return problems


def _cases(aspect: str) -> list[object]:
    cases: list[object] = []
    for scenario in SCENARIOS:
        bug = scenario.bugs.get(aspect)
        marks = (
            [pytest.mark.xfail(strict=True, raises=OutcomeDisagreement, reason=bug)] if bug else []
        )
        cases.append(pytest.param(scenario, id=scenario.id, marks=marks))
    return cases


@pytest.mark.parametrize("scenario", _cases("outcome"))
def test_predicted_outcome_matches_real_client(
    scenario: OutcomeScenario, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run = _run(scenario, tmp_path_factory)
    real = _real_problems(scenario, run)
    assert real == [], f"{scenario.id}: the real client does not do what the table says: {real}"
    problems = _prediction_problems(scenario, run)
    if problems:
        raise OutcomeDisagreement(f"{scenario.id} [{scenario.context}]: " + "; ".join(problems))


@pytest.mark.parametrize("scenario", _cases("url"))
def test_predicted_url_matches_real_client(
    scenario: OutcomeScenario, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run = _run(scenario, tmp_path_factory)
    real = _real_problems(scenario, run)
    assert real == [], f"{scenario.id}: the real client does not do what the table says: {real}"
    problems = _url_problems(scenario, run)
    if problems:
        raise OutcomeDisagreement(f"{scenario.id} [{scenario.context}]: " + "; ".join(problems))


@pytest.mark.parametrize("scenario", _cases("rules"))
def test_model_level_findings_match_real_client(
    scenario: OutcomeScenario, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run = _run(scenario, tmp_path_factory)
    real = _real_problems(scenario, run)
    assert real == [], f"{scenario.id}: the real client does not do what the table says: {real}"
    expected = set(scenario.codes)
    if run.codes != expected:
        raise OutcomeDisagreement(
            f"{scenario.id}: authlint reported {sorted(run.codes)}, the table (checked against "
            f"the real client) says {sorted(expected)}"
        )


def test_every_outcome_class_and_model_rule_is_shown() -> None:
    kinds = {s.kind for s in SCENARIOS}
    assert kinds == set(OutcomeKind), f"no scenario for {set(OutcomeKind) - kinds}"
    codes = {code for s in SCENARIOS for code, _, _ in s.codes}
    assert MODEL_CODES - codes == set(NOT_SHOWN), sorted(MODEL_CODES - codes)


def test_claude_code_version_is_the_observed_one(tmp_path: Path) -> None:
    binary = require_claude()
    result = subprocess.run(
        [str(binary), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)},
        stdin=subprocess.DEVNULL,
    )
    assert result.stdout.split()[:1] == [CLAUDE_VERSION], result.stdout
