"""``--fix`` loses nothing: issue 13's "nothing lost" defects, through the real CLI.

- Stacked byte-order marks: a fix's span is never off by a BOM (``KEYY``), and
  U+FEFF left behind the file's BOM is removed in one run.
- A file changed between the check and the write is not overwritten. The
  change is made by a real second writer at a pinned moment: the CLI runs in
  a child process whose audit hook (``sys.addaudithook``, the interpreter's
  own event) saves the file, like an editor, when authlint opens its
  temporary file, i.e. after reading and before replacing.
- A symbolic link out of the checked folders is not followed; hard links
  stay links; ``.gitignore`` appends keep CRLF, add a missing final newline.
- Round trip: for CRLF, BOM (UTF-8, UTF-16), no final newline and Latin-1
  files, every safe and unsafe fix changes only the bytes of its edit, and
  ``--fix`` of a transformed file is the transform of the fixed file.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from dotenv import dotenv_values

import keys
from authlint.cli import main
from authlint.core import source as core_source
from authlint.core.context import CheckContext
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile, atomic_write
from authlint.engine import check_source
from authlint.scanners import detect_kind

KEY = keys.api_key("fix-safety")
OAUTH = keys.oauth_token("fix-safety")
BOM8 = codecs.BOM_UTF8
# AL201: a trailing space inside the quotes; the safe fix deletes it.
BAD = f'ANTHROPIC_API_KEY="{KEY} "\n'
GOOD = f'ANTHROPIC_API_KEY="{KEY}"\n'


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``authlint check ARGS`` in-process from ``tmp_path``: (status, stdout, stderr)."""
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        status = main(["check", *args])
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return status, out, err


# --- stacked byte-order marks -------------------------------------------------------------------


def test_a_rename_after_three_boms_does_not_corrupt_the_name(tmp_path, capsys) -> None:
    env = tmp_path / "proj" / ".env"
    env.parent.mkdir()
    env.write_bytes(BOM8 * 3 + b"ANTHROPIC_API_KEY=x\n")
    run(tmp_path, capsys, "proj", "--no-home", "--fix", "--unsafe-fixes")
    # The file's BOM stays; the two U+FEFF behind it were part of the name python-dotenv read.
    assert env.read_bytes() == BOM8 + b"ANTHROPIC_API_KEY=x\n"  # was ANTHROPIC_API_KEYY
    assert dict(dotenv_values(env)) == {"ANTHROPIC_API_KEY": "x"}


def test_two_stacked_boms_in_a_dotenv_are_found_and_fixed_in_one_run(tmp_path, capsys) -> None:
    env = tmp_path / "proj" / ".env"
    env.parent.mkdir()
    env.write_bytes(BOM8 * 2 + b"ANTHROPIC_API_KEY=x\n")
    # python-dotenv skips one BOM: the name it sets starts with the second one.
    assert list(dotenv_values(env)) == ["\ufeffANTHROPIC_API_KEY"]
    status, out, _ = run(tmp_path, capsys, "proj", "--no-home", "--no-source")
    assert status == 1 and "AL307" in out  # was: "All checks passed!"
    run(tmp_path, capsys, "proj", "--no-home", "--fix", "--unsafe-fixes")
    assert env.read_bytes() == BOM8 + b"ANTHROPIC_API_KEY=x\n"
    assert dict(dotenv_values(env)) == {"ANTHROPIC_API_KEY": "x"}


def test_two_stacked_boms_in_a_profile_are_removed_in_one_run(tmp_path, capsys) -> None:
    profile = tmp_path / "home" / ".bashrc"
    profile.parent.mkdir()
    profile.write_bytes(BOM8 * 2 + b"export ANTHROPIC_API_KEY=x\r\n")
    status, _, err = run(tmp_path, capsys, "--home", "home", "--fix", "--select", "AL203")
    assert (status, err) == (0, "")
    assert profile.read_bytes() == b"export ANTHROPIC_API_KEY=x\r\n"  # line ending kept


# --- changed between the check and the write ----------------------------------------------------

# The child: the real CLI, plus an "editor" that saves the file at a pinned moment.
_EDITOR = """
import os, sys
target, content, when = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
saved = False

def editor(event, args):
    global saved
    if saved or event != "open" or not isinstance(args[0], str):
        return
    temporary = when == "temporary" and os.path.basename(args[0]).startswith(
        "." + os.path.basename(target) + "."
    )
    in_place = (
        when == "in-place"
        and isinstance(args[2], int)
        and args[2] & os.O_RDWR
        and os.path.realpath(args[0]) == os.path.realpath(target)
    )
    if temporary or in_place:
        saved = True
        with open(target, "wb") as handle:
            handle.write(content)

sys.addaudithook(editor)
from authlint.cli import main
sys.exit(main(sys.argv[4:]))
"""


