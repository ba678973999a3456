"""The scenario table for the environment model against real shells and loaders (issues 4 and 6).

Each :class:`ModelScenario` is a scratch HOME plus a project and, for some
launch contexts, the value a real client gets there. Files are keyed
``~/NAME`` (the home folder) or by their path in the project. ``<<NAME>>``
in a file is a distinct valid-shaped key built at run time (``<<EMPTY>>`` is
the empty string); each placeholder is written once, so the value a client
prints names the one definition it came from.

``expect`` maps a context name to the placeholder the real client gets
(``None``: the variable is not in its environment):

- ``linux-terminal`` — ``<shell> -ic`` (the model on Linux);
- ``macos-terminal`` — ``<shell> -lic`` (the model on macOS);
- ``non-interactive-shell`` — ``<shell> -c``;
- ``python:app/main.py``, ``node:app.js``, ``node:--env-file=.env`` — the
  program run in the project with the environment of the ``platform``'s
  terminal (``-ic`` on Linux, ``-lic`` on macOS).

A scenario whose model prediction disagrees with the real client carries the
disagreement in ``model_bug``; the test marks those cases strict xfail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"<<(\w+)>>")
EMPTY = "EMPTY"

TERMINAL_FLAGS = {"linux-terminal": "-ic", "macos-terminal": "-lic", "non-interactive-shell": "-c"}

PYPROJECT = '[project]\nname = "app"\nversion = "0"\n'
PACKAGE_JSON = '{"name": "app", "private": true}\n'
LOAD_DOTENV = "from dotenv import load_dotenv\n\nload_dotenv()\n"
LOAD_DOTENV_OVERRIDE = "from dotenv import load_dotenv\n\nload_dotenv(override=True)\n"
NODE_DOTENV = "require('dotenv').config({ quiet: true });\n"
NODE_DOTENV_OVERRIDE = "require('dotenv').config({ quiet: true, override: true });\n"
PLAIN_NODE = "// reads process.env only\n"

EXPORT = "export ANTHROPIC_API_KEY={}\n"
ASSIGN = "ANTHROPIC_API_KEY={}\n"
SOURCE_BASHRC_AND = "[ -f ~/.bashrc ] && . ~/.bashrc\n"
SOURCE_BASHRC_IF = "if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\nfi\n"
# Debian's /etc/skel/.profile and the top of its .bashrc, shortened.
DEBIAN_PROFILE = (
    'if [ -n "$BASH_VERSION" ]; then\n'
    '    if [ -f "$HOME/.bashrc" ]; then\n'
    '        . "$HOME/.bashrc"\n'
    "    fi\n"
    "fi\n"
)
DEBIAN_BASHRC_TOP = "case $- in\n    *i*) ;;\n      *) return;;\nesac\n"


def export(label: str) -> str:
    """``export ANTHROPIC_API_KEY=<<label>>``, one line."""
    return EXPORT.format(f"<<{label}>>")


def assign(label: str) -> str:
    """``ANTHROPIC_API_KEY=<<label>>`` (no ``export``), one line."""
    return ASSIGN.format(f"<<{label}>>")


@dataclass(frozen=True)
class ModelScenario:
    """Files, the user's shell, and the value each context's real client gets."""

    id: str
    shell: str  # "bash" or "zsh": the model's login shell and the binary that runs
    files: Mapping[str, str]
    expect: Mapping[str, str | None]
    platform: str = "linux"  # the terminal programs start from: "linux" (-ic) or "macos" (-lic)
    model_bug: Mapping[str, str] | None = None  # context -> how the model disagrees
    note: str = ""

    def labels(self) -> list[str]:
        """Every placeholder name in the files (each appears once)."""
        return [m.group(1) for text in self.files.values() for m in PLACEHOLDER.finditer(text)]

    def location(self, label: str) -> tuple[str, int]:
        """``(display path, 1-based line)`` of the one definition holding ``<<label>>``."""
        for name, text in self.files.items():
            for number, line in enumerate(text.splitlines(), 1):
                if f"<<{label}>>" in line:
                    return name, number
        raise KeyError(label)


def _python(
    id: str, shell: str, files: Mapping[str, str], expect: Mapping[str, str | None], **kw: str
) -> ModelScenario:
    return ModelScenario(id, shell, {"pyproject.toml": PYPROJECT, **files}, expect, **kw)


def _node(
    id: str, shell: str, files: Mapping[str, str], expect: Mapping[str, str | None], **kw: str
) -> ModelScenario:
    return ModelScenario(id, shell, {"package.json": PACKAGE_JSON, **files}, expect, **kw)


def _env_file_package(*flags: str) -> str:
    command = " ".join(["node", *(f"--env-file={f}" for f in flags), "server.js"])
    return json.dumps({"name": "app", "private": True, "scripts": {"start": command}}) + "\n"


SHELL_SCENARIOS: tuple[ModelScenario, ...] = (
    # --- bash ------------------------------------------------------------------------------
    ModelScenario(
        "bash-key-only-in-bashrc",
        "bash",
        {"~/.bashrc": export("A")},
        {"linux-terminal": "A", "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-key-only-in-profile",
        "bash",
        {"~/.profile": export("A")},
        {"linux-terminal": None, "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-profile-hidden-by-bash-profile",
        "bash",
        {"~/.bash_profile": 'export PATH="$HOME/bin:$PATH"\n', "~/.profile": export("A")},
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-profile-sources-bashrc-and-form",
        "bash",
        {"~/.bash_profile": SOURCE_BASHRC_AND, "~/.bashrc": export("A")},
        {"linux-terminal": "A", "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-profile-sources-bashrc-if-form",
        "bash",
        {"~/.bash_profile": SOURCE_BASHRC_IF, "~/.bashrc": export("A")},
        {"linux-terminal": "A", "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-bash-profile-before-sourced-bashrc",
        "bash",
        {"~/.bash_profile": SOURCE_BASHRC_AND + export("LOGIN"), "~/.bashrc": export("RC")},
        {"linux-terminal": "RC", "macos-terminal": "LOGIN", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-debian-profile-sources-bashrc",
        "bash",
        {"~/.profile": DEBIAN_PROFILE, "~/.bashrc": DEBIAN_BASHRC_TOP + export("A")},
        {"linux-terminal": "A", "macos-terminal": "A", "non-interactive-shell": None},
        note='Debian\'s skeleton: `. "$HOME/.bashrc"` inside `if`, .bashrc returns early '
        "when not interactive (both -ic and -lic are interactive).",
    ),
    ModelScenario(
        "bash-profile-sources-secrets",
        "bash",
        {"~/.profile": ". ~/.secrets\n", "~/.secrets": export("A")},
        {"linux-terminal": None, "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-bashrc-sources-secrets",
        "bash",
        {"~/.bashrc": "[ -f ~/.secrets ] && source ~/.secrets\n", "~/.secrets": export("A")},
        {"linux-terminal": "A", "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-later-export-wins",
        "bash",
        {"~/.bashrc": export("OLD") + "alias ll='ls -l'\n" + export("NEW")},
        {"linux-terminal": "NEW", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-not-exported-in-bashrc",
        "bash",
        {"~/.bashrc": assign("A")},
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-reassigned-without-export-same-file",
        "bash",
        {"~/.bashrc": export("OLD") + assign("NEW")},
        {"linux-terminal": "NEW", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-reassigned-without-export-in-sourced-bashrc",
        "bash",
        {"~/.bash_profile": export("OLD") + SOURCE_BASHRC_AND, "~/.bashrc": assign("NEW")},
        {"linux-terminal": None, "macos-terminal": "NEW", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-quoted-exports-and-comment",
        "bash",
        {
            "~/.profile": 'export ANTHROPIC_API_KEY="<<LOGIN>>"  # work\n',
            "~/.bashrc": "export ANTHROPIC_API_KEY='<<RC>>'\n",
        },
        {"linux-terminal": "RC", "macos-terminal": "LOGIN", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-allexport-around-assignment",
        "bash",
        {"~/.bashrc": "set -a\n" + assign("A") + "set +a\n"},
        {"linux-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-allexport-around-sourced-secrets",
        "bash",
        {"~/.bashrc": "set -a\n. ~/.secrets\nset +a\n", "~/.secrets": assign("A")},
        {"linux-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "bash-unset-in-bashrc-after-profile",
        "bash",
        {
            "~/.bash_profile": export("A") + SOURCE_BASHRC_AND,
            "~/.bashrc": "unset ANTHROPIC_API_KEY\n",
        },
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": None},
    ),
    # --- zsh -------------------------------------------------------------------------------
    ModelScenario(
        "zsh-zshenv-vs-zshrc",
        "zsh",
        {"~/.zshenv": export("ENV"), "~/.zshrc": export("RC")},
        {"linux-terminal": "RC", "macos-terminal": "RC", "non-interactive-shell": "ENV"},
    ),
    ModelScenario(
        "zsh-zprofile-and-zshrc",
        "zsh",
        {"~/.zprofile": export("PROFILE"), "~/.zshrc": export("RC")},
        {"linux-terminal": "RC", "macos-terminal": "RC", "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-key-only-in-zprofile",
        "zsh",
        {"~/.zprofile": export("A")},
        {"linux-terminal": None, "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-zlogin-after-zshrc",
        "zsh",
        {"~/.zshrc": export("RC"), "~/.zlogin": export("LOGIN")},
        {"linux-terminal": "RC", "macos-terminal": "LOGIN", "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-unset-in-zshrc-after-zshenv",
        "zsh",
        {"~/.zshenv": export("A"), "~/.zshrc": "unset ANTHROPIC_API_KEY\n"},
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": "A"},
    ),
    ModelScenario(
        "zsh-does-not-read-profile",
        "zsh",
        {"~/.profile": export("A"), "~/.bashrc": export("B")},
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-zshrc-sources-secrets",
        "zsh",
        {"~/.zshrc": "source ~/.secrets\n", "~/.secrets": export("A")},
        {"linux-terminal": "A", "macos-terminal": "A", "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-not-exported-in-zshrc",
        "zsh",
        {"~/.zshrc": assign("A")},
        {"linux-terminal": None, "macos-terminal": None, "non-interactive-shell": None},
    ),
    ModelScenario(
        "zsh-reassigned-without-export",
        "zsh",
        {"~/.zshenv": export("OLD"), "~/.zshrc": assign("NEW")},
        {"linux-terminal": "NEW", "macos-terminal": "NEW", "non-interactive-shell": "OLD"},
    ),
)

PY = "python:app/main.py"


PYTHON_SCENARIOS: tuple[ModelScenario, ...] = (
    _python(
        "python-stale-bashrc-beats-dotenv",
        "bash",
        {
            "~/.bashrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "STALE", "linux-terminal": "STALE"},
        note="Issue 6 'Must show' (Linux): load_dotenv() keeps the stale shell key.",
    ),
    _python(
        "python-override-true-takes-dotenv-over-bashrc",
        "bash",
        {
            "~/.bashrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV_OVERRIDE,
        },
        {PY: "FRESH"},
    ),
    _python(
        "python-stale-zshrc-beats-dotenv-macos",
        "zsh",
        {
            "~/.zshrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "STALE", "macos-terminal": "STALE"},
        platform="macos",
        note="Issue 6 'Must show' (macOS, zsh -lic).",
    ),
    _python(
        "python-override-true-takes-dotenv-over-zshrc-macos",
        "zsh",
        {
            "~/.zshrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV_OVERRIDE,
        },
        {PY: "FRESH"},
        platform="macos",
    ),
    _python(
        "python-stale-zshrc-beats-dotenv-linux",
        "zsh",
        {
            "~/.zshrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "STALE"},
    ),
    _python(
        "python-profile-key-not-in-linux-terminal",
        "bash",
        {
            "~/.profile": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "FRESH", "linux-terminal": None},
    ),
    _python(
        "python-not-exported-shell-key-does-not-block",
        "bash",
        {
            "~/.bashrc": assign("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "FRESH"},
    ),
    _python(
        "python-empty-shell-export-blocks-dotenv",
        "bash",
        {
            "~/.bashrc": export(EMPTY),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: EMPTY},
    ),
    _python(
        "python-unset-in-shell-lets-dotenv-in",
        "zsh",
        {
            "~/.zshenv": export("STALE"),
            "~/.zshrc": "unset ANTHROPIC_API_KEY\n",
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "FRESH"},
    ),
    _python(
        "python-dotenv-next-to-script-first",
        "bash",
        {
            ".env": "ANTHROPIC_API_KEY=<<ROOT>>\n",
            "app/.env": "ANTHROPIC_API_KEY=<<NEAR>>\n",
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "NEAR"},
    ),
    _python(
        "python-dotenv-in-project-root",
        "bash",
        {".env": "ANTHROPIC_API_KEY=<<ROOT>>\n", "app/main.py": LOAD_DOTENV},
        {PY: "ROOT"},
    ),
    _python(
        "python-dotenv-export-prefix-and-quotes",
        "zsh",
        {
            ".env": '# keys\nexport ANTHROPIC_API_KEY="<<QUOTED>>"  # comment\n',
            "app/main.py": LOAD_DOTENV,
        },
        {PY: "QUOTED"},
    ),
    _python(
        "python-dotenv-duplicate-last-wins",
        "bash",
        {
            ".env": "ANTHROPIC_API_KEY=<<FIRST>>\nANTHROPIC_API_KEY=<<LAST>>\n",
            "app/main.py": LOAD_DOTENV_OVERRIDE,
        },
        {PY: "LAST"},
    ),
    ModelScenario(
        "python-dotenv-in-root-of-unmarked-folder",
        "bash",
        {".env": "ANTHROPIC_API_KEY=<<ROOT>>\n", "app/main.py": LOAD_DOTENV},
        {PY: "ROOT"},
        note="No pyproject.toml, package.json or .git: python-dotenv still walks up from app/.",
    ),
)

NODE_SCENARIOS: tuple[ModelScenario, ...] = (
    _node(
        "node-dotenv-config-keeps-stale-bashrc",
        "bash",
        {
            "~/.bashrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app.js": NODE_DOTENV,
        },
        {"node:app.js": "STALE"},
    ),
    _node(
        "node-dotenv-config-override-true",
        "bash",
        {
            "~/.bashrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app.js": NODE_DOTENV_OVERRIDE,
        },
        {"node:app.js": "FRESH"},
    ),
    _node(
        "node-dotenv-config-without-shell-key",
        "zsh",
        {
            "~/.zprofile": export("LOGIN"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "app.js": NODE_DOTENV,
        },
        {"node:app.js": "FRESH"},
    ),
    ModelScenario(
        "node-env-file-keeps-stale-bashrc",
        "bash",
        {
            "package.json": _env_file_package(".env"),
            "~/.bashrc": export("STALE"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "server.js": PLAIN_NODE,
        },
        {"node:--env-file=.env": "STALE"},
    ),
    ModelScenario(
        "node-env-file-without-shell-key",
        "zsh",
        {
            "package.json": _env_file_package(".env"),
            "~/.zshrc": assign("LOCAL"),
            ".env": "ANTHROPIC_API_KEY=<<FRESH>>\n",
            "server.js": PLAIN_NODE,
        },
        {"node:--env-file=.env": "FRESH"},
        platform="macos",
    ),
    ModelScenario(
        "node-env-file-later-file-wins",
        "bash",
        {
            "package.json": _env_file_package(".env", ".env.local"),
            ".env": "ANTHROPIC_API_KEY=<<SHARED>>\n",
            ".env.local": "ANTHROPIC_API_KEY=<<LOCAL>>\n",
            "server.js": PLAIN_NODE,
        },
        {"node:--env-file=.env --env-file=.env.local": "LOCAL"},
    ),
)

SCENARIOS = SHELL_SCENARIOS + PYTHON_SCENARIOS + NODE_SCENARIOS
