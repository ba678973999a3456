"""fish universal variables: ``fish_variables`` (fish 3) and ``fishd.<machine-id>`` (fish 2).

Spans, decoded values and the exported flag; where fish is installed, the
file is written by a real fish (``set -U``) and each value is compared with
what fish exports to a child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.engine import check_source
from authlint.scanners import detect_kind, kind_from_name, scan
from authlint.scanners.fish_variables import decode
from keys import api_key
from scanning import at, only

FISH = shutil.which("fish")
HEADER = "# This file contains fish universal variable definitions.\n# VERSION: 3.0\n"


def facts(text: str, name: str = "fish_variables") -> ScannedFile:
    return scan(SourceFile(Path(".config/fish") / name, text), FileKind.FISH_VARIABLES)


def fish_escape(value: str) -> str:
    """How fish writes a value in ``fish_variables`` (``full_escape``)."""
    out = []
    for char in value:
        if char.isascii() and (char.isalnum() or char in "/_") and ord(char) >= 32:
            out.append(char)
        elif ord(char) < 128:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def test_an_exported_key_with_escapes() -> None:
    key = api_key()
    escaped = fish_escape(key)
    assert "\\x2d" in escaped  # `-` is escaped: the raw text never holds the key
    text = (
        HEADER + f"SETUVAR --export ANTHROPIC_API_KEY:{escaped}\nSETUVAR __fish_initialized:3400\n"
    )
    result = facts(text)
    k = only(result, "ANTHROPIC_API_KEY")
    assert k.value == key
    assert k.exported and k.top_level
    assert k.name_span == at(2, 17, 34)
    assert k.value_span == k.content_span == at(2, 35, 35 + len(escaped))
    assert k.raw_value == k.raw_content == escaped
    assert k.statement_span == at(2, 0, 35 + len(escaped))
    assert k.quote == "" and not k.maps_one_to_one
    fish = only(result, "__fish_initialized")
    assert (fish.value, fish.exported, fish.name_span) == ("3400", False, at(3, 8, 26))


@pytest.mark.parametrize(
    ("line", "name", "value", "exported"),
    [
        (
            "SETUVAR ANTHROPIC_BASE_URL:https\\x3a//api\\x2eexample\\x2ecom",
            "ANTHROPIC_BASE_URL",
            "https://api.example.com",
            False,
        ),
        ("SETUVAR --export --path MYPATH:/a\\x1e/b", "MYPATH", "/a:/b", True),
        ("SETUVAR --path PP:/x\\x1e/y", "PP", "/x:/y", False),
        (
            "SETUVAR --export LIST:one\\x1etwo\\x1ethree\\x20four",
            "LIST",
            "one two three four",
            True,
        ),
        ("SETUVAR --export GOPATH:/go\\x1e/src", "GOPATH", "/go:/src", True),  # *PATH: `:`
        ("SETUVAR empty:\\x1d", "empty", "", False),  # an empty list
        ("SETUVAR fish_greeting:", "fish_greeting", "", False),
        ("SETUVAR plain:a\\x20b\\x3ac\\x2dd\\x2e\\u00e9", "plain", "a b:c-d.é", False),
        ("SETUVAR --export TAB:a\\x09b", "TAB", "a\tb", True),
        (
            "SETUVAR --export Q:it\\x27s\\x20\\x22q\\x22\\x20\\x5c\\x20\\x24x",
            "Q",
            'it\'s "q" \\ $x',
            True,
        ),
        ("SETUVAR --export UTF8:caf\\xc3\\xa9", "UTF8", "café", True),  # \x bytes: UTF-8
        ("SETUVAR --export EMOJI:\\U0001f600", "EMOJI", "\U0001f600", True),
        ("SETUVAR --export --future-flag F:v", "F", "v", True),  # unknown flags are skipped
        ("SETUVAR --export QUOTED:'a b'", "QUOTED", "a b", True),  # hand-edited quoting
        ("SETUVAR --export OPEN:'a b", "OPEN", None, True),  # fish drops it: not a value
        ("SET_EXPORT ANTHROPIC_AUTH_TOKEN:tok\\x2d1", "ANTHROPIC_AUTH_TOKEN", "tok-1", True),
        ("SET fish_color_cwd:green", "fish_color_cwd", "green", False),
    ],
)
def test_definition_lines(line: str, name: str, value: str | None, exported: bool) -> None:
    result = facts(HEADER + line + "\n")
    assignment = only(result, name)
    assert (assignment.value, assignment.exported) == (value, exported)
    start = line.index(name)
    assert assignment.name_span == at(2, start, start + len(name))
    assert assignment.value_span == at(2, start + len(name) + 1, len(line))


@pytest.mark.parametrize(
    "text",
    [
        "# SETUVAR --export K:v\n",
        "SETUVAR\n",
        "SETUVAR K\n",
        "SETUVARX K:v\n",
        "SETUVAR :v\n",
        "  SETUVAR K:v\n",  # fish reads from the line start
        "set -Ux K v\n",
        "",
    ],
)
def test_other_lines_define_nothing(text: str) -> None:
    assert facts(text).assignments == []


def test_old_fishd_file() -> None:
    text = (
        "# This file is automatically generated by the fish.\n"
        "# Do NOT edit it directly, your changes will be overwritten.\n"
        "SET __fish_init_1_50_0:\\x1d\n"
        "SET_EXPORT ANTHROPIC_BASE_URL:http\\x3a//localhost\\x3a4000\n"
    )
    result = facts(text, "fishd.0123456789abcdef0123456789abcdef")
    url = only(result, "ANTHROPIC_BASE_URL")
    assert (url.value, url.exported) == ("http://localhost:4000", True)
    assert url.name_span == at(3, 11, 29)
    assert url.value_span == at(3, 30, 57)


def test_crlf_is_not_part_of_the_value() -> None:
    result = facts(HEADER.replace("\n", "\r\n") + "SETUVAR --export K:v\\x2d1\r\nSETUVAR L:w\r\n")
    k = only(result, "K")
    assert (k.value, k.value_span, k.statement_span) == ("v-1", at(2, 19, 25), at(2, 0, 25))
    assert only(result, "L").value == "w"


def test_decode() -> None:
    assert decode("a\\x1eb") == "a b"
    assert decode("a\\x1eb", path_variable=True) == "a:b"
    assert decode("\\x1d") == ""
    assert decode("\\n\\t\\\\") == "\n\t\\"
    assert decode('"a\\"b"') == 'a"b'
    assert decode("'a") is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("home/.config/fish/fish_variables", FileKind.FISH_VARIABLES),
        ("dotfiles/dot_config/fish/fish_variables", FileKind.FISH_VARIABLES),
        ("dotfiles/private_dot_config/fish/private_fish_variables", FileKind.FISH_VARIABLES),
        ("home/.config/fish/fishd.0123456789abcdef", FileKind.FISH_VARIABLES),
        ("home/.config/fish/fishd.my-laptop", FileKind.FISH_VARIABLES),
        ("home/.config/fish/config.fish", FileKind.FISH),
        ("home/.config/fish/fishd.", None),
        ("home/.config/fish/fish_variables.bak", None),
    ],
)
def test_detected_by_name(path: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(path)) is kind
    assert detect_kind(Path(path)) is kind


def test_rules_read_the_decoded_value() -> None:
    # `\x20` is a space in the value fish exports: the whitespace rule sees it, masked.
    key = api_key()
    text = HEADER + f"SETUVAR --export ANTHROPIC_API_KEY:{fish_escape(key + ' ')}\n"
    source = SourceFile(Path("dotfiles/.config/fish/fish_variables"), text)
    findings = check_source(source, FileKind.FISH_VARIABLES, CheckContext())
    whitespace = [f for f in findings if f.code == "AL201"]
    assert [f.span for f in whitespace] == [only(facts(text), "ANTHROPIC_API_KEY").value_span]
    assert all(key not in f.message for f in findings)


def _fish_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "LANG": "C.UTF-8",
    }


@pytest.mark.skipif(FISH is None, reason="no fish to compare with")
def test_values_are_what_fish_exports(tmp_path: Path) -> None:
    assert FISH is not None
    env = _fish_env(tmp_path)
    key = api_key("fish")
    setup = (
        f"set -Ux ANTHROPIC_API_KEY {key}; "
        "set -Ux ANTHROPIC_BASE_URL 'https://api.example.com/v1'; "
        "set -Ux LIST one two 'three four'; "
        "set -Ux MYPATH /a /b; "
        "set -Ux --path PP /x /y; "
        "set -Ux EMPTY; "
        "set -Ux TAB (printf 'a\\tb'); "
        'set -Ux Q "it\'s \\"q\\" \\\\ \\$x é"; '
        "set -U NOT_EXPORTED v"
    )
    subprocess.run([FISH, "-c", setup], env=env, check=True, timeout=30, capture_output=True)
    path = Path(env["XDG_CONFIG_HOME"]) / "fish" / "fish_variables"
    assert detect_kind(path) is FileKind.FISH_VARIABLES
    result = scan(SourceFile.read(path), FileKind.FISH_VARIABLES)
    done = subprocess.run(
        [FISH, "-c", "env -0"], env=env, check=True, timeout=30, capture_output=True
    )
    exported = dict(item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    names = {"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "LIST", "MYPATH", "PP", "EMPTY", "TAB", "Q"}
    for name in names:
        assignment = only(result, name)
        assert assignment.exported
        assert exported[name] == assignment.value, name
    not_exported = only(result, "NOT_EXPORTED")
    assert not not_exported.exported and "NOT_EXPORTED" not in exported
    assert not_exported.value == "v"
    # Spans point at the text fish wrote.
    text = path.read_text()
    index = SourceFile(path, text).index
    k = only(result, "ANTHROPIC_API_KEY")
    assert index.slice(k.name_span) == "ANTHROPIC_API_KEY"
    assert index.slice(k.value_span) == fish_escape(key)
