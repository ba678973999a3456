"""False alarms found by the hunt over public dotfiles and Claude projects (HUNT.md).

Each case is a small file of the shape that misfired (not a copy of the
repository's file), checked with the real scanner and rules, next to the
positive case the fix must keep.
"""

from __future__ import annotations

import pytest

from authlint.core.findings import Finding, Severity
from authlint.core.text import Span

E, W = Severity.ERROR, Severity.WARNING


def summary(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    """(code, 1-based line, severity) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1, f.severity) for f in findings]


# --- AL301: a quoted here-document word inside a script tree-sitter cannot parse -----

THEME_SCRIPT = """#!/usr/bin/env bash
set -euo pipefail

usage() {
  cat <<'USAGE'
usage:
  theme-set <theme> [bg]  switch directly; bg = Nth wallpaper (default 1)
USAGE
}

WALL="$(ls "$HOME"/backgrounds/* 2>/dev/null | head -n 1)"
if [ -n "$WALL" ]; then
  if ! osascript - "$WALL" >/dev/null 2>&1 <<'APPLESCRIPT'; then
on run argv
  tell application "System Events" to tell every desktop to set picture to (item 1 of argv)
end run
APPLESCRIPT
    echo "theme-set: wallpaper failed" >&2
  fi
fi
"""


def test_al301_quiet_in_a_quoted_heredoc_of_an_unparsable_script(check_text):
    # `if ! cmd <<'X'; then` makes tree-sitter-bash give up on the file; the
    # line-by-line fallback must still skip the `<<'USAGE'` body.
    assert check_text("bin/theme-set", THEME_SCRIPT, select="AL3") == []


def test_al301_still_reported_after_the_heredoc_in_the_fallback(check_text):
    text = THEME_SCRIPT.replace("WALL=", "ANTHROPIC_MODEL = claude-sonnet-4-5\nWALL=", 1)
    findings = check_text("bin/theme-set", text, select="AL301")
    assert summary(findings) == [("AL301", 11, E)]
    assert findings[0].span == Span.at(10, 15, 18)


# --- AL302: `local a= b c` declares several names ---------------------------------

COMPLETION = """__git_aliased_command ()
{
\tlocal cur=$1 last list= word cmdline
\tlocal result= values config_key word
\techo "$cur $last $list $word $cmdline $result $values $config_key"
}
"""


def test_al302_quiet_for_several_names_after_local(check_text):
    assert check_text("git-completion.bash", COMPLETION, select="AL3") == []


def test_al302_still_reported_for_a_value_after_local_or_export(check_text):
    text = (
        "f() {\n"
        "  local cache= /tmp/cache\n"
        "}\n"
        "export JAVA_HOME= /Library/Java/JavaVirtualMachines/jdk-11.jdk/Contents/Home\n"
        "export EDITOR= vim\n"
    )
    findings = check_text("bashrc.sh", text, select="AL302")
    assert summary(findings) == [("AL302", 2, W), ("AL302", 4, W), ("AL302", 5, W)]
    assert findings[0].span == Span.at(1, 13, 15)


# --- AL301: `sed =` is a command with the operand `=` ------------------------------


def test_al301_quiet_for_utilities_that_take_an_equals_operand(check_text):
    text = (
        "#!/usr/bin/env sh\n"
        "fasd_list() {\n"
        "  printf %s\\\\n \"$res\" | sed = | sed 'N;s/\\n/\\t/' | sort -nr >&2\n"
        '  test = "$1" && echo ok\n'
        "}\n"
    )
    assert check_text("bin/fasd", text, select="AL3") == []


def test_al301_still_reported_for_a_name_that_is_no_utility(check_text):
    text = "#!/bin/sh\nANTHROPIC_BASE_URL = http://localhost:4000\n"
    findings = check_text("bin/setup", text, select="AL301")
    assert summary(findings) == [("AL301", 2, E)]


# --- AL301/AL302: nothing after a top-level `exit` runs as shell -------------------

POLYGLOT = """#!/usr/bin/env bash
# b - browse bookmarks with fzf

/usr/bin/ruby -x "$0" | fzf --ansi --multi | awk 'BEGIN { FS = "\\t" } { print $2 }'

exit $?

#!ruby
# encoding: utf-8

require 'json'
FILE = '~/Library/Application Support/Google/Chrome/Default/Bookmarks'
CJK  = /\\p{Han}|\\p{Katakana}/

def build parent, json
  name = [parent, json['name']].compact.join('/')
end
"""


def test_shell_after_a_top_level_exit_is_not_read(check_text):
    assert check_text("bin/b", POLYGLOT, select="AL3") == []


def test_shell_before_a_top_level_exit_is_still_read(check_text):
    text = POLYGLOT.replace("exit $?", "export ANTHROPIC_MODEL= claude-sonnet-4-5\nexit $?", 1)
    findings = check_text("bin/b", text, select="AL3")
    assert summary(findings) == [("AL302", 6, E)]


def test_exit_inside_a_function_or_condition_does_not_end_the_script(check_text):
    text = (
        "#!/bin/sh\n"
        'die() { echo "$1" >&2; exit 1; }\n'
        '[ -n "$HOME" ] || exit 1\n'
        "ANTHROPIC_MODEL = claude-sonnet-4-5\n"
    )
    findings = check_text("bin/setup", text, select="AL301")
    assert summary(findings) == [("AL301", 4, E)]


# --- AL310: a `.env` that is a shell fragment sourced by the profile ----------------

SYSTEM_ENV = """export XDG_RUNTIME_DIR="$HOME/.local/runtime"

# History

export HISTSIZE=32768;
export HISTFILESIZE="${HISTSIZE}";
export MANPAGER='less -X';

shopt -s nocaseglob
if [ ${BASH_VERSINFO[0]} -ge 4 ]; then
  shopt -s globstar
fi
"""


def test_al310_quiet_on_the_shell_lines_of_a_shell_fragment(check_text):
    assert check_text("system/.env", SYSTEM_ENV, select="AL310") == []


def test_al310_quiet_when_only_ulimit_marks_the_shell_fragment(check_text):
    text = 'export EDITOR="code"\n\n# Raise the open files limit\n\nulimit -S -n 8192\n'
    assert check_text("system/macos/.env", text, select="AL310") == []


def test_al310_keeps_an_authentication_line_in_a_shell_fragment(check_text):
    text = SYSTEM_ENV + 'export ANTHROPIC_API_KEY="sk-ant-abc\n'
    findings = check_text("system/.env", text, select="AL310")
    assert summary(findings) == [("AL310", 13, E)]


def test_al310_plain_dotenv_still_warns_on_other_names(check_text):
    findings = check_text(".env", "A=1\nexport MANPAGER='less -X';\n", select="AL310")
    assert summary(findings) == [("AL310", 2, W)]


# --- AL602: Vertex's base URL ends in /v1 by design --------------------------------


def test_al602_quiet_for_vertex_and_bedrock_clients(check_text):
    text = (
        "from anthropic import AnthropicBedrock, AnthropicVertex, AsyncAnthropicVertex\n\n"
        "vertex = AnthropicVertex(\n"
        '    region="us-east5", project_id="my-project", access_token="fake-token",\n'
        '    base_url="https://test.googleapis.com/v1",\n'
        ")\n"
        "async_vertex = AsyncAnthropicVertex(\n"
        '    region="global", project_id="my-project", base_url="https://eu-aiplatform.googleapis.com/v1"\n'
        ")\n"
        'bedrock = AnthropicBedrock(aws_region="us-east-1", base_url="https://bedrock.example.com/v1")\n'
    )
    assert check_text("test_vertex.py", text, select="AL602") == []


def test_al602_still_reported_for_the_first_party_client(check_text):
    text = (
        "from anthropic import Anthropic\n\n"
        'client = Anthropic(base_url="https://test.googleapis.com/v1")\n'
    )
    findings = check_text("client.py", text, select="AL602")
    assert [f.code for f in findings] == ["AL602"]


EXIT_IN_A_BLOCK = [
    "function die {\nexit 1\n}\n",
    "die()\n{\nexit 1\n}\n",
    'if [ -z "$HOME" ]\nthen\nexit 1\nfi\n',
    'case "$1" in\n-h)\nexit 0\n;;\nesac\n',
    "cat <<EOF\nexit\nEOF\n",
    'echo "\nexit\n"\n',
]


@pytest.mark.parametrize("block", EXIT_IN_A_BLOCK)
def test_exit_at_column_0_inside_a_block_does_not_end_the_script(check_text, block):
    text = "#!/bin/sh\n" + block + "ANTHROPIC_MODEL = claude-sonnet-4-5\n"
    findings = check_text("bin/setup", text, select="AL301")
    assert [f.code for f in findings] == ["AL301"]
