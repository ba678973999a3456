#!/usr/bin/env bash
# Installs the real clients that tests/clients/ runs against the fake Anthropic API (issue 6):
#   - zsh (Debian package; bash and dash are already there),
#   - the Python `anthropic` SDK 1.x in a venv of its own (2.x comes with `pip install -e ".[test]"`),
#   - `@anthropic-ai/sdk` 0.x and 1.x, each with Node `dotenv`, in two npm folders (ts0/, ts1/).
# Everything lands under $AUTHLINT_CLIENTS_DIR (default: .venv/clients, ignored by git and removed
# with the venv). Run it after the venv exists. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS="${AUTHLINT_CLIENTS_DIR:-$PWD/.venv/clients}"
PY1_VERSION="1.17.0"     # last 1.x of `anthropic` on PyPI (`pip index versions anthropic`)
TS0_VERSION="0.137.0"    # last 0.x of @anthropic-ai/sdk (`npm view @anthropic-ai/sdk versions`)
TS1_VERSION="1.11.0"     # current 1.x of @anthropic-ai/sdk
DOTENV_VERSION="18.0.10" # current Node dotenv
mkdir -p "$CLIENTS"

if ! command -v zsh >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq zsh >/dev/null
fi

if ! "$CLIENTS/py1/bin/python" -c "import anthropic, sys; sys.exit(anthropic.__version__ != '$PY1_VERSION')" 2>/dev/null; then
  rm -rf "$CLIENTS/py1"
  python3 -m venv "$CLIENTS/py1"
  "$CLIENTS/py1/bin/pip" install -q "anthropic==$PY1_VERSION" "python-dotenv==1.2.4"
fi

installed() { # folder, package, version
  grep -qs "\"version\": \"$3\"" "$CLIENTS/$1/node_modules/$2/package.json"
}

if command -v npm >/dev/null 2>&1; then
  for pair in "ts0:$TS0_VERSION" "ts1:$TS1_VERSION"; do
    folder="${pair%%:*}" version="${pair#*:}"
    if ! installed "$folder" @anthropic-ai/sdk "$version" || ! installed "$folder" dotenv "$DOTENV_VERSION"; then
      rm -rf "${CLIENTS:?}/$folder"
      mkdir -p "$CLIENTS/$folder"
      printf '{"name":"authlint-clients-%s","private":true}\n' "$folder" > "$CLIENTS/$folder/package.json"
      (cd "$CLIENTS/$folder" && npm install --silent --no-audit --no-fund \
        "@anthropic-ai/sdk@$version" "dotenv@$DOTENV_VERSION")
    fi
  done
  # The Claude Code CLI for tests/clients/test_outcome_agreement.py (its native binary comes
  # from the registry's optional dependency @anthropic-ai/claude-code-linux-x64).
  CLAUDE_VERSION="2.1.197"
  if ! installed claude @anthropic-ai/claude-code "$CLAUDE_VERSION"; then
    rm -rf "${CLIENTS:?}/claude"
    mkdir -p "$CLIENTS/claude"
    printf '{"name":"authlint-clients-claude","private":true}\n' > "$CLIENTS/claude/package.json"
    (cd "$CLIENTS/claude" && npm install --silent --no-audit --no-fund \
      "@anthropic-ai/claude-code@$CLAUDE_VERSION")
  fi
else
  echo "install-clients: npm not found; the Node scenarios will be skipped" >&2
fi

echo "install-clients: $(zsh --version), anthropic $("$CLIENTS/py1/bin/python" -c 'import anthropic; print(anthropic.__version__)') (py1), node $(node --version 2>/dev/null || echo missing)"
