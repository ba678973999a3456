"""The shell scanners' reuse of unchanged statements gives exactly a fresh scan's facts.

A keystroke in a profile open in the editor rescans the whole file (issue 15);
from a file's second scan on, the facts of every top-level statement whose
lines did not change are taken from the previous scan of that file, moved to
where the statement now stands (:meth:`posix_shell._Scanner.walk_top`), and
the file is parsed from its previous tree (tree-sitter's incremental parse).
Every fact, span and repair included, must stay what a scan without the
previous one gives: compared here after random edits (keystrokes, pasted
pieces, lines copied, moved and deleted) of a real-shaped ``.zshrc`` and
``.bashrc``, for both grammars.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tree_sitter import Node

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners import posix_shell, scan, zsh_shell

PROFILE = r"""# ~/.zshrc
export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git docker kubectl)
source $ZSH/oh-my-zsh.sh

typeset -U path
path=(~/bin ~/.local/bin $path)
export PATH="$HOME/.cargo/bin:$PATH"
export EDITOR=nvim LANG=en_US.UTF-8

alias ll='ls -la'
alias gs='git status -s'

setopt allexport
AUTO_EXPORTED=yes
unsetopt allexport

if [[ -f ~/.fzf.zsh ]]; then
  source ~/.fzf.zsh
  export FZF_DEFAULT_OPTS='--height 40%'
fi

[[ -d "$HOME/go" ]] && export GOPATH="$HOME/go"

function mkcd() {
  mkdir -p "$1" && cd "$1"
}
precmd() { vcs_info }

() {
  local tmp=1
  typeset -g GLOBAL_FROM_ANON=2
  tmp=3
}

