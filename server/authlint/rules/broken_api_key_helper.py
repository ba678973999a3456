"""broken-api-key-helper.

## What it does
Checks a Claude Code settings file's ``apiKeyHelper``:

- ``""`` (or blanks): the setting is there but names no command;
- a command whose first word is a path (absolute, ``~/…`` or ``$HOME/…``, or
  relative to the project for a project's ``.claude/settings*.json``), or a
  script handed to ``sh``/``bash``/``python``/``node``…, that does not exist,
  is a folder, or (run directly) is not executable;
- a shell script (or an inline command) that clearly prints more than the
  key: an ``echo``/``printf`` of other text next to the key (``echo "Key:
  $KEY"``, a banner line before the command that prints the key), or several
  ``echo``/``printf``/``cat`` lines.

Only files that apply on this machine are checked against the disk (the
user's settings, a project's settings, not a copy in a dotfiles folder); bare
command names (``op``, ``security``) are looked up on ``PATH`` at run time and
are not judged. Scripts with branches (``if``, ``case``, ``&&``, loops,
functions) are not judged either: which line runs is not clear.
``set -x`` is not reported: its trace goes to stderr, not to the key.

## Why is this bad?
Claude Code runs the helper with ``/bin/sh`` and sends its standard output as
the API key. A missing or non-executable script fails (``apiKeyHelper failed:
exited 127``), and Claude Code still sends an empty key:
``Invalid API key · Fix external API key``. The output must be "only the key
to stdout, as a single token of printable ASCII up to 16,384 characters";
anything else ends in ``Your apiKeyHelper script is failing`` (before v2.1.227
the text was sent as the key and got a 401). ``/login`` does not help while
the setting is present.

## Example
```json
{ "apiKeyHelper": "~/bin/anthropic-key.sh" }
```
with ``~/bin/anthropic-key.sh``:
```sh
#!/bin/sh
echo "Fetching the key from 1Password…"
op read op://Private/Anthropic/credential
```
Use instead: remove the ``echo`` (or send it to stderr with ``>&2``), and make
the script executable (``chmod +x``).

## Fix safety
No fix: the command or the script has to change.

## Source
- https://code.claude.com/docs/en/settings-reference
  ``apiKeyHelper``: a shell command whose output is the key.
- https://code.claude.com/docs/en/errors
  the helper must print only the key, a single token of printable ASCII, and exit 0;
  otherwise ``Your apiKeyHelper script is failing``, and ``/login`` does not help.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197 against a local server: a helper that exits 3 gives
  ``apiKeyHelper failed: exited 3``, empty headers and ``Invalid API key · Fix external
  API key``.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import (
    API_KEY_HELPER,
    Scope,
    looks_like_dotfiles,
    member_text,
    project_root,
    root_object,
    settings_scope,
)

_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh"})
_INTERPRETER = re.compile(r"^(?:sh|bash|zsh|dash|ksh|python[\d.]*|node|ruby|perl|deno|bun)$")
_INLINE_CODE_OPTIONS = frozenset({"-c", "-e", "-m", "--eval", "-p", "--print"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_SHEBANG = re.compile(r"^#![ \t]*(?:\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:\S*/)?([\w.+-]+)")
_MAX_SCRIPT_BYTES = 64 * 1024

# Commands that print nothing on stdout in a key helper (or whose output is not the point).
_SILENT = frozenset(
    {
        "set",
        "export",
        "local",
        "readonly",
        "unset",
        "cd",
        "source",
        ".",
        "exit",
        "return",
        "true",
        "false",
        ":",
        "trap",
        "umask",
        "shopt",
        "declare",
        "typeset",
        "alias",
        "mkdir",
        "touch",
        "rm",
        "chmod",
        "cp",
        "mv",
        "ln",
        "sleep",
        "test",
        "[",
        "[[",
    }
)
_CONTROL_WORDS = frozenset(
    {
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "case",
        "esac",
        "for",
        "while",
        "until",
        "do",
        "done",
        "function",
        "select",
        "{",
        "}",
        "(",
        ")",
    }
)
_EXPANSION = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`")
_FORMAT = re.compile(r"%[-+ #0-9.]*[sbqd]|\\n|\\t")
_STDOUT_AWAY = re.compile(r"(?:^|[\s;])(?:1?>>?|1?>&|&>>?)")


@dataclass(frozen=True)
class Output:
    """A command in a helper that writes to stdout: its 0-based line and what it prints."""

    line: int
    command: str
    extra_text: bool  # echo/printf with literal text besides expansions
    has_expansion: bool


# --- reading shell text -----------------------------------------------------------------


def _segments(text: str) -> list[tuple[int, str]] | None:
    """Split a straight-line shell text into simple commands ``(line, text)``.

    Commands are separated by newlines and unquoted ``;``; only the last part
    of a pipeline is kept (it is the one writing to stdout). Returns ``None``
    when the text branches or is too clever to judge (``&&``, ``||``,
    background ``&``, here-documents, unbalanced quotes).
    """
    text = re.sub(r"\\\r?\n", " ", text)
    out: list[tuple[int, str]] = []
    line = 0
    start_line = 0
    current: list[str] = []
    quote = ""
    depth = 0  # $( … ) nesting
    i = 0
    while i < len(text):
        char = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if quote:
            if char == "\\" and quote == '"':
                current.append(char + nxt)
                i += 2
                continue
            if char == quote:
                quote = ""
            if char == "\n":
                line += 1
            current.append(char)
            i += 1
            continue
        if char == "\\":
            current.append(char + nxt)
            i += 2
            continue
        if char in "'\"`":
            quote = char
            current.append(char)
            i += 1
            continue
        if char == "$" and nxt == "(":
            depth += 1
            current.append("$(")
            i += 2
            continue
        if char == ")" and depth:
            depth -= 1
        elif depth == 0:
            if char == "#" and (not current or current[-1][-1:].isspace()):
                while i < len(text) and text[i] != "\n":
                    i += 1
                continue
            if char in "&|" and nxt == char:
                return None
            if char == "&" and nxt != ">" and (not current or current[-1][-1:] not in "<>"):
                return None
            if char == "<" and nxt == "<":
                return None
            if char == "|":
                current = []
                i += 1
                continue
            if char in ";\n":
                out.append((start_line, "".join(current)))
                current = []
                if char == "\n":
                    line += 1
                start_line = line
                i += 1
                continue
        current.append(char)
        i += 1
    if quote or depth:
        return None
    out.append((start_line, "".join(current)))
    return [(n, s) for n, s in out if s.strip()]


def stdout_outputs(text: str) -> list[Output] | None:
    """The commands of a straight-line shell text writing to stdout; ``None`` if it branches."""
    segments = _segments(text)
    if segments is None:
        return None
    outputs: list[Output] = []
    for line, segment in segments:
        if line == 0 and segment.startswith("#!"):
            continue
        try:
            words = shlex.split(segment, comments=False, posix=True)
        except ValueError:
            return None
        while words and _ASSIGNMENT.match(words[0]):
            words = words[1:]
        if not words:
            continue
        command = os.path.basename(words[0])
        if command in _CONTROL_WORDS or segment.rstrip().endswith("()"):
            return None
        if command in _SILENT or _STDOUT_AWAY.search(segment):
            continue
        extra, expansion = False, False
        if command in ("echo", "printf"):
            args = words[1:]
            while command == "echo" and args and re.fullmatch(r"-[neE]+", args[0]):
                args = args[1:]
            joined = " ".join(args)
            expansion = bool(_EXPANSION.search(joined))
            literal = _EXPANSION.sub("", joined)
            if command == "printf" and args:
                literal = _FORMAT.sub("", _EXPANSION.sub("", args[0]))
            extra = bool(literal.strip())
        outputs.append(Output(line, command, extra, expansion))
    return outputs


def extra_output(text: str) -> tuple[int, str] | None:
    """Where a straight-line helper clearly prints more than the key: ``(line, why)``, or ``None``.

    Clear cases: an ``echo``/``printf`` that prints literal text next to an
    expansion (``echo "Key: $KEY"``), literal text plus any other command
    writing to stdout (a banner before ``op read …``), or two or more
    ``echo``/``printf``/``cat`` commands (several lines).
    """
    outputs = stdout_outputs(text)
    if not outputs:
        return None
    for output in outputs:
        if output.extra_text and (output.has_expansion or len(outputs) > 1):
            return output.line, f"`{output.command}` prints text besides the key"
    printing = [o for o in outputs if o.command in ("echo", "printf", "cat")]
    if len(printing) > 1:
        return printing[1].line, f"a second `{printing[1].command}` prints another line"
    return None


def _is_shell_script(head: str, interpreter: str | None) -> bool:
    if interpreter is not None:
        return interpreter in _SHELLS
    shebang = _SHEBANG.match(head)
    if shebang is None:
        return True  # no #!: the kernel refuses it and /bin/sh runs it
    return shebang.group(1) in _SHELLS


def _read_script(path: Path) -> str | None:
    from authlint.core.source import read_regular_file  # a FIFO or device never ends

    try:
        data = read_regular_file(path, _MAX_SCRIPT_BYTES)
    except OSError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", "replace")


# --- resolving the command ---------------------------------------------------------------


@dataclass(frozen=True)
class Resolver:
    """Turns words of the helper command into paths on this machine."""

    home: Path | None
    base: Path | None  # the folder relative paths start from (a project), or None

    def path(self, word: str, bare_is_relative: bool = False) -> Path | None:
        """The path ``word`` names, or ``None`` when it is a command name or cannot be known."""
        if word.startswith("~"):
            if self.home is None or not (word == "~" or word.startswith("~/")):
                return None
            word = str(self.home) + word[1:]
        for home_var in ("${HOME}", "$HOME"):
            if word.startswith(home_var):
                if self.home is None:
                    return None
                word = str(self.home) + word[len(home_var) :]
        if re.search(r"[$`*?\[\\]", word):
            return None
        if "/" not in word and not bare_is_relative:
            return None
        path = Path(word)
        if path.is_absolute():
            return path
        return self.base / path if self.base is not None else None


def _problem_with(path: Path, run_directly: bool) -> str | None:
    if not path.exists():
        return "does not exist"
    if path.is_dir():
        return "is a folder, not a program"
    if run_directly and not os.access(path, os.X_OK):
        return "is not executable (`chmod +x` it, or run it with `sh …`)"
    if not run_directly and not os.access(path, os.R_OK):
        return "cannot be read"
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when ``apiKeyHelper`` is empty, names a missing program or prints more."""
    root = root_object(file)
    member = root.member(API_KEY_HELPER) if root is not None else None
    if member is None or member.value.type != "string":
        return
    command = member_text(member) or ""
    if not command.strip():
        message = (
            "`apiKeyHelper` is empty: the setting names no command, so no API key comes from "
            "it; remove the setting, or give the command that prints the key"
        )
        span = member.value.content_span if command else member.value.span
        yield RULE.finding(file, span, message)
        return
    yield from _check_command(file, context, member, command)


