"""Cline's own settings files (``~/.cline/data/settings/providers.json``, ``globalState.json``).

Cline 4 keeps its provider configuration in ``providers.json`` (one object
per provider, with ``baseUrl`` and credentials); the IDE also keeps older
``anthropicBaseUrl``-style keys in ``globalState.json``. These are not
environment files: the keys are Cline's own. Facts emitted: ``json`` (the
whole document, see :mod:`authlint.scanners.json_tree`) and one
:class:`Assignment` per string member, at any depth, whose key names a
credential or a base URL (``apiKey``, ``anthropicApiKey``, ``authToken``,
``baseUrl``, ``anthropicBaseUrl``…), named by that key, so that the
credential-shape rules judge the values and the leak rules see them.

Sources: cline/cline#11920 (``baseUrl`` in ``~/.cline/data/settings/
providers.json``), cline/cline#11456 (``anthropicBaseUrl`` in
``globalState.json``).
"""

from __future__ import annotations

import re

from authlint.core.facts import Assignment, FileKind, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import inner_span, parse_json, string_assignment

# A key that holds a credential or an endpoint: `apiKey`, `anthropicApiKey`, `api_key`,
# `authToken`, `accessToken`, `baseUrl`, `anthropicBaseUrl`, `base_url`.
KEY_NAME = re.compile(r"(?i)(?:api_?key|auth_?token|access_?token|base_?url)\Z")
_MAX_DEPTH = 20


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Cline settings file. Never raises on bad syntax."""
    document = parse_json(source)
    assignments: list[Assignment] = []
    stack: list[tuple[JsonValue, int]] = []
    if document.root is not None:
        stack.append((document.root, 0))
    found: list[tuple[tuple[int, int], Assignment]] = []
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        for member in value.members:
            if member.value.type == "string" and KEY_NAME.search(member.key):
                assignment = string_assignment(
                    source, member.key, inner_span(member.key_span), member.value, member.span
                )
                if assignment is not None:
                    start = assignment.name_span.start
                    found.append(((start.line, start.character), assignment))
            elif member.value.type in {"object", "array"}:
                stack.append((member.value, depth + 1))
        stack.extend((item, depth + 1) for item in value.items)
    assignments = [a for _, a in sorted(found, key=lambda pair: pair[0])]
    return ScannedFile(source, FileKind.CLINE_SETTINGS, assignments=assignments, json=document)
