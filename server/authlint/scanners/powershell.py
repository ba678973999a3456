"""The PowerShell scanner (``$PROFILE``, ``*.ps1``), on tree-sitter-powershell.

tree-sitter-powershell 0.26 gives the statements; string values are then
read from their text with PowerShell's rules, because the grammar does not
know all of them (it reads ``“smart”`` as a command name, while PowerShell
accepts the curly quotes U+2018–U+201E as quotes):

- ``'…'`` is verbatim, ``''`` stands for one quote;
- ``"…"`` expands: ``$name``, ``${…}``, ``$(…)`` make the value ``None``;
  backtick escapes (`` `n ``, `` `$ ``, `` `" ``…) and ``""`` are resolved;
- here-strings ``@'…'@`` / ``@"…"@``; anything that is not one string
  literal (a variable, a concatenation, a command) is ``None``.

Facts emitted (``exported`` is always true: these set the process or user
environment):

- an :class:`Assignment` for ``$env:NAME = value`` (``env:`` in any case),
  ``${env:NAME} = value``, ``[Environment]::SetEnvironmentVariable("NAME",
  "v"[, target])`` (also ``[System.Environment]``), and ``Set-Item``/
  ``New-Item`` on ``Env:NAME``. ``quote`` is the opening quote character as
  written (``'``, ``"`` or a curly quote), ``@'``/``@"`` for here-strings;
- a ``FOREIGN_SYNTAX`` slip (detail ``"posix"``) for ``export NAME=value`` and
  ``NAME=value`` lines, which PowerShell runs as unknown commands, and
  (detail ``"cmd"``) for cmd.exe's ``set NAME=value``, which creates a
  PowerShell variable literally named ``NAME=value``.

``top_level`` is false inside ``if``/loops/``switch``/``try``, functions and
script blocks.

Sources: ``auth-facts.md`` §9 ANT034 (about_Environment_Variables: ``$Env:``,
``[Environment]::SetEnvironmentVariable``); PowerShell language
specification §2.3.5.2 (string literals, curly quotes, backtick escapes).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser

from authlint.core.facts import Assignment, FileKind, ScannedFile, Slip, SlipKind
from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Utf8Offsets


@functools.cache
def _parser() -> Parser:
    """The PowerShell grammar's parser, loaded on first use (a fast server start)."""
    import tree_sitter_powershell

    return Parser(Language(tree_sitter_powershell.language()))


_PARSER_LOCK = threading.Lock()

_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
_DOUBLE_QUOTES = '"\u201c\u201d\u201e'
_ENV_VARIABLE = re.compile(
    r"\$(?:(?i:env):(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\{(?i:env):(?P<braced>[^}]+)\})\Z"
)
_ENV_PATH = re.compile(r"(?i:env):\\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\Z")
_ENV_DRIVE = re.compile(r"(?i:env):\\?\Z")
_ENVIRONMENT_TYPE = re.compile(r"\[\s*(?:System\s*\.\s*)?Environment\s*\]\Z", re.IGNORECASE)
_POSIX_LINE = re.compile(
    r"(?P<export>(?:export|(?P<cmd>(?i:set)))[ \t]+)?"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>[^\r\n]*)\Z"
)
_NESTED = frozenset(
    {
        "if_statement",
        "elseif_clause",
        "else_clause",
        "function_statement",
        "script_block",
        "script_block_expression",
        "statement_block",
        "while_statement",
        "do_statement",
        "for_statement",
        "foreach_statement",
        "switch_statement",
        "try_statement",
        "trap_statement",
        "class_statement",
        "data_statement",
    }
)
_BACKTICK = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_ITEM_COMMANDS = frozenset({"set-item", "si", "new-item", "ni"})
_ITEM_PARAMETERS = {
    "path": "path",
    "literalpath": "path",
    "pspath": "path",
    "lp": "path",
    "value": "value",
    "name": "name",
}
_ITEM_SWITCHES = frozenset({"force", "passthru", "whatif", "confirm"})


class _Computed(Exception):
    """The value is only known at run time."""


@dataclass(frozen=True)
class _Literal:
    """A string literal read from source text.

    ``value`` is ``None`` when the literal expands a variable or subexpression;
    ``content_start``/``content_end`` are relative to the literal's start.
    """

    value: str | None
    quote: str
    content_start: int
    content_end: int


