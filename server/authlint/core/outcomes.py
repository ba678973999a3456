"""The outcome of a client's request, as plain data every layer shares.

The outcome layer (:mod:`authlint.outcome`) predicts one :class:`Outcome` per
client and launch context; rules read them from
:attr:`authlint.core.context.CheckContext.outcomes`, the CLI and the language
server show them. Spans are 0-based, code points, LSP style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.core.text import Span

if TYPE_CHECKING:
    from authlint.core.environment import Definition, LaunchContext

DEFAULT_URL = "https://api.anthropic.com"


@dataclass(frozen=True)
class Client:
    """A client program: ``family`` is ``python``, ``node`` or ``claude``; ``major`` its version."""

    family: str
    major: int

    @property
    def title(self) -> str:
        """``anthropic 2.x (Python)``, ``@anthropic-ai/sdk 1.x``, ``Claude Code``."""
        if self.family == "python":
            return f"anthropic {self.major}.x (Python)"
        if self.family == "node":
            return f"@anthropic-ai/sdk {self.major}.x"
        return "Claude Code"

    @property
    def api_key_header(self) -> str:
        """The header ``ANTHROPIC_API_KEY`` goes in: ``x-api-key`` or ``Authorization``.

        Python ``anthropic`` 2.x and ``@anthropic-ai/sdk`` 1.x send the key as a
        bearer token; older majors and Claude Code send ``x-api-key``.
        """
        if (self.family == "python" and self.major >= 2) or (
            self.family == "node" and self.major >= 1
        ):
            return "Authorization"
        return "x-api-key"

    @property
    def sends_both_headers(self) -> bool:
        """Whether the API key and the auth token both go out when both are set."""
        return self.family == "claude" or self.api_key_header == "x-api-key"


class OutcomeKind(Enum):
    """What happens to the request."""

    WORKS = "works"
    REJECTED = "401"
    NOT_FOUND = "404"
    NO_REQUEST = "no request"
    LOGIN_PROMPT = "login prompt"
    FOREIGN_HOST = "credential sent to another vendor"
    FRAGILE = "depends on the server"
    UNKNOWN = "unknown"


FAILING = frozenset(
    {
        OutcomeKind.REJECTED,
        OutcomeKind.NOT_FOUND,
        OutcomeKind.NO_REQUEST,
        OutcomeKind.LOGIN_PROMPT,
        OutcomeKind.FOREIGN_HOST,
    }
)


@dataclass(frozen=True)
class Cause:
    """A place that makes a request fail: ``span`` (0-based) in ``path``, and ``why``.

    ``kind`` says how: ``value`` (the value the client gets is damaged,
    malformed or the wrong credential), ``url`` (the base URL), ``reach`` (a
    value does not reach the client: not read, not exported, ignored, kept out
    by a loader, removed, a VS Code setting), ``claude`` (Claude Code's own
    state: a declined key, a stored login key sent along).
    """

    path: Path
    span: Span
    why: str
    kind: str = "value"


@dataclass(frozen=True)
class Header:
    """A header the client sends: ``name`` (``x-api-key``, ``Authorization``), from ``source``."""

    name: str
    source: str
    definition: Definition | None


@dataclass(frozen=True)
class Outcome:
    """The predicted request of ``client`` in ``context`` and what happens to it.

    ``name`` is the outcome's identifier (``claude-code``, ``python:app.py``,
    ``vscode-terminal/claude``); ``in_use`` whether the workspace shows this
    context runs (:mod:`.usage`); ``message`` what the client prints;
    ``steps`` the chain that leads there; ``causes`` the failing places,
    root cause first (empty when it works); ``reads`` the definitions the
    request used and the client accepted (a value it trims is accepted).
    """

    name: str
    title: str
    context: LaunchContext
    client: Client
    kind: OutcomeKind
    message: str = ""
    headers: tuple[Header, ...] = ()
    url: str = DEFAULT_URL + "/v1/messages"
    steps: tuple[str, ...] = ()
    causes: tuple[Cause, ...] = ()
    reads: tuple[Definition, ...] = ()
    in_use: bool = False
    shell: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def fails(self) -> bool:
        """Whether the request fails (401, 404, no request, login prompt, foreign host)."""
        return self.kind in FAILING

    @property
    def label(self) -> str:
        """The short client label of the status bar: ``claude``, ``python app.py``…"""
        return self.name.replace(":", " ").replace("/", " in ")
