"""What to do when no automatic fix is safe: the ``disabled.reason`` of a code action.

Editors show a diagnostic without a quick fix as "No code actions available",
which reads as "nothing can be done". For clients that advertise
``codeAction.disabledSupport`` the server adds a disabled action whose reason
says what the user has to do by hand (:func:`reason_for`). The texts follow
each rule's "Fix safety" section; codes whose fix is only sometimes offered
(a rename refused because the target name is already defined, a key in a
test file) have an entry too.
"""

from __future__ import annotations

ROTATE = "rotate it (Console: delete the key and create a new one; tokens: /logout and /login)"

ADVICE: dict[str, str] = {
    "AL101": "Copy the complete key again from the Console (API keys page)",
    "AL102": "Use a normal API key for model requests; keep the Admin key for the Admin API",
    "AL103": "Rename the variable to CLAUDE_CODE_OAUTH_TOKEN by hand (the file defines it already)",
    "AL104": "Rename the variable to ANTHROPIC_API_KEY by hand (the file defines it already)",
    "AL105": "Run `claude setup-token` again and copy the whole token on one line",
    "AL106": "Rename the variable to CLAUDE_CODE_OAUTH_TOKEN by hand (the file defines it already)",
    "AL107": "Use an Anthropic key, or point ANTHROPIC_BASE_URL at the key's provider",
    "AL108": "Replace the placeholder with your real key (from the Console)",
    "AL109": "Use apiKeyHelper with `op read …`, or start the program with `op run -- …`",
    "AL110": "Copy the IDs from the Claude Console: fdrl_… rule, svac_… account, organization UUID",
    "AL111": "Remove ANTHROPIC_API_KEY where workload identity federation should apply",
    "AL202": "Convert the file to LF line endings (dos2unix) if nothing needs CRLF",
    "AL203": "Save the file as UTF-8 without a byte-order mark",
    "AL204": "Delete the invisible characters by hand",
    "AL205": "Replace the curly quotes with straight ones by hand",
    "AL206": "Delete the quote characters by hand",
    "AL306": "Delete the definition that should not win (the last one is used)",
    "AL307": "Rename the variable by hand if nothing reads the misspelled name",
    "AL310": "Add the missing quote or remove the stray one",
    "AL402": "Write the full URL, with https:// (or http:// for a local proxy)",
    "AL403": "Remove the line, or unset the variable instead of emptying it",
    "AL404": "Use the provider's Anthropic endpoint, or another variable for the OpenAI-style API",
    "AL405": "Use the provider's own key for this base URL; if requests were sent, " + ROTATE,
    "AL406": "Rename the variable to ANTHROPIC_AUTH_TOKEN by hand (the file defines it already)",
    "AL501": "Rotate the credential, then move it to an ignored file or a secret store",
    "AL502": "Add the file to .gitignore (and `git rm --cached` it if git tracks it)",
    "AL601": "Move the key to an environment variable and " + ROTATE,
    "AL602": "Fix the /v1 at the end of the base URL by hand",
    "AL603": "Correct the base URL by hand (scheme, host and the provider's Anthropic endpoint)",
    "AL604": "Pass only one credential: an API key for Anthropic, a token for a gateway",
    "AL605": "Use a Console API key for the SDK; OAuth tokens are for Claude Code only",
    "AL606": "Move the API calls to a backend; never ship the key to browsers",
    "AL607": "Read the real variable name, unless the deployment sets the misspelled one",
    "AL608": "Call load_dotenv() / dotenv.config() before the client is created",
    "AL609": "Load .env with override (override=True / { override: true })",
    "AL610": "Check the gateway's docs: pin the SDK version or pass the key the way it expects",
    "AL702": "Rotate the credential, then move it to user settings or a secret store",
    "AL703": "Remove the entry unless it is meant to hide the key from this project's terminals",
    "AL704": "Replace the setting with a terminal profile and make it the default",
    "AL705": 'Add "python.terminal.useEnvFile": true to the settings',
    "AL706": "Point python.envFile at the file that exists, or create it",
    "AL707": 'Rewrite the entries as {"name": …, "value": …} objects',
    "AL708": "Take the value from the host with ${localEnv:NAME}, and " + ROTATE,
    "AL709": "Remove the quotes from the value in the env file",
    "AL710": "Interpolate the value with ${NAME} from the shell or .env, and " + ROTATE,
    "AL717": "List the variables under the service's environment: (NAME=${NAME}) or add env_file",
    "AL718": "Write the bare name to pass the host's value through, or drop the entry",
    "AL719": 'Seed ~/.claude.json with {"hasCompletedOnboarding": true} in a lifecycle script',
    "AL711": "Make the terminal setting and the shell profile agree, or remove one of them",
    "AL727": "Also pass the token as the `anthropic_api_key` input of the action",
    "AL801": "Remove the comments and fix the syntax: Claude Code reads strict JSON only",
    "AL802": "Move the credential to ~/.claude/settings.json or .claude/settings.local.json, "
    "and if it was pushed, " + ROTATE,
    "AL803": "Keep only one: ANTHROPIC_API_KEY for Anthropic, ANTHROPIC_AUTH_TOKEN for a gateway",
    "AL804": "Remove the Anthropic credential, or the cloud provider switch",
    "AL805": "Add the region, project or key the cloud provider needs",
    "AL806": "Move apiKeyHelper to ~/.claude/settings.json or .claude/settings.local.json",
    "AL807": "Fix the apiKeyHelper command so it prints only the key",
    "AL808": "Remove forceLoginMethod or the API key setting (an administrator's decision)",
    "AL809": "Run /logout in Claude Code to drop the stored key",
    "AL810": "Accept the key in Claude Code's /config, or remove ANTHROPIC_API_KEY",
    "AL811": "Stop tracking ~/.claude.json in git; if it held a key, " + ROTATE,
    "AL812": "Log in again (/login); do not edit the credentials file by hand",
    "AL813": "Log in again (/login)",
    "AL814": "Run chmod 600 on the credentials file",
    "AL820": "Drop awsCredentialExport (the AWS SDK reads the SSO profile); add awsAuthRefresh",
    "AL821": "Set CLAUDE_CODE_API_KEY_HELPER_TTL_MS well below the token's life",
    "AL900": "Follow the steps in the message: the line named there keeps the request from working",
    "AL908": "Set ANTHROPIC_AUTH_TOKEN to the gateway's credential next to its base URL",
    "AL909": "Remove apiKeyHelper to use the /login subscription, or log out of it",
    "AL910": "Move the export above the interactive guard (or into ~/.profile / ~/.zshenv)",
    "AL901": "Remove the definition that never takes effect, or make the intended one win",
    "AL902": "Keep one value for the credential; delete or update the other file",
    "AL903": "Export the credential in a file the terminal reads (e.g. ~/.zshrc or ~/.bashrc)",
    "AL904": "Unset ANTHROPIC_API_KEY for Claude Code to use the subscription login",
    "AL905": "Use the provider's key with its base URL; if requests were sent, " + ROTATE,
    "AL906": "Keep either ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN, not both",
    "AL907": "Complete the OpenRouter setup: ANTHROPIC_AUTH_TOKEN set, ANTHROPIC_API_KEY empty",
    "AL311": (
        "Point it at a PEM file (convert a DER .cer with `openssl x509 -inform "
        "der -in X.cer -out X.pem`)"
    ),
    "AL312": (
        "Remove NODE_TLS_REJECT_UNAUTHORIZED=0; trust the proxy's CA with "
        "NODE_EXTRA_CA_CERTS instead"
    ),
    "AL313": (
        "Export the provider switch in your profile or Claude Code settings "
        "env: Claude Code reads no .env"
    ),
    "AL314": 'Quote the value in secrets.toml (KEY = "…")',
    "AL411": "Add CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 where the gateway's base URL is set",
    "AL412": "End ANTHROPIC_FOUNDRY_BASE_URL with /anthropic, or set ANTHROPIC_FOUNDRY_RESOURCE",
    "AL413": (
        "Add the headers in a claude-code-router transformer; the router does not forward them"
    ),
    "AL414": "Start the cc-switch proxy and keep its 127.0.0.1 base URL next to PROXY_MANAGED",
    "AL420": "Add /v1 to the gateway's baseUrl for Cline 4",
    "AL503": (
        "Delete the permission rule that holds the secret, rotate the key, use "
        "$VARIABLES in commands"
    ),
    "AL506": (
        "Rotate the key, delete or redact the transcript, keep ~/.claude out of version control"
    ),
    "AL507": "Rotate the key and remove it from the cell and its saved outputs",
    "AL508": "Add .streamlit/secrets.toml to .gitignore; rotate the key if it was pushed",
    "AL611": (
        "Use a server-only name and call the API from the server; rotate a key that was built in"
    ),
    "AL615": "Pass baseURL to createAnthropic(), or upgrade @ai-sdk/anthropic",
    "AL712": 'Set "claudeCode.disableLoginPrompt": true in VS Code\'s settings',
    "AL720": "Mount ~/.claude.json too, or set CLAUDE_CONFIG_DIR to the mounted folder",
    "AL722": "Write the provider name: `api-key: [anthropic=…]`",
    "AL723": "Move the credential to an EnvironmentFile= only the service's user can read",
    "AL724": "Re-encode the value without the newline (`printf %s KEY | base64`, not `echo`)",
    "AL725": "Move the credential to a Secret",
    "AL726": "Keep the Secret manifest out of git (sealed or external secrets); rotate the key",
    "AL815": "Export the variable in the shell profile that launches claude",
    "AL817": "Unset CLAUDE_CONFIG_DIR, or log in once with it set (/login)",
    "AL911": (
        "Unset ANTHROPIC_API_KEY for the unit (UnsetEnvironment=) to use the subscription login"
    ),
    "AL912": "Restart the IDE and the terminals opened before the change",
    "AL913": "Keep app-only ANTHROPIC_* variables out of that .env, or namespace them",
}


def reason_for(code: str) -> str:
    """The ``disabled.reason`` for a diagnostic of ``code`` that has no safe automatic fix.

    Takes a rule code (``"AL601"``); returns one sentence saying what to do by
    hand, or a pointer to the rule's documentation for codes without advice.
    """
    advice = ADVICE.get(code.upper())
    if advice is None:
        return f"No automatic fix is safe here: see the documentation of {code}"
    return f"No automatic fix is safe here. {advice}."
