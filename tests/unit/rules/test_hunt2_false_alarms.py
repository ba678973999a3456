"""False alarms found by the second hunt over public dotfiles and Claude projects (NOTES-hunt.md).

Each case is a small file of the shape that misfired (not a copy of the
repository's file), checked with the real scanner and rules, next to the
positive case the fix must keep.
"""

from __future__ import annotations

from authlint.core.context import Platform
from authlint.core.findings import Finding, Severity
from authlint.core.outcomes import OutcomeKind
from authlint.core.text import Span
from authlint.outcome import outcomes
from environment import Setup

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def summary(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    """(code, 1-based line, severity) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1, f.severity) for f in findings]


# --- AL301: zsh `=(…)` process substitution, and calls of the file's own functions ----

ZSH_PLUGIN_MANAGER = """# vim:et:sts=2:sw=2:ft=zsh
_zplug_mv() {
  local -r ztarget=${2}
  if command cmp -s ${ztarget} ${1}; then
    return 0
  fi
  command mv -f ${1} ${ztarget}
}

_zplug_build_login_init() {
  local -r ztarget=${ZPLUG_HOME}/login_init.zsh
  _zplug_mv =(
    print '# Do nothing. This file is deprecated.'
  ) ${ztarget}
}
"""


def test_al301_quiet_for_zsh_process_substitution_passed_to_a_function(check_text):
    assert check_text("zplug.zsh", ZSH_PLUGIN_MANAGER, select="AL3") == []


def test_al301_quiet_for_zsh_process_substitution_to_any_command(check_text):
    text = "diff =(sort a.txt) =(sort b.txt)\nvimdiff =(ls ~/a) =(ls ~/b)\n"
    assert check_text(".zshrc", text, select="AL301") == []


def test_al301_quiet_for_a_call_of_a_function_the_script_defines(check_text):
    # bash: a function called with a first argument that starts with `=`.
    text = (
        "#!/usr/bin/env bash\n"
        "function note { printf '%s\\n' \"$*\" >> ~/notes.txt; }\n"
        'show() { echo "$@"; }\n'
        "note =todo buy milk\n"
        "show = separator\n"
    )
    assert check_text("bin/notes", text, select="AL301") == []


def test_al301_still_reported_for_an_assignment_slip_in_zsh(check_text):
    text = "export EDITOR=vim\nANTHROPIC_MODEL = claude-sonnet-4-5\n"
    findings = check_text(".zshrc", text, select="AL301")
    assert summary(findings) == [("AL301", 2, E)]
    assert findings[0].span == Span.at(1, 15, 18)


def test_al301_still_reported_for_an_array_slip_in_bash(check_text):
    # bash has no `=(…)` process substitution: `NAME =(a b)` is a broken array assignment.
    text = "#!/usr/bin/env bash\nCLAUDE_MODELS =(opus sonnet)\n"
    findings = check_text("bin/models", text, select="AL301")
    assert summary(findings) == [("AL301", 2, E)]


def test_al301_still_reported_when_the_name_is_no_function_of_the_file(check_text):
    text = 'show() { echo "$@"; }\nANTHROPIC_BASE_URL = http://localhost:4000\n'
    findings = check_text(".bashrc", text, select="AL301")
    assert summary(findings) == [("AL301", 2, E)]


# --- AL307: an application-only name that the project's own code reads ------------------

NODE_CONFIG = """const serverConfig = {
  anthropicUrl: process.env.ANTHROPIC_URL,
  anthropicApiKey: process.env.ANTHROPIC_API_KEY,
};
module.exports = serverConfig;
"""

PYTHON_CONFIG = """import os

ANTHROPIC_API_URL = os.getenv("ANTHROPIC_API_URL", "https://api.anthropic.com")
"""


def test_al307_quiet_when_the_project_code_reads_the_application_name(tmp_path):
    setup = Setup(tmp_path)
    setup.write(".env.template", "# Anthropic\nANTHROPIC_URL=\nANTHROPIC_API_KEY=\n")
    setup.write("app/config/server.js", NODE_CONFIG)
    assert setup.findings(".env.template", Platform.LINUX, "bash", ("AL307",)) == []


def test_al307_quiet_for_a_python_read_of_the_application_name(tmp_path):
    setup = Setup(tmp_path)
    setup.write(".env.example", "ANTHROPIC_API_URL=https://api.anthropic.com\n")
    setup.write("src/settings.py", PYTHON_CONFIG)
    assert setup.findings(".env.example", Platform.LINUX, "bash", ("AL307",)) == []


def test_al307_still_informs_when_no_code_reads_the_application_name(tmp_path):
    setup = Setup(tmp_path)
    setup.write(".env.template", "ANTHROPIC_URL=https://gateway.example.com\n")
    # The code reads another name only: ANTHROPIC_URL reaches nothing.
    setup.write("app/config/server.js", NODE_CONFIG.replace("ANTHROPIC_URL", "ANTHROPIC_PROXY"))
    findings = setup.findings(".env.template", Platform.LINUX, "bash", ("AL307",))
    assert summary(findings) == [("AL307", 1, INFO)]
    assert findings[0].span == Span.at(0, 0, 13)


def test_al307_near_miss_still_warns_even_when_code_reads_it(tmp_path):
    # A near-miss of a real name stays a warning: the SDK the code builds reads the real one.
    setup = Setup(tmp_path)
    setup.write(".env", "ANTHROPIC_APIKEY=x\n")
    setup.write("app.py", 'import os\nimport anthropic\nos.getenv("ANTHROPIC_APIKEY")\n')
    findings = setup.findings(".env", Platform.LINUX, "bash", ("AL307",))
    assert summary(findings) == [("AL307", 1, W)]


# --- AL900: a dummy token for a local proxy is not a rejected credential ----------------


def _findings(setup: Setup) -> list[Finding]:
    return setup.findings("~/.zshrc", Platform.MACOS, "zsh", ("AL900", "AL108"))


def _claude_outcome(setup: Setup) -> OutcomeKind:
    model = setup.model(Platform.MACOS, "zsh")
    (found,) = [o for o in outcomes(model) if o.name == "claude-code"]
    return found.kind


COPILOT_PROXY_ZSHRC = """# Claude Code -> GitHub Copilot proxy
export ANTHROPIC_BASE_URL="http://localhost:4001"

# rbenv
export PATH="$HOME/.rbenv/bin:$PATH"

export ANTHROPIC_AUTH_TOKEN="fake-key"
export CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS="1"
"""


def test_al900_quiet_for_a_dummy_token_sent_to_a_local_proxy(tmp_path):
    setup = Setup(tmp_path)
    setup.write("~/.zshrc", COPILOT_PROXY_ZSHRC)
    assert _findings(setup) == []
    assert _claude_outcome(setup) is not OutcomeKind.REJECTED


def test_al900_quiet_for_a_deliberate_dummy_sent_to_an_unknown_gateway(tmp_path):
    setup = Setup(tmp_path)
    text = COPILOT_PROXY_ZSHRC.replace("http://localhost:4001", "https://llm.corp.example")
    setup.write("~/.zshrc", text)
    assert _findings(setup) == []
    assert _claude_outcome(setup) is not OutcomeKind.REJECTED


def test_a_dummy_token_sent_to_anthropic_is_still_rejected(tmp_path):
    setup = Setup(tmp_path)
    text = COPILOT_PROXY_ZSHRC.replace('export ANTHROPIC_BASE_URL="http://localhost:4001"\n', "")
    setup.write("~/.zshrc", text)
    # AL108 reports the line (AL900 gives way to the rule that names the cause).
    assert [(f.code, f.span.start.line + 1) for f in _findings(setup)] == [("AL108", 6)]
    assert _claude_outcome(setup) is OutcomeKind.REJECTED


def test_a_documentation_placeholder_sent_to_a_gateway_is_still_rejected(tmp_path):
    # `your-api-key-here` is no deliberate dummy: the gateway checks its keys.
    setup = Setup(tmp_path)
    text = COPILOT_PROXY_ZSHRC.replace("http://localhost:4001", "https://llm.corp.example")
    setup.write("~/.zshrc", text.replace("fake-key", "your-api-key-here"))
    assert [(f.code, f.span.start.line + 1) for f in _findings(setup)] == [("AL108", 7)]
    assert _claude_outcome(setup) is OutcomeKind.REJECTED


# --- zsh: a construct tree-sitter-zsh's error recovery cannot finish ---------------------

# Nested ternaries in `$(( … ))` inside `${arr[…]}` inside `${arr[@]/pat/…}`, over several lines
# (a plugin manager's scheduler): tree-sitter-zsh's error recovery takes exponential time and
# memory on it (gigabytes in seconds). The parse is cancelled and the file read line by line.
RUNAWAY = """T=( ${T[@]/(#b)([0-9]##)(*)/${T[
$(( (a=${match[2]}+1) ? (
(b=${match[3]}) ? (
(c=1) ? (
(d=2) ? (
(${match[1]}+${match[2]}) <= $t ?
f(i++) : i++ )
: 1 )
: 1 )
: 1 )
: 1  ))]}} )
"""


def test_zsh_runaway_parse_is_cut_short_and_later_lines_still_read(check_text):
    import time

    text = "export EDITOR=vim\n" + RUNAWAY + "ANTHROPIC_MODEL = claude-sonnet-4-5\n"
    started = time.monotonic()
    findings = check_text("plugin.zsh", text, select="AL301")
    assert time.monotonic() - started < 30
    assert summary(findings) == [("AL301", 13, E)]


def test_al301_quiet_for_arithmetic_and_tests_when_the_file_is_read_line_by_line(check_text):
    # After the cancelled parse, each line is parsed alone: `for (( i = 0; …`, `[[ $a = b ]]`
    # must not look like `NAME = value`.
    text = (
        RUNAWAY
        + "f() {\n"
        + "  for (( idx = a + 1; idx <= n; ++ idx )); do\n    echo $idx\n  done\n"
        + "  if [[ $x == 1 ]] {\n  } elif [[ $site = cygwin ]] {\n"
        + "    for (( count = 1; count <= 5; ++ count )) {\n    }\n  }\n}\n"
    )
    assert check_text("plugin.zsh", text, select="AL301") == []


def test_al301_quiet_for_a_word_cut_by_error_recovery_in_line_reading(check_text):
    # Read line by line, tree-sitter-zsh can split `bats=( …/(FN) )` or `next='a + b'`
    # inside a word; a slip's name must be a whole word of the line.
    text = (
        RUNAWAY
        + "f() {\n"
        + "  local -a bats=( /sys/class/power_supply/(CMB*|BAT*|*battery)/(FN) )\n"
        + "  local -F start=EPOCHREALTIME\n  local -F next='start + 5'\n}\n"
    )
    assert check_text("plugin.zsh", text, select="AL301") == []
