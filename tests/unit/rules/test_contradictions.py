"""Issue 12 §3: facts that made rules fire on valid setups, and the defects they must still catch.

- ``sk-ant-oat01-`` tokens also come from workload identity federation (WIF) and
  Claude Code routines: AL103, AL106 and AL605 judge them by context.
- A setup-token's length is no proof of truncation: AL105 needs positive evidence.
- ``@ai-sdk/anthropic`` adds ``/v1`` to the bare Anthropic host since 3.0.94 and
  4.0.6: AL401 and AL602 read the version the project installs or declares.

Every case runs the real scanners and rules over real files (``check_text``);
keys are built by ``tests/keys.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authlint.core import packages, project
from authlint.core.findings import Applicability, Finding
from authlint.core.fixes import apply_fixes
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from keys import oauth_token

AK, AT, OT, BASE = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
)
WIF = (
    "ANTHROPIC_FEDERATION_RULE_ID=fdrl_01AbCdEfGhIjKlMnOpQrStUv\n"
    "ANTHROPIC_ORGANIZATION_ID=00000000-0000-4000-8000-000000000000\n"
    "ANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/tokens/anthropic\n"
)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Roots and versions are cached per folder and file signature; every test writes new files."""
    project.clear_caches()
    packages.clear_caches()


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def assert_masked(findings: list[Finding], secret: str) -> None:
    """No message carries a piece of ``secret`` longer than its masked tail."""
    for finding in findings:
        assert secret[13:33] not in finding.message


# --- (a) sk-ant-oat01- from workload identity federation and routines ------------------


@pytest.mark.parametrize("length", [79, 96, 108, 140])
def test_workload_identity_token_in_auth_token_is_valid(check_text, length: int) -> None:
    text = f"{WIF}{AT}={oauth_token('wif', length)}\n"
    assert check_text(".env", text, select=("AL1", "AL2")) == []


def test_subscription_token_in_auth_token_is_still_reported(check_text) -> None:
    findings = check_text(".env", f"{AT}={oauth_token('sub')}\n", select="AL1")
    assert codes(findings) == [("AL106", 1)]


def test_workload_identity_context_silences_the_oauth_variable_advice(check_text) -> None:
    # The token is a WIF access token: "move it to CLAUDE_CODE_OAUTH_TOKEN" would be wrong.
    text = f"{WIF}{AK}={oauth_token('wif')}\n"
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL103"] == []
    # Without that context it is a subscription token sent as x-api-key.
    findings = check_text(".env", f"{AK}={oauth_token('sub')}\n", select="AL103")
    assert codes(findings) == [("AL103", 1)]
    assert findings[0].fix is not None


def test_routine_fire_token_in_a_profile_is_valid(check_text) -> None:
    token = oauth_token("routine", 100)
    text = (
        f"export {AT}='{token}'\n"
        "alias nightly='curl -sS -X POST "
        "https://api.anthropic.com/v1/claude_code/routines/trig_01AbCd/fire "
        '-H "Authorization: Bearer $ANTHROPIC_AUTH_TOKEN" '
        '-H "anthropic-beta: experimental-cc-routine-2026-04-01"\'\n'
    )
    assert check_text(".zshrc", text, select=("AL1", "AL2")) == []


SDK_WIF = (
    "from anthropic import Anthropic\n\n"
    "# access token from the workload identity token exchange (POST /v1/oauth/token)\n"
    'client = Anthropic(auth_token="{token}")\n'
)


def test_workload_identity_token_given_to_the_sdk_is_valid(check_text) -> None:
    text = SDK_WIF.format(token=oauth_token("wif-sdk", 96))
    assert check_text("worker.py", text, select="AL605") == []


def test_subscription_token_given_to_the_sdk_is_still_reported(check_text) -> None:
    token = oauth_token("sub-sdk")
    text = f'from anthropic import Anthropic\n\nclient = Anthropic(auth_token="{token}")\n'
    findings = check_text("worker.py", text, select="AL605")
    assert codes(findings) == [("AL605", 3)]
    assert mask(token) in findings[0].message
    assert_masked(findings, token)


def test_claude_code_oauth_variable_given_to_the_sdk_is_reported_even_near_wif(
    check_text,
) -> None:
    # CLAUDE_CODE_OAUTH_TOKEN holds a subscription token whatever else the file mentions.
    text = (
        "import os\nfrom anthropic import Anthropic\n\n"
        "# ANTHROPIC_FEDERATION_RULE_ID is set in production\n"
        'client = Anthropic(auth_token=os.environ["CLAUDE_CODE_OAUTH_TOKEN"])\n'
    )
    assert codes(check_text("worker.py", text, select="AL605")) == [("AL605", 5)]


# --- (b) a setup-token's length is no proof of truncation -------------------------------


