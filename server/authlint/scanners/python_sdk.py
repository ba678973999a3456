"""The Python SDK scanner: what a ``.py`` file does with ``anthropic``, on tree-sitter-python.

Facts emitted (:class:`~authlint.core.facts.CodeFacts`):

- an :class:`SdkClient` for each construction of an official client
  (``Anthropic``, ``AsyncAnthropic``, ``Client``/``AsyncClient``, and the
  cloud clients ``AnthropicBedrock``, ``AnthropicVertex``, ``AnthropicFoundry``
  and their ``Async`` twins: family ``"anthropic"``, ``constructor`` shows
  which) and of LangChain's ``ChatAnthropic`` (``langchain_anthropic``, also
  the deprecated ``langchain_community``/``langchain`` copies: family
  ``"langchain"``). The callee must come from an import of that package
  (``import anthropic as ai`` → ``ai.Anthropic(...)``, ``from anthropic
  import Anthropic as A`` → ``A(...)``, ``from anthropic import *``); a class
  or function of the same name defined in the file is not the SDK.
- one :class:`SdkArgument` per keyword argument (any name, as written), and
  one named ``"**"`` per ``**mapping`` splat, whose keys are unknown; when
  the mapping is a dict literal (``**{...}``) or a name bound once to one
  (``config = {...}`` then ``**config``), one more per string key of it,
  ``name_span`` on the key, ``value_span`` on the splat in the call and the
  value judged as a keyword argument's (``literal_span`` in the dict).
  ``literal`` is set for ``str``/``bool`` literals (implicit concatenation
  and f-strings without placeholders included, bytes excluded) and for a
  plain name bound exactly once, in the scope the call sees, to such a
  literal (``via_variable`` names it, ``literal_span`` is the bound literal).
  ``env_var`` is set for ``os.environ["X"]``, ``os.environ.get("X"[, d])``
  and ``os.getenv("X"[, d])``, directly or through a name bound once to one;
  a string-literal default ``d`` (also ``os.getenv("X") or "d"``) is then the
  ``literal``, at ``literal_span``: what the client gets when ``X`` is unset.
  Likewise ``settings.field`` (``settings = Settings()``) or ``Settings().field``
  of a ``pydantic_settings.BaseSettings`` class in the file: ``literal`` is the
  field's string default (written plainly, or as pydantic's ``Field("…")`` /
  ``Field(default="…")``), ``env_var`` the variable pydantic-settings reads
  (``env_prefix`` + field name, upper case; a string ``validation_alias`` or
  ``alias`` alone), ``via_variable`` ``Settings.field``.
  ``imported_from`` names another module's constant: a name from-imported at
  module level (``from .config import BASE_URL``), or an attribute of a module
  imported at module level (``from . import config``, ``import app.config as
  cfg``, then ``config.BASE_URL``) that the file never assigns.
- ``constants``: module-level names bound once to a string literal (or an
  environment read's string default), which another module may import.
  ``literal_span`` always covers the literal with its quotes and prefix.
- an :class:`EnvRead` for every such environment read with a literal name
  (anywhere in the file, not only in client arguments; writes such as
  ``os.environ["X"] = v`` and ``del os.environ["X"]`` are not reads).
- a :class:`DotenvLoad` for every ``load_dotenv(...)`` imported from
  ``dotenv`` (``dotenv.load_dotenv``, aliases, ``load_dotenv(find_dotenv())``):
  ``override`` from the keyword (or the fourth positional argument).
- ``imports``: the top-level names of absolute imports (``anthropic``,
  ``langchain_anthropic``, ``dotenv``, ``os``...).

Name resolution is deliberately simple: imports are collected file-wide
(a function-level ``import`` counts everywhere), ``os`` without an import is
still taken to be the ``os`` module, and rebinding an imported name by
assignment (``except ImportError: Anthropic = None``) does not shadow it.

Fast path: a text without ``anthropic`` (any case: ``ChatAnthropic``
imported from ``langchain_community`` has no lower-case one), ``CLAUDE``,
``dotenv`` or ``sk-ant-`` yields empty facts without being parsed, since
every ``.py`` file of a repository is walked.

Sources: ``auth-facts.md`` §4 (SDK clients, environment variables read,
constructor arguments); ``client-behaviour.md`` "Dotenv loaders" table
(``load_dotenv`` keeps existing variables unless ``override=True``);
python-dotenv ``main.py`` (``load_dotenv(dotenv_path, stream, verbose,
override, ...)``).
"""

from __future__ import annotations

import ast
import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Language, Node, Parser, Query, QueryCursor

from authlint.core.facts import (
    CodeFacts,
    Constant,
    DotenvLoad,
    EnvRead,
    FileKind,
    ScannedFile,
    SdkArgument,
    SdkClient,
)
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Span, Utf8Offsets
from authlint.scanners._trigger import has_trigger


@functools.cache
def _language() -> Language:
    """The Python grammar, loaded on first use (a fast server start)."""
    import tree_sitter_python

    return Language(tree_sitter_python.language())


@functools.cache
def _parser() -> Parser:
    """The Python grammar's parser."""
    return Parser(_language())


# The node types pass 1 (:meth:`_Scanner.visit`) acts on; every other node only holds them.
_COLLECTED = (
    "function_definition",
    "class_definition",
    "lambda",
    "import_statement",
    "import_from_statement",
    "assignment",
    "augmented_assignment",
    "named_expression",
    "for_statement",
    "for_in_clause",
    "as_pattern_target",
    "global_statement",
    "nonlocal_statement",
    "call",
    "subscript",
    "ERROR",
)


