"""The POSIX shell scanner (sh, bash, direnv ``.envrc``), on tree-sitter-bash.

zsh files (``.zshrc``, ``*.zsh``…) are read by :mod:`authlint.scanners.zsh_shell`,
which reuses this module's walker with tree-sitter-zsh (see
:func:`authlint.scanners.shell_dialect`).

tree-sitter-bash 0.25 gives the statement structure and where each value
starts and ends; the value itself is then evaluated from its text with
bash's quoting rules (``'…'`` literal, ``"…"`` with ``\\"`` ``\\\\`` ``\\$``
``\\``` resolved, ``$'…'`` ANSI-C escapes, backslash escapes outside quotes),
because the grammar's own string nodes are not exact (``"x$ y"`` parses as an
expansion of ``" y"``). Any expansion (``$VAR``, ``${…}``, ``$(…)``,
backticks, arithmetic, a leading ``~``, brace expansion in ``export``
arguments) makes the value ``None``.

Facts emitted:

- an :class:`Assignment` for ``export NAME=value``, ``declare``/``typeset``/
  ``local``/``readonly NAME=value`` and plain ``NAME=value`` statements (not
  for ``NAME=value cmd`` prefixes, which only set the command's environment);
  ``export NAME= value`` is an assignment of ``""`` (what bash does) plus a slip;
- :class:`Slip` facts for ``export KEY = value`` / ``KEY = value``
  (SC2290/SC2283), ``KEY= value`` (SC1007), ``export $KEY`` (SC2163), a
  top-level ``NAME=value`` that is not exported, and PowerShell ``$env:`` or
  fish ``set -x`` lines pasted into a POSIX profile.

``quote`` is ``'"'``, ``"'"``, ``"$'"`` (ANSI-C) or ``'$"'`` (locale string)
for a single quoted word, ``""`` otherwise. In a CRLF file the ``\\r`` before
each line break is not part of any value (the CRLF rule reports it).

``top_level`` is false inside ``if``/``case``/loops/functions/subshells/
pipelines and for every command of an ``&&``/``||`` list but the first (which
always runs). ``KEY= value`` is reported only when no argument follows
(``NAME= cmd args`` is the idiom that empties a variable for one command).

Syntax that tree-sitter-bash cannot parse (zsh's parameter flags such as
``${(s/:/)PATH}`` in a file read as bash) can make its error recovery glue
the following lines into one bogus statement; such a region is re-read line
by line (see ``_Scanner.fallback``), so one such line does not hide the
``export`` after it.

Sources: ``auth-facts.md`` §7 (shellcheck SC2290, SC2283, SC1007, SC2163) and
``client-behaviour.md`` "Shells" table; bash manual "Quoting", "Tilde
Expansion", "Brace Expansion" (observed with bash 5.2: ``export K={a,b}``
brace-expands, ``K={a,b}`` does not).
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tree_sitter import Language, Node, Parser, Tree

from authlint.core.facts import (
    Assignment,
    FileKind,
    Include,
    ScannedFile,
    Slip,
    SlipKind,
    Unset,
)
from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Position, Span, Utf8Offsets


@functools.cache
def _parser() -> Parser:
    """The Bash grammar's parser, loaded on first use (a fast server start)."""
    import tree_sitter_bash

    return Parser(Language(tree_sitter_bash.language()))


_PARSER_LOCK = threading.Lock()

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Node types whose statements may not run, or run in a child process.
_CONDITIONAL = frozenset(
    {
        "if_statement",
        "elif_clause",
        "else_clause",
        "case_statement",
        "case_item",
        "for_statement",
        "c_style_for_statement",
        "while_statement",
        "do_group",
        "function_definition",
        "subshell",
        "pipeline",
        "command_substitution",
        "process_substitution",
    }
)
# Tokens that open a conditional context inside an ERROR node (half-typed input).
_CONDITIONAL_TOKENS = frozenset(
    {"if", "then", "elif", "else", "case", "for", "while", "until", "do", "(", "{", "&&", "||", "|"}
)
_CONTINUATION = re.compile(r"\\\r?\n")
_CLOSING_WORDS = frozenset({"fi", "done", "esac"})
_MAX_JOINED_LINES = 200
_HEREDOC = re.compile(r"<<-?[ \t]*(?P<q>['\"]?)(?P<word>[A-Za-z_][A-Za-z0-9_]*)(?P=q)")
# Utilities for which a first argument `=` is an ordinary operand (`sed =` prints
# line numbers, `test = x`, `expr = …`): `sed = | …` is a command, not `NAME = value`.
_EQUALS_OPERAND = frozenset(
    {"awk", "echo", "eval", "expr", "grep", "print", "printf", "sed", "test", "tr"}
)
# `name() {`, `function name {`, `function name() {`: a function the file defines. Its
# call with a first argument starting with `=` (`_mv =(…) $target` in zsh) is a call.
_FUNCTION_DEFINITION = re.compile(
    r"^[ \t]*(?:function[ \t]+(?P<keyword>[A-Za-z_][\w-]*)|(?P<plain>[A-Za-z_][\w-]*)[ \t]*\(\))",
    re.MULTILINE,
)
# A plain `exit`, `exit 0`, `exit $?` line (column 0), optionally with `;` or a comment.
_EXIT_LINE = re.compile(r"exit(?:[ \t]+(?:\$\?|\d+))?[ \t]*;?[ \t]*(?:#.*)?\Z")
_OPENING_WORDS = frozenset({"if", "for", "while", "until", "case", "select"})
_QUOTED = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"")
# A quoted string, or a here-document opening whose quoted word must survive blanking.
_QUOTED_OR_HEREDOC = re.compile(r"<<-?[ \t]*(?:'[^']*'|\"[^\"]*\")|" + _QUOTED.pattern)
_COMMENT = re.compile(r"(?:^|(?<=\s))#.*")
_TOKEN = re.compile(r";;|&&|\|\||[;&|]|[^\s;&|]+")
# Statements that tree-sitter's error recovery may glue across lines.
_FALLBACK = frozenset(
    {
        "ERROR",
        "command",
        "declaration_command",
        "variable_assignment",
        "variable_assignments",
        "redirected_statement",
        "list",
        "pipeline",
        "negated_command",
    }
)
_DECLARATION_KEYWORDS = frozenset({"export", "declare", "typeset", "local", "readonly"})
_FISH_SET_FLAGS = re.compile(r"-(?=[gUlxu]*x)[gUlxu]+\Z|--export\Z")
_FISH_LONG_FLAGS = frozenset({"--export", "--global", "--universal", "--local", "--unexport"})
_POWERSHELL_ENV = re.compile(
    r"(?P<open>\$(?:\{)?)(?i:env):(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<close>\})?"
    r"(?P<before>[ \t]*)=(?P<after>[ \t]*)(?P<value>.*)\Z",
    re.DOTALL,
)
_ANSI_C_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_EXPANSION_START = frozenset("_{([@*#?-$!0123456789")


