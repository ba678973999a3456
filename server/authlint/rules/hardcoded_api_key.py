"""hardcoded-api-key.

## What it does
Checks for a credential written into the code of an SDK client: a string
literal passed as ``api_key``/``auth_token`` (Python), ``apiKey``/``authToken``
(JavaScript/TypeScript) or LangChain's ``anthropic_api_key``, directly or
through a variable bound once to the literal. A credential is a complete
Anthropic key or token, another vendor's complete key, or a random-looking
string of 20 or more key characters; placeholders (``sk-ant-...``,
``"your-api-key"``) and the dummy values local proxies accept (``"dummy"``,
``"not-needed"``, ``"sk-1234"``) are not reported. In test files
(``tests/``, ``test_*.py``, ``*.test.ts``) only a complete Anthropic key or
token is reported, since fixtures are usually fake.

## Why is this bad?
The key travels with the code: into git history, code review, pastebins,
stack traces and every clone. A leaked API key bills your organisation until
it is revoked, and GitHub push protection blocks the push once it sees one.
Keys belong in the environment (``ANTHROPIC_API_KEY``), which the SDKs read
by default.

## Example
```python
client = anthropic.Anthropic(api_key="sk-ant-api03-…AA")
```
Use instead:
```python
client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
```
with ``ANTHROPIC_API_KEY=sk-ant-api03-…AA`` in an ignored ``.env``.

## Fix safety
Unsafe, and it edits up to three files: the literal becomes
``os.environ["ANTHROPIC_API_KEY"]`` (``import os`` is added when missing) or
``process.env.ANTHROPIC_API_KEY`` (``ANTHROPIC_AUTH_TOKEN`` for ``auth_token``);
through a variable, the variable's literal is replaced. The key is appended
to the ``.env`` at the project root (created when missing), and ``.env`` is
added to the repository's ``.gitignore`` when git would commit it. The
program must then get the variable from its environment: ``load_dotenv()``,
``node --env-file=.env``, ``dotenv run`` or an export. No fix is offered in
test files, for cloud clients (Bedrock, Vertex, Foundry), when the same
variable gets several different literals in the file, when ``.env`` already
defines the variable with another value, or when the value in ``.env`` would
itself be reported (an OAuth token or another vendor's key in
``ANTHROPIC_API_KEY``). If the key was ever committed, rotate it as well.

## Source
- https://platform.claude.com/docs/en/manage-claude/authentication
  store API keys in a secrets manager, not in code.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the SDK reads ``ANTHROPIC_API_KEY``/``ANTHROPIC_AUTH_TOKEN`` when no argument is passed.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the same for the TypeScript SDK.
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  the key shapes secret scanners match.
- https://pypi.org/project/python-dotenv/
  loading ``.env`` into the environment (Node: https://www.npmjs.com/package/dotenv).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.secrets import CredentialKind, credential_kind, mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    HardcodedCredential,
    append_line,
    env_variable_for,
    hardcoded_credentials,
    ignore_dotenv_edit,
    is_cloud_client,
    is_test_file,
    nearest_dotenv,
    project_root,
    read_dotenv,
)

# A value written unquoted in .env reads back unchanged in python-dotenv, Node dotenv,
# `node --env-file` and `source`: no quotes, blanks, `#`, `$` or backslashes.
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_\-.~+/=:@]+")
_IMPORT = re.compile(r"(?m)^import[ \t]+([^\r\n#;]+)")
_FIRST_IMPORT = re.compile(r"(?m)^(?:import[ \t]|from[ \t]+(?!__future__\b)[\w.]+[ \t]+import\b)")
_FUTURE = re.compile(r"(?m)^from[ \t]+__future__[ \t]+import\b[^\r\n]*(?:\r\n|\n|\r)?")


def _describe(value: str) -> str:
    kind = credential_kind(value.strip())
    if kind is CredentialKind.UNKNOWN:
        return "a credential"
    return f"{'an' if kind.value[0] in 'AEIOU' else 'a'} {kind.value}"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal passed to an SDK client."""
    found = hardcoded_credentials(file)
    if not found:
        return
    by_variable: dict[str, set[str]] = {}
    for item in found:
        by_variable.setdefault(env_variable_for(item.argument.name), set()).add(item.value)
    committable = context.is_committable(file.source.path)
    for item in found:
        argument, value = item.argument, item.value
        variable = env_variable_for(argument.name)
        where = f"`{argument.name}`"
        if argument.via_variable:
            where = f"`{argument.via_variable}` (passed as `{argument.name}`)"
        message = (
            f"{where} of `{item.client.constructor}` is {_describe(value)} written in the code "
            f"(`{mask(value.strip())}`): anyone who can read the file or its history can use it. "
            f"Read it from the environment ({variable}) instead"
        )
        if committable:
            message += "; git would commit this file, so rotate the key too"
        related: tuple[Related, ...] = ()
        if argument.via_variable:
            related = (
                Related(
                    file.source.path,
                    argument.value_span,
                    f"passed as `{argument.name}` to `{item.client.constructor}` here",
                ),
            )
        fix = None
        if len(by_variable[variable]) == 1 and not is_cloud_client(item.client):
            fix = _fix(file, context, item, variable)
        yield RULE.finding(file, item.span, message, fix=fix, related=related)