@pytest.mark.parametrize("length", [79, 80, 92, 108, 120])
def test_whole_setup_tokens_of_any_reported_length_are_valid(check_text, length: int) -> None:
    token = oauth_token("setup", length)
    for name, text in (
        (".env", f"{OT}={token}\n"),
        (".zshrc", f'export {OT}="{token}"\n'),
        (".claude/settings.json", json.dumps({"env": {OT: token}}) + "\n"),
    ):
        assert check_text(name, text, select=("AL1", "AL2")) == [], (name, length)


def test_line_break_inside_the_token_is_reported(check_text) -> None:
    token = oauth_token("wrapped")
    findings = check_text(".env", f'{OT}="{token[:60]}\n{token[60:]}"\n', select="AL105")
    assert codes(findings) == [("AL105", 1)]
    assert "a line break at character 61" in findings[0].message
    assert "Invalid bearer token" in findings[0].message
    assert_masked(findings, token)


def test_rest_of_the_token_on_the_next_line_is_reported(check_text) -> None:
    token = oauth_token("continued")
    text = f"{OT}={token[:70]}\n{token[70:]}\nOTHER=1\n"
    findings = check_text(".env", text, select="AL105")
    assert codes(findings) == [("AL105", 1)]
    assert "next line" in findings[0].message
    assert_masked(findings, token)
    # The same token on one line, followed by an ordinary line, is fine.
    assert check_text(".env", f"{OT}={token}\nOTHER=1\n", select="AL105") == []


def test_rest_of_the_token_on_the_next_line_of_a_profile_is_reported(check_text) -> None:
    token = oauth_token("continued-sh")
    text = f"export {OT}={token[:70]}\n{token[70:]}\n"
    assert codes(check_text(".bashrc", text, select="AL105")) == [("AL105", 1)]


def test_trailing_backslash_in_a_dotenv_is_reported(check_text) -> None:
    token = oauth_token("backslash")
    findings = check_text(".env", f"{OT}={token[:70]}\\\n{token[70:]}\n", select="AL105")
    assert codes(findings) == [("AL105", 1)]
    assert "`\\`" in findings[0].message


def test_a_length_no_issued_token_has_is_reported(check_text) -> None:
    token = oauth_token("short", 13 + 30)
    findings = check_text(".env", f"{OT}={token}\n", select="AL105")
    assert codes(findings) == [("AL105", 1)]
    assert "43 characters long" in findings[0].message
    # 40 characters after the prefix is the shortest shape scanners accept as a token.
    assert check_text(".env", f"{OT}={oauth_token('short', 13 + 40)}\n", select="AL105") == []


def test_workload_identity_token_of_any_length_is_not_truncated(check_text) -> None:
    for length in (64, 79, 150):
        text = f"{WIF}{OT}={oauth_token('wif-ot', length)}\n"
        assert check_text(".env", text, select="AL105") == []


# --- (c) @ai-sdk/anthropic adds /v1 to the bare host since 3.0.94 and 4.0.6 ---------------

AI_SDK_CODE = (
    'import {{ createAnthropic }} from "@ai-sdk/anthropic";\n\n'
    'export const claude = createAnthropic({{ baseURL: "{url}" }});\n'
)


def package_lock(root: Path, versions: dict[str, str]) -> None:
    """A lockfileVersion 3 ``package-lock.json`` and a ``package.json`` for ``versions``."""
    deps = {name: f"^{version}" for name, version in versions.items()}
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": deps}))
    entries = {f"node_modules/{n}": {"version": v} for n, v in versions.items()}
    lock = {"lockfileVersion": 3, "packages": {"": {"dependencies": deps}, **entries}}
    (root / "package-lock.json").write_text(json.dumps(lock))


@pytest.mark.parametrize("version", ["3.0.94", "3.0.111", "4.0.6", "4.0.41"])
def test_bare_host_is_valid_for_a_normalising_ai_sdk(check_text, tmp_path, version) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": version})
    for url in ("https://api.anthropic.com", "https://api.anthropic.com/"):
        text = AI_SDK_CODE.format(url=url)
        assert check_text("src/claude.ts", text, select="AL602") == [], (version, url)


@pytest.mark.parametrize("version", ["2.0.95", "3.0.93", "4.0.5"])
def test_bare_host_is_reported_for_an_older_ai_sdk(check_text, tmp_path, version) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": version})
    text = AI_SDK_CODE.format(url="https://api.anthropic.com")
    findings = check_text("src/claude.ts", text, select="AL602")
    assert codes(findings) == [("AL602", 3)]
    assert "does not show" not in findings[0].message
    fix = findings[0].fix
    assert fix is not None and fix.applicability is Applicability.SAFE
    fixed = apply_fixes(SourceFile(None, text), [fix]).source.text
    assert fixed == AI_SDK_CODE.format(url="https://api.anthropic.com/v1")


def test_installed_copy_and_declared_range_count_too(check_text, tmp_path) -> None:
    text = AI_SDK_CODE.format(url="https://api.anthropic.com")
    (tmp_path / "package.json").write_text(
        json.dumps({"dependencies": {"@ai-sdk/anthropic": "^4.0.6"}})
    )
    assert check_text("src/claude.ts", text, select="AL602") == []
    # What node_modules holds beats the declaration.
    installed = tmp_path / "node_modules" / "@ai-sdk" / "anthropic"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text(json.dumps({"version": "2.0.95"}))
    assert codes(check_text("src/claude.ts", text, select="AL602")) == [("AL602", 3)]