def run_with_editor(
    tmp_path: Path, target: Path, content: bytes, when: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run ``authlint check ARGS`` in a child where ``target`` is saved with ``content``
    when authlint opens its temporary file (``when="temporary"``) or opens the
    file itself for an in-place write (``"in-place"``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    return subprocess.run(
        [sys.executable, "-c", _EDITOR, str(target), content.decode(), when, "check", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fix_does_not_overwrite_a_save_made_after_the_check(tmp_path) -> None:
    env = tmp_path / "proj" / ".env"
    env.parent.mkdir()
    env.write_text(BAD)
    edited = f'ANTHROPIC_API_KEY="{KEY} "\nEDITED_BY_THE_USER=1\n'.encode()
    result = run_with_editor(
        tmp_path, env, edited, "temporary", "proj", "--no-home", "--fix", "--select", "AL201"
    )
    assert env.read_bytes() == edited  # the user's save survives
    assert "proj/.env changed since it was read; no fix was applied" in result.stderr
    assert result.returncode == 2
    assert not [p.name for p in env.parent.iterdir() if p.name != ".env"]  # no temporary left


def test_fix_of_a_hard_linked_file_does_not_overwrite_a_later_save(tmp_path) -> None:
    env = tmp_path / "proj" / ".env"
    env.parent.mkdir()
    env.write_text(BAD)
    os.link(env, tmp_path / "copy.env")
    edited = b"EDITED_BY_THE_USER=1\n"
    result = run_with_editor(
        tmp_path, env, edited, "in-place", "proj", "--no-home", "--fix", "--select", "AL201"
    )
    assert "changed since it was read; no fix was applied" in result.stderr
    assert env.read_bytes() == edited == (tmp_path / "copy.env").read_bytes()
    assert os.path.samefile(env, tmp_path / "copy.env")


def test_gitignore_changed_after_it_was_read_is_not_overwritten(tmp_path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".env").write_text(GOOD)
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.write_text("node_modules/\n")
    edited = b"node_modules/\ndist/\n"
    result = run_with_editor(
        tmp_path, gitignore, edited, "temporary", "repo", "--no-home", "--fix", "--select", "AL502"
    )
    assert gitignore.read_bytes() == edited
    assert "repo/.gitignore changed since it was read; it was not edited" in result.stderr
    assert result.returncode == 2


def test_atomic_write_refuses_when_the_file_is_not_the_expected_one(tmp_path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=2\n")
    with pytest.raises(core_source.ChangedOnDiskError):
        atomic_write(path, b"A=3\n", expected=b"A=1\n")
    assert path.read_bytes() == b"A=2\n"
    atomic_write(path, b"A=3\n", expected=b"A=2\n")
    assert path.read_bytes() == b"A=3\n"
    path.unlink()
    with pytest.raises(core_source.ChangedOnDiskError):
        atomic_write(path, b"A=4\n", expected=b"A=3\n")  # removed meanwhile: not re-created
    assert not path.exists()
    path.write_bytes(b"mine\n")
    with pytest.raises(core_source.ChangedOnDiskError):
        atomic_write(path, b"A=5\n", create=True)  # created meanwhile: not replaced
    assert path.read_bytes() == b"mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_the_cli_passes_the_bytes_it_read() -> None:
    data = BOM8 + "A=é\r\nB=1".encode()
    source = SourceFile.from_bytes(data, Path(".env"))
    assert source.origin is data and source.with_text("A=1").origin is data


def test_a_file_this_run_appended_to_is_fixed_from_its_new_content(tmp_path, capsys) -> None:
    # app.py's fix (given first) appends the key to .env; .env's own fix then runs on that.
    (tmp_path / "p" / ".git").mkdir(parents=True)
    (tmp_path / "p" / ".gitignore").write_text(".env\n")
    env = tmp_path / "p" / ".env"
    env.write_text("ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n")
    app = tmp_path / "p" / "app.py"
    app.write_text(f'import os\nimport anthropic\nc = anthropic.Anthropic(api_key="{KEY}")\n')
    status, _, err = run(
        tmp_path, capsys, "p/app.py", "p/.env", "--no-home", "--fix", "--unsafe-fixes"
    )
    assert err == "" and status in (0, 1)
    assert (
        env.read_text()
        == f"ANTHROPIC_BASE_URL=https://api.anthropic.com\nANTHROPIC_API_KEY={KEY}\n"
    )
    assert 'os.environ["ANTHROPIC_API_KEY"]' in app.read_text()


# --- links --------------------------------------------------------------------------------------


def test_fix_does_not_follow_a_link_out_of_the_checked_folder(tmp_path, capsys) -> None:
    outside = tmp_path / "elsewhere" / "real.env"
    outside.parent.mkdir()
    outside.write_text(BAD)
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / ".env").symlink_to(outside)
    status, out, err = run(tmp_path, capsys, "proj", "--no-home", "--fix", "--no-source")
    assert outside.read_text() == BAD
    assert "proj/.env links to" in err and "outside the checked folders" in err
    assert "no fix was applied (--fix-follow-links allows it)" in err
    assert status == 2 and "AL201" in out  # still reported
    status, _, err = run(tmp_path, capsys, "proj", "--no-home", "--fix", "--fix-follow-links")
    assert (status, err) == (0, "")
    assert outside.read_text() == GOOD and (tmp_path / "proj" / ".env").is_symlink()


def test_a_link_inside_the_checked_folder_is_followed(tmp_path, capsys) -> None:
    real = tmp_path / "proj" / "config" / "real.env"
    real.parent.mkdir(parents=True)
    real.write_text(BAD)
    (tmp_path / "proj" / ".env").symlink_to(real)
    status, _, err = run(tmp_path, capsys, "proj/.env", "--no-home", "--fix")
    assert (status, err) == (0, "")
    assert real.read_text() == GOOD and (tmp_path / "proj" / ".env").is_symlink()


def test_a_link_named_on_the_command_line_is_followed(tmp_path, capsys) -> None:
    outside = tmp_path / "elsewhere" / "real.env"
    outside.parent.mkdir()
    outside.write_text(BAD)
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / ".env").symlink_to(outside)
    status, _, err = run(tmp_path, capsys, "proj/.env", "--no-home", "--fix")  # asked for
    assert (status, err) == (0, "")
    assert outside.read_text() == GOOD and (tmp_path / "proj" / ".env").is_symlink()


def test_the_repository_gitignore_above_the_checked_folder_is_written(tmp_path, capsys) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    (tmp_path / "repo" / "sub" / ".env").write_text(GOOD)
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.write_text("dist/")
    status, _, err = run(tmp_path, capsys, "repo/sub", "--no-home", "--fix", "--select", "AL502")
    assert (status, err) == (0, "")
    assert gitignore.read_text() == "dist/\n.env\n"


def test_fix_keeps_hard_links(tmp_path, capsys) -> None:
    env = tmp_path / "proj" / ".env"
    env.parent.mkdir()
    env.write_text(BAD)
    env.chmod(0o640)
    twin = tmp_path / "backup.env"
    os.link(env, twin)
    inode = env.stat().st_ino
    status, _, err = run(tmp_path, capsys, "proj", "--no-home", "--fix", "--select", "AL201")
    assert (status, err) == (0, "")
    assert env.stat().st_ino == inode and os.path.samefile(env, twin)  # was split in two
    assert twin.read_text() == GOOD
    assert env.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in env.parent.iterdir()) == [".env"]  # no backup left


def test_gitignore_edits_keep_links_and_stay_in_the_tree(tmp_path, capsys) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".env").write_text(GOOD)
    shared = tmp_path / "shared-gitignore"
    shared.write_text("node_modules/\n")
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.symlink_to(shared)
    args = ("repo", "--no-home", "--fix", "--select", "AL502")
    status, _, err = run(tmp_path, capsys, *args)
    assert "repo/.gitignore links to" in err and "it was not edited" in err
    assert status == 2 and shared.read_text() == "node_modules/\n"
    gitignore.unlink()
    os.link(shared, gitignore)
    status, _, err = run(tmp_path, capsys, *args)
    assert (status, err) == (0, "")
    assert os.path.samefile(gitignore, shared) and shared.read_text() == "node_modules/\n.env\n"


# --- .gitignore line endings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"node_modules/\r\ndist/\r\n", b"node_modules/\r\ndist/\r\n.env\r\n"),
        (b"node_modules/\r\ndist/", b"node_modules/\r\ndist/\r\n.env\r\n"),
        (b"node_modules/\ndist/", b"node_modules/\ndist/\n.env\n"),
        (BOM8 + b"dist/\r\n", BOM8 + b"dist/\r\n.env\r\n"),
        (b"", b".env\n"),
    ],
)
def test_gitignore_append_keeps_its_line_endings(tmp_path, capsys, before, after) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".env").write_text(GOOD)
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.write_bytes(before)
    status, _, err = run(tmp_path, capsys, "repo", "--no-home", "--fix", "--select", "AL502")
    assert (status, err) == (0, "")
    assert gitignore.read_bytes() == after


