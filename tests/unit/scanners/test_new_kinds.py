"""Issue 12 file kinds: MCP configs, Streamlit secrets, notebooks, Claude Code transcripts."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from authlint.core.facts import ASSIGNMENT_KINDS, FileKind
from authlint.core.home import claude_transcripts
from authlint.core.source import NotRegularFileError
from authlint.discovery import discover
from authlint.scanners import detect_kind, kind_from_name, read_source
from authlint.scanners.claude_transcript import read_transcript
from authlint.scanners.streamlit_secrets import valid_value
from keys import api_key, oauth_token
from scanning import at, only, scanner

KEY = api_key()
mcp = scanner(FileKind.MCP_CONFIG)
toml = scanner(FileKind.STREAMLIT_SECRETS)
notebook = scanner(FileKind.NOTEBOOK)
transcript = scanner(FileKind.CLAUDE_TRANSCRIPT)


# --- kinds from names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (".mcp.json", FileKind.MCP_CONFIG),
        ("project/.mcp.json", FileKind.MCP_CONFIG),
        ("Library/Application Support/Claude/claude_desktop_config.json", FileKind.MCP_CONFIG),
        ("app/.streamlit/secrets.toml", FileKind.STREAMLIT_SECRETS),
        ("dot_streamlit/secrets.toml", FileKind.STREAMLIT_SECRETS),
        ("analysis.ipynb", FileKind.NOTEBOOK),
        (".claude/projects/-home-me-app/0b1c.jsonl", FileKind.CLAUDE_TRANSCRIPT),
        ("dotfiles/dot_claude/projects/p/s/subagents/agent-1.jsonl", FileKind.CLAUDE_TRANSCRIPT),
        # look-alikes
        ("secrets.toml", None),
        ("config/secrets.toml", None),
        ("pyproject.toml", None),
        ("data/projects/events.jsonl", None),
        (".claude/todos/x.jsonl", None),
        ("mcp.json", None),
    ],
)
def test_kind_from_name(name: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(name)) is kind


def test_document_kinds_hold_no_assignments() -> None:
    assert FileKind.NOTEBOOK not in ASSIGNMENT_KINDS
    assert FileKind.CLAUDE_TRANSCRIPT not in ASSIGNMENT_KINDS
    assert {FileKind.MCP_CONFIG, FileKind.STREAMLIT_SECRETS} <= ASSIGNMENT_KINDS


# --- .mcp.json / claude_desktop_config.json -----------------------------------------------


def test_mcp_env_blocks_give_assignments_with_exact_spans() -> None:
    text = (
        "{\n"
        '  "mcpServers": {\n'
        '    "claude": {\n'
        '      "command": "npx",\n'
        f'      "env": {{ "ANTHROPIC_API_KEY": "{KEY}" }}\n'
        "    },\n"
        '    "other": { "env": { "ANTHROPIC_BASE_URL": "${BASE:-https://x}", "N": 3 } }\n'
        "  },\n"
        '  "env": { "NOT_A_SERVER": "x" }\n'
        "}\n"
    )
    result = mcp(text)
    key = only(result, "ANTHROPIC_API_KEY")
    assert key.name_span == at(4, 16, 33)
    assert key.content_span == at(4, 37, 37 + len(KEY))
    assert key.value == KEY
    base = only(result, "ANTHROPIC_BASE_URL")
    assert base.value is None  # ${…} is expanded by Claude Code
    assert only(result, "N").value == "3"
    assert result.definitions("NOT_A_SERVER") == []
    assert len(result.env_blocks()) == 2  # one block per server


def test_mcp_without_servers_or_broken_gives_nothing() -> None:
    assert mcp('{"mcpServers": []}').assignments == []
    assert mcp('{"mcpServers": {"a": {"env": ').assignments == []
    assert mcp("").assignments == []


# --- .streamlit/secrets.toml --------------------------------------------------------------


def test_streamlit_lines_give_assignments_with_exact_spans() -> None:
    text = (
        "# keys\n"
        f'ANTHROPIC_API_KEY = "{KEY}"  # main\n'
        f"RAW = {KEY}\n"
        "PORT = 8501\n"
        "\n"
        "[anthropic]\n"
        "api_key = 'sk-ant-api03-x'\n"
        '"quoted key" = "v\\u0041"\n'
        'text = """\n'
        "NOT = 1\n"
        '"""\n'
        "[[items]]\n"
        "name = a #c\n"
    )
    result = toml(text)
    key = only(result, "ANTHROPIC_API_KEY")
    assert (key.name_span, key.value_span) == (at(1, 0, 17), at(1, 20, 22 + len(KEY)))
    assert key.content_span == at(1, 21, 21 + len(KEY))
    assert (key.value, key.quote, key.exported) == (KEY, '"', True)
    raw = only(result, "RAW")
    assert (raw.value, raw.quote, raw.value_span) == (KEY, "", at(2, 6, 6 + len(KEY)))
    assert only(result, "PORT").raw_value == "8501"
    nested = only(result, "api_key")
    assert (nested.value, nested.exported, nested.quote) == ("sk-ant-api03-x", False, "'")
    quoted = only(result, "quoted key")
    assert (quoted.name_span, quoted.value) == (at(7, 1, 11), "vA")
    assert result.definitions("NOT") == []  # inside a multi-line string
    name = only(result, "name")
    assert (name.raw_value, name.value_span) == ("a", at(12, 7, 8))


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ('"x"', True),
        ("'x'", True),
        ("8501", True),
        ("true", True),
        ("1979-05-27", True),
        ('["a", "b"]', True),
        ("{ a = 1 }", True),
        (KEY, False),
        ("abc", False),
        ("", False),
        ('"unterminated', False),
    ],
)
def test_valid_value(raw: str, valid: bool) -> None:
    assert valid_value(raw) is valid


