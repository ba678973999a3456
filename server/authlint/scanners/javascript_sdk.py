"""The JavaScript/TypeScript SDK scanner, on tree-sitter-typescript and tree-sitter-javascript.

The grammar follows the file name: TypeScript for ``.ts``/``.mts``/``.cts``,
its TSX dialect for ``.tsx`` (and for buffers without a usable name),
JavaScript (which includes JSX) for ``.js``/``.mjs``/``.cjs``/``.jsx``.

Facts emitted (:class:`~authlint.core.facts.CodeFacts`):

- an :class:`SdkClient` for ``new Anthropic({...})`` whose callee is imported
  from ``@anthropic-ai/sdk`` (default or named import, any local alias,
  ``import * as sdk`` → ``new sdk.Anthropic()``, ``require`` in all its
  forms, ``import X = require(...)``, ``await import(...)``), family
  ``"anthropic"``; likewise ``AnthropicBedrock`` from
  ``@anthropic-ai/bedrock-sdk`` and ``AnthropicVertex`` from
  ``@anthropic-ai/vertex-sdk`` (``constructor`` shows which);
  ``createAnthropic({...})`` from ``@ai-sdk/anthropic`` (family
  ``"ai-sdk"``); ``new ChatAnthropic({...})`` from ``@langchain/anthropic``
  (family ``"langchain"``). A class or function declared in the file under
  the same name is not the SDK; without ``new`` the classes are not clients.
- one :class:`SdkArgument` per property of the options object (written
  inline, or a name bound once to an object literal, whose properties are
  then reported where that object is written): ``{ key: value }`` with the
  key as written (``apiKey``, ``authToken``, ``baseURL``, ``baseUrl``,
  ``dangerouslyAllowBrowser``...), shorthand ``{ apiKey }`` (value resolved
  through the binding of ``apiKey``), and ``"..."`` for a spread element, or
  for an options argument that is not an object, whose keys are unknown.
  ``literal`` is set for string literals, template literals without
  substitutions and booleans, directly or through a name bound exactly once
  to one in the scope the call sees (``via_variable``, ``literal_span``);
  ``env_var`` for ``process.env.X``, ``process.env["X"]`` and
  ``import.meta.env.X``; with a string-literal fallback (``process.env.X ??
  "d"``, ``process.env.X || "d"``) ``literal`` is the fallback, at
  ``literal_span``: what the client gets when ``X`` is unset. TypeScript
  wrappers (``x!``, ``x as string``, ``x satisfies T``, ``<T>x``) and
  parentheses are looked through. ``imported_from`` (``"./config:BASE_URL"``)
  names a constant imported from a relative specifier (``import { BASE_URL }
  from "./config"``, ``import * as config`` then ``config.BASE_URL``, or
  destructured from ``require("./config")``), when that import is the name's
  only binding in the module.
- ``constants``: the exported module-level ``const`` names bound once to a
  string literal or an environment fallback (``export const BASE_URL =
  "…"``, ``export { URL as BASE_URL }``), by exported name.
- an :class:`EnvRead` for each of those reads anywhere in the file, and for
  each key destructured from ``process.env`` (``const { X } = process.env``);
  assignments and ``delete`` are not reads.
- a :class:`DotenvLoad` for ``require("dotenv").config(...)``,
  ``dotenv.config(...)``, ``config(...)`` imported from ``dotenv``
  (``override`` from a literal ``override:`` option, ``False`` when absent,
  ``None`` when computed or possibly set by a spread), and
  ``import "dotenv/config"`` / ``require("dotenv/config")`` (``False``).
- ``imports``: every module specifier imported, re-exported or required, as
  written and, for Deno/CDN specifiers (``npm:@anthropic-ai/sdk@0.70.0``,
  ``https://esm.sh/@anthropic-ai/sdk@0.20.0``), also as the package name,
  which is what clients are matched on.

Scopes are functions (``const``/``let`` in a block count toward the
enclosing function: a name declared in two blocks is "bound twice", which
only ever hides a literal).

Fast path: a text without ``anthropic`` (any case), ``CLAUDE``, ``dotenv``
or ``sk-ant-`` yields empty facts without being parsed.

Sources: ``auth-facts.md`` §4 (TS SDK options ``apiKey``/``authToken``/
``baseURL``, ``dangerouslyAllowBrowser``; §4.3 ``@ai-sdk/anthropic`` base URL
with ``/v1``); ``client-behaviour.md`` "Dotenv loaders" table (node dotenv
keeps existing variables unless ``{override: true}``); motdotla/dotenv
README (``config``, ``dotenv/config``).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Language, Node, Parser

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

_SUFFIXES = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
}


@functools.cache
def _parser(grammar: str) -> Parser:
    """The parser of ``grammar`` (a :data:`_SUFFIXES` value), loaded on first use."""
    if grammar == "javascript":
        import tree_sitter_javascript

        return Parser(Language(tree_sitter_javascript.language()))
    import tree_sitter_typescript

    if grammar == "tsx":
        return Parser(Language(tree_sitter_typescript.language_tsx()))
    return Parser(Language(tree_sitter_typescript.language_typescript()))


_PARSER_LOCK = threading.Lock()

# (module specifier, export path) -> (family, needs ``new``)
_SDK = "@anthropic-ai/sdk"
_CLOUD = {
    "@anthropic-ai/bedrock-sdk": "AnthropicBedrock",
    "@anthropic-ai/vertex-sdk": "AnthropicVertex",
}
_AI_SDK = "@ai-sdk/anthropic"
_LANGCHAIN = "@langchain/anthropic"
_LANGCHAIN_CLIENTS = frozenset({"ChatAnthropic", "ChatAnthropicMessages"})
_DOTENV = "dotenv"
_DOTENV_CONFIG = frozenset({"config", "configDotenv"})
_DOTENV_SIDE_EFFECT = "dotenv/config"
_PROCESS_MODULES = frozenset({"process", "node:process"})

_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "non_null_expression",
        "as_expression",
        "satisfies_expression",
        "type_assertion",
        "await_expression",
    }
)
_SCOPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "generator_function_declaration",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_DECLARATIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "abstract_class_declaration",
    }
)
_ESCAPE = re.compile(
    r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])",
)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
    "\n": "",
    "\r": "",
    "\r\n": "",
    "\u2028": "",
    "\u2029": "",
}

_CDN = re.compile(
    r"https?://(?:esm\.sh|esm\.run|cdn\.skypack\.dev|cdn\.jsdelivr\.net/npm|unpkg\.com)/"
)
_PACKAGE = re.compile(r"(@[^/@]+/[^/@]+|[^/@]+)(?:@[^/]*)?(/.*)?\Z")

Resolved = tuple[str, tuple[str, ...]]


@dataclass
class _Scope:
    parent: _Scope | None
    is_class: bool = False
    bindings: dict[str, list[Node | None]] = field(default_factory=dict)

    def bind(self, name: str, value: Node | None) -> None:
        self.bindings.setdefault(name, []).append(value)


# A destructuring path as links from the innermost key outwards (``None`` ends it).
_PathLink = tuple[str, "_PathLink"] | None


def _path(link: _PathLink) -> tuple[str, ...]:
    """The keys of a path link chain, outermost first."""
    keys: list[str] = []
    while link is not None:
        keys.append(link[0])
        link = link[1]
    return tuple(reversed(keys))


@dataclass
class _Value:
    literal: str | bool | None = None
    literal_span: Span | None = None
    env_var: str | None = None
    via_variable: str = ""
    imported_from: str = ""


@dataclass
class _Site:
    """A call or ``new``: the callee, the argument nodes and the span to report."""

    callee: Node
    arguments: list[Node | _PseudoObject]
    span: Span
    scope: _Scope
    new: bool
    node: Node | None = None  # the call node (None when recovered from an ERROR)


def _decode(raw: str, template: bool) -> str:
    if template:  # template literals normalise line terminators
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[escape]
        if escape[0] == "u":
            return chr(int(escape[1:].strip("{}"), 16) & 0x1FFFFF)
        if escape[0] == "x":
            return chr(int(escape[1:], 16))
        return escape

    text = _ESCAPE.sub(replace, raw)
    try:  # join surrogate pairs written as two \\u escapes
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return text


def module_name(spec: str) -> str:
    """The package (and subpath) a specifier names, without Deno/CDN decoration.

    ``npm:@anthropic-ai/sdk@0.70.0`` and ``https://esm.sh/@anthropic-ai/sdk@0.20.0?target=deno``
    give ``@anthropic-ai/sdk``; any other specifier is returned unchanged.
    """
    text = spec.split("?", 1)[0].split("#", 1)[0]
    if text.startswith(("npm:", "jsr:")):
        text = text[4:].lstrip("/")
    else:
        cdn = _CDN.match(text)
        if cdn is None:
            return spec
        text = text[cdn.end() :]
    match = _PACKAGE.match(text)
    return spec if match is None else match.group(1) + (match.group(2) or "")


def _unwrap(node: Node) -> Node:
    while node.type in _WRAPPERS:
        inner = node.named_children[0] if node.named_children else None
        if inner is None or inner.type in ("type_annotation", "type_arguments"):
            break
        if node.type == "type_assertion":  # <T>expr: the expression is the last child
            inner = node.named_children[-1]
        node = inner
    return node


def _normalise(resolved: Resolved) -> Resolved:
    """Treat ``default`` exports and ``node:process`` like the plain module object."""
    module, path = resolved
    if module in _PROCESS_MODULES:
        module = "process"
    if module in (_DOTENV, "process") and path[:1] == ("default",):
        path = path[1:]
    return module, path


def _family(resolved: Resolved, new: bool) -> str | None:
    module, path = resolved
    if module == _SDK or module.startswith(_SDK + "/"):
        return "anthropic" if new and path in ((), ("default",), ("Anthropic",)) else None
    if module in _CLOUD:
        accepted = ((), ("default",), (_CLOUD[module],))
        return "anthropic" if new and path in accepted else None
    if module == _AI_SDK:
        return "ai-sdk" if path == ("createAnthropic",) else None
    if module == _LANGCHAIN:
        return "langchain" if new and len(path) == 1 and path[0] in _LANGCHAIN_CLIENTS else None
    return None


class _Scanner:
    def __init__(self, source: SourceFile) -> None:
        self.text = source.text
        self.index: LineIndex = source.index
        self.offsets = Utf8Offsets(source.text)
        self.facts = CodeFacts()
        self.module = _Scope(None)
        self.aliases: dict[str, Resolved] = {}
        self.alias_nodes: list[tuple[Node, Node]] = []  # (pattern, value) of declarators
        self.defined: set[str] = set()
        self.sites: list[_Site] = []
        self.members: list[Node] = []
        self.errors: list[tuple[Node, _Scope]] = []
        self.loads: list[tuple[int, DotenvLoad]] = []
        self.consts: set[str] = set()  # module-level names declared with ``const``
        self.exports: list[tuple[str, str]] = []  # (exported name, local name), in order

    # -- helpers -------------------------------------------------------------

    def span(self, node: Node) -> Span:
        return self.index.span(self.offsets.char(node.start_byte), self.offsets.char(node.end_byte))

    def node_text(self, node: Node) -> str:
        return self.text[self.offsets.char(node.start_byte) : self.offsets.char(node.end_byte)]

    def string_value(self, node: Node) -> str | None:
        """A string literal or a template literal without substitutions, else ``None``."""
        node = _unwrap(node)
        if node.type == "string":
            template = False
        elif node.type == "template_string":
            template = True
            if any(c.type == "template_substitution" for c in node.children):
                return None
        else:
            return None
        if any(c.type == "ERROR" or c.is_missing for c in node.children):
            return None
        text = self.node_text(node)
        if len(text) < 2 or text[0] != text[-1]:
            return None
        return _decode(text[1:-1], template)

    def specifier(self, source: Node | None) -> str | None:
        """The module a specifier string names (see :func:`module_name`); records the import."""
        spec = self.string_value(source) if source is not None else None
        if spec is None:
            return None
        name = module_name(spec)
        self.facts.imports.update((spec, name))
        return name

    def content_span(self, node: Node) -> Span:
        """The span inside a string's quotes."""
        start = self.offsets.char(node.start_byte) + 1
        return self.index.span(start, max(start, self.offsets.char(node.end_byte) - 1))

    # -- pass 1 --------------------------------------------------------------

    def collect(self, root: Node) -> None:
        stack: list[tuple[Node, _Scope]] = [(root, self.module)]
        while stack:
            node, scope = stack.pop()
            kind = node.type
            inner = scope
            if kind in _DECLARATIONS:
                name = node.child_by_field_name("name")
                if name is not None:
                    scope.bind(self.node_text(name), None)
                    self.defined.add(self.node_text(name))
            if kind in _SCOPES:
                inner = _Scope(scope)
                parameters = node.child_by_field_name("parameters")
                if parameters is None:
                    parameters = node.child_by_field_name("parameter")  # x => ...
                if parameters is not None:
                    self.bind_pattern(parameters, inner)
            elif kind == "class_body":
                inner = _Scope(scope, is_class=True)
            elif kind == "import_statement":
                self.import_statement(node, scope)
            elif kind == "export_statement":
                source = node.child_by_field_name("source")
                self.specifier(source)
                if scope is self.module and source is None:
                    self.export_statement(node)
            elif kind == "variable_declarator":
                self.declarator(node, scope)
            elif kind in ("assignment_expression", "augmented_assignment_expression"):
                left = node.child_by_field_name("left")
                if left is not None and left.type in ("identifier", "object_pattern"):
                    self.bind_pattern(left, scope)
            elif kind == "update_expression":
                argument = node.child_by_field_name("argument")
                if argument is not None and argument.type == "identifier":
                    scope.bind(self.node_text(argument), None)
            elif kind == "for_in_statement":
                left = node.child_by_field_name("left")
                if left is not None:
                    self.bind_pattern(left, scope)
            elif kind == "catch_clause":
                parameter = node.child_by_field_name("parameter")
                if parameter is not None:
                    self.bind_pattern(parameter, scope)
            elif kind in ("call_expression", "new_expression"):
                self.call(node, scope)
            elif kind in ("member_expression", "subscript_expression"):
                self.members.append(node)
            elif kind == "ERROR":
                self.errors.append((node, scope))
            for child in reversed(node.named_children):
                stack.append((child, inner))

    def bind_pattern(self, pattern: Node, scope: _Scope) -> None:
        """Bind every name a parameter list or destructuring pattern introduces."""
        stack = [pattern]
        while stack:
            node = stack.pop()
            if node.type in ("identifier", "shorthand_property_identifier_pattern"):
                scope.bind(self.node_text(node), None)
                continue
            if node.type in ("assignment_pattern", "object_assignment_pattern"):
                left = node.child_by_field_name("left")
                if left is not None:
                    stack.append(left)
                continue
            if node.type == "pair_pattern":
                value = node.child_by_field_name("value")
                if value is not None:
                    stack.append(value)
                continue
            if node.type in ("type_annotation", "predefined_type") or node.type.endswith("_type"):
                continue
            if node.type in ("required_parameter", "optional_parameter"):
                target = node.child_by_field_name("pattern")
                if target is not None:
                    stack.append(target)
                continue
            stack.extend(node.named_children)

    def import_statement(self, node: Node, scope: _Scope) -> None:
        spec = self.specifier(node.child_by_field_name("source"))
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        require = next((c for c in node.named_children if c.type == "import_require_clause"), None)
        if require is not None:  # import X = require("m")
            spec = self.specifier(require.child_by_field_name("source"))
            name = next((c for c in require.named_children if c.type == "identifier"), None)
            if spec is not None and name is not None:
                self.alias(name, (spec, ()), scope)
            return
        if spec is None:
            return
        if spec == _DOTENV_SIDE_EFFECT:
            call = self.node_text(node).rstrip().rstrip(";")
            self.loads.append((node.start_byte, DotenvLoad(call, self.span(node), False)))
        if clause is None:
            return
        for child in clause.named_children:
            if child.type == "identifier":
                self.alias(child, (spec, ("default",)), scope)
            elif child.type == "namespace_import":
                name = next((c for c in child.named_children if c.type == "identifier"), None)
                if name is not None:
                    self.alias(name, (spec, ()), scope)
            elif child.type == "named_imports":
                for specifier in child.named_children:
                    if specifier.type != "import_specifier":
                        continue
                    imported = specifier.child_by_field_name("name")
                    local = specifier.child_by_field_name("alias") or imported
                    if imported is None or local is None:
                        continue
                    exported = self.string_value(imported) or self.node_text(imported)
                    self.alias(local, (spec, (exported,)), scope)

    def alias(self, name: Node, resolved: Resolved, scope: _Scope) -> None:
        self.aliases[self.node_text(name)] = _normalise(resolved)
        scope.bind(self.node_text(name), None)

    def export_statement(self, node: Node) -> None:
        """Note the names a module-level ``export const`` / ``export { A as B }`` exports."""
        declaration = node.child_by_field_name("declaration")
        if declaration is not None and declaration.type == "lexical_declaration":
            for declarator in declaration.named_children:
                name = declarator.child_by_field_name("name")
                if declarator.type == "variable_declarator" and name is not None:
                    if name.type == "identifier":
                        self.exports.append((self.node_text(name), self.node_text(name)))
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        for specifier in clause.named_children if clause is not None else ():
            local = specifier.child_by_field_name("name")
            exported = specifier.child_by_field_name("alias") or local
            if specifier.type == "export_specifier" and local is not None and exported is not None:
                if local.type == "identifier":
                    public = self.string_value(exported) or self.node_text(exported)
                    self.exports.append((public, self.node_text(local)))

    def declarator(self, node: Node, scope: _Scope) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None:
            return
        if name.type == "identifier":
            scope.bind(self.node_text(name), value)
            declaration = node.parent
            if scope is self.module and declaration is not None:
                kind = declaration.child_by_field_name("kind")
                if declaration.type == "lexical_declaration" and kind is not None:
                    if kind.type == "const":
                        self.consts.add(self.node_text(name))
        else:
            self.bind_pattern(name, scope)
        if value is not None:
            self.alias_nodes.append((name, value))

    def call(self, node: Node, scope: _Scope) -> None:
        if node.type == "new_expression":
            callee = node.child_by_field_name("constructor")
        else:
            callee = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if callee is None:
            return
        args: list[Node | _PseudoObject] = []
        if arguments is not None:
            args.extend(a for a in arguments.named_children if a.type != "comment")
        spec = self.required(node)
        if spec is not None:
            if spec == _DOTENV_SIDE_EFFECT and not _is_used(node):
                load = DotenvLoad(self.node_text(node), self.span(node), False)
                self.loads.append((node.start_byte, load))
            return
        site = _Site(callee, args, self.span(node), scope, node.type == "new_expression", node)
        self.sites.append(site)

    def required(self, node: Node) -> str | None:
        """The module of ``require("m")`` / ``import("m")``, else ``None``."""
        if node.type != "call_expression":
            return None
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None:
            return None
        is_require = function.type == "identifier" and self.node_text(function) == "require"
        if not (is_require and "require" not in self.defined) and function.type != "import":
            return None
        args = [a for a in arguments.named_children if a.type != "comment"]
        return self.specifier(args[0]) if len(args) == 1 else None

    # -- resolution ----------------------------------------------------------

    def resolve(self, node: Node, depth: int = 0) -> Resolved | None:
        """Which module export an expression denotes (``("m", ("default",))``), or ``None``."""
        node = _unwrap(node)
        if depth > 20:
            return None
        if node.type == "identifier":
            name = self.node_text(node)
            if name in self.defined:
                return None
            if name in self.aliases:
                return self.aliases[name]
            return ("process", ()) if name == "process" else None
        if node.type == "member_expression":
            base = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if base is None or prop is None or prop.type != "property_identifier":
                return None
            if base.type == "meta_property":
                found: Resolved | None = (self.node_text(base).replace(" ", ""), ())
            else:
                found = self.resolve(base, depth + 1)
            return None if found is None else (found[0], (*found[1], self.node_text(prop)))
        if node.type == "subscript_expression":
            base = node.child_by_field_name("object")
            index = node.child_by_field_name("index")
            key = self.string_value(index) if index is not None else None
            found = self.resolve(base, depth + 1) if base is not None else None
            return None if found is None or key is None else (found[0], (*found[1], key))
        spec = self.required(node)
        return None if spec is None else (spec, ())

    def finish_aliases(self) -> None:
        """Aliases from declarators (``const A = require("m")``), to a fixed point."""
        for _ in range(4):
            changed = False
            for pattern, value in self.alias_nodes:
                found = self.resolve(value)
                if found is None:
                    continue
                found = _normalise(found)
                for name, path in self.pattern_paths(pattern):
                    target = _normalise((found[0], (*found[1], *path)))
                    if self.aliases.get(name) != target:
                        self.aliases[name] = target
                        changed = True
            if not changed:
                return

    def pattern_paths(self, pattern: Node) -> Iterator[tuple[str, tuple[str, ...]]]:
        """``(local name, property path)`` for each name a destructuring binds, in order.

        Iterative, with each path kept as a chain of ``(key, parent)`` links
        until a name is given: destructuring nested thousands deep costs no
        stack, and no copy of every partial path.
        """
        stack: list[tuple[Node | str, _PathLink]] = [(pattern, None)]
        while stack:
            current, link = stack.pop()
            if isinstance(current, str):
                yield current, _path(link)
                continue
            if current.type == "identifier":
                yield self.node_text(current), _path(link)
                continue
            if current.type != "object_pattern":
                continue
            nested: list[tuple[Node | str, _PathLink]] = []
            for child in current.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    name = self.node_text(child)
                    nested.append((name, (name, link)))
                elif child.type == "object_assignment_pattern":
                    left = child.child_by_field_name("left")
                    if left is not None and left.type == "shorthand_property_identifier_pattern":
                        name = self.node_text(left)
                        nested.append((name, (name, link)))
                elif child.type == "pair_pattern":
                    key = child.child_by_field_name("key")
                    value = child.child_by_field_name("value")
                    if key is None or value is None:
                        continue
                    name = self.string_value(key) or self.node_text(key)
                    if value.type == "assignment_pattern":
                        value = value.child_by_field_name("left") or value
                    nested.append((value, (name, link)))
            stack.extend(reversed(nested))

    def lookup(self, name: str, scope: _Scope) -> list[Node | None] | None:
        current: _Scope | None = scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.bindings:
                return current.bindings[name]
            first = False
            current = current.parent
        return None

    def env_read(self, node: Node) -> tuple[str, Span] | None:
        """``(name, name_span)`` for ``process.env.X`` / ``["X"]`` and ``import.meta.env.X``."""
        node = _unwrap(node)
        if node.type not in ("member_expression", "subscript_expression"):
            return None
        base = node.child_by_field_name("object")
        if base is None or not self.is_env(base):
            return None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                return None
            return self.node_text(prop), self.span(prop)
        index = node.child_by_field_name("index")
        if index is None or (name := self.string_value(index)) is None:
            return None
        return name, self.content_span(_unwrap(index))

    def is_env(self, node: Node) -> bool:
        """Whether ``node`` is ``process.env`` (any import of it) or ``import.meta.env``."""
        return self.resolve(node) in (("process", ("env",)), ("import.meta", ("env",)))

    def value(self, node: Node, scope: _Scope) -> _Value:
        node = _unwrap(node)
        if node.type in ("true", "false"):
            return _Value(node.type == "true", self.span(node))
        text = self.string_value(node)
        if text is not None:
            return _Value(text, self.span(node))
        found = self.env_value(node)
        if found is not None:
            return found
        imported = self.imported(node, scope)
        if imported:
            return _Value(imported_from=imported)
        if node.type in ("identifier", "shorthand_property_identifier"):
            name = self.node_text(node)
            bound = self.bound_once(name, scope)
            if bound is None:
                return _Value()
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

    def env_value(self, node: Node) -> _Value | None:
        """``process.env.X``, or ``process.env.X ?? "d"`` / ``|| "d"`` (``literal`` is ``d``)."""
        read = self.env_read(node)
        if read is not None:
            return _Value(env_var=read[0])
        if node.type != "binary_expression":
            return None
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or left is None or right is None or operator.type not in ("??", "||"):
            return None
        read = self.env_read(left)
        if read is None:
            return None
        default = self.string_value(right)
        if default is None:
            return _Value(env_var=read[0])
        return _Value(default, self.span(_unwrap(right)), env_var=read[0])

    def imported(self, node: Node, scope: _Scope) -> str:
        """``"<specifier>:<name>"`` when ``node`` is a name another module of the project exports.

        ``BASE_URL`` after ``import { BASE_URL } from "./config"`` (or ``{ BASE_URL
        as URL }``, or destructured from ``require("./config")``), and ``config.BASE_URL``
        after ``import * as config from "./config"``: only relative specifiers (a
        package's exports are not the project's), only a name whose one binding in
        the module is that import, and never a default export's properties.
        """
        head = node
        if node.type == "member_expression":
            head = _unwrap(node.child_by_field_name("object") or node)
        if head.type not in ("identifier", "shorthand_property_identifier"):
            return ""
        name = self.node_text(head)
        bindings = self.lookup(name, scope)
        if bindings is None or bindings is not self.module.bindings.get(name) or bindings != [None]:
            return ""
        if name in self.defined or name not in self.aliases:
            return ""
        resolved = self.aliases[name] if head is node else self.resolve(node)
        if resolved is None:
            return ""
        spec, path = resolved
        if not spec.startswith(("./", "../")) or len(path) != 1 or path[0] == "default":
            return ""
        return f"{spec}:{path[0]}"

    def constants(self) -> dict[str, Constant]:
        """The exported module-level ``const`` names bound once to a string (or a fallback)."""
        found: dict[str, Constant] = {}
        for exported, local in self.exports:
            bindings = self.module.bindings.get(local)
            if local not in self.consts or bindings is None or len(bindings) != 1:
                continue
            if bindings[0] is None:
                continue
            seen = self.value(bindings[0], self.module)
            if isinstance(seen.literal, str) and seen.literal_span is not None:
                found[exported] = Constant(exported, seen.literal, seen.literal_span, seen.env_var)
        return found

    def bound_once(self, name: str, scope: _Scope) -> Node | None:
        bindings = self.lookup(name, scope)
        if bindings is None or len(bindings) != 1 or bindings[0] is None:
            return None
        return _unwrap(bindings[0])

    # -- pass 2 --------------------------------------------------------------

    def run(self, root: Node) -> CodeFacts:
        self.collect(root)
        self.finish_aliases()
        for node, scope in self.errors:
            self.sites.extend(self.recover(node, scope))
        self.sites.sort(key=lambda site: site.callee.start_byte)
        for site in self.sites:
            resolved = self.resolve(site.callee)
            if resolved is None:
                continue
            resolved = _normalise(resolved)
            family = _family(resolved, site.new)
            if family is not None:
                self.client(site, family)
            elif resolved[0] == _DOTENV and resolved[1] in {(c,) for c in _DOTENV_CONFIG}:
                self.dotenv_load(site)
        self.loads.sort(key=lambda item: item[0])
        self.facts.dotenv_loads = [load for _, load in self.loads]
        self.facts.env_reads = self.env_reads()
        self.facts.constants = self.constants()
        return self.facts

    def recover(self, error: Node, scope: _Scope) -> Iterator[_Site]:
        """Calls left unclosed while typing: ``[new] callee ( { key: value, ...`` in an ERROR."""
        children = error.children
        for i in range(len(children) - 1):
            callee, paren = children[i], children[i + 1]
            if callee.type not in ("identifier", "member_expression") or paren.type != "(":
                continue
            new = i > 0 and children[i - 1].type == "new"
            start = children[i - 1] if new else callee
            last = paren
            properties: list[Node] = []
            args: list[Node | _PseudoObject] = []
            rest = children[i + 2 :]
            if rest and rest[0].type == "{":
                last = rest[0]
                for child in rest[1:]:
                    if child.type in ("pair", "shorthand_property_identifier", "spread_element"):
                        properties.append(child)
                    elif child.type != ",":
                        break
                    last = child
                if properties:
                    args.append(_PseudoObject(properties))
            span = self.index.span(
                self.offsets.char(start.start_byte), self.offsets.char(last.end_byte)
            )
            yield _Site(callee, args, span, scope, new)

    def options(self, site: _Site) -> Iterator[Node] | None:
        """The property nodes of the options object, or ``None`` when it is not visible."""
        if not site.arguments:
            return iter(())
        first = site.arguments[0]
        if isinstance(first, _PseudoObject):
            return iter(first.properties)
        first = _unwrap(first)
        if first.type == "identifier":
            bound = self.bound_once(self.node_text(first), site.scope)
            if bound is not None and bound.type == "object":
                first = bound
        if first.type == "object":
            return (c for c in first.named_children if c.type != "comment")
        return None

    def client(self, site: _Site, family: str) -> None:
        found: list[SdkArgument] = []
        properties = self.options(site)
        if properties is None:
            first = site.arguments[0]
            if isinstance(first, Node):
                found.append(SdkArgument("...", self.span(first), self.span(first)))
            properties = iter(())
        for prop in properties:
            argument = self.property(prop, site.scope)
            if argument is not None:
                found.append(argument)
        self.facts.clients.append(
            SdkClient(family, self.node_text(site.callee), site.span, tuple(found))
        )

    def property(self, prop: Node, scope: _Scope) -> SdkArgument | None:
        if prop.type == "spread_element":
            operator = prop.children[0]
            expression = prop.named_children[0] if prop.named_children else prop
            return SdkArgument("...", self.span(operator), self.span(expression))
        if prop.type == "shorthand_property_identifier":
            seen = self.value(prop, scope)
            span = self.span(prop)
            return SdkArgument(
                self.node_text(prop),
                span,
                span,
                seen.literal,
                seen.literal_span,
                seen.env_var,
                seen.via_variable,
                seen.imported_from,
            )
        key = prop.child_by_field_name("key") or prop.child_by_field_name("name")
        if key is None:
            return None
        if key.type == "computed_property_name":
            inner = key.named_children[0] if key.named_children else None
            name = self.string_value(inner) if inner is not None else None
            if name is None:
                return SdkArgument("...", self.span(key), self.span(prop))
        else:
            name = self.string_value(key) or self.node_text(key)
        if prop.type != "pair":  # a method: fetch() { ... }
            return SdkArgument(name, self.span(key), self.span(prop))
        value = prop.child_by_field_name("value")
        if value is None:
            return None
        seen = self.value(value, scope)
        return SdkArgument(
            name,
            self.span(key),
            self.span(value),
            seen.literal,
            seen.literal_span,
            seen.env_var,
            seen.via_variable,
            seen.imported_from,
        )

    def dotenv_load(self, site: _Site) -> None:
        override: bool | None = False
        properties = self.options(site)
        if properties is None:
            override = None
        else:
            spread = False
            explicit = False
            for prop in properties:
                if prop.type == "spread_element":
                    spread = True
                    continue
                key = prop.child_by_field_name("key")
                if prop.type == "shorthand_property_identifier":
                    if self.node_text(prop) == "override":
                        seen = self.value(prop, site.scope).literal
                        override = seen if isinstance(seen, bool) else None
                        explicit = True
                    continue
                if key is None or (self.string_value(key) or self.node_text(key)) != "override":
                    continue
                value = prop.child_by_field_name("value")
                seen = self.value(value, site.scope).literal if value is not None else None
                override = seen if isinstance(seen, bool) else None
                explicit = True
            if spread and not explicit:
                override = None
        load = DotenvLoad(self.node_text(site.callee), site.span, override)
        self.loads.append((site.callee.start_byte, load))

    def env_reads(self) -> list[EnvRead]:
        reads: list[tuple[int, EnvRead]] = []
        for node in self.members:
            read = self.env_read(node)
            if read is not None and not _is_write(node):
                reads.append((node.start_byte, EnvRead(read[0], read[1], self.span(node))))
        for pattern, value in self.alias_nodes:  # const { X, Y: y } = process.env
            if pattern.type != "object_pattern" or not self.is_env(value):
                continue
            for child in pattern.named_children:
                key = child
                if child.type == "pair_pattern":
                    key = child.child_by_field_name("key") or child
                elif child.type == "object_assignment_pattern":
                    key = child.child_by_field_name("left") or child
                if key.type in ("property_identifier", "shorthand_property_identifier_pattern"):
                    name, span = self.node_text(key), self.span(key)
                elif (name_value := self.string_value(key)) is not None:
                    name, span = name_value, self.content_span(key)
                else:
                    continue
                reads.append((key.start_byte, EnvRead(name, span, self.span(child))))
        reads.sort(key=lambda item: item[0])
        return [read for _, read in reads]


