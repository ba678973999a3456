"""byte-order-mark-in-profile.

## What it does
Checks for a byte-order mark (BOM) at the start of a shell profile or fish
configuration file, as Windows editors (Notepad, PowerShell ``Out-File``)
write it.

## Why is this bad?
Shells do not skip a BOM: its bytes become part of the first word, so line 1
runs ``\\ufeffexport`` instead of ``export`` and fails with ``command not
found``. If that line sets ``ANTHROPIC_API_KEY`` (or sources the file that
does), the variable is never set and Claude Code reports ``Not logged in ·
Please run /login``. The editor does not show the BOM, so the line looks
right. python-dotenv, Node ``dotenv`` and PowerShell skip a BOM, so ``.env``
files and PowerShell profiles are not checked.

When line 1 is blank or a comment, nothing is lost but a ``command not found``
message at every shell start, so the finding is a warning.

## Example
```
<BOM>export ANTHROPIC_API_KEY=sk-ant-api03-…AA
```
Use instead: the same file saved as UTF-8 without a BOM.

## Fix safety
Safe: removes the BOM bytes and nothing else (line endings are kept). Not
offered for a UTF-16 or UTF-32 file, which a shell cannot read at all.

## Source
- https://www.shellcheck.net/wiki/SC1082
  a UTF-8 byte order mark breaks the first line of a script.
- https://github.com/fish-shell/fish-shell/issues/1518
  fish reports ``Unknown command`` for a first line that starts with a BOM.
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  profiles are sourced as shell code.

Observed with bash 5.2 and zsh 5.9: the first line fails with ``command not found`` and
its variable is not set.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding when the file starts with a byte-order mark."""
    source = file.source
    # U+FEFF left at the start of the text: a second BOM behind the file's, or an
    # editor buffer that kept it. A shell reads all of them as part of the first word.
    marks = len(source.text) - len(source.text.lstrip("\ufeff"))
    if not source.bom and not marks:
        return
    first = source.index.line_text(0)[marks:]
    word = first.split(maxsplit=1)[0] if first.strip() else ""
    start = marks + len(first) - len(first.lstrip())
    span = Span.at(0, start, start + len(word))
    if source.encoding != "utf-8":
        message = (
            f"this file is encoded as {source.encoding.upper()} (it starts with a byte-order "
            "mark): shells read UTF-8, so none of its lines work; save it as UTF-8 without a BOM"
        )
        yield RULE.finding(file, span, message)
        return
    lost = sorted({a.name for a in file.assignments if a.statement_span.start.line == 0})
    harmless = not word or word.startswith("#")
    if lost:
        consequence = f"; {', '.join(lost)} is not set"
    elif harmless:
        consequence = " at every shell start (nothing else is lost)"
    else:
        consequence = "; whatever it sets or sources is lost"
    if word.startswith("#"):
        effect = "line 1 is no longer a comment: the shell runs it as a command"
    elif word:
        effect = f"line 1 runs `{word}` with an invisible prefix"
    else:
        effect = "line 1 runs the BOM as a command"
    error = "`Unknown command`" if file.kind is FileKind.FISH else "`command not found`"
    message = (
        "this file starts with a UTF-8 byte-order mark (BOM): the shell reads it as part of "
        f"the first word, so {effect} and fails with {error}{consequence}"
    )
    # One fix removes every mark: the file's BOM and the U+FEFF behind it.
    edits = (Edit(Span.at(0, 0, marks), ""),) if marks else ()
    fix = Fix(RULE.fix_title or "", edits, Applicability.SAFE, drop_bom=bool(source.bom))
    severity = Severity.WARNING if harmless and not lost else Severity.ERROR
    yield RULE.finding(file, span, message, fix=fix, severity=severity)


RULE = Rule(
    code="AL203",
    name="byte-order-mark-in-profile",
    summary="Shell profile starts with a byte-order mark, so its first line fails",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.SHELL, FileKind.FISH}),
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the byte-order mark",
)
