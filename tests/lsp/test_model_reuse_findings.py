"""A model kept across keystrokes gives exactly the diagnostics of a model read afresh (issue 15).

The server keeps the environment model while an edit leaves what the model
reads of the open documents unchanged (:func:`authlint.lsp.diagnostics.model_signature`).
Each keystroke below is checked twice: with the server's cache, which keeps the
model whenever it may, and with a new cache, which reads everything again;
the diagnostics must be the same, field for field.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.workspace import PositionCodec

import keys
from authlint.lsp.diagnostics import Environment, Snapshot, lint
from authlint.lsp.environment import EnvironmentCache, ModelRequest
from authlint.lsp.settings import ServerSettings

KEY = keys.api_key("model-reuse")

BASE = "\n".join(
    [
        "# service settings",
        *(f"SETTING_{i}=value-{i}  # note" for i in range(40)),
        f"ANTHROPIC_API_KEY={KEY}",
        "ANTHROPIC_BASE_URL=https://gateway.example.com",
        "CLAUDE_CODE_USE_BEDROCK=1",
        "AWS_REGION=us-east-1",
        "OPENAI_API_KEY=placeholder",
    ]
)


def _edits() -> list[str]:
    """Keystrokes: in values the model does not follow, in comments, in followed values."""
    texts = [BASE]
    for i in range(12):
        texts.append(BASE.replace("value-20", f"value-2{i}"))  # typing in a value
    texts += [
        BASE.replace("# note", "# a longer note", 3),  # comments
        BASE.replace("AWS_REGION=us-east-1", "AWS_REGION=eu-west-1"),  # not followed
        BASE.replace("SETTING_3=value-3", "SETTING_3 = value-3"),  # a slip
        BASE.replace("SETTING_4=value-4", "SETTING_4: value-4"),  # unparsable
        BASE + "\nSETTING_1=again",  # a duplicate
        BASE + "\nANTROPIC_API_KEY=typo",  # a misspelled name
        BASE.replace("gateway.example.com", "api.anthropic.com"),  # a followed value
        BASE.replace("CLAUDE_CODE_USE_BEDROCK=1", "CLAUDE_CODE_USE_BEDROCK=0"),
        "# moved\n" + BASE,  # every followed definition moves
        BASE.replace("value-20", "value-99"),
        BASE.replace(f"ANTHROPIC_API_KEY={KEY}", "ANTHROPIC_API_KEY="),
        BASE.replace(f"ANTHROPIC_API_KEY={KEY}", "ANTHROPIC_API_KEY=").replace("value-1", "v"),
    ]
    return texts


def _diagnostics(
    cache: EnvironmentCache, home: Path, project: Path, text: str, version: int
) -> list[object]:
    path = project / ".env"
    config = ServerSettings()
    snapshot = Snapshot(path.as_uri(), path, ".env", "dotenv", version, text)
    request = ModelRequest(
        cache.generation, project, home, config.effective_platform, (snapshot,), config.shell
    )
    env = Environment(
        config,
        PositionCodec(types.PositionEncodingKind.Utf16),
        home,
        {path: text},
        functools.partial(cache.model, request),
    )
    converter = get_converter()
    return [converter.unstructure(d) for d in lint(snapshot, env)]


def test_a_kept_model_gives_the_diagnostics_of_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    project = home / "proj"
    project.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (home / ".zshrc").write_text(
        f"export ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_BASE_URL=https://other.example\n"
    )
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (project / "app.py").write_text(
        "from dotenv import load_dotenv\nimport anthropic\n\nload_dotenv()\n"
        "client = anthropic.Anthropic()\n"
    )
    (project / ".env").write_text(BASE)
    kept = EnvironmentCache()
    kept.invalidate(disk=True)
    codes: set[str] = set()
    reused = 0
    previous = None
    for version, text in enumerate(_edits(), start=1):
        kept.invalidate(edit=True)
        mine = _diagnostics(kept, home, project, text, version)
        model = kept.model(
            ModelRequest(
                kept.generation,
                project,
                home,
                ServerSettings().effective_platform,
                (
                    Snapshot(
                        (project / ".env").as_uri(),
                        project / ".env",
                        ".env",
                        "dotenv",
                        version,
                        text,
                    ),
                ),
                None,
            )
        )
        reused += model is previous
        previous = model
        fresh = EnvironmentCache()
        fresh.invalidate(disk=True)
        assert mine == _diagnostics(fresh, home, project, text, version), text
        codes.update(str(d["code"]) for d in mine if isinstance(d, dict))
    assert reused >= 10  # the model was kept for the keystrokes that allow it...
    assert any(code.startswith("AL9") for code in codes), codes  # ...with cross-file findings
