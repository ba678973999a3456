"""Facts: what scanners extract from a file, in a form every rule can read.

A rule never re-parses syntax. A scanner turns a ``.env`` line, an ``export``,
a fish ``set -gx`` or a PowerShell ``$Env:`` into the same :class:`Assignment`,
and reports syntax that does not do what it looks like as :class:`Slip` facts.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property

from authlint.core.findings import Edit
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span


class FileKind(Enum):
    """The file families authlint reads (``auth-facts.md`` §9 "Kind" column)."""

    DOTENV = "dotenv"
    SHELL = "shell"
    FISH = "fish"
    POWERSHELL = "powershell"
    VSCODE_SETTINGS = "vscode-settings"  # settings.json (user, .vscode/), *.code-workspace: JSONC
    CLAUDE_SETTINGS = "claude-settings"  # ~/.claude/settings.json, .claude/settings*.json
    CLAUDE_STATE = "claude-state"  # ~/.claude.json
    CLAUDE_CREDENTIALS = "claude-credentials"  # ~/.claude/.credentials.json
    DEVCONTAINER = "devcontainer"  # devcontainer.json, .devcontainer.json: JSONC
    COMPOSE = "compose"  # docker compose YAML
    PYTHON = "python"  # SDK code
    JAVASCRIPT = "javascript"  # SDK code: .js .mjs .cjs .jsx .ts .mts .cts .tsx
    FISH_VARIABLES = "fish-variables"  # ~/.config/fish/fish_variables, fishd.*: universal vars
    AWS_CONFIG = "aws-config"  # ~/.aws/config (INI): profiles, SSO sessions; read from home only
    MCP_CONFIG = "mcp-config"  # .mcp.json, claude_desktop_config.json: mcpServers.*.env
    STREAMLIT_SECRETS = "streamlit-secrets"  # .streamlit/secrets.toml
    NOTEBOOK = "notebook"  # *.ipynb: cells and outputs
    CLAUDE_TRANSCRIPT = "claude-transcript"  # ~/.claude/projects/**/*.jsonl
    CLINE_SETTINGS = "cline-settings"  # ~/.cline/data/settings/providers.json, globalState.json
    AIDER_CONFIG = "aider-config"  # .aider.conf.yml (home, git root, current folder)
    SYSTEMD_UNIT = "systemd-unit"  # *.service units: Environment=, EnvironmentFile=, ExecStart=
    KUBERNETES = "kubernetes"  # Secret / ConfigMap manifests (YAML, possibly multi-document)
    MAKEFILE = "makefile"  # Makefile, GNUmakefile, makefile, *.mk: `export NAME = value`
    JUSTFILE = "justfile"  # justfile, .justfile, *.just: `export NAME := "value"`
    GITHUB_WORKFLOW = "github-workflow"  # .github/workflows/*.yml: `env:` blocks, `run:` steps


SHELL_KINDS = frozenset({FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL})
ENV_KINDS = frozenset({FileKind.DOTENV, *SHELL_KINDS})
JSON_KINDS = frozenset(
    {
        FileKind.VSCODE_SETTINGS,
        FileKind.CLAUDE_SETTINGS,
        FileKind.CLAUDE_STATE,
        FileKind.CLAUDE_CREDENTIALS,
        FileKind.DEVCONTAINER,
        FileKind.MCP_CONFIG,
        FileKind.CLINE_SETTINGS,
    }
)
# Documents searched for credentials only: no definitions, no code facts.
DOCUMENT_KINDS = frozenset({FileKind.NOTEBOOK, FileKind.CLAUDE_TRANSCRIPT})
# Kinds whose keys are another tool's settings, not environment variable names (a Cline
# ``apiKey``, a Kubernetes Secret's ``anthropic-api-key``, Streamlit's ``st.secrets[...]``
# names, an MCP server's own env names): the name rules leave them alone.
FOREIGN_NAME_KINDS = frozenset(
    {
        FileKind.CLINE_SETTINGS,
        FileKind.KUBERNETES,
        FileKind.STREAMLIT_SECRETS,
        FileKind.MCP_CONFIG,
    }
)
CODE_KINDS = frozenset({FileKind.PYTHON, FileKind.JAVASCRIPT})
# Kinds whose scanners turn definitions into Assignments (env files, profiles, env blocks).
ASSIGNMENT_KINDS = frozenset(
    set(FileKind) - CODE_KINDS - DOCUMENT_KINDS - {FileKind.CLAUDE_CREDENTIALS, FileKind.AWS_CONFIG}
)
# Every kind a rule about definitions or a file's text may read. Notebooks and transcripts
# (DOCUMENT_KINDS) are left out: they hold no definitions, can be large, and their own
# rules (AL506, AL507) name them.
ALL_KINDS = frozenset(set(FileKind) - DOCUMENT_KINDS)


@dataclass(frozen=True)
class Assignment:
    """One definition of an environment variable.

    - ``value`` is what the consumer gets (quotes removed, escapes applied), or
      ``None`` when it is computed at run time (``$(security …)``, ``${VAR}``).
    - ``raw_value`` / ``value_span``: the value as written, quotes included. With
      no value (``KEY=``) the span is empty and sits right after the ``=``.
    - ``content_span``: inside the quotes; equals ``value_span`` when unquoted.
      ``raw_content`` is the text there. When ``raw_content == value`` an edit
      at ``content_span`` changes the value one for one.
    - ``exported``: whether child processes see it (always true in ``.env``).
    - ``top_level``: false inside ``if``/``case``/functions/loops, where the
      definition may not run.
    """

    name: str
    name_span: Span
    value: str | None
    raw_value: str
    value_span: Span
    content_span: Span
    raw_content: str
    quote: str
    statement_span: Span
    exported: bool = True
    top_level: bool = True

    @property
    def maps_one_to_one(self) -> bool:
        """Whether offsets in ``value`` equal offsets in ``content_span``."""
        return self.value is not None and self.value == self.raw_content


class SlipKind(Enum):
    """Syntax that looks like an assignment but does not assign (or export)."""

    SPACE_AROUND_EQUALS = "space-around-equals"  # export KEY = value  (SC2290 / SC2283)
    SPACE_AFTER_EQUALS = "space-after-equals"  # KEY= value  (SC1007)
    NOT_EXPORTED = "not-exported"  # KEY=value in a profile, fish `set` without -x
    EXPORT_OF_EXPANSION = "export-of-expansion"  # export $KEY  (SC2163)
    FOREIGN_SYNTAX = "foreign-syntax"  # $env:KEY in bash, export KEY= in PowerShell, set -x in bash
    UNPARSED = "unparsed"  # a line the loader cannot parse and skips (python-dotenv warns)


@dataclass(frozen=True)
class Slip:
    """A line that does not do what it looks like.

    ``span`` is what to underline; ``repair`` holds the minimal edits that make
    it the assignment the author meant (empty when no safe rewrite is known);
    ``detail`` is free text for the message (e.g. the dialect it came from).
    """

    kind: SlipKind
    name: str
    span: Span
    repair: tuple[Edit, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class Include:
    """``. FILE`` / ``source FILE`` in a shell profile: another file read at that point.

    ``target`` is the path as written with quotes removed and a leading ``~``,
    ``$HOME`` or ``${HOME}`` normalised to ``~``; ``None`` when the path is
    computed (any other expansion). ``top_level`` as for :class:`Assignment`
    (``[ -f ~/.bashrc ] && . ~/.bashrc`` is not top level, yet reads the file
    whenever it exists). ``allexport``: ``set -a`` (``setopt allexport``) is on
    here, so every assignment in the sourced file is exported.
    """

    target: str | None
    span: Span
    top_level: bool = True
    allexport: bool = False


@dataclass(frozen=True)
class Unset:
    """``unset NAME`` (POSIX) or ``set -e NAME`` (fish): the variable is removed from here on."""

    name: str
    span: Span
    top_level: bool = True


@dataclass(frozen=True)
class Exposure:
    """A complete credential found in a document's content (notebook, transcript).

    ``span`` covers the credential in the file as written (key characters are
    never escaped in JSON, so it is also the decoded text's). ``where`` says
    what part of the document holds it: ``"code-cell"``, ``"output"``,
    ``"markdown-cell"``, ``"metadata"`` (notebooks) or ``"transcript"``;
    ``detail`` is free text for the message (``"cell 3"``).
    """

    value: str
    span: Span
    where: str
    detail: str = ""


# --- JSON documents (VS Code and Claude Code settings, devcontainers) ------------------


@dataclass(frozen=True)
class JsonValue:
    """One JSON value with its span (quotes included for strings).

    ``type`` is ``"object"``, ``"array"``, ``"string"``, ``"number"``, ``"true"``,
    ``"false"``, ``"null"`` or ``"error"`` (unparsable). ``value`` is the decoded
    Python value for scalars (``str``/``int``/``float``/``bool``/``None``) and
    ``None`` for objects and arrays. ``content_span`` is inside the quotes for
    strings (``span`` otherwise).
    """

    type: str
    span: Span
    content_span: Span
    value: object = None
    members: tuple[JsonMember, ...] = ()
    items: tuple[JsonValue, ...] = ()

    def member(self, key: str) -> JsonMember | None:
        """The last member named ``key`` (JSON parsers keep the last duplicate); O(1)."""
        return self._last_members.get(key)

    @cached_property
    def _last_members(self) -> dict[str, JsonMember]:
        """Each key's last member, built on the first :meth:`member` call."""
        return {m.key: m for m in self.members}

    def get(self, key: str) -> JsonValue | None:
        """The value of the last member named ``key``, or ``None``."""
        member = self.member(key)
        return member.value if member else None


@dataclass(frozen=True)
class JsonMember:
    """``"key": value`` in an object: ``key_span`` includes the quotes."""

    key: str
    key_span: Span
    value: JsonValue
    span: Span


@dataclass
class JsonDocument:
    """A parsed JSON/JSONC file: the root and what a strict parser would reject.

    ``errors``: syntax errors (tree-sitter ERROR/MISSING nodes, other than the
    two lists below); ``trailing_commas`` and ``comments`` are legal in JSONC
    (VS Code, devcontainer.json) but make strict JSON parsers (Claude Code's
    settings) reject the whole file.
    """

    root: JsonValue | None
    errors: list[Span] = field(default_factory=list)
    trailing_commas: list[Span] = field(default_factory=list)
    comments: list[Span] = field(default_factory=list)

    @property
    def strictly_valid(self) -> bool:
        """Whether ``JSON.parse`` would accept the text (``json.loads`` too, but for depth)."""
        return self.root is not None and not (self.errors or self.trailing_commas or self.comments)


# --- SDK code (Python, JavaScript/TypeScript) ---------------------------------------------


@dataclass(frozen=True)
class SdkArgument:
    """One argument of an SDK client constructor.

    ``name`` as written (``api_key``, ``apiKey``, ``base_url``, ``baseURL``,
    ``auth_token``, ``authToken``, ``dangerouslyAllowBrowser``, …);
    ``literal`` is the value when it is a string/bool literal (or a variable
    bound once to a literal in the same file, see ``via_variable``), else
    ``None``; ``env_var`` names the variable when the value reads the
    environment (``os.environ["X"]``, ``os.getenv("X")``, ``process.env.X``).
    ``value_span`` is the argument's value expression (the literal itself
    when ``via_variable`` is empty, else the variable's binding literal is at
    ``literal_span``). ``imported_from`` is ``"<module>:<name>"`` for a name
    another module of the project binds, whose value is not known here: in
    Python ``".config:BASE_URL"`` for ``from .config import BASE_URL`` or
    ``from . import config`` then ``config.BASE_URL`` (leading dots as written),
    ``"app.config:BASE_URL"`` for ``import app.config as cfg`` then
    ``cfg.BASE_URL``; in JavaScript/TypeScript the relative specifier as written
    (``"./config.js:BASE_URL"`` for ``import { BASE_URL } from "./config.js"``).
    """

    name: str
    name_span: Span
    value_span: Span
    literal: str | bool | None = None
    literal_span: Span | None = None
    env_var: str | None = None
    via_variable: str = ""
    imported_from: str = ""


@dataclass(frozen=True)
class SdkClient:
    """A client construction: ``Anthropic(...)``, ``new Anthropic({...})``, ``ChatAnthropic``….

    ``family``: ``"anthropic"`` (official SDKs: base URL without ``/v1``),
    ``"ai-sdk"`` (``@ai-sdk/anthropic``: base URL *with* ``/v1``) or
    ``"langchain"``. ``constructor`` is the callee as written.
    """

    family: str
    constructor: str
    span: Span
    arguments: tuple[SdkArgument, ...] = ()

    def argument(self, *names: str) -> SdkArgument | None:
        """The first argument whose name is one of ``names``."""
        return next((a for a in self.arguments if a.name in names), None)


@dataclass(frozen=True)
class EnvRead:
    """A read of an environment variable: ``name_span`` covers the name (inside quotes)."""

    name: str
    name_span: Span
    span: Span


@dataclass(frozen=True)
class DotenvLoad:
    """``load_dotenv(...)``, ``dotenv.config(...)``, ``import "dotenv/config"``.

    ``override`` is ``True``/``False`` when written as a literal, ``False`` when
    absent, ``None`` when computed.
    """

    call: str
    span: Span
    override: bool | None = False


@dataclass(frozen=True)
class Constant:
    """A module-level name bound once to a string literal (or an environment read's default).

    ``literal_span`` covers the literal with its quotes; ``env_var`` is set when
    the literal is the default of an environment read (``os.getenv("X", "…")``).
    """

    name: str
    literal: str
    literal_span: Span
    env_var: str | None = None


@dataclass
class CodeFacts:
    """What a Python or JavaScript/TypeScript file does with the SDK.

    ``constants``: the module-level names bound once to a string, by name; another
    module of the project may import them (``from .config import BASE_URL``); in
    Python also the string keys of a module-level dict, as ``CONFIG["base_url"]``
    (``**CONFIG`` elsewhere). In
    JavaScript/TypeScript only exported ``const`` names count, by exported name
    (``export const BASE_URL = "…"``, ``export { URL as BASE_URL }``).

    ``parsed`` is false when the scanner skipped the file (no trigger word:
    nothing of Anthropic, Claude or dotenv): every list is then empty.
    """

    clients: list[SdkClient] = field(default_factory=list)
    env_reads: list[EnvRead] = field(default_factory=list)
    dotenv_loads: list[DotenvLoad] = field(default_factory=list)
    imports: set[str] = field(
        default_factory=set
    )  # module names imported (anthropic, @ai-sdk/anthropic…)
    constants: dict[str, Constant] = field(default_factory=dict)
    parsed: bool = True


def settings_object(root: JsonValue | None, workspace: bool) -> JsonValue | None:
    """The object holding VS Code settings: the root, or a workspace file's ``settings``."""
    if root is None or root.type != "object":
        return None
    if workspace:
        settings = root.get("settings")
        return settings if settings is not None and settings.type == "object" else None
    return root


@dataclass
class ScannedFile:
    """A file after scanning: its source, kind and facts.

    ``json`` is set for JSON kinds (and ``COMPOSE``, whose YAML is mapped onto
    the same :class:`JsonValue` tree); ``code`` for Python/JavaScript.

    A view made by :meth:`env_blocks` holds one block's assignments; its
    ``block_index`` is the block's number (``None`` for a whole file) and
    :attr:`whole` the file it was cut from. ``memo`` caches what a rule derives
    from the file's text or tree alone (never from a view's assignments or
    from the check context), so that it is computed once per file.
    """

    source: SourceFile
    kind: FileKind
    assignments: list[Assignment] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    unsets: list[Unset] = field(default_factory=list)
    json: JsonDocument | None = None
    code: CodeFacts | None = None
    exposures: list[Exposure] = field(default_factory=list)
    truncated: bool = False  # the scanner read only the start (size-bounded kinds)
    block_index: int | None = field(default=None, compare=False)
    whole_file: ScannedFile | None = field(default=None, repr=False, compare=False)
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Built on first query (scanners fill ``assignments`` first); see :meth:`_by_name`.
    _index: _NameIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def whole(self) -> ScannedFile:
        """The whole file: ``self``, or the file an :meth:`env_blocks` view was cut from."""
        return self.whole_file or self

    @property
    def first_view(self) -> bool:
        """Whether this is the whole file or its first block: where file-wide checks report.

        The engine runs each rule once per block; a rule whose findings do not
        depend on the block's assignments (a scan of the whole text) reports
        only here, so a file of n blocks is not scanned n times.
        """
        return self.block_index in (None, 0)

    def _by_name(self) -> _NameIndex:
        """The assignments grouped by name, built once (rebuilt if the list was replaced).

        Rules ask for the definitions of a name once per assignment; a scan of
        the whole list per question made a file of n assignments cost n².
        """
        index = self._index
        if (
            index is None
            or index.source is not self.assignments
            or index.size != len(self.assignments)
        ):
            index = _NameIndex(self.assignments)
            self._index = index
        return index

    def definitions(self, name: str) -> list[Assignment]:
        """Every assignment of ``name``, in file order (a new list; O(result) per call)."""
        return list(self._by_name().by_name.get(name, ()))

    def effective(self, name: str) -> Assignment | None:
        """The definition of ``name`` that wins when the file is loaded (the last one)."""
        found = self._by_name().by_name.get(name)
        return found[-1] if found else None

    def assignments_within(self, span: Span, *, by_name: bool = False) -> list[Assignment]:
        """The assignments whose statement (or, with ``by_name``, name) lies inside ``span``.

        In file order; O(log n + k) for k found (a binary search over the starts).
        """
        index = self._by_name()
        starts, ordered = index.sorted_by_start(by_name)
        low = bisect.bisect_left(starts, _key(span.start))
        high = bisect.bisect_right(starts, _key(span.end))
        found = [
            a
            for a in ordered[low:high]
            if span.contains(a.name_span if by_name else a.statement_span)
        ]
        order = index.order()
        found.sort(key=lambda a: order[id(a)])
        return found

    def is_overridden(self, assignment: Assignment) -> bool:
        """Whether a later top-level definition of ``assignment``'s name replaces it (O(1)).

        Later means a name that starts after this one's; a definition inside an
        ``if`` or a function (``top_level`` false) may not run, so it never
        replaces another.
        """
        last = self._by_name().last_top_level.get(assignment.name)
        return last is not None and last > _key(assignment.name_span.start)

    def env_blocks(self) -> list[ScannedFile]:
        """One view of the file per environment block, holding only that block's assignments.

        A ``.env`` file or a profile is one environment. A JSON or YAML file can
        hold several that never meet: VS Code's ``terminal.integrated.env.osx``
        and ``.linux`` and ``claudeCode.environmentVariables``, a devcontainer's
        ``containerEnv`` and ``remoteEnv``, one ``environment:`` per Compose
        service. A block is the innermost object or array that holds an
        assignment's statement. A file with at most one block gives ``[self]``.
        """
        if self.json is None or self.json.root is None or not self.assignments:
            return [self]
        containers: list[JsonValue] = []
        # The container that directly holds each member or item, by its span: a
        # statement is normally one of those, so its block is found in O(1).
        holder_of: dict[Span, Span] = {}
        stack = [self.json.root]
        walked: set[int] = set()  # YAML aliases share values: walk each once
        while stack:
            value = stack.pop()
            if id(value) in walked:
                continue
            walked.add(id(value))
            if value.type in {"object", "array"}:
                containers.append(value)
                for member in value.members:
                    holder_of.setdefault(member.span, value.span)
                    stack.append(member.value)
                for item in value.items:
                    if item.span != value.span:
                        holder_of.setdefault(item.span, value.span)
                    stack.append(item)
        groups: dict[Span | None, list[Assignment]] = {}
        for assignment in self.assignments:
            statement = assignment.statement_span
            block = holder_of.get(statement)
            if block is None:
                holders = [
                    c.span for c in containers if c.span.contains(statement) and c.span != statement
                ]
                # Containers nest, so the innermost holder is the one that starts last.
                block = max(holders, key=lambda s: s.start) if holders else None
            groups.setdefault(block, []).append(assignment)
        if len(groups) <= 1:
            return [self]
        return [
            replace(self, assignments=found, block_index=number, whole_file=self)
            for number, found in enumerate(groups.values())
        ]


def _key(position: Position) -> tuple[int, int]:
    """A position as a plain tuple: compared in C, not by the dataclass's Python methods."""
    return position.line, position.character


class _NameIndex:
    """``ScannedFile.assignments`` grouped by name, and each name's last top-level start.

    The sorted lists behind :meth:`ScannedFile.assignments_within` are built on
    first use; positions are kept as tuples, which sort and bisect in C.
    """

    def __init__(self, assignments: list[Assignment]) -> None:
        self.source = assignments
        self.size = len(assignments)
        self.by_name: dict[str, list[Assignment]] = {}
        self.last_top_level: dict[str, tuple[int, int]] = {}
        for assignment in assignments:
            self.by_name.setdefault(assignment.name, []).append(assignment)
            if assignment.top_level:
                start = _key(assignment.name_span.start)
                known = self.last_top_level.get(assignment.name)
                if known is None or start > known:
                    self.last_top_level[assignment.name] = start
        self._sorted: dict[bool, tuple[list[tuple[int, int]], list[Assignment]]] = {}
        self._order: dict[int, int] | None = None

    def order(self) -> dict[int, int]:
        """File order of each assignment, by ``id``."""
        if self._order is None:
            self._order = {id(a): i for i, a in enumerate(self.source)}
        return self._order

    def sorted_by_start(self, by_name: bool) -> tuple[list[tuple[int, int]], list[Assignment]]:
        """The assignments sorted by where their statement (or name) starts, and those starts."""
        found = self._sorted.get(by_name)
        if found is None:
            keyed = sorted(
                ((_key((a.name_span if by_name else a.statement_span).start), i), a)
                for i, a in enumerate(self.source)
            )
            found = [k[0] for k, _ in keyed], [a for _, a in keyed]
            self._sorted[by_name] = found
        return found