def _check_command(
    file: ScannedFile, context: CheckContext, member: JsonMember, command: str
) -> Iterator[Finding]:
    span = member.value.content_span
    inline = extra_output(command) if re.search(r"[;\n]", command) else None
    if inline is not None:
        message = (
            f"`apiKeyHelper` command prints more than the key ({inline[1]}): Claude Code "
            "needs only the key on stdout, one token of printable ASCII, and otherwise "
            "reports `Your apiKeyHelper script is failing`"
        )
        yield RULE.finding(file, span, message)
        return
    path = file.source.path
    scope = settings_scope(path, context)
    windows = Platform.WINDOWS in (context.platform, Platform.current())
    if path is None or scope is Scope.OTHER or windows:
        return  # the disk of this machine says nothing about a copy or a cmd.exe helper
    base = None
    if scope in (Scope.PROJECT, Scope.LOCAL) and not looks_like_dotfiles(path):
        base = project_root(path)
    resolver = Resolver(context.home, base)
    try:
        words = shlex.split(command, posix=True)
    except ValueError:
        return
    while words and (_ASSIGNMENT.match(words[0]) or words[0] in ("exec", "command")):
        words = words[1:]
    if not words:
        return
    program = resolver.path(words[0])
    interpreter: str | None = None
    target = program
    if program is None:
        name = os.path.basename(words[0])
        if not _INTERPRETER.match(name):
            return
        interpreter = name
        rest = words[1:]
        while rest and rest[0].startswith("-"):
            if rest[0] in _INLINE_CODE_OPTIONS:
                return
            rest = rest[1:]
        if not rest:
            return
        target = resolver.path(rest[0], bare_is_relative=True)
    if target is None:
        return
    problem = _problem_with(target, run_directly=interpreter is None)
    if problem is not None:
        what = "runs" if interpreter is None else f"runs `{interpreter}` on"
        message = (
            f"`apiKeyHelper` {what} {target}, which {problem}: the helper fails "
            "(`apiKeyHelper failed`) and Claude Code sends an empty key "
            "(`Invalid API key · Fix external API key`)"
        )
        yield RULE.finding(file, span, message)
        return
    text = _read_script(target)
    if text is None or not _is_shell_script(text[:200], interpreter):
        return
    extra = extra_output(text)
    if extra is None:
        return
    line, why = extra
    message = (
        f"`apiKeyHelper` script {target} prints more than the key (line {line + 1}: {why}): "
        "Claude Code needs only the key on stdout, one token of printable ASCII, and "
        "otherwise reports `Your apiKeyHelper script is failing`; send other text to stderr "
        "(`>&2`)"
    )
    script_line = text.splitlines()[line] if line < len(text.splitlines()) else ""
    related = Related(target, Span.at(line, 0, len(script_line)), "this line prints more")
    yield RULE.finding(file, span, message, related=(related,))


RULE = Rule(
    code="AL807",
    name="broken-api-key-helper",
    summary="apiKeyHelper is empty, names a missing program, or prints more than the key",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
