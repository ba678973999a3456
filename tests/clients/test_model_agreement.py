"""The environment model against real shells and dotenv loaders (issues 4 and 6).

For every scenario in :mod:`model_scenarios` and every context it lists, the
files are written into a scratch HOME and a separate project folder, then:

1. the real client runs: ``env -i HOME=<home> PATH=/usr/bin:/bin TERM=dumb
   <shell> <flags> 'printenv -0'`` (``-ic`` for a Linux terminal, ``-lic`` for
   a macOS one, ``-c`` for a non-interactive shell); a program context takes
   the environment its platform's terminal printed and runs the program with
   it in the project (``python app/main.py`` with python-dotenv, ``node app.js``
   with Node ``dotenv``, the ``package.json`` script ``node --env-file=…``);
   the value it gets must be the one the table names, which proves the table;
2. the model (``collect`` → ``EnvironmentModel`` → ``resolve``) must predict
   that value, and its winning definition must be the file and line the
   value was written on (every placeholder is written once).

A case where the model disagrees raises :class:`ModelDisagreement` and is a
strict xfail when the scenario lists the disagreement; any other failure
(the real client not doing what the table says) fails.

The last test runs issue 6's "must show" end to end: AL901 on a fresh ``.env``
key that a stale ``~/.bashrc`` export shadows, a 401 from the fake with the
real SDK, and after AL609's fix (``override=True``) a 200 and no AL901.

bash, zsh, Node and Node ``dotenv`` come from ``.ci/install-clients.sh``; a
missing one is skipped, or fails under ``AUTHLINT_REQUIRE_CLIENTS=1``.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from client_harness import (
    FAKE_CONFIGS,
    KEY,
    STALE,
    require_client,
    require_program,
    run_client,
    scratch_env,
)
from client_scenarios import B401, NO_CREDENTIAL, OK
from model_scenarios import (
    EMPTY,
    PLACEHOLDER,
    PYPROJECT,
    SCENARIOS,
    TERMINAL_FLAGS,
    ModelScenario,
)

import keys
from authlint.core.context import Platform
from authlint.core.environment import EnvironmentModel, Resolution, Workspace
from authlint.core.secrets import mask, redact
from authlint.model import collect
from fakeapi import FakeAnthropic

VARIABLE = "ANTHROPIC_API_KEY"
ENV_MARKER = b"AUTHLINT-ENV\0"
VALUE_MARKER = "AUTHLINT-VALUE "
SCRUBBED_PATH = "PATH=/usr/bin:/bin"
REPORT_PY = (
    f'\nimport json, os\nprint("{VALUE_MARKER}" + json.dumps(os.environ.get("{VARIABLE}")))\n'
)
REPORT_JS = f"\nconsole.log('{VALUE_MARKER}' + JSON.stringify(process.env.{VARIABLE} ?? null));\n"


class ModelDisagreement(AssertionError):
    """The model's prediction differs from what the real client got."""


def key_for(label: str) -> str:
    """The value written for ``<<label>>``: a distinct valid-shaped key, or ``""`` for EMPTY."""
    return "" if label == EMPTY else keys.api_key(f"model-agreement-{label.lower()}")


def shown(value: str | None) -> str:
    """A value for a message: masked, or ``unset`` / ``empty``."""
    if value is None:
        return "unset"
    return "empty" if value == "" else mask(value)


def write_scenario(scenario: ModelScenario, home: Path, project: Path) -> None:
    """Write the scenario's files (placeholders filled in, report lines appended to programs)."""
    home.mkdir(parents=True)
    project.mkdir(parents=True)
    labels = scenario.labels()
    assert len(labels) == len(set(labels)), f"{scenario.id}: a placeholder is written twice"
    for name, text in scenario.files.items():
        path = home / name[2:] if name.startswith("~/") else project / name
        filled = PLACEHOLDER.sub(lambda m: key_for(m.group(1)), text)
        if path.suffix == ".py":
            filled += REPORT_PY
        elif path.suffix == ".js":
            filled += REPORT_JS
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(filled, encoding="utf-8")


