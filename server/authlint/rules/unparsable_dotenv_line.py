"""unparsable-dotenv-line.

## What it does
Checks ``.env`` files for lines python-dotenv cannot parse, most often a
value with an opening quote and no closing one
(``ANTHROPIC_API_KEY="sk-ant-…``), or YAML-style ``KEY: value``. It is an
error when the line defines an ``ANTHROPIC_*`` / ``CLAUDE_*`` variable and a
warning otherwise.

## Why is this bad?
``load_dotenv()`` logs ``python-dotenv could not parse statement starting at
line N`` (easy to miss) and skips the line: the variable is never set, and
the SDK raises ``Could not resolve authentication method`` while the file
looks right. Other loaders disagree about such lines (Node ``dotenv`` keeps
an unterminated quote in the value), so the same file fails differently per
tool.

## Example
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA
```
Use instead:
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
None: whether a quote is missing or a stray one should go is the author's
choice.

## Source
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/parser.py
  python-dotenv's parser.
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/main.py
  it warns that it could not parse a statement and skips it.
- https://github.com/wemake-services/dotenv-linter
  violation 1 ``ParsingViolation``.
- https://github.com/motdotla/dotenv/blob/master/lib/main.js
  Node's dotenv reads ``KEY: v`` where python-dotenv does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile, SlipKind
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish
from authlint.scanners import looks_like_shell_fragment


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per line python-dotenv skips as unparsable.

    Error when the line names an authentication variable, warning otherwise.
    A ``.env`` that is really a shell fragment (``shopt``, ``if … fi``: a
    dotfiles repository's ``system/.env`` sourced by the profile) keeps only
    the authentication lines: its other shell statements are meant for the
    shell, not for a dotenv loader.
    """
    shell: bool | None = None  # looked for at the first line that needs it (most files: none)
    for slip in file.slips:
        if slip.kind is not SlipKind.UNPARSED:
            continue
        line = slip.span.start.line + 1
        name = slip.name
        if is_auth_ish(name):
            message = (
                f"python-dotenv cannot parse this line and skips it, so {name} is never set "
                f"(it logs `could not parse statement starting at line {line}`); "
                "typically a missing closing quote, or `KEY: value` instead of `KEY=value`"
            )
            yield RULE.finding(file, slip.span, message)
            continue
        if shell is None:
            shell = looks_like_shell_fragment(file.source.text)
        if not shell:
            message = (
                "python-dotenv cannot parse this line and skips it "
                f"(`could not parse statement starting at line {line}`)"
            )
            yield RULE.finding(file, slip.span, message, severity=Severity.WARNING)


RULE = Rule(
    code="AL310",
    name="unparsable-dotenv-line",
    summary="python-dotenv cannot parse the line and skips it",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.DOTENV}),
    check=check,
    doc=__doc__ or "",
)
