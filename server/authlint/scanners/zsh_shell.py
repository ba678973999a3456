"""The zsh scanner (``.zshrc``, ``.zshenv``, ``.zprofile``, ``*.zsh``…), on tree-sitter-zsh.

It gives the same facts as :mod:`authlint.scanners.posix_shell` (whose
walker it reuses: :class:`Assignment`, :class:`Slip`, :class:`Include`,
:class:`Unset`, ``FileKind.SHELL``) from a zsh grammar, so zsh-only syntax
(``precmd() { vcs_info }``, ``path=(~/bin $path)``, glob qualifiers,
``${(s/:/)PATH}``, anonymous functions, ``repeat``, ``always``) parses as
what it is instead of derailing a bash parser. Values are evaluated with the
same quoting rules (zsh and bash agree on ``'…'``, ``"…"``, ``$'…'``,
backslashes, ``~`` and expansions; neither brace-expands ``K={a,b}``).

The guarantee: a parse error never hides an assignment outside the construct
that failed. Three things make it hold.

- tree-sitter-zsh 0.63 reads the value of ``NAME=`` from past blanks and line
  breaks (``K=`` at the end of a line takes the next line as its value; ``K= #
  note`` takes ``#``). Before the tree is used, the first blank after such an
  ``=`` is replaced by ``;`` in the bytes given to the parser (offsets do not
  move) and the text is parsed again; a statement with ``NAME= word`` on one
  line is then re-read with tree-sitter-bash, which gets ``NAME=""`` plus a
  command or a name right (``GIT_DIR= git status`` only sets the command's
  environment; ``export K= v`` exports ``K=""`` and ``v``).
- A statement holding an ERROR over several lines (zsh syntax the grammar
  lacks: ``foreach … end``, ``if [[ … ]] { … }``, ``while (( … )) { … }``)
  is cut at the end of the construct that failed (found from its words:
  :class:`_Blocks`); that construct is read one line at a time, and the
  text after it is parsed again as a whole.
- An anonymous function ``() { … }`` runs where it is written: what it
  assigns is top level, except names it declares ``local``/``typeset``
  (without ``-g``).

Sources: zsh manual "Shell Grammar" (alternate forms for complex commands,
anonymous functions), "Parameters" and ``typeset`` (local in functions unless
``-g``); observed with zsh 5.9.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser, Tree

from authlint.core.facts import ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Utf8Offsets
from authlint.scanners.posix_shell import (
    _COMMENT,
    _CONDITIONAL,
    _IDENTIFIER,
    _QUOTED,
    _TOKEN,
    _logical_lines,
    _Scanner,
)


@functools.cache
def _zsh_parser() -> Parser:
    """The zsh grammar's parser, loaded on first use (a fast server start)."""
    import tree_sitter_zsh

    return Parser(Language(tree_sitter_zsh.language()))


_ZSH_LOCK = threading.Lock()


@functools.cache
def _bash_parser() -> Parser:
    """The Bash grammar's parser (for Bash pieces), loaded on first use."""
    import tree_sitter_bash

    return Parser(Language(tree_sitter_bash.language()))


_BASH_LOCK = threading.Lock()

_ZSH_CONDITIONAL = _CONDITIONAL | frozenset(
    {"repeat_statement", "select_statement", "terse_for_statement", "coprocess_statement"}
)
# `NAME=` (or `NAME+=`, `a[1]=`) followed by a blank: where the grammar may skip ahead.
_GAP = re.compile(rb"[A-Za-z0-9_\]]\+?=[ \t\r\n]")
_BLANKS = frozenset(b" \t\r\n")
_MAX_PATCH_ROUNDS = 4
_MAX_REPARSES = 64
_STATEMENTS = frozenset({"declaration_command", "command", "variable_assignment"})
_LOCAL_KEYWORDS = frozenset({"local", "typeset", "declare", "integer", "float", "readonly"})
_OPENERS = frozenset({"if", "while", "until", "for", "foreach", "select", "case", "repeat"})
_CLOSERS = frozenset({"fi", "done", "esac", "end"})
_CONDITIONS = frozenset({"if", "while", "until"})
_LOOPS = frozenset({"for", "while", "until", "select", "repeat", "foreach"})
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", ";;"})


