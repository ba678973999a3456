"""Conservative kind detection for files named on the command line whose name says nothing.

A file is read only when its content plainly is one of ours: binary data,
git config, TOML, INI, PHP, Rust, Go, C, Makefiles, Markdown and friends are
never read as shell (they gave hundreds of findings); shell needs lines only
a shell script has; a shebang decides. Also :func:`looks_like_shell_fragment`
for ``.env``-named files and the zsh/bash choice for ``FileKind.SHELL``.
"""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.discovery import discover
from authlint.scanners import (
    detect_kind,
    kind_from_content,
    kind_from_shebang,
    looks_binary,
    looks_like_shell_fragment,
)
from keys import api_key

SHELL, DOTENV, FISH, PS = FileKind.SHELL, FileKind.DOTENV, FileKind.FISH, FileKind.POWERSHELL
GIT = shutil.which("git")
KEY_LINE = "export ANTHROPIC_API_KEY=sk-ant-api03-placeholder\n"

NOT_OURS = {
    "git-config": (
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
        '[remote "origin"]\n\turl = https://github.com/example/dotfiles.git\n'
        "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
        '[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n'
    ),
    "toml": (
        '[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = ["anthropic>=0.40"]\n\n'
        '[tool.ruff]\nline-length = 100\n\n[[tool.mypy.overrides]]\nmodule = "x"\n'
    ),
    "cargo-toml": '[package]\nname = "cli"\nedition = "2021"\n\n[dependencies]\nreqwest = "0.12"\n',
    "ini": "; settings\n[anthropic]\napi_key = sk-ant-placeholder\nbase_url = https://x\n",
    "sectionless-ini": "api_key = placeholder\nbase_url = https://x\ntimeout = 30\n",
    "php": "<?php\n$key = getenv('ANTHROPIC_API_KEY');\nputenv(\"ANTHROPIC_BASE_URL=https://x\");\n",
    "rust": (
        "use std::env;\n\nfn main() {\n"
        '    let key = env::var("ANTHROPIC_API_KEY").unwrap();\n    println!("{}", key.len());\n}\n'
    ),
    "go": (
        'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n'
        '\tkey := os.Getenv("ANTHROPIC_API_KEY")\n\tfmt.Println(len(key))\n}\n'
    ),
    "c": (
        "#include <stdio.h>\n#include <stdlib.h>\n\nint main(void) {\n"
        '    const char *key = getenv("ANTHROPIC_API_KEY");\n    return key == NULL;\n}\n'
    ),
    "javascript": (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n"
    ),
    "python": "import os\n\ndef key():\n    return os.environ['ANTHROPIC_API_KEY']\n",
    "makefile": (
        "export ANTHROPIC_API_KEY ?= placeholder\n\n.PHONY: test\ntest:\n\tpytest -q\n\n"
        "build: deps\n\tgo build ./...\n\ndeps:\n\tgo mod download\n"
    ),
    "yaml": "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "json": '{\n  "env": {"ANTHROPIC_API_KEY": "placeholder"}\n}\n',
    "markdown": (
        "# Setup\n\nSet your key in your shell profile before you start the tool:\n\n"
        "```bash\n" + KEY_LINE + "```\n\nThen run the tool from the project folder.\n"
    ),
    "prose": (
        "If you set the key in your profile, open a new terminal window first.\n"
        "For details read the documentation of the command line tool.\n"
        "Then run the command again and check the output for errors.\n"
    ),
    "man-page": '.\\" man page\n.TH AUTHLINT 1\n.SH NAME\nauthlint \\- check\n',
    "vimrc": (
        '" vimrc\nset nocompatible\nsyntax on\nif has("autocmd")\n'
        "  filetype plugin indent on\nendif\nsource /etc/vim/vimrc.local\n"
    ),
    "pem": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n",
    "fstab": "UUID=2cda1e08 /          ext4   defaults        1    1\n",
    "netconfig": "udp6       tpi_clts      v     inet6    udp     -       -\n"
    "local      tpi_cots_ord  -     loopback  -      -       -\n",
    "lua": "local opts = { noremap = true }\nvim.keymap.set('n', 'x', 'y', opts)\n",
    "perl-shebang": "#!/usr/bin/perl\nprint $ENV{ANTHROPIC_API_KEY};\n",
    "empty": "",
    "comments-only": "# nothing here\n#ANTHROPIC_API_KEY=\n",
    "one-command": "echo hello\n",  # not enough to call it a shell script
}
OURS = {
    "exports": (KEY_LINE + "export ANTHROPIC_BASE_URL=https://api.example.com\n", DOTENV),
    "extra-file": (
        "# ~/.extra, sourced by .bash_profile\n" + KEY_LINE + 'alias ll="ls -la"\n'
        'if [ -d "$HOME/bin" ]; then\n  PATH="$HOME/bin:$PATH"\nfi\n',
        SHELL,
    ),
    "xsession-like": (
        'if [ -r "$USERXSESSIONRC" ]; then\n  . "$USERXSESSIONRC"\nfi\n',
        SHELL,
    ),
    "functions": ('mkcd() {\n  mkdir -p "$1" && cd "$1"\n}\n', SHELL),
    "zsh-function": ("setopt localoptions extendedglob\nlocal f\nfor f in *(N); do\ndone\n", SHELL),
    "dotenv": ("# keys\nANTHROPIC_API_KEY=placeholder\nDEBUG=1\n", DOTENV),
    "powershell": ("$env:ANTHROPIC_API_KEY = 'placeholder'\n", PS),
    "fish": ("set -gx ANTHROPIC_API_KEY placeholder\n", FISH),
    "bash-shebang": ("#!/bin/bash\necho hi\n", SHELL),
    "sh-shebang": ("#!/bin/sh\n", SHELL),
    "zsh-shebang": ("#!/usr/bin/env zsh\nprint hi\n", SHELL),
    "pwsh-shebang": ("#!/usr/bin/env pwsh\nWrite-Host hi\n", PS),
    "fish-shebang": ("#!/usr/bin/env -S fish -l\necho hi\n", FISH),
    "python-shebang": ("#!/usr/bin/env python3\nimport anthropic\n", FileKind.PYTHON),
    "node-shebang": ("#!/usr/bin/env node\nconsole.log(1)\n", FileKind.JAVASCRIPT),
    "bom-shebang": ("\ufeff#!/bin/bash\nexport K=v\n", SHELL),
}


