"""Sourcing followed: what profiles `source`, on real-shaped dotfiles, with exact spans.

Shapes modelled on public dotfiles: mathiasbynens/dotfiles (`for file in ~/.{path,exports,…}`),
holman/dotfiles (`config_files=($ZSH/**/*.zsh)` filtered with `${(M)…:#*/path.zsh}`),
thoughtbot/dotfiles (`for function in ~/.zsh/functions/*`), oh-my-zsh's template `.zshrc`,
Debian's `/etc/profile` (`for i in /etc/profile.d/*.sh`), direnv's stdlib.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from authlint.core.context import Platform
from authlint.core.environment.render import chain_lines
from authlint.core.environment.sourcing import MAX_DEPTH, source_sites
from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.model.collect import glob_files, system_root_of
from authlint.scanners import kind_from_name, scan
from environment import Setup
from keys import api_key

URL = "ANTHROPIC_BASE_URL"
VAR = "ANTHROPIC_API_KEY"


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def sites(setup: Setup, where: str, kind: FileKind | None = None):
    """[(start line, start char, end line, end char), statement, [targets], note] of a file."""
    path = setup.home / where[2:] if where.startswith("~/") else setup.project / where
    found_kind = kind or kind_from_name(path) or FileKind.SHELL
    file = scan(SourceFile.read(path), found_kind)
    rows = []
    for site in source_sites(path, file, setup.home, glob_files):
        span = site.span
        targets = [
            "~/" + t.relative_to(setup.home).as_posix() if t.is_relative_to(setup.home) else str(t)
            for t in site.targets
        ]
        rows.append(
            (
                (span.start.line, span.start.character, span.end.line, span.end.character),
                site.statement,
                targets,
                site.note,
            )
        )
    return rows


def winner(setup: Setup, context: str, platform: Platform, shell: str, variable: str = URL):
    model = setup.model(platform, shell)
    (ctx,) = model.find_contexts(context)
    found = model.resolve(ctx, variable).winner
    return None if found is None else f"{model.workspace.display(found.path)}:{found.line}"


def touch(setup: Setup, *names: str, text: str = "") -> None:
    for name in names:
        setup.write(name, text)


# --- paths: ~, $HOME, ${HOME}, ${ZDOTDIR:-$HOME}, variables set earlier, tests around -------


def test_paths_and_guards(setup: Setup) -> None:
    touch(setup, "~/dotfiles/exports", "~/.a", "~/.b", "~/.c", "~/.d", "~/.e", "~/.aliases")
    setup.write(
        "~/.zshrc",
        "DOTFILES=~/dotfiles\n"
        "source $DOTFILES/exports\n"
        "[ -f ~/.a ] && . ~/.a\n"
        '[[ -r "$HOME/.b" ]] && source "$HOME/.b"\n'
        "if [ -f ${HOME}/.c ]; then\n"
        "  . ${HOME}/.c\n"
        "fi\n"
        "source ${ZDOTDIR:-$HOME}/.aliases\n"
        "source ~/.missing\n",
    )
    assert sites(setup, "~/.zshrc") == [
        ((1, 0, 1, 24), "source $DOTFILES/exports", ["~/dotfiles/exports"], ""),
        ((2, 15, 2, 21), ". ~/.a", ["~/.a"], ""),
        ((3, 23, 3, 40), 'source "$HOME/.b"', ["~/.b"], ""),
        ((5, 2, 5, 14), ". ${HOME}/.c", ["~/.c"], ""),
        ((7, 0, 7, 33), "source ${ZDOTDIR:-$HOME}/.aliases", ["~/.aliases"], ""),
        ((8, 0, 8, 17), "source ~/.missing", [], ""),
    ]


UNSET = "`$SOMEWHERE` is not set in this file"


def test_computed_paths_are_noted_not_guessed(setup: Setup) -> None:
    setup.write(
        "~/.zshrc",
        "source $(brew --prefix nvm)/nvm.sh\n"
        "source $SOMEWHERE/x.sh\n"
        f"export {URL}=https://proxy.example\n",
    )
    assert sites(setup, "~/.zshrc") == [
        (
            (0, 0, 0, 34),
            "source $(brew --prefix nvm)/nvm.sh",
            [],
            "not followed: `$(brew --prefix nvm)/nvm.sh` is computed when the shell runs",
        ),
        (
            (1, 0, 1, 22),
            "source $SOMEWHERE/x.sh",
            [],
            "not followed: `$SOMEWHERE` is not set in this file",
        ),
    ]
    model = setup.model(Platform.MACOS, "zsh")
    (ctx,) = model.find_contexts("macos-terminal")
    notes = model.resolve(ctx, URL).notes
    assert (
        "~/.zshrc:2: `source $SOMEWHERE/x.sh` not followed: `$SOMEWHERE` is not set in this file"
        in notes
    )


# --- loops over globs ----------------------------------------------------------------------------


def test_bashrc_d_loop_sorted_and_the_last_wins(setup: Setup) -> None:
    setup.write("~/.bashrc.d/20-ai.sh", f"export {URL}=https://second.example\n")
    setup.write("~/.bashrc.d/10-ai.sh", f"export {URL}=https://first.example\n")
    setup.write("~/.bashrc.d/notes.txt", f"export {URL}=https://not-a-match.example\n")
    setup.write(
        "~/.bashrc",
        f'export {URL}=https://rc.example\nfor f in ~/.bashrc.d/*.sh; do\n  . "$f"\ndone\n',
    )
    assert sites(setup, "~/.bashrc") == [
        ((2, 2, 2, 8), '. "$f"', ["~/.bashrc.d/10-ai.sh", "~/.bashrc.d/20-ai.sh"], ""),
    ]
    assert winner(setup, "linux-terminal", Platform.LINUX, "bash") == "~/.bashrc.d/20-ai.sh:1"
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("linux-terminal")
    lines = chain_lines(model.resolve(ctx, URL), model.workspace)
    assert lines[0].split()[1] == "~/.bashrc:1"
    assert lines[-1].endswith("wins (sourced from ~/.bashrc line 3)")


def test_zsh_short_for_and_thoughtbot_functions(setup: Setup) -> None:
    touch(setup, "~/.zsh/b.zsh", "~/.zsh/a.zsh", "~/.zsh/functions/g", "~/.zsh/functions/f")
    setup.write(
        "~/.zshrc",
        "for f (~/.zsh/*.zsh) source $f\n"
        "for function in ~/.zsh/functions/*; do\n"
        "  source $function\n"
        "done\n",
    )
    assert sites(setup, "~/.zshrc") == [
        ((0, 21, 0, 30), "source $f", ["~/.zsh/a.zsh", "~/.zsh/b.zsh"], ""),
        ((2, 2, 2, 18), "source $function", ["~/.zsh/functions/f", "~/.zsh/functions/g"], ""),
    ]


def test_mathiasbynens_brace_expansion(setup: Setup) -> None:
    setup.write("~/.exports", f"export {URL}=https://exports.example\n")
    setup.write("~/.extra", f"export {URL}=https://extra.example\n")
    setup.write(
        "~/.bash_profile",
        "# Load ~/.extra, ~/.bash_prompt, ~/.exports, ~/.aliases and ~/.functions\n"
        "for file in ~/.{path,bash_prompt,exports,aliases,functions,extra}; do\n"
        '\t[ -r "$file" ] && [ -f "$file" ] && source "$file";\n'
        "done;\n"
        "unset file;\n",
    )
    assert sites(setup, "~/.bash_profile") == [
        ((2, 37, 2, 51), 'source "$file"', ["~/.exports", "~/.extra"], ""),
    ]
    # The order is the braces' (extra last), not the alphabet's.
    assert winner(setup, "macos-terminal", Platform.MACOS, "bash") == "~/.extra:1"


def test_holman_config_files_arrays(setup: Setup) -> None:
    setup.write("~/.dotfiles/system/path.zsh", f"export {URL}=https://path.example\n")
    setup.write("~/.dotfiles/ai/env.zsh", f"export {URL}=https://env.example\n")
    touch(setup, "~/.dotfiles/git/completion.zsh", "~/.dotfiles/zsh/aliases.zsh")
    setup.write(
        "~/.zshrc",
        "export ZSH=$HOME/.dotfiles\n"
        "typeset -U config_files\n"
        "config_files=($ZSH/**/*.zsh)\n"
        "\n"
        "# load the path files\n"
        "for file in ${(M)config_files:#*/path.zsh}\n"
        "do\n"
        "  source $file\n"
        "done\n"
        "\n"
        "# load everything but the path and completion files\n"
        "for file in ${${config_files:#*/path.zsh}:#*/completion.zsh}\n"
        "do\n"
        "  source $file\n"
        "done\n",
    )
    assert sites(setup, "~/.zshrc") == [
        ((7, 2, 7, 14), "source $file", ["~/.dotfiles/system/path.zsh"], ""),
        (
            (13, 2, 13, 14),
            "source $file",
            ["~/.dotfiles/ai/env.zsh", "~/.dotfiles/zsh/aliases.zsh"],
            "",
        ),
    ]
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") == "~/.dotfiles/ai/env.zsh:1"


def test_oh_my_zsh_sources_zsh_custom(setup: Setup) -> None:
    touch(setup, "~/.oh-my-zsh/oh-my-zsh.sh", text="# the framework\n")
    setup.write("~/.oh-my-zsh/custom/ai.zsh", f"export {URL}=https://custom.example\n")
    touch(setup, "~/.oh-my-zsh/custom/example.zsh")
    setup.write(
        "~/.zshrc",
        '# Path to your oh-my-zsh installation.\nexport ZSH="$HOME/.oh-my-zsh"\n'
        'ZSH_THEME="robbyrussell"\nplugins=(git)\n\nsource $ZSH/oh-my-zsh.sh\n',
    )
    assert sites(setup, "~/.zshrc") == [
        (
            (5, 0, 5, 24),
            "source $ZSH/oh-my-zsh.sh",
            ["~/.oh-my-zsh/custom/ai.zsh", "~/.oh-my-zsh/custom/example.zsh"],
            "",
        ),
    ]
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") == "~/.oh-my-zsh/custom/ai.zsh:1"
    # ZSH_CUSTOM set elsewhere.
    setup.write("~/.zsh-custom/keys.zsh", f"export {URL}=https://moved.example\n")
    setup.write(
        "~/.zshrc",
        'export ZSH="$HOME/.oh-my-zsh"\nZSH_CUSTOM=~/.zsh-custom\nsource $ZSH/oh-my-zsh.sh\n',
    )
    assert sites(setup, "~/.zshrc")[0][2] == ["~/.zsh-custom/keys.zsh"]


# --- direnv, fish, PowerShell -----------------------------------------------------------------


def test_direnv_stdlib(setup: Setup) -> None:
    setup.write("../.envrc", "export FROM_PARENT=1\n")  # home/work/.envrc
    touch(setup, "config/dev.envrc", ".env", ".env.local", "shared/.envrc")
    setup.write(
        ".envrc",
        "source_up\n"
        "source_env config/dev.envrc\n"
        "source_env_if_exists shared\n"
        "dotenv\n"
        "dotenv_if_exists .env.local\n"
        "source_env_if_exists .envrc.private\n",
    )
    project = setup.project
    assert sites(setup, ".envrc") == [
        ((0, 0, 0, 9), "source_up", ["~/work/.envrc"], ""),
        ((1, 0, 1, 27), "source_env config/dev.envrc", ["~/work/proj/config/dev.envrc"], ""),
        ((2, 0, 2, 27), "source_env_if_exists shared", ["~/work/proj/shared/.envrc"], ""),
        ((3, 0, 3, 6), "dotenv", ["~/work/proj/.env"], ""),
        ((4, 0, 4, 27), "dotenv_if_exists .env.local", ["~/work/proj/.env.local"], ""),
        ((5, 0, 5, 35), "source_env_if_exists .envrc.private", [], ""),
    ]
    model = setup.model(Platform.LINUX, "bash")
    assert project / "config/dev.envrc" in model.workspace.files
    assert model.workspace.files[project / ".env.local"].kind is FileKind.DOTENV


def test_fish_source_and_conf_d(setup: Setup) -> None:
    setup.write("~/.config/fish/secrets.fish", f"set -gx {URL} https://fish-secret.example\n")
    setup.write("~/.config/fish/conf.d/ai.fish", f"set -gx {URL} https://conf-d.example\n")
    setup.write(
        "~/.config/fish/config.fish",
        "if status is-interactive\n    source ~/.config/fish/secrets.fish\nend\n",
    )
    assert sites(setup, "~/.config/fish/config.fish") == [
        (
            (1, 0, 1, 38),
            "source ~/.config/fish/secrets.fish",
            ["~/.config/fish/secrets.fish"],
            "",
        ),
    ]
    # conf.d runs first, then config.fish, which sources the secrets file.
    found = winner(setup, "linux-terminal", Platform.LINUX, "fish")
    assert found == "~/.config/fish/secrets.fish:1"


def test_fish_command_substitution_is_noted(setup: Setup) -> None:
    setup.write("~/.config/fish/config.fish", "source (brew --prefix)/share/x.fish\n")
    why = "not followed: `(brew --prefix)/share/x.fish` is computed when fish runs"
    assert sites(setup, "~/.config/fish/config.fish") == [
        ((0, 0, 0, 35), "source (brew --prefix)/share/x.fish", [], why),
    ]


def test_tools_own_scripts_are_not_followed(setup: Setup) -> None:
    setup.write("~/.nvm/nvm.sh", f"export {URL}=https://nvm.example\n")
    setup.write(
        "~/.bashrc",
        'export NVM_DIR="$HOME/.nvm"\n[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"\n',
    )
    assert sites(setup, "~/.bashrc")[0][2] == ["~/.nvm/nvm.sh"]
    model = setup.model(Platform.LINUX, "bash")
    assert setup.home / ".nvm/nvm.sh" not in model.workspace.files


def test_function_that_sources_its_argument_follows_each_call(setup: Setup) -> None:
    setup.write("~/.localrc", f"export {URL}=https://localrc.example\n")
    setup.write("~/.extra", f"export {VAR}={api_key('extra')}\n")
    setup.write(
        "~/.zshrc",
        "source_if_exists() {\n"
        '  [[ -r "$1" ]] && source "$1"\n'
        "}\n"
        "\n"
        "source_if_exists ~/.localrc\n"
        'source_if_exists "$HOME/.extra"\n'
        "source_if_exists ~/.not-there\n",
    )
    assert sites(setup, "~/.zshrc") == [
        ((1, 19, 1, 30), 'source "$1"', ["~/.localrc", "~/.extra"], ""),
    ]
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") == "~/.localrc:1"
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh", VAR) == "~/.extra:1"


def test_function_with_keyword_and_no_calls(setup: Setup) -> None:
    setup.write("~/.bash_secrets", f"export {URL}=https://bash.example\n")
    setup.write(
        "~/.bashrc",
        'function include {\n    [ -f $1 ] && . $1\n}\nfunction unused() { . "$1"; }\n'
        '[ -n "$PS1" ] && include ~/.bash_secrets\n',
    )
    assert sites(setup, "~/.bashrc") == [
        ((1, 17, 1, 21), ". $1", ["~/.bash_secrets"], ""),
        (
            (3, 20, 3, 26),
            '. "$1"',
            [],
            "not followed: the function that sources its argument is never called",
        ),
    ]


def test_powershell_dot_sourcing(setup: Setup) -> None:
    folder = "~/.config/powershell"
    setup.write(f"{folder}/ai.ps1", f'$env:{URL} = "https://ps-root.example"\n')
    setup.write("~/keys.ps1", f'$env:{URL} = "https://ps-home.example"\n')
    setup.write(
        f"{folder}/Microsoft.PowerShell_profile.ps1",
        '. "$PSScriptRoot\\ai.ps1"\n. $HOME\\keys.ps1\n',
    )
    assert sites(setup, f"{folder}/Microsoft.PowerShell_profile.ps1") == [
        ((0, 0, 0, 24), '. "$PSScriptRoot\\ai.ps1"', [f"{folder}/ai.ps1"], ""),
        ((1, 0, 1, 16), ". $HOME\\keys.ps1", ["~/keys.ps1"], ""),
    ]
    assert winner(setup, "linux-terminal", Platform.LINUX, "pwsh") == "~/keys.ps1:1"


def test_powershell_join_path_userprofile_and_variables(setup: Setup) -> None:
    folder = "~/.config/powershell"
    setup.write(f"{folder}/Scripts/ai.ps1", f'$env:{URL} = "https://join.example"\n')
    setup.write("~/secrets/keys.ps1", f'$env:{VAR} = "{api_key("pwsh")}"\n')
    setup.write("~/.config/pwsh/local.ps1", f'$env:{URL} = "https://userprofile.example"\n')
    setup.write(
        f"{folder}/Microsoft.PowerShell_profile.ps1",
        ". (Join-Path $PSScriptRoot 'Scripts\\ai.ps1')\n"
        '$Secrets = Join-Path -Path $HOME -ChildPath "secrets"\n'
        '. "$secrets\\keys.ps1"\n'
        "if (Test-Path $env:USERPROFILE\\.config\\pwsh\\local.ps1) "
        "{ . $env:USERPROFILE\\.config\\pwsh\\local.ps1 }\n"
        ". (Join-Path (Split-Path $PROFILE) 'Scripts\\ai.ps1')\n",
    )
    found = sites(setup, f"{folder}/Microsoft.PowerShell_profile.ps1")
    assert [(s[0], s[2], s[3]) for s in found] == [
        ((0, 0, 0, 44), [f"{folder}/Scripts/ai.ps1"], ""),
        ((2, 0, 2, 21), ["~/secrets/keys.ps1"], ""),
        ((3, 56, 3, 99), ["~/.config/pwsh/local.ps1"], ""),
        ((4, 0, 4, 52), [f"{folder}/Scripts/ai.ps1"], ""),
    ]
    assert winner(setup, "linux-terminal", Platform.LINUX, "pwsh", VAR) == "~/secrets/keys.ps1:1"


def test_powershell_loops_over_a_folder(setup: Setup) -> None:
    folder = "~/.config/powershell"
    setup.write(f"{folder}/conf.d/10-ai.ps1", f'$env:{URL} = "https://loop.example"\n')
    setup.write(f"{folder}/conf.d/README.md", "not a script\n")
    setup.write(f"{folder}/more/20-keys.ps1", f'$env:{VAR} = "{api_key("loop")}"\n')
    setup.write(
        f"{folder}/Microsoft.PowerShell_profile.ps1",
        'foreach ($file in Get-ChildItem "$PSScriptRoot\\conf.d" -Filter *.ps1) {\n'
        "    . $file.FullName\n"
        "}\n"
        'Get-ChildItem "$PSScriptRoot\\more\\*.ps1" | ForEach-Object { . $_.FullName }\n',
    )
    found = sites(setup, f"{folder}/Microsoft.PowerShell_profile.ps1")
    assert [(s[2], s[3]) for s in found] == [
        ([f"{folder}/conf.d/10-ai.ps1"], ""),
        ([f"{folder}/more/20-keys.ps1"], ""),
    ]
    assert winner(setup, "linux-terminal", Platform.LINUX, "pwsh") == f"{folder}/conf.d/10-ai.ps1:1"


def test_powershell_computed_paths_are_noted(setup: Setup) -> None:
    folder = "~/.config/powershell"
    setup.write(
        f"{folder}/Microsoft.PowerShell_profile.ps1",
        ". (Get-Secrets -Vault work)\n. $UnknownFolder\\x.ps1\n"
        "$script:Vault = Get-VaultPath\n. $script:Vault\n",
    )
    found = sites(setup, f"{folder}/Microsoft.PowerShell_profile.ps1")
    assert [(s[2], s[3]) for s in found] == [
        ([], "not followed: `(Get-Secrets -Vault work)` is computed when PowerShell runs"),
        ([], "not followed: `$UnknownFolder` is not set before this line"),
        ([], "not followed: `$script:Vault` is computed when PowerShell runs"),
    ]


def test_powershell_script_scope_and_guarded_script_root(setup: Setup) -> None:
    # The shape of a widely shared profile: a custom profile beside it, found through
    # script-scope variables and a guarded $PSScriptRoot.
    folder = "~/.config/powershell"
    setup.write(f"{folder}/custom.ps1", f'$env:{URL} = "https://custom.example"\n')
    setup.write(
        f"{folder}/Microsoft.PowerShell_profile.ps1",
        "$script:ProfileRoot = if ($PSScriptRoot) { $PSScriptRoot } else "
        "{ Split-Path -Path $PROFILE.CurrentUserCurrentHost -Parent }\n"
        "$script:CustomProfile = Join-Path -Path $script:ProfileRoot -ChildPath 'custom.ps1'\n"
        "\n"
        "if (Test-Path -Path $script:CustomProfile -PathType Leaf) {\n"
        "    . $script:CustomProfile\n"
        "}\n",
    )
    found = sites(setup, f"{folder}/Microsoft.PowerShell_profile.ps1")
    assert [(s[0], s[2], s[3]) for s in found] == [
        ((4, 0, 4, 27), [f"{folder}/custom.ps1"], ""),
    ]
    assert winner(setup, "linux-terminal", Platform.LINUX, "pwsh") == f"{folder}/custom.ps1:1"


# --- ZDOTDIR, system files --------------------------------------------------------------------


def test_zdotdir_moves_zsh_files(setup: Setup) -> None:
    setup.write("~/.zshenv", 'export ZDOTDIR="$HOME/.config/zsh"\n')
    setup.write(
        "~/.config/zsh/.zshrc", f"export {URL}=https://zdotdir.example\nsource $ZDOTDIR/ai.zsh\n"
    )
    setup.write("~/.config/zsh/ai.zsh", f"export {VAR}={api_key('zdot')}\n")
    setup.write("~/.zshrc", f"export {URL}=https://ignored.example\n")
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") == "~/.config/zsh/.zshrc:1"
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh", VAR) == "~/.config/zsh/ai.zsh:1"
    model = setup.model(Platform.MACOS, "zsh")
    (ctx,) = model.find_contexts("macos-terminal")
    resolution = model.resolve(ctx, URL)
    (unread,) = [s for s in resolution.steps if s.definition.path == setup.home / ".zshrc"]
    assert unread.reason == (
        "~/.zshenv sets ZDOTDIR=~/.config/zsh, so zsh reads ~/.config/zsh/.zshrc instead"
    )


def system(setup: Setup) -> Path:
    root = setup.base / "sysroot"
    (root / "etc/profile.d").mkdir(parents=True)
    (root / "etc/profile").write_text(
        "if [ -d /etc/profile.d ]; then\n"
        "  for i in /etc/profile.d/*.sh; do\n"
        "    if [ -r $i ]; then\n"
        "      . $i\n    fi\n  done\n  unset i\nfi\n",
        encoding="utf-8",
    )
    (root / "etc/profile.d/ai.sh").write_text(
        f"export {URL}=https://etc.example\n", encoding="utf-8"
    )
    (root / "etc/environment").write_text(f'{VAR}="{api_key("etc")}"\n', encoding="utf-8")
    (root / "etc/zshenv").write_text(f"export {URL}=https://etc-zshenv.example\n", encoding="utf-8")
    return root


def test_system_files_under_a_system_root(setup: Setup) -> None:
    root = system(setup)
    # Debian's /etc/profile names /etc/profile.d: read under the root.
    setup.write("~/.profile", "# nothing\n")
    model = setup.model(Platform.LINUX, "bash", system_root=root)
    (login,) = model.find_contexts("login-non-interactive-shell")
    assert model.resolve(login, URL).winner.path == root / "etc/profile.d/ai.sh"
    assert model.workspace.display(root / "etc/profile.d/ai.sh") == "/etc/profile.d/ai.sh"
    (tab,) = model.find_contexts("linux-terminal")
    assert model.resolve(tab, URL).winner is None  # a non-login bash does not read /etc/profile
    assert model.resolve(tab, VAR).winner.path == root / "etc/environment"  # pam_env, every session
    # zsh: /etc/zshenv before ~/.zshenv.
    setup.write("~/.zshenv", f"export {URL}=https://home-zshenv.example\n")
    zsh = setup.model(Platform.MACOS, "zsh", system_root=root)
    (mac,) = zsh.find_contexts("macos-terminal")
    steps = zsh.resolve(mac, URL).steps
    assert [zsh.workspace.display(s.definition.path) for s in steps] == ["/etc/zshenv", "~/.zshenv"]
    # Without a system root, none.
    assert setup.model(Platform.LINUX, "bash").resolve(tab, VAR).winner is None


def test_system_root_choice(tmp_path: Path) -> None:
    own = Path.home()
    current = Platform.current()
    assert system_root_of(current, tmp_path) is None  # another home: none
    assert system_root_of(current, tmp_path, tmp_path / "root") == tmp_path / "root"
    assert system_root_of(current, tmp_path, environ={"AUTHLINT_SYSTEM_ROOT": "/x"}) == Path("/x")
    if current is not Platform.WINDOWS:
        assert system_root_of(current, own) == Path("/")


# --- bounds ------------------------------------------------------------------------------------


def test_cycles_depth_and_outside_the_home(setup: Setup, tmp_path: Path) -> None:
    setup.write("~/.bashrc", f"source ~/.a\nexport {URL}=https://rc.example\n")
    setup.write("~/.a", "source ~/.bashrc\nsource ~/.b\n")  # a cycle
    chain = [f"~/.c{n}" for n in range(MAX_DEPTH + 3)]
    setup.write("~/.b", f"source {chain[0]}\n")
    for here, there in zip(chain, chain[1:], strict=False):
        setup.write(here, f"source {there}\n")
    setup.write(chain[-1], f"export {URL}=https://too-deep.example\n")
    outside = tmp_path / "elsewhere.sh"
    outside.write_text(f"export {URL}=https://outside.example\n", encoding="utf-8")
    setup.write("~/.c0", f"source {outside}\nsource {chain[1]}\n")
    model = setup.model(Platform.LINUX, "bash")
    files = model.workspace.files
    assert outside not in files
    assert setup.home / chain[-1][2:] not in files
    assert winner(setup, "linux-terminal", Platform.LINUX, "bash") == "~/.bashrc:2"
    notes = [why for _, _, why in model.workspace.source_notes]
    assert f"{outside} is outside the home folder and the project (left out)" in notes
    assert any("sourcing is followed 5 levels deep at most" in n for n in notes)


# --- checked too ------------------------------------------------------------------------------


def test_sourced_fragments_are_checked(setup: Setup) -> None:
    setup.write("~/.bashrc", 'for f in ~/.bashrc.d/*.sh; do . "$f"; done\n')
    setup.write("~/.bashrc.d/ai.sh", f"export {URL} = https://slip.example\n")
    setup.project.mkdir(parents=True, exist_ok=True)
    (setup.project / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    command = [
        shutil.which("authlint") or str(Path(os.sys.executable).parent / "authlint"),
        "check",
        str(setup.project),
        "--home",
        str(setup.home),
        "--platform",
        "linux",
        "--format",
        "json",
        "--exit-zero",
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "server")}
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    assert "bashrc.d/ai.sh" in out


def test_chezmoi_templates_are_profiles(setup: Setup) -> None:
    path = setup.write(
        "dotfiles/dot_zshrc.tmpl",
        '{{ if eq .chezmoi.os "darwin" -}}\n'
        f"export {URL}=https://{{{{ .host }}}}\n"
        "{{ end -}}\n"
        f"export {VAR} = {api_key('tmpl')}\n",
    )
    assert kind_from_name(path) is FileKind.SHELL
    assert kind_from_name(path.with_name("private_dot_bashrc.tmpl")) is FileKind.SHELL
    assert kind_from_name(path.with_name("dot_gitconfig.tmpl")) is None
    file = scan(SourceFile.read(path), FileKind.SHELL)
    assert [a.name for a in file.assignments] == []  # the slip `NAME = v` is not an assignment
    assert file.source.text == path.read_text(encoding="utf-8")  # the real text is kept


def test_chezmoi_template_actions_over_several_lines_are_blanked(setup: Setup) -> None:
    text = (
        '{{- $key := (onepasswordRead\n    "op://Private/Anthropic/credential") -}}\n'
        "{{- /* written by chezmoi;\n   ANTHROPIC_API_KEY = see 1Password */ -}}\n"
        "export ANTHROPIC_API_KEY={{ $key }}\n"
        f"export {URL}=https://gateway.example\n"
    )
    path = setup.write("dotfiles/dot_zshrc.tmpl", text)
    file = scan(SourceFile.read(path), FileKind.SHELL)
    # Only the literal line is the profile's: no `NAME = value` slip from the comment, no
    # `op://` reference from the action, no empty key from the line holding `{{ $key }}`.
    assert [(a.name, a.value, a.name_span.start.line) for a in file.assignments] == [
        (URL, "https://gateway.example", 5)
    ]
    assert file.slips == []


# --- a real shell agrees ----------------------------------------------------------------------

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")


def _real(shell: str, home: Path, *args: str) -> str:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TERM": "dumb"}
    script = f'printf %s "${URL}"'
    done = subprocess.run(
        [shell, *args, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=20,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_real_bash_agrees_on_a_sourced_loop(setup: Setup) -> None:
    setup.write("~/.bashrc.d/10-a.sh", f"export {URL}=https://first.example\n")
    setup.write("~/.bashrc.d/20-b.sh", f"export {URL}=https://second.example\n")
    setup.write("~/.extra", f"export {URL}=https://extra.example\n")
    setup.write(
        "~/.bashrc",
        'for f in ~/.bashrc.d/*.sh; do\n  [ -r "$f" ] && . "$f"\ndone\n'
        'for file in ~/.{path,extra}; do [ -r "$file" ] && source "$file"; done\n',
    )
    assert BASH is not None
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("linux-terminal")
    predicted = model.resolve(ctx, URL).value
    assert predicted == _real(BASH, setup.home, "-i") == "https://extra.example"


@pytest.mark.skipif(ZSH is None, reason="zsh is not installed")
def test_real_zsh_agrees_on_zdotdir_and_a_short_for(setup: Setup) -> None:
    setup.write("~/.zshenv", "export ZDOTDIR=~/.config/zsh\n")
    setup.write("~/.config/zsh/conf/a.zsh", f"export {URL}=https://a.example\n")
    setup.write("~/.config/zsh/conf/b.zsh", f"export {URL}=https://b.example\n")
    setup.write("~/.config/zsh/.zshrc", "for f ($ZDOTDIR/conf/*.zsh) source $f\n")
    setup.write("~/.zshrc", f"export {URL}=https://home.example\n")
    assert ZSH is not None
    model = setup.model(Platform.LINUX, "zsh")
    (ctx,) = model.find_contexts("linux-terminal")
    predicted = model.resolve(ctx, URL).value
    assert predicted == _real(ZSH, setup.home, "-i") == "https://b.example"


def test_a_sourced_file_a_context_never_reads_is_listed_with_the_reason(setup: Setup) -> None:
    setup.write("~/.bash_profile", "export PATH=$HOME/bin:$PATH\n")
    setup.write("~/.bashrc", 'for f in ~/.bashrc.d/*.sh; do . "$f"; done\n')
    setup.write("~/.bashrc.d/ai.sh", f"export {URL}=https://rc-d.example\n")
    model = setup.model(Platform.MACOS, "bash")
    (ctx,) = model.find_contexts("macos-terminal")
    resolution = model.resolve(ctx, URL)
    assert resolution.winner is None
    (step,) = resolution.steps
    why = "sourced from ~/.bashrc line 1, which login interactive bash does not read"
    assert step.reason == why
    assert chain_lines(resolution, model.workspace)[0].startswith("  · ~/.bashrc.d/ai.sh:1")
