"""quoted-value-in-docker-env-file.

## What it does
Checks the files a ``devcontainer.json`` passes to ``docker run`` with
``runArgs`` (``["--env-file", ".env"]`` or ``"--env-file=.env"``) for
credentials whose value is wrapped in quotes: ``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key, written ``NAME="…"`` or ``NAME='…'``. The path is resolved the way the
Dev Containers extension runs ``docker run``: from the workspace folder (the
folder that holds ``.devcontainer/``), with ``${localWorkspaceFolder}``
substituted. The finding sits on the ``--env-file`` argument and links to
each quoted line. Definitions that use ``dockerComposeFile`` are skipped
(``runArgs`` is not used there), and so are placeholders and empty values.

## Why is this bad?
``docker run --env-file`` does not parse the file the way dotenv loaders and
Compose do: each line is split at the first ``=`` and the rest, quotes
included, becomes the value. The container gets ``"sk-ant-api03-…AA"`` with
the quote characters, every client sends them, and the API answers 401
(``invalid x-api-key`` / ``Invalid bearer token``; Claude Code prints
``Invalid API key · Fix external API key``). The same file works with
python-dotenv, Node ``dotenv`` and Compose's ``env_file``, which strip the
quotes, so the failure shows up only inside the container.

This is still true of Docker today: the parser (``docker/cli``
``pkg/kvfile/kvfile.go``, used by ``opts.ParseEnvFile`` since the v28 code
base; ``opts/file.go`` before it) documents "quotes are considered part of
the key or value" and appends the line as it is. The pull requests that
would strip matching quotes (docker/cli#6046, May 2025; #6805, February
2026; issue #3630) are not merged. Podman 4.7 and later do strip quotes in
``--env-file``; with ``"dev.containers.dockerPath": "podman"`` the quotes are
harmless, but the file then works only with Podman.

## Example
```jsonc
// .devcontainer/devcontainer.json
"runArgs": ["--env-file", ".env"],
```
```
# .env
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```
Use instead: ``ANTHROPIC_API_KEY=sk-ant-api03-…AA`` (keys never contain
spaces or ``#``, so they need no quotes), or pass the variable with
``containerEnv: {"ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}"}``.

## Fix safety
No fix: the same ``.env`` may also be read by tools that need the quotes for
other values, and removing them there is the author's call.

## Source
- https://github.com/docker/compose/issues/3702
  maintainer: ``docker run --env-file`` keeps the quotes.
- https://github.com/docker/compose/issues/10040
  maintainer: ``docker run`` reads the file as raw ``KEY=VALUE`` lines, Compose removes
  quotes.
- https://github.com/docker/cli/issues/4665
  the same report against the CLI.
- https://github.com/docker/cli/blob/master/pkg/kvfile/kvfile.go
  quotes are part of the value.
- https://docs.docker.com/reference/cli/docker/container/run/
  ``--env-file``.
- https://code.visualstudio.com/remote/advancedcontainers/environment-variables
  devcontainer ``runArgs`` with ``--env-file``.
- https://github.com/containers/podman/blob/main/docs/source/markdown/options/env-file.md
  podman reads quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonValue, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.secrets import CredentialKind, credential_kind, mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.core.variables import CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._credentials import is_placeholder_credential
from authlint.rules._settings import devcontainer_workspace, string_value

_OPTION = "--env-file"
_LOCAL_WORKSPACE = re.compile(r"\$\{localWorkspaceFolder\}")


@dataclass(frozen=True)
class _Quoted:
    """A line of an env file whose value ``docker run`` keeps with its quotes."""

    name: str
    inner: str
    span: Span


def _env_file_arguments(run_args: JsonValue) -> Iterator[tuple[JsonValue, str, Span]]:
    """``(item, path, span)`` for each ``--env-file`` argument; the span covers the path."""
    items = run_args.items
    for position, item in enumerate(items):
        text = string_value(item)
        if text is None:
            continue
        if text == _OPTION and position + 1 < len(items):
            target = items[position + 1]
            path = string_value(target)
            if path is not None:
                yield target, path, target.content_span
        elif text.startswith(_OPTION + "="):
            path = text[len(_OPTION) + 1 :]
            start = item.content_span.start
            if item.content_span.start.line == item.content_span.end.line:
                inner = Span.at(
                    start.line, start.character + len(_OPTION) + 1, item.content_span.end.character
                )
            else:
                inner = item.content_span
            yield item, path, inner


def _resolve(raw: str, workspace: Path) -> Path | None:
    """The env file's path on the host, or ``None`` when it holds another variable."""
    text = _LOCAL_WORKSPACE.sub(lambda _: workspace.as_posix(), raw.strip())
    if not text or "${" in text or text.startswith("~"):
        return None
    path = Path(text)
    return path if path.is_absolute() else workspace / path


