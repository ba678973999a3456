"""The per-check memo (:mod:`authlint.core.scope`) and the rule helpers that use it.

A rule must find the same with the memo as without it: the memo only saves
asking the same question twice during one check of one file.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authlint.core.context import CheckContext, Platform
from authlint.core.environment import EnvironmentModel
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding
from authlint.core.scope import check_scope, once_per_check, once_per_check_of
from authlint.core.source import SourceFile
from authlint.core.variables import AUTH_VARIABLES
from authlint.rules import all_rules
from authlint.rules._model import definitions_here
from authlint.rules.malformed_api_key import _problems
from authlint.scanners import kind_from_name, scan
from environment import Setup
from keys import api_key, oauth_token

LINUX = Platform.LINUX


# --- the memo ------------------------------------------------------------------------------


def test_outside_a_scope_nothing_is_remembered():
    calls: list[int] = []
    for _ in range(3):
        once_per_check("key", lambda: calls.append(1) or len(calls))
    assert len(calls) == 3


def test_inside_a_scope_each_key_is_computed_once_and_forgotten_after():
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name.upper()

    with check_scope():
        assert once_per_check(("a", 1), lambda: compute("a")) == "A"
        assert once_per_check(("a", 1), lambda: compute("a")) == "A"
        assert once_per_check(("b", 1), lambda: compute("b")) == "B"
    assert calls == ["a", "b"]
    with check_scope():  # a new check asks again
        once_per_check(("a", 1), lambda: compute("a"))
    assert calls == ["a", "b", "a"]


def test_nested_scopes_do_not_share_and_the_outer_one_comes_back():
    with check_scope():
        once_per_check("k", lambda: "outer")
        with check_scope():
            assert once_per_check("k", lambda: "inner") == "inner"
        assert once_per_check("k", lambda: "again") == "outer"


def test_an_exception_is_not_remembered():
    def fail() -> str:
        raise ValueError("no")

    with check_scope():
        with pytest.raises(ValueError):
            once_per_check("k", fail)
        assert once_per_check("k", lambda: "fine") == "fine"


def test_threads_have_their_own_scope():
    seen: list[str] = []
    with check_scope():
        once_per_check("k", lambda: "main")

        def worker() -> None:  # no scope in this thread: computed, not the main thread's value
            seen.append(once_per_check("k", lambda: "worker"))

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen == ["worker"]


def test_objects_are_told_apart_by_identity_not_by_value():
    a, b = [1], [1]  # equal lists, two objects
    with check_scope():
        assert once_per_check_of("n", (a,), lambda: "a") == "a"
        assert once_per_check_of("n", (b,), lambda: "b") == "b"
        assert once_per_check_of("n", (a,), lambda: "again") == "a"
        assert once_per_check_of("n", (a, b), lambda: "pair") == "pair"
        assert once_per_check_of("other", (a,), lambda: "other") == "other"
    assert once_per_check_of("n", (a,), lambda: "outside") == "outside"


def test_objects_stay_alive_while_the_scope_holds_their_answer():
    import gc
    import weakref

    class Thing:
        pass

    with check_scope():
        thing = Thing()
        ref = weakref.ref(thing)
        once_per_check_of("n", (thing,), lambda: 1)
        del thing
        gc.collect()
        assert ref() is not None  # its id cannot be taken by a new object during the check
    gc.collect()
    assert ref() is None


# --- rules with and without the memo -----------------------------------------------------------


def _scenario(setup: Setup) -> list:
    """Files that exercise the cross-file rules: a .env, a template, Compose, code, a profile."""
    key, other = api_key("scope-a"), api_key("scope-b")
    paths = [
        setup.write(
            ".env",
            f"SETTING=1\nANTHROPIC_API_KEY={key}\nANTHROPIC_BASE_URL=https://gw.example.com/v1\n"
            "ANTHROPIC_AUTH_TOKEN=\nANTHROPIC_CUSTOM_HEADERS=x-team: a\n"
            f"CLAUDE_CODE_OAUTH_TOKEN={oauth_token('scope')}\nANTHROPIC_API_KEY={other}\n",
        ),
        setup.write(".env.example", "ANTHROPIC_API_KEY=\nANTHROPIC_BASE_URL=\n"),
        setup.write(
            "compose.yaml",
            "services:\n  app:\n    image: node\n    environment:\n"
            "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n      ANTHROPIC_BASE_URL: https://x.io\n"
            "  worker:\n    image: python\n    environment:\n"
            f"      - ANTHROPIC_API_KEY={key}\n      - ANTHROPIC_AUTH_TOKEN=tok\n",
        ),
        setup.write(
            "src/app.py",
            "from dotenv import load_dotenv\nimport anthropic\n\nload_dotenv()\n"
            "client = anthropic.Anthropic(base_url='https://gw.example.com')\n",
        ),
        setup.write(
            "index.js",
            "import 'dotenv/config';\nimport Anthropic from '@anthropic-ai/sdk';\n"
            "const client = new Anthropic({ baseURL: 'https://gw.example.com/v1' });\n",
        ),
        setup.write(
            "~/.bashrc",
            f"export ANTHROPIC_API_KEY={other}\nexport ANTHROPIC_BASE_URL=https://api.anthropic.com\n",
        ),
        setup.write(
            "~/.claude/settings.json",
            '{"env": {"ANTHROPIC_AUTH_TOKEN": "sk-or-v1-x", "ANTHROPIC_BASE_URL": '
            '"https://openrouter.ai/api/v1", "ANTHROPIC_CUSTOM_HEADERS": "x-a: b", '
            '"ANTHROPIC_BETAS": "context-1m-2025-08-07", "ANTHROPIC_API_KEY": "sk-ant-api03-x"}}\n',
        ),
    ]
    setup.write("pyproject.toml", "[project]\nname = 'demo'\ndependencies = ['anthropic>=2']\n")
    return paths


def _scanned(path) -> ScannedFile:
    kind = kind_from_name(path)
    assert kind is not None, path
    return scan(SourceFile.read(path), kind)


def _run(rule, views: list[ScannedFile], context: CheckContext) -> list[Finding]:
    return list(dict.fromkeys(f for view in views for f in rule.check(view, context)))


def test_every_rule_finds_the_same_with_the_memo_as_without(tmp_path):
    setup = Setup(tmp_path)
    paths = _scenario(setup)
    model = setup.model(LINUX, "bash")
    context = CheckContext(platform=LINUX, home=setup.home, environment=model)
    reported = 0
    for path in paths:
        file = _scanned(path)
        views = file.env_blocks()
        rules = [r for r in all_rules() if file.kind in r.kinds]
        alone = {r.code: _run(r, views, context) for r in rules}
        with check_scope():  # one scope for all rules of the file, as the engine opens it
            together = {r.code: _run(r, views, context) for r in rules}
        assert together == alone, path
        reported += sum(map(len, alone.values()))
    assert reported  # the scenario does give findings to compare


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> tuple[EnvironmentModel, list[ScannedFile]]:
    """The scenario's model and the environment blocks of its files (built once)."""
    setup = Setup(tmp_path_factory.mktemp("scope"))
    paths = _scenario(setup)
    model = setup.model(LINUX, "bash")
    return model, [view for path in paths for view in _scanned(path).env_blocks()]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_definitions_here_per_variable_set_agree_with_and_without_the_memo(scenario, data):
    model, views = scenario
    names = sorted(AUTH_VARIABLES | {"SETTING", "ANTHROPIC_CUSTOM_HEADERS"})
    asks = data.draw(
        st.lists(st.frozensets(st.sampled_from(names), min_size=1), min_size=1, max_size=6)
    )
    for view in views:
        alone = [list(definitions_here(view, model, variables=v)) for v in asks]
        with check_scope():
            together = [list(definitions_here(view, model, variables=v)) for v in asks]
        assert together == alone
        for variables, found in zip(asks, alone, strict=True):
            assert all(d.variable in variables for d in found)


