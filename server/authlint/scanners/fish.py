"""The fish scanner (``config.fish``, ``conf.d/*.fish``): a careful line scanner.

There is no fish grammar wheel, so this module tokenizes fish itself, after
fish's ``src/tokenizer.rs``: statements end at a line break, ``;``, ``|``,
``&``, ``&&`` or ``||``; ``#`` starts a comment at the start of a word; a
backslash before a line break continues the line. A carriage return is blank
space between words, so CRLF lines read like LF lines, except that a
backslash before ``\\r\\n`` escapes the ``\\r`` (the value gets a ``\\r``
and the line is not continued; fish issue #3655). Words follow fish quoting:
``'…'`` (only ``\\'`` and ``\\\\`` are escapes), ``"…"`` (``\\"``
``\\\\`` ``\\$`` escapes; ``$var`` and ``$(…)`` expand), and unquoted text
with backslash escapes. A word whose value depends on run time (``$var``,
``(cmd)``, wildcards, braces, a leading ``~``) has the value ``None``.

Facts emitted:

- an :class:`Assignment` for ``set [flags] NAME value…`` (several values are
  joined with a space, or with ``:`` for path variables such as ``PATH``, as
  fish exports them) and for ``export NAME=value`` (fish's wrapper function);
  ``set -e``/``-q``/``-S``/``-n`` are not assignments, ``set -a``/``-p``
  (append, prepend) have the value ``None``. ``exported`` follows ``-x``/
  ``--export``, or an earlier exported definition of the same name (fish
  keeps the export bit when a variable is set again without ``-x``/``-u``);
- a ``NOT_EXPORTED`` slip for a top-level ``set`` without ``-x``;
- ``FOREIGN_SYNTAX`` slips for PowerShell ``$env:NAME = v`` and for POSIX
  ``NAME=value`` standing alone (fish 3: "Unsupported use of '='") or
  ``set -gx NAME=value`` ("invalid variable name").

``top_level`` is false inside ``if``/``for``/``while``/``switch``/
``function``/``begin`` … ``end`` blocks and after ``and``/``or``/``&&``/``||``.

Sources: ``auth-facts.md`` §7 (fish FAQ: "'exported' is not a scope, but an
additional bit of state"; ``key=value cmd`` works since fish 3.1) and §9
ANT033; ``client-behaviour.md`` "Shells" table; fish documentation of ``set``
and "Quotes".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from authlint.core.facts import Assignment, FileKind, ScannedFile, Slip, SlipKind, Unset
from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex

_NAME = re.compile(r"[A-Za-z0-9_]+\Z")
_POSIX_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_POWERSHELL_ENV = re.compile(
    r"(?P<open>\$\{?)(?i:env):(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<close>\})?"
    r"(?P<before>[ \t]*)=(?P<after>[ \t]*)"
)
_BLOCK_OPENERS = frozenset({"if", "for", "while", "switch", "function", "begin"})
_PREFIXES = frozenset({"command", "builtin", "not", "!", "time"})
_CONDITIONAL_PREFIXES = frozenset({"and", "or"})
_WORD_END = frozenset(" \t\r\n;|&<>")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_LONG_FLAGS = {
    "--export": "x",
    "--global": "g",
    "--universal": "U",
    "--local": "l",
    "--function": "f",
    "--unexport": "u",
    "--erase": "e",
    "--query": "q",
    "--show": "S",
    "--names": "n",
    "--append": "a",
    "--prepend": "p",
    "--long": "L",
    "--path": "",
    "--unpath": "",
}


@dataclass
class _Word:
    """One fish word: its text span, its value (``None`` when computed) and quoting."""

    start: int
    end: int
    value: str | None
    broken: bool = False  # an unterminated quote or parenthesis
    quote: str = ""  # the quote when the word is one quoted string, else ""


@dataclass
class _Statement:
    words: list[_Word] = field(default_factory=list)
    conditional: bool = False  # after `&&` / `||`


class _Reader:
    """Tokenizes fish source into statements of words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    def statements(self) -> list[_Statement]:
        text = self.text
        statements: list[_Statement] = []
        current = _Statement()
        position = 0
        while position < self.length:
            char = text[position]
            if char in " \t\r":
                position += 1
            elif char == "\\" and text.startswith("\n", position + 1):
                position += 2
            elif char == "#":
                newline = text.find("\n", position)
                position = self.length if newline < 0 else newline
            elif char in "\n;":
                statements.append(current)
                current = _Statement()
                position += 1
            elif char in "|&":
                conditional = text.startswith(("&&", "||"), position)
                statements.append(current)
                current = _Statement(conditional=conditional or current.conditional)
                position += 2 if conditional else 1
            elif char in "<>":
                position = self._skip_redirection(position + 1)
            else:
                word = self.word(position)
                if re.fullmatch(r"\d+", text[word.start : word.end]) and text[
                    word.end : word.end + 1
                ] in {"<", ">"}:
                    position = self._skip_redirection(word.end + 1)
                    continue
                current.words.append(word)
                position = max(word.end, position + 1)
        statements.append(current)
        return [s for s in statements if s.words]

    def _skip_redirection(self, position: int) -> int:
        text = self.text
        while position < self.length and text[position] in "<>&|?^":
            position += 1
        while position < self.length and text[position] in " \t":
            position += 1
        if position < self.length and text[position] not in "\n;|&":
            return self.word(position).end
        return position

    def word(self, start: int) -> _Word:
        """Read one word at ``start`` (a non-separator character)."""
        text = self.text
        parts: list[str] = []
        computed = False
        broken = False
        position = start
        quoted_parts = 0
        other_parts = 0
        last_quote = ""
        while position < self.length:
            char = text[position]
            if char in _WORD_END:
                break
            if char == "\\":
                if text[position + 1 : position + 2] == "\n":
                    position += 2
                    continue
                escaped, position = _unquoted_escape(text, position)
                if escaped is None:
                    computed = True
                else:
                    parts.append(escaped)
                other_parts += 1
            elif char == "'":
                single, position, ok = self._single(position + 1)
                parts.append(single)
                broken = broken or not ok
                quoted_parts += 1
                last_quote = "'"
            elif char == '"':
                value_or_none, position, ok = self._double(position + 1)
                if value_or_none is None:
                    computed = True
                else:
                    parts.append(value_or_none)
                broken = broken or not ok
                quoted_parts += 1
                last_quote = '"'
            elif char == "$":
                computed = True
                other_parts += 1
                if text.startswith("$(", position):
                    position, ok = self._skip_parens(position + 1)
                    broken = broken or not ok
                else:
                    position += 1
            elif char == "(":
                computed = True
                other_parts += 1
                position, ok = self._skip_parens(position)
                broken = broken or not ok
            else:
                if char in "*?{" or (char == "~" and position == start):
                    computed = True
                parts.append(char)
                other_parts += 1
                position += 1
        quote = last_quote if quoted_parts == 1 and other_parts == 0 else ""
        value = None if computed or broken else "".join(parts).replace("\r\n", "\n")
        return _Word(start, position, value, broken, quote)

    def _single(self, position: int) -> tuple[str, int, bool]:
        out: list[str] = []
        text = self.text
        while position < self.length:
            char = text[position]
            if char == "'":
                return "".join(out), position + 1, True
            if char == "\\" and text[position + 1 : position + 2] in {"'", "\\"}:
                out.append(text[position + 1])
                position += 2
                continue
            out.append(char)
            position += 1
        return "".join(out), position, False

    def _double(self, position: int) -> tuple[str | None, int, bool]:
        out: list[str] = []
        computed = False
        text = self.text
        while position < self.length:
            char = text[position]
            if char == '"':
                return (None if computed else "".join(out)), position + 1, True
            if char == "\\":
                following = text[position + 1 : position + 2]
                if following in {'"', "\\", "$"}:
                    out.append(following)
                    position += 2
                    continue
                if following == "\n":
                    position += 2
                    continue
                out.append(char)
                position += 1
                continue
            if char == "$":
                following = text[position + 1 : position + 2]
                if following == "(":
                    computed = True
                    position, ok = self._skip_parens(position + 1)
                    if not ok:
                        return None, position, False
                    continue
                if following and (following.isalnum() or following in "_{"):
                    computed = True
            out.append(char)
            position += 1
        return None, position, False

    def _skip_parens(self, position: int) -> tuple[int, bool]:
        """Skip a balanced ``(…)`` starting at ``position``; return (end, closed)."""
        depth = 0
        text = self.text
        while position < self.length:
            char = text[position]
            if char == "\\":
                position += 2
                continue
            if char == "'":
                _, position, ok = self._single(position + 1)
                if not ok:
                    return position, False
                continue
            if char == '"':
                _, position, ok = self._double(position + 1)
                if not ok:
                    return position, False
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return position + 1, True
            position += 1
        return position, False


