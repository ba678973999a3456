"""authlint's predictions against real clients (issue 6): one parametrised test over the table.

For every scenario in :mod:`client_scenarios` and every client it lists:
authlint (the real CLI, in process) reports exactly the scenario's codes on
its files; the real client, started from a scrubbed environment in a scratch
HOME (through ``bash -ic`` / ``zsh -ic`` when the scenario says so), has the
predicted outcome against the fake Anthropic API; and after
``authlint check --fix --unsafe-fixes`` the same run has the ``after`` outcome.
The fake's request log is checked against each outcome, so a client that
never reached the fake cannot pass as a 401 or a 200.

Clients that are not installed are skipped, unless ``AUTHLINT_REQUIRE_CLIENTS=1``
(CI), where that fails. Install them with ``.ci/install-clients.sh``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from client_harness import (
    CLIENTS,
    FAKE_CONFIGS,
    FORBIDDEN,
    GATEWAY,
    KEY,
    OAUTH,
    STALE,
    Client,
    require_client,
    require_program,
    run_client,
    scratch_env,
)
from client_scenarios import NOT_RUNNABLE, PROBE, PROBE_DOTENV, SCENARIOS, Scenario
from outcome_scenarios import SCENARIOS as OUTCOME_SCENARIOS

import keys
from authlint.cli import main
from authlint.rules import all_rules
from fakeapi import FakeAnthropic

WORKERS = 4

PROBES = {
    (PROBE, "python"): "import anthropic\n"
    "client = anthropic.Anthropic(max_retries=0)\n"
    'client.messages.create(model="claude-opus-4-8", max_tokens=16, '
    'messages=[{"role": "user", "content": "hi"}])\n',
    (PROBE_DOTENV, "python"): "from dotenv import load_dotenv\nimport anthropic\n"
    "load_dotenv()\n"
    "client = anthropic.Anthropic(max_retries=0)\n"
    'client.messages.create(model="claude-opus-4-8", max_tokens=16, '
    'messages=[{"role": "user", "content": "hi"}])\n',
    (PROBE, "node"): "import Anthropic from '@anthropic-ai/sdk';\n"
    "const client = new Anthropic({ maxRetries: 0 });\n"
    "await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 16, "
    "messages: [{ role: 'user', content: 'hi' }] });\n",
    (PROBE_DOTENV, "node"): "import dotenv from 'dotenv';\n"
    "import Anthropic from '@anthropic-ai/sdk';\n"
    "dotenv.config({ quiet: true });\n"
    "const client = new Anthropic({ maxRetries: 0 });\n"
    "await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 16, "
    "messages: [{ role: 'user', content: 'hi' }] });\n",
}

AUTHLINT_LOCK = threading.Lock()  # the CLI runs in process; it writes to sys.stdout


def _substitutions(fake: FakeAnthropic, strict: FakeAnthropic) -> dict[str, str]:
    return {
        "<<KEY80>>": KEY[:80],
        "<<KEY40>>": KEY[:40],
        "<<KEYREST>>": KEY[40:],
        "<<KEY>>": KEY,
        "<<STALE>>": STALE,
        "<<GW>>": GATEWAY,
        "<<OAUTH>>": OAUTH,
        "<<ADMIN>>": keys.admin_key("scenario-admin"),
        "<<OPENAI>>": keys.openai_key("scenario-openai"),
        "<<STRICT_BASE>>": strict.base_url,
        "<<BASE>>": fake.base_url,
        "<<HOSTPORT>>": f"127.0.0.1:{fake.port}",
    }


def _fill(text: str | bytes, values: dict[str, str]) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    for placeholder, value in values.items():
        data = data.replace(placeholder.encode(), value.encode())
    assert b"<<" not in data, data[:60]
    return data


def _codes(paths: list[Path], *extra: str) -> list[str]:
    """Codes ``authlint check`` (the real CLI, in process) reports on ``paths``."""
    out = io.StringIO()
    with AUTHLINT_LOCK, contextlib.redirect_stdout(out):
        status = main(
            ["check", *map(str, paths), "--no-home", "--platform", "linux", "--exit-zero"]
            + ["--format", "json", *extra]
        )
    assert status == 0, out.getvalue()
    return sorted(finding["code"] for finding in json.loads(out.getvalue()))


def _normalise(outcome: dict[str, object], fake: FakeAnthropic) -> str:
    """The outcome string; an attempt to reach an outside host names the host."""
    text = str(outcome["outcome"])
    outside = [r.target for r in fake.proxied() if r.target]
    if outside and text in ("connection-error", "error ProxyError"):
        host = outside[0]
        return "outside " + (host[: -len(":443")] if host.endswith(":443") else host)
    return text


def _log_problem(outcome: str, fake: FakeAnthropic) -> str | None:
    """Why the fake's log disagrees with the outcome (the client did or did not reach it)."""
    requests = fake.api_requests()
    if outcome == "ok" or outcome[:3].isdigit():
        if not requests:
            return f"outcome {outcome!r} but the fake saw no request"
        expected = 200 if outcome == "ok" else int(outcome[:3])
        if requests[-1].status != expected:
            return f"outcome {outcome!r} but the fake answered {requests[-1].status}"
    elif requests:
        return f"outcome {outcome!r} but the fake saw {len(requests)} request(s)"
    return None


