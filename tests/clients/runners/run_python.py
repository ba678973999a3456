"""Run a Python app the way ``python app.py`` would; print one outcome line.

Usage: ``python run_python.py APP``. The last stdout line is
``AUTHLINT-OUTCOME {json}`` with ``outcome`` one of ``ok``,
``<status> <API message>``, ``no-credential``, ``header-refused``,
``bad-url``, ``two-credentials``, ``connection-error`` or ``error <class>``,
plus the exception class names. Nothing that could hold a credential is
printed: only class names and the API's error message.
"""

from __future__ import annotations

import json
import runpy
import sys
from typing import Any


def _outcome(error: BaseException) -> dict[str, Any]:
    import anthropic

    if isinstance(error, anthropic.APIStatusError):
        body = error.body if isinstance(error.body, dict) else {}
        inner = body.get("error") if isinstance(body.get("error"), dict) else body
        message = inner.get("message") if isinstance(inner, dict) else None
        return {"outcome": f"{error.status_code} {message}", "class": type(error).__name__}
    chain = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = [type(e).__name__ for e in chain]
    text = " ".join(str(e) for e in chain if not isinstance(e, anthropic.APIError))
    if "Could not resolve authentication method" in text:
        outcome = "no-credential"
    elif "Pass at most one of" in text:
        outcome = "two-credentials"
    elif any(n in ("LocalProtocolError", "UnicodeEncodeError") for n in names):
        outcome = "header-refused"
    elif any(n in ("UnsupportedProtocol", "InvalidURL") for n in names):
        outcome = "bad-url"
    elif any(n in ("ProxyError", "ConnectError") for n in names):
        outcome = "connection-error"
    else:
        outcome = f"error {names[0]}"
    return {"outcome": outcome, "class": names}


def main() -> None:
    app = sys.argv[1]
    sys.argv = [app]
    sys.path.insert(0, app.rpartition("/")[0] or ".")
    try:
        runpy.run_path(app, run_name="__main__")
        result: dict[str, Any] = {"outcome": "ok"}
    except Exception as error:  # noqa: BLE001 - every failure is an outcome
        result = _outcome(error)
    sys.stdout.write("\nAUTHLINT-OUTCOME " + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