# --- round trip: every fix changes only the bytes of its edit -----------------------------------

# One file per kind, each line a problem with a fix (safe or unsafe); LF, UTF-8, final newline.
SAMPLES = {
    ".env": (
        f'MY_CLAUDE_KEY="{KEY}  "\n'
        "ANTHROPIC_BASE_URL = https://api.anthropic.com/v1\n"
        "ANTHROPIC_APIKEY=value\n"
        "anthropic_model=x\n"
        'ANTHROPIC_CUSTOM_HEADERS="X-Team:\u00a0infra"\n'
        "ANTHROPIC_AUTH_TOKEN=\u201cgw-token\u201d\n"
        f"CLAUDE_CODE_OAUTH_TOKEN={OAUTH}\n"
        f"ANTHROPIC_AUTH_TOKEN={keys.api_key('auth')}\n"
    ),
    "home/.bashrc": (
        f'export ANTHROPIC_API_KEY="{KEY} "\n'
        "export EDITOR= vim\n"
        "ANTHROPIC_MODEL=opus\n"
        "export ${CLAUDE_CODE_OAUTH_TOKEN}\n"
        "export ANTHROPIC_BASE_URL=api.anthropic.com/v1\n"
        "set -gx ANTHROPIC_SMALL_FAST_MODEL tok\n"
        f"export ANTHROPIC_AUTH_TOKEN='{OAUTH}'\n"
        "export ANTHROPIC_APIKEY=x\n"
    ),
    "home/.zshrc": (
        f"export ANTHROPIC_API_KEY=\"'{KEY}'\"\n"
        "export ANTHROPIC_BASE_URL=https://openrouter.ai/api/v1\n"
    ),
    "svc/.env": f"ANTHROPIC_API_KEY={OAUTH}\n",
    "home/.config/fish/config.fish": (
        "set -g ANTHROPIC_MODEL x\n"
        "ANTHROPIC_SMALL_FAST_MODEL=x\n"
        "set -gx anthropic_api_key x\n"
        f"set -gx ANTHROPIC_API_KEY \u201c{KEY}\u201d\n"
        'set -gx ANTHROPIC_BASE_URL ""\n'
    ),
    "home/.config/powershell/Microsoft.PowerShell_profile.ps1": (
        f'$env:ANTHROPIC_API_KEY = "{KEY}\u200b"\n'
        '$env:ANTHROPIC_APIKEY = "a"\n'
        '$env:anthropic_model = "a"\n'
        '$Env:ANTHROPIC_BASE_URL = ""\n'
        "export CLAUDE_CODE_USE_BEDROCK=1\n"
    ),
    "app.py": (
        "import anthropic\n"
        "from anthropic import Anthropic\n"
        "import os\n"
        "\n"
        "client = Anthropic(base_url='https://api.anthropic.com/v1')\n"
        "other = Anthropic(base_url='localhost:4000')\n"
        'key = os.environ["ANTHROPIC_APIKEY"]\n'
    ),
    "client.ts": (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "\n"
        'export const client = new Anthropic({ baseURL: "https://api.anthropic.com/v1" });\n'
        "const { ANTHROPIC_APIKEY } = process.env;\n"
        "export const key = ANTHROPIC_APIKEY;\n"
    ),
    ".vscode/settings.json": (
        "{\n"
        '  "terminal.integrated.inheritEnv": false,\n'
        '  "terminal.integrated.shell.linux": "/bin/zsh",\n'
        '  "terminal.integrated.shellArgs.linux": ["-l"],\n'
        '  "claudeCode.environmentVariables": {\n'
        '    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com"\n'
        "  }\n"
        "}\n"
    ),
    ".claude/settings.json": '{\n  "env": {"ANTHROPIC_MODEL": "x",},\n  "a": 1,\n}\n',
}
TEXT_KINDS = (".env", "rc", ".fish", ".ps1")  # where a Latin-1 comment line is fine