@dataclass
class _Block:
    """One open block while reading words: ``word`` opened it (``"{"`` for a brace group).

    ``bodied``: its body has begun (``then``/``do``/``{``); ``terse``: a
    one-command body (``repeat 3 cmd``, ``for i (a b) cmd``) that ends with
    the command; ``header``: how many header words (or open parentheses) of
    ``for``/``repeat`` are still to come.
    """

    word: str
    bodied: bool = False
    brace: bool = False
    terse: bool = False
    header: int = 0
    parens: int = 0
    listing: bool = False  # `for i in a b`: words up to the separator
    condition: str = ""  # the `]]` / `))` that ends an `if [[ …`/`while (( …` condition
    after_condition: bool = False  # right after it: a command here is a one-command body


class _Blocks:
    """A rough reading of which blocks are open, line after line, zsh forms included.

    Understands ``if/then/elif/else/fi``, loops with ``do/done``, ``case/esac``,
    ``foreach … end``, brace groups and functions, and zsh's alternate forms
    (``if [[ … ]] { … } elif … { … } else { … }``, ``while … { … }``,
    ``for i (a b) { … }``, ``repeat 3 cmd``). Quoted text and comments are
    ignored. Used only for text tree-sitter could not parse.
    """

    def __init__(self) -> None:
        self.stack: list[_Block] = []

    def feed(self, line: str) -> tuple[int, int]:
        """Read one logical line; return ``(leading closers, net blocks opened)``.

        ``leading`` counts the blocks closed before the line's first command
        (``} else {`` is read one level out); the depth after the line is the
        depth before it plus the net count.
        """
        before = len(self.stack)
        lowest = before
        seen_command = False
        at_command = True
        line = _COMMENT.sub("", _QUOTED.sub("''", line))
        for token in _TOKEN.findall(line):
            top = self.stack[-1] if self.stack else None
            if token in _SEPARATORS:
                self.end_terse()
                if self.stack and self.stack[-1].parens == 0:
                    self.stack[-1].listing = False
                at_command = True
                continue
            if top is not None and top.listing:
                continue
            if top is not None and top.condition:
                if token.endswith(top.condition):
                    top.condition, top.after_condition = "", True
                    at_command = True
                continue
            if top is not None and top.header > 0 and not top.bodied:
                self.header_word(top, token)
                at_command = top.header == 0 and top.parens == 0
                continue
            if token == "}" or (at_command and token in _CLOSERS):
                self.close(token)
                if not seen_command:
                    lowest = min(lowest, len(self.stack))
                at_command = False
                continue
            seen_command = True
            after_condition = top is not None and top.after_condition
            if top is not None:
                top.after_condition = False
            if (
                top is not None
                and top.word in _CONDITIONS
                and not top.bodied
                and token.startswith(("[[", "(("))
            ):
                top.condition = "]]" if token.startswith("[[") else "))"
                if token.endswith(top.condition) and len(token) > 2:
                    top.condition, top.after_condition = "", True
                at_command = False
                continue
            if at_command and token in _OPENERS:
                block = _Block(token)
                if token in {"for", "select", "foreach"}:
                    block.header = 2  # the name, then `(…)`, `in`, or `((…))`
                elif token == "repeat":
                    block.header = 1
                self.stack.append(block)
                at_command = token in {"if", "while", "until"}
            elif at_command and token in {"then", "do"}:
                if top is not None and not top.brace:
                    top.bodied = True
                at_command = True
            elif at_command and token in {"elif", "else"}:
                if top is None or top.word != "if" or top.brace:
                    self.stack.append(_Block("if"))  # zsh: `} elif … {` / `} else {`
                at_command = True
            elif token.endswith("{") and token.count("{") > token.count("}"):
                if top is not None and not top.bodied and top.word != "{":
                    top.bodied = top.brace = True  # `if [[ … ]] {`, `for i (a b) {`
                else:
                    self.stack.append(_Block("{", bodied=True, brace=True))
                at_command = True
            else:
                if top is not None and not top.bodied and top.header == 0 and top.parens == 0:
                    if at_command and (
                        top.word in {"for", "select", "repeat"}
                        or (top.word in _CONDITIONS and after_condition)
                    ):
                        top.bodied = top.terse = True  # `repeat 3 cmd`, `if [[ x ]] cmd`
                at_command = False
        self.end_terse()
        for block in self.stack:
            block.listing = False  # the line break ends a `for … in` list
        return before - lowest, len(self.stack) - before

    def close(self, token: str) -> None:
        """``}``/``fi``/``done``/``esac``/``end``: close the innermost block it ends.

        Blocks left open inside it (a one-command form the words did not
        show) close with it; a closer with no block to close is ignored.
        """
        for depth in range(len(self.stack) - 1, -1, -1):
            block = self.stack[depth]
            if token == "}":
                found = block.brace
            elif token == "fi":
                found = block.word == "if" and not block.brace
            elif token == "done":
                found = block.word in _LOOPS and not block.brace
            elif token == "esac":
                found = block.word == "case"
            else:  # `end`
                found = block.word == "foreach"
            if found:
                del self.stack[depth:]
                return

    def header_word(self, block: _Block, token: str) -> None:
        """One word of a ``for``/``foreach``/``repeat`` header."""
        if block.parens > 0 or token.startswith("("):
            block.parens += token.count("(") - token.count(")")
            if block.parens <= 0:
                block.parens = 0
                block.header = 0
            return
        if token == "in":  # `for i in a b; do`: the list runs to the separator
            block.header = 0
            block.listing = True
            return
        block.header -= 1

    def end_terse(self) -> None:
        """A one-command body ends at a separator or at the end of its line."""
        while self.stack and self.stack[-1].terse:
            self.stack.pop()


