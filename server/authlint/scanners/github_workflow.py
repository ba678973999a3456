"""GitHub Actions workflows (``.github/workflows/*.yml`` / ``*.yaml``).

The YAML is read as Compose files are (:func:`authlint.scanners.compose.parse_yaml`:
PyYAML events with marks, a :class:`~authlint.core.facts.JsonValue` tree in
``json``, exact spans). Facts emitted, in file order:

- one :class:`Assignment` per variable of an ``env:`` mapping: the
  workflow's (``env``), a job's (``jobs.<id>.env``), a job container's or
  service container's (``jobs.<id>.container.env``,
  ``jobs.<id>.services.<name>.env``) and a step's (``jobs.<id>.steps[*].env``).
  ``name_span`` is the key, the value the scalar (``content_span`` inside
  its quotes). A value holding an expression (``${{ secrets.X }}``,
  ``${{ vars.X }}``) or a shell reference (``$X``, ``${X}``) is computed:
  ``value`` is ``None``. ``KEY:`` with no value gives no assignment.
- one :class:`Assignment` per line of a ``run:`` script that writes a
  variable to a dotenv file or to the job's environment:
  ``echo "NAME=value" >> .env`` (also ``> .env.local``, ``| tee -a .env``,
  ``printf 'NAME=value\\n' >> .env``) and ``echo "NAME=value" >> $GITHUB_ENV``.
  Spans are in the workflow file, inside the script. A value in double
  quotes or unquoted that holds ``$`` is computed by the shell: ``None``;
  single quotes are literal.

Each ``env:`` mapping is its own environment block (:meth:`ScannedFile.env_blocks`).
Sources: GitHub Docs "Workflow syntax for GitHub Actions" (``env``,
``jobs.<job_id>.env``, ``jobs.<job_id>.steps[*].env``), "Variables" and
"Workflow commands" (``GITHUB_ENV``).
"""

from __future__ import annotations

import re

from authlint.core.facts import Assignment, FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners.compose import mapping_assignment, parse_yaml

_COMPUTED = re.compile(r"\$\{\{|\$\{?[A-Za-z_]")
_WRITE = re.compile(
    r"""(?<![\w-])(?:echo|printf)[ \t]+(?:-[neE]+[ \t]+)?"""
    r"""(?P<q>["']?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>[^\n]*?)(?P=q)[ \t]*"""
    r"""(?:\d?>>?|\|[ \t]*(?:sudo[ \t]+)?tee[ \t]+(?:-a[ \t]+)?)[ \t]*"""
    r"""(?P<target>"?\$\{?GITHUB_ENV\}?"?|[^\s;|&"']*\.env(?:\.[\w.-]+)?(?![\w.-]))"""
)


def _value_of(text: str) -> str | None:
    """An ``env:`` value as the job sees it; ``None`` when an expression or reference fills it."""
    return None if _COMPUTED.search(text) else text


def _env_assignment(
    source: SourceFile, member: JsonMember, quotes: dict[Span, str]
) -> Assignment | None:
    return mapping_assignment(source, member, quotes, _value_of)


def _env_members(block: JsonValue | None) -> list[JsonMember]:
    if block is None or block.type != "object":
        return []
    return [m for m in block.members if m.key != "<<"]


def _run_writes(source: SourceFile, run: JsonValue) -> list[Assignment]:
    """``echo "NAME=value" >> .env`` / ``>> $GITHUB_ENV`` lines of a ``run:`` script."""
    if run.type != "string":
        return []
    index = source.index
    start = index.offset(run.content_span.start)
    end = index.offset(run.content_span.end)
    found: list[Assignment] = []
    for match in _WRITE.finditer(source.text, start, end):
        quote = match.group("q")
        raw = match.group("value")
        value: str | None = raw
        if raw.endswith("\\n") and match.group(0).lstrip().startswith("printf"):
            value = raw[:-2]
        if "${{" in raw or (quote != "'" and "$" in raw) or (not quote and " " in raw.strip()):
            value = None
        content_start, content_end = match.span("value")
        found.append(
            Assignment(
                name=match.group("name"),
                name_span=index.span(*match.span("name")),
                value=value,
                raw_value=raw,
                value_span=index.span(content_start, content_end),
                content_span=index.span(content_start, content_end),
                raw_content=raw,
                quote="",  # the quotes open before the name: the value span is inside them
                statement_span=index.span(match.start(), match.end()),
            )
        )
    return found


def _job_blocks(job: JsonValue) -> list[JsonValue]:
    """A job's ``env``, ``container.env`` and ``services.<name>.env`` mappings."""
    blocks: list[JsonValue] = []
    own = job.get("env")
    if own is not None:
        blocks.append(own)
    container = job.get("container")
    if container is not None and container.type == "object":
        found = container.get("env")
        if found is not None:
            blocks.append(found)
    services = job.get("services")
    if services is not None and services.type == "object":
        for service in services.members:
            if service.value.type == "object":
                found = service.value.get("env")
                if found is not None:
                    blocks.append(found)
    return blocks


def scan(source: SourceFile) -> ScannedFile:
    """Scan a workflow file. Never raises on bad YAML."""
    document, quotes = parse_yaml(source)
    assignments: list[Assignment] = []
    root = document.root

    def add(block: JsonValue | None) -> None:
        for member in _env_members(block):
            assignment = _env_assignment(source, member, quotes)
            if assignment is not None:
                assignments.append(assignment)

    if root is not None and root.type == "object":
        add(root.get("env"))
        jobs = root.get("jobs")
        if jobs is not None and jobs.type == "object":
            for job in jobs.members:
                if job.value.type != "object":
                    continue
                for block in _job_blocks(job.value):
                    add(block)
                steps = job.value.get("steps")
                if steps is None or steps.type != "array":
                    continue
                for step in steps.items:
                    if step.type != "object":
                        continue
                    add(step.get("env"))
                    run = step.get("run")
                    if run is not None:
                        assignments.extend(_run_writes(source, run))
    assignments.sort(key=lambda a: (a.name_span.start.line, a.name_span.start.character))
    return ScannedFile(source, FileKind.GITHUB_WORKFLOW, assignments=assignments, json=document)
