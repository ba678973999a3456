"""credential-in-claude-transcript.

## What it does
Checks Claude Code session transcripts (``~/.claude/projects/<project>/
<session>.jsonl``, and any ``.claude/projects/**/*.jsonl`` in a folder you
check) for a complete Anthropic credential: an API key, an Admin API key, an
OAuth or a refresh token. An error when git would commit the transcript
(``~/.claude`` synced into a dotfiles repository, not ignored); a warning
otherwise: the key is at rest in clear text. Transcripts are read only when
git would commit them, when you check the Claude folder itself
(``authlint check ~/.claude``) or with ``--home`` (the newest 256 MiB), and
never whole: see the file kind. Placeholders are not reported.

## Why is this bad?
Claude Code records every prompt, tool call and tool result: a key you
pasted, or one a command printed (``cat .env``, ``echo $ANTHROPIC_API_KEY``),
stays in the transcript for as long as the session is kept. A dotfiles
repository that syncs ``~/.claude`` publishes it, and secret scanners then
find it; backups and other local tools read it too.

## Example
```
{"type":"user","message":{"content":"my key is sk-ant-api03-…AA, why 401?"}}
```
Use instead: never paste keys into a session; keep ``~/.claude/projects``
out of version control (``.gitignore``: ``projects/``).

## Fix safety
No fix: rotate the key first (delete it in the Console and create a new
one; for OAuth tokens, ``/logout`` and ``/login``), then delete or redact the
transcript.

## Source
- https://github.com/anthropics/claude-code/issues/63593
  secret-scanning alerts (an Anthropic key among them) on a repository that syncs ``~/.claude``.
- https://github.com/anthropics/claude-code/issues/38417
  a key reported compromised after Claude Code read a ``.env`` file.
- https://docs.claude.com/en/docs/claude-code/settings
  ``cleanupPeriodDays``: how long Claude Code keeps session transcripts.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core import git
from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import credential_kind, mask
from authlint.rules._base import Rule


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per complete credential in a transcript."""
    if not file.exposures:
        return
    path = file.source.path
    committable = context.is_committable(path)
    if committable and path is not None and git.is_tracked(path.resolve()):
        at_rest = "git tracks this transcript: the key is in the repository"
    elif committable:
        at_rest = "git would commit this transcript (no .gitignore rule matches it)"
    else:
        at_rest = "it stays on disk in clear text as long as the session is kept"
    for exposure in file.exposures:
        kind = credential_kind(exposure.value).value
        article = "an" if kind[0] in "AEIOU" else "a"
        message = (
            f"A Claude Code transcript holds {article} {kind} (`{mask(exposure.value)}`): "
            f"{at_rest}. Rotate it, then delete or redact the transcript"
            + (" and ignore ~/.claude/projects in git" if committable else "")
        )
        yield RULE.finding(
            file,
            exposure.span,
            message,
            severity=Severity.ERROR if committable else Severity.WARNING,
        )


RULE = Rule(
    code="AL506",
    name="credential-in-claude-transcript",
    summary="Anthropic key or token in a Claude Code session transcript",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_TRANSCRIPT}),
    check=check,
    doc=__doc__ or "",
)
