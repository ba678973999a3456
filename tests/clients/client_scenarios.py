"""The scenario table: files, how a client is started, what authlint and the client do.

Each scenario proves one rule that says a request will fail: authlint reports
exactly ``codes`` on the files, every listed client has the ``before``
outcome against the fake, and after ``authlint check --fix --unsafe-fixes``
(when the rule has a fix) the same run has the ``after`` outcome.

Files are written under a scratch HOME (``.bashrc``, ``proj/.env``…); ``proj``
is the working directory. In the text, ``<<KEY>>`` (a key the fake accepts),
``<<STALE>>`` (a well-formed key it does not know), ``<<GW>>`` (a gateway
bearer token it accepts), ``<<OAUTH>>`` (a Claude OAuth token it accepts with
the OAuth beta header), ``<<ADMIN>>``, ``<<OPENAI>>``, ``<<BASE>>`` (the fake's
URL), ``<<HOSTPORT>>`` and ``<<STRICT_BASE>>`` (a fake that reads keys only
from ``x-api-key``, like an x-api-key-only gateway) are filled in at run time,
so no key is written here.

Outcomes: ``ok``; ``<status> <API message>``; ``no-credential`` (the SDK's
``Could not resolve authentication method``, nothing sent);
``header-refused`` (the client refused the header value, nothing sent);
``bad-url``; ``two-credentials`` (SDK refused two credentials);
``outside <host>`` (the client tried to reach a host other than the fake;
tests stop it on 127.0.0.1); ``error <exception class>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

OK = "ok"
X401 = "401 invalid x-api-key"
B401 = "401 Invalid bearer token"
NOT_FOUND = "404 Not Found"
NO_CREDENTIAL = "no-credential"
HEADER_REFUSED = "header-refused"
BAD_URL = "bad-url"
OAUTH_NOT_SUPPORTED = "401 OAuth authentication is currently not supported."

PY = ("py1", "py2")
TS = ("ts0", "ts1")
ALL = (*PY, *TS)


def each(outcome: str, clients: tuple[str, ...] = ALL) -> dict[str, str]:
    """The same outcome for every client in ``clients``."""
    return dict.fromkeys(clients, outcome)


# A key the API does not know is rejected in the header each SDK major uses for keys:
# x-api-key for Python ≤ 1.x / TS 0.x, Bearer for Python ≥ 2 / TS ≥ 1 (client-behaviour.md).
WRONG_KEY = {"py1": X401, "py2": B401, "ts0": X401, "ts1": B401}

PROBE = "probe"  # generic app: SDK client from the environment, one messages.create
PROBE_DOTENV = "probe+dotenv"  # the same after load_dotenv() / import 'dotenv/config'


@dataclass(frozen=True)
class Scenario:
    """One setup, and what authlint and each real client are expected to do with it."""

    id: str
    rule: str
    files: Mapping[str, str | bytes]
    codes: tuple[str, ...]
    before: Mapping[str, str]
    after: Mapping[str, str] | None = None  # None: the rule has no fix
    app: str = PROBE  # PROBE, PROBE_DOTENV, or a file under proj/ (per language: .py / .mjs)
    shell: str | None = None  # "bash -ic", "zsh -ic", …
    base_in_env: bool = True  # ANTHROPIC_BASE_URL=<fake> in the starting environment
    server: str = "default"  # or "strict" (keys only as x-api-key)
    note: str = ""
    after_codes: tuple[str, ...] | None = field(default=None)  # default: codes minus the rule


def _apps(python: str, node: str | None = None) -> dict[str, str]:
    files = {"proj/app.py": python}
    if node is not None:
        files["proj/app.mjs"] = node
    return files


PY_CLIENT = "from anthropic import Anthropic\n"
CREATE_PY = (
    'client.messages.create(model="claude-opus-4-8", max_tokens=16, '
    'messages=[{"role": "user", "content": "hi"}])\n'
)
CREATE_TS = (
    "await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 16, "
    "messages: [{ role: 'user', content: 'hi' }] });\n"
)

SCENARIOS: tuple[Scenario, ...] = (
    # --- AL1xx: the value is the wrong credential --------------------------------------
    Scenario(
        "AL101-truncated-key-in-dotenv",
        "AL101",
        {"proj/.env": "ANTHROPIC_API_KEY=<<KEY80>>\n"},
        ("AL101",),
        {"py2": B401, "ts0": X401},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL101-inline-fragment-in-dotenv",
        "AL101",
        {"proj/.env": "ANTHROPIC_API_KEY=<<KEY>>#prod\n"},
        ("AL101",),
        {"py1": X401, "ts1": OK},
        app=PROBE_DOTENV,
        note="python-dotenv keeps `#prod` in the value, Node dotenv cuts it "
        "(client-behaviour.md dotenv table): the rule's 401 holds for Python only.",
    ),
    Scenario(
        "AL102-admin-key",
        "AL102",
        {"proj/.env": "ANTHROPIC_API_KEY=<<ADMIN>>\n"},
        ("AL102",),
        {"py1": X401, "ts1": B401},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL103-oauth-token-as-api-key",
        "AL103",
        {"proj/.env": "ANTHROPIC_API_KEY=<<OAUTH>>\n"},
        ("AL103",),
        {"py1": X401, "ts1": OAUTH_NOT_SUPPORTED},
        after=each(NO_CREDENTIAL, ("py1", "ts1")),
        app=PROBE_DOTENV,
        note="After the rename the SDKs have no credential at all, as the rule's fix-safety "
        "text says; the fix is for Claude Code, which cannot run here.",
    ),
    Scenario(
        "AL104-api-key-in-auth-token",
        "AL104",
        {"proj/.env": "ANTHROPIC_AUTH_TOKEN=<<KEY>>\n"},
        ("AL104",),
        each(OK, ("py1", "ts1")),
        after=each(OK, ("py1", "ts1")),
        app=PROBE_DOTENV,
        note="No failure: every SDK sends the key as Bearer and the fake accepts a key there "
        "(client-behaviour.md headline 1: the real API must, since Python ≥ 2 / TS ≥ 1 send "
        "keys that way). AL104's 401 is not confirmed by any client here.",
    ),
    Scenario(
        "AL107-openai-key",
        "AL107",
        {"proj/.env": "ANTHROPIC_API_KEY=<<OPENAI>>\n"},
        ("AL107",),
        {"py1": X401, "ts1": B401},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL108-placeholder",
        "AL108",
        {"proj/.env": "ANTHROPIC_API_KEY=sk-ant-api03-your-key-here\n"},
        ("AL108",),
        {"py2": B401, "ts0": X401},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL109-op-reference-in-dotenv",
        "AL109",
        {"proj/.env": "ANTHROPIC_API_KEY=op://Private/Anthropic/credential\n"},
        ("AL109",),
        {"py2": B401, "ts0": X401},
        app=PROBE_DOTENV,
    ),
    # --- AL2xx: the value is damaged on the way -------------------------------------------
    Scenario(
        "AL201-trailing-space-in-dotenv",
        "AL201",
        {"proj/.env": 'ANTHROPIC_API_KEY="<<KEY>> "\n'},
        ("AL201",),
        {"py2": HEADER_REFUSED, "ts0": OK},
        after=each(OK, ("py2", "ts0")),
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL202-crlf-bashrc",
        "AL202",
        {".bashrc": b"export ANTHROPIC_API_KEY=<<KEY>>\r\n"},
        ("AL202",),
        {"py1": HEADER_REFUSED, "ts1": OK},
        after=each(OK, ("py1", "ts1")),
        shell="bash -ic",
    ),
    Scenario(
        "AL202-crlf-zshrc",
        "AL202",
        {".zshrc": b"export ANTHROPIC_API_KEY=<<KEY>>\r\n"},
        ("AL202",),
        {"py2": HEADER_REFUSED, "ts0": OK},
        after=each(OK, ("py2", "ts0")),
        shell="zsh -ic",
    ),
    Scenario(
        "AL203-bom-bashrc",
        "AL203",
        {".bashrc": b"\xef\xbb\xbfexport ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL203",),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL204-zero-width-space-in-dotenv",
        "AL204",
        {"proj/.env": "ANTHROPIC_API_KEY=<<KEY40>>\u200b<<KEYREST>>\n"},
        ("AL204",),
        {"py1": X401, "ts1": HEADER_REFUSED},
        after=each(OK, ("py1", "ts1")),
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL205-smart-quotes-bashrc",
        "AL205",
        {".bashrc": "export ANTHROPIC_API_KEY=\u201c<<KEY>>\u201d\n"},
        ("AL205",),
        {"py2": B401, "ts0": HEADER_REFUSED},
        after=each(OK, ("py2", "ts0")),
        shell="bash -ic",
    ),
    Scenario(
        "AL206-quoted-twice-in-dotenv",
        "AL206",
        {"proj/.env": "ANTHROPIC_API_KEY=\"'<<KEY>>'\"\n"},
        ("AL206",),
        {"py1": X401, "ts1": B401},
        after=each(OK, ("py1", "ts1")),
        app=PROBE_DOTENV,
    ),
    # --- AL3xx: the assignment does not do what it looks like ---------------------------
    Scenario(
        "AL301-spaces-around-equals-bashrc",
        "AL301",
        {".bashrc": "export ANTHROPIC_API_KEY = <<KEY>>\n"},
        ("AL301",),
        {"ts0": NO_CREDENTIAL},
        after={"ts0": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL301-spaces-around-equals-zshrc",
        "AL301",
        {".zshrc": "export ANTHROPIC_API_KEY = <<KEY>>\n"},
        ("AL301",),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        shell="zsh -ic",
    ),
    Scenario(
        "AL302-space-after-equals-bashrc",
        "AL302",
        {".bashrc": "export ANTHROPIC_API_KEY= <<KEY>>\n"},
        ("AL302",),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL303-not-exported-bashrc",
        "AL303",
        {".bashrc": "ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL303",),
        {"py2": NO_CREDENTIAL, "ts1": NO_CREDENTIAL},
        after=each(OK, ("py2", "ts1")),
        shell="bash -ic",
    ),
    Scenario(
        "AL303-not-exported-zshrc",
        "AL303",
        {".zshrc": "ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL303",),
        {"ts0": NO_CREDENTIAL},
        after={"ts0": OK},
        shell="zsh -ic",
    ),
    Scenario(
        "AL304-export-of-expansion-bashrc",
        "AL304",
        {".bashrc": "ANTHROPIC_API_KEY=<<KEY>>\nexport $ANTHROPIC_API_KEY\n"},
        ("AL303", "AL304"),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL305-fish-syntax-in-bashrc",
        "AL305",
        {".bashrc": "set -gx ANTHROPIC_API_KEY <<KEY>>\n"},
        ("AL305",),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL306-duplicate-in-dotenv",
        "AL306",
        {"proj/.env": "ANTHROPIC_API_KEY=<<KEY>>\nANTHROPIC_API_KEY=<<STALE>>\n"},
        ("AL306",),
        {"py1": X401, "ts1": B401},
        app=PROBE_DOTENV,
        note="The later (stale) definition wins in both loaders, as the rule says.",
    ),
    Scenario(
        "AL307-misspelled-name-in-dotenv",
        "AL307",
        {"proj/.env": "ANTHROPIC_APIKEY=<<KEY>>\n"},
        ("AL307",),
        {"ts0": NO_CREDENTIAL},
        after={"ts0": OK},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL308-lowercase-name-in-dotenv",
        "AL308",
        {"proj/.env": "anthropic_api_key=<<KEY>>\n"},
        ("AL308",),
        {"ts1": NO_CREDENTIAL},
        after={"ts1": OK},
        app=PROBE_DOTENV,
    ),
    Scenario(
        "AL310-unterminated-quote-in-dotenv",
        "AL310",
        {"proj/.env": 'ANTHROPIC_API_KEY="<<KEY>>\n'},
        ("AL310",),
        {"py2": NO_CREDENTIAL, "ts0": X401},
        app=PROBE_DOTENV,
        note="python-dotenv skips the line; Node dotenv keeps the quote in the value "
        "(the rule says the loaders disagree): both fail.",
    ),
    # --- AL4xx: the base URL --------------------------------------------------------------
    Scenario(
        "AL401-base-url-v1-in-dotenv",
        "AL401",
        {"proj/.env": "ANTHROPIC_BASE_URL=<<BASE>>/v1\nANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL401",),
        each(NOT_FOUND, ("py2", "ts0")),
        after=each(OK, ("py2", "ts0")),
        app=PROBE_DOTENV,
        base_in_env=False,
    ),
    Scenario(
        "AL401-base-url-v1-slash-in-bashrc",
        "AL401",
        {".bashrc": "export ANTHROPIC_BASE_URL=<<BASE>>/v1/\nexport ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL401",),
        {"ts1": NOT_FOUND},
        after={"ts1": OK},
        shell="bash -ic",
    ),
    Scenario(
        "AL402-base-url-without-scheme",
        "AL402",
        {"proj/.env": "ANTHROPIC_BASE_URL=<<HOSTPORT>>\nANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL402",),
        each(BAD_URL, ("py2", "ts1")),
        after=each(OK, ("py2", "ts1")),
        app=PROBE_DOTENV,
        base_in_env=False,
    ),
    Scenario(
        "AL403-empty-base-url-in-dotenv",
        "AL403",
        {"proj/.env": "ANTHROPIC_BASE_URL=\nANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL403",),
        {"py2": BAD_URL, "ts0": "outside api.anthropic.com"},
        after=each("outside api.anthropic.com", ("py2", "ts0")),
        app=PROBE_DOTENV,
        base_in_env=False,
        note="Python fails on the empty base URL; TS treats it as unset and goes to "
        "api.anthropic.com (stopped on 127.0.0.1 here). After the fix every client goes "
        "to api.anthropic.com, which is what the fix means.",
    ),
    Scenario(
        "AL404-chat-completions-path",
        "AL404",
        {
            "proj/.env": "ANTHROPIC_BASE_URL=<<BASE>>/v1/chat/completions\n"
            "ANTHROPIC_API_KEY=<<KEY>>\n"
        },
        ("AL404",),
        {"py2": NOT_FOUND, "ts1": NOT_FOUND},
        app=PROBE_DOTENV,
        base_in_env=False,
    ),
    Scenario(
        "AL405-anthropic-key-to-openrouter",
        "AL405",
        {"proj/.env": "ANTHROPIC_BASE_URL=https://openrouter.ai/api\nANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL405",),
        each("outside openrouter.ai", ("py2", "ts1")),
        app=PROBE_DOTENV,
        base_in_env=False,
        note="Every client really sends the Anthropic key to openrouter.ai (stopped here).",
    ),
    Scenario(
        "AL406-gateway-token-as-api-key",
        "AL406",
        {"proj/.env": "ANTHROPIC_BASE_URL=<<BASE>>\nANTHROPIC_API_KEY=<<GW>>\n"},
        ("AL406",),
        {"py1": X401, "ts0": X401, "ts1": OK},
        after=each(OK, ("py1", "ts0", "ts1")),
        app=PROBE_DOTENV,
        base_in_env=False,
        note="Python ≥ 2 and TS ≥ 1 send the key as Bearer anyway, so only older SDKs (and "
        "Claude Code) hit the 401 the rule describes.",
    ),
    # --- AL6xx: SDK code -------------------------------------------------------------------
    Scenario(
        "AL602-sdk-base-url-v1",
        "AL602",
        _apps(
            f'{PY_CLIENT}client = Anthropic(base_url="<<BASE>>/v1", max_retries=0)\n{CREATE_PY}',
            "import Anthropic from '@anthropic-ai/sdk';\n"
            f"const client = new Anthropic({{ baseURL: '<<BASE>>/v1', maxRetries: 0 }});\n"
            f"{CREATE_TS}",
        )
        | {".bashrc": "export ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL602", "AL602"),
        each(NOT_FOUND, ("py2", "ts1")),
        after=each(OK, ("py2", "ts1")),
        app="app",
        shell="bash -ic",
    ),
    Scenario(
        "AL603-sdk-base-url-without-scheme",
        "AL603",
        _apps(f'{PY_CLIENT}client = Anthropic(base_url="<<HOSTPORT>>", max_retries=0)\n{CREATE_PY}')
        | {".bashrc": "export ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL603",),
        {"py2": BAD_URL},
        after={"py2": OK},
        app="app",
        shell="bash -ic",
    ),
    Scenario(
        "AL604-api-key-and-auth-token",
        "AL604",
        _apps(
            "import os\n"
            f"{PY_CLIENT}client = Anthropic(api_key=os.environ['ANTHROPIC_API_KEY'], "
            'auth_token="<<GW>>", max_retries=0)\n'
            f"{CREATE_PY}",
        )
        | {".bashrc": "export ANTHROPIC_API_KEY=<<STALE>>\n"},
        ("AL601", "AL604"),
        {"py1": X401, "py2": "two-credentials"},
        app="app",
        shell="bash -ic",
        note="py1 sends both headers; the fake judges x-api-key first (the real order is "
        "unknown), so the stale key decides. py2 refuses the client.",
    ),
    Scenario(
        "AL605-oauth-token-passed-to-sdk",
        "AL605",
        _apps(
            f'{PY_CLIENT}client = Anthropic(auth_token="<<OAUTH>>", max_retries=0)\n{CREATE_PY}',
        ),
        ("AL601", "AL605"),
        {"py2": OAUTH_NOT_SUPPORTED},
        app="app",
        note="The fake answers `OAuth authentication is currently not supported.` only with "
        "oauth_requires_beta=True, an assumption from auth-facts.md §3 row 5 / §4.4.",
    ),
    Scenario(
        "AL607-misspelled-environment-read",
        "AL607",
        _apps(
            "import os\n"
            f"{PY_CLIENT}client = Anthropic(api_key=os.environ['ANTHROPIC_APIKEY'], "
            "max_retries=0)\n"
            f"{CREATE_PY}",
        )
        | {".bashrc": "export ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL607",),
        {"py2": "error KeyError"},
        after={"py2": OK},
        app="app",
        shell="bash -ic",
    ),
    Scenario(
        "AL608-dotenv-loaded-after-client",
        "AL608",
        _apps(
            f"from dotenv import load_dotenv\n{PY_CLIENT}"
            "client = Anthropic(max_retries=0)\nload_dotenv(override=True)\n"
            f"{CREATE_PY}",
        )
        | {"proj/.env": "ANTHROPIC_API_KEY=<<KEY>>\n"},
        ("AL608",),
        {"py2": NO_CREDENTIAL},
        app="app",
    ),
    Scenario(
        "AL609-stale-zshrc-key-beats-dotenv",
        "AL609",
        _apps(
            f"from dotenv import load_dotenv\n{PY_CLIENT}"
            "load_dotenv()\nclient = Anthropic(max_retries=0)\n"
            f"{CREATE_PY}",
            "import dotenv from 'dotenv';\nimport Anthropic from '@anthropic-ai/sdk';\n"
            "dotenv.config({ quiet: true });\n"
            "const client = new Anthropic({ maxRetries: 0 });\n"
            f"{CREATE_TS}",
        )
        | {
            ".zshrc": "export ANTHROPIC_API_KEY=<<STALE>>\n",
            "proj/.env": "ANTHROPIC_API_KEY=<<KEY>>\n",
        },
        ("AL609", "AL609"),
        {"py2": B401, "ts1": B401},
        after=each(OK, ("py2", "ts1")),
        app="app",
        shell="zsh -ic",
        note="Issue 6 'Must show': stale key in ~/.zshrc, fresh key in .env, load_dotenv(): "
        "401, predicted, and 200 after the fix (override=True).",
    ),
    Scenario(
        "AL610-bearer-key-to-x-api-key-gateway",
        "AL610",
        _apps(
            f"from dotenv import load_dotenv\n{PY_CLIENT}"
            "load_dotenv(override=True)\nclient = Anthropic(max_retries=0)\n"
            f"{CREATE_PY}",
        )
        | {
            "proj/requirements.txt": "anthropic>=2\npython-dotenv\n",
            "proj/.env": "ANTHROPIC_BASE_URL=<<STRICT_BASE>>\nANTHROPIC_API_KEY=<<KEY>>\n",
        },
        ("AL610",),
        {"py1": OK, "py2": B401},
        app="app",
        base_in_env=False,
        server="strict",
        note="Against a gateway that reads keys only from x-api-key: 1.x works, 2.x gets 401.",
    ),
)


# Rules that say a request fails but whose client cannot run here: (codes, reason, source).
NOT_RUNNABLE: tuple[tuple[str, str, str], ...] = (
    (
        "AL105 AL106",
        "only Claude Code reads CLAUDE_CODE_OAUTH_TOKEN and adds the OAuth beta header; the "
        "Claude Code CLI is not installed by .ci/install-clients.sh (it contacts outside hosts "
        "on start, and tests may reach 127.0.0.1 only)",
        "client-behaviour.md, Claude Code CLI table (CLAUDE_CODE_OAUTH_TOKEN rows)",
    ),
    (
        "AL305 (PowerShell, fish profiles) AL303 (fish)",
        "PowerShell and Windows cannot run here; fish is not installed",
        "auth-facts.md §7 (PowerShell, fish)",
    ),
    (
        "AL701 AL702 AL703 AL704 AL705 AL706 AL707 AL711",
        "the VS Code extension and VS Code terminals cannot run here",
        "auth-facts.md §6; client-behaviour.md ('Not tested: … the VS Code extension')",
    ),
    (
        "AL708 AL709 AL710 AL717 AL718 AL719 AL720",
        "docker and dev containers are not available here",
        "auth-facts.md §7 (docker), §3 row 24 (docker/compose#3702, #10040)",
    ),
    (
        "AL801 AL803 AL804 AL805 AL807 AL808 AL809 AL810 AL812 AL813 AL820 AL821",
        "only Claude Code reads its settings, ~/.claude.json and .credentials.json, and its "
        "interactive prompt cannot run here",
        "client-behaviour.md, Claude Code CLI table; auth-facts.md §2.4, §2.5",
    ),
)


NOT_RUNNABLE = NOT_RUNNABLE + (
    (
        "AL110",
        "the token exchange of workload identity federation (POST /v1/oauth/token with an "
        "identity token from a real identity provider) is not served by the fake API",
        "https://platform.claude.com/docs/en/manage-claude/wif-reference",
    ),
)


# The cross-file rules (AL9xx) need the home folder, which this table's `authlint check
# --no-home` never reads. tests/clients/test_model_agreement.py checks what they rest on: which
# definition real bash/zsh startups, python-dotenv, Node dotenv and `node --env-file` apply.
NOT_RUNNABLE = NOT_RUNNABLE + (
    (
        "AL901",
        "run end to end outside this table: test_model_agreement.py::"
        "test_al901_stale_bashrc_key_shadows_dotenv_until_override (AL901 at .env:1, the real "
        "SDK gets 401 through `bash -ic`, 200 after AL609's override=True fix)",
        "client-behaviour.md headline 7; issue 6 'Must show'",
    ),
    (
        "AL902 AL903",
        "claims about which startup file each terminal reads, not one request; real `bash -ic`, "
        "`bash -lic`, `zsh -c`, `zsh -ic`, `zsh -lic` are compared with the model in "
        "test_model_agreement.py (e.g. bash-key-only-in-profile, zsh-zshenv-vs-zshrc); the "
        "request without a key is AL303's scenarios",
        "client-behaviour.md 'Shells'; auth-facts.md §7",
    ),
    (
        "AL904 AL907",
        "only Claude Code picks between a key, a token and the subscription login, and it "
        "cannot run here (see AL105)",
        "auth-facts.md §2.1; client-behaviour.md, Claude Code CLI table",
    ),
    (
        "AL905 AL906",
        "the request each SDK makes is AL405's and AL604's scenarios (a key sent to "
        "openrouter.ai; two credentials); the cross-file part, which file's value each "
        "context gets, is test_model_agreement.py",
        "client-behaviour.md headlines 1, 2 and 7",
    ),
)


# The field causes (issue 12) whose failure happens outside what the fake API can serve: TLS,
# another vendor's gateway, or a program these tests do not install.
NOT_RUNNABLE = NOT_RUNNABLE + (
    (
        "AL311 AL815",
        "a CA file Node cannot load or never loads: the fake API is plain HTTP on 127.0.0.1, so "
        "no TLS handshake happens",
        "https://nodejs.org/api/cli.html#node_extra_ca_certsfile",
    ),
    (
        "AL411 AL412 AL414",
        "a third-party gateway's own validation (unknown anthropic-beta values, Azure Foundry's "
        "/anthropic path, a stopped cc-switch proxy) is that gateway's, not served by the fake API",
        "https://github.com/anthropics/claude-code/issues/46105",
    ),
    (
        "AL313 AL712 AL817",
        "Claude Code's provider switches, the VS Code extension's login screen and the macOS "
        "keychain item per CLAUDE_CONFIG_DIR need a cloud provider, VS Code or macOS",
        "https://docs.claude.com/en/docs/claude-code/settings",
    ),
    (
        "AL314 AL420 AL615 AL722",
        "Streamlit, Cline, @ai-sdk/anthropic inside an MCP server and aider are not installed by "
        ".ci/install-clients.sh",
        "https://github.com/cline/cline/issues/11920",
    ),
    (
        "AL724 AL727",
        "a Kubernetes cluster and the GitHub Actions runner (claude-code-action's pre-flight) do "
        "not run here",
        "https://github.com/anthropics/claude-code-action",
    ),
)