def read_literal(text: str) -> _Literal:
    """Read ``text`` as exactly one PowerShell string literal.

    Returns its value (``None`` when it expands ``$…``), opening quote and
    content bounds. Raises ``_Computed`` when ``text`` is not one literal.
    """
    if text.startswith("@") and text[1:2] and text[1] in _SINGLE_QUOTES + _DOUBLE_QUOTES:
        return _here_string(text)
    if not text or text[0] not in _SINGLE_QUOTES + _DOUBLE_QUOTES:
        raise _Computed
    verbatim = text[0] in _SINGLE_QUOTES
    quotes = _SINGLE_QUOTES if verbatim else _DOUBLE_QUOTES
    out: list[str] = []
    computed = False
    position = 1
    while position < len(text):
        char = text[position]
        if char in quotes:
            if text[position + 1 : position + 2] and text[position + 1] in quotes:
                out.append(text[position + 1])
                position += 2
                continue
            if position + 1 != len(text):
                raise _Computed  # something follows the closing quote
            value = None if computed else "".join(out).replace("\r\n", "\n")
            return _Literal(value, text[0], 1, position)
        if not verbatim:
            if char == "`":
                escaped, position = _backtick(text, position)
                out.append(escaped)
                continue
            if char == "$" and _expands(text, position):
                computed = True
        out.append(char)
        position += 1
    raise _Computed  # unterminated


def _expands(text: str, position: int) -> bool:
    following = text[position + 1 : position + 2]
    return bool(following) and (
        (following.isascii() and following.isalnum()) or following in "_{(?^$:"
    )


def _backtick(text: str, position: int) -> tuple[str, int]:
    code = text[position + 1 : position + 2]
    if not code:
        return "`", position + 1
    if code == "u":
        match = re.match(r"\{([0-9A-Fa-f]{1,6})\}", text[position + 2 :])
        if match and int(match.group(1), 16) <= 0x10FFFF:
            return chr(int(match.group(1), 16)), position + 2 + match.end()
    if code in _BACKTICK:
        return _BACKTICK[code], position + 2
    if code == "\n":
        return "", position + 2
    return code, position + 2


def _here_string(text: str) -> _Literal:
    opening = text[:2]
    verbatim = opening[1] in _SINGLE_QUOTES
    match = re.match(r"@.[ \t]*\r?\n", text)
    if match is None:
        raise _Computed
    closing = re.search(
        r"\r?\n[" + re.escape(_SINGLE_QUOTES if verbatim else _DOUBLE_QUOTES) + r"]@\Z", text
    )
    if closing is None or closing.start() < match.end() - 1:
        raise _Computed
    start, end = match.end(), closing.start()
    body: str | None = text[start:end] if end >= start else ""
    if not verbatim and body:
        out: list[str] = []
        position = 0
        while position < len(body):
            char = body[position]
            if char == "`":
                escaped, position = _backtick(body, position)
                out.append(escaped)
                continue
            if char == "$" and _expands(body, position):
                return _Literal(None, "@" + opening[1], start, max(end, start))
            out.append(char)
            position += 1
        body = "".join(out)
    value = None if body is None else body.replace("\r\n", "\n")
    return _Literal(value, "@" + opening[1], start, max(end, start))


def _bareword(text: str) -> str:
    """The value of a command-mode bare word (``Set-Item env:K value``)."""
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "`":
            escaped, position = _backtick(text, position)
            out.append(escaped)
            continue
        if char in "$@(){}'\"" or char in _SINGLE_QUOTES + _DOUBLE_QUOTES:
            raise _Computed
        out.append(char)
        position += 1
    return "".join(out)