for f in ~/.zsh/*.zsh; do
  source "$f"
done

export ANTHROPIC_BASE_URL=https://api.anthropic.com
export ANTHROPIC_MODEL="claude-sonnet"; LOCAL_ONLY=1
export LOCAL_LATER
GIT_DIR= git status
export EMPTY= value
export SPACED = oops
declare -x DECLARED=$'tab\there'
export $INDIRECT
export LONG=first\
second
cat <<EOF > /tmp/x
export INSIDE_HEREDOC=1
EOF
eval "$(pyenv init -)"
[ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"
unset OLD_VAR
set -a
SET_A_VAR=1
set +a
$env:PS_STYLE = "x"
set -gx FISH_STYLE value
foreach x (a b c)
  echo $x
end
if [[ -n $X ]] {
  export IN_SHORT_IF=1
}
export ANTHROPIC_API_KEY=$(security find-generic-password -s anthropic -w)
"""

# What an edit inserts: a keystroke, or a piece that changes the structure around it.
PIECES = [
    "a", "Z", "_", "1", " ", "=", "\n", "\r\n", "\t", "'", '"', "$", "{", "}", "(", ")", "\\",
    "\\\n", "#", "`", "é", "; ", "&& ", "|", "export ", "K=", "K= ", "local ", "typeset ",
    "if [[ x ]]; then\n", "fi\n", "{\n", "}\n", "<<EOF\n", "EOF\n", "foreach y (1 2)\n",
    "end\n", "exit\n", "set -a\n", "unset K\n", "source ~/.aliases\n", "f() {\n", "() {\n",
]  # fmt: skip

edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "copy-line", "delete-line"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(PIECES),
    ),
    min_size=1,
    max_size=12,
)


def _edit(text: str, kind: str, at: int, other: int, piece: str) -> str:
    where = at % (len(text) + 1)
    if kind == "insert":
        return text[:where] + piece + text[where:]
    if kind == "delete":
        return text[:where] + text[where + 1 + other % 4 :]
    lines = text.splitlines(keepends=True) or [""]
    line = at % len(lines)
    if kind == "copy-line":
        lines.insert(other % (len(lines) + 1), lines[line])
    elif len(lines) > 1:
        del lines[line]
    return "".join(lines)


def _facts(scanned: ScannedFile) -> tuple[object, ...]:
    return (scanned.assignments, scanned.slips, scanned.includes, scanned.unsets)


@contextmanager
def _no_earlier_scans() -> Iterator[None]:
    """A scan in here parses and reads everything afresh; what was remembered is kept for after."""
    saved = posix_shell._recent_statements
    posix_shell._recent_statements = OrderedDict()
    try:
        yield
    finally:
        posix_shell._recent_statements = saved


def _scan_twice(path: Path, text: str) -> ScannedFile:
    """Scan ``text`` as the file at ``path`` twice: from its second scan on a file is recorded."""
    scan(SourceFile(path, text), FileKind.SHELL)
    return scan(SourceFile(path, text), FileKind.SHELL)


def _assert_reuse_equals_fresh(
    path: Path, steps: list[tuple[str, int, int, str]], text: str = PROFILE
) -> None:
    with _no_earlier_scans():  # this test's own history only
        _scan_twice(path, text)
        for step in steps:
            text = _edit(text, *step)
            source = SourceFile(path, text)
            kept = scan(source, FileKind.SHELL)
            with _no_earlier_scans():
                fresh = scan(source, FileKind.SHELL)
            assert _facts(kept) == _facts(fresh), (step, text)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(steps=edits)
def test_zsh_reuse_after_edits_equals_a_fresh_scan(steps: list[tuple[str, int, int, str]]) -> None:
    _assert_reuse_equals_fresh(Path("/home/u/.zshrc"), steps)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(steps=edits)
def test_bash_reuse_after_edits_equals_a_fresh_scan(steps: list[tuple[str, int, int, str]]) -> None:
    _assert_reuse_equals_fresh(Path("/home/u/.bashrc"), steps)


def test_a_keystroke_reuses_the_other_statements() -> None:
    """Statements whose lines did not change keep their facts (the same objects), moved or not."""
    path = Path("/home/u/.zshrc")
    with _no_earlier_scans():
        before = _scan_twice(path, PROFILE)
        typed = scan(SourceFile(path, PROFILE.replace("nvim", "vim")), FileKind.SHELL)
        # Not LONG (a backslash-newline) nor IN_SHORT_IF (a parse error): read again each time.
        again = {"EDITOR", "LANG", "LONG", "IN_SHORT_IF"}
        unchanged = [a for a in before.assignments if a.name not in again]
        assert len(unchanged) == len(before.assignments) - 4
        kept = {id(a) for a in typed.assignments}
        assert all(id(a) in kept for a in unchanged)
        # A line inserted at the top moves every statement one line down.
        moved = scan(SourceFile(path, "# note\n" + PROFILE), FileKind.SHELL)
        with _no_earlier_scans():
            fresh = scan(SourceFile(path, "# note\n" + PROFILE), FileKind.SHELL)
        assert _facts(moved) == _facts(fresh)
        assert moved.assignments[0].name_span.start.line == 2


def test_the_exported_flag_follows_the_whole_file() -> None:
    """A reused `NAME=value` is exported by an `export NAME` or `set -a` added elsewhere."""
    path = Path("/home/u/.bashrc")
    text = "A=1\nB=2\n"
    with _no_earlier_scans():
        first = scan(SourceFile(path, text), FileKind.SHELL)
        assert [a.exported for a in first.assignments] == [False, False]
        later = scan(SourceFile(path, text + "export A\n"), FileKind.SHELL)
        assert [a.exported for a in later.assignments] == [True, False]
        assert [s.name for s in later.slips] == ["B"]  # B is still not exported
        again = scan(SourceFile(path, "set -a\n" + text), FileKind.SHELL)
        assert [a.exported for a in again.assignments] == [True, True]
        assert again.slips == []


# Half-typed quotes (found by random edits of PROFILE): tree-sitter-zsh's error recovery gives
# up within its budget on this, so the parse is cancelled and the file read line by line.
CANCELLED = (
    'ZSH_THEME="robbyrZussell"\nsetobpt HIST"_NORE_DUP1S\n'
    '[[ -d "$HOME/go" ]] && eort GOPATH="=$HOME\\\n/go() {"\neval "$(pset-a\nyeninit -)"\n'
    'eport NVM_DIR="${HOME/.nvm"\n[)$ -s "$NVMZ_=DIR/nvm.sh" ] && \\Z.c "$NVM_DIR/n_vm.sh"\n'
)


def test_a_cancelled_parse_leaves_nothing_for_the_next_one() -> None:
    """A cancelled tree-sitter parse resumes on the parser's next call unless it is reset."""
    source = SourceFile(Path("/home/u/.zshrc"), CANCELLED)
    profile = SourceFile(Path("/home/u/.zshrc"), PROFILE)
    with _no_earlier_scans():
        alone = scan(profile, FileKind.SHELL)
    with _no_earlier_scans():
        first = scan(source, FileKind.SHELL)
    with _no_earlier_scans():
        assert _facts(scan(source, FileKind.SHELL)) == _facts(first)
    with _no_earlier_scans():
        assert _facts(scan(profile, FileKind.SHELL)) == _facts(alone)
    assert [a.name for a in first.assignments] == ["ZSH_THEME"]


def test_a_statement_that_a_foreach_encloses_is_read_as_not_top_level() -> None:
    """tree-sitter-zsh reads `foreach … end` as commands: the body is their sibling, same lines."""
    path = Path("/home/u/.zshrc")
    text = "export A=1\nexport B=2\n"
    looped = "foreach x (a b)\nexport A=1\nend\nexport B=2\n"
    with _no_earlier_scans():
        _scan_twice(path, text)
        kept = scan(SourceFile(path, looped), FileKind.SHELL)
        with _no_earlier_scans():
            fresh = scan(SourceFile(path, looped), FileKind.SHELL)
        assert _facts(kept) == _facts(fresh)
        assert [(a.name, a.top_level) for a in kept.assignments] == [("A", False), ("B", True)]


# PROFILE without what either grammar reads as an error (zsh-only forms in bash, `foreach`
# and the brace form of `if` in zsh): the texts the incremental parse is kept for.
CLEAN = (
    PROFILE.replace("precmd() { vcs_info }\n", "")
    .replace("() {\n  local tmp=1\n  typeset -g GLOBAL_FROM_ANON=2\n  tmp=3\n}\n", "")
    .replace("foreach x (a b c)\n  echo $x\nend\n", "")
    .replace("if [[ -n $X ]] {\n  export IN_SHORT_IF=1\n}\n", "")
)
# A keystroke: mostly inside a word or value, sometimes a blank, a quote or a line break.
KEYS = ["a", "Z", "_", "1", "-", "/", ".", " ", "\n", "'", '"', "$", "=", "é"]
keystrokes = st.lists(
    st.tuples(
        st.sampled_from(["insert", "insert", "insert", "delete", "copy-line", "delete-line"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(KEYS),
    ),
    min_size=1,
    max_size=15,
)


def _shape(node: Node) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(
            (
                current.type,
                current.start_byte,
                current.end_byte,
                tuple(current.start_point),
                tuple(current.end_point),
                current.is_missing,
            )
        )
        stack.extend(reversed(current.children))
    return found


def test_a_keystroke_whose_incremental_parse_differs_is_scanned_as_fresh() -> None:
    """tree-sitter-zsh, parsing this keystroke from the previous tree, made a `typeset` span
    the next line (no error): a scan's tree must not depend on the scans before it.
    """
    path = Path("/home/u/.zshrc")
    text = _edit(CLEAN, "copy-line", 588, 0, "a")
    with _no_earlier_scans():
        _scan_twice(path, CLEAN)
        after_history = _shape(zsh_shell._ZshScanner(SourceFile(path, text)).parse_file().root_node)
    with _no_earlier_scans():
        fresh = _shape(zsh_shell._ZshScanner(SourceFile(path, text)).parse_file().root_node)
    assert after_history == fresh
    _assert_reuse_equals_fresh(path, [("copy-line", 588, 0, "a")], CLEAN)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(steps=keystrokes)
def test_keystrokes_in_a_clean_profile_keep_every_fact(
    steps: list[tuple[str, int, int, str]],
) -> None:
    for name in (".zshrc", ".bashrc"):
        _assert_reuse_equals_fresh(Path("/home/u") / name, steps, CLEAN)


def test_a_file_scanned_once_records_nothing() -> None:
    """`authlint check` reads each file once: no statement is recorded on a first scan."""
    path = Path("/home/u/.zshrc")
    with _no_earlier_scans():
        scan(SourceFile(path, PROFILE), FileKind.SHELL)
        assert posix_shell._recent_statements == {(zsh_shell._ZshScanner, path): {}}
        scan(SourceFile(path, PROFILE), FileKind.SHELL)
        assert posix_shell._recent_statements[(zsh_shell._ZshScanner, path)]
