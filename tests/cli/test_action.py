"""``action.yml``: the composite GitHub Action, run step by step as the runner would.

Each ``run:`` step is executed with bash the way GitHub runs ``shell: bash`` steps
(``bash --noprofile --norc -eo pipefail``), its ``${{ … }}`` expressions replaced from
the inputs, ``github.action_path`` and earlier steps' outputs (``$GITHUB_OUTPUT``), in a
temporary git repository, with the real ``authlint``. ``uses:`` steps (setup-python)
are the runner's: their one output used here, the interpreter, is this test's Python.
The install step runs for real only where the package index can be reached; otherwise
it is replaced by this environment's installed ``authlint``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from project_copy import ROOT, copy_project, git_env, index_unreachable
from sarif_checks import artifact_uris, github_problems

import keys

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
KEY = keys.api_key()


def _action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return data


def _installed_authlint() -> str:
    found = Path(sys.executable).parent / "authlint"
    return str(found if found.exists() else shutil.which("authlint"))


class Runner:
    """Runs the action's steps in ``workspace`` as GitHub's runner would (see module doc)."""

    def __init__(self, tmp_path: Path, workspace: Path, action_path: Path = ROOT) -> None:
        self.tmp = tmp_path
        self.workspace = workspace
        self.context: dict[str, Any] = {
            "github": {"action_path": str(action_path)},
            "steps": {},
            "inputs": {},
        }
        self.env = git_env(tmp_path / "runner-home")
        (tmp_path / "runner-home").mkdir(exist_ok=True)
        self.env["RUNNER_TEMP"] = str(tmp_path / "runner-temp")
        (tmp_path / "runner-temp").mkdir(exist_ok=True)
        self.log: list[str] = []

    def value(self, text: str) -> str:
        def lookup(match: re.Match[str]) -> str:
            node: Any = self.context
            for part in match.group(1).split("."):
                node = node[part]  # a KeyError: the action reads something nobody sets
            return str(node)

        return EXPRESSION.sub(lookup, text)

    def run(self, inputs: dict[str, str], *, install: bool = False) -> int:
        """Run every step; return the status of the first failing one (0 when none fails)."""
        action = _action()
        self.context["inputs"] = {
            name: str(spec.get("default", "")) for name, spec in action["inputs"].items()
        }
        self.context["inputs"].update(inputs)
        for number, step in enumerate(action["runs"]["steps"]):
            step_id = step.get("id", f"step{number}")
            if "uses" in step:
                assert step["uses"].startswith("actions/setup-python@")
                self.context["steps"][step_id] = {"outputs": {"python-path": sys.executable}}
                continue
            if step_id == "install" and not install:
                authlint = _installed_authlint()
                self.context["steps"][step_id] = {"outputs": {"authlint": authlint}}
                continue
            status, outputs = self._run_step(step, step_id)
            self.context["steps"][step_id] = {"outputs": outputs}
            if status != 0:
                return status
        return 0

    def outputs(self) -> dict[str, str]:
        """The action's outputs, evaluated as the runner does after the last step."""
        return {name: self.value(spec["value"]) for name, spec in _action()["outputs"].items()}

    def _run_step(self, step: dict[str, Any], step_id: str) -> tuple[int, dict[str, str]]:
        assert step["shell"] == "bash"
        script = self.tmp / f"{step_id}.sh"
        script.write_text(self.value(step["run"]))
        output = self.tmp / f"{step_id}.out"
        output.write_text("")
        env = {**self.env, "GITHUB_OUTPUT": str(output)}
        env.update({k: self.value(str(v)) for k, v in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.log.append(f"--- {step_id}: {result.returncode}\n{result.stdout}{result.stderr}")
        outputs = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        return result.returncode, outputs


def _repository(tmp_path: Path, env_text: str) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, env=git_env(tmp_path), check=True)
    (repo / "app").mkdir()
    (repo / "app" / ".env").write_text(env_text)
    (repo / "README.md").write_text("# demo\n")
    return repo


BROKEN = f'ANTHROPIC_API_KEY="{KEY} "\nANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n'
CLEAN = "ANTHROPIC_BASE_URL=https://api.anthropic.com\n"


def test_action_definition() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "args", "sarif-file", "baseline"}
    assert set(action["outputs"]) >= {"exit-code", "sarif-file"}
    steps = action["runs"]["steps"]
    assert steps[0]["uses"] == "actions/setup-python@v6"
    install = next(s for s in steps if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    for step in steps:
        # Inputs reach scripts through the environment only: never spliced into the script.
        assert "${{" not in step.get("run", ""), step.get("name")


def test_findings_fail_the_run_after_the_sarif_is_written(tmp_path: Path) -> None:
    repo = _repository(tmp_path, BROKEN)
    runner = Runner(tmp_path, repo)
    status = runner.run({"sarif-file": "reports/authlint.sarif"})
    assert status == 1, runner.log
    outputs = runner.outputs()
    assert outputs == {"exit-code": "1", "sarif-file": "reports/authlint.sarif"}
    log = json.loads((repo / "reports" / "authlint.sarif").read_text(encoding="utf-8"))
    assert github_problems(log) == []
    results = log["runs"][0]["results"]
    assert {"AL201", "AL401"} <= {r["ruleId"] for r in results}
    assert {"uri": "app/.env", "uriBaseId": "%SRCROOT%"} in artifact_uris(log)
    text = "\n".join(runner.log)
    assert "app/.env:1:20: AL201" in text  # the readable report is in the job log
    assert KEY not in text and KEY[20:40] not in text


def test_a_clean_repository_passes(tmp_path: Path) -> None:
    repo = _repository(tmp_path, CLEAN)
    runner = Runner(tmp_path, repo)
    assert runner.run({"sarif-file": "authlint.sarif"}) == 0, runner.log
    assert runner.outputs()["exit-code"] == "0"
    log = json.loads((repo / "authlint.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"] == [] and github_problems(log) == []


def test_paths_args_and_baseline_inputs(tmp_path: Path) -> None:
    repo = _repository(tmp_path, BROKEN)
    (repo / "web").mkdir()
    (repo / "web" / ".env").write_text(CLEAN)
    only_clean = Runner(tmp_path, repo)
    assert only_clean.run({"paths": "web README.md"}) == 0, only_clean.log
    report_only = Runner(tmp_path, repo)
    assert report_only.run({"args": "--exit-zero --select AL201"}) == 0, report_only.log
    assert "AL201" in report_only.log[-2] and "AL401" not in report_only.log[-2]
    written = subprocess.run(
        [_installed_authlint(), "check", ".", "--no-home", "--write-baseline", "base.json"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert written.returncode == 0, written.stderr
    accepted = Runner(tmp_path, repo)
    assert accepted.run({"baseline": "base.json", "sarif-file": "out.sarif"}) == 0, accepted.log
    assert json.loads((repo / "out.sarif").read_text())["runs"][0]["results"] == []
    (repo / "web" / ".env").write_text("ANTHROPIC_BASE_URL=api.anthropic.com\n")
    new = Runner(tmp_path, repo)
    assert new.run({"baseline": "base.json", "sarif-file": "out.sarif"}) == 1, new.log
    (result,) = json.loads((repo / "out.sarif").read_text())["runs"][0]["results"]
    assert result["ruleId"] == "AL402"


def test_errors_propagate(tmp_path: Path) -> None:
    repo = _repository(tmp_path, CLEAN)
    runner = Runner(tmp_path, repo)
    assert runner.run({"paths": "no-such-folder", "sarif-file": "x.sarif"}) == 2
    assert runner.outputs()["exit-code"] == "2"
    assert "no such file or folder" in "\n".join(runner.log)
    bad_args = Runner(tmp_path, repo)
    assert bad_args.run({"args": "--no-such-flag"}) == 2


def test_the_install_step_installs_the_actions_own_authlint(tmp_path: Path) -> None:
    reason = index_unreachable()
    if reason:
        pytest.skip(reason)
    project = copy_project(tmp_path / "action-src", git_env(tmp_path))
    repo = _repository(tmp_path, BROKEN)
    runner = Runner(tmp_path, repo, action_path=project)
    status = runner.run({"sarif-file": "authlint.sarif"}, install=True)
    assert status == 1, runner.log
    installed = runner.context["steps"]["install"]["outputs"]["authlint"]
    assert installed.startswith(str(tmp_path / "runner-temp" / "authlint-venv"))
    assert "authlint 0." in runner.log[0]  # `authlint --version` of the installed copy
    log = json.loads((repo / "authlint.sarif").read_text(encoding="utf-8"))
    assert github_problems(log) == [] and log["runs"][0]["results"]