# --- the fix -------------------------------------------------------------------------------------


def _fix(
    file: ScannedFile, context: CheckContext, item: HardcodedCredential, variable: str
) -> Fix | None:
    path = file.source.path
    value = item.value
    if path is None or is_test_file(file) or not _PLAIN_VALUE.fullmatch(value):
        return None
    if item.argument.env_var is not None:
        return None  # the default of an environment read: dropping it is the author's call
    root = project_root(file)
    if root is None:
        return None
    edits = _code_edits(file, item, variable)
    if edits is None:
        return None
    # python-dotenv reads the .env nearest to the script; Node reads the one in the project root.
    nearest = nearest_dotenv(file) if file.kind is FileKind.PYTHON else None
    dotenv = nearest if nearest is not None else read_dotenv(root / ".env")
    if dotenv.defines(variable):
        if dotenv.value(variable) != value:
            return None  # another key is there: which one is right is the user's call
    else:
        line = f"{variable}={value}"
        if not _clean_in_dotenv(dotenv.path, dotenv.scanned, line, context):
            return None
        edit = append_line(dotenv.path, line)
        if edit is None:
            return None
        edits.append(edit)
    ignore = ignore_dotenv_edit(dotenv.path)
    if ignore is None:
        return None
    if isinstance(ignore, Edit):
        edits.append(ignore)
    where = os.path.relpath(dotenv.path, path.absolute().parent)
    title = f"Move the key to {where} and read {variable} from the environment"
    return Fix(title, tuple(edits), Applicability.UNSAFE)


def _code_edits(file: ScannedFile, item: HardcodedCredential, variable: str) -> list[Edit] | None:
    """Replace the literal with an environment read (and import ``os`` in Python)."""
    if file.kind is FileKind.JAVASCRIPT:
        return [Edit(item.span, f"process.env.{variable}")]
    edits = [Edit(item.span, f'os.environ["{variable}"]')]
    text = file.source.text
    if _imports_os(text):
        return edits
    at = _import_position(text, item.span.start.line, file)
    if at is None:
        return None
    newline = file.source.index.line_break(0) or "\n"
    edits.insert(0, Edit(Span.at(at, 0, 0), f"import os{newline}"))
    return edits


def _imports_os(text: str) -> bool:
    """Whether a module-level ``import os`` (``import os.path``, ``import sys, os``) binds it."""
    for match in _IMPORT.finditer(text):
        for item in match.group(1).split(","):
            words = item.split()
            if words and (words[0] == "os" or words[0].startswith("os.")) and len(words) == 1:
                return True
    return False


def _import_position(text: str, literal_line: int, file: ScannedFile) -> int | None:
    """The line to insert ``import os`` at: before the first import, after ``__future__``.

    ``None`` when the file has no module-level import to anchor on (the SDK
    import is always there in practice).
    """
    index = file.source.index
    first = _FIRST_IMPORT.search(text)
    if first is None:
        return None
    line = index.position(first.start()).line
    futures = list(_FUTURE.finditer(text))
    if futures:
        line = max(line, index.position(futures[-1].end()).line)
    literal_text = index.line_text(literal_line)
    if literal_line < line and not literal_text[:1].isspace():
        line = literal_line  # a module-level binding above the imports runs first
    return line


def _clean_in_dotenv(
    path: Path, scanned: ScannedFile | None, line: str, context: CheckContext
) -> bool:
    """Whether ``line`` appended to the ``.env`` draws no finding from the ``.env`` rules.

    Runs the real scanner and rules (all but the AL5xx leak rules, which the
    fix's ``.gitignore`` edit answers) over the file as it would be; a rule
    that reports the new line at any severity counts.
    """
    from authlint.rules import selected_rules
    from authlint.scanners import scan

    before = scanned.source.text if scanned is not None else ""
    if before and not before.endswith(("\n", "\r")):
        before += "\r\n" if "\r\n" in before else "\n"
    source = SourceFile(path, before + line + "\n")
    new_line = source.index.line_count - 2
    after = scan(source, FileKind.DOTENV)
    for rule in selected_rules(("ALL",), ("AL5",)):
        if FileKind.DOTENV not in rule.kinds:
            continue
        for view in after.env_blocks():
            if any(f.span.start.line == new_line for f in rule.check(view, context)):
                return False
    return True


RULE = Rule(
    code="AL601",
    name="hardcoded-api-key",
    summary="API key or token written into the code of an SDK client",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Move the key to .env and read it from the environment",
)