@pytest.mark.parametrize("text", list(NOT_OURS.values()), ids=list(NOT_OURS))
def test_files_that_are_not_ours_are_not_read(text: str, tmp_path: Path) -> None:
    assert kind_from_content(text) is None
    path = tmp_path / "config"  # a name that says nothing
    path.write_text(text, encoding="utf-8")
    assert detect_kind(path, text) is None
    assert list(discover([path])) == []  # named on the command line, still skipped


@pytest.mark.parametrize(("text", "kind"), list(OURS.values()), ids=list(OURS))
def test_files_that_are_ours_are_read(text: str, kind: FileKind, tmp_path: Path) -> None:
    assert kind_from_content(text) is kind
    path = tmp_path / "extra"
    path.write_text(text, encoding="utf-8")
    assert [t.kind for t in discover([path])] == [kind]


def _binary_samples(tmp_path: Path) -> dict[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(".env", f"ANTHROPIC_API_KEY={api_key()}\n")
    return {
        "zip": buffer.getvalue(),
        "gzip": gzip.compress(KEY_LINE.encode() * 20),
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "utf16": KEY_LINE.encode("utf-16-le"),  # NUL bytes: not text we read
    }


def test_binary_files_are_not_read(tmp_path: Path) -> None:
    for name, data in _binary_samples(tmp_path).items():
        text = data.decode("utf-8", "replace")
        assert looks_binary(text), name
        assert kind_from_content(text) is None, name
        path = tmp_path / name
        path.write_bytes(data)
        assert detect_kind(path, text) is None, name
        assert list(discover([path])) == [], name
    # A script named *.sh that is binary is not read either.
    assert detect_kind(tmp_path / "x.sh", "\x00\x01\x02") is None
    assert not looks_binary("export K=v\n# café, naïve\n")


@pytest.mark.skipif(GIT is None, reason="no git")
def test_real_git_files_are_not_read(tmp_path: Path) -> None:
    assert GIT is not None
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(
            [GIT, "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    git("init", "-q")
    git("config", "remote.origin.url", "https://github.com/example/dotfiles.git")
    (repo / ".zshrc").write_text(KEY_LINE)
    git("add", ".zshrc")
    git("commit", "-q", "-m", "dotfiles")
    git("gc", "-q")
    paths = [repo / ".git" / "config", repo / ".git" / "HEAD", repo / ".git" / "index"]
    paths += sorted((repo / ".git" / "objects" / "pack").iterdir())
    assert any(p.suffix == ".pack" for p in paths)
    for path in paths:
        assert list(discover([path])) == [], path.name


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("#!/bin/bash\n", SHELL),
        ("#!/bin/sh -e\n", SHELL),
        ("#!/usr/bin/env zsh\n", SHELL),
        ("#!/usr/bin/env -S bash -eu\n", SHELL),
        ("#! /bin/dash\n", SHELL),
        ("#!/bin/ksh\n", SHELL),
        ("#!/usr/bin/env fish\n", FISH),
        ("#!/usr/bin/pwsh\n", PS),
        ("#!/usr/bin/env pwsh -NoProfile\n", PS),
        ("#!/usr/bin/env python3.12\n", FileKind.PYTHON),
        ("#!/usr/bin/python\n", FileKind.PYTHON),
        ("#!/usr/bin/env node\n", FileKind.JAVASCRIPT),
        ("#!/usr/bin/env -S deno run\n", FileKind.JAVASCRIPT),
        ("#!/usr/bin/perl\n", None),
        ("#!/usr/bin/env ruby\n", None),
        ("export K=v\n", None),
    ],
)
def test_shebang(text: str, kind: FileKind | None) -> None:
    assert kind_from_shebang(text) is kind


@pytest.mark.parametrize("name", ["deploy", "setup.txt", "run.command", "bin/claude-env"])
def test_a_script_with_a_shebang_is_read_whatever_its_name(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env zsh\nprecmd() { vcs_info }\n" + KEY_LINE)
    assert [t.kind for t in discover([path])] == [SHELL]


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_API_KEY=x\nif [ -f ~/.secrets ]; then\n  . ~/.secrets\nfi\n",
        "source ~/.env.local\nANTHROPIC_API_KEY=x\n",
        ". ./common.env\n",
        "ANTHROPIC_API_KEY=$(security find-generic-password -w -s anthropic)\n",
        "ANTHROPIC_API_KEY=`pass show anthropic`\n",
        "function load() { export K=v; }\n",
        "load_env() {\n  export K=v\n}\n",
        "[[ -n $ZSH_VERSION ]] && setopt allexport\n",
        "set -a\nK=v\nset +a\n",
        "alias claude='claude --verbose'\n",
        "unset ANTHROPIC_AUTH_TOKEN\n",
        "for f in ~/.env.d/*; do . $f; done\n",
        "case $HOST in\n  work*) K=1 ;;\nesac\n",
        'command -v direnv >/dev/null && eval "$(direnv hook bash)"\n',
    ],
)
def test_dotenv_named_shell_fragments(text: str) -> None:
    assert looks_like_shell_fragment(text)
    # The name still decides the kind; the helper is for the environment model.
    assert detect_kind(Path(".env"), text) is DOTENV


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_API_KEY=x\n",
        "export ANTHROPIC_API_KEY=x\n",  # python-dotenv accepts `export`
        'ANTHROPIC_API_KEY="x" # copied with `pbpaste`\n',  # backticks in a comment
        "ANTHROPIC_API_KEY='$(not run)'\nDEBUG=1\n",
        "# if you use zsh, then source this from .zshrc\nK=v\n",  # comments are comments
        "K=${OTHER}\nK2=${OTHER:-default}\n",  # python-dotenv interpolates these
        'PRIVATE_KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\n',
        "",
    ],
)
def test_plain_dotenv_files_are_not_fragments(text: str) -> None:
    assert not looks_like_shell_fragment(text)