class _TooHard(Exception):
    """tree-sitter gave up within its budget (see :func:`_bounded_parse`)."""


# tree-sitter-zsh's error recovery can take exponential time and memory on some nested
# arithmetic inside a parameter expansion spread over lines (zinit's scheduler: a ternary
# chain in `${arr[$(( … ))]}` inside `${arr[@]/pat/…}`): gigabytes within seconds. A parse
# is cancelled past a budget of parser steps (tree-sitter's progress callback) or of time.
_PARSE_STEPS_BASE = 10_000
_PARSE_SECONDS = 1.0


def _bounded_parse(parser: Parser, data: bytes) -> Tree:
    """``parser.parse(data)``, cancelled (raising :class:`_TooHard`) past a budget."""
    steps = _PARSE_STEPS_BASE + len(data) // 8
    deadline = time.monotonic() + _PARSE_SECONDS
    count = 0

    def cancel(*_state: object) -> bool:
        nonlocal count
        count += 1
        return count > steps or time.monotonic() > deadline

    def read(byte: int, _point: object) -> bytes:
        return data[byte : byte + 65536]

    try:
        return parser.parse(read, progress_callback=cancel)
    except ValueError as error:  # "Parsing failed": cancelled
        # A cancelled parser resumes the cancelled parse on its next call, whatever text
        # that call gives: the next file (or the next keystroke's text) would get a tree
        # half made of this one.
        parser.reset()
        raise _TooHard from error


