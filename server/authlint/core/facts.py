"""Facts: what scanners extract from a file, in a form every rule can read.

A rule never re-parses syntax. A scanner turns a ``.env`` line, an ``export``,
a fish ``set -gx`` or a PowerShell ``$Env:`` into the same :class:`Assignment`,
and reports syntax that does not do what it looks like as :class:`Slip` facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import Span


class FileKind(Enum):
    """The file families authlint reads (``auth-facts.md`` §9 "Kind" column)."""

    DOTENV = "dotenv"
    SHELL = "shell"
    FISH = "fish"
    POWERSHELL = "powershell"


SHELL_KINDS = frozenset({FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL})
ALL_KINDS = frozenset(FileKind)


@dataclass(frozen=True)
class Assignment:
    """One definition of an environment variable.

    - ``value`` is what the consumer gets (quotes removed, escapes applied), or
      ``None`` when it is computed at run time (``$(security …)``, ``${VAR}``).
    - ``raw_value`` / ``value_span``: the value as written, quotes included. With
      no value (``KEY=``) the span is empty and sits right after the ``=``.
    - ``content_span``: inside the quotes; equals ``value_span`` when unquoted.
      ``raw_content`` is the text there. When ``raw_content == value`` an edit
      at ``content_span`` changes the value one for one.
    - ``exported``: whether child processes see it (always true in ``.env``).
    - ``top_level``: false inside ``if``/``case``/functions/loops, where the
      definition may not run.
    """

    name: str
    name_span: Span
    value: str | None
    raw_value: str
    value_span: Span
    content_span: Span
    raw_content: str
    quote: str
    statement_span: Span
    exported: bool = True
    top_level: bool = True

    @property
    def maps_one_to_one(self) -> bool:
        """Whether offsets in ``value`` equal offsets in ``content_span``."""
        return self.value is not None and self.value == self.raw_content


class SlipKind(Enum):
    """Syntax that looks like an assignment but does not assign (or export)."""

    SPACE_AROUND_EQUALS = "space-around-equals"  # export KEY = value  (SC2290 / SC2283)
    SPACE_AFTER_EQUALS = "space-after-equals"  # KEY= value  (SC1007)
    NOT_EXPORTED = "not-exported"  # KEY=value in a profile, fish `set` without -x
    EXPORT_OF_EXPANSION = "export-of-expansion"  # export $KEY  (SC2163)
    FOREIGN_SYNTAX = "foreign-syntax"  # $env:KEY in bash, export KEY= in PowerShell, set -x in bash
    UNPARSED = "unparsed"  # a line the loader cannot parse and skips (python-dotenv warns)


@dataclass(frozen=True)
class Slip:
    """A line that does not do what it looks like.

    ``span`` is what to underline; ``repair`` holds the minimal edits that make
    it the assignment the author meant (empty when no safe rewrite is known);
    ``detail`` is free text for the message (e.g. the dialect it came from).
    """

    kind: SlipKind
    name: str
    span: Span
    repair: tuple[Edit, ...] = ()
    detail: str = ""


@dataclass
class ScannedFile:
    """A file after scanning: its source, kind and facts."""

    source: SourceFile
    kind: FileKind
    assignments: list[Assignment] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)

    def definitions(self, name: str) -> list[Assignment]:
        """Every assignment of ``name``, in file order."""
        return [a for a in self.assignments if a.name == name]

    def effective(self, name: str) -> Assignment | None:
        """The definition of ``name`` that wins when the file is loaded (the last one)."""
        found = self.definitions(name)
        return found[-1] if found else None
