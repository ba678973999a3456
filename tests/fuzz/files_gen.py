"""Hypothesis strategies: files of every kind authlint reads, with planted secrets, then mutated.

A generated case is a :class:`Case`: a relative path (its name gives the kind), the
file's bytes, and the secrets planted in it. The surrounding lines come from a pool
of real-shaped lines of that kind plus random text; the file is then mutated at the
byte level (line endings, BOMs, inserted, deleted and replaced bytes) outside the
planted values, so the secret material itself stays as planted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st
from secrets_gen import DAMAGE, PREFIXED, SHAPES, Secret

# Names that say they hold a secret: any value may be planted there.
CREDENTIAL_NAMES = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
    "anthropic_api_key",
    "ANTROPIC_API_KEY",
    "ANTHROPIC_API_KEY_OLD",
    "OPENROUTER_API_KEY",
    "GATEWAY_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
    "ZAI_API_KEY",
)
# Any name: only key-shaped values (a known prefix) are planted there.
OTHER_NAMES = ("SOME_SETTING", "MODEL", "ANTHROPIC_BASE_URL", "X")

BASE_URLS = (
    "https://api.anthropic.com",
    "https://api.anthropic.com/v1",
    "https://openrouter.ai/api",
    "https://api.z.ai/api/anthropic",
    "http://localhost:4000",
    "api.anthropic.com",
    "https://[oops]/",
    "",
)


@dataclass(frozen=True)
class Kind:
    """One file kind: where it lives and how a line sets a variable."""

    path: str
    line: str  # format with {name} and {value} (already escaped for the syntax)
    escape: str  # "raw", "shell-double", "json", "python", "yaml"
    noise: tuple[str, ...]
    head: str = ""
    tail: str = ""
    sep: str = "\n"


_SHELL_NOISE = (
    "# ~/.zshrc",
    'export PATH="$HOME/bin:$PATH"',
    "alias ll='ls -la'",
    "[ -f ~/.secrets ] && . ~/.secrets",
    'if [ -n "$PS1" ]; then',
    "fi",
    "setopt allexport",
    "export ANTHROPIC_BASE_URL={url}",
    "unset ANTHROPIC_API_KEY",
    'eval "$(pyenv init -)"',
    "ANTHROPIC_MODEL=claude-sonnet-4-5-20250929",
    "export ANTHROPIC_API_KEY=$(security find-generic-password -s anthropic -w)",
    "# authlint: ignore[AL101]",
    "case $- in *i*) ;; *) return;; esac",
)

KINDS: dict[str, Kind] = {
    "dotenv": Kind(
        ".env",
        "{name}={value}",
        "raw",
        (
            "# comment",
            "DEBUG=true",
            "ANTHROPIC_BASE_URL={url}",
            "export ANTHROPIC_MODEL=claude-opus-4",
            "EMPTY=",
            'QUOTED="a b"',
            'MULTI="line one',
            'line two"',
            "KEY = spaced",
            "${{INTERPOLATED}}",
        ),
    ),
    "bash": Kind(".bashrc", 'export {name}="{value}"', "shell-double", _SHELL_NOISE),
    "zsh": Kind(".zshrc", "export {name}='{value}'", "raw", _SHELL_NOISE),
    "fish": Kind(
        ".config/fish/config.fish",
        "set -gx {name} '{value}'",
        "raw",
        (
            "set -gx PATH $HOME/bin $PATH",
            "set -x ANTHROPIC_BASE_URL {url}",
            "if status is-interactive",
            "end",
            "set -e ANTHROPIC_API_KEY",
        ),
    ),
    "powershell": Kind(
        "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
        '$env:{name} = "{value}"',
        "raw",
        (
            '$env:ANTHROPIC_BASE_URL = "{url}"',
            "Set-Alias ll Get-ChildItem",
            "[Environment]::SetEnvironmentVariable('X', 'y', 'User')",
            "# comment",
        ),
    ),
    "vscode-settings": Kind(
        ".vscode/settings.json",
        '"{name}": {value},',
        "json",
        ('"ANTHROPIC_BASE_URL": "{url}",', '"OTHER": null,', "// comment", '"N": 1,'),
        head='{{\n"terminal.integrated.inheritEnv": false,\n"terminal.integrated.env.linux": {{',
        tail='"LAST": "x"\n}}\n}}',
    ),
    "claude-settings": Kind(
        ".claude/settings.json",
        '"{name}": {value},',
        "json",
        (
            '"ANTHROPIC_BASE_URL": "{url}",',
            '"ANTHROPIC_MODEL": "claude-opus-4",',
            '"DISABLE_TELEMETRY": "1",',
        ),
        head='{{\n"apiKeyHelper": "echo {helper}",\n"env": {{',
        tail='"LAST": "x"\n}}\n}}',
    ),
    "claude-state": Kind(
        ".claude.json",
        '"{name}": {value},',
        "json",
        (
            '"numStartups": 3,',
            '"hasCompletedOnboarding": true,',
            '"customApiKeyResponses": {{"approved": [], "rejected": []}},',
        ),
        head='{{\n"primaryApiKey": {primary},',
        tail='"userID": "abc"\n}}',
    ),
    "claude-credentials": Kind(
        ".claude/.credentials.json",
        '"{name}": {value},',
        "json",
        ('"expiresAt": 1760000000000,', '"scopes": ["user:inference"],'),
        head='{{"claudeAiOauth": {{\n"accessToken": {primary},\n"refreshToken": {primary},',
        tail='"subscriptionType": "pro"\n}}}}',
    ),
    "devcontainer": Kind(
        ".devcontainer/devcontainer.json",
        '"{name}": {value},',
        "json",
        ('"ANTHROPIC_BASE_URL": "{url}",', '"X": "${{localEnv:ANTHROPIC_API_KEY}}",'),
        head='{{\n"image": "mcr.microsoft.com/devcontainers/python:3",\n"containerEnv": {{',
        tail='"LAST": "x"\n}}\n}}',
    ),
    "compose": Kind(
        "compose.yaml",
        "      {name}: {value}",
        "yaml",
        (
            "      ANTHROPIC_BASE_URL: {url}",
            "      - X=1",
            "      DEBUG: 'true'",
            "    env_file: .env",
        ),
        head="services:\n  app:\n    image: python:3\n    environment:",
        tail="  db:\n    image: postgres",
    ),
    "python": Kind(
        "app.py",
        "{lower} = {value}",
        "python",
        (
            "import anthropic",
            "import os",
            "from dotenv import load_dotenv",
            "load_dotenv()",
            'client = anthropic.Anthropic(base_url="{url}")',
            'os.environ["ANTHROPIC_BASE_URL"] = "{url}"',
            "def f(",
            "    pass",
        ),
        tail="client = anthropic.Anthropic(api_key={primary})\n",
    ),
    "javascript": Kind(
        "src/app.ts",
        "const {lower} = {value};",
        "json",
        (
            'import Anthropic from "@anthropic-ai/sdk";',
            'import "dotenv/config";',
            'const c = new Anthropic({{ baseURL: "{url}" }});',
            "function f() {{",
            "}}",
        ),
        tail="const client = new Anthropic({{ apiKey: {primary} }});\n",
    ),
}


def escape(value: str, how: str) -> str:
    """``value`` written as that syntax's string (quotes included where the syntax needs them)."""
    if how == "json":
        return json.dumps(value)
    if how == "python":
        return repr(value)
    if how == "shell-double":
        return "".join("\\" + c if c in '"$`\\' else c for c in value)
    if how == "yaml":
        return json.dumps(value)  # a YAML double-quoted scalar
    return value


