"""``textDocument/hover`` on a variable name: where its value comes from, per launch context.

The word under the cursor is read from the document text (any supported
document: an ``.env`` line, a profile ``export``, a settings key,
``os.environ["…"]``, ``process.env.X``). The hover shows, for each launch
context of the platform, which definition wins and its masked value
(:func:`authlint.core.environment.render.summary`), what happens to the
definition on the hovered line when it does not win, and for Claude Code
which credential it uses. All wording comes from
:mod:`authlint.core.environment.render` (values masked by variable); this
module only picks and places it, and passes the whole text through
:func:`authlint.core.secrets.redact` (key shapes, lone surrogates) once more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.workspace import PositionCodec

from authlint.core.environment import EnvironmentModel, Verdict, claude_credential
from authlint.core.environment.render import credential_line, explain, summary
from authlint.core.secrets import redact
from authlint.core.text import LineIndex, Span
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, OAUTH_TOKEN
from authlint.lsp.convert import client_range

ALWAYS_EXPLAINED = frozenset({API_KEY, AUTH_TOKEN, BASE_URL, OAUTH_TOKEN})
_WATCHED_PREFIXES = ("ANTHROPIC_", "CLAUDE_")
_IDENTIFIER_CHAR = re.compile(r"[A-Za-z0-9_]")
_VARIABLE_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_CLAUDE_KINDS = ("claude-code", "claude-code-vscode")


@dataclass(frozen=True)
class Word:
    """An upper-case identifier in a document: its text and where it is (code points)."""

    name: str
    span: Span


def word_at(index: LineIndex, position: types.Position, codec: PositionCodec) -> Word | None:
    """The ``[A-Z_][A-Z0-9_]*`` identifier at a client position (in the client's units).

    The cursor may be anywhere in the name or just after it. A longer identifier
    with lower-case letters (``myANTHROPIC_KEY``) is not a variable name: ``None``.
    """
    if not 0 <= position.line < index.line_count:
        return None
    text = index.line_text(position.line)
    at = codec.position_from_client_units([text], types.Position(0, position.character)).character
    start = end = min(at, len(text))
    while start > 0 and _IDENTIFIER_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _IDENTIFIER_CHAR.match(text[end]):
        end += 1
    name = text[start:end]
    if not _VARIABLE_NAME.fullmatch(name):
        return None
    return Word(name, Span.at(position.line, start, end))


def may_explain(name: str) -> bool:
    """Whether a hover on ``name`` is worth building the model for (``ANTHROPIC_*``…)."""
    return name in ALWAYS_EXPLAINED or name.startswith(_WATCHED_PREFIXES)


def hover_markdown(model: EnvironmentModel, name: str, path: Path | None, line: int) -> str | None:
    """The hover text for ``name`` hovered on 0-based ``line`` of ``path``, or ``None``.

    ``None`` for an ``ANTHROPIC_*``/``CLAUDE_*`` name no file defines (the four
    credential and endpoint variables are always explained).
    """
    if name not in ALWAYS_EXPLAINED and (
        not name.startswith(_WATCHED_PREFIXES) or name not in model.variables()
    ):
        return None
    workspace = model.workspace
    here = next(
        (
            d
            for d in (model.definitions(path.absolute()) if path is not None else [])
            if d.variable == name and d.span.start.line <= line <= d.span.end.line
        ),
        None,
    )
    lines = [f"**{name}**", ""]
    for context in model.contexts(platform_only=True):
        resolution = model.resolve(context, name)
        bullet = f"- {summary(resolution, workspace)}"
        step = resolution.step_of(here) if here is not None else None
        if step is not None and step.verdict not in (Verdict.WINS, Verdict.REMOVES):
            bullet += f"; this line: {explain(step, workspace)}"
        lines.append(bullet)
        if context.kind in _CLAUDE_KINDS:
            lines.append(f"  - {credential_line(claude_credential(model, context), workspace)}")
    return redact("\n".join(lines))


def hover(
    model: EnvironmentModel,
    word: Word,
    path: Path | None,
    index: LineIndex,
    codec: PositionCodec,
) -> types.Hover | None:
    """The LSP hover for ``word`` in the document at ``path`` (``None`` when there is nothing)."""
    text = hover_markdown(model, word.name, path, word.span.start.line)
    if text is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=client_range(index, word.span, codec),
    )
