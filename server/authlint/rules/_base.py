"""The shape every rule module shares.

A rule module holds one rule: a docstring with the headings ``## What it does``,
``## Why is this bad?``, ``## Example``, ``## Fix safety`` and ``## Source``; a
``check(file, context)`` function; and ``RULE = Rule(...)`` at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Fix, Related, Severity
from authlint.core.text import Span

DOCS_URL = "https://github.com/authlint/authlint/blob/main/README.md"
DOC_HEADINGS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Fix safety",
    "## Source",
)

Checker = Callable[[ScannedFile, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and metadata; ``check`` yields its findings for one file.

    ``code`` never changes meaning; ``name`` is kebab-case and names the problem.
    ``kinds`` lists the file kinds the rule applies to. ``unparsed_code``: for
    code files the scanner does not parse (no trigger word,
    :attr:`authlint.core.facts.CodeFacts.parsed` false), the files (absolute,
    normalized paths) the rule may report in from what other files say of
    them, given a check context (a cheap question of the environment model);
    ``None``: it never does. Other rules are not run on such a file, which has
    no facts.
    """

    code: str
    name: str
    summary: str
    severity: Severity
    kinds: frozenset[FileKind]
    check: Checker
    doc: str
    fix_title: str | None = None
    unparsed_code: Callable[[CheckContext], Collection[Path]] | None = None

    @property
    def url(self) -> str:
        """The rule's documentation: its section of the README rule reference."""
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"

    def finding(
        self,
        file: ScannedFile,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule in ``file`` at ``span``."""
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            path=file.source.path,
            span=span,
            fix=fix,
            related=tuple(related),
        )
