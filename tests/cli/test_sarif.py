"""``authlint check --format sarif``: a log GitHub code scanning takes whole.

Every rule carries what GitHub requires (``fullDescription`` included); results have
``partialFingerprints`` that survive line moves and change with the key, related
locations, fixes that apply like ``--fix`` (or none when the fix would show a key), and
URIs relative to the repository even when authlint runs from outside it. Checked
against the SARIF 2.1.0 schema and, property by property, against GitHub's reference.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sarif_checks import artifact_uris, github_problems, schema_errors

import keys
from authlint.core.secrets import mask
from authlint.rules import all_rules, rule_by_code

KEY = keys.api_key()


def _workspace(tmp_path: Path, key: str = KEY) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env={"GIT_CONFIG_NOSYSTEM": "1"})
    (repo / "app").mkdir(exist_ok=True)
    (repo / "app" / ".env").write_text(
        f'ANTHROPIC_API_KEY="{key} "\nANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n'
    )
    (repo / "dup").mkdir(exist_ok=True)
    (repo / "dup" / ".env").write_text(
        "ANTHROPIC_MODEL=one\nANTHROPIC_MODEL=two\nanthropic_base_url=https://api.anthropic.com\n"
    )
    (repo / "src").mkdir(exist_ok=True)
    (repo / "src" / "client.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}")\n'
    )
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / ".zshrc").write_text(f'export ANTHROPIC_API_KEY="{key} "\n')
    return repo


def _sarif(authlint, *args: str | Path, cwd: Path) -> dict[str, Any]:
    result = authlint("check", *args, "--format", "sarif", cwd=cwd)
    assert result.returncode == 1, result.stderr
    log: dict[str, Any] = json.loads(result.stdout)
    return log


@pytest.fixture
def log(authlint, tmp_path: Path) -> dict[str, Any]:
    """The log of the workspace, run from the folder above the repository."""
    _workspace(tmp_path)
    return _sarif(authlint, "repo", "--home", "home", cwd=tmp_path)


def _by_rule(log: dict[str, Any], code: str, uri: str | None = None) -> list[dict[str, Any]]:
    return [
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == code
        and uri in (None, r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    ]


# --- GitHub's requirements and the schema ------------------------------------------------------


def test_the_log_meets_githubs_requirements_and_the_schema(log: dict[str, Any]) -> None:
    assert {"AL201", "AL306", "AL401", "AL601"} <= {r["ruleId"] for r in log["runs"][0]["results"]}
    assert github_problems(log) == []
    assert schema_errors(log) == []


def test_the_checks_catch_what_github_rejects(log: dict[str, Any]) -> None:
    # What the log used to lack: a fullDescription on every rule, fingerprints on results.
    old = copy.deepcopy(log)
    for rule in old["runs"][0]["tool"]["driver"]["rules"]:
        del rule["fullDescription"]
    for result in old["runs"][0]["results"]:
        del result["partialFingerprints"]
    problems = github_problems(old)
    assert "rule 'AL201': no fullDescription.text" in problems
    assert "result 'AL201': no partialFingerprints" in problems
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {}
    broken["runs"][0]["tool"]["driver"]["rules"][1]["properties"]["security-severity"] = "11"
    assert sorted(p.split(": ", 1)[1] for p in github_problems(broken)) == [
        "no region.startLine",
        "security-severity '11' is not 0.0-10.0",
        "security-severity without the `security` tag",
    ]
    assert schema_errors({**log, "runs": [{**log["runs"][0], "results": [{"level": "fatal"}]}]})


def test_every_rule_has_descriptions_help_and_properties(log: dict[str, Any]) -> None:
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {"AL000", *(rule.code for rule in all_rules())}
    for code, descriptor in rules.items():
        rule = rule_by_code(code)
        full = descriptor["fullDescription"]["text"]
        assert 0 < len(full) <= 1000 and "\n" not in full
        assert descriptor["help"]["text"].strip() and descriptor["help"]["markdown"].strip()
        assert descriptor["properties"]["precision"] == "high"
        assert "authentication" in descriptor["properties"]["tags"]
        if rule is None:
            continue
        assert descriptor["helpUri"] == rule.url
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert "## What it does" in descriptor["help"]["markdown"]
        what = rule.doc.split("## What it does")[1].replace("``", "`")
        assert full.startswith(" ".join(what.split()[:4]))
    leak = rules["AL501"]["properties"]
    assert "security" in leak["tags"] and "external/cwe/cwe-798" in leak["tags"]
    assert 7.0 <= float(leak["security-severity"]) < 9.0  # GitHub: high
    assert "security-severity" not in rules["AL201"]["properties"]
    assert "security" not in rules["AL201"]["properties"]["tags"]
    problem = {"error": "error", "warning": "warning", "info": "recommendation"}
    for rule in all_rules():
        severity = rules[rule.code]["properties"]["problem.severity"]
        assert severity == problem[rule.severity.value]


# --- locations ------------------------------------------------------------------------------


def test_uris_are_relative_to_the_repository_even_from_outside_it(
    authlint, tmp_path: Path, log: dict[str, Any]
) -> None:
    run = log["runs"][0]
    repo, home = tmp_path / "repo", tmp_path / "home"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    assert run["originalUriBaseIds"]["%HOME%"]["uri"] == home.as_uri() + "/"
    locations = artifact_uris(log)
    assert locations and not [a for a in locations if a["uri"].startswith("file:")]
    assert {"uri": "app/.env", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": "src/client.py", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": ".zshrc", "uriBaseId": "%HOME%"} in locations  # ~/.zshrc
    # From inside the repository (and from a sub-folder of it) the log says the same.
    inside = _sarif(authlint, ".", "--home", home, cwd=repo)
    assert inside["runs"][0]["results"] == run["results"]
    below = _sarif(authlint, "..", "--home", home, cwd=repo / "app")
    assert below["runs"][0]["results"] == run["results"]


def test_related_locations_come_from_the_finding(authlint, tmp_path: Path, log) -> None:
    (duplicate,) = _by_rule(log, "AL306", "dup/.env")
    assert duplicate["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    (related,) = duplicate["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"] == {
        "uri": "dup/.env",
        "uriBaseId": "%SRCROOT%",
    }
    assert related["physicalLocation"]["region"]["startLine"] == 2
    as_json = json.loads(authlint("check", "repo/dup", "--no-home", "--format", "json").stdout)
    (row,) = [r for r in as_json if r["code"] == "AL306"]
    assert related["message"]["text"] == row["related"][0]["message"]


# --- fingerprints ---------------------------------------------------------------------------


def _prints(log: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    found = {}
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        found[(result["ruleId"], uri, result["partialFingerprints"]["authlint/v1"])] = result
    return found


def test_fingerprints_survive_line_moves_and_change_with_the_key(
    authlint, tmp_path: Path, log: dict[str, Any]
) -> None:
    before = _prints(log)
    assert len(before) == len(log["runs"][0]["results"])  # all distinct
    repo = tmp_path / "repo"
    env = repo / "app" / ".env"
    env.write_text("# moved down\n\n\n" + env.read_text())
    code = repo / "src" / "client.py"
    code.write_text("# a comment\n" + code.read_text())
    moved = _prints(_sarif(authlint, "repo", "--home", "home", cwd=tmp_path))
    assert moved.keys() == before.keys()
    for key, result in moved.items():
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        old_line = before[key]["locations"][0]["physicalLocation"]["region"]["startLine"]
        shift = {"app/.env": 3, "src/client.py": 1}.get(key[1], 0)
        assert line == old_line + shift, key
    # Another key on the same line: a new finding; the line next to it keeps its fingerprint.
    env.write_text(env.read_text().replace(KEY, keys.api_key("rotated")))
    rotated = _prints(_sarif(authlint, "repo", "--home", "home", cwd=tmp_path))
    changed = {k[:2] for k in set(rotated) ^ set(before)}
    assert ("AL201", "app/.env") in changed and ("AL401", "app/.env") not in changed
    assert all(k[1] == "app/.env" for k in changed)


def test_identical_findings_get_numbered_fingerprints(authlint, tmp_path: Path) -> None:
    repo = _workspace(tmp_path)
    line = f'ANTHROPIC_API_KEY="{KEY} "\n'
    (repo / "app" / ".env").write_text(line + "OTHER=1\n" + line)
    log = _sarif(authlint, "repo/app", "--no-home", "--select", "AL201", cwd=tmp_path)
    prints = [r["partialFingerprints"]["authlint/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == 2 and prints[0][:-2] == prints[1][:-2]
    assert [p[-2:] for p in prints] == [":1", ":2"]


# --- fixes ----------------------------------------------------------------------------------


def _offset(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + column - 1


def _apply(text: str, replacements: list[dict[str, Any]]) -> str:
    """Apply SARIF replacements (1-based lines and code-point columns) to ``text``."""
    spans = []
    for replacement in replacements:
        region = replacement["deletedRegion"]
        start = _offset(text, region["startLine"], region["startColumn"])
        end = _offset(text, region["endLine"], region["endColumn"])
        spans.append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def test_fixes_apply_as_fix_does(authlint, tmp_path: Path, log: dict[str, Any]) -> None:
    env = tmp_path / "repo" / "app" / ".env"
    original = env.read_text()
    (whitespace,) = _by_rule(log, "AL201", "app/.env")
    (fix,) = whitespace["fixes"]
    assert fix["description"]["text"] == "Remove the whitespace around the key"
    assert fix["properties"] == {"applicability": "safe"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "app/.env", "uriBaseId": "%SRCROOT%"}
    (deletion,) = change["replacements"]  # narrowed to the one space it removes
    region = deletion["deletedRegion"]
    assert "insertedContent" not in deletion and region["endColumn"] - region["startColumn"] == 1
    replacements = [
        replacement
        for code in ("AL201", "AL401")
        for result in _by_rule(log, code, "app/.env")
        for f in result["fixes"]
        for c in f["artifactChanges"]
        for replacement in c["replacements"]
    ]
    expected = _apply(original, replacements)
    fixed = authlint("check", "repo/app", "--no-home", "--select", "AL201,AL401", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert env.read_text() == expected != original


def test_unsafe_fixes_say_so(log: dict[str, Any]) -> None:
    (lowercase,) = _by_rule(log, "AL308", "dup/.env")
    (fix,) = lowercase["fixes"]
    assert fix["description"]["text"].endswith(" (unsafe)")
    assert fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 19},
            "insertedContent": {"text": "ANTHROPIC_BASE_URL"},
        }
    ]


def test_a_fix_into_another_file_names_it(log: dict[str, Any]) -> None:
    (unignored,) = _by_rule(log, "AL502", "app/.env")
    (fix,) = unignored["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": ".gitignore", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"][0]["insertedContent"]["text"] == ".env\n"


def test_a_fix_that_would_show_a_key_is_left_out(authlint, tmp_path: Path, log) -> None:
    (hardcoded,) = _by_rule(log, "AL601", "src/client.py")
    assert "fixes" not in hardcoded  # it moves the key into .env: not shown
    rows = json.loads(authlint("check", "repo/src", "--no-home", "--format", "json").stdout)
    assert [r["fix"] for r in rows if r["code"] == "AL601"][0] is not None
    text = json.dumps(log, ensure_ascii=False)
    assert KEY not in text and KEY[20:40] not in text
    assert mask(KEY) in text
