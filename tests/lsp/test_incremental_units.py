"""The incremental pieces of the server (issue 15), without a client.

A document's scan is reused while its text is the same and dropped on close; an
edit that keeps every fact (a comment) keeps the facts signature, so the other
open documents are not rechecked; an edit of a value changes it.
"""

from __future__ import annotations

from pathlib import Path

from authlint.core.facts import FileKind
from authlint.core.source import SourceFile
from authlint.lsp.diagnostics import ScanCache, Snapshot, facts_signature, snapshot_signature

URI = "file:///project/.env"
PATH = Path("/project/.env")


def test_a_scan_is_reused_while_the_text_is_the_same() -> None:
    cache = ScanCache()
    first = cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV)
    assert cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV) is first
    changed = cache.scan(URI, SourceFile(PATH, "A=2\n"), FileKind.DOTENV)
    assert changed is not first and changed.assignments[0].value == "2"
    assert cache.scanned(URI) is changed
    cache.forget(URI)
    assert cache.scanned(URI) is None


def test_another_kind_or_bom_is_scanned_again() -> None:
    cache = ScanCache()
    first = cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.DOTENV)
    assert cache.scan(URI, SourceFile(PATH, "A=1\n"), FileKind.SHELL) is not first
    bom = SourceFile(PATH, "A=1\n", b"\xef\xbb\xbf", "utf-8-sig")
    assert cache.scan(URI, bom, FileKind.SHELL) is not first


def _signature(text: str) -> int:
    return facts_signature(ScanCache().scan(URI, SourceFile(PATH, text), FileKind.DOTENV))


def test_a_comment_keeps_the_facts_a_value_does_not() -> None:
    base = _signature("# keys\nANTHROPIC_API_KEY=abc\n")
    assert _signature("# the keys\nANTHROPIC_API_KEY=abc\n") == base
    assert _signature("# keys\nANTHROPIC_API_KEY=abd\n") != base
    assert _signature("# keys\n\nANTHROPIC_API_KEY=abc\n") != base  # the definition moved


def test_documents_authlint_does_not_read_have_no_signature() -> None:
    snapshot = Snapshot("file:///project/notes.txt", Path("/project/notes.txt"), "notes.txt",
                        "plaintext", 1, "A=1\n")  # fmt: skip
    assert snapshot_signature(snapshot) is None
    assert snapshot_signature(None) is None


# --- the environment model kept across edits that keep the facts -----------------------------


def _request(cache, project: Path, text: str, version: int):
    from authlint.core.context import Platform
    from authlint.lsp.environment import ModelRequest

    uri = (project / ".env").as_uri()
    snapshot = Snapshot(uri, project / ".env", ".env", "dotenv", version, text)
    return ModelRequest(cache.generation, project, None, Platform.LINUX, (snapshot,))


def test_the_model_is_kept_while_the_edited_documents_keep_their_facts(tmp_path: Path) -> None:
    from authlint.lsp.environment import EnvironmentCache

    project = tmp_path / "project"
    project.mkdir()
    (project / ".env").write_text("# keys\nANTHROPIC_API_KEY=abc\n")
    cache = EnvironmentCache()
    cache.invalidate(disk=True)
    first = cache.model(_request(cache, project, "# keys\nANTHROPIC_API_KEY=abc\n", 1))
    assert first is not None
    cache.invalidate(edit=True)  # a keystroke in the comment
    kept = cache.model(_request(cache, project, "# the keys\nANTHROPIC_API_KEY=abc\n", 2))
    assert kept is first
    # The model reads the newest text of the document (the same facts).
    assert kept.workspace.files[project / ".env"].source.text.startswith("# the keys")
    cache.invalidate(edit=True)  # a keystroke in the value
    changed = cache.model(_request(cache, project, "# the keys\nANTHROPIC_API_KEY=abd\n", 3))
    assert changed is not first and changed is not None
    assert [a.value for a in changed.workspace.files[project / ".env"].assignments] == ["abd"]
    cache.invalidate(disk=True)  # a save or a watched file: read again, whatever the facts
    saved = cache.model(_request(cache, project, "# the keys\nANTHROPIC_API_KEY=abd\n", 3))
    assert saved is not changed


def test_a_kept_model_is_read_again_after_a_while(tmp_path: Path, monkeypatch) -> None:
    from authlint.lsp import environment

    project = tmp_path / "project"
    project.mkdir()
    cache = environment.EnvironmentCache()
    cache.invalidate(disk=True)
    first = cache.model(_request(cache, project, "A=1\n", 1))
    monkeypatch.setattr(environment, "REUSE_SECONDS", 0.0)
    cache.invalidate(edit=True)
    assert cache.model(_request(cache, project, "A=1 # x\n", 2)) is not first