@dataclass(frozen=True)
class Case:
    """One generated file: where it goes, its bytes, and what must never be shown."""

    kind: str
    path: str
    data: bytes
    secrets: tuple[Secret, ...]

    def __repr__(self) -> str:  # hypothesis prints this on failure: no secret body in it
        shapes = [s.shape for s in self.secrets]
        return f"Case({self.kind!r}, {self.path!r}, {len(self.data)} bytes, shapes={shapes})"


def _mutate(data: bytes, draw: st.DrawFn, protected: list[tuple[int, int]]) -> bytes:
    """A few byte-level mutations outside the protected ranges (the planted values)."""
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(0, max(len(data), 1)),
                st.sampled_from(["insert", "delete", "replace"]),
                st.binary(min_size=1, max_size=4),
            ),
            max_size=4,
        )
    )
    out = bytearray(data)
    # Apply from the end so earlier offsets stay valid.
    for offset, op, blob in sorted(edits, key=lambda e: -e[0]):
        if any(start - 1 <= offset <= end for start, end in protected):
            continue
        if op == "insert":
            out[offset:offset] = blob
        elif op == "delete":
            del out[offset : offset + 1]
        else:
            out[offset : offset + 1] = blob[:1]
    return bytes(out)


@st.composite
def cases(draw: st.DrawFn, kinds: tuple[str, ...] = tuple(KINDS), mutate: bool = True) -> Case:
    """A file of one of ``kinds`` with one to three planted secrets, maybe mutated."""
    kind_name = draw(st.sampled_from(kinds))
    kind = KINDS[kind_name]
    planted: list[Secret] = []
    values: list[str] = []  # the planted values as written in the file
    lines: list[str] = []
    url = draw(st.sampled_from(BASE_URLS))
    extras: dict[str, str] = {"url": url}

    def secret_value() -> tuple[Secret, str, bool]:
        shape = draw(st.sampled_from(sorted(SHAPES)))
        secret = SHAPES[shape](draw(st.integers(0, 2**31)))
        damage = draw(st.sampled_from(sorted(DAMAGE)))
        planted.append(secret)
        return secret, DAMAGE[damage](secret), shape in PREFIXED

    # Values the kind's frame holds (apiKeyHelper, primaryApiKey, a constructor's api_key).
    for slot in ("helper", "primary"):
        if "{" + slot + "}" in kind.head + kind.tail:
            _, value, _ = secret_value()
            written = escape(value, "json" if kind.escape == "json" else kind.escape)
            if slot == "helper":
                written = json.dumps(value)[1:-1]
            extras[slot] = written
            values.append(written)

    for _ in range(draw(st.integers(1, 3))):
        _, value, prefixed = secret_value()
        names = CREDENTIAL_NAMES + (OTHER_NAMES if prefixed else ())
        name = draw(st.sampled_from(names))
        written = escape(value, kind.escape)
        values.append(written)
        lines.append(kind.line.format(name=name, lower=name.lower(), value=written))
    noise = [line.format(**extras) for line in kind.noise]
    noise_lines = draw(
        st.lists(
            st.sampled_from(noise)
            | st.text(max_size=30).map(lambda t: t.replace("{", "").replace("}", "")),
            max_size=8,
        )
    )
    body = noise_lines + lines
    order = draw(st.permutations(range(len(body))))
    ordered = [body[i] for i in order]
    head = kind.head.format(**extras) if kind.head else ""
    tail = kind.tail.format(**extras) if kind.tail else ""
    text = "\n".join(part for part in (head, *ordered, tail) if part) + draw(
        st.sampled_from(["\n", "", "\n\n"])
    )
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])) + data
    if mutate and draw(st.booleans()):
        spans = []
        for written in values:
            encoded = written.encode("utf-8", "surrogatepass")
            start = data.find(encoded)
            while start >= 0:
                spans.append((max(0, start - 2), start + len(encoded) + 2))
                start = data.find(encoded, start + 1)
        data = _mutate(data, draw, spans)
    return Case(kind_name, kind.path, data, tuple(planted))