class _Computed(Exception):
    """The word's value is only known at run time."""


@dataclass
class _Pending:
    """An assignment whose ``exported`` flag is decided after the whole file is read."""

    name: str
    name_start: int
    name_end: int
    value_type: str | None  # the value node's type; None without a value
    value_start: int
    value_end: int
    statement_start: int
    statement_end: int
    top_level: bool
    exported: bool | None  # None: decided by `export NAME` elsewhere / set -a
    append: bool
    brace_expands: bool
    keyword: str  # "" for a plain NAME=value, else the declaration keyword
    keyword_end: int
    joined: bool = False  # the value continues over a backslash-newline


class _Statement:
    """What one top-level statement gave, read at ``line`` (offset ``offset``, its line's start).

    A statement's facts depend only on its own lines (see :meth:`_Scanner.statement_key`),
    so the next scan of the same file reuses them for every statement whose lines did not
    change: offsets move with :meth:`_Scanner.walk_top`'s shift, spans with :meth:`moved`.
    Never changed once a scan is over (scans of one file may share it across threads).
    """

    __slots__ = (
        "offset",
        "line",
        "pending",
        "built",
        "slips",
        "command_slips",
        "includes",
        "unsets",
        "allexport",
        "exported_names",
    )

    def __init__(self, offset: int, line: int) -> None:
        self.offset = offset
        self.line = line
        self.pending: list[_Pending] = []
        self.built: list[Assignment] = []  # each pending's Assignment (finish builds them)
        self.slips: list[Slip] = []
        self.command_slips: list[Slip] = []
        self.includes: list[Include] = []
        self.unsets: list[Unset] = []
        self.allexport: list[tuple[int, bool]] = []  # (offset, on) at top level
        self.exported_names: set[str] = set()

    def moved(self, line: int) -> _Statement:
        """The same statement read at ``line``: every span moved by as many lines."""
        lines = line - self.line
        moved = _Statement(self.offset, line)
        moved.pending = self.pending
        moved.built = [
            replace(
                built,
                name_span=_moved(built.name_span, lines),
                value_span=_moved(built.value_span, lines),
                content_span=_moved(built.content_span, lines),
                statement_span=_moved(built.statement_span, lines),
            )
            for built in self.built
        ]
        slips = {id(slip): _moved_slip(slip, lines) for slip in self.slips}
        moved.slips = list(slips.values())
        moved.command_slips = [slips[id(slip)] for slip in self.command_slips]
        moved.includes = [replace(i, span=_moved(i.span, lines)) for i in self.includes]
        moved.unsets = [replace(u, span=_moved(u.span, lines)) for u in self.unsets]
        moved.allexport = self.allexport
        moved.exported_names = self.exported_names
        return moved


def _moved(span: Span, lines: int) -> Span:
    start, end = span.start, span.end
    return Span(
        Position(start.line + lines, start.character), Position(end.line + lines, end.character)
    )


def _moved_slip(slip: Slip, lines: int) -> Slip:
    return replace(
        slip,
        span=_moved(slip.span, lines),
        repair=tuple(replace(edit, span=_moved(edit.span, lines)) for edit in slip.repair),
    )


# The statements of the latest scan of each of a few files, by their lines' text: the next
# scan of that file (an editor keystroke) walks only the statements whose lines changed.
_RECENT_FILES = 16
_StatementKey = tuple[str, int, int, bool]
_recent_statements: OrderedDict[
    tuple[type[_Scanner], Path | None], dict[_StatementKey, _Statement]
] = OrderedDict()
_recent_lock = threading.Lock()