def _crlf(data: str) -> tuple[bytes, str]:
    return data.replace("\n", "\r\n").encode(), "utf-8"


def _utf8_bom(data: str) -> tuple[bytes, str]:
    return BOM8 + data.encode(), "utf-8"


def _utf16(data: str) -> tuple[bytes, str]:
    return codecs.BOM_UTF16_LE + data.encode("utf-16-le"), "utf-16-le"


def _no_final_newline(data: str) -> tuple[bytes, str]:
    return data.removesuffix("\n").encode(), "utf-8"


def _latin1(data: str) -> tuple[bytes, str]:
    return data.encode("latin-1"), "latin-1"


Transform = Callable[[str], tuple[bytes, str]]
TRANSFORMS: dict[str, Transform] = {
    "crlf": _crlf,
    "utf-8-bom": _utf8_bom,
    "utf-16": _utf16,
    "no-final-newline": _no_final_newline,
    "latin-1": _latin1,
}


def _samples(transform: str) -> dict[str, str]:
    """The samples a transform applies to (Latin-1: text files, Latin-1 lines only)."""
    if transform != "latin-1":
        return dict(SAMPLES)
    return {
        name: "# caf\u00e9\n"
        + "".join(line for line in text.splitlines(True) if max(map(ord, line)) < 256)
        for name, text in SAMPLES.items()
        if name.endswith(TEXT_KINDS)
    }


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    (root / "home").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _fix_tree(
    root: Path, capsys: pytest.CaptureFixture[str], files: dict[str, bytes]
) -> dict[str, bytes]:
    _write_tree(root, files)
    # AL202 (CRLF -> LF) and AL203 (remove the BOM) change line endings and BOM on purpose.
    run(root, capsys, ".", "--home", "home", "--fix", "--unsafe-fixes", "--ignore", "AL202,AL203")
    return {name: (root / name).read_bytes() for name in files}


