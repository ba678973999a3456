"""SARIF (with fixes, fingerprints, home URIs) and baseline files show no key.

Extends ``tests/test_no_secret_leaks.py`` to what it does not cover: the baseline file
and the report filtered by it, SARIF fixes (``insertedContent``) and fingerprints. Uses
its workspace (every key shape, damaged in every way, in a git work tree and a home
folder) and its detector (any 20-character piece of a key).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import keys
from authlint import baseline
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from authlint.output import sarif_format
from authlint.output.fingerprints import ReportPaths, fingerprints
from authlint.rules import all_rules
from test_no_secret_leaks import (
    CHECK,
    KEYS,
    _findings,
    _sources,
    assert_no_leak,
    build_workspace,
    leaks,
    run,
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sarif-leaks")
    build_workspace(root)
    return root


def test_baseline_and_filtered_reports_show_no_key(workspace: Path) -> None:
    written = run(*CHECK, "--write-baseline", "base.json", cwd=workspace)
    assert written.returncode == 0, written.stderr[-2000:]
    text = (workspace / "base.json").read_text(encoding="utf-8")
    rows = json.loads(text)["findings"]
    assert len(rows) > 100 and mask(KEYS["api_key"]) in text
    assert_no_leak("baseline file", text)
    for result in (written,):
        assert_no_leak("stdout", result.stdout)
        assert_no_leak("stderr", result.stderr)
    for output in ("text", "json", "sarif"):
        again = run("-vv", *CHECK, "--baseline", "base.json", "--format", output, cwd=workspace)
        assert again.returncode == 0, again.stderr[-2000:]
        assert_no_leak(f"{output} with baseline", again.stdout)
        assert_no_leak("stderr", again.stderr)


def test_sarif_fixes_and_home_uris_show_no_key(workspace: Path) -> None:
    result = run(*CHECK, "--format", "sarif", cwd=workspace)
    assert result.returncode == 1
    assert_no_leak("sarif", result.stdout)
    run_ = json.loads(result.stdout)["runs"][0]
    fixes = [f for r in run_["results"] for f in r.get("fixes", [])]
    inserted = [
        r["insertedContent"]["text"]
        for f in fixes
        for c in f["artifactChanges"]
        for r in c["replacements"]
        if "insertedContent" in r
    ]
    assert len(fixes) > 20 and inserted  # the scenario has fixes with content to check
    assert_no_leak("fix contents", "\n".join(inserted))
    assert "%HOME%" in run_["originalUriBaseIds"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[SourceFile]:
    return _sources(tmp_path_factory.mktemp("per-rule-sarif"))


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_each_rules_baseline_and_sarif_show_no_key(sources: list[SourceFile], rule) -> None:
    results = _findings(sources, (rule.code,))
    first = sources[0].path
    assert first is not None
    project = next(p for p in first.parents if p.name == "project")
    paths = ReportPaths(project, project.parent / "home")
    prints = fingerprints(results, paths)
    assert_no_leak("baseline", baseline.render(baseline.entries(results, paths, prints)))
    assert_no_leak("sarif", sarif_format.render(results, project, paths=paths, prints=prints))


def test_fingerprints_hash_only_what_the_mask_shows(tmp_path: Path) -> None:
    """Two keys that differ only where the mask hides them have the same fingerprint:
    the fingerprint is no hash of the key. A key whose shown end differs is a new one."""
    key = keys.api_key()
    same_mask = key[:20] + keys.api_key("other")[20:-4] + key[-4:]
    other_end = key[:-4] + "ZZAA"
    assert mask(same_mask) == mask(key) != mask(other_end)

    def prints(value: str) -> list[str]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        (folder / ".env").write_text(f'ANTHROPIC_API_KEY="{value} "\n')
        (folder / ".git").mkdir()
        result = run("check", ".", "--no-home", "--format", "sarif", cwd=folder)
        assert not leaks(result.stdout)
        return sorted(
            r["partialFingerprints"]["authlint/v1"]
            for r in json.loads(result.stdout)["runs"][0]["results"]
        )

    assert prints(key) == prints(same_mask) != prints(other_end)
