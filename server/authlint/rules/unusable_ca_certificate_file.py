"""unusable-ca-certificate-file.

## What it does
Checks ``NODE_EXTRA_CA_CERTS`` and ``SSL_CERT_FILE`` for a path Node cannot
use: a file that does not exist (checked only for paths in the home folder
authlint reads, ``~/…`` or ``$HOME/…``, so a dotfiles repository checked on
another machine is not reported), or a file that holds no PEM certificate,
such as a ``.cer`` / ``.crt`` exported from Windows or the macOS Keychain in
binary DER form.

## Why is this bad?
Node reads these files as PEM (``-----BEGIN CERTIFICATE-----`` blocks). A
missing or DER file adds no certificate; Node at most prints a warning at
start-up, and every connection through a TLS-inspecting proxy still fails
with ``SELF_SIGNED_CERT_IN_CHAIN`` or ``unable to get local issuer
certificate``, which looks as if the variable were ignored.

## Example
```sh
export NODE_EXTRA_CA_CERTS="$HOME/certs/corp-root.cer"   # DER, exported from the Keychain
```
Use instead: convert it once,
``openssl x509 -inform der -in corp-root.cer -out corp-root.pem``, and point
the variable at the ``.pem`` file.

## Fix safety
No fix: the conversion writes a new file.

## Source
- https://nodejs.org/api/cli.html#node_extra_ca_certsfile
  "The file should consist of one or more trusted certificates in PEM format".
- https://github.com/anthropics/claude-code/issues/26897
  a ``.cer`` file in ``NODE_EXTRA_CA_CERTS`` and ``Self-signed certificate detected``.
- https://github.com/anthropics/claude-code/issues/2855
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span

VARIABLES = ("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE")
_HOME = re.compile(r"^(?:~|\$HOME|\$\{HOME\})(?=/|$)")
_PEM = b"-----BEGIN CERTIFICATE-----"
_READ = 1 << 20


def _path(raw: str, context: CheckContext) -> tuple[Path, bool] | None:
    """The file ``raw`` names, and whether it is in the home folder; ``None``: unknown."""
    text = raw.strip().strip("\"'")
    if not text:
        return None
    home = context.home
    if _HOME.match(text):
        if home is None:
            return None
        return home / _HOME.sub("", text).lstrip("/"), True
    if "$" in text or "%" in text:
        return None
    path = Path(text)
    if not path.is_absolute():
        return None
    return path, home is not None and path.is_relative_to(home)


def _problem(path: Path, in_home: bool) -> str | None:
    """Why Node cannot load ``path`` as PEM, or ``None``."""
    try:
        if not path.is_file():
            return "does not exist" if in_home and not path.exists() else None
        with path.open("rb") as handle:
            head = handle.read(_READ)
    except OSError:
        return None
    if _PEM in head:
        return None
    if head[:1] == b"\x30":
        return (
            "is a binary (DER) certificate, but Node reads only PEM; convert it with "
            "`openssl x509 -inform der -in <file> -out <file>.pem`"
        )
    return "holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per CA-file variable naming a missing or non-PEM file."""
    if is_template(file.source.path):
        return
    for assignment in file.assignments:
        if assignment.name not in VARIABLES:
            continue
        found = _path(assignment.value or assignment.raw_content, context)
        if found is None:
            continue
        problem = _problem(*found)
        if problem is None:
            continue
        message = (
            f"{assignment.name} names `{found[0]}`, which {problem}: no certificate is added, "
            "so TLS through a corporate proxy still fails (`SELF_SIGNED_CERT_IN_CHAIN`)"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL311",
    name="unusable-ca-certificate-file",
    summary="NODE_EXTRA_CA_CERTS or SSL_CERT_FILE names a missing or non-PEM file",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
)