@pytest.mark.parametrize("transform", list(TRANSFORMS))
def test_fix_commutes_with_line_endings_bom_encoding_and_final_newline(
    tmp_path, capsys, transform
) -> None:
    texts = _samples(transform)
    plain = _fix_tree(tmp_path / "plain", capsys, {n: t.encode() for n, t in texts.items()})
    changed = [n for n in texts if plain[n] != texts[n].encode()]
    assert len(changed) >= len(texts) - 1, "the samples must have fixes"
    apply = TRANSFORMS[transform]
    fixed = _fix_tree(tmp_path / "variant", capsys, {n: apply(t)[0] for n, t in texts.items()})
    for name in texts:
        assert fixed[name] == apply(plain[name].decode())[0], (transform, name)


@pytest.mark.parametrize("transform", list(TRANSFORMS))
def test_every_fix_changes_only_the_bytes_of_its_edit(tmp_path, transform) -> None:
    apply = TRANSFORMS[transform]
    fixes = 0
    for name, text in _samples(transform).items():
        path = tmp_path / transform / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data, encoding = apply(text)
        path.write_bytes(data)
        source = SourceFile.read(path)
        assert source.encode() == data
        kind = detect_kind(path)
        assert kind is not None, name
        for finding in check_source(source, kind, CheckContext()):
            fix = finding.fix
            if fix is None or finding.code in ("AL202", "AL203"):
                continue
            result = apply_fixes(source, [fix])
            new = result.source.encode()
            assert result.source.encoding == encoding and new.startswith(source.bom)
            own = [e for e in fix.edits if e.path is None or e.path == path]
            if not own:
                assert new == data
                continue
            fixes += 1
            start = min(source.index.offset(e.span.start) for e in own)
            end = max(source.index.offset(e.span.end) for e in own)
            head = len(source.bom) + len(source.text[:start].encode(encoding))
            tail = len(source.text[end:].encode(encoding))
            where = (transform, name, finding.code)
            assert new[:head] == data[:head], where
            assert new[len(new) - tail :] == data[len(data) - tail :], where
            inserted = new[head : len(new) - tail].decode(encoding)
            if transform == "crlf":
                assert "\n" not in inserted.replace("\r\n", ""), where  # no bare LF added
            else:
                assert "\r" not in inserted, where
    assert fixes >= 10


def test_the_readme_exceptions_change_line_endings_and_bom_only(tmp_path, capsys) -> None:
    profile = tmp_path / "home" / ".bashrc"
    profile.parent.mkdir()
    profile.write_bytes(BOM8 + b"# x\r\nexport A=1\r\n")
    run(tmp_path, capsys, "--home", "home", "--fix", "--select", "AL202,AL203")
    assert profile.read_bytes() == b"# x\nexport A=1\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a\r\nb", "a\r\nb\r\n.env\r\n"),
        ("a\rb\r", "a\rb\r.env\r"),
        ("a\n.env\n", "a\n.env\n"),  # already there: nothing added
        ("", ".env\n"),
    ],
)
def test_append_lines_appends_at_the_current_end_in_the_file_style(before, after) -> None:
    from authlint.core.fixes import append_lines

    source = SourceFile.from_bytes(BOM8 + before.encode())
    fixed = append_lines(source, [".env", ".env"])
    assert fixed.encode() == BOM8 + after.encode()