class _ZshScanner(_Scanner):
    conditional = _ZSH_CONDITIONAL
    equals_substitution = True

    def __init__(self, source: SourceFile) -> None:
        super().__init__(source)
        self.bash_piece = False  # walking a statement re-read with tree-sitter-bash
        self.line_mode = False  # reading a failed construct one line at a time
        self.reparses = 0
        self.skip_before = 0  # statements starting before this offset were re-read already

    # -- parsing -------------------------------------------------------------

    def parse(self, data: bytes) -> Tree:
        """Parse with tree-sitter-zsh, after blanking the values it would take from past a blank.

        Each ``NAME=`` whose value the grammar took from after a line break
        (or a ``#``) gets a ``;`` in place of the first blank after the
        ``=`` and the bytes are parsed again (a few rounds: a line the
        grammar swallowed may hold another such ``NAME=``). Byte offsets are
        those of ``data``.
        """
        if self.bash_piece:
            with _BASH_LOCK:
                return _bounded_parse(_bash_parser(), data)
        with _ZSH_LOCK:
            tree = _bounded_parse(_zsh_parser(), data)
        if _GAP.search(data) is None:
            return tree
        patched = bytearray(data)
        for _ in range(_MAX_PATCH_ROUNDS):
            changed = False
            for match in _GAP.finditer(data):
                equals = match.end() - 2
                if patched[equals + 1] not in _BLANKS:
                    continue  # patched in an earlier round
                operator = tree.root_node.descendant_for_byte_range(equals, equals + 1)
                if operator is None or operator.type not in {"=", "+="}:
                    continue
                assignment = operator.parent
                if assignment is None or assignment.type != "variable_assignment":
                    continue
                value = assignment.child_by_field_name("value")
                if value is None:  # `D=` + blanks: the statement runs over them
                    if assignment.end_byte > operator.end_byte:
                        patched[operator.end_byte] = ord(";")
                        changed = True
                    continue
                gap = patched[operator.end_byte : value.start_byte]
                if gap and (b"\n" in gap or patched[value.start_byte] == ord("#")):
                    patched[operator.end_byte] = ord(";")
                    changed = True
            if not changed:
                break
            try:
                with _ZSH_LOCK:
                    tree = _bounded_parse(_zsh_parser(), bytes(patched))
            except _TooHard:
                break  # keep the last tree
        return tree

    # -- walking -------------------------------------------------------------

    def visit(self, node: Node, top: bool) -> bool:
        """As in bash, but statements tree-sitter-zsh gets wrong are re-read with bash's grammar.

        Those are ``NAME= word`` (see :meth:`has_gap`), a word continued over a
        backslash-newline (``K=ab\\<newline>cd``: zsh's grammar ends the statement
        at the backslash) and ``cmd 2>file`` (the ``2`` read as an argument).
        """
        if self.bash_piece:
            return super().visit(node, top)
        if self.skip_before and self.start(node) < self.skip_before and node.type != "program":
            if self.end(node) <= self.skip_before:
                return True  # part of a statement re-read already
        kind = node.type
        if kind in _STATEMENTS or kind in {"variable_assignments", "redirected_statement"}:
            end = self.end(node)
            continued = _continued_end(self.text, end)
            if continued is not None:
                self.reread_with_bash(node, top, continued)
                self.skip_before = max(self.skip_before, continued)
                return True
            if self.has_gap(node) or (kind == "redirected_statement" and _split_descriptor(node)):
                self.reread_with_bash(node, top, end)
                return True
        return super().visit(node, top)

    def reusable(self, node: Node) -> bool:
        """Not a statement that a backslash-newline before it joined to an earlier one."""
        return self.start(node) >= self.skip_before

    def child_contexts(self, node: Node, top: bool) -> Iterator[tuple[Node, bool]]:
        """As in bash; an anonymous function's body runs at once (see :meth:`anonymous`)."""
        if node.type == "function_definition" and _anonymous(node):
            for child in node.children:
                yield child, top
            return
        # tree-sitter-zsh has no `foreach … end`: both are commands, the body their siblings.
        loops = 0
        for child, inside in super().child_contexts(node, top):
            word = _command_word(child, self.local.data)
            if word == "end" and loops:
                loops -= 1
            yield child, inside and not loops
            if word == "foreach":
                loops += 1

    def has_gap(self, node: Node) -> bool:
        """Whether ``node`` holds ``NAME= word`` read by the grammar as ``NAME=word``."""
        candidates = [node] if node.type == "variable_assignment" else node.children
        for child in candidates:
            if child.type != "variable_assignment":
                continue
            operator = next((c for c in child.children if c.type in {"=", "+="}), None)
            if operator is not None and _gap(operator) is not None:
                return True
        return False

    def reread_with_bash(self, node: Node, top: bool, end: int) -> None:
        """Walk the text from ``node``'s start to ``end`` as tree-sitter-bash parses it."""
        start = self.start(node)
        saved = self.base, self.local, self.bash_piece
        self.base, self.local, self.bash_piece = start, Utf8Offsets(self.text[start:end]), True
        try:
            self.walk(self.parse(self.local.data).root_node, top)
        finally:
            self.base, self.local, self.bash_piece = saved

    def declaration(self, node: Node, top: bool) -> None:
        """As in bash; ``local``/``typeset`` without ``-g`` in an anonymous function is local."""
        if top and not self.bash_piece and node.children:
            keyword = node.children[0].type
            if keyword in _LOCAL_KEYWORDS and _inside_anonymous(node):
                flags = "".join(
                    self.node_text(c)[1:]
                    for c in node.children[1:]
                    if c.type == "word" and self.node_text(c).startswith("-")
                )
                if "g" not in flags:
                    top = False
        super().declaration(node, top)

    def plain(self, node: Node, statement: Node, top: bool) -> None:
        """As in bash; a name declared local in an anonymous function stays local."""
        if top and not self.bash_piece:
            function = _inside_anonymous(node)
            if function is not None:
                name = node.child_by_field_name("name")
                if name is not None and self.node_text(name) in self.local_names(function):
                    top = False
        super().plain(node, statement, top)

    def local_names(self, function: Node) -> set[str]:
        """Names an anonymous function declares local (``local x``, ``typeset y=1``)."""
        names: set[str] = set()
        stack = [function]
        while stack:
            current = stack.pop()
            if current.type == "declaration_command" and current.children:
                if current.children[0].type in _LOCAL_KEYWORDS:
                    for child in current.children[1:]:
                        target = child
                        if child.type == "variable_assignment":
                            target = child.child_by_field_name("name") or child
                        text = self.node_text(target)
                        if _IDENTIFIER.fullmatch(text):
                            names.add(text)
                continue
            if current is not function and current.type == "function_definition":
                continue
            stack.extend(current.children)
        return names

    # -- parse errors --------------------------------------------------------

    def may_fall_back(self, node: Node) -> bool:
        if self.bash_piece or self.line_mode:
            return False
        return "\n" in self.text[self.start(node) : self.end(node)]

    def fallback(self, node: Node, top: bool) -> None:
        """Read the construct that failed line by line, then parse the rest again as a whole.

        Complete statements at the start of an ERROR (comments, commands that
        parsed) are walked as they are; the construct starts at the first
        child that failed.
        """
        start, end = self.start(node), self.end(node)
        if node.type == "ERROR":
            for child in node.children:
                if not child.is_named or child.has_error or child.type == "ERROR":
                    start = self.start(child)
                    break
                self.walk(child, top)
            else:
                return
        construct = start + _construct_length(self.text[start:end])
        self.fallback_lines(start, construct, top)
        if construct >= end:
            return
        if self.reparses >= _MAX_REPARSES:
            self.fallback_lines(construct, end, top)
            return
        self.reparses += 1
        saved = self.base, self.local
        self.base, self.local = construct, Utf8Offsets(self.text[construct:end])
        try:
            tree = self.parse(self.local.data)
        except _TooHard:
            self.base, self.local = saved
            self.fallback_lines(construct, end, top)
            return
        try:
            self.walk(tree.root_node, top)
        finally:
            self.base, self.local = saved

    def fallback_lines(self, start: int, end: int, top: bool) -> None:
        """Read ``text[start:end]`` one logical line at a time, zsh's block forms known.

        A line that opens a block makes the next ones conditional until it
        closes (:class:`_Blocks`); here-document bodies are skipped.
        """
        saved = self.base, self.local, self.line_mode
        self.line_mode = True
        blocks = _Blocks()
        depth = 0
        try:
            for offset, _, piece in _logical_lines(self.text[start:end]):
                leading, delta = blocks.feed(piece)
                depth = max(depth - leading, 0)
                self.read_line(start + offset, piece, top and depth == 0)
                depth = max(depth + delta + leading, 0)
        finally:
            self.base, self.local, self.line_mode = saved

    def read_line(self, position: int, piece: str, top: bool) -> None:
        """Walk one logical line at ``position``; a failed ``if … { body }`` is read in two.

        tree-sitter-zsh has no alternate (brace) forms of ``if``/``while``/
        ``foreach``: the words before the ``{`` and the body after it are
        parsed apart (the body as not top level).
        """
        self.base, self.local = position, Utf8Offsets(piece)
        try:
            tree = self.parse(self.local.data)
        except _TooHard:
            return  # a line tree-sitter cannot read in time holds no fact we can trust
        if tree.root_node.has_error:
            brace = _short_form_brace(piece)
            if brace is not None:
                body = piece[brace + 1 :]
                closing = _CLOSING_BRACE.search(body)  # `{ cmd }` on one line
                if closing is not None:
                    body = body[: closing.start()]
                self.read_line(position, piece[:brace], top)
                self.read_line(position + brace + 1, body, False)
                return
        self.walk(tree.root_node, top)