@functools.cache
def _collected_query() -> Query:
    """One query matching every :data:`_COLLECTED` node (found in C, not by a Python walk)."""
    return Query(_language(), "[" + " ".join(f"({kind})" for kind in _COLLECTED) + "] @node")


_PARSER_LOCK = threading.Lock()
_UNRESOLVED = object()


_ANTHROPIC_CLIENTS = frozenset(
    {
        "Anthropic",
        "AsyncAnthropic",
        "Client",
        "AsyncClient",
        "AnthropicBedrock",
        "AsyncAnthropicBedrock",
        "AnthropicVertex",
        "AsyncAnthropicVertex",
        "AnthropicFoundry",
        "AsyncAnthropicFoundry",
    }
)
_LANGCHAIN_CLIENTS = frozenset({"ChatAnthropic", "ChatAnthropicMessages"})
_LANGCHAIN_PACKAGES = frozenset({"langchain_anthropic", "langchain_community", "langchain"})
# Names a star import makes visible, per module.
_STAR_NAMES = {
    "anthropic": _ANTHROPIC_CLIENTS,
    "langchain_anthropic": _LANGCHAIN_CLIENTS,
    "dotenv": frozenset({"load_dotenv"}),
    "os": frozenset({"environ", "getenv"}),
}
_DOTENV_LOADERS = frozenset({"dotenv.load_dotenv", "dotenv.main.load_dotenv"})
_ENVIRON = "os.environ"
_GETTERS = frozenset({"os.getenv", "os.environ.get"})
_OVERRIDE_POSITION = 3  # load_dotenv(dotenv_path, stream, verbose, override, ...)
_TARGET_TYPES = frozenset({"pattern_list", "tuple_pattern", "list_pattern", "tuple", "list"})
_WRAPPERS = frozenset({"parenthesized_expression"})
_DEFINITIONS = frozenset({"function_definition", "class_definition"})
_BASE_SETTINGS = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
# `env_prefix="APP_"` in `model_config = SettingsConfigDict(...)` or `class Config:`; group 1
# is None when the prefix is not a plain string.
_POPULATE_BY_NAME = re.compile(r"""populate_by_name["']?\s*[=:]\s*True""")
_PYDANTIC_FIELD = frozenset({"pydantic.Field", "pydantic.fields.Field"})
_ENV_PREFIX = re.compile(r"""env_prefix["']?\s*[=:]\s*(?:["']([^"'\\]*)["']|\S)""")


@dataclass
class _Scope:
    """Names bound in one function, class or module body."""

    parent: _Scope | None
    is_class: bool = False
    # name -> the value node of each binding (None: not a plain ``name = value``)
    bindings: dict[str, list[Node | None]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)

    def bind(self, name: str, value: Node | None) -> None:
        self.bindings.setdefault(name, []).append(value)


@dataclass
class _Value:
    literal: str | bool | None = None
    literal_span: Span | None = None
    env_var: str | None = None
    via_variable: str = ""
    imported_from: str = ""


