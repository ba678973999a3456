"""Which files a profile sources: ``source``/``.`` targets, loops over globs, direnv, fish, pwsh.

:func:`source_sites` reads one scanned file and returns, for each statement
that reads another file, the files it reads in the order the shell reads
them. Paths are worked out the way the shell would, as far as the file itself
says: ``~``, ``$HOME``, ``${HOME}``, ``${ZDOTDIR:-$HOME}``, variables assigned
earlier in the same file (``DOTFILES=~/dotfiles; source $DOTFILES/x``), zsh
arrays of globs filtered with ``${(M)name:#pattern}``/``${name:#pattern}``
(holman's dotfiles), brace expansion (``~/.{path,exports}``), ``for f in
GLOB; do . "$f"; done`` and zsh's ``for f (GLOB) source $f``. ``source
$ZSH/oh-my-zsh.sh`` stands for the files oh-my-zsh sources from
``$ZSH_CUSTOM`` (``*.zsh``; default ``$ZSH/custom``), not the framework itself.
direnv's ``source_env``, ``source_env_if_exists``, ``source_up``,
``dotenv`` and ``dotenv_if_exists``; fish's ``source``; PowerShell's
dot-sourcing (``. $HOME\\x.ps1``, ``. "$PSScriptRoot\\x.ps1"``).

A path computed at run time (``$(brew --prefix)``, a variable the file does
not set) is noted with the reason, never guessed. Globs go through the
``glob`` callback (the caller's I/O), which returns matches sorted as the C
locale sorts (bash and zsh sort in the current locale's collation; for the
ASCII names of profile fragments the two agree but for case and punctuation).

Sources: GNU bash manual "Bourne Shell Builtins" (``.``/``source``),
"Brace Expansion", "Filename Expansion"; zsh manual §6.3 ("for name ( word
... ) sublist", the short form), §14.3 ("${name:#pattern}", the ``(M)``
flag); direnv-stdlib(1) (https://direnv.net/man/direnv-stdlib.1.html);
oh-my-zsh's ``oh-my-zsh.sh`` ("Load all of your custom configurations from
custom/", https://github.com/ohmyzsh/ohmyzsh/blob/master/oh-my-zsh.sh);
fish ``source`` (https://fishshell.com/docs/current/cmds/source.html);
PowerShell about_Scripts "Script scope and dot sourcing"
(https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_scripts).
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.text import LineIndex, Span

MAX_DEPTH = 5
"""How deep sourcing is followed (a profile is depth 0)."""
MAX_FILES = 200
"""How many sourced files one workspace follows at most."""

# Folders in the home that hold tools' own scripts (`\. "$NVM_DIR/nvm.sh"`): not the user's
# definitions, thousands of lines each, so not followed. oh-my-zsh's `custom/` is the user's.
THIRD_PARTY = frozenset(
    {
        ".nvm",
        ".oh-my-zsh",
        ".sdkman",
        ".cargo",
        ".rustup",
        ".ghcup",
        ".pyenv",
        ".rbenv",
        ".asdf",
        ".bun",
        ".deno",
        ".zinit",
        ".antigen",
        ".zplug",
        ".zprezto",
        ".fzf",
        ".rvm",
        ".volta",
        ".jenv",
        ".nix-profile",
        "google-cloud-sdk",
        "miniconda3",
        "anaconda3",
        "miniforge3",
    }
)


def is_third_party(path: Path, home: Path) -> bool:
    """Whether ``path`` is a tool's own script in the home (``~/.nvm/nvm.sh``), not the user's."""
    if not path.is_relative_to(home):
        return False
    parts = path.relative_to(home).parts
    if not parts or parts[0] not in THIRD_PARTY:
        return False
    return not (parts[0] == ".oh-my-zsh" and len(parts) > 2 and parts[1] == "custom")


Glob = Callable[[str], list[str]]
"""``glob(pattern)``: the existing files a pattern names, sorted; a plain path when it exists."""

_ASSIGNMENT = re.compile(
    r"""(?m)^[ \t]*(?:(?:export|typeset|declare|local|readonly|integer)(?:[ \t]+[-+]\w+)*[ \t]+)?
    (?P<name>[A-Za-z_]\w*)=(?P<value>\([^)]*\)|"[^"\n]*"|'[^'\n]*'|[^\s;&|)]*)""",
    re.VERBOSE,
)
_FOR_IN = re.compile(r"\bfor\s+(?P<var>\w+)\s+in\s+(?P<words>[^;\n]*?)\s*(?:;|\n)\s*do\b")
_FOR_SHORT = re.compile(r"\bfor\s+(?P<var>\w+)\s*\((?P<words>[^)]*)\)")
_LOOP_VARIABLE = re.compile(r"^\$(?:\{(\w+)\}|(\w+))$")
_DIRENV = re.compile(
    r"(?m)^[ \t]*(?P<command>source_env_if_exists|source_env|source_up_if_exists|source_up"
    r"|dotenv_if_exists|dotenv)(?=[ \t;]|$)(?P<rest>[^\n;#]*)"
)
_FISH_SOURCE = re.compile(r"(?m)^[ \t]*(?:source|\.)[ \t]+(?P<rest>[^\n;#|&]+)")
# `. FILE` at the start of a line, or after `{` / `;` (`if (Test-Path $f) { . $f }`).
_PWSH_DOT = re.compile(r"(?m)(?:^|(?<=[{;]))[ \t]*\.[ \t]+(?P<rest>[^\n;#|}]+)")
_GLOB_CHARS = re.compile(r"[*?\[]")
_QUALIFIER = re.compile(r"(?<=[*?\]])\([N.\-@/^]*\)$")
_LOOP_WINDOW = 2000  # characters before a `source "$f"` searched for its loop


