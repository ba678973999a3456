"""The zsh scanner (tree-sitter-zsh) and the guarantee both shell scanners keep.

The guarantee: a parse error (or a construct one grammar does not know) never
hides an assignment outside the construct. Each zsh-only construct is put in
front of (and in the middle of) a set of assignment fixtures in a zsh file,
each bash-only construct in a bash file, and the facts of the fixture lines
must be exactly those of the fixture scanned alone, shifted by the lines
added. Values are checked against a real zsh where one is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_posix_shell import CASES, Case

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile, SlipKind
from authlint.core.source import SourceFile
from authlint.engine import check_source
from authlint.scanners import posix_shell, scan, shell_dialect, zsh_shell
from keys import api_key
from scanning import at, only

ZSH = shutil.which("zsh")
# The bash scanner's table of assignment cases (some are pytest.param with an id).
POSIX_CASES: list[Case] = [getattr(c, "values", (c,))[0] for c in CASES]

ZSH_ONLY = {
    "precmd": "precmd() { vcs_info }",
    "path-array": "path=(~/bin $path)",
    "glob-qualifier": "for f in ~/.zsh/*.zsh(N); do source $f; done",
    "glob-qualifier-sort": "ls -d *(.om[1])",
    "typeset-U": "typeset -U path fpath",
    "autoload": "autoload -Uz compinit && compinit -C",
    "option-test": "[[ -o interactive ]] && echo hi",
    "split-flag": "parts=(${(s/:/)PATH})",
    "split-flag-bare": "print -l ${(s/:/)PATH}",
    "nested-flags": "here=${${(%):-%x}:A:h}",
    "setopt": "setopt extendedglob no_beep",
    "anonymous-function": "() { local x=1 }",
    "repeat": "repeat 3 echo hi",
    "repeat-brace": "repeat 3 { echo hi }",
    "foreach": "foreach i (a b) echo $i; end",
    "foreach-multi": "foreach i (a b)\n  echo $i\nend",
    "short-if": "if [[ -o login ]] { echo x }",
    "short-if-multi": (
        "if [[ -o login ]] {\n  echo x\n} elif [[ -o interactive ]] {\n  echo y\n"
        "} else {\n  echo z\n}"
    ),
    "short-while": "while (( $# )) { shift }",
    "short-for": "for i (a b) { echo $i }",
    "c-for-short": "for ((i=0;i<3;i++)) echo $i",
    "glob-flag": "[[ $1 = (#i)yes ]] && echo y",
    "always": "{ echo a } always { echo b }",
    "global-alias": "alias -g L='| less'",
    "zstyle": "zstyle ':completion:*' menu select",
    "bindkey": "bindkey '^R' history-incremental-search-backward",
    "fpath": "fpath=(${ZDOTDIR:-$HOME}/.zfunc $fpath)",
    "prompt-escapes": "PROMPT='%F{red}%n%f %# '",
    "equals-expansion": "echo =ls",
    "case-parens": "case $x in (a) echo a;; esac",
    "zle-widget": "function widget {\n  ls *(.om[1])\n}\nzle -N widget",
}
BASH_ONLY = {
    "shopt": "shopt -s histappend checkwinsize",
    "associative-array": "declare -A m=([a]=1 [b]=2)",
    "regex-match": "[[ $x =~ ^a(b)$ ]] && echo m",
    "process-substitution": "diff <(ls a) <(ls b)",
    "ansi-c-string": "tab=$'a\\tb'",
    "here-string": 'cat <<< "$x"',
    "select": "select o in a b; do break; done",
    "coproc": "coproc cat",
    "coproc-named": "coproc NAME { cat; }",
    "pattern-substitution": "echo ${x//a/b}",
    "mapfile": "mapfile -t lines < <(ls)",
    "arithmetic": "(( i++ ))",
    "indirect-prefix": "echo ${!prefix@}",
    "subshell-function": "f() ( echo sub )",
    "case-fallthrough": "case $x in a) echo;& b) echo;;& esac",
    "prompt-command": 'PROMPT_COMMAND="history -a; $PROMPT_COMMAND"',
}
FIXTURES = {
    "export": "export ANTHROPIC_API_KEY=sk-test-value\n",
    "plain": 'ANTHROPIC_API_KEY="sk test value"\n',
    "typeset-x": "typeset -x ANTHROPIC_BASE_URL='https://api.example.com'\n",
    "several": "export A=1 B=2\n",
    "in-if": 'if [ -f ~/.x ]; then\n  export C="in if"\nfi\n',
    "empty": "export ANTHROPIC_AUTH_TOKEN=\nD=\nexport E=5\n",
    "comment-after-empty": "F= # not set here\nexport G=7\n",
    "space-after-equals": "export H= value\n",
    "computed": "I=$HOME/x\nexport I\n",
    "include-unset": "source ~/.secrets\nunset J\n",
    "local-in-function": "f() {\n  local K=1\n}\nexport L=2\n",
}


def _facts(text: str, name: str) -> ScannedFile:
    return scan(SourceFile(Path(name), text), FileKind.SHELL)


def _facts_of(result: ScannedFile, names: set[str]) -> list[tuple[object, ...]]:
    """Every fact about ``names``: assignments (all fields), slips, includes, unsets."""
    out: list[tuple[object, ...]] = [
        (
            "assignment",
            a.name,
            a.value,
            a.raw_value,
            a.quote,
            a.exported,
            a.top_level,
            a.name_span,
            a.value_span,
            a.content_span,
            a.statement_span,
        )
        for a in result.assignments
        if a.name in names
    ]
    out += [("slip", s.kind, s.name, s.span, s.repair) for s in result.slips if s.name in names]
    out += [
        ("include", i.target, i.span, i.top_level, i.allexport)
        for i in result.includes
        if i.target == "~/.secrets"  # the fixtures' include (constructs may have their own)
    ]
    out += [("unset", u.name, u.span, u.top_level) for u in result.unsets if u.name in names]
    return out


def _check_guarantee(construct: str, fixture: str, name: str) -> None:
    """``construct`` before and inside ``fixture`` changes none of the fixture's facts.

    The expected facts are those of the fixture with blank lines where the
    construct stands: the same positions, nothing to parse.
    """
    names = {a.name for a in _facts(fixture, name).assignments} | {"J"}
    blank = "\n" * construct.count("\n")
    cases = [(construct + "\n" + fixture, blank + "\n" + fixture)]
    first, _, rest = fixture.partition("\n")
    if rest and not first.startswith(("if ", "f()")):  # not inside the fixture's own block
        cases.append((f"{first}\n{construct}\n{rest}", f"{first}\n{blank}\n{rest}"))
    for text, expected_text in cases:
        expected = _facts_of(_facts(expected_text, name), names)
        assert expected, "the fixture defines something"
        assert _facts_of(_facts(text, name), names) == expected


@pytest.mark.parametrize("fixture", list(FIXTURES.values()), ids=list(FIXTURES))
@pytest.mark.parametrize("construct", list(ZSH_ONLY.values()), ids=list(ZSH_ONLY))
def test_a_zsh_construct_hides_no_assignment_in_a_zsh_file(construct: str, fixture: str) -> None:
    _check_guarantee(construct, fixture, ".zshrc")


@pytest.mark.parametrize("fixture", list(FIXTURES.values()), ids=list(FIXTURES))
@pytest.mark.parametrize("construct", list(BASH_ONLY.values()), ids=list(BASH_ONLY))
def test_a_bash_construct_hides_no_assignment_in_a_bash_file(construct: str, fixture: str) -> None:
    _check_guarantee(construct, fixture, ".bashrc")


@pytest.mark.parametrize("fixture", list(FIXTURES.values()), ids=list(FIXTURES))
@pytest.mark.parametrize("construct", list(BASH_ONLY.values()), ids=list(BASH_ONLY))
def test_bash_syntax_in_a_zsh_file_hides_nothing(construct: str, fixture: str) -> None:
    # zsh runs most of these too; a .zshrc copied from a .bashrc keeps them.
    _check_guarantee(construct, fixture, ".zshrc")


def test_the_fixtures_read_the_same_in_both_grammars() -> None:
    for fixture in FIXTURES.values():
        names = {a.name for a in _facts(fixture, ".bashrc").assignments}
        bash = _facts_of(_facts(fixture, ".bashrc"), names)
        assert _facts_of(_facts(fixture, ".zshrc"), names) == bash


@pytest.mark.parametrize("case", POSIX_CASES, ids=lambda c: c.text[:40])
def test_zsh_scanner_agrees_with_bash_scanner_on_posix_text(case: Case) -> None:
    # Every assignment case of the bash scanner's table reads the same in zsh.
    bash = posix_shell.scan(SourceFile(None, case.text))
    zsh = zsh_shell.scan(SourceFile(None, case.text))
    names = {a.name for a in bash.assignments}
    assert _facts_of(zsh, names) == _facts_of(bash, names)


def test_an_unexported_key_below_zsh_syntax_is_reported() -> None:
    # The report behind issue 11: one zsh-only line hid everything under it.
    key = api_key()
    text = (
        "autoload -Uz vcs_info\n"
        "precmd() { vcs_info }\n"
        "typeset -U path\n"
        "path=(~/bin $path)\n"
        f"ANTHROPIC_API_KEY={key}\n"
    )
    result = _facts(text, ".zshrc")
    assignment = only(result, "ANTHROPIC_API_KEY")
    assert (assignment.top_level, assignment.exported) == (True, False)
    assert assignment.name_span == at(4, 0, 17)
    assert assignment.value_span == at(4, 18, 18 + len(key))
    slips = [s for s in result.slips if s.kind is SlipKind.NOT_EXPORTED]
    assert [(s.name, s.span) for s in slips if s.name != "path"] == [
        ("ANTHROPIC_API_KEY", at(4, 0, 17))
    ]
    findings = check_source(SourceFile(Path(".zshrc"), text), FileKind.SHELL, CheckContext())
    assert "AL303" in {f.code for f in findings if f.span.start.line == 4}


def test_a_zsh_file_is_read_with_the_zsh_grammar() -> None:
    text = "precmd() { vcs_info }\nK=v\n"
    # tree-sitter-bash reads `precmd() { vcs_info }` as an unclosed group: K is not top level.
    assert only(_facts(text, ".bashrc"), "K").top_level is False
    for name in (".zshrc", ".zshenv", ".zprofile", ".zlogin", "dot_zshrc", "x.plugin.zsh"):
        assert only(_facts(text, name), "K").top_level is True, name
    assert only(_facts("#!/usr/bin/env zsh\n" + text, "setup"), "K").top_level is True


@pytest.mark.parametrize(
    ("name", "head", "dialect"),
    [
        (".zshrc", "", "zsh"),
        (".zshenv", "", "zsh"),
        (".zprofile", "", "zsh"),
        (".zlogin", "", "zsh"),
        (".zlogout", "", "zsh"),
        ("zshrc", "", "zsh"),
        ("dot_zshrc", "", "zsh"),
        ("private_dot_zshenv", "", "zsh"),
        ("aliases.zsh", "", "zsh"),
        ("git.plugin.zsh", "", "zsh"),
        ("robbyrussell.zsh-theme", "", "zsh"),
        ("setup", "#!/usr/bin/env zsh\n", "zsh"),
        ("setup.sh", "#!/bin/zsh\n", "zsh"),
        ("setup.zsh", "#!/bin/bash\n", "bash"),
        (".zshrc", "#!/bin/bash\n", "zsh"),  # the name says who reads it
        (".bashrc", "#!/bin/zsh\n", "bash"),
        (".bashrc", "", "bash"),
        (".profile", "", "bash"),
        (".envrc", "", "bash"),
        ("setup.sh", "", "bash"),
        ("setup", "", "bash"),
    ],
)
def test_shell_dialect(name: str, head: str, dialect: str) -> None:
    assert shell_dialect(Path(name), head) == dialect
    assert shell_dialect(None, head) == ("zsh" if "zsh" in head else "bash")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tree-sitter-zsh reads `K=` at a line end as taking the next line as its value.
        ("export K=\nexport L=1\n", [("K", "", True, True), ("L", "1", True, True)]),
        ("M=\nN=2\n", [("M", "", False, True), ("N", "2", False, True)]),
        ("M=\r\nN=2\r\n", [("M", "", False, True), ("N", "2", False, True)]),
        ("M= \nexport N=2\n", [("M", "", False, True), ("N", "2", True, True)]),
        ("A=\nB=\nC=\nD=1\n", [(n, v, False, True) for n, v in zip("ABCD", "   1", strict=True)]),
        ("M= # note\nN=2\n", [("M", "", False, True), ("N", "2", False, True)]),
        ("GIT_DIR= git status\nN=2\n", [("N", "2", False, True)]),
        ("export K= v\n", [("K", "", True, True)]),
        ("K+=\nL=1\n", [("K", None, False, True), ("L", "1", False, True)]),
    ],
)
def test_values_after_equals_and_a_blank(
    text: str, expected: list[tuple[str, str | None, bool, bool]]
) -> None:
    got = [
        (a.name, a.value.strip() if a.value else a.value, a.exported, a.top_level)
        for a in _facts(text, ".zshrc").assignments
    ]
    assert got == [(n, v.strip() if v else v, e, t) for n, v, e, t in expected]
    # The same as tree-sitter-bash reads it.
    bash = [
        (a.name, a.value.strip() if a.value else a.value, a.exported, a.top_level)
        for a in _facts(text, ".bashrc").assignments
    ]
    assert got == bash


def test_export_with_a_space_after_equals_is_a_slip_in_zsh_too() -> None:
    result = _facts("export K= value\n", ".zshrc")
    k = only(result, "K")
    assert (k.value, k.value_span, k.statement_span) == ("", at(0, 9, 9), at(0, 0, 15))
    assert [(s.kind, s.span) for s in result.slips] == [(SlipKind.SPACE_AFTER_EQUALS, at(0, 8, 10))]


def test_export_name_words_export_earlier_assignments() -> None:
    # tree-sitter-zsh gives `export K` a plain word, not a variable name.
    result = _facts("K=v\nexport K\ntypeset -x L\nL=w\n", ".zshrc")
    assert [(a.name, a.exported) for a in result.assignments] == [("K", True), ("L", True)]
    assert result.slips == []


def test_export_of_an_expansion_in_zsh() -> None:
    result = _facts("export $KEY\nexport ${KEY}\n", ".zshrc")
    assert [(s.kind, s.name, s.span) for s in result.slips] == [
        (SlipKind.EXPORT_OF_EXPANSION, "KEY", at(0, 7, 11)),
        (SlipKind.EXPORT_OF_EXPANSION, "KEY", at(1, 7, 13)),
    ]


def test_anonymous_function_runs_at_once() -> None:
    text = (
        "() {\n"
        "  local tmp=1\n"
        "  typeset other=2\n"
        "  typeset -g GLOBAL=3\n"
        "  export ANTHROPIC_BASE_URL=https://api.example.com\n"
        "  tmp=4\n"
        "  PLAIN=5\n"
        "}\n"
    )
    got = [(a.name, a.top_level) for a in _facts(text, ".zshrc").assignments]
    assert got == [
        ("tmp", False),
        ("other", False),
        ("GLOBAL", True),
        ("ANTHROPIC_BASE_URL", True),
        ("tmp", False),
        ("PLAIN", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "foreach d (a b)\n  export IN=1\nend\n",
        "foreach d (a b)\n  if [[ -d $d ]] {\n    IN=1\n  }\nend\n",
        "if [[ -o login ]] {\n  export IN=1\n}\n",
        "if [[ -o login ]] { IN=1 }\n",
        "if [[ -o login ]] {\n  :\n} else {\n  IN=1\n}\n",
        "while (( $# )) {\n  IN=1\n  shift\n}\n",
        "repeat 2 {\n  IN=1\n}\n",
        "for i (a b) IN=1\n",
        "repeat 3 IN=1\n",
        "for ((i=0;i<3;i++)) {\n  IN=1\n}\n",
        "case $x {\n  (a) IN=1 ;;\n}\n",
        "f() {\n  ls *(.om[1])\n  IN=1\n}\n",
    ],
)
def test_inside_zsh_blocks_is_not_top_level(text: str) -> None:
    result = _facts(text + "export OUT=1\n", ".zshrc")
    inside = result.definitions("IN")
    assert inside and all(not a.top_level for a in inside)
    out = only(result, "OUT")
    assert (out.top_level, out.name_span.start.line) == (True, text.count("\n"))


def test_a_here_document_body_is_not_read() -> None:
    text = "cat <<EOF >> ~/.env\nforeach x\nK=v\nEOF\nexport A=1\n"
    assert [a.name for a in _facts(text, ".zshrc").assignments] == ["A"]


def test_includes_and_allexport_in_zsh() -> None:
    text = (
        "setopt ALL_EXPORT\n"
        "source ~/.zsh_secrets\n"
        "unsetopt allexport\n"
        '[[ -f "$HOME/.local.zsh" ]] && . "$HOME/.local.zsh"\n'
        "for f in ~/.zsh/*.zsh(N); do source $f; done\n"
    )
    includes = _facts(text, ".zshrc").includes
    assert [(i.target, i.top_level, i.allexport, i.span) for i in includes] == [
        ("~/.zsh_secrets", True, True, at(1, 0, 21)),
        ("~/.local.zsh", False, False, at(3, 31, 51)),
        (None, False, False, at(4, 29, 38)),
    ]


def test_many_parse_errors_stay_linear_enough() -> None:
    # Each error re-parses the rest once (at most 64 times), then lines are read alone.
    text = "".join(f"if [[ -o login ]] {{ echo {i} }}\nexport K{i}=v\n" for i in range(300))
    result = _facts(text, ".zshrc")
    assert [a.name for a in result.assignments] == [f"K{i}" for i in range(300)]
    assert all(a.top_level for a in result.assignments)


def test_half_typed_zsh_never_raises() -> None:
    text = (
        "precmd() { vcs_info }\nforeach i (a b)\n  if [[ -o x ]] {\n"
        'export K="v"\nparts=(${(s/:/)PATH})\nrepeat 3 {\n'
    )
    for end in range(len(text) + 1):
        _facts(text[:end], ".zshrc")


def zsh_values(tmp_path: Path, text: str) -> dict[str, str]:
    """The variables a real zsh has set after sourcing ``text``: name -> value."""
    assert ZSH is not None
    script = tmp_path / "zshrc"
    script.write_text(text, encoding="utf-8")
    probe = (
        f"source {script} >/dev/null 2>&1; "
        "for n in ${(k)parameters}; do "
        "[[ $n == [A-Z]* && ${parameters[$n]} == scalar* ]] && print -rn -- \"$n=${(P)n}\"$'\\0'; "
        "done"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    env["LANG"] = "C.UTF-8"
    done = subprocess.run(
        [ZSH, "-f", "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=20,
        cwd=tmp_path,
    )
    found = [item.split("=", 1) for item in done.stdout.split("\0") if "=" in item]
    return {name: value for name, value in found}


SIMPLE_FIXTURES = [f for n, f in FIXTURES.items() if n not in {"include-unset", "computed"}]


@pytest.mark.skipif(ZSH is None, reason="no zsh to compare with")
@pytest.mark.parametrize("construct", list(ZSH_ONLY.values()), ids=list(ZSH_ONLY))
def test_values_are_what_zsh_assigns(construct: str, tmp_path: Path) -> None:
    text = construct + "\n" + "".join(SIMPLE_FIXTURES)
    real = zsh_values(tmp_path, text)
    result = _facts(text, ".zshrc")
    compared = 0
    for assignment in result.assignments:
        name = assignment.name
        if assignment.value is None or not assignment.top_level or not name.isupper():
            continue
        if name in real and assignment is result.effective(name):
            assert real[name] == assignment.value, name
            compared += 1
    assert compared or construct.startswith(("[[", "ls", "autoload", "for f"))


@pytest.mark.skipif(ZSH is None, reason="no zsh to compare with")
@pytest.mark.parametrize("case", [c for c in POSIX_CASES if c.top_level], ids=lambda c: c.text[:40])
def test_bash_table_values_are_what_zsh_assigns(case: Case, tmp_path: Path) -> None:
    value = only(_facts(case.text, ".zshrc"), case.name).value
    if value is not None:
        assert zsh_values(tmp_path, case.text).get(case.name) == value


@pytest.mark.parametrize(
    ("name", "text", "dialect"),
    [
        ("zmv", "# zmv\nsetopt extendedglob\nlocal f\n", "zsh"),  # an autoloaded function
        (".aliases", "zstyle ':completion:*' menu select\n", "zsh"),
        (".extra", "print -l ${(s/:/)PATH}\n", "zsh"),
        (".aliases", 'alias ll="ls -l"\n', "bash"),
        (".extra", "export K=v\n", "bash"),
        ("setup.sh", "setopt extendedglob\n", "bash"),  # the suffix says sh
    ],
)
def test_shell_dialect_from_content(name: str, text: str, dialect: str) -> None:
    assert shell_dialect(Path(name), text) == dialect
    assert shell_dialect(None, text) == "bash"  # an unnamed buffer: no guess


# Shaped like the oh-my-zsh / powerlevel10k / conda / nvm setups in public dotfiles.
OH_MY_ZSH_RC = """\
# Enable Powerlevel10k instant prompt.
if [[ -r "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh" ]]; then
  source "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh"