class _Scanner:
    def __init__(self, source: SourceFile) -> None:
        self.text = source.text
        self.index: LineIndex = source.index
        self.offsets = Utf8Offsets(source.text)
        self.ascii = len(self.offsets.data) == len(source.text)
        self.facts = CodeFacts()
        self.module = _Scope(None)
        self.scopes: dict[int, _Scope] = {}  # node id -> scope it opens
        self.aliases: dict[str, str] = {}  # local name -> qualified name (imports)
        self.stars: set[str] = set()  # modules star-imported
        self.defined: set[str] = set()  # names of classes/functions defined in the file
        self.calls: list[tuple[Node, _Scope]] = []
        self.subscripts: list[Node] = []
        self.errors: list[tuple[Node, _Scope]] = []
        self.classes: dict[str, Node] = {}  # module-level classes by name
        self.imported: dict[str, str] = {}  # local name -> "<module>:<name>" (from-imports)
        self.module_imports: dict[str, str] = {}  # local name -> module (module-level ``import``)
        self.attribute_writes: set[str] = set()  # ``config.BASE_URL`` in ``config.BASE_URL = …``
        self.resolved: dict[int, str | None] = {}  # node id -> :meth:`qualified` (pass 2)

    # -- helpers -------------------------------------------------------------

    def span(self, node: Node) -> Span:
        if self.ascii:  # byte offsets are string offsets
            return self.index.span(node.start_byte, node.end_byte)
        return self.index.span(self.offsets.char(node.start_byte), self.offsets.char(node.end_byte))

    def node_text(self, node: Node) -> str:
        if self.ascii:  # byte offsets are string offsets
            return self.text[node.start_byte : node.end_byte]
        return self.text[self.offsets.char(node.start_byte) : self.offsets.char(node.end_byte)]

    # -- pass 1: scopes, bindings, imports -----------------------------------

    def collect(self, root: Node) -> None:
        """Pass 1 over the nodes of :data:`_COLLECTED`, in tree order, each in its scope.

        A tree-sitter query finds them (a Python walk of every node took most of a
        keystroke's scan); a node's scope is the innermost definition or lambda whose
        byte range holds it. A tree with a syntax error is walked (:meth:`walk`):
        error recovery can hang nodes below a token (an ERROR inside ``not in``),
        where the query finds them and the walk of named children does not; so are
        zero-width nodes (which a range cannot place) and a query that gave up.
        """
        if root.has_error:
            self.walk(root)
            return
        cursor = QueryCursor(_collected_query())
        nodes = cursor.captures(root).get("node", [])
        if cursor.did_exceed_match_limit or any(n.start_byte == n.end_byte for n in nodes):
            self.walk(root)
            return
        nodes = _tree_order(nodes)
        openers: list[tuple[int, _Scope]] = []  # (end byte, scope) of enclosing scope nodes
        for node in nodes:
            end = node.end_byte
            while openers and openers[-1][0] < end:
                openers.pop()
            scope = openers[-1][1] if openers else self.module
            inner = self.visit(node, scope)
            if inner is not scope:
                openers.append((end, inner))

    def walk(self, root: Node) -> None:
        """Pass 1 as a walk of every named node (what :meth:`collect` does with a query)."""
        stack: list[tuple[Node, _Scope]] = [(root, self.module)]
        while stack:
            node, scope = stack.pop()
            inner = self.visit(node, scope)
            for child in reversed(node.named_children):
                stack.append((child, inner))

    def visit(self, node: Node, scope: _Scope) -> _Scope:
        """Record what ``node`` binds, imports or calls; returns the scope its children see."""
        kind = node.type
        inner = scope
        if kind == "call":  # the most frequent kind first
            self.calls.append((node, scope))
        elif kind in _DEFINITIONS:
            name = node.child_by_field_name("name")
            if name is not None:
                text = self.node_text(name)
                scope.bind(text, None)
                self.defined.add(text)
                if kind == "class_definition" and scope is self.module:
                    self.classes[text] = node
            inner = _Scope(scope, is_class=kind == "class_definition")
            self.scopes[node.id] = inner
            parameters = node.child_by_field_name("parameters")
            if parameters is not None:
                self.bind_parameters(parameters, inner)
        elif kind == "lambda":
            inner = _Scope(scope)
            parameters = node.child_by_field_name("parameters")
            if parameters is not None:
                self.bind_parameters(parameters, inner)
        elif kind == "import_statement":
            self.import_statement(node, scope)
        elif kind == "import_from_statement":
            self.import_from(node, scope)
        elif kind in ("assignment", "augmented_assignment"):
            self.assignment(node, scope)
        elif kind == "named_expression":
            name = node.child_by_field_name("name")
            if name is not None:
                scope.bind(self.node_text(name), node.child_by_field_name("value"))
        elif kind in ("for_statement", "for_in_clause"):
            self.bind_targets(node.child_by_field_name("left"), scope)
        elif kind == "as_pattern_target":
            self.bind_targets(node.named_children[0] if node.named_children else None, scope)
        elif kind in ("global_statement", "nonlocal_statement"):
            for child in node.named_children:
                if child.type == "identifier":
                    scope.globals.add(self.node_text(child))
        elif kind == "subscript":
            self.subscripts.append(node)
        elif kind == "ERROR":
            self.errors.append((node, scope))
        return inner

    def bind_parameters(self, parameters: Node, scope: _Scope) -> None:
        for child in parameters.named_children:
            if child.type == "identifier":
                scope.bind(self.node_text(child), None)
                continue
            name = child.child_by_field_name("name")
            if name is None:  # *args, **kwargs: the identifier is a plain child
                name = next((c for c in child.named_children if c.type == "identifier"), None)
            if name is not None and name.type == "identifier":
                scope.bind(self.node_text(name), None)

    def bind_targets(self, target: Node | None, scope: _Scope) -> None:
        """Bind every name an assignment target holds (``(a, [b, *c])``), in order; iterative."""
        stack = [target]
        while stack:
            current = stack.pop()
            if current is None:
                continue
            if current.type == "identifier":
                scope.bind(self.node_text(current), None)
            elif current.type == "attribute":
                self.attribute_writes.add(_dotted(self.node_text(current)))
            elif current.type in _TARGET_TYPES or current.type in (
                "list_splat_pattern",
                "list_splat",
            ):
                stack.extend(reversed(current.named_children))

    def assignment(self, node: Node, scope: _Scope) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        while right is not None and right.type == "assignment":  # a = b = "x"
            right = right.child_by_field_name("right")
        if left is None:
            return
        if left.type == "identifier":
            plain = node.type == "assignment" and right is not None
            scope.bind(self.node_text(left), right if plain else None)
        else:
            self.bind_targets(left, scope)

    def import_statement(self, node: Node, scope: _Scope) -> None:
        for child in node.named_children:
            if child.type == "dotted_name":
                module = self.node_text(child)
                top = module.split(".")[0].strip()
                self.facts.imports.add(top)
                self.aliases[top] = top
                scope.bind(top, None)
                if scope is self.module:
                    self.module_imports[top] = top
            elif child.type == "aliased_import":
                name = child.child_by_field_name("name")
                alias = child.child_by_field_name("alias")
                if name is None or alias is None:
                    continue
                module = _dotted(self.node_text(name))
                self.facts.imports.add(module.split(".")[0])
                self.aliases[self.node_text(alias)] = module
                scope.bind(self.node_text(alias), None)
                if scope is self.module:
                    self.module_imports[self.node_text(alias)] = module

    def import_from(self, node: Node, scope: _Scope) -> None:
        module_node = node.child_by_field_name("module_name")
        if module_node is not None and module_node.type == "relative_import":
            # `from .config import X`: another module of the project, never the SDK.
            self.record_imported(node, module_node, _dotted(self.node_text(module_node)), scope)
            return
        if module_node is None or module_node.type != "dotted_name":
            return  # half-typed
        module = _dotted(self.node_text(module_node))
        if scope is self.module:
            self.record_imported(node, module_node, module, None)
        self.facts.imports.add(module.split(".")[0])
        for child in node.named_children:
            if child == module_node:
                continue
            if child.type == "wildcard_import":
                self.stars.add(module.split(".")[0])
            elif child.type == "dotted_name":
                name = _dotted(self.node_text(child))
                self.aliases[name] = f"{module}.{name}"
                scope.bind(name, None)
            elif child.type == "aliased_import":
                name_node = child.child_by_field_name("name")
                alias = child.child_by_field_name("alias")
                if name_node is None or alias is None:
                    continue
                imported = _dotted(self.node_text(name_node))
                self.aliases[self.node_text(alias)] = f"{module}.{imported}"
                scope.bind(self.node_text(alias), None)

    def record_imported(
        self, node: Node, module_node: Node, module: str, scope: _Scope | None
    ) -> None:
        """Note each name a module-level from-import brings in (``scope``: bind them there)."""
        for child in node.named_children:
            if child == module_node:
                continue
            name = alias = None
            if child.type == "dotted_name":
                name = alias = _dotted(self.node_text(child))
            elif child.type == "aliased_import":
                name_node = child.child_by_field_name("name")
                alias_node = child.child_by_field_name("alias")
                if name_node is not None and alias_node is not None:
                    name, alias = _dotted(self.node_text(name_node)), self.node_text(alias_node)
            if name is None or alias is None or "." in name:
                continue
            if scope is not None:
                scope.bind(alias, None)
                if scope is not self.module:
                    continue
            self.imported[alias] = f"{module}:{name}"

    def constants(self) -> dict[str, Constant]:
        """Module-level names bound once to a string literal or an environment read's default.

        Also each string key of a module-level dict bound once and never changed in
        place, named ``CONFIG["base_url"]`` (:func:`dict_entry`).
        """
        found: dict[str, Constant] = {}
        for name, bindings in self.module.bindings.items():
            if len(bindings) != 1 or bindings[0] is None or name in self.module.globals:
                continue
            seen = self.value(bindings[0], self.module)
            if isinstance(seen.literal, str) and seen.literal_span is not None:
                found[name] = Constant(name, seen.literal, seen.literal_span, seen.env_var)
                continue
            # A config dict (`CONFIG = {"base_url": "…"}`): one constant per string key, named
            # `CONFIG["base_url"]`, for `**CONFIG` and `CONFIG["base_url"]` in another module;
            # not when this module changes it after (`CONFIG["base_url"] = …`, `.update(…)`).
            keys = self.splat_arguments(bindings[0], self.module)
            if not keys or self.mutated(name):
                continue
            for key in keys:
                if ":" in key.name or '"' in key.name:
                    continue  # not nameable as `NAME["key"]` after a module path
                if isinstance(key.literal, str) and key.literal_span is not None:
                    entry = dict_entry(name, key.name)
                    found[entry] = Constant(entry, key.literal, key.literal_span, key.env_var)
        return found

    # -- resolution ----------------------------------------------------------

    def qualified(self, node: Node) -> str | None:
        """The imported name an identifier/attribute chain refers to, or ``None``.

        Asked of each call's callee twice (is it an environment read? a client?),
        so remembered per node; only after pass 1, which fills the imports it reads.
        """
        found = self.resolved.get(node.id, _UNRESOLVED)
        if found is _UNRESOLVED:
            found = self.resolved[node.id] = self._qualified(node)
        return found if isinstance(found, str) else None

    def _qualified(self, node: Node) -> str | None:
        attributes: list[str] = []
        node = _unwrap(node)
        while node.type == "attribute":
            base = node.child_by_field_name("object")
            attribute = node.child_by_field_name("attribute")
            if base is None or attribute is None:
                return None
            attributes.append(self.node_text(attribute))
            node = _unwrap(base)
        if node.type != "identifier":
            return None
        name = self.node_text(node)
        if name in self.defined:
            return None
        head = self.aliases.get(name)
        if head is None and self.stars:
            head = next(
                (f"{m}.{name}" for m in sorted(self.stars) if name in _STAR_NAMES.get(m, ())),
                "os" if name == "os" else None,
            )
        elif head is None and name == "os":
            head = "os"
        if head is None:
            return None
        return ".".join([head, *reversed(attributes)])

    def lookup(self, name: str, scope: _Scope) -> list[Node | None] | None:
        """The bindings of ``name`` in the scope a use in ``scope`` sees (None: unbound)."""
        current: _Scope | None = scope
        first = True
        while current is not None:
            if name in current.globals:
                return self.module.bindings.get(name)
            if (first or not current.is_class) and name in current.bindings:
                return current.bindings[name]
            first = False
            current = current.parent
        return None

    def string_value(self, node: Node) -> str | None:
        """The value of a ``str`` literal (no placeholders, not bytes), else ``None``."""
        node = _unwrap(node)
        if node.type not in ("string", "concatenated_string"):
            return None
        try:
            tree = ast.parse(f"({self.node_text(node)})", mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        if isinstance(tree, ast.Constant):
            return tree.value if isinstance(tree.value, str) else None
        if isinstance(tree, ast.JoinedStr):
            parts = [
                v.value
                for v in tree.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
            if len(parts) == len(tree.values):
                return "".join(parts)
        return None

    def name_argument(self, node: Node) -> Node | None:
        """The ``string`` node that names a variable (plain literal, no concatenation)."""
        node = _unwrap(node)
        if node.type != "string" or self.string_value(node) is None:
            return None
        return node

    def env_read(self, node: Node) -> tuple[str, Span] | None:
        """``(name, name_span)`` when ``node`` reads an environment variable by literal name."""
        node = _unwrap(node)
        key: Node | None = None
        if node.type == "subscript":
            value = node.child_by_field_name("value")
            subscripts = node.children_by_field_name("subscript")
            if value is not None and len(subscripts) == 1 and self.qualified(value) == _ENVIRON:
                key = self.name_argument(subscripts[0])
        elif node.type == "call":
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is None or arguments is None or arguments.type != "argument_list":
                return None
            return self.getter_read(function, arguments)
        return self.read_key(key)

    def getter_read(self, function: Node, arguments: Node) -> tuple[str, Span] | None:
        """:meth:`env_read` of a call ``function(arguments)`` (an ``argument_list``)."""
        key: Node | None = None
        if self.qualified(function) in _GETTERS:
            args = [c for c in arguments.named_children if c.type != "comment"]
            if args and args[0].type != "keyword_argument":
                key = self.name_argument(args[0])
            else:
                for arg in args:
                    keyword = arg.child_by_field_name("name")
                    given = arg.child_by_field_name("value")
                    if keyword is not None and given is not None:
                        if self.node_text(keyword) == "key":
                            key = self.name_argument(given)
        return self.read_key(key)

    def read_key(self, key: Node | None) -> tuple[str, Span] | None:
        """``(name, name_span)`` of the ``string`` node naming the variable read (inside quotes)."""
        if key is None:
            return None
        name = self.string_value(key)
        if name is None:
            return None
        start, end = key.start_byte, key.end_byte
        if key.child_count >= 2 and key.children[0].type == "string_start":
            start = key.children[0].end_byte
            if key.children[-1].type == "string_end":
                end = key.children[-1].start_byte
        span = self.index.span(self.offsets.char(start), self.offsets.char(end))
        return name, span

    def value(self, node: Node, scope: _Scope) -> _Value:
        """What an argument's value is: a literal, an environment read, or unknown."""
        node = _unwrap(node)
        if node.type in ("true", "false"):
            return _Value(node.type == "true", self.span(node))
        text = self.string_value(node)
        if text is not None:
            return _Value(text, self.span(node))
        found = self.env_value(node)
        if found is not None:
            return found
        if node.type == "attribute":
            return self.settings_field(node, scope) or self.module_attribute(node, scope)
        if node.type == "subscript":
            return self.imported_entry(node, scope)
        if node.type == "identifier":
            origin = self.imported_name(node, scope)
            if origin:
                return _Value(imported_from=origin)
            name = self.node_text(node)
            bindings = self.lookup(name, scope)
            if bindings is None or len(bindings) != 1 or bindings[0] is None:
                return _Value()
            bound = _unwrap(bindings[0])
            if bound.type in ("true", "false"):
                return _Value(bound.type == "true", self.span(bound), via_variable=name)
            text = self.string_value(bound)
            if text is not None:
                return _Value(text, self.span(bound), via_variable=name)
            found = self.env_value(bound)
            if found is not None:
                found.via_variable = name
                return found
        return _Value()

    def imported_name(self, node: Node, scope: _Scope) -> str:
        """``"<module>:NAME"`` when ``node`` is a name from-imported once at module level.

        ``""`` when this file changes the imported mapping (``NAME["key"] = …``,
        ``NAME.update(…)``): its keys are then not the other module's.
        """
        node = _unwrap(node)
        if node.type != "identifier":
            return ""
        name = self.node_text(node)
        bindings = self.lookup(name, scope)
        if bindings is None or bindings != [None] or name not in self.imported:
            return ""
        if self.module.bindings.get(name) is not bindings or name in self.defined:
            return ""
        if self.mutated(name):
            return ""
        return self.imported[name]

    def mutated(self, name: str) -> bool:
        """Whether the file changes the mapping ``name`` in place (an item set, ``update``…)."""
        pattern = re.compile(
            rf"(?<![\w.]){re.escape(name)}\s*(?:\[[^\]\n]*\]\s*(?:[-+*/|&]?=)(?!=)"
            rf"|\.(?:update|setdefault|pop|popitem|clear|__setitem__)\s*\()"
        )
        return pattern.search(self.text) is not None

    def imported_entry(self, node: Node, scope: _Scope) -> _Value:
        """``CONFIG["base_url"]``, ``CONFIG`` imported: that key of another module's dict."""
        mapping = node.child_by_field_name("value")
        key = node.child_by_field_name("subscript")
        origin = self.imported_name(mapping, scope) if mapping is not None else ""
        name = self.string_value(_unwrap(key)) if key is not None else None
        if not origin or name is None or ":" in name or '"' in name:
            return _Value()
        module, _, constant = origin.partition(":")
        return _Value(imported_from=f"{module}:{dict_entry(constant, name)}")

    def module_attribute(self, node: Node, scope: _Scope) -> _Value:
        """``config.BASE_URL`` where ``config`` names a module: another module's constant.

        ``config`` must be bound once, at module level, by ``from . import config``,
        ``from app import config``, ``import config``, ``import app.config as cfg``
        (or ``import app.config`` then ``app.config.BASE_URL``); ``imported_from``
        is then ``"<module>:BASE_URL"``. An attribute this file assigns
        (``config.BASE_URL = …``) is not the module's constant.
        """
        attributes: list[str] = []
        head = node
        while head.type == "attribute":
            base = head.child_by_field_name("object")
            attribute = head.child_by_field_name("attribute")
            if base is None or attribute is None:
                return _Value()
            attributes.append(self.node_text(attribute))
            head = _unwrap(base)
        if head.type != "identifier":
            return _Value()
        name = self.node_text(head)
        bindings = self.lookup(name, scope)
        if bindings is None or bindings is not self.module.bindings.get(name):
            return _Value()
        if bindings != [None] or name in self.defined:
            return _Value()
        if name in self.imported:
            package, _, imported = self.imported[name].partition(":")
            module = package + imported if package.endswith(".") else f"{package}.{imported}"
        elif name in self.module_imports:
            module = self.module_imports[name]
        else:
            return _Value()
        path = ".".join([name, *reversed(attributes)])
        if path in self.attribute_writes:
            return _Value()
        *inner, constant = reversed(attributes)
        return _Value(imported_from=f"{'.'.join([module, *inner])}:{constant}")

    def env_value(self, node: Node) -> _Value | None:
        """An environment read, with its default when that is a string literal.

        ``os.getenv("X", "d")``, ``os.environ.get("X", default="d")`` and
        ``os.getenv("X") or "d"`` give ``env_var`` ``X`` and ``literal`` ``d``
        (what the client gets when ``X`` is unset); ``None`` when ``node`` reads
        no environment variable.
        """
        node = _unwrap(node)
        default: Node | None = None
        read = self.env_read(node)
        if read is not None and node.type == "call":
            default = self.getter_default(node)
        elif read is None and node.type == "boolean_operator":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator is not None and self.node_text(operator) == "or" and left is not None:
                read = self.env_read(left)
                default = right
        if read is None:
            return None
        text = self.string_value(default) if default is not None else None
        if default is None or text is None:
            return _Value(env_var=read[0])
        return _Value(text, self.span(_unwrap(default)), env_var=read[0])

    def settings_field(self, node: Node, scope: _Scope) -> _Value | None:
        """``settings.field`` / ``Settings().field`` of a pydantic-settings class in this file.

        The field's string default is the ``literal``; ``env_var`` is the variable
        pydantic-settings reads for it (``env_prefix`` + the field name, upper case).
        """
        holder = node.child_by_field_name("object")
        attribute = node.child_by_field_name("attribute")
        if holder is None or attribute is None:
            return None
        holder = _unwrap(holder)
        if holder.type == "identifier":
            bindings = self.lookup(self.node_text(holder), scope)
            if bindings is None or len(bindings) != 1 or bindings[0] is None:
                return None
            holder = _unwrap(bindings[0])
        if holder.type != "call":
            return None
        callee = holder.child_by_field_name("function")
        if callee is None or callee.type != "identifier":
            return None
        cls = self.classes.get(self.node_text(callee))
        if cls is None or not self.is_settings_class(cls):
            return None
        body = self.scopes.get(cls.id)
        field_name = self.node_text(attribute)
        bound = body.bindings.get(field_name) if body is not None else None
        if bound is None or len(bound) != 1 or bound[0] is None:
            return None
        written = self.field_default(bound[0])
        if written is None:
            return None
        literal, alias = written
        default = self.string_value(literal)
        if default is None:
            return None
        if alias is not None:
            # pydantic-settings reads the alias alone (no env_prefix), unless populate_by_name.
            if _POPULATE_BY_NAME.search(self.node_text(cls)):
                return None
            env_var = alias.upper()
        else:
            prefix = _ENV_PREFIX.search(self.node_text(cls))
            if prefix is not None and prefix.group(1) is None:
                return None  # a computed prefix: which variable is read is not known
            env_var = ((prefix.group(1) if prefix else "") + field_name).upper()
        via = f"{self.node_text(callee)}.{field_name}"
        return _Value(default, self.span(_unwrap(literal)), env_var=env_var, via_variable=via)

    def field_default(self, value: Node) -> tuple[Node, str | None] | None:
        """A settings field's default node and the alias it is read under (``None``: its name).

        ``"…"`` as written, or pydantic's ``Field("…")`` / ``Field(default="…")``
        with an optional string ``validation_alias=`` or ``alias=`` (the first
        wins); ``None`` when there is no default, the alias is not a string
        (``AliasChoices``) or an ``env=`` keyword makes the variable depend on
        the pydantic version.
        """
        node = _unwrap(value)
        if node.type != "call":
            return node, None
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or arguments.type != "argument_list":
            return None
        if self.qualified(function) not in _PYDANTIC_FIELD:
            return None
        default: Node | None = None
        aliases: dict[str, Node] = {}
        args = [c for c in arguments.named_children if c.type != "comment"]
        for position, arg in enumerate(args):
            if arg.type in ("list_splat", "dictionary_splat"):
                return None
            if arg.type != "keyword_argument":
                if position == 0:
                    default = arg
                continue
            keyword = arg.child_by_field_name("name")
            given = arg.child_by_field_name("value")
            if keyword is None or given is None:
                return None
            name = self.node_text(keyword)
            if name == "default":
                default = given
            elif name in ("validation_alias", "alias", "env"):
                aliases[name] = given
        if default is None or "env" in aliases:
            return None
        alias_node = aliases.get("validation_alias", aliases.get("alias"))
        if alias_node is None:
            return default, None
        alias = self.string_value(alias_node)
        return None if alias is None or not alias else (default, alias)

    def is_settings_class(self, cls: Node) -> bool:
        """Whether ``cls`` subclasses pydantic-settings' ``BaseSettings``."""
        bases = cls.child_by_field_name("superclasses")
        if bases is None:
            return False
        return any(self.qualified(base) in _BASE_SETTINGS for base in bases.named_children)

    def getter_default(self, call: Node) -> Node | None:
        """The default of ``os.getenv(key, default)`` / ``os.environ.get(...)``, if written."""
        arguments = call.child_by_field_name("arguments")
        if arguments is None:
            return None
        args = [c for c in arguments.named_children if c.type != "comment"]
        for arg in args:
            if arg.type == "keyword_argument":
                keyword = arg.child_by_field_name("name")
                if keyword is not None and self.node_text(keyword) == "default":
                    return arg.child_by_field_name("value")
        positional = [a for a in args if a.type != "keyword_argument"]
        return positional[1] if len(positional) > 1 else None

    # -- pass 2: facts -------------------------------------------------------

    def run(self, root: Node) -> CodeFacts:
        self.collect(root)
        reads: list[tuple[Node, str, Span]] = []
        # (callee, the argument list or the arguments, start and end byte of the call, scope):
        # the arguments and the span are only looked at for a client or a dotenv load.
        sites: list[tuple[Node, Node | list[Node], int, int, _Scope]] = []
        for node, scope in self.calls:  # env_read of each call, its callee looked up once
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is None or arguments is None or arguments.type != "argument_list":
                continue
            read = self.getter_read(function, arguments)
            if read is not None:
                reads.append((node, *read))
                continue
            sites.append((function, arguments, node.start_byte, node.end_byte, scope))
        for node, scope in self.errors:
            sites.extend(self.recover_calls(node, scope))
        sites.sort(key=lambda site: site[0].start_byte)
        for function, listed, start, end, scope in sites:
            target = self.qualified(function)
            if target is None:
                continue
            family = _family(target)
            if family is None and target not in _DOTENV_LOADERS:
                continue
            args = listed if isinstance(listed, list) else listed.named_children
            span = self.index.span(self.offsets.char(start), self.offsets.char(end))
            if family is not None:
                self.client(function, args, span, family, scope)
            else:
                self.dotenv_load(function, args, span)
        for node in self.subscripts:
            read = self.env_read(node)
            if read is not None and not _is_write(node):
                reads.append((node, *read))
        reads.sort(key=lambda item: item[0].start_byte)
        self.facts.env_reads = [EnvRead(name, span, self.span(node)) for node, name, span in reads]
        self.facts.constants = self.constants()
        return self.facts

    def recover_calls(
        self, error: Node, scope: _Scope
    ) -> Iterator[tuple[Node, list[Node], int, int, _Scope]]:
        """Calls left unclosed while typing: ``callee ( kw=value , ...`` inside an ERROR node.

        Each as ``(callee, arguments, start byte, end byte, scope)``.
        """
        children = error.children
        for i in range(len(children) - 1):
            callee, paren = children[i], children[i + 1]
            if callee.type not in ("identifier", "attribute") or paren.type != "(":
                continue
            args: list[Node] = []
            last = paren
            for child in children[i + 2 :]:
                if child.type in ("keyword_argument", "dictionary_splat"):
                    args.append(child)
                elif child.type != ",":
                    break
                last = child
            yield callee, args, callee.start_byte, last.end_byte, scope

    def client(
        self, function: Node, args: list[Node], span: Span, family: str, scope: _Scope
    ) -> None:
        found: list[SdkArgument] = []
        for arg in args:
            if arg.type == "keyword_argument":
                name = arg.child_by_field_name("name")
                value = arg.child_by_field_name("value")
                if name is None or value is None:
                    continue
                seen = self.value(value, scope)
                found.append(
                    SdkArgument(
                        name=self.node_text(name),
                        name_span=self.span(name),
                        value_span=self.span(value),
                        literal=seen.literal,
                        literal_span=seen.literal_span,
                        env_var=seen.env_var,
                        via_variable=seen.via_variable,
                        imported_from=seen.imported_from,
                    )
                )
            elif arg.type == "dictionary_splat":
                operator = arg.children[0]
                expression = arg.named_children[0] if arg.named_children else arg
                origin = self.imported_name(expression, scope)
                found.append(
                    SdkArgument(
                        "**", self.span(operator), self.span(expression), imported_from=origin
                    )
                )
                found.extend(self.splat_arguments(expression, scope))
        self.facts.clients.append(SdkClient(family, self.node_text(function), span, tuple(found)))

    def splat_arguments(self, expression: Node, scope: _Scope) -> list[SdkArgument]:
        """The string keys of ``**{...}`` or ``**config`` (a name bound once to a dict literal).

        Each key gives an argument named as the key, ``name_span`` on the key in
        the dict, ``value_span`` on the splat expression in the call, and the
        value judged as a keyword argument's (``literal_span`` in the dict).
        """
        node = _unwrap(expression)
        via = ""
        if node.type == "identifier":
            bindings = self.lookup(self.node_text(node), scope)
            if bindings is None or len(bindings) != 1 or bindings[0] is None:
                return []
            via = self.node_text(node)
            node = _unwrap(bindings[0])
        if node.type != "dictionary":
            return []
        found: list[SdkArgument] = []
        for pair in node.named_children:
            if pair.type != "pair":
                continue
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            name = self.string_value(key) if key is not None else None
            if key is None or value is None or name is None:
                continue
            seen = self.value(value, scope)
            literal_span = seen.literal_span
            if literal_span is None and seen.literal is not None:
                literal_span = self.span(_unwrap(value))
            found.append(
                SdkArgument(
                    name=name,
                    name_span=self.span(key),
                    value_span=self.span(expression),
                    literal=seen.literal,
                    literal_span=literal_span,
                    env_var=seen.env_var,
                    via_variable=seen.via_variable or via,
                )
            )
        return found

    def dotenv_load(self, function: Node, args: list[Node], span: Span) -> None:
        override: bool | None = False
        positional = 0
        splat = False
        explicit = False
        for arg in args:
            if arg.type == "keyword_argument":
                name = arg.child_by_field_name("name")
                value = arg.child_by_field_name("value")
                if name is not None and value is not None and self.node_text(name) == "override":
                    override, explicit = _bool(_unwrap(value)), True
            elif arg.type in ("dictionary_splat", "list_splat"):
                splat = True
            elif arg.type != "comment":
                if positional == _OVERRIDE_POSITION:
                    override, explicit = _bool(_unwrap(arg)), True
                positional += 1
        if splat and not explicit:
            override = None
        self.facts.dotenv_loads.append(DotenvLoad(self.node_text(function), span, override))


def _tree_order(nodes: list[Node]) -> list[Node]:
    """``nodes`` (none zero-width) in the order of a walk: by start, outer before inner.

    Nodes with the same range are ordered by depth (an ERROR node around a call).
    """
    nodes = sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte))
    ties = [
        i
        for i in range(1, len(nodes))
        if nodes[i].start_byte == nodes[i - 1].start_byte
        and nodes[i].end_byte == nodes[i - 1].end_byte
    ]
    if not ties:
        return nodes
    start = 0
    ordered: list[Node] = []
    while start < len(nodes):
        end = start + 1
        while end < len(nodes) and (nodes[end].start_byte, nodes[end].end_byte) == (
            nodes[start].start_byte,
            nodes[start].end_byte,
        ):
            end += 1
        ordered.extend(sorted(nodes[start:end], key=_depth))
        start = end
    return ordered