@dataclass
class Run:
    """What happened to one (scenario, client) pair."""

    codes: list[str] = field(default_factory=list)
    before: str | None = None
    after: str | None = None
    remaining: list[str] | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: BaseException | None = None


def _run_case(scenario: Scenario, client: Client, folder: Path) -> Run:
    run = Run()
    started = time.monotonic()
    default = FakeAnthropic(FAKE_CONFIGS["default"]).start()
    strict = FakeAnthropic(FAKE_CONFIGS["strict"]).start()
    try:
        fake = strict if scenario.server == "strict" else default
        values = _substitutions(default, strict)
        home = folder / "home"
        project = home / "proj"
        project.mkdir(parents=True)
        paths = []
        for name, text in scenario.files.items():
            path = home / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_fill(text, values))
            assert not any(v.encode() in path.read_bytes() for v in FORBIDDEN)
            paths.append(path)
        suffix = ".mjs" if client.language == "node" else ".py"
        if (scenario.app, client.language) in PROBES:
            app = project / ("probe" + suffix)
            app.write_text(PROBES[(scenario.app, client.language)])
        else:
            app = project / (scenario.app + suffix)
            assert app.exists(), f"no {app.name} for {client.name}"
        run.codes = _codes(paths)
        env = scratch_env(home, fake.base_url if scenario.base_in_env else None, fake.proxy_url)
        raw, result = run_client(client, app, env, project, scenario.shell)
        run.before = _normalise(raw, fake)
        problem = _log_problem(run.before, fake)
        if problem:
            run.problems.append(f"before: {problem}; stderr: {result.stderr[-600:]}")
        if scenario.after is not None:
            run.remaining = _codes(paths, "--fix", "--unsafe-fixes")
            fake.clear()
            raw, result = run_client(client, app, env, project, scenario.shell)
            run.after = _normalise(raw, fake)
            problem = _log_problem(run.after, fake)
            if problem:
                run.problems.append(f"after: {problem}; stderr: {result.stderr[-600:]}")
    except BaseException as error:  # noqa: BLE001 - re-raised by the test for this case
        run.error = error
    finally:
        default.stop()
        strict.stop()
    run.seconds = time.monotonic() - started
    return run


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    """Every (scenario, installed client) pair, run once, four at a time."""
    for name in list(os.environ):
        if name.startswith(("ANTHROPIC_", "CLAUDE_")):
            os.environ.pop(name)  # authlint's context reads the environment; keep it neutral
    jobs = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for scenario in SCENARIOS:
            for name in scenario.before:
                client = CLIENTS[name]
                if client.missing() is not None:
                    continue
                if scenario.shell and shutil.which(scenario.shell.split()[0]) is None:
                    continue
                folder = tmp_path_factory.mktemp(f"{scenario.id}-{name}")
                jobs[(scenario.id, name)] = pool.submit(_run_case, scenario, client, folder)
    return {key: job.result() for key, job in jobs.items()}


def _cases() -> list[object]:
    cases = []
    for scenario in SCENARIOS:
        for client in scenario.before:
            cases.append(pytest.param(scenario, client, id=f"{scenario.id}[{client}]"))
    return cases