@dataclass(frozen=True)
class SourceSite:
    """One statement that reads other files.

    ``targets``: the files it reads, in order (existing ones only);
    ``kind``: how they are read (``SHELL``, ``DOTENV``, ``FISH``,
    ``POWERSHELL``); ``note``: why it could not be followed (a computed
    path), ``""`` when it was; ``statement``: the statement as written.
    """

    span: Span
    statement: str
    targets: tuple[Path, ...]
    kind: FileKind
    note: str = ""

    @property
    def line(self) -> int:
        """1-based line of the statement."""
        return self.span.start.line + 1


class _Unresolved(Exception):
    """A path the file alone cannot tell (the message says why)."""


Value = str | list[str]


@dataclass
class _Expander:
    """Expands words as the shell would, from a file's own assignments and the home folder."""

    text: str
    home: Path
    base: Path  # relative paths are taken from here
    glob: Glob
    known: Mapping[str, str]
    script_root: Path | None = None  # PowerShell's $PSScriptRoot
    system_root: Path | None = None  # where /etc/… is, for a system file read under a root
    upto: int = 0  # assignments before this offset count
    depth: int = 0

    def variable(self, name: str) -> Value | None:
        if name == "PSScriptRoot" and self.script_root is not None:
            return str(self.script_root)
        found: str | None = None
        offsets, values = _assignments(self.text).get(name, ((), ()))
        at = bisect.bisect_left(offsets, self.upto)
        if at > 0:
            found = values[at - 1]
        if found is None:
            return self.known.get(name)
        if self.depth > 8:
            raise _Unresolved(f"`${name}` refers to itself")
        inner = _Expander(
            self.text,
            self.home,
            self.base,
            self.glob,
            self.known,
            self.script_root,
            self.system_root,
            self.upto,
            self.depth + 1,
        )
        if found.startswith("(") and found.endswith(")"):
            return [path for word in _split(found[1:-1]) for path in inner.paths(word)]
        return inner.scalar(_unquote(found))

    def scalar(self, word: str) -> str:
        """``word`` with ``~`` and parameters substituted (no globbing)."""
        value = self.substitute(word)
        if isinstance(value, list):
            raise _Unresolved(f"`{word}` is a list of files, not one path")
        return value

    def substitute(self, word: str) -> Value:
        if "$(" in word or "`" in word:
            raise _Unresolved(f"`{word}` is computed when the shell runs")
        if word == "~" or word.startswith(("~/", "~\\")):
            word = str(self.home) + word[1:]
        whole = re.fullmatch(r"\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}|\$(\w+)", word)
        if whole is not None:
            return self.parameter(whole.group(1) if whole.group(1) is not None else whole.group(2))
        out: list[str] = []
        position = 0
        while position < len(word):
            char = word[position]
            if char != "$":
                out.append(char)
                position += 1
                continue
            if word.startswith("${", position):
                end = _closing_brace(word, position + 1)
                if end < 0:
                    raise _Unresolved(f"`{word}` has an unclosed `${{`")
                value = self.parameter(word[position + 2 : end])
                position = end + 1
            else:
                match = re.compile(r"\$(\w+)").match(word, position)
                if match is None:
                    out.append(char)
                    position += 1
                    continue
                value = self.parameter(match.group(1))
                position = match.end()
            if isinstance(value, list):
                raise _Unresolved(f"`{word}` joins a list of files into one word")
            out.append(value)
        return "".join(out)

    def parameter(self, inside: str) -> Value:
        """The value of ``${inside}``: ``NAME``, ``NAME:-word``, ``(M)NAME:#pat``, nested."""
        flags = ""
        match = re.match(r"\((\w+)\)", inside)
        if match is not None:
            flags, inside = match.group(1), inside[match.end() :]
        if inside.startswith("${"):
            end = _closing_brace(inside, 1)
            subject: Value = self.parameter(inside[2:end])
            rest = inside[end + 1 :]
            name = ""
        else:
            name_match = re.match(r"\w+", inside)
            if name_match is None:
                raise _Unresolved(f"`${{{inside}}}` is not a plain variable")
            name = name_match.group(0)
            rest = inside[name_match.end() :]
            found = self.variable(name)
            if rest[:2] in (":-", ":=") or rest[:1] in ("-", "="):
                skip = 2 if rest[:1] == ":" else 1
                empty = found is None or (rest[:1] == ":" and found in ("", []))
                return self.substitute(rest[skip:]) if empty else (found or "")
            if found is None:
                raise _Unresolved(f"`${name}` is not set in this file")
            subject = found
        if rest.startswith(":#"):
            keep = "M" in flags
            items = subject if isinstance(subject, list) else [subject]
            pattern = rest[2:]
            return [item for item in items if fnmatch.fnmatchcase(item, pattern) == keep]
        if rest:
            raise _Unresolved(f"`${{{inside}}}` is computed when the shell runs")
        return subject

    def paths(self, word: str) -> list[str]:
        """The files ``word`` names: braces, parameters, ``~``, then globs."""
        found: list[str] = []
        for each in _braces(word):
            value = self.substitute(_unquote(each))
            if isinstance(value, list):  # an array of files, globbed when it was assigned
                found.extend(value)
                continue
            item = value.replace("\\", "/") if self.script_root is not None else value
            item = _QUALIFIER.sub("", item)  # zsh glob qualifiers: `*(N-.)`
            if not item.startswith("/"):
                item = str(self.base / item)
            elif self.system_root is not None and item.startswith("/etc/"):
                item = str(self.system_root) + item
            found.extend(self.glob(item if _GLOB_CHARS.search(item) else _escape(item)))
        return found