class _Scanner:
    def __init__(self, source: SourceFile) -> None:
        self.text = source.text
        self.index: LineIndex = source.index
        self.offsets = Utf8Offsets(source.text)
        self.result = ScannedFile(source, FileKind.POWERSHELL)

    def start(self, node: Node) -> int:
        return self.offsets.char(node.start_byte)

    def end(self, node: Node) -> int:
        return self.offsets.char(node.end_byte)

    def node_text(self, node: Node) -> str:
        return self.text[self.start(node) : self.end(node)]

    def run(self, root: Node) -> ScannedFile:
        stack: list[tuple[Node, bool]] = [(root, True)]
        while stack:
            node, top = stack.pop()
            kind = node.type
            if kind == "assignment_expression":
                self.env_assignment(node, top)
            elif kind == "invokation_expression":
                self.set_environment_variable(node, top)
            elif kind == "command":
                self.command(node, top)
            elif kind == "ERROR":
                self.foreign_posix_text(node)
            child_top = top and kind not in _NESTED
            stack.extend((child, child_top) for child in reversed(node.children))
        self.result.assignments.sort(key=lambda a: (a.statement_span.start, a.name_span.start))
        self.result.slips.sort(key=lambda s: (s.span.start, s.span.end))
        return self.result

    # -- assignments ----------------------------------------------------------

    def add(
        self,
        name: str,
        name_start: int,
        value_start: int,
        value_end: int,
        value: str | None,
        statement_start: int,
        top: bool,
        literal: _Literal | None,
        statement_end: int | None = None,
    ) -> None:
        index = self.index
        if statement_end is None:
            statement_end = max(value_end, name_start + len(name))
        content_start, content_end, quote = value_start, value_end, ""
        if literal is not None:
            content_start = value_start + literal.content_start
            content_end = value_start + literal.content_end
            quote = literal.quote
        self.result.assignments.append(
            Assignment(
                name=name,
                name_span=index.span(name_start, name_start + len(name)),
                value=value,
                raw_value=self.text[value_start:value_end],
                value_span=index.span(value_start, value_end),
                content_span=index.span(content_start, content_end),
                raw_content=self.text[content_start:content_end],
                quote=quote,
                statement_span=index.span(statement_start, statement_end),
                exported=True,
                top_level=top,
            )
        )

    def read_value(
        self, start: int, end: int, *, bareword: bool = False
    ) -> tuple[str | None, _Literal | None]:
        text = self.text[start:end]
        try:
            literal = read_literal(text)
        except _Computed:
            literal = None
        if literal is not None:
            return literal.value, literal
        if bareword:
            try:
                return _bareword(text), None
            except _Computed:
                pass
        return None, None

    def env_assignment(self, node: Node, top: bool) -> None:
        children = node.children
        if len(children) < 2:
            return
        left, operator = children[0], children[1]
        match = _ENV_VARIABLE.match(self.node_text(left).strip())
        if match is None or operator.type != "assignement_operator":
            return
        value_node = node.child_by_field_name("value")
        if value_node is None or value_node.has_error:
            return
        name = match.group("name") or match.group("braced")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            return
        left_start = self.start(left)
        left_text = self.node_text(left)
        lead = len(left_text) - len(left_text.lstrip())
        name_start = left_start + lead + match.start("name" if match.group("name") else "braced")
        value_start, value_end = self.start(value_node), self.end(value_node)
        value, literal = self.read_value(value_start, value_end)
        if self.node_text(operator) != "=":
            value = None  # += and friends depend on the old value
        self.add(name, name_start, value_start, value_end, value, left_start, top, literal)

    def set_environment_variable(self, node: Node, top: bool) -> None:
        named = node.named_children
        if len(named) < 3 or named[0].type != "type_literal":
            return
        if not _ENVIRONMENT_TYPE.match(self.node_text(named[0])):
            return
        if self.node_text(named[1]).lower() != "setenvironmentvariable":
            return
        arguments = [a for a in _descendants(named[2], "argument_expression")]
        if len(arguments) < 2:
            return
        name_node, value_node = arguments[0], arguments[1]
        name_start, name_end = self.start(name_node), self.end(name_node)
        name, name_literal = self.read_value(name_start, name_end)
        if (
            name is None
            or name_literal is None
            or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)
        ):
            return
        value_start, value_end = self.start(value_node), self.end(value_node)
        value, literal = self.read_value(value_start, value_end)
        self.add(
            name,
            name_start + name_literal.content_start,
            value_start,
            value_end,
            value,
            self.start(node),
            top,
            literal,
            self.end(node),
        )

    def command(self, node: Node, top: bool) -> None:
        name_node = node.child_by_field_name("command_name")
        if name_node is None:
            self.foreign_posix_text(node)
            return
        command = self.node_text(name_node).lower()
        if command in _ITEM_COMMANDS:
            self.set_item(node, top)
        else:
            self.foreign_posix_text(node)

    def set_item(self, node: Node, top: bool) -> None:
        elements = node.child_by_field_name("command_elements")
        if elements is None:
            return
        named: dict[str, Node] = {}
        positional: list[Node] = []
        pending: str | None = None
        for child in elements.children:
            if child.type == "command_argument_sep":
                continue
            if child.type == "command_parameter":
                parameter = self.node_text(child).lstrip("-").rstrip(":").lower()
                if parameter in _ITEM_SWITCHES:
                    pending = None
                    continue
                match = [v for k, v in _ITEM_PARAMETERS.items() if k.startswith(parameter)]
                if not parameter or len(set(match)) != 1:
                    return  # a parameter this scanner does not model
                pending = match[0]
                continue
            if pending is not None:
                named[pending] = child
                pending = None
            else:
                positional.append(child)
        for slot in ("path", "value"):
            if slot not in named and positional:
                named[slot] = positional.pop(0)
        path_node = named.get("path")
        if path_node is None:
            return
        path, _ = self.read_value(self.start(path_node), self.end(path_node), bareword=True)
        if path is None:
            return
        found = _ENV_PATH.match(path)
        if found:
            name = found.group("name")
            name_start = self.start(path_node) + self.node_text(path_node).rindex(name)
        elif _ENV_DRIVE.match(path) and "name" in named:
            name_node = named["name"]
            name_value, _ = self.read_value(
                self.start(name_node), self.end(name_node), bareword=True
            )
            if name_value is None or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name_value):
                return
            name = name_value
            name_start = self.start(name_node) + self.node_text(name_node).index(name)
        else:
            return
        value_node = named.get("value")
        if value_node is None:
            return
        value_start, value_end = self.start(value_node), self.end(value_node)
        value, literal = self.read_value(value_start, value_end, bareword=True)
        statement_end = self.start(node) + len(self.node_text(node).rstrip())
        self.add(
            name,
            name_start,
            value_start,
            value_end,
            value,
            self.start(node),
            top,
            literal,
            statement_end,
        )

    # -- foreign syntax -----------------------------------------------------------

    def foreign_posix_text(self, node: Node) -> None:
        """``export NAME=value`` / ``NAME=value`` / cmd.exe's ``set NAME=value``.

        PowerShell runs ``export`` and ``NAME=value`` as unknown commands, and
        ``set`` (``Set-Variable``) creates a PowerShell variable named
        ``NAME=value``; none of them touches the environment.
        """
        start = self.start(node)
        text = self.text[start : self.end(node)]
        stripped = text.rstrip(" \t\r\n")
        match = _POSIX_LINE.match(stripped)
        if match is None or (match.group("export") is None and node.type == "ERROR"):
            return
        if any(slip.span.start == self.index.position(start) for slip in self.result.slips):
            return
        self.result.slips.append(
            Slip(
                SlipKind.FOREIGN_SYNTAX,
                match.group("name"),
                self.index.span(start, start + len(stripped)),
                self.posix_repair(start, match),
                "cmd" if match.group("cmd") else "posix",
            )
        )

    def posix_repair(self, start: int, match: re.Match[str]) -> tuple[Edit, ...]:
        """Edits turning ``export NAME=value`` into ``$env:NAME = "value"``.

        None when the value's quoting would mean something else in PowerShell.
        """
        value = match.group("value")
        equals = start + match.end("name")
        edits = [self.edit(start, start + match.start("name"), "$env:")]
        if re.fullmatch(r"'[^']*'", value) or re.fullmatch(r'"[^"\\$`]*"', value):
            edits.append(self.edit(equals, equals + 1, " = "))
        elif re.fullmatch(r"[^\s\"'`$\\;&|<>()#]*", value):
            edits.append(self.edit(equals, equals + 1, ' = "'))
            end = start + match.end("value")
            edits.append(self.edit(end, end, '"'))
        else:
            return ()
        return tuple(edits)

    def edit(self, start: int, end: int, new_text: str) -> Edit:
        return Edit(self.index.span(start, end), new_text)


def _descendants(node: Node, kind: str) -> Iterator[Node]:
    """The outermost descendants of ``node`` of type ``kind``, in order (iterative)."""
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        if child.type == kind:
            yield child
        else:
            stack.extend(reversed(child.children))


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a PowerShell file: ``$env:`` assignments and pasted POSIX lines.

    Takes the decoded source; returns a :class:`ScannedFile`. Never raises on
    half-typed input (tree-sitter recovers; unreadable values become ``None``).
    """
    scanner = _Scanner(source)
    with _PARSER_LOCK:
        tree = _parser().parse(scanner.offsets.data)
    return scanner.run(tree.root_node)