def _depth(node: Node) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _dotted(text: str) -> str:
    return ".".join(part.strip() for part in text.split("."))


def _unwrap(node: Node) -> Node:
    while node.type in _WRAPPERS and node.named_child_count == 1:
        child = node.named_children[0]
        node = child
    return node


def _bool(node: Node) -> bool | None:
    if node.type == "true":
        return True
    if node.type == "false":
        return False
    return None


def _family(target: str) -> str | None:
    parts = target.split(".")
    if len(parts) < 2:
        return None
    if parts[0] == "anthropic" and parts[-1] in _ANTHROPIC_CLIENTS:
        return "anthropic"
    if parts[0] in _LANGCHAIN_PACKAGES and parts[-1] in _LANGCHAIN_CLIENTS:
        return "langchain"
    return None


def _is_write(node: Node) -> bool:
    """Whether a subscript is assigned to or deleted rather than read."""
    child = node
    parent = node.parent
    while parent is not None and parent.type in _TARGET_TYPES | _WRAPPERS:
        child, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type in ("assignment", "augmented_assignment"):
        return parent.child_by_field_name("left") == child
    if parent.type == "delete_statement":
        return True
    return parent.type == "for_statement" and parent.child_by_field_name("left") == child


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Python file: returns a :class:`ScannedFile` whose ``code`` holds the facts.

    Never raises on bad syntax: tree-sitter recovers, and whatever is still
    recognisable yields facts. A file without a trigger word is not parsed.
    """
    if not has_trigger(source.text):
        return ScannedFile(source, FileKind.PYTHON, code=CodeFacts(parsed=False))
    scanner = _Scanner(source)
    with _PARSER_LOCK:
        tree = _parser().parse(scanner.offsets.data)
    return ScannedFile(source, FileKind.PYTHON, code=scanner.run(tree.root_node))


def dict_entry(name: str, key: str) -> str:
    """The constant name of ``key`` in the module-level dict ``name``: ``CONFIG["base_url"]``."""
    return f'{name}["{key}"]'


def constants(source: SourceFile) -> dict[str, Constant]:
    """The module constants of a file (:attr:`CodeFacts.constants`), parsed even without a trigger.

    For a module another module of the project imports from (``config.py``
    holding only ``BASE_URL = "…"``), which :func:`scan` leaves unparsed.
    """
    if has_trigger(source.text):
        code = scan(source).code
        return code.constants if code is not None else {}
    scanner = _Scanner(source)
    with _PARSER_LOCK:
        tree = _parser().parse(scanner.offsets.data)
    return scanner.run(tree.root_node).constants
