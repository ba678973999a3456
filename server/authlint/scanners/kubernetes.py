"""Kubernetes ``Secret`` and ``ConfigMap`` manifests (YAML, one or more documents).

Every document is read (``---`` separates them) with the event builder of
:mod:`authlint.scanners.compose`; ``json.root`` is then an ``"array"`` that
spans the file and holds each document's root, in order. Documents of
other kinds (a Deployment next to its Secret) stay in the tree and give no
facts.

Facts emitted: one :class:`Assignment` per member of a Secret's ``data``
(the value base64-decoded: what the pod gets in its environment or file;
``None`` when it is not valid base64 or not UTF-8) and ``stringData`` (as
written), and of a ConfigMap's ``data`` (as written). A value holding
``${VAR}`` (envsubst) or ``$(VAR)`` (kustomize) is filled in before the
manifest is applied: ``None``. The name is the
member's key. For a decoded ``data`` value ``raw_content`` is the base64
text, so offsets do not map one to one; :func:`is_base64` tells those
assignments apart.

Sources: Kubernetes docs "Secrets" (``data`` values are base64-encoded,
``stringData`` plain and merged over ``data``), "ConfigMaps" ("ConfigMap
does not provide secrecy or encryption"), "Managing Secrets using
kubectl" (``echo`` adds a newline to the encoded value: use ``echo -n``).
"""

from __future__ import annotations

import base64
import binascii
import re

from authlint.core.facts import Assignment, FileKind, JsonDocument, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span
from authlint.scanners.compose import _Builder, _TooDeep

# `${VAR}` (envsubst, Flux) and `$(VAR)` (kustomize vars): filled in before the manifest is applied.
_TEMPLATED = re.compile(r"\$\{[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_.]*\)")
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*\Z")
_MEMO = "kubernetes.base64"


class _Documents(_Builder):
    """The compose builder, reading every document instead of the first."""

    def run(self) -> None:
        import yaml  # PyYAML is imported on the first YAML file (a fast server start)

        self.documents: list[JsonValue] = []
        try:
            for event in yaml.parse(self.text, Loader=yaml.SafeLoader):
                if isinstance(event, yaml.DocumentEndEvent):
                    self._finish()
                    continue
                self.event(event)
        except yaml.YAMLError as error:
            self.error(error)
        except _TooDeep:
            pass
        except (ValueError, RecursionError):
            self.errors.append(self.span(len(self.text), len(self.text)))
        self._finish()

    def _finish(self) -> None:
        while self.stack:
            self.close(self.stack[-1].last_end)
        if self.root is not None:
            self.documents.append(self.root)
        self.root = None
        self.anchors = {}


def parse_documents(source: SourceFile) -> tuple[JsonDocument, dict[Span, str]]:
    """Every document of ``source`` under one ``"array"`` root, and each quoted scalar's quote."""
    builder = _Documents(source.text, source.index)
    builder.run()
    whole = source.index.span(0, len(source.text))
    root = JsonValue("array", whole, whole, None, (), tuple(builder.documents))
    return JsonDocument(root, errors=builder.errors), builder.quotes


def manifest_kind(document: JsonValue) -> str | None:
    """``"Secret"`` or ``"ConfigMap"`` for such a document, else ``None``."""
    if document.type != "object":
        return None
    kind = document.get("kind")
    found = kind.value if kind is not None else None
    return found if found in {"Secret", "ConfigMap"} else None


def manifests(file: ScannedFile) -> list[tuple[str, JsonValue]]:
    """``(kind, document)`` for each Secret or ConfigMap document of the file."""
    root = file.whole.json.root if file.whole.json is not None else None
    if root is None:
        return []
    found = []
    for document in root.items:
        kind = manifest_kind(document)
        if kind is not None:
            found.append((kind, document))
    return found


def decode(text: str) -> str | None:
    """The base64 ``text`` decoded as UTF-8, or ``None`` (not base64, or binary)."""
    if not _BASE64.match(text):
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _assignment(
    source: SourceFile,
    key_span: Span,
    name: str,
    value: JsonValue,
    statement: Span,
    quotes: dict[Span, str],
    encoded: bool,
) -> Assignment | None:
    if value.type in {"object", "array", "error", "null"}:
        return None
    raw = source.index.slice(value.content_span)
    text = value.value if isinstance(value.value, str) else raw
    name_span = key_span
    if key_span in quotes:
        name_span = Span(
            Position(key_span.start.line, key_span.start.character + 1),
            Position(key_span.end.line, key_span.end.character - 1),
        )
    return Assignment(
        name=name,
        name_span=name_span,
        value=None if _TEMPLATED.search(text) else decode(text) if encoded else text,
        raw_value=source.index.slice(value.span),
        value_span=value.span,
        content_span=value.content_span,
        raw_content=raw,
        quote=quotes.get(value.span, ""),
        statement_span=statement,
    )


def is_base64(file: ScannedFile, assignment: Assignment) -> bool:
    """Whether ``assignment`` is a Secret ``data`` value (decoded from base64)."""
    spans = file.whole.memo.get(_MEMO)
    return isinstance(spans, frozenset) and assignment.name_span in spans


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Kubernetes manifest file. Never raises on bad YAML."""
    document, quotes = parse_documents(source)
    assignments: list[Assignment] = []
    encoded_spans: set[Span] = set()
    root = document.root
    for manifest in root.items if root is not None else ():
        kind = manifest_kind(manifest)
        if kind is None:
            continue
        blocks = [("data", kind == "Secret")]
        if kind == "Secret":
            blocks.append(("stringData", False))
        for key, encoded in blocks:
            block = manifest.get(key)
            if block is None or block.type != "object":
                continue
            for member in block.members:
                assignment = _assignment(
                    source, member.key_span, member.key, member.value, member.span, quotes, encoded
                )
                if assignment is not None:
                    assignments.append(assignment)
                    if encoded:
                        encoded_spans.add(assignment.name_span)
    scanned = ScannedFile(source, FileKind.KUBERNETES, assignments=assignments, json=document)
    scanned.memo[_MEMO] = frozenset(encoded_spans)
    return scanned