def test_the_scenario_has_definitions_to_compare(scenario):
    model, views = scenario
    assert sum(len(list(definitions_here(v, model))) for v in views) >= 4


_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


@given(body=st.text(alphabet=_KEY_CHARS, min_size=93, max_size=93))
def test_a_whole_api_key_has_no_problem_for_malformed_api_key(body):
    """AL101 skips values that match the whole key shape: ``_problems`` finds nothing there."""
    problems, _ = _problems(f"sk-ant-api03-{body}AA")
    assert problems == []


def test_causes_at_with_the_outcome_index_is_causes_at_without(scenario):
    from authlint.outcome import outcomes
    from authlint.outcome.weigh import OutcomeIndex, causes_at

    model, views = scenario
    found = tuple(outcomes(model))
    index = OutcomeIndex(found)
    causes = [c for o in found for c in o.causes]
    assert causes  # the scenario has failing outcomes to look up
    places = {(c.path, c.span) for c in causes} | {
        (v.source.path, a.name_span) for v in views for a in v.assignments
    }
    for path, span in places:
        for kinds in (None, frozenset({c.kind for c in causes[:1]})):
            assert causes_at(found, path, span, kinds, index) == causes_at(found, path, span, kinds)
    other = OutcomeIndex(found[:1])  # built from another sequence: not used
    for path, span in places:
        assert causes_at(found, path, span, None, other) == causes_at(found, path, span)


def test_a_reused_context_and_a_new_model_give_fresh_findings(tmp_path):
    """The engine keeps one copy of a reused context per model: a new model is seen at once."""
    from authlint.core.settings import Settings
    from authlint.engine import check_scanned

    setup = Setup(tmp_path)
    paths = _scenario(setup)
    dotenv = paths[0]
    settings = Settings(select=("AL9",))
    model = setup.model(LINUX, "bash")
    context = CheckContext(platform=LINUX, home=setup.home, environment=model)
    first = check_scanned(_scanned(dotenv), context, settings)
    assert first
    assert check_scanned(_scanned(dotenv), context, settings) == first  # the same context again
    fresh = CheckContext(platform=LINUX, home=setup.home, environment=model)
    assert check_scanned(_scanned(dotenv), fresh, settings) == first
    # The profile's key goes: a model built now no longer sees it shadow the .env's.
    paths[5].write_text("export ANTHROPIC_BASE_URL=https://api.anthropic.com\n", encoding="utf-8")
    changed = CheckContext(platform=LINUX, home=setup.home, environment=setup.model(LINUX, "bash"))
    after = check_scanned(_scanned(dotenv), changed, settings)
    lines = [(f.code, f.span.start.line) for f in after]
    assert [(f.code, f.span.start.line) for f in first] == [("AL901", 1), ("AL901", 2)]
    assert lines == [("AL901", 2)]  # line 2 (the base URL) is still shadowed, the key no more
