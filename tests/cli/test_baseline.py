"""``authlint check --write-baseline FILE`` / ``--baseline FILE``: accept today's findings,
fail only on new ones; fingerprints survive line moves, a changed key is new, and the file
holds no key."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import keys
from authlint.core.secrets import mask

KEY = keys.api_key()
BASELINE = ".authlint-baseline.json"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env={"GIT_CONFIG_NOSYSTEM": "1"})
    (repo / "app" / ".env").write_text(
        f'ANTHROPIC_API_KEY="{KEY} "\nANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n'
    )
    return repo


def _codes(stdout: str) -> list[str]:
    return sorted(f"{row['filename']}:{row['code']}" for row in json.loads(stdout))


def _write_baseline(authlint, repo: Path) -> dict[str, Any]:
    written = authlint("check", ".", "--no-home", "--write-baseline", BASELINE, cwd=repo)
    assert written.returncode == 0, written.stdout + written.stderr
    assert written.stdout == "All checks passed!\n"
    data: dict[str, Any] = json.loads((repo / BASELINE).read_text(encoding="utf-8"))
    assert f"recorded {len(data['findings'])} findings in {BASELINE}" in written.stderr
    return data


def test_write_baseline_records_masked_findings(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    before = authlint("check", ".", "--no-home", "--format", "json", cwd=repo)
    assert before.returncode == 1
    data = _write_baseline(authlint, repo)
    assert data["authlint_baseline"] == 1 and data["fingerprint"] == "authlint/v1"
    rows = data["findings"]
    assert sorted(f"{r['path']}:{r['code']}" for r in rows) == _codes(before.stdout)
    for row in rows:
        assert set(row) == {"code", "path", "line", "fingerprint", "message"}
        assert row["fingerprint"].rsplit(":", 1)[1] == "1" and len(row["fingerprint"]) == 34
    text = (repo / BASELINE).read_text(encoding="utf-8")
    assert KEY not in text and KEY[13:33] not in text and KEY[-20:] not in text
    assert mask(KEY) in text  # messages, as the report shows them
    # The same run, its fingerprints as SARIF gives them to GitHub.
    sarif = json.loads(authlint("check", ".", "--no-home", "--format", "sarif", cwd=repo).stdout)
    prints = {r["partialFingerprints"]["authlint/v1"] for r in sarif["runs"][0]["results"]}
    assert prints == {row["fingerprint"] for row in rows}
    # Written again with nothing changed: the same bytes (stable diffs).
    _write_baseline(authlint, repo)
    assert (repo / BASELINE).read_text(encoding="utf-8") == text


def test_baseline_reports_only_new_findings(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write_baseline(authlint, repo)
    check = ("check", ".", "--no-home", "--baseline", BASELINE, "--format", "json")
    clean = authlint(*check, cwd=repo)
    assert (clean.returncode, clean.stdout) == (0, "[]\n"), clean.stderr
    # Lines added above the findings: still accepted.
    env = repo / "app" / ".env"
    env.write_text("# a comment\n\n" + env.read_text())
    moved = authlint(*check, cwd=repo)
    assert (moved.returncode, moved.stdout) == (0, "[]\n"), moved.stderr
    # A new finding in another file fails the run, and only it is reported.
    (repo / "web").mkdir()
    (repo / "web" / ".env").write_text("ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n")
    new = authlint(*check, cwd=repo)
    assert new.returncode == 1 and _codes(new.stdout) == ["web/.env:AL401"]
    # The key on an accepted line changes: the findings on that line are new.
    (repo / "web" / ".env").unlink()
    env.write_text(env.read_text().replace(KEY, keys.api_key("rotated")))
    rotated = authlint(*check, cwd=repo)
    assert rotated.returncode == 1
    assert "app/.env:AL201" in _codes(rotated.stdout)
    assert "app/.env:AL401" not in _codes(rotated.stdout)


def test_a_second_identical_finding_is_new(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write_baseline(authlint, repo)
    env = repo / "app" / ".env"
    env.write_text(env.read_text() + f'OTHER=1\nANTHROPIC_API_KEY="{KEY} "\n')
    result = authlint(
        "check", ".", "--no-home", "--baseline", BASELINE, "--select", "AL201",
        "--format", "sarif", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 1
    (new,) = json.loads(result.stdout)["runs"][0]["results"]
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    # Numbered as in a run without the baseline: the second of two identical findings.
    assert new["partialFingerprints"]["authlint/v1"].endswith(":2")


def test_the_baseline_matches_from_any_folder(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _write_baseline(authlint, repo)
    baseline = repo / BASELINE
    outside = authlint("check", "repo", "--no-home", "--baseline", baseline, cwd=tmp_path)
    assert (outside.returncode, outside.stdout) == (0, "All checks passed!\n"), outside.stdout
    below = authlint("check", ".", "--no-home", "--baseline", baseline, cwd=repo / "app")
    assert (below.returncode, below.stdout) == (0, "All checks passed!\n"), below.stdout


def test_home_profiles_are_recorded_as_home_paths(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".zshrc").write_text(f'export ANTHROPIC_API_KEY="{KEY} "\n')
    args = ("check", "app", "--home", home, "--select", "AL201")
    assert authlint(*args, "--write-baseline", BASELINE, cwd=repo).returncode == 0
    rows = json.loads((repo / BASELINE).read_text())["findings"]
    assert sorted(r["path"] for r in rows) == ["app/.env", "~/.zshrc"]
    assert authlint(*args, "--baseline", BASELINE, cwd=repo).returncode == 0


def test_bad_baselines_are_usage_errors(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    check = ("check", ".", "--no-home")
    missing = authlint(*check, "--baseline", "nope.json", cwd=repo)
    assert missing.returncode == 2 and "cannot read baseline nope.json" in missing.stderr
    (repo / "bad.json").write_text("{not json")
    bad = authlint(*check, "--baseline", "bad.json", cwd=repo)
    assert bad.returncode == 2 and "not valid JSON" in bad.stderr
    (repo / "other.json").write_text('{"results": []}')
    other = authlint(*check, "--baseline", "other.json", cwd=repo)
    assert other.returncode == 2 and "not an authlint baseline" in other.stderr
    (repo / "v2.json").write_text(
        '{"authlint_baseline": 1, "fingerprint": "authlint/v2", "findings": []}'
    )
    newer = authlint(*check, "--baseline", "v2.json", cwd=repo)
    assert newer.returncode == 2 and "write it again" in newer.stderr
    both = authlint(*check, "--baseline", "a", "--write-baseline", "b", cwd=repo)
    assert both.returncode == 2 and "not allowed with" in both.stderr
    (repo / "folder").mkdir()
    unwritable = authlint(*check, "--write-baseline", "folder", cwd=repo)
    assert unwritable.returncode == 2 and "cannot write folder" in unwritable.stderr


def test_an_empty_baseline_accepts_nothing(authlint, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / BASELINE).write_text(
        '{"authlint_baseline": 1, "fingerprint": "authlint/v1", "findings": []}'
    )
    result = authlint("check", ".", "--no-home", "--baseline", BASELINE, cwd=repo)
    plain = authlint("check", ".", "--no-home", cwd=repo)
    assert result.returncode == 1 and result.stdout == plain.stdout