def _is_credential(name: str, inner: str) -> bool:
    """Whether ``name=inner`` holds a credential that is not a placeholder."""
    stripped = inner.strip()
    if not stripped or is_placeholder_credential(stripped, name):
        return False
    if name in CREDENTIAL_VARIABLES:
        return True
    return stripped.startswith("sk-ant-") or credential_kind(stripped) is not CredentialKind.UNKNOWN


def quoted_credentials(source: SourceFile) -> list[_Quoted]:
    """The credential lines of an env file whose value ``docker run --env-file`` keeps quoted.

    Follows docker/cli ``pkg/kvfile``: leading whitespace is dropped, ``#``
    lines and blank lines are skipped, the line is split at the first ``=``
    and the rest is the value as written. A name with whitespace in it
    (``export NAME=…``) makes ``docker run`` refuse the whole file, which is
    not this rule's finding.
    """
    found: list[_Quoted] = []
    index = source.index
    for line in range(index.line_count):
        text = index.line_text(line)
        body = text.lstrip()
        if not body or body.startswith("#"):
            continue
        name, equals, value = body.partition("=")
        if not equals or not name or any(c in name for c in " \t"):
            continue
        quote = value[:1]
        if quote not in {'"', "'"}:
            continue
        closing = value.find(quote, 1)
        inner = value[1:closing] if closing > 0 else value[1:]
        if not _is_credential(name, inner):
            continue
        start = len(text) - len(body) + len(name) + 1
        found.append(_Quoted(name, inner.strip(), Span.at(line, start, len(text.rstrip()))))
    return found


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``--env-file`` whose credentials keep their quotes in the container."""
    root = file.json.root if file.json is not None else None
    path = file.source.path
    if root is None or root.type != "object" or path is None or root.get("dockerComposeFile"):
        return
    run_args = root.get("runArgs")
    if run_args is None or run_args.type != "array":
        return
    workspace = devcontainer_workspace(path)
    for _, raw, span in _env_file_arguments(run_args):
        env_path = _resolve(raw, workspace)
        if env_path is None or not env_path.is_file():
            continue
        try:
            source = SourceFile.read(env_path)
        except OSError:
            continue
        quoted = quoted_credentials(source)
        if not quoted:
            continue
        names = sorted({q.name for q in quoted})
        first = quoted[0]
        who = f"{names[0]} reaches" if len(names) == 1 else f"{', '.join(names)} reach"
        message = (
            f"`docker run --env-file {raw}` keeps the quotes around values: {who} the container "
            f'with the quote characters in it (`"{mask(first.inner)}"`), and the API answers '
            "401; remove the quotes in the file (docker/cli still keeps them, docker/cli#3630)"
        )
        related = tuple(
            Related(env_path, q.span, f"{q.name}'s quotes stay in the value under docker run")
            for q in quoted
        )
        yield RULE.finding(file, span, message, related=related)


RULE = Rule(
    code="AL709",
    name="quoted-value-in-docker-env-file",
    summary="Quoted credential in a file passed to docker run --env-file (quotes are kept)",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.DEVCONTAINER}),
    check=check,
    doc=__doc__ or "",
)
