"""AL711 terminal-env-differs-from-profile: a terminal env value against the user's profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from keys import api_key

OLD, NEW = api_key("terminal-old"), api_key("terminal-new")
USER_LINUX = "home/.config/Code/User/settings.json"


def settings(value: str) -> str:
    return (
        "{\n"
        "  // keys for the integrated terminal\n"
        '  "editor.fontSize": 13,\n'
        '  "terminal.integrated.env.linux": {\n'
        f'    "ANTHROPIC_API_KEY": "{value}",\n'
        "  },\n"
        "}\n"
    )


def write_profile(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / "home" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_reports_a_different_value_with_the_profile_as_related(check_text, tmp_path) -> None:
    write_profile(
        tmp_path, ".zshrc", f'export PATH="$HOME/bin:$PATH"\nexport ANTHROPIC_API_KEY="{NEW}"\n'
    )
    findings = check_text(USER_LINUX, settings(OLD), select="AL711")
    assert [(f.code, f.span.start.line + 1) for f in findings] == [("AL711", 5)]
    (finding,) = findings
    assert "~/.zshrc:2" in finding.message
    assert OLD not in finding.message and NEW not in finding.message
    (related,) = finding.related
    assert related.path == tmp_path / "home" / ".zshrc" and related.span.start.line == 1


@pytest.mark.parametrize(
    ("profile", "text"),
    [
        (".zshrc", f'export ANTHROPIC_API_KEY="{OLD}"\n'),  # the same value: one source of truth
        (".zshrc", f"ANTHROPIC_API_KEY={NEW}\n"),  # not exported: never reaches a program
        (".zshrc", f'if true; then export ANTHROPIC_API_KEY="{NEW}"; fi\n'),  # conditional
        (".zshrc", 'export ANTHROPIC_API_KEY="$(op read op://v/anthropic/key)"\n'),  # computed
        (".zshrc", "export EDITOR=vim\n"),  # the profile does not define it
    ],
)
def test_silent_when_the_profiles_agree_or_say_nothing(check_text, tmp_path, profile, text) -> None:
    write_profile(tmp_path, profile, text)
    assert check_text(USER_LINUX, settings(OLD), select="AL711") == []


def test_only_the_block_of_the_settings_platform_counts(check_text, tmp_path) -> None:
    write_profile(tmp_path, ".zshrc", f'export ANTHROPIC_API_KEY="{NEW}"\n')
    text = settings(OLD).replace("env.linux", "env.windows")
    assert check_text(USER_LINUX, text, select="AL711") == []
