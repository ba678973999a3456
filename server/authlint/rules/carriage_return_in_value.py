"""carriage-return-in-value.

## What it does
Checks for Windows (CRLF) or classic Mac (CR) line endings in files that a
shell reads: POSIX shell profiles (``~/.bashrc``, ``~/.zshrc``, ``.envrc``…),
fish configuration with a line continuation, and ``.env`` files whose
credential would pick up the ``\\r`` when the file is sourced.

## Why is this bad?
bash and zsh do not treat ``\\r`` as white space: on a CRLF line,
``export ANTHROPIC_API_KEY=sk-ant-…AA`` sets the key to ``sk-ant-…AA\\r``
(shellcheck SC1017). Claude Code and the TypeScript SDK trim the value, so the
CLI keeps working, but the Python SDK sends the header verbatim and fails with
``LocalProtocolError: Illegal header value`` (``APIConnectionError``) without
making a request, which makes the cause hard to find.

python-dotenv and Node ``dotenv`` treat CRLF as a line break, so an
application that loads a CRLF ``.env`` file gets the right value; only a shell
that sources the file (``source .env``, ``set -a; . .env``) keeps the ``\\r``.
That is why ``.env`` files get a warning, and only when a credential with a
real value sits at the end of a CRLF line.

fish treats ``\\r`` as a separator, so a CRLF ``config.fish`` sets clean
values; only a line continuation (``\\`` right before the CRLF) breaks there,
because the backslash then escapes the ``\\r`` instead of the line break.
PowerShell reads CRLF natively and is not checked.

## Example
A ``~/.bashrc`` saved with Windows line endings:
```
export ANTHROPIC_API_KEY=sk-ant-api03-…AA␍␊
```
Use instead (LF only):
```
export ANTHROPIC_API_KEY=sk-ant-api03-…AA␊
```

## Fix safety
Converts every CRLF or CR line ending of the file to LF (what ``dos2unix``
does). Safe in shell and fish files: a shell never wants the ``\\r``. Unsafe in
``.env`` files: the loaders that read them already cope, and the file may be
kept CRLF on purpose (for example a Windows checkout with ``core.autocrlf``),
so rewriting every line is left to the user.

## Source
- https://www.shellcheck.net/wiki/SC1017
  a literal carriage return; the value keeps ``\\r``.
- https://code.claude.com/docs/en/errors
  Claude Code rejects a header value that contains a line break.
- https://github.com/BerriAI/litellm/issues/27188
  ``LocalProtocolError: Illegal header value`` from a key read from a CRLF file.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 0.69.0, 1.17.0 and 2.11.0 against a local server: a key ending
  in ``\\r\\n`` raises ``APIConnectionError`` with no request; Claude Code 2.1.197 trims
  it.
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/parser.py
  python-dotenv reads ``\\r\\n`` as a line break (so does Node's dotenv,
  https://github.com/motdotla/dotenv/blob/master/lib/main.js).
- https://github.com/wemake-services/dotenv-linter
  violation 302 ``InvalidEOLViolation``.
- https://github.com/fish-shell/fish-shell/blob/master/src/tokenizer.rs
  fish treats ``\\r`` as a separator; fish-shell#3655
  (https://github.com/fish-shell/fish-shell/issues/3655) on escaped CRLF continuations.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.core.text import LineIndex, Position, Span
from authlint.rules._base import Rule
from authlint.rules._helpers import holds_credential

_CR_BREAKS = ("\r\n", "\r")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield at most one finding per file with CRLF/CR line endings that a shell would keep.

    Shell profiles: any CRLF line with code on it (blank and comment lines do
    no harm). fish: only an escaped CRLF line continuation. ``.env``: only a
    credential with a real value that ends exactly at a CRLF line end.
    """
    index = file.source.index
    cr_lines = [line for line in range(index.line_count) if index.line_break(line) in _CR_BREAKS]
    if not cr_lines:
        return
    glued = [a for a in file.assignments if _glued_to_cr(index, a) and holds_credential(a)]
    if file.kind is FileKind.DOTENV:
        glued = [a for a in glued if not is_placeholder((a.value or "").strip())]
        if glued:
            yield _credential_finding(file, glued[0], cr_lines, Severity.WARNING)
        return
    if file.kind is FileKind.FISH:
        broken = [line for line in cr_lines if _ends_with_escape(index.line_text(line))]
        if broken:
            line = broken[0]
            message = (
                f"line {line + 1} ends with `\\` before a Windows (CRLF) line ending: fish "
                "escapes the `\\r` instead of the line break, so the command is cut in two "
                "and the next line runs on its own"
            )
            yield RULE.finding(file, _line_span(index, line), message, fix=_fix(file, cr_lines))
        return
    if glued:
        yield _credential_finding(file, glued[0], cr_lines, Severity.ERROR)
        return
    code_lines = [line for line in cr_lines if _is_code(index.line_text(line))]
    if code_lines:
        line = code_lines[0]
        message = (
            f"this file has Windows (CRLF) line endings ({_count(cr_lines)}): a shell that "
            "reads it keeps `\\r` at the end of every value and command (SC1017), so "
            "variables get a trailing `\\r` and keywords such as `then\\r` are not recognised"
        )
        yield RULE.finding(file, _line_span(index, line), message, fix=_fix(file, cr_lines))