_SHORT_FORM = re.compile(
    r"(?:^|[\s;}])(?:if|elif|else|while|until|for|foreach|repeat|select)\s(?:.*?\s)??\{(?=\s|$)"
)


_CLOSING_BRACE = re.compile(r"(?:(?<=\s)|(?<=;)|^)\}\s*$")


def _short_form_brace(line: str) -> int | None:
    """Where the ``{`` of a zsh alternate form (``if [[ … ]] {``) is in ``line``, or None."""
    blanked = _QUOTED.sub(lambda m: "'" + "_" * (len(m.group()) - 2) + "'", line)
    match = _SHORT_FORM.search(_COMMENT.sub("", blanked))
    return None if match is None else match.end() - 1


_CONTINUED = re.compile(r"\\\r?\n")


def _continued_end(text: str, end: int) -> int | None:
    """Where a statement ending at ``end`` really ends when a backslash-newline follows it.

    ``None`` when no continuation follows; else the end of the last line the
    continuation joins (before its line break).
    """
    if _CONTINUED.match(text, end) is None:
        return None
    position = end
    while True:
        newline = text.find("\n", position)
        if newline < 0:
            return len(text)
        if text[position:newline].rstrip("\r").endswith("\\"):
            position = newline + 1
            continue
        return newline - 1 if text[newline - 1 : newline] == "\r" else newline


