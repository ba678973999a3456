"""The scenario table for the outcome layer against real clients (issue 10).

Each :class:`OutcomeScenario` is a scratch HOME plus a project, the launch
context whose predicted :class:`~authlint.core.outcomes.Outcome` is checked,
the real client that runs there and how it is started, and what the real
client does: the outcome ``kind``, the credential headers the fake API (or
the outside-host sink) receives and which definition each value comes from.

Files are keyed ``~/NAME`` (the home) or by their path in the project. In
the text, ``<<KEY>>`` (a key the fake accepts), ``<<KEY80>>`` (its first 80
characters: a truncated key), ``<<STALE>>`` (a well-formed key the fake does
not know), ``<<GW>>`` (a gateway token the fake accepts as Bearer),
``<<OAUTH>>`` / ``<<REFRESH>>`` / ``<<EXPIRES>>`` (a stored claude.ai login,
valid for an hour) and ``<<BASE>>`` (the fake's URL) are filled in at run
time, so no credential is written here.

``base``: ``"launcher"`` puts the fake's URL in the environment the shell
starts with, where no file the model reads can see it: the model then
predicts a request to api.anthropic.com, and the fake, knowing ``<<KEY>>``,
stands in for it, so *works* and *401* are decided by the fake. ``"files"``:
the base URL (if any) is in the files, and the model sees it (a local proxy
on 127.0.0.1, a ``/v1`` suffix, an empty value, a gateway).

``headers`` lists ``(header, source, label)``: the header name, the
variable (or Claude Code source) the model says fills it, and the label of
the value the real client sends (``KEY``, ``QKEY`` — the key with its
double quotes —, ``KEY80``, ``STALE``, ``GW``, ``OAUTH``). ``codes`` lists
the model-level findings (``AL900``, ``AL908``-``AL910``, ``AL809``,
``AL810``) ``authlint check`` reports, as ``(code, file, 1-based line)``.

``bugs`` maps an aspect (``"outcome"``, ``"url"``, ``"rules"``) to how the prediction
disagrees with the real client; the test for that aspect is a strict xfail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from authlint.core.environment.definitions import API_KEY_HELPER, PRIMARY_API_KEY, STORED_LOGIN
from authlint.core.outcomes import OutcomeKind
from authlint.core.variables import API_KEY, AUTH_TOKEN

# Claude Code's launch contexts and what starts them (Linux: a terminal runs `<shell> -ic`).
CLAUDE = "claude"
BASHRC_KEY = "export ANTHROPIC_API_KEY=<<KEY>>\n"
ZSHRC_KEY = BASHRC_KEY
REQUIREMENTS_PY1 = "anthropic==1.17.0\npython-dotenv==1.2.4\n"
REQUIREMENTS_PY2 = "anthropic==2.11.0\npython-dotenv==1.2.4\n"
PACKAGE_TS0 = '{"name": "app", "private": true, "dependencies": {"@anthropic-ai/sdk": "0.137.0"}}\n'
PACKAGE_TS1 = '{"name": "app", "private": true, "dependencies": {"@anthropic-ai/sdk": "1.11.0"}}\n'

CREATE_PY = (
    "client = anthropic.Anthropic(max_retries=0)\n"
    'client.messages.create(model="claude-opus-4-8", max_tokens=16, '
    'messages=[{"role": "user", "content": "hi"}])\n'
)
APP_PY = "import anthropic\n\n" + CREATE_PY
APP_PY_DOTENV = "from dotenv import load_dotenv\nimport anthropic\n\nload_dotenv()\n" + CREATE_PY
APP_MJS = (
    "import Anthropic from '@anthropic-ai/sdk';\n"
    "const client = new Anthropic({ maxRetries: 0 });\n"
    "await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 16, "
    "messages: [{ role: 'user', content: 'hi' }] });\n"
)

# Debian's /etc/skel/.profile (sources ~/.bashrc) and the guard at the top of its ~/.bashrc.
DEBIAN_PROFILE = (
    'if [ -n "$BASH_VERSION" ]; then\n'
    '    if [ -f "$HOME/.bashrc" ]; then\n'
    '        . "$HOME/.bashrc"\n'
    "    fi\n"
    "fi\n"
)
DEBIAN_BASHRC_TOP = "case $- in\n    *i*) ;;\n      *) return;;\nesac\n"

CREDENTIALS_JSON = (
    json.dumps(
        {
            "claudeAiOauth": {
                "accessToken": "<<OAUTH>>",
                "refreshToken": "<<REFRESH>>",
                "expiresAt": "<<EXPIRES>>",
                "scopes": ["user:inference", "user:profile"],
                "subscriptionType": "pro",
            }
        },
        indent=2,
    ).replace('"<<EXPIRES>>"', "<<EXPIRES>>")
    + "\n"
)
HELPER_SETTINGS = '{\n  "apiKeyHelper": "echo <<KEY>>"\n}\n'

WORKS = OutcomeKind.WORKS
REJECTED = OutcomeKind.REJECTED
NOT_FOUND = OutcomeKind.NOT_FOUND
NO_REQUEST = OutcomeKind.NO_REQUEST
LOGIN_PROMPT = OutcomeKind.LOGIN_PROMPT
FOREIGN_HOST = OutcomeKind.FOREIGN_HOST
FRAGILE = OutcomeKind.FRAGILE
UNKNOWN = OutcomeKind.UNKNOWN

HELPER = API_KEY_HELPER
PRIMARY = PRIMARY_API_KEY
LOGIN = STORED_LOGIN  # Claude Code's stored claude.ai login (~/.claude/.credentials.json)

Header = tuple[str, str, str]  # (header name, source, value label)
Code = tuple[str, str, int]  # (rule code, file as keyed in ``files``, 1-based line)


@dataclass(frozen=True)
class OutcomeScenario:
    """Files, the context and client, and what the real client does there."""

    id: str
    shell: str  # "bash" or "zsh": the user's login shell (the model infers it from the home)
    files: Mapping[str, str]
    context: str  # the outcome's name: "claude-code", "python", "python:app.py", "node"…
    client: str  # "py1", "py2", "ts0", "ts1" or "claude"
    launch: str  # how the terminal (or job) starts it: "bash -ic", "zsh -ic", "bash -lc"
    kind: OutcomeKind
    headers: tuple[Header, ...] = ()
    base: str = "launcher"  # or "files"
    codes: tuple[Code, ...] = ()
    outside_host: str | None = None  # FOREIGN_HOST: the host the client tries to reach
    bugs: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


def _py(files: Mapping[str, str], requirements: str = REQUIREMENTS_PY2) -> dict[str, str]:
    return {"requirements.txt": requirements, **files}


# The files of scenarios that several clients run.
QUOTED_KEY = {"~/.bashrc": "export ANTHROPIC_API_KEY='\"<<KEY>>\"'\n"}
V1_BASE = {"~/.bashrc": BASHRC_KEY + "export ANTHROPIC_BASE_URL=<<BASE>>/v1\n"}
TRAILING_SPACE = {"~/.bashrc": 'export ANTHROPIC_API_KEY="<<KEY>> "\n'}
NOT_EXPORTED = {"~/.bashrc": "ANTHROPIC_API_KEY=<<KEY>>\n"}
KEY_AND_TOKEN = {"~/.bashrc": BASHRC_KEY + "export ANTHROPIC_AUTH_TOKEN=<<GW>>\n"}
BELOW_GUARD = {"~/.profile": DEBIAN_PROFILE, "~/.bashrc": DEBIAN_BASHRC_TOP + BASHRC_KEY}
SHADOWED_BASH_LOGIN = {
    "~/.bash_profile": 'export PATH="$HOME/bin:$PATH"\n',
    "~/.bash_login": BASHRC_KEY,
    "~/.bashrc": "alias ll='ls -l'\n",
}

SCENARIOS: tuple[OutcomeScenario, ...] = (
    # --- works ---------------------------------------------------------------------------
    OutcomeScenario(
        "works-python2-bearer",
        "bash",
        _py({"~/.bashrc": BASHRC_KEY, "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        WORKS,
        (("Authorization", API_KEY, "KEY"),),
    ),
    OutcomeScenario(
        "works-node0-x-api-key",
        "bash",
        {"~/.bashrc": BASHRC_KEY, "package.json": PACKAGE_TS0, "app.mjs": APP_MJS},
        "node",
        "ts0",
        "bash -ic",
        WORKS,
        (("x-api-key", API_KEY, "KEY"),),
    ),
    OutcomeScenario(
        "works-claude-zshrc",
        "zsh",
        {"~/.zshrc": ZSHRC_KEY},
        "claude-code",
        CLAUDE,
        "zsh -ic",
        WORKS,
        (("x-api-key", API_KEY, "KEY"),),
    ),
    # --- 401: the value is sent, and it is not a key ----------------------------------------
    OutcomeScenario(
        "401-quotes-kept-python1",
        "bash",
        _py({**QUOTED_KEY, "app.py": APP_PY}, REQUIREMENTS_PY1),
        "python",
        "py1",
        "bash -ic",
        REJECTED,
        (("x-api-key", API_KEY, "QKEY"),),
    ),
    OutcomeScenario(
        "401-quotes-kept-node1",
        "bash",
        {**QUOTED_KEY, "package.json": PACKAGE_TS1, "app.mjs": APP_MJS},
        "node",
        "ts1",
        "bash -ic",
        REJECTED,
        (("Authorization", API_KEY, "QKEY"),),
    ),
    OutcomeScenario(
        "401-quotes-kept-claude",
        "bash",
        QUOTED_KEY,
        "claude-code",
        CLAUDE,
        "bash -ic",
        REJECTED,
        (("x-api-key", API_KEY, "QKEY"),),
    ),
    OutcomeScenario(
        "401-truncated-key-python2",
        "bash",
        _py({"~/.bashrc": "export ANTHROPIC_API_KEY=<<KEY80>>\n", "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        REJECTED,
        (("Authorization", API_KEY, "KEY80"),),
    ),
    OutcomeScenario(
        "401-load-dotenv-keeps-bad-exported-key",
        "bash",
        _py(
            {
                "~/.bashrc": "export ANTHROPIC_API_KEY=<<KEY80>>\n",
                ".env": "ANTHROPIC_API_KEY=<<KEY>>\n",
                "app.py": APP_PY_DOTENV,
            }
        ),
        "python:app.py",
        "py2",
        "bash -ic",
        REJECTED,
        (("Authorization", API_KEY, "KEY80"),),
        note="load_dotenv() without override keeps the exported (truncated) key; the good "
        "key in .env is never used.",
    ),
    # --- 404: a base URL ending in /v1 -----------------------------------------------------
    OutcomeScenario(
        "404-v1-base-url-python2",
        "bash",
        _py({**V1_BASE, "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        NOT_FOUND,
        (("Authorization", API_KEY, "KEY"),),
        base="files",
    ),
    OutcomeScenario(
        "404-v1-base-url-claude",
        "bash",
        V1_BASE,
        "claude-code",
        CLAUDE,
        "bash -ic",
        NOT_FOUND,
        (("x-api-key", API_KEY, "KEY"),),
        base="files",
    ),
    # --- no request: the client refuses before sending ---------------------------------------
    OutcomeScenario(
        "no-request-trailing-space-python1",
        "bash",
        _py({**TRAILING_SPACE, "app.py": APP_PY}, REQUIREMENTS_PY1),
        "python",
        "py1",
        "bash -ic",
        NO_REQUEST,
        (("x-api-key", API_KEY, "KEY"),),
        note="httpx refuses the header value; nothing reaches the fake.",
    ),
    OutcomeScenario(
        "works-trailing-space-claude-trims",
        "bash",
        TRAILING_SPACE,
        "claude-code",
        CLAUDE,
        "bash -ic",
        WORKS,
        (("x-api-key", API_KEY, "KEY"),),
    ),
    OutcomeScenario(
        "no-request-empty-base-url-python2",
        "bash",
        _py({"~/.bashrc": BASHRC_KEY + "export ANTHROPIC_BASE_URL=\n", "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        NO_REQUEST,
        (("Authorization", API_KEY, "KEY"),),
        base="files",
    ),
    OutcomeScenario(
        "no-request-key-not-exported-python2",
        "bash",
        _py({**NOT_EXPORTED, "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        NO_REQUEST,
        note="AL303 (not exported) reports the line, so AL900 does not repeat it.",
    ),
    # --- login prompt: Claude Code finds no credential ----------------------------------------
    OutcomeScenario(
        "login-prompt-key-not-exported-claude",
        "bash",
        NOT_EXPORTED,
        "claude-code",
        CLAUDE,
        "bash -ic",
        LOGIN_PROMPT,
        note="AL303 (not exported) reports the line, so AL900 does not repeat it.",
    ),
    OutcomeScenario(
        "login-prompt-key-in-shadowed-bash-login-claude",
        "bash",
        SHADOWED_BASH_LOGIN,
        "claude-code",
        CLAUDE,
        "bash -ic",
        LOGIN_PROMPT,
        note="A terminal tab reads ~/.bashrc; a login bash reads ~/.bash_profile, the first of "
        "its three files: nothing reads ~/.bash_login (AL903 reports the line).",
    ),
    OutcomeScenario(
        "no-request-key-in-shadowed-bash-login-python2",
        "bash",
        _py({**SHADOWED_BASH_LOGIN, "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        NO_REQUEST,
        note="The program started from a terminal tab gets no key: nothing reads ~/.bash_login.",
    ),
    OutcomeScenario(
        "login-prompt-below-interactive-guard-bash-lc",
        "bash",
        BELOW_GUARD,
        "login-non-interactive-shell/claude",
        CLAUDE,
        "bash -lc",
        LOGIN_PROMPT,
        codes=(("AL910", "~/.bashrc", 5),),
        note="bash -lc reads ~/.profile, which sources ~/.bashrc, which returns at the guard.",
    ),
    OutcomeScenario(
        "works-below-interactive-guard-terminal",
        "bash",
        BELOW_GUARD,
        "claude-code",
        CLAUDE,
        "bash -ic",
        WORKS,
        (("x-api-key", API_KEY, "KEY"),),
        codes=(("AL910", "~/.bashrc", 5),),
    ),
    # --- both headers: API key and auth token -----------------------------------------------
    OutcomeScenario(
        "fragile-key-and-token-python1",
        "bash",
        _py({**KEY_AND_TOKEN, "app.py": APP_PY}, REQUIREMENTS_PY1),
        "python",
        "py1",
        "bash -ic",
        FRAGILE,
        (("x-api-key", API_KEY, "KEY"), ("Authorization", AUTH_TOKEN, "GW")),
    ),
    OutcomeScenario(
        "fragile-key-and-token-claude",
        "bash",
        KEY_AND_TOKEN,
        "claude-code",
        CLAUDE,
        "bash -ic",
        FRAGILE,
        (("x-api-key", API_KEY, "KEY"), ("Authorization", AUTH_TOKEN, "GW")),
    ),
    OutcomeScenario(
        "works-key-and-token-python2-sends-key-only",
        "bash",
        _py({**KEY_AND_TOKEN, "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        WORKS,
        (("Authorization", API_KEY, "KEY"),),
    ),
    # --- Claude Code's own state --------------------------------------------------------------
    OutcomeScenario(
        "401-stale-primary-api-key-with-auth-token-claude",
        "bash",
        {
            "~/.claude.json": '{\n  "primaryApiKey": "<<STALE>>"\n}\n',
            "~/.bashrc": "export ANTHROPIC_AUTH_TOKEN=<<GW>>\nexport ANTHROPIC_BASE_URL=<<BASE>>\n",
        },
        "claude-code",
        CLAUDE,
        "bash -ic",
        REJECTED,
        (("Authorization", AUTH_TOKEN, "GW"), ("x-api-key", PRIMARY, "STALE")),
        base="files",
        codes=(("AL809", "~/.claude.json", 2),),
        note="Both headers go out; the fake reads x-api-key first (the stale key): 401.",
    ),
    OutcomeScenario(
        "works-api-key-helper-both-headers-claude",
        "bash",
        {"~/.bashrc": "alias ll='ls -l'\n", "~/.claude/settings.json": HELPER_SETTINGS},
        "claude-code",
        CLAUDE,
        "bash -ic",
        WORKS,
        (("x-api-key", HELPER, "KEY"), ("Authorization", HELPER, "KEY")),
    ),
    OutcomeScenario(
        "api-key-helper-outranks-subscription-login-claude",
        "bash",
        {
            "~/.bashrc": "alias ll='ls -l'\n",
            "~/.claude/settings.json": HELPER_SETTINGS,
            "~/.claude/.credentials.json": CREDENTIALS_JSON,
        },
        "claude-code",
        CLAUDE,
        "bash -ic",
        WORKS,
        (("x-api-key", HELPER, "KEY"), ("Authorization", HELPER, "KEY")),
        codes=(("AL909", "~/.claude/settings.json", 2),),
    ),
    # --- a credential sent to another host ----------------------------------------------------
    OutcomeScenario(
        "foreign-host-gateway-url-without-gateway-credential-claude",
        "bash",
        {
            "~/.bashrc": "export ANTHROPIC_BASE_URL=http://gateway.example.com\n",
            "~/.claude/.credentials.json": CREDENTIALS_JSON,
        },
        "claude-code",
        CLAUDE,
        "bash -ic",
        FOREIGN_HOST,
        (("Authorization", LOGIN, "OAUTH"),),
        base="files",
        codes=(("AL908", "~/.bashrc", 1),),
        outside_host="gateway.example.com",
        note="Plain http, so the sink standing in for the gateway sees the headers.",
    ),
    OutcomeScenario(
        "foreign-host-anthropic-key-to-openrouter-python2",
        "bash",
        _py(
            {
                "~/.bashrc": BASHRC_KEY + "export ANTHROPIC_BASE_URL=https://openrouter.ai/api\n",
                "app.py": APP_PY,
            }
        ),
        "python",
        "py2",
        "bash -ic",
        FOREIGN_HOST,
        (("Authorization", API_KEY, "KEY"),),
        base="files",
        outside_host="openrouter.ai",
        note="https: the sink sees `CONNECT openrouter.ai:443` but not the headers inside TLS. "
        "AL405 (key sent to a third party) reports the key line, so AL900 does not repeat it.",
    ),
    # --- unknown: a local proxy decides ---------------------------------------------------------
    OutcomeScenario(
        "unknown-local-proxy-python2",
        "bash",
        _py({"~/.bashrc": BASHRC_KEY + "export ANTHROPIC_BASE_URL=<<BASE>>\n", "app.py": APP_PY}),
        "python",
        "py2",
        "bash -ic",
        UNKNOWN,
        (("Authorization", API_KEY, "KEY"),),
        base="files",
        note="The model cannot judge a credential for a proxy on 127.0.0.1; the fake shows the "
        "predicted header and value arrive (and, here, accepts them).",
    ),
)
