"""Makefile, justfile and GitHub workflow scanners: assignments with exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.facts import FileKind
from authlint.core.text import Span
from authlint.scanners import detect_kind, kind_from_name
from scanning import at, only, scanner

make = scanner(FileKind.MAKEFILE)
just = scanner(FileKind.JUSTFILE)
workflow = scanner(FileKind.GITHUB_WORKFLOW)


# --- kinds from names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Makefile", FileKind.MAKEFILE),
        ("GNUmakefile", FileKind.MAKEFILE),
        ("makefile", FileKind.MAKEFILE),
        ("build/rules.mk", FileKind.MAKEFILE),
        ("justfile", FileKind.JUSTFILE),
        ("Justfile", FileKind.JUSTFILE),
        (".justfile", FileKind.JUSTFILE),
        ("tasks/release.just", FileKind.JUSTFILE),
        (".github/workflows/claude.yml", FileKind.GITHUB_WORKFLOW),
        ("repo/.github/workflows/review.yaml", FileKind.GITHUB_WORKFLOW),
        ("scripts/deploy.sh", FileKind.SHELL),
        ("ci/setup.bash", FileKind.SHELL),
        ("tools/env.zsh", FileKind.SHELL),
        ("bootstrap.ksh", FileKind.SHELL),
        ("scripts/setup.ps1", FileKind.POWERSHELL),
        # Look-alikes.
        ("workflows/claude.yml", None),  # not under .github
        (".github/claude.yml", None),
        (".github/workflows/README.md", None),
        ("Makefile.am", None),
        ("docs/justfile.md", None),
        ("scripts/deploy", None),  # extensionless: decided by its shebang while walking
    ],
)
def test_kind_from_name(path: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(path)) is kind


def test_a_binary_script_is_not_read(tmp_path: Path) -> None:
    assert detect_kind(tmp_path / "x.sh", "\x00\x01\x02") is None
    assert detect_kind(tmp_path / "x.sh", "export A=1\n") is FileKind.SHELL


# --- Makefile ----------------------------------------------------------------------------


def test_makefile_export_with_every_operator() -> None:
    text = (
        "export ANTHROPIC_BASE_URL = https://api.z.ai/api/anthropic\n"
        "export ANTHROPIC_AUTH_TOKEN := tok-abc\n"
        "override export ANTHROPIC_MODEL ?= glm-4.6\n"
        "export CLAUDE_CODE_USE_BEDROCK::=1\n"
    )
    result = make(text)
    assert [(a.name, a.value, a.exported) for a in result.assignments] == [
        ("ANTHROPIC_BASE_URL", "https://api.z.ai/api/anthropic", True),
        ("ANTHROPIC_AUTH_TOKEN", "tok-abc", True),
        ("ANTHROPIC_MODEL", "glm-4.6", True),
        ("CLAUDE_CODE_USE_BEDROCK", "1", True),
    ]
    token = only(result, "ANTHROPIC_AUTH_TOKEN")
    assert token.name_span == at(1, 7, 27)
    assert token.value_span == token.content_span == at(1, 31, 38)
    assert token.statement_span == at(1, 0, 38)
    assert only(result, "ANTHROPIC_MODEL").name_span == at(2, 16, 31)


def test_makefile_values_follow_make() -> None:
    text = (
        "ANTHROPIC_API_KEY ?= abc  # comment\n"  # trailing blanks before a comment belong
        "KEY2 = $(shell cat ~/.key)\n"  # computed
        "KEY3 = a$$b\n"  # $$ is a literal $
        "KEY4 != security find-generic-password -w\n"  # a shell command
        "KEY5 = a\\#b\n"  # an escaped # is kept
        "KEY6 = one \\\n"
        "  two\n"
    )
    result = make(text)
    values = {a.name: a.value for a in result.assignments}
    assert values == {
        "ANTHROPIC_API_KEY": "abc  ",
        "KEY2": None,
        "KEY3": "a$b",
        "KEY4": None,
        "KEY5": "a#b",
        "KEY6": None,
    }
    assert only(result, "ANTHROPIC_API_KEY").value_span == at(0, 21, 26)
    assert not only(result, "ANTHROPIC_API_KEY").exported


def test_makefile_exports_later_or_all() -> None:
    later = make("ANTHROPIC_API_KEY = k1\nOTHER = 2\nexport ANTHROPIC_API_KEY\n")
    assert [(a.name, a.exported) for a in later.assignments] == [
        ("ANTHROPIC_API_KEY", True),
        ("OTHER", False),
    ]
    everything = make(".EXPORT_ALL_VARIABLES:\nANTHROPIC_API_KEY = k1\n")
    assert only(everything, "ANTHROPIC_API_KEY").exported
    bare = make("export\nANTHROPIC_API_KEY = k1\n")
    assert only(bare, "ANTHROPIC_API_KEY").exported


def test_makefile_skips_recipes_defines_and_targets() -> None:
    text = (
        "run:\n"
        "\texport ANTHROPIC_API_KEY=in-a-recipe; claude -p hi\n"
        "define SCRIPT\n"
        "ANTHROPIC_API_KEY = inside-define\n"
        "endef\n"
        "deploy: export ANTHROPIC_AUTH_TOKEN = target-specific\n"
        "# export ANTHROPIC_API_KEY = commented\n"
        "ifeq ($(CI),)\n"
        "  export ANTHROPIC_MODEL = claude-sonnet-4-5\n"
        "endif\n"
    )
    result = make(text)
    assert [(a.name, a.value) for a in result.assignments] == [
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5")
    ]
    assert only(result, "ANTHROPIC_MODEL").name_span == at(8, 9, 24)


# --- justfile ------------------------------------------------------------------------------


def test_justfile_assignments() -> None:
    text = (
        'export ANTHROPIC_AUTH_TOKEN := "tok\\tx"\n'
        "export ANTHROPIC_BASE_URL := 'https://openrouter.ai/api'  # gateway\n"
        'MODEL := "glm-4.6"\n'
        "export ANTHROPIC_API_KEY := env_var('KEY')\n"
        "export TOKEN2 := `op read op://vault/item/token`\n"
        'export JOINED := "a" + "b"\n'
        "\n"
        "review:\n"
        "    export ANTHROPIC_API_KEY=inside; claude -p review\n"
    )
    result = just(text)
    assert [(a.name, a.value, a.exported) for a in result.assignments] == [
        ("ANTHROPIC_AUTH_TOKEN", "tok\tx", True),
        ("ANTHROPIC_BASE_URL", "https://openrouter.ai/api", True),
        ("MODEL", "glm-4.6", False),
        ("ANTHROPIC_API_KEY", None, True),
        ("TOKEN2", None, True),
        ("JOINED", None, True),
    ]
    token = only(result, "ANTHROPIC_AUTH_TOKEN")
    assert token.name_span == at(0, 7, 27)
    assert token.value_span == at(0, 31, 39)
    assert token.content_span == at(0, 32, 38)
    assert token.quote == '"'
    base = only(result, "ANTHROPIC_BASE_URL")
    assert base.content_span == at(1, 30, 55) and base.quote == "'"


def test_justfile_set_export_exports_everything() -> None:
    result = just('set export\nANTHROPIC_API_KEY := "k"\n')
    assert only(result, "ANTHROPIC_API_KEY").exported


# --- GitHub workflows ---------------------------------------------------------------------

WORKFLOW = """\
name: Claude
on:
  issue_comment:
    types: [created]