# --- notebooks ----------------------------------------------------------------------------


def ipynb(cells: list[dict[str, object]]) -> str:
    return json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )


def code_cell(
    source: list[str], outputs: list[dict[str, object]] | None = None
) -> dict[str, object]:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def test_notebook_exposures_in_cells_and_outputs() -> None:
    text = ipynb(
        [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Demo"]},
            code_cell(
                ["import anthropic\n", f'client = anthropic.Anthropic(api_key="{KEY}")'],
                [{"name": "stdout", "output_type": "stream", "text": [f"{KEY}\n"]}],
            ),
            code_cell([f'import os\\nos.environ["X"] = "{oauth_token()}"']),
        ]
    )
    result = notebook(text)
    lines = text.splitlines()
    found = [(e.where, e.detail, e.span) for e in result.exposures]
    code_line = next(i for i, line in enumerate(lines) if "Anthropic(api_key" in line)
    start = lines[code_line].index("sk-ant-")
    output_line = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{KEY}'))
    token_line = next(i for i, line in enumerate(lines) if "oat01" in line)
    token_start = lines[token_line].index("sk-ant-")
    assert found == [
        ("output", "cell 2", at(output_line, 7, 7 + len(KEY))),
        ("code-cell", "cell 2", at(code_line, start, start + len(KEY))),
        ("code-cell", "cell 3", at(token_line, token_start, token_start + len(oauth_token()))),
    ]
    assert [e.value for e in result.exposures] == [KEY, KEY, oauth_token()]


@pytest.mark.parametrize(
    "source",
    [
        ["from google.colab import userdata\n", "key = userdata.get('ANTHROPIC_API_KEY')"],
        ["client = anthropic.Anthropic(api_key=os.environ['ANTHROPIC_API_KEY'])"],
        ['client = anthropic.Anthropic(api_key="sk-ant-api03-your-key-here")'],
        [f'print("{KEY[:40]}...")'],  # a truncated key is not a complete one
    ],
)
def test_notebook_look_alikes_give_nothing(source: list[str]) -> None:
    assert notebook(ipynb([code_cell(source)])).exposures == []