class _Scanner:
    """Walks a tree-sitter-bash tree into facts; :mod:`zsh_shell` subclasses it for zsh."""

    # Node types whose statements may not run (see ``top_level``).
    conditional = _CONDITIONAL
    # zsh reads `cmd =(…)` as process substitution (a temporary file), not `NAME =(…)`.
    equals_substitution = False

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.index: LineIndex = source.index
        self.offsets = Utf8Offsets(source.text)
        # Where node offsets point: the whole file, or one re-parsed line (see fallback).
        self.base = 0
        self.local = self.offsets
        self.result = ScannedFile(source, FileKind.SHELL)
        # The walk records into the lists of the statement being read (see record), bound to
        # these names and to the result's; finish() gathers them all.
        self.pending: list[_Pending] = []
        self.exported_names: set[str] = set()
        self.allexport: list[tuple[int, bool]] = []  # (offset, on) at top level
        # `NAME =value` slips read from a command (not `export NAME = value`): dropped in
        # finish() when NAME is a function the file defines (the line calls it).
        self.command_slips: list[Slip] = []
        # What each top-level statement gave, in order, with the shift of its offsets since
        # it was read (see walk_top).
        self.statements: list[tuple[_Statement, int]] = []
        self.record(_Statement(0, 0))
        self.seen: dict[_StatementKey, _Statement] | None = None
        self.continued = True  # whether the text has a backslash-newline (see walk_top)

    def record(self, statement: _Statement) -> None:
        """Record what the walk finds from now on into ``statement`` (read here: no shift)."""
        self.statements.append((statement, 0))
        self.pending = statement.pending
        self.exported_names = statement.exported_names
        self.allexport = statement.allexport
        self.command_slips = statement.command_slips
        self.result.slips = statement.slips
        self.result.includes = statement.includes
        self.result.unsets = statement.unsets

    # -- helpers -------------------------------------------------------------

    def start(self, node: Node) -> int:
        return self.base + self.local.char(node.start_byte)

    def end(self, node: Node) -> int:
        return self.base + self.local.char(node.end_byte)

    def node_text(self, node: Node) -> str:
        return self.text[self.start(node) : self.end(node)]

    def edit(self, start: int, end: int, new_text: str) -> Edit:
        return Edit(self.index.span(start, end), new_text)

    # -- walking -------------------------------------------------------------

    def run(self, root: Node) -> ScannedFile:
        # A top-level `exit` ends the script: what follows never runs as shell
        # (a payload, or another language's half of a polyglot: `exit $?` then
        # `#!ruby` read by `ruby -x "$0"`), so only the text before it is read.
        cut = _script_end(self.text)
        if cut is not None:
            size = len(self.text[:cut].encode("utf-8", "surrogatepass"))
            root = self.parse(self.offsets.data[:size]).root_node
        self.walk_top(root)
        self.finish()
        self.remember()
        return self.result

    def walk_top(self, root: Node) -> None:
        """:meth:`walk` of the whole file, reusing the statements the last scan of it read.

        Each top-level statement that :meth:`statement_key` accepts is looked up
        among the previous scan's statements (same lines, same place in them,
        same context); found, its facts are taken as they are, offsets shifted
        and spans moved to where it now stands; else it is walked. From a
        file's second scan on: the first one only marks the file.
        """
        if self.visit(root, True):
            return
        key = (type(self), self.source.path)
        with _recent_lock:
            earlier = _recent_statements.get(key)
        if earlier is None:
            # The file's first scan: nothing to reuse, and maybe no next scan (`authlint
            # check` reads each file once), so nothing is recorded; the file is marked, and
            # its next scan (an edit) records its statements for the ones after.
            for child, top in list(self.child_contexts(root, True)):
                self.walk(child, top)
            self.seen = {}
            return
        self.continued = "\\\n" in self.text or "\\\r" in self.text
        seen: dict[_StatementKey, _Statement] = {}
        for child, top in list(self.child_contexts(root, True)):
            if child.type == "comment":
                continue  # no facts
            found = self.statement_key(child, top)
            if found is None:
                self.record(_Statement(0, 0))
                self.walk(child, top)
                continue
            statement_key, offset, line = found
            statement = earlier.get(statement_key)
            if statement is None:
                statement = _Statement(offset, line)
                self.record(statement)
                self.walk(child, top)
            else:
                if statement.line != line:
                    statement = statement.moved(line)
                self.statements.append((statement, offset - statement.offset))
            seen[statement_key] = statement
        self.record(_Statement(0, 0))
        self.seen = seen

    def statement_key(self, node: Node, top: bool) -> tuple[_StatementKey, int, int] | None:
        """``(key, offset, line)`` of a top-level statement whose facts can be reused, else None.

        The key is the text of the statement's lines (from the start of its
        first to the line break of its last), where in them it starts and
        ends, and whether it is top level: a statement's facts depend on
        nothing else. Not for statements holding a parse error (read again
        line by line, with what precedes them) or a backslash-newline (a
        continuation the walk follows past a statement's end). ``offset`` and
        ``line``: where its first line starts.
        """
        if node.has_error or not self.reusable(node):
            return None
        index = self.index
        start, end = self.start(node), self.end(node)
        first, last = index.line_of(start), index.line_of(end)
        offset = index.line_start(first)
        stop = index.line_start(last + 1) if last + 1 < index.line_count else len(self.text)
        lines = self.text[offset:stop]
        if self.continued and (
            "\\\n" in lines or "\\\r" in lines or self.text.startswith("\\", stop)
        ):
            return None  # a backslash-newline: the walk may join what follows
        return (lines, start - offset, end - offset, top), offset, first

    def reusable(self, node: Node) -> bool:
        """Whether the facts of top-level ``node`` may come from an earlier scan (see zsh)."""
        return True

    def remember(self) -> None:
        """Keep this scan's statements for the next scan of the same file."""
        if self.seen is None:
            return
        key = (type(self), self.source.path)
        with _recent_lock:
            _recent_statements[key] = self.seen
            _recent_statements.move_to_end(key)
            while len(_recent_statements) > _RECENT_FILES:
                _recent_statements.popitem(last=False)

    def walk(self, root: Node, top: bool) -> None:
        stack: list[tuple[Node, bool]] = [(root, top)]
        while stack:
            node, top = stack.pop()
            handled = self.visit(node, top)
            if handled:
                continue
            children = list(self.child_contexts(node, top))
            stack.extend(reversed(children))

    def parse(self, data: bytes) -> Tree:
        """Parse UTF-8 ``data`` (the whole file or one piece of it) with this dialect's grammar."""
        with _PARSER_LOCK:
            return _parser().parse(data)

    def parse_file(self) -> Tree:
        """Parse the whole file, afresh on every scan.

        Not from the previous scan's tree: tree-sitter-zsh's incremental parse
        of an edited text can differ from a fresh parse of it even without an
        error (a ``typeset`` spanning the next line), so a scan would depend on
        the edits before it. Facts of unchanged statements are still reused.
        """
        return self.parse(self.offsets.data)

    def may_fall_back(self, node: Node) -> bool:
        """Whether ``node`` (a statement holding an ERROR) is re-read by :meth:`fallback`."""
        return node.start_point.row != node.end_point.row and self.local is self.offsets

    def fallback(self, node: Node, top: bool) -> None:
        """Re-read a multi-line statement that tree-sitter could not parse, line by line.

        Error recovery can glue several lines into one bogus statement (zsh's
        ``${(s/:/)PATH}`` swallows the next ``export``); each line on its own
        parses. A line whose quote is still open, or that ends in a
        backslash, is read together with the next ones. A line that leaves an
        ``if``/loop/function open makes the following lines conditional until
        the block closes (:func:`_block_delta`); here-document bodies are skipped.
        """
        self.fallback_lines(self.start(node), self.end(node), top)

    def fallback_lines(self, start: int, end: int, top: bool) -> None:
        """Read ``text[start:end]`` one logical line at a time (see :meth:`fallback`)."""
        saved = self.base, self.local
        depth = 0
        try:
            for offset, _, piece in _logical_lines(self.text[start:end]):
                leading, delta = _block_delta(piece)
                depth = max(depth - leading, 0)
                self.base, self.local = start + offset, Utf8Offsets(piece)
                tree = self.parse(self.local.data)
                self.walk(tree.root_node, top and depth == 0)
                depth = max(depth + delta + leading, 0)
        finally:
            self.base, self.local = saved

    def child_contexts(self, node: Node, top: bool) -> Iterator[tuple[Node, bool]]:
        kind = node.type
        if kind in self.conditional:
            for child in node.children:
                yield child, False
        elif kind == "list":
            # The first command of `a && b` always runs; the rest depend on it.
            for position, child in enumerate(node.children):
                yield child, top and position == 0
        elif kind == "ERROR":
            inside = top
            for child in node.children:
                if not child.is_named and child.type in _CONDITIONAL_TOKENS:
                    inside = False
                yield child, inside
        else:
            for child in node.children:
                yield child, top

    def visit(self, node: Node, top: bool) -> bool:
        """Record facts for a statement node; return True when its children are done."""
        kind = node.type
        if (
            kind in _FALLBACK
            and node.has_error
            and self.may_fall_back(node)
            and _has_error_node(node)
        ):
            self.fallback(node, top)
            return True
        if kind == "declaration_command":
            self.declaration(node, top)
            return True
        if kind == "variable_assignment":
            self.plain(node, node, top)
            return True
        if kind == "variable_assignments":
            for child in node.named_children:
                if child.type == "variable_assignment":
                    self.plain(child, node, top)
            return True
        if kind == "unset_command":
            self.unset(node, [c for c in node.named_children if c.type != "comment"], top)
            return True
        if kind == "command":
            # Prefix assignments (`NAME=value cmd`) are not definitions; what a
            # command's arguments assign in `$(…)` never reaches this shell.
            self.command(node, top)
            return True
        return kind in {"comment", "heredoc_body", "string", "raw_string", "word"}

    # -- statements ----------------------------------------------------------

    def plain(self, node: Node, statement: Node, top: bool) -> None:
        self.assignment(
            node, statement, top, exported=None, keyword="", keyword_end=0, braces=False
        )

    def assignment(
        self,
        node: Node,
        statement: Node,
        top: bool,
        *,
        exported: bool | None,
        keyword: str,
        keyword_end: int,
        braces: bool,
        joined_end: int | None = None,
    ) -> _Pending | None:
        """Record ``node`` (a ``variable_assignment``) for :meth:`finish`.

        ``joined_end`` extends the value over backslash-newline continuations
        that tree-sitter splits off.
        """
        name = node.child_by_field_name("name")
        if name is None or name.type != "variable_name":
            return None
        if not _IDENTIFIER.match(self.node_text(name)):
            return None  # zsh's `0=${(%):-%N}` (the plugin idiom) sets a positional parameter
        operator = next(
            (c for c in node.children if not c.is_named and c.type in {"=", "+="}), None
        )
        if operator is None:
            return None
        value = node.child_by_field_name("value")
        if value is not None and _broken(value):
            return None
        value_start = self.end(operator) if value is None else self.start(value)
        value_end = value_start if value is None else self.end(value)
        joined = joined_end is not None and joined_end > value_end
        if joined_end is not None and joined:
            value_end = joined_end
        pending = _Pending(
            name=self.node_text(name),
            name_start=self.start(name),
            name_end=self.end(name),
            value_type=None if value is None else value.type,
            value_start=value_start,
            value_end=value_end,
            statement_start=self.start(statement),
            statement_end=self.end(statement),
            top_level=top,
            exported=exported,
            append=operator.type == "+=",
            brace_expands=braces,
            keyword=keyword,
            keyword_end=keyword_end,
            joined=joined,
        )
        self.pending.append(pending)
        return pending

    def declaration(self, node: Node, top: bool) -> None:
        children = node.children
        if not children:
            return
        keyword = children[0].type
        if keyword not in _DECLARATION_KEYWORDS:
            return
        flags = ""
        plus = ""
        for child in children[1:]:
            text = self.node_text(child)
            if child.type == "word" and text.startswith("-") and text != "-":
                flags += text[1:]
            elif child.type == "word" and text.startswith("+"):
                plus += text[1:]
        if keyword != "export" and set(flags) & set("fFp"):
            return  # functions or printing, not variables
        if keyword == "export":
            if set(flags) & set("fp"):
                return
            exported: bool | None = "n" not in flags
        elif "x" in flags:
            exported = True
        else:
            exported = None
        marks_export = exported is True
        args = [c for c in children[1:] if c.type != "comment"]
        keyword_end = self.end(children[0])
        skip_until = 0
        for position, child in enumerate(args):
            if position < skip_until:
                continue
            following = args[position + 1] if position + 1 < len(args) else None
            if child.type == "variable_assignment":
                joined_end, skip_until = self.continuation(child, args, position)
                following = args[skip_until] if skip_until < len(args) else None
                pending = self.assignment(
                    child,
                    node,
                    top,
                    exported=exported,
                    keyword=keyword,
                    keyword_end=keyword_end,
                    braces=True,
                    joined_end=joined_end,
                )
                if pending is not None and marks_export:
                    self.exported_names.add(pending.name)
                if pending is not None and pending.value_type is None and following is not None:
                    self.space_after_equals(pending, following)
            elif child.type == "variable_name" or (
                child.type == "word" and _IDENTIFIER.match(self.node_text(child))
            ):  # zsh's grammar gives `export NAME` a plain word
                name = self.node_text(child)
                if marks_export:
                    self.exported_names.add(name)
                if following is not None and self.node_text(following).startswith("="):
                    self.space_around_equals(name, self.end(child), following, args, position)
            elif keyword == "export" and child.type in {
                "simple_expansion",
                "expansion",
                "variable_ref",  # zsh's grammar: `$NAME`
            }:
                self.export_of_expansion(child)

    def continuation(self, node: Node, args: list[Node], position: int) -> tuple[int | None, int]:
        """Where ``args[position]`` ends when it continues over backslash-newlines.

        tree-sitter splits ``K=a\\<newline>b`` in two. Returns the real end
        (``None`` when there is no continuation) and the index of the first
        argument after it.
        """
        end = self.end(node)
        following = position + 1
        while following < len(args):
            match = _CONTINUATION.match(self.text, end)
            if match is None or self.start(args[following]) != match.end():
                break
            end = self.end(args[following])
            following += 1
        return (end if following > position + 1 else None), following

    def command(self, node: Node, top: bool) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        prefixes = [c for c in node.children if c.type == "variable_assignment"]
        arguments = [
            c
            for c in node.children
            if c.start_byte >= name_node.end_byte and c.is_named and c.type not in {"comment"}
        ]
        if prefixes:
            last = prefixes[-1]
            if not arguments:
                joined_end, _ = self.continuation(last, [last, name_node], 0)
                if joined_end is not None:  # `NAME=a\<newline>b` is one assignment
                    for prefix in prefixes:
                        self.assignment(
                            prefix,
                            node,
                            top,
                            exported=None,
                            keyword="",
                            keyword_end=0,
                            braces=False,
                            joined_end=joined_end if prefix is last else None,
                        )
                    return
            if last.child_by_field_name("value") is None and not arguments:
                name = last.child_by_field_name("name")
                if name is not None and name.type == "variable_name":
                    self.prefix_space_after_equals(self.node_text(name), last, name_node)
            return
        command_text = self.node_text(name_node)
        self.foreign_powershell(node)
        # `\. "$NVM_DIR/nvm.sh"` (nvm's installer line): the backslash only skips aliases.
        if command_text.removeprefix("\\") in {".", "source"} and arguments:
            self.result.includes.append(
                Include(
                    _include_target(self.node_text(arguments[0])),
                    self.index.span(self.start(node), self.end(node)),
                    top,
                )
            )
            return
        if command_text == "unset":
            self.unset(node, arguments, top)
            return
        if command_text == "set":
            self.set_command(node, arguments, top)
            return
        if command_text == "setopt" or command_text == "unsetopt":
            if top and any(
                self.node_text(a).lower().replace("_", "") == "allexport" for a in arguments
            ):
                self.allexport.append((self.start(node), command_text == "setopt"))
            return
        if _IDENTIFIER.match(command_text) and arguments and command_text not in _EQUALS_OPERAND:
            first = arguments[0]
            first_text = self.node_text(first)
            if first_text.startswith("=") and not (
                self.equals_substitution and first_text.startswith("=(")
            ):
                count = len(self.result.slips)
                self.space_around_equals(
                    command_text, self.end(name_node), first, [name_node, *arguments], 0
                )
                if len(self.result.slips) > count:
                    self.command_slips.append(self.result.slips[-1])

    def unset(self, node: Node, arguments: list[Node], top: bool) -> None:
        """``unset NAME…`` / ``unset -v NAME…`` (``-f`` removes functions, not variables)."""
        words = [self.node_text(a) for a in arguments]
        if "-f" in words:
            return
        span = self.index.span(self.start(node), self.end(node))
        for word in words:
            if _IDENTIFIER.fullmatch(word):
                self.result.unsets.append(Unset(word, span, top))

    def set_command(self, node: Node, arguments: list[Node], top: bool) -> None:
        words = [self.node_text(a) for a in arguments]
        if top and words:
            on: bool | None = None
            for position, word in enumerate(words):
                if re.fullmatch(r"[-+][A-Za-z]+", word) and "a" in word:
                    on = word.startswith("-")
                if word in {"-o", "+o"} and words[position + 1 : position + 2] == ["allexport"]:
                    on = word == "-o"
            if on is not None:
                self.allexport.append((self.start(node), on))
        # fish `set -gx NAME value` pasted into a POSIX profile.
        flag_count = 0
        exported = False
        for word in words:
            if word in _FISH_LONG_FLAGS or re.fullmatch(r"-[gUlxu]+", word):
                flag_count += 1
                exported = exported or bool(_FISH_SET_FLAGS.match(word))
                continue
            break
        if not flag_count or not exported or flag_count >= len(arguments):
            return
        name_arg = arguments[flag_count]
        name = words[flag_count]
        if not _IDENTIFIER.match(name) or name_arg.type != "word":
            return
        values = arguments[flag_count + 1 :]
        repair: tuple[Edit, ...] = ()
        if len(values) <= 1:
            edits = [self.edit(self.start(node), self.start(name_arg), "export ")]
            if values:
                edits.append(self.edit(self.end(name_arg), self.start(values[0]), "="))
            repair = tuple(edits)
        self.result.slips.append(
            Slip(
                SlipKind.FOREIGN_SYNTAX,
                name,
                self.index.span(self.start(node), self.end(node)),
                repair,
                "fish",
            )
        )

    def foreign_powershell(self, node: Node) -> None:
        start = self.start(node)
        text = self.text[start : self.end(node)]
        match = _POWERSHELL_ENV.match(text)
        if match is None:
            return
        edits = [self.edit(start, start + match.end("open") + len("env:"), "export ")]
        if match.group("close"):
            edits.append(self.edit(start + match.start("close"), start + match.end("close"), ""))
        if match.group("before") or match.group("after"):
            edits.append(self.edit(start + match.start("before"), start + match.end("after"), "="))
        self.result.slips.append(
            Slip(
                SlipKind.FOREIGN_SYNTAX,
                match.group("name"),
                self.index.span(start, start + len(text)),
                tuple(edits),
                "powershell",
            )
        )

    # -- slips ---------------------------------------------------------------

    def space_around_equals(
        self, name: str, name_end: int, equals: Node, args: list[Node], position: int
    ) -> None:
        """``NAME = value`` / ``NAME =value``: ``equals`` is the word starting with ``=``.

        Not inside ``(( … ))`` or ``[[ … ]]`` opened earlier on the line (``for (( i = 0; …``,
        ``[[ $a = b ]]``): a line read on its own, after a parse error, can show those as
        commands.
        """
        line_start = self.text.rfind("\n", 0, name_end) + 1
        before = self.text[line_start:name_end]
        if before.count("((") > before.count("))") or before.count("[[") > before.count("]]"):
            return
        # The name must be a whole word in the text: a grammar's error recovery can cut a
        # word (`bats=( …/(FN) )` read as `b` + `ats`), which is no `NAME = value`.
        name_start = name_end - len(name)
        if self.text[name_start:name_end] != name or (
            name_start > line_start and self.text[name_start - 1] not in " \t;&|({`"
        ):
            return
        eq = self.start(equals)
        edits = [self.edit(name_end, eq, "")]
        span_end = eq + 1
        following = args[position + 2] if position + 2 < len(args) else None
        if self.node_text(equals) == "=" and following is not None:
            after_end = self.start(following)
            if after_end > eq + 1 and "\n" not in self.text[eq + 1 : after_end]:
                edits.append(self.edit(eq + 1, after_end, ""))
                span_end = after_end
        self.result.slips.append(
            Slip(
                SlipKind.SPACE_AROUND_EQUALS,
                name,
                self.index.span(name_end, span_end),
                tuple(edits),
            )
        )

    def space_after_equals(self, pending: _Pending, following: Node) -> None:
        """``export NAME= value``: bash exports NAME="" and then ``value`` as a name.

        ``local cur=$1 list= word``: after ``local``/``declare``/``typeset``/
        ``readonly`` a following plain name is one more declared variable (the
        idiom for declaring several, some empty), not a misplaced value.
        """
        if following.type == "variable_assignment" or "=" in self.node_text(following):
            return
        if pending.keyword not in {"", "export"} and _IDENTIFIER.match(self.node_text(following)):
            return
        gap_start = pending.value_start
        gap_end = self.start(following)
        if gap_end <= gap_start or "\n" in self.text[gap_start:gap_end]:
            return
        self.result.slips.append(
            Slip(
                SlipKind.SPACE_AFTER_EQUALS,
                pending.name,
                self.index.span(gap_start - 1, gap_end),
                (self.edit(gap_start, gap_end, ""),),
            )
        )

    def prefix_space_after_equals(self, name: str, assignment: Node, command_name: Node) -> None:
        """``NAME= value``: bash runs ``value`` as a command with NAME="" in its environment."""
        gap_start = self.end(assignment)
        gap_end = self.start(command_name)
        if gap_end <= gap_start or "\n" in self.text[gap_start:gap_end]:
            return
        self.result.slips.append(
            Slip(
                SlipKind.SPACE_AFTER_EQUALS,
                name,
                self.index.span(gap_start - 1, gap_end),
                (self.edit(gap_start, gap_end, ""),),
            )
        )

    def export_of_expansion(self, node: Node) -> None:
        names = [c for c in node.children if c.type not in {"$", "${", "}"}]
        if len(names) != 1 or names[0].type not in {"variable_name", "simple_variable_name"}:
            return  # ${KEY?} / ${KEY:-x}: deliberate indirection
        start, end = self.start(node), self.end(node)
        name_start, name_end = self.start(names[0]), self.end(names[0])
        edits = [self.edit(start, name_start, "")]
        if name_end < end:
            edits.append(self.edit(name_end, end, ""))
        self.result.slips.append(
            Slip(
                SlipKind.EXPORT_OF_EXPANSION,
                self.node_text(names[0]),
                self.index.span(start, end),
                tuple(edits),
            )
        )

    # -- finishing -----------------------------------------------------------

    def allexport_at(self, offset: int) -> bool:
        on = False
        for position, state in self.allexport:
            if position >= offset:
                break
            on = state
        return on

    def finish(self) -> None:
        """Gather the statements' facts; decide each assignment's ``exported`` flag."""
        statements = self.statements
        self.exported_names = set().union(*(s.exported_names for s, _ in statements))
        self.allexport = sorted(
            (offset + shift, on) for s, shift in statements for offset, on in s.allexport
        )
        self.command_slips = [slip for s, _ in statements for slip in s.command_slips]
        self.result.slips = [slip for s, _ in statements for slip in s.slips]
        self.result.unsets = [unset for s, _ in statements for unset in s.unsets]
        self.result.includes = [
            replace(i, allexport=self.allexport_at(self.index.offset(i.span.start)))
            for s, _ in statements
            for i in s.includes
        ]
        assignments = self.result.assignments
        for statement, shift in statements:
            built = statement.built
            for position, pending in enumerate(statement.pending):
                exported = pending.exported
                if exported is None:
                    exported = pending.name in self.exported_names or self.allexport_at(
                        pending.statement_start + shift
                    )
                if position == len(built):  # read in this scan (shift 0): built once
                    built.append(self.build(pending, exported))
                assignment = built[position]
                if assignment.exported != exported:
                    assignment = replace(assignment, exported=exported)
                assignments.append(assignment)
                if (
                    not exported
                    and pending.top_level
                    and pending.keyword in {"", "declare", "typeset", "readonly"}
                ):
                    self.not_exported(pending, shift)
        if self.command_slips:
            functions = {
                match.group("keyword") or match.group("plain")
                for match in _FUNCTION_DEFINITION.finditer(self.text)
            }
            called = {id(slip) for slip in self.command_slips if slip.name in functions}
            self.result.slips = [slip for slip in self.result.slips if id(slip) not in called]
        self.result.slips.sort(key=lambda slip: (slip.span.start, slip.span.end))

    def not_exported(self, pending: _Pending, shift: int = 0) -> None:
        """Report ``pending`` (its offsets ``shift`` characters off) as assigned, not exported."""
        repair: tuple[Edit, ...] = ()
        if pending.keyword == "":
            start = pending.statement_start + shift
            repair = (self.edit(start, start, "export "),)
        elif pending.keyword in {"declare", "typeset"}:
            end = pending.keyword_end + shift
            repair = (self.edit(end, end, " -x"),)
        self.result.slips.append(
            Slip(
                SlipKind.NOT_EXPORTED,
                pending.name,
                self.index.span(pending.name_start + shift, pending.name_end + shift),
                repair,
            )
        )

    def build(self, pending: _Pending, exported: bool) -> Assignment:
        raw = self.text[pending.value_start : pending.value_end]
        quote, content_start, content_end = _quoting(
            None if pending.joined else pending.value_type, raw, pending.value_start
        )
        value: str | None
        if pending.append or pending.value_type == "array":
            value = None
        else:
            try:
                value = evaluate_word(raw, brace_expansion=pending.brace_expands)
            except _Computed:
                value = None
        index = self.index
        return Assignment(
            name=pending.name,
            name_span=index.span(pending.name_start, pending.name_end),
            value=value,
            raw_value=raw,
            value_span=index.span(pending.value_start, pending.value_end),
            content_span=index.span(content_start, content_end),
            raw_content=self.text[content_start:content_end],
            quote=quote,
            statement_span=index.span(pending.statement_start, pending.statement_end),
            exported=exported,
            top_level=pending.top_level,
        )