env:
  ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
jobs:
  claude:
    runs-on: ubuntu-latest
    env:
      "ANTHROPIC_MODEL": glm-4.6
    container:
      image: node:20
      env:
        NODE_ENV: ci
    steps:
      - uses: actions/checkout@v4
      - name: Configure
        run: |
          echo "ANTHROPIC_API_KEY=${{ secrets.ANTHROPIC_API_KEY }}" >> .env
          echo 'ANTHROPIC_BASE_URL=https://openrouter.ai/api' >> .env.local
          echo ANTHROPIC_AUTH_TOKEN=$TOKEN >> "$GITHUB_ENV"
          printf 'CLAUDE_CODE_USE_BEDROCK=1\\n' | tee -a .env
      - uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_AUTH_TOKEN: ${{ secrets.ZAI_API_KEY }}
          EMPTY:
        with:
          github_token: ${{ secrets.GITHUB_TOKEN }}
"""


def test_workflow_env_blocks_and_run_writes() -> None:
    result = workflow(WORKFLOW)
    assert [(a.name, a.value) for a in result.assignments] == [
        ("ANTHROPIC_BASE_URL", "https://api.z.ai/api/anthropic"),
        ("ANTHROPIC_MODEL", "glm-4.6"),
        ("NODE_ENV", "ci"),
        ("ANTHROPIC_API_KEY", None),
        ("ANTHROPIC_BASE_URL", "https://openrouter.ai/api"),
        ("ANTHROPIC_AUTH_TOKEN", None),
        ("CLAUDE_CODE_USE_BEDROCK", "1"),
        ("ANTHROPIC_AUTH_TOKEN", None),
    ]
    first = result.assignments[0]
    assert first.name_span == at(5, 2, 20)
    assert first.value_span == first.content_span == at(5, 22, 52)
    model = result.assignments[1]
    assert model.name_span == at(10, 7, 22)  # inside the quotes
    written = result.assignments[4]
    assert written.name_span == at(20, 16, 34)
    assert written.content_span == at(20, 35, 60)
    secret = result.assignments[7]
    assert secret.name_span == at(25, 10, 30)
    assert secret.value_span == at(25, 32, 58)
    assert secret.raw_value == "${{ secrets.ZAI_API_KEY }}"
    # Workflow, job, container and step env blocks are separate environments.
    assert len(result.env_blocks()) >= 4


def test_workflow_bad_yaml_never_raises() -> None:
    result = workflow("env:\n  A: [unclosed\njobs: {\n")
    assert result.json is not None and result.json.errors
    assert workflow("").assignments == []
    assert workflow("- a\n- b\n").assignments == []


def test_workflow_values_that_are_not_literals() -> None:
    text = (
        "env:\n"
        "  A: ${{ vars.A }}\n"
        "  B: prefix-${{ secrets.B }}\n"
        "  C: $HOME/key\n"
        "  D: 1\n"
        "  E: true\n"
    )
    values = {a.name: a.value for a in workflow(text).assignments}
    assert values == {"A": None, "B": None, "C": None, "D": "1", "E": "true"}


def test_spans_are_exact_on_crlf() -> None:
    result = workflow("env:\r\n  ANTHROPIC_AUTH_TOKEN: abc\r\n")
    (token,) = result.assignments
    assert token.name_span == Span.at(1, 2, 22) and token.value_span == Span.at(1, 24, 27)
