#!/usr/bin/env bash
# Install code-server (VS Code in the browser) from the npm registry alone.
# Usage: install-code-server.sh DEST  -> DEST/node_modules/code-server/out/node/entry.js
# Four workarounds (shared/design/real-editors.md §5): root refusal (npm_config_unsafe_perm),
# ripgrep download (pre-filled cache from @vscode/ripgrep-linux-x64), npx prompt
# (npm_config_yes), and a local rather than global install. kerberos builds from source
# (needs libkrb5-dev, g++, make, python3). Idempotent: an existing install of VER is kept.
set -euo pipefail
DEST=${1:?usage: install-code-server.sh DEST}
VER=${CODE_SERVER_VERSION:-4.100.3}
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$ENTRY" ] && [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version")" = "$VER" ]; then
  echo "code-server $VER already in $DEST"; exit 0
fi
mkdir -p "$DEST/tmp" && cd "$DEST"
export TMPDIR="$DEST/tmp"  # @vscode/ripgrep 1.15.x looks for its cache in os.tmpdir()
(cd "$TMPDIR" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && mkdir -p rgpkg \
  && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz -C rgpkg && mkdir -p vscode-ripgrep-cache-1.15.11 \
  && tar czf vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz \
       -C rgpkg/package/bin rg)
[ -f package.json ] || npm init -y >/dev/null
# Not -g: the nested npm install in lib/vscode then fails with TAR_ENTRY_ERROR.
npm_config_unsafe_perm=true npm_config_yes=true npm install "code-server@$VER" --no-save \
  --foreground-scripts > install.log 2>&1 || { tail -40 install.log; exit 1; }
XDG_CONFIG_HOME="$TMPDIR" XDG_DATA_HOME="$TMPDIR" node "$ENTRY" --version