@functools.lru_cache(maxsize=16)
def _assignments(text: str) -> dict[str, tuple[list[int], list[str]]]:
    """``name -> (offsets, values)`` of every assignment in ``text``, in file order (cached)."""
    table: dict[str, tuple[list[int], list[str]]] = {}
    for match in _ASSIGNMENT.finditer(text):
        offsets, values = table.setdefault(match.group("name"), ([], []))
        offsets.append(match.start())
        values.append(match.group("value"))
    return table


def _escape(path: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", path)


def _closing_brace(word: str, opening: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``opening``, or -1."""
    depth = 0
    for index in range(opening, len(word)):
        if word[index] == "{":
            depth += 1
        elif word[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _braces(word: str) -> list[str]:
    """Bash brace expansion: ``~/.{a,b}`` gives ``~/.a``, ``~/.b`` (``${…}`` left alone)."""
    for index, char in enumerate(word):
        if char != "{" or (index > 0 and word[index - 1] == "$"):
            continue
        end = _closing_brace(word, index)
        if end < 0:
            return [word]
        inner = word[index + 1 : end]
        parts: list[str] = []
        depth, start = 0, 0
        for position, c in enumerate(inner):
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == "," and depth == 0:
                parts.append(inner[start:position])
                start = position + 1
        if not parts:
            continue
        parts.append(inner[start:])
        head, tail = word[:index], word[end + 1 :]
        return [w for part in parts for w in _braces(head + part + tail)]
    return [word]


def _unquote(word: str) -> str:
    out: list[str] = []
    quote = ""
    for char in word:
        if quote:
            if char == quote:
                quote = ""
            else:
                out.append(char)
        elif char in "\"'":
            quote = char
        else:
            out.append(char)
    return "".join(out)


def _split(text: str) -> list[str]:
    """Shell words, quotes kept (so ``_unquote`` and ``$`` handling see them)."""
    try:
        lexer = shlex.shlex(text, posix=False, punctuation_chars=False)
        lexer.whitespace_split = True
        lexer.commenters = ""
        return list(lexer)
    except ValueError:
        return text.split()


def _argument(statement: str) -> str | None:
    """The first argument of ``. FILE`` / ``source FILE`` (quotes kept)."""
    words = _split(statement)
    return words[1] if len(words) > 1 else None


def source_sites(
    path: Path,
    file: ScannedFile,
    home: Path,
    glob: Glob,
    known: Mapping[str, str] | None = None,
    system_root: Path | None = None,
) -> list[SourceSite]:
    """Every statement of ``file`` (at ``path``) that reads other files, with the files it reads.

    ``known`` holds variables set before this file runs (``HOME`` is always
    ``home``; ``ZDOTDIR`` when ``~/.zshenv`` sets it). Relative paths are
    taken from the home folder (a login shell starts there), from the
    ``.envrc``'s folder for direnv. ``system_root``: a path written
    ``/etc/…`` is under it (a system file read under ``--system-root``).
    """
    rebase = None if system_root is None or system_root == Path("/") else system_root
    variables = {"HOME": str(home), **(known or {})}
    text = file.source.text
    index = file.source.index
    kind = file.kind
    sites: list[SourceSite] = []
    if kind is FileKind.SHELL:
        for include in file.includes:
            start = index.offset(include.span.start)
            statement = index.slice(include.span)
            expander = _Expander(text, home, home, glob, variables, system_root=rebase, upto=start)
            sites.append(_posix_site(expander, include.span, statement, text, start))
        if path.name == ".envrc":
            sites.extend(_direnv_sites(path, text, index, home, glob, variables))
    elif kind is FileKind.FISH:
        for match in _FISH_SOURCE.finditer(text):
            span = index.span(match.start(), match.end())
            words = _split(match.group("rest"))
            expander = _Expander(text, home, home, glob, variables, upto=match.start())
            statement = match.group(0).strip()
            if words and "(" in words[0]:  # fish's command substitution: `source (brew --prefix)/x`
                why = f"not followed: `{match.group('rest').strip()}` is computed when fish runs"
                sites.append(SourceSite(span, statement, (), FileKind.FISH, why))
                continue
            sites.append(_site(expander, span, statement, words[:1], FileKind.FISH))
    elif kind is FileKind.POWERSHELL:
        for match in _PWSH_DOT.finditer(text):
            rest = match.group("rest").strip()
            if not rest or rest.startswith("{"):
                continue  # `. { script block }`
            span = index.span(match.start(), match.end())
            statement = match.group(0).strip()
            pwsh = {**variables, "env:HOME": str(home)}
            expander = _Expander(text, home, home, glob, pwsh, path.parent, upto=match.start())
            try:
                values = _pwsh_values(text, match.start(), path)
                word = _pwsh_loop(text, match.start(), _pwsh_first_word(rest), values)
                word = _pwsh_path(word, values)
            except _Unresolved as why:
                sites.append(SourceSite(span, statement, (), kind, f"not followed: {why}"))
                continue
            sites.append(_site(expander, span, statement, [word], FileKind.POWERSHELL))
    return sites


# PowerShell: `$name`, `${name}`, `$env:NAME` (names are case-insensitive); `Join-Path A B`
# and `Split-Path [-Parent] A` in parentheses; `$name = …` assignments.
_PWSH_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[^{}]+)\}|(?P<name>(?:(?:env|script|global|local|private):)?\w+))",
    re.IGNORECASE,
)
_PWSH_ARGUMENT = r"(?:\"[^\"]*\"|'[^']*'|[^\s()\"']+)"
_PWSH_JOIN = re.compile(
    rf"\(\s*Join-Path\s+(?:-Path\s+)?(?P<a>{_PWSH_ARGUMENT})\s+(?:-ChildPath\s+)?"
    rf"(?P<b>{_PWSH_ARGUMENT})\s*\)",
    re.IGNORECASE,
)
_PWSH_SPLIT = re.compile(
    rf"\(\s*Split-Path\s+(?:-Parent\s+)?(?:-Path\s+)?(?P<a>{_PWSH_ARGUMENT})(?:\s+-Parent)?\s*\)",
    re.IGNORECASE,
)
_PWSH_SCOPE = re.compile(r"(?i)^(?:script|global|local|private):")  # `$script:Name` is `$Name`
_PWSH_ASSIGNMENT = re.compile(
    r"(?im)^[ \t]*\$(?:(?:script|global|local|private):)?(?P<name>\w+)[ \t]*=[ \t]*"
    r"(?P<value>[^\n;#]+?)[ \t]*$"
)


_SEPARATORS = "/\\"
_PWSH_COMMAND = re.compile(r"[A-Za-z]+-[A-Za-z]+\b")  # a cmdlet: Verb-Noun


def _pwsh_first_word(rest: str) -> str:
    """The first argument of a dot-source: a parenthesised expression or one word."""
    if rest.startswith("("):
        depth = 0
        for position, char in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                return rest[: position + 1]
        raise _Unresolved(f"`{rest}` has an unclosed `(`")
    words = _split(rest)
    return words[0] if words else ""


_PWSH_ITEM = re.compile(r"\$(?P<var>\w+)(?:\.(?:FullName|PSPath))?", re.IGNORECASE)
_PWSH_LISTING = (
    r"(?:Get-ChildItem|gci|ls|dir)\s+(?:-Path\s+)?(?P<arg>" + _PWSH_ARGUMENT + r")"
    r"(?:\s+-Filter\s+(?P<filter>" + _PWSH_ARGUMENT + r"))?[^|)\n]*"
)
_PWSH_FOREACH = re.compile(
    r"foreach\s*\(\s*\$(?P<var>\w+)\s+in\s+\(?\s*" + _PWSH_LISTING + r"\)", re.IGNORECASE
)
_PWSH_PIPELINE = re.compile(
    _PWSH_LISTING + r"\|\s*(?:ForEach-Object|foreach|%)\s*\{[^{}]*$", re.IGNORECASE
)


def _pwsh_loop(text: str, upto: int, word: str, values: Mapping[str, str]) -> str:
    """``word``, or the files a loop gives it: ``foreach ($f in Get-ChildItem X) { . $f }``.

    Also ``Get-ChildItem X | ForEach-Object { . $_.FullName }``; ``-Filter F`` is
    joined to ``X``. Only a loop written within the characters just before
    the dot-source counts.
    """
    item = _PWSH_ITEM.fullmatch(word.strip("\"'"))
    if item is None:
        return word
    variable = item.group("var").lower()
    window = text[max(0, upto - _LOOP_WINDOW) : upto]
    found: re.Match[str] | None = None
    if variable == "_":
        found = _PWSH_PIPELINE.search(window)
    elif variable not in values:
        loops = [m for m in _PWSH_FOREACH.finditer(window) if m.group("var").lower() == variable]
        found = loops[-1] if loops else None
    if found is None:
        return word
    listing = found.group("arg")
    bare = _unquote(listing)
    if found.group("filter"):
        pattern = found.group("filter").strip("\"'")
    elif _GLOB_CHARS.search(bare):
        return listing
    else:
        pattern = "*"  # a folder: every file in it
    return '"' + bare.rstrip(_SEPARATORS) + "\\" + pattern + '"'


def _pwsh_values(text: str, upto: int, path: Path) -> dict[str, str]:
    """The variables a dot-source at ``upto`` can use, lower-cased names to paths.

    ``$HOME`` / ``$env:USERPROFILE`` / ``$env:HOME`` are left to the expander
    (``$HOME``); ``$PSScriptRoot`` is the file's folder, ``$PROFILE`` the file
    itself when it is a profile; then every ``$name = <path>`` written before
    ``upto`` whose value resolves (a later one replaces an earlier one).
    """
    values = {
        "home": "$HOME",
        "env:home": "$HOME",
        "env:userprofile": "$HOME",
        "psscriptroot": str(path.parent),
    }
    if path.name.lower().endswith("profile.ps1"):
        values["profile"] = str(path)
    for match in _PWSH_ASSIGNMENT.finditer(text, 0, upto):
        name = match.group("name").lower()
        value = match.group("value")
        guarded = _PWSH_IF_SET.fullmatch(value.strip())
        if guarded is not None and guarded.group(1).lower() == guarded.group(2).lower():
            value = f"${guarded.group(1)}"  # `if ($PSScriptRoot) { $PSScriptRoot } else { … }`
        try:
            values[name] = _pwsh_path(value, values)
        except _Unresolved:
            values[name] = _COMPUTED  # a later dot-source through it is not followed
    return values


# `if ($X) { $X } else { … }`: $X whenever it is set (``$PSScriptRoot`` in a script file).
_PWSH_IF_SET = re.compile(r"(?i)if\s*\(\s*\$(\w+)\s*\)\s*\{\s*\$(\w+)\s*\}\s*(?:else\s*\{.*\})?")
_COMPUTED = "\x00computed"


def _pwsh_path(expression: str, values: Mapping[str, str]) -> str:
    """``expression`` as a path: known variables substituted, Join-Path / Split-Path applied.

    Raises :class:`_Unresolved` for anything else (a command, an unknown variable).
    """

    def variable(match: re.Match[str]) -> str:
        name = _PWSH_SCOPE.sub("", (match.group("braced") or match.group("name")).lower())
        if name not in values:
            raise _Unresolved(f"`{match.group(0)}` is not set before this line")
        if values[name] == _COMPUTED:
            raise _Unresolved(f"`{match.group(0)}` is computed when PowerShell runs")
        return values[name]

    def join(match: re.Match[str]) -> str:
        head = _unquote(match.group("a")).rstrip(_SEPARATORS)
        return '"' + head + "\\" + _unquote(match.group("b")) + '"'

    def parent(match: re.Match[str]) -> str:
        whole = _unquote(match.group("a")).rstrip(_SEPARATORS)
        cut = max(whole.rfind("/"), whole.rfind("\\"))
        if cut < 0:
            raise _Unresolved(f"`{match.group(0)}` has no parent folder")
        return f'"{whole[:cut]}"'

    word = expression.strip()
    if _PWSH_COMMAND.match(word):  # `$dir = Join-Path $HOME x`: a command without parentheses
        word = f"({word})"
    word = _PWSH_VARIABLE.sub(variable, word)
    for _ in range(8):  # nested `(Join-Path (Join-Path …) …)`, innermost first
        rewritten = _PWSH_SPLIT.sub(parent, _PWSH_JOIN.sub(join, word))
        if rewritten == word:
            break
        word = rewritten
    if "(" in word or ")" in word:
        raise _Unresolved(f"`{expression.strip()}` is computed when PowerShell runs")
    return _unquote(word)


def _site(
    expander: _Expander, span: Span, statement: str, words: list[str], kind: FileKind
) -> SourceSite:
    targets: list[Path] = []
    try:
        for word in words:
            targets.extend(Path(p) for p in expander.paths(word))
    except _Unresolved as why:
        return SourceSite(span, statement, (), kind, f"not followed: {why}")
    return SourceSite(span, statement, tuple(dict.fromkeys(targets)), kind)


def _posix_site(
    expander: _Expander, span: Span, statement: str, text: str, start: int
) -> SourceSite:
    argument = _argument(statement)
    if "$(" in statement or "`" in statement:
        command = statement.split(None, 1)
        written = command[1] if len(command) > 1 else statement
        return SourceSite(
            span,
            statement,
            (),
            FileKind.SHELL,
            f"not followed: `{written}` is computed when the shell runs",
        )
    if argument is None:
        return SourceSite(span, statement, (), FileKind.SHELL, "not followed: no file named")
    loop = _LOOP_VARIABLE.match(_unquote(argument))
    words = [argument]
    if loop is not None:
        variable = loop.group(1) or loop.group(2)
        if variable.isdigit():  # `include() { [ -f "$1" ] && . "$1"; }` … `include ~/.extra`
            calls = _function_calls(text, start, int(variable))
            if calls is not None:
                return _called_site(expander, span, statement, calls)
        found = _loop_words(text, start, variable)
        if found is not None:
            words = found
    site = _site(expander, span, statement, words, FileKind.SHELL)
    if site.note or not any(t.name == "oh-my-zsh.sh" for t in site.targets):
        return site
    # oh-my-zsh: the framework's own files are not the user's; what it sources of theirs is
    # $ZSH_CUSTOM/*.zsh (default $ZSH/custom), in glob order.
    targets: list[Path] = []
    for target in site.targets:
        if target.name != "oh-my-zsh.sh":
            targets.append(target)
            continue
        try:
            custom = expander.variable("ZSH_CUSTOM")
        except _Unresolved:
            custom = None
        folder = custom if isinstance(custom, str) else str(target.parent / "custom")
        targets.extend(Path(p) for p in expander.glob(_escape(folder) + "/*.zsh"))
    return SourceSite(span, statement, tuple(targets), FileKind.SHELL)


# A function definition: `name() {`, `function name {`, `function name() {`.
_FUNCTION = re.compile(
    r"(?m)^[ \t]*(?:function[ \t]+(?P<a>[\w.:-]+)(?:[ \t]*\(\))?|(?P<b>[\w.:-]+)[ \t]*\(\))"
)
_MAX_CALLS = 64


def _function_calls(text: str, start: int, position: int) -> list[tuple[int, str]] | None:
    """The ``position``-th argument of each call of the function whose body holds ``start``.

    ``(offset of the call, word)`` per call written after the function's
    definition, at the start of a command (a line, or after ``;``, ``&&``,
    ``||``, ``then``, ``do``); ``None`` when ``start`` is not inside a
    function body. Braces are counted as written (quotes are not parsed).
    """
    window_start = max(0, start - _LOOP_WINDOW)
    headers = list(_FUNCTION.finditer(text, window_start, start))
    for header in reversed(headers):
        opening = text.find("{", header.end(), start)
        if opening < 0 or text[header.end() : opening].strip():
            continue  # `name() (subshell)` or not this header's body
        depth = text.count("{", opening, start) - text.count("}", opening, start)
        if depth <= 0:
            continue  # the body closed before `start`
        name = header.group("a") or header.group("b")
        closing = _closing_brace(text, opening)
        end = len(text) if closing < 0 else closing + 1
        call = re.compile(
            r"(?m)(?:^|[;&|]|\bthen\b|\bdo\b|\belse\b)[ \t]*"
            + re.escape(name)
            + r"[ \t]+(?P<args>[^\n;&|#]*)"
        )
        calls: list[tuple[int, str]] = []
        for found in call.finditer(text, end):
            words = _split(found.group("args").strip())
            if len(words) >= position:
                calls.append((found.start(), words[position - 1]))
            if len(calls) >= _MAX_CALLS:
                break
        return calls
    return None


def _called_site(
    expander: _Expander, span: Span, statement: str, calls: list[tuple[int, str]]
) -> SourceSite:
    """The site of a ``source "$1"`` in a function: the files its calls name, in call order."""
    targets: list[Path] = []
    notes: list[str] = []
    for offset, word in calls:
        site = _site(replace(expander, upto=offset), span, statement, [word], FileKind.SHELL)
        targets.extend(site.targets)
        if site.note:
            notes.append(site.note)
    if not calls:
        notes.append("not followed: the function that sources its argument is never called")
    note = notes[0] if notes and not targets else ""
    return SourceSite(span, statement, tuple(dict.fromkeys(targets)), FileKind.SHELL, note)


def _loop_words(text: str, start: int, variable: str) -> list[str] | None:
    """The words of the ``for VARIABLE in …`` (or zsh ``for VARIABLE (…)``) around ``start``."""
    window = text[max(0, start - _LOOP_WINDOW) : start]
    best: tuple[int, str] | None = None
    for pattern in (_FOR_IN, _FOR_SHORT):
        for match in pattern.finditer(window):
            if match.group("var") == variable and (best is None or match.start() > best[0]):
                best = (match.start(), match.group("words"))
    return _split(best[1]) if best is not None else None


def _direnv_sites(
    path: Path,
    text: str,
    index: LineIndex,
    home: Path,
    glob: Glob,
    variables: Mapping[str, str],
) -> list[SourceSite]:
    folder = path.parent
    sites: list[SourceSite] = []
    for match in _DIRENV.finditer(text):
        command = match.group("command")
        words = _split(match.group("rest").strip())
        span = index.span(match.start("command"), match.end())
        statement = match.group(0).strip()
        expander = _Expander(text, home, folder, glob, variables, upto=match.start())
        if command.startswith("source_up"):
            name = _unquote(words[0]) if words else ".envrc"
            found = next(
                (parent / name for parent in folder.parents if glob(_escape(str(parent / name)))),
                None,
            )
            targets = (found,) if found is not None else ()
            sites.append(SourceSite(span, statement, targets, FileKind.SHELL))
        elif command.startswith("dotenv"):
            sites.append(_site(expander, span, statement, words[:1] or [".env"], FileKind.DOTENV))
        else:
            site = _site(expander, span, statement, words[:1], FileKind.SHELL)
            if not site.note and not site.targets and words:
                # source_env takes a folder too, for its .envrc.
                folder_rc = [_unquote(words[0]).rstrip("/") + "/.envrc"]
                site = _site(expander, span, statement, folder_rc, FileKind.SHELL)
            sites.append(site)
    return sites


def zdotdir_of(file: ScannedFile, home: Path, glob: Glob) -> Path | None:
    """The ``ZDOTDIR`` a ``~/.zshenv`` sets at top level (``export ZDOTDIR=~/.config/zsh``)."""
    text = file.source.text
    expander = _Expander(text, home, home, glob, {"HOME": str(home)}, upto=len(text))
    try:
        value = expander.variable("ZDOTDIR")
    except _Unresolved:
        return None
    if not isinstance(value, str) or not value:
        return None
    folder = Path(value) if value.startswith("/") else home / value
    return Path(str(PurePosixPath(folder))) if folder != home else None