fi

export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="powerlevel10k/powerlevel10k"
plugins=(git docker zsh-autosuggestions)
source $ZSH/oh-my-zsh.sh

typeset -U path PATH
path=($HOME/.local/bin $HOME/go/bin $path)
fpath=(${ZDOTDIR:-$HOME}/.zfunc $fpath)
autoload -Uz compinit && compinit -C
zstyle ':completion:*' matcher-list 'm:{a-z}={A-Za-z}'
setopt HIST_IGNORE_ALL_DUPS SHARE_HISTORY
bindkey '^R' history-incremental-search-backward

autoload -Uz vcs_info
precmd() { vcs_info }
zstyle ':vcs_info:git:*' formats '%b '

# >>> conda initialize >>>
__conda_setup="$('/opt/conda/bin/conda' 'shell.zsh' 'hook' 2> /dev/null)"
if [ $? -eq 0 ]; then
    eval "$__conda_setup"
else
    export PATH="/opt/conda/bin:$PATH"
fi
unset __conda_setup
# <<< conda initialize <<<

export NVM_DIR="$HOME/.nvm"
[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"

for f in ~/.zsh/functions/*.zsh(N.); do source $f; done
alias ll='ls -lah'
mkcd() { mkdir -p "$1" && cd "$1" }

[[ ! -f ~/.p10k.zsh ]] || source ~/.p10k.zsh
ANTHROPIC_BASE_URL=https://gateway.example.com
export CLAUDE_CODE_USE_BEDROCK=
ANTHROPIC_API_KEY="sk-ant-api03-placeholder"
"""


def test_a_real_shaped_oh_my_zsh_rc() -> None:
    result = _facts(OH_MY_ZSH_RC, ".zshrc")
    lines = OH_MY_ZSH_RC.splitlines()
    base = lines.index("ANTHROPIC_BASE_URL=https://gateway.example.com")
    got = {
        a.name: (a.value, a.exported, a.top_level, a.name_span.start.line)
        for a in result.assignments
        if a.name.startswith(("ANTHROPIC", "CLAUDE", "ZSH", "NVM"))
    }
    assert got == {
        "ZSH": (None, True, True, 5),
        "ZSH_THEME": ("powerlevel10k/powerlevel10k", False, True, 6),
        "NVM_DIR": (None, True, True, 32),
        "ANTHROPIC_BASE_URL": ("https://gateway.example.com", False, True, base),
        "CLAUDE_CODE_USE_BEDROCK": ("", True, True, base + 1),
        "ANTHROPIC_API_KEY": ("sk-ant-api03-placeholder", False, True, base + 2),
    }
    key = only(result, "ANTHROPIC_API_KEY")
    assert key.value_span == at(base + 2, 18, 44) and key.content_span == at(base + 2, 19, 43)
    conda = result.definitions("PATH")
    assert [(a.top_level, a.exported) for a in conda] == [(False, True)]
    assert [(i.target, i.top_level) for i in result.includes] == [
        (None, False),  # p10k instant prompt (computed path)
        (None, True),  # $ZSH/oh-my-zsh.sh
        (None, False),  # nvm.sh after `&&`
        (None, False),  # the glob-qualified loop
        ("~/.p10k.zsh", False),
    ]
    not_exported = [s.name for s in result.slips if s.kind is SlipKind.NOT_EXPORTED]
    assert "ANTHROPIC_BASE_URL" in not_exported and "ANTHROPIC_API_KEY" in not_exported
    # Read with tree-sitter-bash (before zsh files had their own grammar), the key is lost.
    bash = posix_shell.scan(SourceFile(Path(".bashrc"), OH_MY_ZSH_RC))
    assert "ANTHROPIC_API_KEY" not in {a.name for a in bash.assignments if a.top_level}


def test_plugin_idioms_define_no_variable() -> None:
    # The zsh plugin standard's `0=…` sets a positional parameter, not a variable.
    text = (
        '0="${${ZERO:-${0:#$ZSH_ARGZERO}}:-${(%):-%N}}"\n0="${${(M)0:#/*}:-$PWD/$0}"\nexport K=v\n'
    )
    result = _facts(text, "x.plugin.zsh")
    assert [(a.name, a.top_level) for a in result.assignments] == [("K", True)]
    assert result.slips == []


@pytest.mark.parametrize("name", [".zshrc", ".bashrc"])
def test_nvm_escaped_dot_is_an_include(name: str) -> None:
    text = 'export NVM_DIR="$HOME/.nvm"\n[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"\n'
    includes = _facts(text, name).includes
    assert [(i.target, i.top_level, i.span) for i in includes] == [(None, False, at(1, 28, 48))]
