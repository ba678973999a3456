"""unignored-streamlit-secrets.

## What it does
Checks for a Streamlit secrets file (``.streamlit/secrets.toml``) inside a
git work tree that git does not ignore (or that git tracks), when it holds a
credential: a key of a credential variable (``ANTHROPIC_API_KEY``…) or a
value shaped like a key (``sk-ant-…``, other vendors' keys), anywhere in the
file, tables included. Placeholders and empty values are not reported.

## Why is this bad?
``secrets.toml`` exists to keep keys out of the code, and Streamlit's
documentation asks you to add it to ``.gitignore``; a ``git add .`` in a
project that forgot commits every key in it. Streamlit Community Cloud takes
secrets from its own settings page, so the file is never needed in the
repository.

## Example
```toml
# .streamlit/secrets.toml, not in .gitignore
ANTHROPIC_API_KEY = "sk-ant-api03-…AA"
```
Use instead: add ``.streamlit/secrets.toml`` to ``.gitignore``.

## Fix safety
Safe: appends ``.streamlit/secrets.toml`` (the file's path from the
repository root) to the root ``.gitignore``, creating it when missing. When
git already tracks the file there is no fix: rotate the keys and run ``git rm
--cached``.

## Source
- https://docs.streamlit.io/develop/concepts/connections/secrets-management
  add ``.streamlit/secrets.toml`` to ``.gitignore`` so secrets are not committed.
- https://github.com/mrwadams/attackgen/issues/14
  a Streamlit app's ``secrets.toml`` setup, reported by a user.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core import git
from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.rules._base import Rule
from authlint.rules._helpers import holds_credential
from authlint.rules.unignored_env_file import gitignore_fix, gitignore_pattern


def _first_credential(file: ScannedFile) -> Assignment | None:
    for assignment in file.assignments:
        value = (assignment.value or "").strip()
        if holds_credential(assignment) and not is_placeholder(value):
            return assignment
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding when a secrets file with a credential is not ignored."""
    path = file.source.path
    first = _first_credential(file)
    if path is None or first is None or not context.is_committable(path):
        return
    shown = mask((first.value or "").strip())
    resolved = path.resolve()
    root = git.repository_root(resolved.parent)
    relative = resolved.relative_to(root).as_posix() if root is not None else path.name
    if git.is_tracked(resolved):
        message = (
            f"{relative} holds {first.name} (`{shown}`) and git tracks it: the key is in the "
            f"repository. Rotate it and run `git rm --cached {relative}`"
        )
        yield RULE.finding(file, first.name_span, message)
        return
    line = "/".join(gitignore_pattern(part) for part in relative.split("/"))
    message = (
        f"{relative} holds {first.name} (`{shown}`) and git would commit it: no .gitignore "
        f"rule matches it. Add `{line}` to .gitignore"
    )
    yield RULE.finding(file, first.name_span, message, fix=gitignore_fix(resolved, line))


RULE = Rule(
    code="AL508",
    name="unignored-streamlit-secrets",
    summary="Streamlit secrets.toml with a credential that git does not ignore",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.STREAMLIT_SECRETS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Add the file to .gitignore",
)