def test_unknown_version_is_still_reported_and_says_so(check_text) -> None:
    text = AI_SDK_CODE.format(url="https://api.anthropic.com")
    findings = check_text("claude.ts", text, select="AL602")
    assert codes(findings) == [("AL602", 3)]
    assert "does not show which version" in findings[0].message


def test_third_party_host_without_v1_is_reported_at_any_version(check_text, tmp_path) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": "4.0.41"})
    text = AI_SDK_CODE.format(url="https://openrouter.ai/api")
    assert codes(check_text("src/claude.ts", text, select="AL602")) == [("AL602", 3)]


ENV_V1 = f"{BASE}=https://api.anthropic.com/v1\n"


def test_dotenv_with_v1_is_valid_for_an_ai_sdk_only_project(check_text, tmp_path) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": "2.0.95"})
    assert check_text(".env", ENV_V1, select="AL401") == []


def test_shared_dotenv_with_v1_and_a_normalising_ai_sdk_gets_a_safe_fix(
    check_text, tmp_path
) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": "4.0.6", "@anthropic-ai/sdk": "0.137.0"})
    (finding,) = check_text(".env", ENV_V1, select="AL401")
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert "@ai-sdk/anthropic" not in finding.message


def test_shared_dotenv_with_v1_and_an_older_ai_sdk_gets_an_unsafe_fix(check_text, tmp_path) -> None:
    package_lock(tmp_path, {"@ai-sdk/anthropic": "2.0.95", "@anthropic-ai/sdk": "0.137.0"})
    (finding,) = check_text(".env", ENV_V1, select="AL401")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "`@ai-sdk/anthropic`, which needs it for this URL" in finding.message


def test_dotenv_with_v1_in_an_official_sdk_project_is_reported(check_text, tmp_path) -> None:
    (tmp_path / "requirements.txt").write_text("anthropic==2.11.0\n")
    (finding,) = check_text(".env", ENV_V1, select="AL401")
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def test_profile_with_v1_is_reported_even_in_an_ai_sdk_project(check_text, tmp_path) -> None:
    # Claude Code reads the profile's variable and appends /v1/messages itself.
    package_lock(tmp_path, {"@ai-sdk/anthropic": "4.0.41"})
    assert codes(check_text(".zshrc", f"export {ENV_V1}", select="AL401")) == [("AL401", 1)]


# --- core.packages -------------------------------------------------------------------------


def test_installed_version_from_each_kind_of_file(tmp_path: Path) -> None:
    cases = {
        "pnpm": (
            "pnpm-lock.yaml",
            "packages:\n\n  '@ai-sdk/anthropic@3.0.94':\n    resolution: {}\n",
        ),
        "yarn": ("yarn.lock", '"@ai-sdk/anthropic@^4.0.0":\n  version "4.0.6"\n'),
        "uv": ("uv.lock", '[[package]]\nname = "Anthropic"\nversion = "2.11.0"\n'),
        "poetry": ("poetry.lock", '[[package]]\nname = "anthropic"\nversion = "1.17.0"\n'),
        "req": ("requirements-dev.txt", "anthropic==0.69.0  # pinned\n"),
    }
    expected = {
        "pnpm": ("@ai-sdk/anthropic", (3, 0, 94)),
        "yarn": ("@ai-sdk/anthropic", (4, 0, 6)),
        "uv": ("anthropic", (2, 11, 0)),
        "poetry": ("anthropic", (1, 17, 0)),
        "req": ("anthropic", (0, 69, 0)),
    }
    for case, (name, text) in cases.items():
        root = tmp_path / case
        (root / ".git").mkdir(parents=True)
        (root / name).write_text(text)
        package, version = expected[case]
        assert packages.installed_version(root, package) == version, case
        assert packages.installed_version(root, "left-pad") is None


def test_declared_ranges_and_the_fix_in_several_lines(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["anthropic>=0.30", "httpx"]\n'
    )
    assert packages.installed_version(tmp_path, "anthropic") is None
    assert packages.declared_specifier(tmp_path, "anthropic") == ">=0.30"
    fixed_in = [(3, 0, 94), (4, 0, 6)]
    assert packages.specifier_has_fix("^4.0.6", fixed_in) is True
    assert packages.specifier_has_fix("~3.0.94", fixed_in) is True
    assert packages.specifier_has_fix("^2.0.0", fixed_in) is False
    assert packages.specifier_has_fix("^4.0.0", fixed_in) is None  # 4.0.0-4.0.5 lack it
    assert packages.specifier_has_fix(">=3.0.94", fixed_in) is None  # so does 4.0.0
    assert packages.specifier_has_fix("latest", fixed_in) is None
    assert packages.version_has_fix((3, 1, 0), fixed_in) is True
    assert packages.version_has_fix((4, 0, 5), fixed_in) is False
