"""Masking by variable and by value: what of a scanned file must never be shown.

The shape pass (:func:`authlint.core.secrets.redact`) finds keys by how they
look. That misses secrets with no key shape: a UUID or hex gateway token, a
short password, a base64 token cut by a no-break space. This module finds
them by *where* they are instead:

- every value of a credential variable (:func:`~authlint.core.secrets.is_secret_name`:
  ``ANTHROPIC_API_KEY``, ``…_TOKEN``, ``…_SECRET``, ``PASSWORD``…), whatever its
  characters, in ``.env`` files, profiles, JSON ``env`` blocks and Compose files;
- every string under a secret-named JSON key: ``apiKeyHelper`` (a command that
  may hold the key), ``primaryApiKey``, ``accessToken``…. A helper command is
  masked whole in source text and ``authlint env``; in messages only what
  follows its program is (rules name the program: ``runs ./key.sh, which does
  not exist``);
- every string literal given to an SDK client as ``api_key``/``authToken``….

:func:`file_secrets` returns their spans (to mask source text whole) and their
values (to mask them wherever else they appear: messages, fix contents). No
LSP code here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from authlint.core.facts import JsonValue, ScannedFile
from authlint.core.secrets import KEY_PREFIXES, is_secret_name, mask, printable
from authlint.core.text import Span

# What a masked value keeps around it: whitespace and quotes are shown as they are,
# so a finding about a stray space or quote still points at it.
_EDGES = " \t\r\n\"'`\u201c\u201d\u2018\u2019"
# Messages never show this many consecutive characters of a secret's body.
WINDOW = 12
# Longer values are not credentials; only their start is indexed (the shape pass masks
# long runs anyway), so a huge value cannot make indexing slow.
_INDEXED = 4096
# Claude Code settings whose value is a shell command that prints a credential.
COMMAND_SETTINGS = frozenset({"apiKeyHelper", "awsAuthRefresh", "awsCredentialExport"})


def _body(value: str) -> str:
    """``value`` without surrounding whitespace/quotes and its known key prefix."""
    core = value.strip(_EDGES)
    prefix = next((p for p in KEY_PREFIXES if core.startswith(p)), "")
    return core[len(prefix) : len(prefix) + _INDEXED]


@dataclass(frozen=True)
class Secrets:
    """The secret values of one file: where they are, and what they are.

    ``spans`` (0-based, code points, possibly several lines) cover each value as
    written (inside its quotes); ``values`` are the values, as written and as
    the consumer gets them. Never print a ``Secrets``.
    """

    spans: tuple[Span, ...] = ()
    values: frozenset[str] = field(default=frozenset(), repr=False)
    _windows: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _written: tuple[tuple[Span, str], ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def of(cls, written: Iterable[tuple[Span, str]], values: Iterable[str]) -> Secrets:
        """Build from ``(span, text written there)`` pairs and the values to find elsewhere.

        Windows of :data:`WINDOW` characters index the values' bodies.
        """
        pairs = tuple(sorted(set(written)))
        kept = frozenset(v for v in values if v.strip(_EDGES))
        windows = frozenset(
            body[i : i + WINDOW] for body in map(_body, kept) for i in range(len(body) - WINDOW + 1)
        )
        return cls(tuple(dict.fromkeys(s for s, _ in pairs)), kept, windows, pairs)

    def line_ranges(self, line: int, text: str) -> list[tuple[int, int]]:
        """The character ranges of ``line`` (whose text is ``text``) that hold a secret.

        Surrounding whitespace and quotes are left out of each range; ranges are
        sorted and do not overlap.
        """
        ranges: list[tuple[int, int]] = []
        for span in self._by_line().get(line, ()):
            start = min(span.start.character if span.start.line == line else 0, len(text))
            end = min(span.end.character if span.end.line == line else len(text), len(text))
            while start < end and text[start] in _EDGES:
                start += 1
            while end > start and text[end - 1] in _EDGES:
                end -= 1
            if start < end:
                ranges.append((start, end))
        return _merge(ranges)

    def _by_line(self) -> dict[int, list[Span]]:
        """The spans by each line they cover, built once (so masking a file stays linear)."""
        index: dict[int, list[Span]] | None = self.__dict__.get("_line_index")
        if index is None:
            index = {}
            for span in self.spans:
                for number in range(span.start.line, span.end.line + 1):
                    index.setdefault(number, []).append(span)
            object.__setattr__(self, "_line_index", index)
        return index

    def touches(self, span: Span) -> bool:
        """Whether ``span`` overlaps a secret, or is an empty span inside or at the edge of one."""
        return any(_touch(span, secret) for secret in self.spans)

    def mask_edit(self, new_text: str, span: Span) -> str:
        """An edit's new text for ``span`` as it may be shown.

        When the edit rewrites a secret (``span`` touches one), every stretch of
        the new text that repeats four or more characters of that secret is
        masked: ``"<value>"`` shows as ``"…8578"``, while
        ``os.environ["ANTHROPIC_API_KEY"]`` stays readable. Then as :meth:`mask_text`.
        """
        touched = [
            text.strip(_EDGES)[:_INDEXED] for secret, text in self._written if _touch(span, secret)
        ]
        grams = {t[i : i + 4] for t in touched for i in range(len(t) - 3)}
        if grams:
            hits = [(i, i + 4) for i in range(len(new_text) - 3) if new_text[i : i + 4] in grams]
            new_text = _replace(new_text, _merge(hits, join_touching=True))
        return self.mask_text(new_text)

    def mask_text(self, text: str) -> str:
        """``text`` with every stretch of :data:`WINDOW` or more characters of a secret masked.

        The stretch is what matches a secret's body (its known prefix, which
        :func:`~authlint.core.secrets.mask` shows anyway, is not looked for), so
        ``sk-ant-api03-<body>`` becomes ``sk-ant-api03-…q2AA``; lone surrogates
        become U+FFFD (:func:`~authlint.core.secrets.printable`). Idempotent.
        """
        if self._windows and len(text) >= WINDOW:
            hits: list[tuple[int, int]] = [
                (i, i + WINDOW)
                for i in range(len(text) - WINDOW + 1)
                if text[i : i + WINDOW] in self._windows
            ]
            text = _replace(text, _merge(hits, join_touching=True))
        return printable(text)


def _touch(span: Span, secret: Span) -> bool:
    if span.start == span.end:
        return secret.start <= span.start <= secret.end
    return span.overlaps(secret)


def _replace(text: str, stretches: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` stretch (sorted, disjoint) masked."""
    pieces: list[str] = []
    last = 0
    for start, end in stretches:
        pieces += [text[last:start], mask(text[start:end]) or "…"]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _merge(ranges: list[tuple[int, int]], *, join_touching: bool = False) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and (start < merged[-1][1] or (join_touching and start == merged[-1][1])):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _strings(value: JsonValue) -> Iterator[JsonValue]:
    """Every string value in ``value`` (itself included), depth first."""
    stack = [value]
    seen: set[int] = set()  # YAML aliases share values: each is walked once
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.type == "string":
            yield node
        stack.extend(m.value for m in node.members)
        stack.extend(node.items)