def _unquoted_escape(text: str, position: int) -> tuple[str | None, int]:
    """Resolve the unquoted escape at ``text[position] == "\\\\"``; return (text, end)."""
    code = text[position + 1 : position + 2]
    if not code:
        return "", position + 1
    if code in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[code], position + 2
    if code in "xXuU01234567":
        if code in "01234567":
            digits = re.match(r"[0-7]{1,3}", text[position + 1 :])
            assert digits is not None
            return chr(int(digits.group(), 8)), position + 1 + len(digits.group())
        limit = {"x": 2, "X": 2, "u": 4, "U": 8}[code]
        digits = re.match(rf"[0-9A-Fa-f]{{1,{limit}}}", text[position + 2 :])
        if digits is None:
            return None, position + 2
        number = int(digits.group(), 16)
        if number > 0x10FFFF:
            return None, position + 2 + len(digits.group())
        return chr(number), position + 2 + len(digits.group())
    if code == "c":
        target = text[position + 2 : position + 3]
        return (chr(ord(target) & 0x1F) if target else None), position + 3
    return code, position + 2


@dataclass
class _Flags:
    letters: str  # short-flag letters, long flags mapped to their letters
    count: int  # how many words were options


class _Scanner:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.index: LineIndex = source.index
        self.result = ScannedFile(source, FileKind.FISH)
        self.exported: dict[str, str] = {}  # name -> scope letter of its exported definition

    def span_edit(self, start: int, end: int, new_text: str) -> Edit:
        return Edit(self.index.span(start, end), new_text)

    def run(self) -> ScannedFile:
        depth = 0
        for statement in _Reader(self.text).statements():
            words = list(statement.words)
            conditional = statement.conditional
            while words and self.raw(words[0]) in _PREFIXES | _CONDITIONAL_PREFIXES:
                conditional = conditional or self.raw(words[0]) in _CONDITIONAL_PREFIXES
                words.pop(0)
            if not words:
                continue
            head = self.raw(words[0])
            if head == "end":
                depth = max(depth - 1, 0)
                continue
            if head == "else":
                words.pop(0)
                if words and self.raw(words[0]) == "if":
                    words.pop(0)
                if not words:
                    continue
                head = self.raw(words[0])
            if head in _BLOCK_OPENERS:
                depth += 1
                if head not in {"if", "while", "begin"}:
                    continue
                words.pop(0)
                if not words:
                    continue
                head = self.raw(words[0])
            if head == "case":
                continue
            top = depth == 0 and not conditional
            self.statement(words, top)
        return self.result

    def raw(self, word: _Word) -> str:
        return self.text[word.start : word.end]

    def statement(self, words: list[_Word], top: bool) -> None:
        head = self.raw(words[0])
        if head == "set":
            self.set_command(words, top)
        elif head == "export":
            self.export_command(words, top)
        elif _POWERSHELL_ENV.match(self.text, words[0].start):
            self.foreign_powershell(words)
        else:
            self.foreign_posix(words)

    # -- set -----------------------------------------------------------------

    def flags(self, words: list[_Word]) -> _Flags | None:
        letters = ""
        count = 0
        for word in words:
            raw = self.raw(word)
            if raw == "--":
                count += 1
                break
            if raw in _LONG_FLAGS:
                letters += _LONG_FLAGS[raw]
            elif re.fullmatch(r"-[A-Za-z]+", raw):
                letters += raw[1:]
            elif raw.startswith("-"):
                return None  # an option this scanner does not know
            else:
                break
            count += 1
        return _Flags(letters, count)

    def set_command(self, words: list[_Word], top: bool) -> None:
        flags = self.flags(words[1:])
        if flags is not None and "e" in flags.letters:
            span = self.index.span(words[0].start, words[-1].end)
            for word in words[1 + flags.count :]:
                if word.value is not None and _NAME.match(self.raw(word)):
                    self.result.unsets.append(Unset(self.raw(word), span, top))
            return
        if flags is None or set(flags.letters) & set("qSnL"):
            return
        rest = words[1 + flags.count :]
        if not rest:
            return
        name_word = rest[0]
        name_raw = self.raw(name_word)
        posix = _POSIX_ASSIGNMENT.match(name_raw)
        if posix and not name_word.broken:
            self.set_with_equals(words[0], name_word, posix.group(1))
            return
        if name_word.value is None or not _NAME.match(name_raw) or name_word.value != name_raw:
            return
        letters = flags.letters
        scope = next((c for c in letters if c in "gUlf"), "")
        if "x" in letters:
            exported = True
        elif "u" in letters or scope in {"l", "f"}:
            exported = False
        else:
            earlier = self.exported.get(name_raw)
            exported = earlier is not None and (not scope or scope == earlier)
        if exported:
            self.exported.setdefault(name_raw, scope or "g")
        values = rest[1:]
        if any(word.broken for word in values):
            return  # fish refuses the whole file; the editor is mid-typing
        value = self.join(name_raw, values)
        if set(letters) & set("ap"):
            value = None
        assignment = self.assignment(
            name_raw, name_word, values, value, words[0].start, exported, top
        )
        self.result.assignments.append(assignment)
        if not exported and top and "u" not in letters:
            self.result.slips.append(
                Slip(
                    SlipKind.NOT_EXPORTED,
                    name_raw,
                    assignment.name_span,
                    self.export_repair(words[1 : 1 + flags.count], name_word),
                )
            )

    def join(self, name: str, values: list[_Word]) -> str | None:
        if any(word.value is None for word in values):
            return None
        separator = ":" if name.endswith("PATH") else " "
        return separator.join(word.value or "" for word in values)

    def export_repair(self, flag_words: list[_Word], name_word: _Word) -> tuple[Edit, ...]:
        """Minimal edits that make ``set [flags] NAME`` export (``set -gx NAME``)."""
        for word in flag_words:
            raw = self.raw(word)
            if not re.fullmatch(r"-[A-Za-z]+", raw):
                continue
            local = raw.find("l")
            if local >= 0:
                return (self.span_edit(word.start + local, word.start + local + 1, "gx"),)
            return (self.span_edit(word.end, word.end, "x"),)
        scoped = any(self.raw(w) in {"--global", "--universal", "--local"} for w in flag_words)
        return (self.span_edit(name_word.start, name_word.start, "-x " if scoped else "-gx "),)

    def set_with_equals(self, set_word: _Word, name_word: _Word, name: str) -> None:
        """``set -gx NAME=value``: fish refuses the name; the repair splits it at ``=``."""
        equals = name_word.start + len(name)
        self.result.slips.append(
            Slip(
                SlipKind.FOREIGN_SYNTAX,
                name,
                self.index.span(set_word.start, name_word.end),
                (self.span_edit(equals, equals + 1, " "),),
                "posix",
            )
        )

    def assignment(
        self,
        name: str,
        name_word: _Word,
        values: list[_Word],
        value: str | None,
        statement_start: int,
        exported: bool,
        top: bool,
        *,
        empty_at: int | None = None,
    ) -> Assignment:
        """The assignment of ``name`` to the words ``values``.

        With no values the empty value sits at ``empty_at`` (by default right
        after the name).
        """
        index = self.index
        if values:
            value_start, value_end = values[0].start, values[-1].end
        else:
            value_start = value_end = name_word.end if empty_at is None else empty_at
        content_start, content_end, quote = value_start, value_end, ""
        if len(values) == 1 and values[0].quote:
            quote = values[0].quote
            content_start, content_end = value_start + 1, value_end - 1
        # An escaped `\r` before a CRLF line break is in the value, not in the span.
        value_span = index.span(value_start, value_end)
        content_span = index.span(content_start, content_end)
        return Assignment(
            name=name,
            name_span=index.span(name_word.start, name_word.start + len(name)),
            value=value,
            raw_value=index.slice(value_span),
            value_span=value_span,
            content_span=content_span,
            raw_content=index.slice(content_span),
            quote=quote,
            statement_span=index.span(statement_start, max(value_end, name_word.end)),
            exported=exported,
            top_level=top,
        )

    # -- export NAME=value (fish's wrapper function) ---------------------------

    def export_command(self, words: list[_Word], top: bool) -> None:
        for word in words[1:]:
            raw = self.raw(word)
            match = _POSIX_ASSIGNMENT.match(raw)
            if match is None:
                if _NAME.match(raw):
                    self.exported.setdefault(raw, "g")
                continue
            if word.broken:
                continue
            name = match.group(1)
            value_word = self.value_part(word, match.end())
            values = [value_word] if value_word.start < value_word.end else []
            assignment = self.assignment(
                name,
                _Word(word.start, word.start + len(name), name),
                values,
                value_word.value,
                words[0].start,
                True,
                top,
                empty_at=word.start + match.end(),
            )
            self.result.assignments.append(assignment)
            self.exported.setdefault(name, "g")

    def value_part(self, word: _Word, offset: int) -> _Word:
        """The part of ``word`` after its first ``=`` (``offset`` characters in), re-read."""
        start = word.start + offset
        if start >= word.end:
            return _Word(start, start, "")
        reader = _Reader(self.text[: word.end])
        part = reader.word(start)
        return _Word(
            part.start,
            word.end,
            part.value if part.end == word.end else None,
            part.broken,
            part.quote,
        )

    # -- foreign syntax ----------------------------------------------------------

    def foreign_powershell(self, words: list[_Word]) -> None:
        start = words[0].start
        match = _POWERSHELL_ENV.match(self.text, start)
        if match is None:
            return
        edits = [self.span_edit(start, match.end("open") + len("env:"), "set -gx ")]
        if match.group("close"):
            edits.append(self.span_edit(match.start("close"), match.end("close"), ""))
        edits.append(self.span_edit(match.start("before"), match.end("after"), " "))
        self.result.slips.append(
            Slip(
                SlipKind.FOREIGN_SYNTAX,
                match.group("name"),
                self.index.span(start, words[-1].end),
                tuple(edits),
                "powershell",
            )
        )

    def foreign_posix(self, words: list[_Word]) -> None:
        """``NAME=value`` alone is an error in fish (a prefix to a command is fine)."""
        matches = [_POSIX_ASSIGNMENT.match(self.raw(word)) for word in words]
        if not all(matches):
            return
        for word, match in zip(words, matches, strict=True):
            assert match is not None
            repair: tuple[Edit, ...] = ()
            if len(words) == 1:
                equals = word.start + match.end() - 1
                repair = (
                    self.span_edit(word.start, word.start, "set -gx "),
                    self.span_edit(equals, equals + 1, " "),
                )
            self.result.slips.append(
                Slip(
                    SlipKind.FOREIGN_SYNTAX,
                    match.group(1),
                    self.index.span(word.start, word.end),
                    repair,
                    "posix",
                )
            )


def scan(source: SourceFile) -> ScannedFile:
    """Facts of a fish file: ``set``/``export`` assignments and slips.

    Takes the decoded source; returns a :class:`ScannedFile`. Never raises on
    half-typed input: unterminated quotes run to the end of the file and make
    that word's value unknown.
    """
    return _Scanner(source).run()