def test_notebook_that_is_not_json_still_reports_the_key_as_metadata() -> None:
    result = notebook(f'{{"cells": [ "{KEY}"')
    assert [(e.where, e.span) for e in result.exposures] == [("metadata", at(0, 13, 13 + len(KEY)))]


# --- transcripts --------------------------------------------------------------------------


def jsonl(*messages: str) -> str:
    return "".join(
        json.dumps({"type": "user", "message": {"role": "user", "content": m}}) + "\n"
        for m in messages
    )


def test_transcript_exposures_have_exact_spans() -> None:
    text = jsonl("hello", f"my key is {KEY}\nwhy 401?", "bye")
    result = transcript(text)
    line = text.splitlines()[1]
    start = line.index("sk-ant-")
    assert [(e.where, e.span, e.value) for e in result.exposures] == [
        ("transcript", at(1, start, start + len(KEY)), KEY)
    ]


def test_transcript_key_after_a_json_escape_is_found() -> None:
    text = jsonl(f"line one\n{KEY}")
    line = text.splitlines()[0]
    start = line.index("sk-ant-")
    assert [e.span for e in transcript(text).exposures] == [at(0, start, start + len(KEY))]


def test_read_transcript_keeps_positions_and_blanks_the_conversation(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    text = jsonl("private words " * 20, f"{'x' * 100} then {KEY} {'z' * 60} private", "bye")
    path.write_text(text, encoding="utf-8")
    sparse = read_transcript(path)
    full = transcript(text).exposures
    assert [e.span for e in transcript(sparse.text).exposures] == [e.span for e in full]
    assert "private" not in sparse.text
    assert sparse.text.splitlines()[0] == "" and sparse.index.line_count == 4


def test_read_transcript_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    filler = jsonl("x" * 1000) * 200
    path.write_text(filler + jsonl(f"late {KEY}"), encoding="utf-8")
    assert read_transcript(path, limit=50_000).text.count("\n") < 60  # stopped early
    assert transcript(read_transcript(path, limit=50_000).text).exposures == []
    # A line longer than the line limit: only its start is searched.
    long_line = tmp_path / "long.jsonl"
    long_line.write_text(jsonl("y" * 5000 + KEY) + jsonl(f"next {KEY}"), encoding="utf-8")
    sparse = read_transcript(long_line, line_limit=1000)
    assert [e.span.start.line for e in transcript(sparse.text).exposures] == [1]


def test_read_source_streams_transcripts_only(tmp_path: Path) -> None:
    path = tmp_path / ".claude" / "projects" / "p" / "s.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(jsonl("hello there"), encoding="utf-8")
    assert read_source(path, FileKind.CLAUDE_TRANSCRIPT).text == "\n"
    assert read_source(path, FileKind.DOTENV).text == jsonl("hello there")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_read_transcript_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "s.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        read_transcript(fifo)


def test_transcript_of_200_mib_is_read_within_bounds(tmp_path: Path) -> None:
    # Sparse file: 200 MiB of zeros with no newline; the reader stops at its limits.
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    started = time.monotonic()
    sparse = read_transcript(path)
    assert time.monotonic() - started < 20
    assert len(sparse.text) < 1000


# --- discovery ----------------------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_walk_reads_transcripts_only_when_git_would_commit_them(tmp_path: Path) -> None:
    files = {
        ".claude/projects/p/s.jsonl": jsonl("hi"),
        ".mcp.json": "{}",
        ".streamlit/secrets.toml": "A = 1\n",
        "n.ipynb": ipynb([]),
    }
    plain = tmp_path / "plain"
    write(plain, files)
    kinds = {t.path.relative_to(plain).as_posix(): t.kind for t in discover([plain])}
    assert ".claude/projects/p/s.jsonl" not in kinds  # a home folder, not a repository
    assert kinds[".mcp.json"] is FileKind.MCP_CONFIG
    assert kinds[".streamlit/secrets.toml"] is FileKind.STREAMLIT_SECRETS
    assert kinds["n.ipynb"] is FileKind.NOTEBOOK
    dotfiles = tmp_path / "dotfiles"
    write(dotfiles, files)
    (dotfiles / ".git").mkdir()
    kinds = {t.path.relative_to(dotfiles).as_posix(): t.kind for t in discover([dotfiles])}
    assert kinds[".claude/projects/p/s.jsonl"] is FileKind.CLAUDE_TRANSCRIPT
    (dotfiles / ".gitignore").write_text("*.jsonl\n", encoding="utf-8")
    from authlint.core import git

    git.clear_caches()
    assert all(t.kind is not FileKind.CLAUDE_TRANSCRIPT for t in discover([dotfiles]))
    # Naming Claude's own folder reads them.
    named = [t.kind for t in discover([plain / ".claude"])]
    assert named == [FileKind.CLAUDE_TRANSCRIPT]


def test_walk_skips_a_notebook_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    skipped: list[tuple[Path, str]] = []
    found = list(discover([tmp_path], on_skip=lambda p, r: skipped.append((p, r))))
    assert found == [] and skipped[0][0] == big and "larger than authlint reads" in skipped[0][1]


def test_explicit_files_of_the_new_kinds(tmp_path: Path) -> None:
    assert detect_kind(tmp_path / "n.ipynb", "{}") is FileKind.NOTEBOOK
    assert detect_kind(tmp_path / "secrets.toml", "A = 1\n") is not FileKind.STREAMLIT_SECRETS


def test_home_transcripts_newest_first_within_budget(tmp_path: Path) -> None:
    folder = tmp_path / ".claude" / "projects" / "p"
    folder.mkdir(parents=True)
    for number, size in enumerate((400, 300, 200)):
        path = folder / f"s{number}.jsonl"
        path.write_text("x" * size, encoding="utf-8")
        os.utime(path, (1000 + number, 1000 + number))
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in claude_transcripts(tmp_path)] == ["s2.jsonl", "s1.jsonl", "s0.jsonl"]
    assert [p.name for p in claude_transcripts(tmp_path, budget=550)] == ["s2.jsonl", "s1.jsonl"]
    assert claude_transcripts(tmp_path / "nobody") == []


