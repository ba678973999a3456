"""Pass 1 of the Python SDK scanner: the query (``collect``) and the walk of every node agree.

``_Scanner.collect`` finds the nodes it acts on with one tree-sitter query and
places each in its scope by byte range; ``_Scanner.walk`` visits every named
node. Both must leave the scanner in the same state (bindings in the same
order, the same scopes, calls, subscripts and ERROR nodes), so the facts,
and every finding built on them, do not depend on which one ran.
"""

from __future__ import annotations

from typing import Any

import pytest

from authlint.core.facts import CodeFacts
from authlint.core.source import SourceFile
from authlint.scanners import python_sdk
from keys import api_key

KEY = api_key("collect")

SOURCES = [
    "import anthropic\nclient = anthropic.Anthropic()\n",
    "from anthropic import Anthropic as A, AsyncAnthropic\nc = A(api_key='x')\n",
    "from anthropic import *\nfrom dotenv import *\nload_dotenv()\nc = Anthropic()\n",
    # scopes: functions, classes, lambdas, comprehensions, decorators, defaults
    "import os\nimport anthropic\n\n"
    "KEY = os.environ['ANTHROPIC_API_KEY']\n\n"
    "def make(key=os.getenv('A', 'd'), *args, base=None, **kwargs):\n"
    "    key = os.environ.get('B')\n"
    "    f = lambda key=os.getenv('C'): anthropic.Anthropic(api_key=key)\n"
    "    return anthropic.Anthropic(api_key=key, base_url=base)\n\n"
    "class Holder:\n"
    "    key = 'class-level'\n"
    "    def client(self):\n"
    "        return anthropic.Anthropic(api_key=key)\n\n"
    "@decorate(os.getenv('D'))\n"
    "def other():\n"
    "    global KEY\n"
    "    KEY = 'changed'\n"
    "    values = [os.environ[name] for name in ('E', 'F') if (n := len(name))]\n"
    "    def inner():\n"
    "        nonlocal values\n"
    "        values = {k: v for k, v in os.environ.items()}\n"
    "    return values\n",
    # bindings of every shape
    "import anthropic\n"
    "a = b = 'x'\n"
    "c, (d, [e, *f]) = 1, (2, [3, 4])\n"
    "g += 1\n"
    "for h, i in pairs:\n    pass\n"
    "with open(p) as j, ctx() as (k, m):\n    pass\n"
    "try:\n    pass\nexcept ImportError as n:\n    Anthropic = None\n"
    "match command:\n    case {'key': str() as o}:\n        pass\n"
    "config = {'api_key': a, **rest}\n"
    "client = anthropic.Anthropic(**config, **{'base_url': 'https://example.invalid'})\n",
    # pydantic-settings and module constants
    "from pydantic_settings import BaseSettings\nfrom pydantic import Field\nimport anthropic\n"
    "class Settings(BaseSettings):\n"
    "    model_config = SettingsConfigDict(env_prefix='APP_')\n"
    "    key: str = Field(default='k', validation_alias='MY_KEY')\n"
    "settings = Settings()\n"
    "client = anthropic.Anthropic(api_key=settings.key)\n",
    "from .config import BASE_URL\nfrom . import config\nimport app.config as cfg\n"
    "import anthropic\nCONFIG = {'base_url': BASE_URL}\nCONFIG['x'] = 1\n"
    "c = anthropic.Anthropic(base_url=cfg.URL, **CONFIG)\n"
    "d = anthropic.Anthropic(base_url=config.B)\n",
    f'import anthropic\nclient = anthropic.Anthropic(api_key="{KEY}")\n',
    "import anthropic\nx = anthropic.Anthropic()(y)(z)[0][1]\nw = (((anthropic.Anthropic)))()\n",
    "import anthropic\n"
    + "".join(f"def h{i}(e):\n    return e.get('k{i}', {i})\n\n" for i in range(40)),
    "# nothing but a comment about anthropic\n",
    "",
]