_HOME_PREFIX = re.compile(r"^(?:~|\$HOME|\$\{HOME\})(?=/|$)")


def _include_target(raw: str) -> str | None:
    """The path a ``.``/``source`` argument names, ``~``-normalised; ``None`` when computed."""
    text = raw
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        quote, text = text[0], text[1:-1]
        if quote == "'":
            return None if text.startswith("~") else text
    text = _HOME_PREFIX.sub("~", text)
    body = text[1:] if text.startswith("~") else text
    if any(char in body for char in "$`\\*?[{"):
        return None
    return text


def _script_end(text: str) -> int | None:
    """Offset just past a top-level ``exit`` line (column 0, no open block), or ``None``.

    Here-document bodies and multi-line quotes are skipped (:func:`_logical_lines`)
    and open ``if``/loop/function blocks counted (:func:`_block_delta`), so an
    ``exit`` inside a function, a condition or a here-document does not count.
    """
    if "exit" not in text:
        return None
    depth = 0
    for _, end, piece in _logical_lines(text):
        leading, delta = _block_delta(piece)
        depth = max(depth - leading, 0)
        if depth == 0 and _EXIT_LINE.match(piece):
            return end
        depth = max(depth + delta + leading, 0)
    return None


def _logical_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, piece)`` of each logical line of ``text``: offsets into it.

    A line whose quote is still open, or that ends in a backslash, is joined
    with the next ones (at most ``_MAX_JOINED_LINES``); ``end`` includes the
    line break, ``piece`` does not. Here-document bodies are data, not
    commands: they are skipped.
    """
    lines = text.splitlines(keepends=True)
    position = 0
    index = 0
    heredoc: str | None = None
    while index < len(lines):
        if heredoc is not None:
            if lines[index].strip() == heredoc:
                heredoc = None
            position += len(lines[index])
            index += 1
            continue
        count = 1
        quote, continued = _line_state(lines[index], "")
        while index + count < len(lines) and count < _MAX_JOINED_LINES and (continued or quote):
            quote, continued = _line_state(lines[index + count], quote)
            count += 1
        chunk = "".join(lines[index : index + count])
        piece = chunk.rstrip("\r\n")
        opening = _HEREDOC.search(_blank_quotes_keeping_heredoc(piece))
        heredoc = opening.group("word") if opening else None
        yield position, position + len(chunk), piece
        position += len(chunk)
        index += count


def _blank_quotes_keeping_heredoc(piece: str) -> str:
    """``piece`` with quoted strings blanked, but a quoted here-document word kept.

    ``cat <<'USAGE'`` must still open a here-document whose body is skipped.
    """

    def blank(match: re.Match[str]) -> str:
        text = match.group(0)
        return text if text.startswith("<<") else "''"

    return _QUOTED_OR_HEREDOC.sub(blank, piece)


def _line_state(line: str, quote: str) -> tuple[str, bool]:
    """Read one physical ``line`` (line break included) that starts inside ``quote``.

    Returns the quote still open at its end (``""``, ``"'"`` or ``'"'``) and
    whether it ends with a backslash before the line break. O(len(line)), so
    joining lines one by one stays linear.
    """
    body_end = len(line.rstrip("\r\n"))
    position = 0
    at_word_start = True
    while position < len(line):
        char = line[position]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            if position + 1 >= body_end:
                return quote, True
            position += 1
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and at_word_start:
            return quote, False  # a comment runs to the line break
        at_word_start = char in " \t\n;&|("
        position += 1
    return quote, False


def _block_delta(line: str) -> tuple[int, int]:
    """``(leading closers, net blocks opened)`` of one line, read from its words.

    ``if``/``for``/``while``/``until``/``case``/``select`` and ``{`` open a
    block where a command may start; ``fi``/``done``/``esac``/``}`` close one.
    Quoted text and comments are ignored. Used only for lines tree-sitter
    could not parse together, so a rough reading is enough.
    """
    line = _QUOTED.sub("''", line)
    line = _COMMENT.sub("", line)
    leading = 0
    delta = 0
    at_command = True
    seen_command = False
    for token in _TOKEN.findall(line):
        if token in {";", "&&", "||", "|", "&", ";;"}:
            at_command = True
            continue
        if at_command and token in _OPENING_WORDS:
            delta += 1
            at_command = token in {"if", "while", "until"}
        elif (at_command and token in _CLOSING_WORDS) or token == "}":  # zsh: `{ cmd }`
            delta -= 1
            if not seen_command:
                leading += 1
            at_command = False
            continue
        elif at_command and token in {"then", "do", "else", "elif", "{"}:
            delta += token == "{"
            at_command = True
        elif token.endswith("{") and token.count("{") > token.count("}"):
            delta += 1  # `f(){`, `function g{`
            at_command = True
        else:
            at_command = False
        seen_command = True
    return leading, delta


def _has_error_node(node: Node) -> bool:
    """Whether ``node`` is or holds an ERROR (not just a MISSING closing quote).

    An unterminated quote runs to the end of the file in bash too, so the
    lines after it are not re-read.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR":
            return True
        stack.extend(child for child in current.children if child.has_error)
    return False