def test_a_model_follows_the_definitions_it_reads_of_a_dotenv(tmp_path: Path) -> None:
    """Of a .env the model reads the variables it follows (ANTHROPIC_*, CLAUDE_*…): typing in
    another value or an unparsable line keeps it; a followed value, or a line added above a
    followed definition, reads it again."""
    from authlint.lsp.environment import EnvironmentCache

    project = tmp_path / "project"
    project.mkdir()
    lines = [f"SETTING_{i}=value-{i}" for i in range(50)]
    text = "\n".join(lines) + "\nnot a binding\nANTHROPIC_BASE_URL=https://a.example\n"
    (project / ".env").write_text(text)
    cache = EnvironmentCache()
    cache.invalidate(disk=True)
    first = cache.model(_request(cache, project, text, 1))
    assert first is not None
    steps = [
        (text.replace("value-25", "value-26"), True),
        (text.replace("value-25", "value-26").replace("not a", "no"), True),
        (text.replace("a.example", "b.example"), False),
        ("# top\n" + text.replace("a.example", "b.example"), False),
    ]
    model = first
    for version, (edited, kept) in enumerate(steps, start=2):
        cache.invalidate(edit=True)
        now = cache.model(_request(cache, project, edited, version))
        assert (now is model) is kept, version
        assert now is not None
        # The model holds the newest text of the document either way.
        assert now.workspace.files[project / ".env"].source.text == edited
        model = now


def test_an_interactive_guard_typed_over_a_comment_reads_the_model_again(tmp_path: Path) -> None:
    """The guard is no fact of the profile, but it changes what a non-interactive shell reads."""
    from authlint.core.context import Platform
    from authlint.lsp.environment import EnvironmentCache, ModelRequest

    home = tmp_path / "home"
    home.mkdir()
    before = "# a comment of the same length\nexport ANTHROPIC_API_KEY=abc\n"
    after = '[ -z "$PS1" ] && return # abcd\nexport ANTHROPIC_API_KEY=abc\n'
    assert _signature_of(before, home) == _signature_of(after, home)  # the same facts
    (home / ".bashrc").write_text(before)
    cache = EnvironmentCache()
    cache.invalidate(disk=True)

    def request(text: str, version: int) -> ModelRequest:
        path = home / ".bashrc"
        snapshot = Snapshot(path.as_uri(), path, ".bashrc", "shellscript", version, text)
        return ModelRequest(cache.generation, None, home, Platform.LINUX, (snapshot,), "bash")

    first = cache.model(request(before, 1), home / ".bashrc")
    cache.invalidate(edit=True)
    guarded = cache.model(request(after, 2), home / ".bashrc")
    assert guarded is not first and guarded is not None


def _signature_of(text: str, home: Path) -> int:
    path = home / ".bashrc"
    return facts_signature(ScanCache().scan(path.as_uri(), SourceFile(path, text), FileKind.SHELL))


def _shell_request(cache, project: Path, home: Path, documents: dict[Path, str], version: int):
    from authlint.core.context import Platform
    from authlint.lsp.environment import ModelRequest

    snapshots = tuple(
        Snapshot(path.as_uri(), path, path.name, "shellscript", version, text)
        for path, text in documents.items()
    )
    return ModelRequest(cache.generation, project, home, Platform.LINUX, snapshots)


def test_an_edit_in_a_document_the_model_does_not_read_keeps_it(tmp_path: Path) -> None:
    """A project's `.zshrc` is nobody's profile: its values cannot change the model."""
    from authlint.lsp.environment import EnvironmentCache

    home = tmp_path / "home"
    project = home / "project"
    project.mkdir(parents=True)
    profile, script = home / ".zshrc", project / ".zshrc"
    profile.write_text("export ANTHROPIC_MODEL=a\n")
    script.write_text("export SETTING=1\n")
    cache = EnvironmentCache()
    cache.invalidate(disk=True)
    texts = {profile: "export ANTHROPIC_MODEL=a\n", script: "export SETTING=1\n"}
    first = cache.model(_shell_request(cache, project, home, texts, 1))
    assert first is not None
    assert profile in first.workspace.files and script not in first.workspace.files
    cache.invalidate(edit=True)
    texts[script] = "export SETTING=2\n"
    assert cache.model(_shell_request(cache, project, home, texts, 2)) is first
    cache.invalidate(edit=True)  # the home profile is read: its new value is a new model
    texts[profile] = "export ANTHROPIC_MODEL=b\n"
    changed = cache.model(_shell_request(cache, project, home, texts, 3))
    assert changed is not first and changed is not None
    assert [a.value for a in changed.workspace.files[profile].assignments] == ["b"]
    cache.invalidate(edit=True)  # a line that makes the profile read the project's file
    texts[profile] += f"source {script}\n"
    sourcing = cache.model(_shell_request(cache, project, home, texts, 4))
    assert sourcing is not changed and sourcing is not None
    assert script in sourcing.workspace.files
    cache.invalidate(edit=True)  # now read: its values count
    texts[script] = "export SETTING=3\n"
    assert cache.model(_shell_request(cache, project, home, texts, 5)) is not sourcing