def shell_environment(shell: str, flags: str, home: Path) -> dict[str, str]:
    """The exported environment ``<shell> <flags>`` gives a child, started in ``home``."""
    program = require_program(shell)
    command = "printf 'AUTHLINT-ENV\\0'; printenv -0"
    argv = ["/usr/bin/env", "-i", f"HOME={home}", SCRUBBED_PATH, "TERM=dumb"]
    result = subprocess.run(
        [*argv, program, flags, command],
        cwd=home,
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    stderr = redact(result.stderr.decode("utf-8", "replace"))
    assert ENV_MARKER in result.stdout, f"{shell} {flags}: rc={result.returncode}\n{stderr}"
    environment = {}
    for item in result.stdout.split(ENV_MARKER, 1)[1].split(b"\0"):
        name, equals, value = item.decode("utf-8", "surrogateescape").partition("=")
        if equals:
            environment[name] = value
    return environment


def program_argv(context: str, project: Path) -> list[str]:
    """How the context's program is started in ``project``."""
    if context.startswith("python:"):
        return [sys.executable, context.partition(":")[2]]
    node = require_program("node")
    if context == "node:app.js":
        modules = require_client("ts1").node_modules  # Node dotenv lives there
        assert modules is not None
        (project / "node_modules").symlink_to(modules, target_is_directory=True)
        return [node, "app.js"]
    # The package.json script, run the way `npm start` runs it, without npm.
    script = json.loads((project / "package.json").read_text())["scripts"]["start"]
    words = shlex.split(script)
    assert words[0] == "node" and context == "node:" + " ".join(words[1:-1]), script
    return [node, *words[1:]]


def observe(scenario: ModelScenario, context: str, home: Path, project: Path) -> str | None:
    """The value of ``ANTHROPIC_API_KEY`` the real client of ``context`` gets."""
    if context in TERMINAL_FLAGS:
        return shell_environment(scenario.shell, TERMINAL_FLAGS[context], home).get(VARIABLE)
    terminal = "macos-terminal" if scenario.platform == "macos" else "linux-terminal"
    environment = shell_environment(scenario.shell, TERMINAL_FLAGS[terminal], home)
    result = subprocess.run(
        program_argv(context, project),
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(VALUE_MARKER)]
    assert lines, f"{context}: rc={result.returncode}\n{redact(result.stderr[-2000:])}"
    value: str | None = json.loads(lines[-1][len(VALUE_MARKER) :])
    return value


def model_platform(scenario: ModelScenario, context: str) -> Platform:
    """The platform the model is asked about for ``context``."""
    if context == "linux-terminal":
        return Platform.LINUX
    if context == "macos-terminal":
        return Platform.MACOS
    return Platform(scenario.platform)


def predict(
    scenario: ModelScenario, context: str, home: Path, project: Path
) -> tuple[Resolution, Workspace]:
    """The model's resolution of ``ANTHROPIC_API_KEY`` in the context named ``context``."""
    workspace = collect(project, home, model_platform(scenario, context), shell=scenario.shell)
    model = EnvironmentModel(workspace)
    found = [c for c in model.contexts() if c.name == context]
    if len(found) != 1:
        names = [c.name for c in model.contexts()]
        raise ModelDisagreement(f"{scenario.id}: the model has no context {context!r}: {names}")
    return model.resolve(found[0], VARIABLE), workspace


def _cases() -> list[object]:
    cases = []
    for scenario in SCENARIOS:
        for context in scenario.expect:
            bug = (scenario.model_bug or {}).get(context)
            marks = [pytest.mark.xfail(strict=True, raises=ModelDisagreement, reason=bug)]
            case_id = f"{scenario.id}[{context}]"
            cases.append(pytest.param(scenario, context, id=case_id, marks=marks if bug else ()))
    return cases


@pytest.mark.parametrize(("scenario", "context"), _cases())
def test_model_agrees_with_real_client(
    scenario: ModelScenario, context: str, tmp_path: Path
) -> None:
    home, project = tmp_path / "home", tmp_path / "project"
    write_scenario(scenario, home, project)
    label = scenario.expect[context]
    expected = None if label is None else key_for(label)
    where = f"{scenario.id} [{context}]"

    real = observe(scenario, context, home, project)
    assert real == expected, (
        f"{where}: the real client got {shown(real)}, the table says {shown(expected)} ({label})"
    )

    resolution, workspace = predict(scenario, context, home, project)
    source = resolution.value_from or resolution.winner
    predicted_at = None if source is None else (workspace.display(source.path), source.line)
    real_at = None if label is None else scenario.location(label)
    if resolution.value != real or predicted_at != real_at:
        raise ModelDisagreement(
            f"{where}: the model predicts {shown(resolution.value)} from {predicted_at}, the "
            f"real client got {shown(real)}, written at {real_at}"
        )


# --- AL901 (issue 6 "must show") and AL903, end to end ------------------------------------


REQUEST = (
    "client = anthropic.Anthropic(max_retries=0)\n"
    'client.messages.create(model="claude-opus-4-8", max_tokens=16, '
    'messages=[{"role": "user", "content": "hi"}])\n'
)


def _authlint(
    home: Path, project: Path, *extra: str, platform: str = "linux"
) -> tuple[list[dict[str, object]], str]:
    """``authlint check --platform P --home HOME PROJECT --format json``, a bash user's."""
    argv = [sys.executable, "-m", "authlint", "check", "--platform", platform, "--home", str(home)]
    result = subprocess.run(
        [*argv, str(project), "--format", "json", "--exit-zero", *extra],
        cwd=project.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "SHELL": "/bin/bash", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, redact(result.stderr[-2000:])
    return json.loads(result.stdout), result.stdout + result.stderr


def _at(findings: list[dict[str, object]], code: str, cwd: Path) -> list[tuple[Path, int]]:
    found = []
    for finding in findings:
        if finding["code"] == code:
            location = finding["location"]
            assert isinstance(location, dict)
            found.append(((cwd / str(finding["filename"])).resolve(), int(location["row"])))
    return found


def test_al901_stale_bashrc_key_shadows_dotenv_until_override(tmp_path: Path) -> None:
    client = require_client("py2")
    require_program("bash")
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    project.mkdir()
    (home / ".bashrc").write_text(f"export ANTHROPIC_API_KEY={STALE}\n")
    dotenv = project / ".env"
    dotenv.write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    (project / "pyproject.toml").write_text(PYPROJECT)
    app = project / "app.py"
    app.write_text("from dotenv import load_dotenv\nimport anthropic\n\nload_dotenv()\n" + REQUEST)
    fake = FakeAnthropic(FAKE_CONFIGS["default"]).start()
    try:
        env = scratch_env(home, fake.base_url, fake.proxy_url)
        findings, output = _authlint(home, project)
        assert _at(findings, "AL901", tmp_path) == [(dotenv.resolve(), 1)], output[-2000:]
        assert _at(findings, "AL609", tmp_path) == [(app.resolve(), 4)]
        outcome, _ = run_client(client, app, env, project, "bash -ic")
        assert outcome["outcome"] == B401
        assert [r.status for r in fake.api_requests()] == [401]

        _, fix_output = _authlint(home, project, "--fix", "--unsafe-fixes")
        assert "load_dotenv(override=True)" in app.read_text()
        findings, after_output = _authlint(home, project)
        assert _at(findings, "AL901", tmp_path) == []
        fake.clear()
        outcome, _ = run_client(client, app, env, project, "bash -ic")
        assert outcome["outcome"] == OK
        assert [r.status for r in fake.api_requests()] == [200]
    finally:
        fake.stop()
    for text in (output, fix_output, after_output):
        assert KEY not in text and STALE not in text


def test_al903_key_only_in_bashrc_is_missing_in_a_macos_login_bash(tmp_path: Path) -> None:
    client = require_client("py2")
    require_program("bash")
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    project.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_text(f"export ANTHROPIC_API_KEY={KEY}\n")
    (project / "pyproject.toml").write_text(PYPROJECT)
    app = project / "app.py"
    app.write_text("import anthropic\n\n" + REQUEST)
    fake = FakeAnthropic(FAKE_CONFIGS["default"]).start()
    try:
        env = scratch_env(home, fake.base_url, fake.proxy_url)
        findings, output = _authlint(home, project, platform="macos")
        assert _at(findings, "AL903", tmp_path) == [(bashrc.resolve(), 1)], output[-2000:]
        outcome, _ = run_client(client, app, env, project, "bash -lic")  # Terminal.app
        assert outcome["outcome"] == NO_CREDENTIAL
        assert fake.api_requests() == []

        (home / ".bash_profile").write_text("[ -f ~/.bashrc ] && . ~/.bashrc\n")  # the remedy
        findings, after_output = _authlint(home, project, platform="macos")
        assert _at(findings, "AL903", tmp_path) == []
        outcome, _ = run_client(client, app, env, project, "bash -lic")
        assert outcome["outcome"] == OK
        assert [r.status for r in fake.api_requests()] == [200]
    finally:
        fake.stop()
    assert KEY not in output and KEY not in after_output