@pytest.mark.parametrize(("scenario", "client_name"), _cases())
def test_prediction_matches_real_client(
    scenario: Scenario, client_name: str, runs: dict[tuple[str, str], Run]
) -> None:
    require_client(client_name)
    if scenario.shell:
        require_program(scenario.shell.split()[0])
    run = runs[(scenario.id, client_name)]
    if run.error is not None:
        raise run.error
    where = f"{scenario.id}[{client_name}]"
    assert run.codes == sorted(scenario.codes), f"{where}: authlint reported {run.codes}"
    assert run.before == scenario.before[client_name], (
        f"{where}: authlint predicts {scenario.before[client_name]!r}, the real client did "
        f"{run.before!r}"
    )
    if scenario.after is not None:
        assert run.remaining is not None and scenario.rule not in run.remaining, (
            f"{where}: the fix left {run.remaining}"
        )
        if scenario.after_codes is not None:
            assert run.remaining == sorted(scenario.after_codes)
        assert run.after == scenario.after[client_name], (
            f"{where}: after the fix, predicted {scenario.after[client_name]!r}, the real "
            f"client did {run.after!r}"
        )
    assert run.problems == [], f"{where}: {run.problems}"


# Rules whose claim is not "this request will fail": leaks, and information.
NOT_A_FAILURE = {
    "AL501": "leak (committable secret)",
    "AL502": "leak (.env not ignored)",
    "AL601": "leak (key in code); the request works",
    "AL606": "leak (key in a browser bundle)",
    "AL702": "leak (workspace settings)",
    "AL708": "leak (devcontainer.json)",
    "AL710": "leak (compose file)",
    "AL802": "leak (project Claude settings)",
    "AL806": "risk (project apiKeyHelper); no failure claimed",
    "AL811": "leak (~/.claude.json committable)",
    "AL814": "leak (credentials file mode)",
    "AL503": "leak (secret kept in a Claude Code permission rule)",
    "AL111": "the request works with the static key; federation is bypassed",
    "AL312": "security (TLS verification off); requests work",
    "AL413": "info (a router drops custom headers)",
    "AL506": "leak (key in a Claude Code transcript)",
    "AL507": "leak (key in a notebook)",
    "AL508": "leak (Streamlit secrets committable)",
    "AL611": "leak (key in a public build variable)",
    "AL723": "exposure (key in a systemd unit's Environment=)",
    "AL725": "leak (key in a ConfigMap)",
    "AL726": "leak (Secret manifest committable)",
    "AL911": "info (a unit hands Claude Code an API key)",
    "AL912": "info (running programs need a restart)",
    "AL913": "info (the project .env reaches Claude Code's Bash tool)",
    "AL701": "info",
    "AL704": "info",
    "AL705": "info",
}


def test_every_failure_rule_has_a_scenario_or_a_reason() -> None:
    # The model-level rules are checked against the real clients in test_outcome_agreement: the
    # codes each outcome scenario expects, and AL900, which restates the predicted outcome of
    # every failing scenario where no line rule reports the cause.
    covered = {s.rule for s in SCENARIOS} | {"AL900"}
    covered |= {code for s in OUTCOME_SCENARIOS for code, _, _ in s.codes}
    unrunnable = {
        code for codes, _, _ in NOT_RUNNABLE for code in codes.split() if code[:2] == "AL"
    }
    missing = sorted(
        rule.code
        for rule in all_rules()
        if rule.code not in covered
        and rule.code not in unrunnable
        and rule.code not in NOT_A_FAILURE
    )
    assert missing == [], f"rules that predict a failure but have no client scenario: {missing}"


@pytest.mark.parametrize(("codes", "reason", "source"), NOT_RUNNABLE)
def test_clients_that_cannot_run_here(codes: str, reason: str, source: str) -> None:
    pytest.skip(f"{codes}: {reason} (source: {source})")


def test_client_versions_are_the_pinned_ones() -> None:
    expected = {
        "py1": "anthropic 1.17.0",
        "py2": "anthropic 2.11.0",
        "ts0": "@anthropic-ai/sdk 0.137.0",
        "ts1": "@anthropic-ai/sdk 1.11.0",
    }
    for name, version in expected.items():
        assert require_client(name).version() == version
    assert set(CLIENTS) == set(expected)