def _split_descriptor(node: Node) -> bool:
    """Whether tree-sitter-zsh read the ``2`` of ``cmd 2>file`` as an argument of ``cmd``."""
    body = node.child_by_field_name("body")
    redirect = node.child_by_field_name("redirect")
    if body is None or redirect is None or not body.children:
        return False
    last = body.children[-1]
    return last.type == "number" and last.end_byte == redirect.start_byte


def _gap(operator: Node) -> int | None:
    """Where the value of ``operator``'s assignment starts when a blank comes first, else None."""
    assignment = operator.parent
    if assignment is None or assignment.type != "variable_assignment":
        return None
    value = assignment.child_by_field_name("value")
    if value is None or value.start_byte <= operator.end_byte:
        return None
    return value.start_byte


def _command_word(node: Node, data: bytes) -> str:
    """The name of a simple command node (``foreach``, ``end``…) in ``data``, else ``""``."""
    if node.type != "command":
        return ""
    name = node.child_by_field_name("name")
    text = data[name.start_byte : name.end_byte] if name is not None else None
    return text.decode("utf-8", "replace") if text else ""


def _anonymous(node: Node) -> bool:
    """Whether a ``function_definition`` is zsh's ``() { … }`` (run where it stands)."""
    return node.child_by_field_name("name") is None


def _inside_anonymous(node: Node) -> Node | None:
    """The anonymous function ``node`` is in, unless a named function comes first."""
    current = node.parent
    while current is not None:
        if current.type == "function_definition":
            return current if _anonymous(current) else None
        current = current.parent
    return None


def _construct_length(text: str) -> int:
    """How much of ``text`` (starting at a failed statement) the first construct takes.

    Logical lines are read until no block is open; at least one line.
    """
    blocks = _Blocks()
    for _, end, piece in _logical_lines(text):
        blocks.feed(piece)
        if not blocks.stack:
            return end
    return len(text)


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a zsh file (``.zshrc``, ``.zshenv``, ``*.zsh``…), as :func:`posix_shell.scan`.

    Takes the decoded source; returns its assignments, slips, includes and
    unsets (``kind`` is ``FileKind.SHELL``). Never raises on bad syntax.
    """
    scanner = _ZshScanner(source)
    try:
        return scanner.run(scanner.parse_file().root_node)
    except _TooHard:
        # A construct tree-sitter cannot parse in time: read the whole file a line at a time.
        scanner = _ZshScanner(source)
        scanner.fallback_lines(0, len(source.text), True)
        scanner.finish()
        return scanner.result