# --- bounded work on hostile text ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x" + "sk-ant-oat01-" * 100_000,  # one run of key characters full of markers
        "sk-ant-api03-" * 100_000,
        ("sk-ant- " * 200_000),
        "[" * 100_000 + f'"{KEY}"',  # deep nesting around a key
    ],
    ids=["run", "api-run", "spaced", "deep"],
)
def test_document_scanners_take_linear_time(text: str) -> None:
    for scan_text in (notebook, transcript):
        started = time.process_time()
        scan_text(text)
        assert time.process_time() - started < 5


@pytest.mark.parametrize(
    "text",
    [
        "[[[\n= 1\n'''\nA = '''x\n\"\"\"\n[a]]\nB = \"unterminated\n\u0000 = \udcff\n",
        "A = " + "x" * 1_000_000 + "\n",
        "\n".join(f"K{i} = v{i}" for i in range(20_000)),
    ],
    ids=["broken", "long-value", "many-lines"],
)
def test_streamlit_scanner_survives_hostile_text(text: str) -> None:
    started = time.process_time()
    toml(text)
    assert time.process_time() - started < 10


def test_a_notebook_cell_sent_alone_is_code() -> None:
    # Editors send each cell of an open notebook as its own document.
    text = f'import anthropic\nclient = anthropic.Anthropic(api_key="{KEY}")\n'
    result = notebook(text)
    assert [(e.where, e.detail, e.span) for e in result.exposures] == [
        ("code-cell", "this cell", at(1, 38, 38 + len(KEY)))
    ]


def test_a_relative_transcript_path_is_judged_from_the_working_folder(
    tmp_path: Path, monkeypatch
) -> None:
    claude = tmp_path / ".claude"
    (claude / "projects" / "p").mkdir(parents=True)
    monkeypatch.chdir(claude)
    assert kind_from_name(Path("projects/p/s.jsonl")) is FileKind.CLAUDE_TRANSCRIPT
    monkeypatch.chdir(tmp_path)
    assert kind_from_name(Path("projects/p/s.jsonl")) is None