@dataclass
class _PseudoObject:
    """The properties of an object literal left unclosed (recovered from an ERROR node)."""

    properties: list[Node]


def _is_used(node: Node) -> bool:
    """Whether a ``require(...)`` call's result is used (``require("dotenv/config").x``)."""
    parent = node.parent
    return parent is not None and parent.type in ("member_expression", "call_expression")


def _is_write(node: Node) -> bool:
    parent = node.parent
    child = node
    while parent is not None and parent.type in ("parenthesized_expression", "non_null_expression"):
        child, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == child
    if parent.type == "update_expression":
        return True
    if parent.type == "unary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.type == "delete"
    return False


def grammar_for(path: Path | None) -> str:
    """The grammar name (``typescript``, ``tsx``, ``javascript``) for a file name."""
    if path is None:
        return "tsx"
    return _SUFFIXES.get(path.suffix.lower(), "tsx")


def scan(source: SourceFile) -> ScannedFile:
    """Scan a JavaScript/TypeScript file: returns a :class:`ScannedFile` with ``code`` facts.

    Never raises on bad syntax. A file without a trigger word is not parsed.
    """
    if not has_trigger(source.text):
        return ScannedFile(source, FileKind.JAVASCRIPT, code=CodeFacts(parsed=False))
    scanner = _Scanner(source)
    grammar = grammar_for(source.path)
    with _PARSER_LOCK:
        tree = _parser(grammar).parse(scanner.offsets.data)
    return ScannedFile(source, FileKind.JAVASCRIPT, code=scanner.run(tree.root_node))


def constants(source: SourceFile) -> dict[str, Constant]:
    """The exported constants of a file (:attr:`CodeFacts.constants`), even without a trigger.

    For a module another module of the project imports from (``config.ts``
    holding only ``export const BASE_URL = "…"``), which :func:`scan` leaves unparsed.
    """
    if has_trigger(source.text):
        code = scan(source).code
        return code.constants if code is not None else {}
    scanner = _Scanner(source)
    grammar = grammar_for(source.path)
    with _PARSER_LOCK:
        tree = _parser(grammar).parse(scanner.offsets.data)
    return scanner.run(tree.root_node).constants
