"""``authlint verify``: ask the endpoint whether the credentials in an environment work.

This is the only part of authlint that sends a request, and only when a
user runs it. It reads what a program started from the current shell would
send (:mod:`authlint.verify.target`), refuses what must not be sent, and
sends one ``GET /v1/models`` per credential (:mod:`authlint.verify.probe`).
Nothing here imports the LSP layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from authlint.core.secrets import redact
from authlint.verify.probe import DEFAULT_TIMEOUT, CheckResult, Verdict, check_credential
from authlint.verify.probe import describe_proxy as _describe_proxy
from authlint.verify.target import CREDENTIAL_ORDER, Endpoint, resolve

__all__ = [
    "CREDENTIAL_ORDER",
    "DEFAULT_TIMEOUT",
    "CheckResult",
    "Report",
    "Verdict",
    "verify_environment",
]


@dataclass(frozen=True)
class Report:
    """Everything one ``authlint verify`` run found. All text is masked."""

    base_url: str | None
    base_source: str | None
    url: str | None
    proxy: str | None
    checks: tuple[CheckResult, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def accepted(self) -> bool:
        """True when at least one credential was checked and every one was accepted."""
        return bool(self.checks) and all(c.accepted for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--format json``."""
        return {
            "accepted": self.accepted,
            "base_url": self.base_url,
            "base_url_source": self.base_source,
            "url": self.url,
            "proxy": self.proxy,
            "checks": [c.as_dict() for c in self.checks],
            "notes": list(self.notes),
        }


def verify_environment(
    environ: Mapping[str, str],
    *,
    base_url: str | None = None,
    variables: tuple[str, ...] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> Report:
    """Check every credential set in ``environ`` against its effective endpoint.

    ``base_url`` overrides ``ANTHROPIC_BASE_URL``; ``variables`` limits the
    check to some of ``ANTHROPIC_AUTH_TOKEN`` / ``ANTHROPIC_API_KEY`` /
    ``CLAUDE_CODE_OAUTH_TOKEN``; ``transport`` replaces the network (tests).
    Returns the :class:`Report`; never raises for network failures.
    """
    resolved = resolve(environ, base_url)
    credentials = [c for c in resolved.credentials if variables is None or c.variable in variables]
    endpoint: Endpoint | None = resolved.endpoint
    notes = list(resolved.notes)
    if endpoint is None:
        problem = resolved.problem or "the base URL cannot be used"
        checks = tuple(
            CheckResult(
                variable=c.variable,
                credential=c.masked,
                kind=c.kind,
                header=c.header.value,
                url=None,
                verdict=Verdict.INVALID_BASE_URL,
                sent=False,
                meaning=redact(problem),
                hint="fix ANTHROPIC_BASE_URL",
            )
            for c in credentials
        ) or (
            CheckResult(
                None,
                None,
                None,
                None,
                None,
                Verdict.INVALID_BASE_URL,
                False,
                meaning=redact(problem),
            ),
        )
        return Report(None, None, None, None, checks, tuple(redact(n) for n in notes))
    if not credentials:
        wanted = ", ".join(variables or CREDENTIAL_ORDER)
        checks = (
            CheckResult(
                None,
                None,
                None,
                None,
                redact(endpoint.url),
                Verdict.NO_CREDENTIAL,
                False,
                meaning=f"none of {wanted} is set (or each is empty) in this environment: "
                "the SDKs fail with `Could not resolve authentication method`, Claude Code "
                "says `Not logged in · Please run /login` unless it has a saved /login "
                "session, which this check does not read",
                hint="export the variable in the shell that starts the program "
                "(`export ANTHROPIC_API_KEY=…`), then run `authlint verify` there",
            ),
        )
    else:
        checks = tuple(check_credential(c, endpoint, timeout, transport) for c in credentials)
    proxy = "none (custom transport)" if transport is not None else _describe_proxy(endpoint)
    return Report(
        redact(endpoint.base_url),
        endpoint.source,
        redact(endpoint.url),
        proxy,
        checks,
        tuple(redact(n) for n in notes),
    )
