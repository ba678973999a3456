"""unignored-env-file.

## What it does
Checks for a ``.env`` file (``.env``, ``.env.local``, ``.env.development``,
``prod.env``…) inside a git work tree that git does not ignore, when it holds
a credential: a credential variable (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``) or any value shaped
like a known vendor's key, with a non-empty value that is not a placeholder.
The finding sits on the first such assignment. Templates (``.env.example``,
``.env.sample``…) are meant to be committed and are skipped; values computed
at run time are not credentials.

Ignore rules are read as git reads them: ``.gitignore`` files from the
repository root down, ``.git/info/exclude``, and the global excludes file
(``core.excludesFile``, else ``~/.config/git/ignore``).

## Why is this bad?
``git add .`` or ``git commit -a`` picks the file up with every key in it. A
key pushed to a public repository is found by scanners within minutes; a
private one stays in the history of every clone.

## Example
```
# .env, in a repository whose .gitignore does not list it
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```
Use instead: add ``.env`` to the repository's ``.gitignore``.

## Fix safety
Safe: the fix appends the file's name (``.env``, ``.env.local``) on a line of
its own at the end of the ``.gitignore`` at the repository root, creating it
when there is none. It changes nothing else and never touches the key. If git
already tracks the file, also run ``git rm --cached <file>`` and rotate the key.

## Source
- https://git-scm.com/docs/gitignore
  which ignore files git reads and in what order.
- https://code.claude.com/docs/en/errors
  tools that load a project ``.env`` can hand a stale key to ``claude``.
- https://code.claude.com/docs/en/settings
  a hand-made ``settings.local.json`` must be ignored by hand too.
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  keys that reach a commit are found by secret scanners.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core import git
from authlint.core.context import CheckContext, is_template
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._helpers import holds_credential

_GITIGNORE_SPECIAL = re.compile(r"([\\*?\[])")
# ``$TOKEN`` / ``${TOKEN}`` kept literally (python-dotenv expands only ``${…}`` and
# the scanner marks those computed): a reference to another variable, not a secret.
_REFERENCE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")


def gitignore_pattern(name: str) -> str:
    """The ``.gitignore`` line that matches the file name ``name`` literally."""
    pattern = _GITIGNORE_SPECIAL.sub(r"\\\1", name)
    if pattern.startswith(("#", "!")):
        pattern = "\\" + pattern
    if pattern.endswith(" "):
        stripped = pattern.rstrip(" ")
        pattern = stripped + "\\ " * (len(pattern) - len(stripped))
    return pattern


def _first_credential(file: ScannedFile) -> Assignment | None:
    for assignment in file.assignments:
        value = (assignment.value or "").strip()
        if not holds_credential(assignment) or is_placeholder(value):
            continue
        if not _REFERENCE.fullmatch(value):
            return assignment
    return None


def _fix(path: Path) -> Fix | None:
    """Append ``path``'s name to the root ``.gitignore`` (created when missing)."""
    return gitignore_fix(path, gitignore_pattern(path.name))


def gitignore_fix(path: Path, line: str) -> Fix | None:
    """Append ``line`` to the ``.gitignore`` at the root of ``path``'s repository (or create it)."""
    root = git.repository_root(path.parent)
    if root is None:
        return None
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        edit = Edit(Span.at(0, 0, 0), f"{line}\n", path=gitignore, create=True)
    else:
        try:
            source = SourceFile.read(gitignore)
        except OSError:
            return None
        text = source.text
        newline = "\r\n" if "\r\n" in text else "\n"
        # Replace the final line break with itself + the new line (or append one after
        # the last line), so the inserted text carries both of its line breaks.
        last = next((b for b in ("\r\n", "\n", "\r") if text.endswith(b)), "")
        span = source.index.span(len(text) - len(last), len(text))
        new_text = f"{last or newline}{line}{newline}" if text else f"{line}{newline}"
        edit = Edit(span, new_text, path=gitignore)
    return Fix(f"Add `{line}` to {gitignore.name}", (edit,), Applicability.SAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding when a non-template ``.env`` file with a credential is not ignored."""
    path = file.source.path
    if path is None or is_template(path):
        return
    first = _first_credential(file)
    if first is None or not context.is_committable(path):
        return
    value = (first.value or "").strip()
    resolved = path.resolve()
    if git.is_tracked(resolved):
        ignored = git.is_ignored(resolved)
        message = (
            f"{path.name} holds {first.name} (`{mask(value)}`) and git tracks it: it is in the "
            f"repository{' whatever .gitignore says' if ignored else ''}. Rotate the key and "
            f"run `git rm --cached {path.name}`"
            + ("" if ignored else f", then add {path.name} to .gitignore")
        )
        fix = None if ignored else _fix(resolved)
        yield RULE.finding(file, first.name_span, message, fix=fix)
        return
    message = (
        f"{path.name} holds {first.name} (`{mask(value)}`) and git would commit it: no "
        f".gitignore rule matches {path.name}. Add it to .gitignore"
    )
    yield RULE.finding(file, first.name_span, message, fix=_fix(resolved))


RULE = Rule(
    code="AL502",
    name="unignored-env-file",
    summary=".env file with a credential that git does not ignore",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.DOTENV}),
    check=check,
    doc=__doc__ or "",
    fix_title="Add the file to .gitignore",
)
