"""predicted-request-failure.

## What it does
Reports the line that makes a client's request fail (the root cause, first
on the chain), as the outcome layer predicts it for a launch context in use,
when no other rule reports that line: a key that a VS Code terminal never
receives because the profile that exports it is not read there, a credential
set without ``export``, a settings file Claude Code ignores, ``load_dotenv()``
keeping a stale exported key, a key you declined in Claude Code's prompt. The
message names the client, the outcome (401, 404, no request, a login prompt, a
credential sent to another vendor) and the chain of steps; the other places on
the chain are related information.

## Why is this bad?
The request fails, and the line that causes it is in a file you are not
looking at when it does: the error (``Not logged in · Please run /login``,
``Could not resolve authentication method``) says nothing about it.

## Example
```sh
# ~/.profile, read by login shells only; a Linux VS Code terminal runs an
# interactive non-login bash, which reads ~/.bashrc
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
Use instead: export the key in the file the context reads (here
``~/.bashrc``), or load it from the project's ``.env``.

## Fix safety
No fix: where the value belongs depends on which contexts should have it.

## Source
- Claude Code authentication precedence and settings:
  https://docs.claude.com/en/docs/claude-code/iam and
  https://docs.claude.com/en/docs/claude-code/settings
- Shell startup files: https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  and https://zsh.sourceforge.io/Doc/Release/Files.html
- VS Code terminal environment:
  https://code.visualstudio.com/docs/terminal/profiles and
  https://code.visualstudio.com/docs/python/environments#_environment-variables
- SDK errors: https://github.com/anthropics/anthropic-sdk-python and
  https://github.com/anthropics/anthropic-sdk-typescript
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._model import cause_paths, causes_here


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at each root cause in ``file`` of a failing outcome in use."""
    for cause, broken in causes_here(file, context):
        # The root cause (an outcome's first cause) carries the diagnostic; the other places
        # on the chain are its related information.
        in_use = [o for o in broken if o.in_use and o.causes[0] == cause]
        if not in_use:
            continue
        first = in_use[0]
        outcome = f"{first.kind.value}" + (f": `{first.message}`" if first.message else "")
        message = f"{first.title} fails ({outcome}) because this line {_clause(cause.why)}"
        others = [c for c in first.causes if c != cause]
        related = [Related(c.path, c.span, c.why) for c in others[:5]]
        yield RULE.finding(file, cause.span, message, related=related)


def _clause(why: str) -> str:
    """``is not read: …`` / ``sets it to an empty value``: the cause as a verb phrase."""
    if why.startswith(("not read", "set without")):
        return f"is {why}"
    if why.startswith(("sets ", "removes ", "`")):
        return why if not why.startswith("`") else f"holds {why}"
    return f"holds {why}"


RULE = Rule(
    code="AL900",
    name="predicted-request-failure",
    summary="A client's request in a context in use fails because of this line",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    unparsed_code=cause_paths,
)