def _credential_finding(
    file: ScannedFile, assignment: Assignment, cr_lines: list[int], severity: Severity
) -> Finding:
    value = assignment.value or ""
    if file.kind is FileKind.DOTENV:
        who = (
            "python-dotenv and Node dotenv strip it, but a shell that sources this file "
            "(`source .env`, `set -a; . .env`) sets"
        )
    else:
        who = "the shell keeps the `\\r` (SC1017) and sets"
    message = (
        f"{assignment.name} is on a line with a Windows (CRLF) line ending "
        f"({_count(cr_lines)} in this file): {who} `{mask(value.strip())}\\r`; the Python "
        "SDK then refuses the header (`Illegal header value`, APIConnectionError) while "
        "Claude Code trims it"
    )
    return RULE.finding(
        file, assignment.value_span, message, fix=_fix(file, cr_lines), severity=severity
    )


def _glued_to_cr(index: LineIndex, assignment: Assignment) -> bool:
    """Whether the value ends exactly where a CR/CRLF line ending starts.

    Only then does a sourcing shell append the ``\\r`` to this value; after a
    space or a comment it lands in another word or in the comment.
    """
    if assignment.value is None:
        return False
    end = assignment.value_span.end
    if index.line_break(end.line) not in _CR_BREAKS:
        return False
    return end.character == len(index.line_text(end.line))


def _ends_with_escape(text: str) -> bool:
    """Whether ``text`` ends with an odd number of backslashes (a line continuation)."""
    stripped = text.rstrip("\\")
    return (len(text) - len(stripped)) % 2 == 1


def _is_code(text: str) -> bool:
    """Whether a line holds something the shell runs (not blank, not a comment)."""
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _count(cr_lines: list[int]) -> str:
    return "1 line" if len(cr_lines) == 1 else f"{len(cr_lines)} lines"


def _line_span(index: LineIndex, line: int) -> Span:
    return Span.at(line, 0, len(index.line_text(line)))


def _fix(file: ScannedFile, cr_lines: list[int]) -> Fix:
    """Replace each CRLF or CR line ending with LF: one edit per line ending."""
    index = file.source.index
    edits = tuple(
        Edit(Span(Position(line, len(index.line_text(line))), Position(line + 1, 0)), "\n")
        for line in cr_lines
    )
    applicability = Applicability.UNSAFE if file.kind is FileKind.DOTENV else Applicability.SAFE
    return Fix(RULE.fix_title or "", edits, applicability)


RULE = Rule(
    code="AL202",
    name="carriage-return-in-value",
    summary="Windows (CRLF) line endings leave `\\r` in values when a shell reads the file",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.DOTENV, FileKind.SHELL, FileKind.FISH}),
    check=check,
    doc=__doc__ or "",
    fix_title="Convert the line endings to LF",
)
