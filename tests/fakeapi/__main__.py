"""Run the fake by hand: ``PYTHONPATH=tests python -m fakeapi --key-file keys.txt``.

Credential files hold one value a line (never pass keys as arguments: they
would show in ``ps``). Stops on Ctrl-C. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from fakeapi.server import FakeAnthropic, FakeConfig


def _values(path: Path | None) -> set[str]:
    if path is None:
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def main() -> int:
    parser = argparse.ArgumentParser(prog="fakeapi", description=__doc__)
    parser.add_argument("--key-file", type=Path, help="valid API keys, one a line")
    parser.add_argument("--token-file", type=Path, help="valid bearer tokens, one a line")
    parser.add_argument("--expired-file", type=Path, help="expired OAuth tokens, one a line")
    parser.add_argument("--prefer", choices=["x-api-key", "bearer"], default="x-api-key")
    parser.add_argument("--strict-headers", action="store_true", help="keys only as x-api-key")
    parser.add_argument("--auth-before-404", action="store_true")
    args = parser.parse_args()
    config = FakeConfig(
        keys=_values(args.key_file),
        tokens=_values(args.token_file),
        expired_tokens=_values(args.expired_file),
        prefer=args.prefer,
        strict_headers=args.strict_headers,
        auth_before_404=args.auth_before_404,
    )
    with FakeAnthropic(config) as fake:
        sys.stderr.write(f"fake Anthropic API on {fake.base_url} (Ctrl-C stops)\n")
        seen = 0
        try:
            while True:
                time.sleep(0.2)
                for entry in fake.requests[seen:]:
                    sys.stderr.write(json.dumps(entry.as_dict()) + "\n")
                seen = len(fake.requests)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