BROKEN = [
    "import anthropic\nclient = anthropic.Anthropic(api_key='k', base_url=\n",
    "import anthropic\nc = anthropic.Anthropic(api_key='k'\nif x\n    y = (\n",
    "from dotenv import load_dotenv\nload_dotenv(override=True\n",
    # Error recovery hangs an ERROR node below the `not in` token: the query finds it, the
    # walk of named children does not, so a tree with an error is walked.
    "import anthropic\nclass UserError(BadRequestErrods on a user that does not exist in the "
    "organization or is no longer active. The request either names this user by ID, or names "
    "a resource, such as an External Key, that is bound to it.\n" + '    """\n',
    "\x00anthropic\udcff(\n",
]


def _node(node: Any) -> tuple[str, int, int] | None:
    return None if node is None else (node.type, node.start_byte, node.end_byte)


def _scope(scope: Any) -> tuple[object, ...]:
    chain = []
    while scope is not None:
        bindings = tuple(
            (name, tuple(_node(value) for value in values))
            for name, values in scope.bindings.items()
        )
        chain.append((scope.is_class, bindings, tuple(sorted(scope.globals))))
        scope = scope.parent
    return tuple(chain)


def _state(scanner: Any) -> tuple[object, ...]:
    """Everything pass 1 leaves behind, with nodes as (type, start, end)."""
    return (
        [(_node(node), _scope(scope)) for node, scope in scanner.calls],
        [_node(node) for node in scanner.subscripts],
        [(_node(node), _scope(scope)) for node, scope in scanner.errors],
        _scope(scanner.module),
        {key: _scope(scope) for key, scope in scanner.scopes.items()},
        dict(scanner.aliases),
        set(scanner.stars),
        set(scanner.defined),
        {name: _node(node) for name, node in scanner.classes.items()},
        dict(scanner.imported),
        dict(scanner.module_imports),
        set(scanner.attribute_writes),
    )


def _both(text: str) -> tuple[tuple[object, ...], tuple[object, ...], CodeFacts, CodeFacts]:
    source = SourceFile(None, text)
    queried, walked = python_sdk._Scanner(source), python_sdk._Scanner(source)
    tree = python_sdk._parser().parse(queried.offsets.data)
    walked.collect = walked.walk  # type: ignore[method-assign]
    queried_facts = queried.run(tree.root_node)
    walked_facts = walked.run(tree.root_node)
    return _state(queried), _state(walked), queried_facts, walked_facts


@pytest.mark.parametrize("text", SOURCES + BROKEN)
def test_query_and_walk_agree(text: str) -> None:
    queried, walked, queried_facts, walked_facts = _both(text)
    assert queried == walked
    assert queried_facts == walked_facts


def test_every_prefix_agrees() -> None:
    """Half-typed files (every line of a file cut short, and at every line end) agree too."""
    text = SOURCES[3] + SOURCES[4]
    cuts = {len(text)}
    offset = 0
    for line in text.splitlines(keepends=True):
        cuts.update((offset + len(line) // 2, offset + len(line)))
        offset += len(line)
    for cut in sorted(cuts):
        queried, walked, queried_facts, walked_facts = _both(text[:cut])
        assert queried == walked, cut
        assert queried_facts == walked_facts, cut


def test_error_free_code_is_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    def walk(self: object, root: object) -> None:
        raise AssertionError("walked")

    monkeypatch.setattr(python_sdk._Scanner, "walk", walk)
    for text in SOURCES:
        python_sdk.scan(SourceFile(None, text))


@pytest.mark.parametrize("text", BROKEN[:4])
def test_code_with_a_syntax_error_is_walked(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[bool] = []
    original = python_sdk._Scanner.walk

    def walk(self: python_sdk._Scanner, root: Any) -> None:
        walked.append(True)
        original(self, root)

    monkeypatch.setattr(python_sdk._Scanner, "walk", walk)
    python_sdk.scan(SourceFile(None, text))
    assert walked == [True]


def test_a_changed_text_gives_fresh_facts() -> None:
    """Nothing is remembered between scans: each keystroke's text gives its own facts."""
    before = python_sdk.scan(
        SourceFile(None, 'import anthropic\nc = anthropic.Anthropic(api_key="a")\n')
    )
    after = python_sdk.scan(
        SourceFile(None, 'import anthropic\nc = anthropic.Anthropic(api_key="b")\n')
    )
    assert before.code is not None and after.code is not None
    assert [a.literal for a in before.code.clients[0].arguments] == ["a"]
    assert [a.literal for a in after.code.clients[0].arguments] == ["b"]