def _json_secrets(root: JsonValue) -> Iterator[tuple[str, JsonValue]]:
    """Every string under a member whose key names a secret (``apiKeyHelper``, ``accessToken``).

    Yields ``(key, string)``, ``key`` being the secret-named member's key.
    """
    stack = [root]
    seen: set[int] = set()  # YAML aliases share values: each is walked once
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for member in node.members:
            if is_secret_name(member.key):
                yield from ((member.key, s) for s in _strings(member.value))
            else:
                stack.append(member.value)
        stack.extend(node.items)


def file_secrets(file: ScannedFile) -> Secrets:
    """The secret values of a scanned file: by variable name, JSON key and SDK argument.

    Takes any :class:`~authlint.core.facts.ScannedFile`; returns their spans and
    values (see :class:`Secrets`). Never raises for facts a scanner produced.
    """
    index = file.source.index
    written: list[tuple[Span, str]] = []
    values: list[str] = []
    for assignment in file.assignments:
        if is_secret_name(assignment.name):
            written.append((assignment.content_span, assignment.raw_content))
            values.append(assignment.raw_content)
            if assignment.value is not None:
                values.append(assignment.value)
    if file.json is not None and file.json.root is not None:
        for key, node in _json_secrets(file.json.root):
            raw = index.slice(node.content_span)
            written.append((node.content_span, raw))
            found = [raw, *([node.value] if isinstance(node.value, str) else [])]
            if key in COMMAND_SETTINGS:
                # The program a helper runs is named in messages (AL807: "runs
                # ./key.sh, which does not exist"); what it is given may be the key.
                found = [part for v in found for part in v.strip().split(None, 1)[1:]]
            values += found
    for exposure in file.exposures:  # notebooks, transcripts: complete credentials
        written.append((exposure.span, exposure.value))
        values.append(exposure.value)
    if file.code is not None:
        for client in file.code.clients:
            for argument in client.arguments:
                if not is_secret_name(argument.name) or not isinstance(argument.literal, str):
                    continue
                span = argument.literal_span or argument.value_span
                written.append((span, index.slice(span)))
                values.append(argument.literal)
    return Secrets.of(written, values)