def _broken(node: Node) -> bool:
    """Whether ``node`` holds a MISSING token (an unterminated quote) or an ERROR.

    Iterative: ``$(`` nested thousands deep costs no stack.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_missing or current.type == "ERROR":
            return True
        if current.has_error:
            stack.extend(current.children)
    return False


_OPENING_QUOTES = {
    "string": '"',
    "raw_string": "'",
    "ansi_c_string": "$'",
    "translated_string": '$"',
}


def _quoting(node_type: str | None, raw: str, start: int) -> tuple[str, int, int]:
    """``(quote, content_start, content_end)`` of a ``node_type`` value written as ``raw``."""
    end = start + len(raw)
    if node_type is None:
        return "", start, end
    quote = _OPENING_QUOTES.get(node_type, "")
    if quote and raw.startswith(quote) and len(raw) > len(quote) and raw.endswith(quote[-1]):
        return quote, start + len(quote), end - 1
    return "", start, end


def evaluate_word(raw: str, *, brace_expansion: bool = False) -> str:
    """The string bash assigns for the assignment value written as ``raw``.

    ``brace_expansion`` is true for ``export``/``declare`` arguments, where
    bash brace-expands ``{a,b}``. Returns the value with quotes removed and
    escapes applied, ``\\r\\n`` read as a line break. Raises ``_Computed`` when
    the value depends on run time (expansions, substitutions, ``~``).
    """
    out: list[str] = []
    position = 0
    length = len(raw)
    unquoted_braces = 0
    while position < length:
        char = raw[position]
        if char == "\\":
            following = raw[position + 1 : position + 2]
            if following == "\n":
                position += 2
            elif raw.startswith("\r\n", position + 1):
                position += 3
            elif following:
                out.append(following)
                position += 2
            else:
                out.append("\\")
                position += 1
        elif char == "'":
            close = raw.find("'", position + 1)
            if close < 0:
                raise _Computed
            out.append(raw[position + 1 : close])
            position = close + 1
        elif char == '"':
            text, position = _double_quoted(raw, position + 1)
            out.append(text)
        elif char == "$":
            following = raw[position + 1 : position + 2]
            if following == "'":
                text, position = _ansi_c(raw, position + 2)
                out.append(text)
            elif following == '"':
                text, position = _double_quoted(raw, position + 2)
                out.append(text)
            elif following and (
                (following.isascii() and following.isalnum()) or following in _EXPANSION_START
            ):
                raise _Computed
            else:
                out.append("$")
                position += 1
        elif char == "`":
            raise _Computed
        elif char == "~" and (position == 0 or raw[position - 1] == ":"):
            raise _Computed
        else:
            if char in "{}":
                unquoted_braces += 1
            out.append(char)
            position += 1
    if brace_expansion and unquoted_braces >= 2 and re.search(r"\{[^{}]*(?:,|\.\.)[^{}]*\}", raw):
        raise _Computed
    return "".join(out).replace("\r\n", "\n")


def _double_quoted(raw: str, position: int) -> tuple[str, int]:
    """Read a ``"…"`` body starting after the quote; return (text, offset past the quote)."""
    out: list[str] = []
    length = len(raw)
    while position < length:
        char = raw[position]
        if char == '"':
            return "".join(out), position + 1
        if char == "\\":
            following = raw[position + 1 : position + 2]
            if following in {'"', "\\", "$", "`"}:
                out.append(following)
                position += 2
            elif following == "\n":
                position += 2
            elif raw.startswith("\r\n", position + 1):
                position += 3
            else:
                out.append("\\")
                position += 1
        elif char == "$":
            following = raw[position + 1 : position + 2]
            if following and (
                (following.isascii() and following.isalnum()) or following in _EXPANSION_START
            ):
                raise _Computed
            out.append("$")
            position += 1
        elif char == "`":
            raise _Computed
        else:
            out.append(char)
            position += 1
    raise _Computed  # unterminated


def _ansi_c(raw: str, position: int) -> tuple[str, int]:
    """Read a ``$'…'`` body starting after ``$'``; return (text, offset past the quote)."""
    out: list[str] = []
    length = len(raw)
    while position < length:
        char = raw[position]
        if char == "'":
            return "".join(out), position + 1
        if char != "\\" or position + 1 >= length:
            out.append(char)
            position += 1
            continue
        code = raw[position + 1]
        position += 2
        if code in _ANSI_C_SIMPLE:
            out.append(_ANSI_C_SIMPLE[code])
        elif code in "01234567":
            digits = re.match(r"[0-7]{0,2}", raw[position:])
            assert digits is not None
            out.append(chr(int(code + digits.group(), 8) & 0xFF))
            position += len(digits.group())
        elif code in "xuU":
            limit = {"x": 2, "u": 4, "U": 8}[code]
            digits = re.match(rf"[0-9A-Fa-f]{{1,{limit}}}", raw[position:])
            if digits is None:
                out.append("\\" + code)
                continue
            number = int(digits.group(), 16)
            if number > 0x10FFFF:
                raise _Computed
            out.append(chr(number))
            position += len(digits.group())
        elif code == "c" and position < length:
            out.append(chr(ord(raw[position]) & 0x1F))
            position += 1
        else:
            out.append("\\" + code)
    raise _Computed  # unterminated


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a POSIX shell file (``.bashrc``, ``.zshrc``, ``.profile``, ``.envrc``…).

    Takes the decoded source; returns its assignments and slips. Never raises
    on bad syntax: tree-sitter recovers, and unparseable values are skipped.
    """
    scanner = _Scanner(source)
    return scanner.run(scanner.parse_file().root_node)
