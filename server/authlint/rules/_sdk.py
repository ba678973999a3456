"""What the SDK-code rules (AL6xx) share: argument roles, literals, the project's ``.env``.

Sources: ``auth-facts.md`` §4.1 (constructor arguments and the variables the
SDKs read), §4.3 (base URL joining, the Vercel AI SDK's ``/v1``), §7
(python-dotenv and Node ``dotenv`` lookup); ``client-behaviour.md`` headline 7
and the "Dotenv loaders" table (``load_dotenv`` walks up from the calling
script's folder; Node reads ``process.cwd()/.env``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.core import dotenv_loads, git, project
from authlint.core.context import CheckContext
from authlint.core.endpoints import BaseUrl, ends_with_v1
from authlint.core.facts import Constant, FileKind, ScannedFile, SdkArgument, SdkClient
from authlint.core.findings import Edit, Finding, Related
from authlint.core.scope import once_per_check
from authlint.core.secrets import (
    CredentialKind,
    credential_kind,
    is_live_shaped,
    is_placeholder,
)
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.core.variables import API_KEY, AUTH_TOKEN
from authlint.rules._credentials import DELIBERATE_DUMMY, is_placeholder_credential, looks_real
from authlint.scanners import javascript_sdk, python_sdk
from authlint.scanners.cache import scan_file
from authlint.scanners.python_sdk import dict_entry

if TYPE_CHECKING:
    from authlint.core.environment import EnvironmentModel

# --- argument roles -------------------------------------------------------------------------

# ``anthropic_api_key`` / ``anthropicApiKey``: LangChain (Python / JS); the rest: official SDKs
# and the Vercel AI SDK's ``createAnthropic``.
API_KEY_ARGS = frozenset({"api_key", "apiKey", "anthropic_api_key", "anthropicApiKey"})
AUTH_TOKEN_ARGS = frozenset({"auth_token", "authToken"})
CREDENTIAL_ARGS = API_KEY_ARGS | AUTH_TOKEN_ARGS
BASE_URL_ARGS = frozenset(
    {"base_url", "baseURL", "baseUrl", "anthropic_api_url", "anthropicApiUrl"}
)
# Python SDK ≥ 2 also refuses a second credential among these (``has_explicit_credential``).
OTHER_CREDENTIAL_ARGS = frozenset({"credentials", "config", "profile"})
OFFICIAL_FAMILIES = frozenset({"anthropic", "langchain"})
_CLOUD_WORDS = ("Bedrock", "Vertex", "Foundry")


def env_variable_for(argument: str) -> str:
    """The environment variable an argument's value belongs in (``ANTHROPIC_AUTH_TOKEN``…)."""
    return AUTH_TOKEN if argument in AUTH_TOKEN_ARGS else API_KEY


def is_cloud_client(client: SdkClient) -> bool:
    """Whether the client talks to Bedrock, Vertex or Foundry (its own credentials, not ours)."""
    return any(word in client.constructor for word in _CLOUD_WORDS)


def is_official(client: SdkClient) -> bool:
    """Official SDK or LangChain (which wraps it): base URL *without* ``/v1``."""
    return client.family in OFFICIAL_FAMILIES


def credential_arguments(client: SdkClient) -> Iterator[SdkArgument]:
    """The client's API key and auth token arguments, in call order."""
    return (a for a in client.arguments if a.name in CREDENTIAL_ARGS)


def base_url_argument(client: SdkClient) -> SdkArgument | None:
    """The base URL argument, if written."""
    return client.argument(*BASE_URL_ARGS)


def official_base(client: SdkClient, url: BaseUrl) -> BaseUrl:
    """``url`` as an official SDK would take it: the AI SDK's ``/v1`` suffix removed.

    The Vercel AI SDK posts to ``{base}/messages`` and the official SDKs to
    ``{base}/v1/messages``, so ``https://openrouter.ai/api/v1`` for the AI SDK is
    ``https://openrouter.ai/api`` for the official SDKs (and not OpenAI-style).
    """
    if client.family != "ai-sdk" or not ends_with_v1(url):
        return url
    path = re.sub(r"/v1/*$", "", url.path)
    return replace(url, raw=url.raw[: len(url.raw) - (len(url.path) - len(path))], path=path)


def string_literal(argument: SdkArgument) -> str | None:
    """The argument's string literal value (directly or through a variable), else ``None``."""
    return argument.literal if isinstance(argument.literal, str) else None


def literal_span(argument: SdkArgument) -> Span:
    """Where the literal is written: the binding's literal for ``via_variable``, else the value."""
    return argument.literal_span or argument.value_span


_STRING = re.compile(
    r"(?s)(?P<prefix>[rRuUfF]{0,2})(?P<quote>'''|\"\"\"|['\"`])(?P<body>.*)(?P=quote)"
)


def literal_content_span(file: ScannedFile, argument: SdkArgument) -> Span | None:
    """The span inside the literal's quotes, when the text there *is* the value.

    ``None`` for escapes, implicit concatenation, raw prefixes or multi-line
    literals: an edit there would not change the value one for one.
    """
    value = string_literal(argument)
    if value is None:
        return None
    span = literal_span(argument)
    if span.start.line != span.end.line:
        return None
    match = _STRING.fullmatch(file.source.index.slice(span))
    if match is None or match.group("body") != value or "\\" in value:
        return None
    start = span.start.character + match.end("quote")
    return Span.at(span.start.line, start, start + len(value))


def definitely_passed(file: ScannedFile, argument: SdkArgument) -> bool:
    """Whether the argument is never ``None``/``undefined`` at run time.

    True for a string literal and for ``os.environ["X"]`` (a ``KeyError`` when
    unset); false for ``os.getenv``/``.get``/``process.env.X`` (``None`` or
    ``undefined`` when unset, which the SDKs treat as not passed) and for
    anything computed.
    """
    if string_literal(argument) is not None:
        return True
    if argument.env_var is None or argument.via_variable:
        return False
    text = file.source.index.slice(argument.value_span)
    return bool(re.fullmatch(r"\(*\s*[\w.]*environ\s*\[.*\]\s*\)*", text, re.DOTALL))


def is_null(file: ScannedFile, argument: SdkArgument) -> bool:
    """Whether the argument is written as ``None``/``null``/``undefined``."""
    return file.source.index.slice(argument.value_span).strip() in {"None", "null", "undefined"}


# --- credential literals ---------------------------------------------------------------------

# Values local routers accept because they check nothing: AL406's list, plus the names
# local servers document (Ollama, LM Studio) and LiteLLM's example virtual key `sk-1234`.
_LOCAL_DUMMY = re.compile(r"(?i)(?:sk-)?(?:1234|ollama|lm[-_]?studio|empty|no[-_]?key|placeholder)")


def is_dummy(value: str) -> bool:
    """A value that only keeps a client quiet (``dummy``, ``not-needed``, ``sk-1234``)."""
    stripped = value.strip()
    return bool(DELIBERATE_DUMMY.fullmatch(stripped) or _LOCAL_DUMMY.fullmatch(stripped))


def looks_like_credential(value: str) -> bool:
    """Whether a literal is a credential rather than a placeholder or a dummy.

    A complete Anthropic key or token (as secret scanners match it), another
    vendor's complete key shape, or a random-looking string of at least 20 key
    characters; never a placeholder (``sk-ant-...``, ``your-key-here``) or a
    short dummy value (``not-needed``, ``sk-1234``).
    """
    stripped = value.strip()
    if not stripped:
        return False
    if is_live_shaped(stripped):
        return not is_placeholder(stripped)
    if is_placeholder_credential(stripped):
        return False
    if credential_kind(stripped) is not CredentialKind.UNKNOWN:
        return True
    return looks_real(stripped)


def is_oauth_token(value: str) -> bool:
    """Whether a literal is a Claude OAuth token (``sk-ant-oat01-…``), not a placeholder."""
    return value.startswith("sk-ant-oat01-") and not is_placeholder(value)


_TEST_PARTS = frozenset({"test", "tests", "__tests__", "spec", "specs", "testing", "__mocks__"})
_TEST_NAME = re.compile(
    r"(?i)^(?:test_.+\.py|.+_test\.py|conftest\.py|.+\.(?:test|spec)\.[cm]?[jt]sx?)$"
)


def is_test_file(file: ScannedFile) -> bool:
    """Whether the file is a test: ``test_*.py``, ``*.test.ts``, ``*.spec.js``, or in ``tests/``.

    Folders count from the project root, so a checkout under ``~/test/`` is not all tests.
    """
    memo = file.whole.memo
    known = memo.get("is_test_file")
    if isinstance(known, bool):
        return known
    memo["is_test_file"] = found = _is_test_file(file)
    return found


def _is_test_file(file: ScannedFile) -> bool:
    path = file.source.path
    if path is None:
        return False
    if _TEST_NAME.match(path.name):
        return True
    root = project_root(file)
    if root is None:
        return False
    # `root in path.parents` and `path.parent.relative_to(root).parts`, on strings.
    full, folder = str(path.absolute()), str(root)
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if not full.startswith(prefix):
        return False
    return any(part in _TEST_PARTS for part in full[len(prefix) :].split(os.sep)[:-1])


# --- the project's .env ------------------------------------------------------------------------


@dataclass(frozen=True)
class DotenvFile:
    """A ``.env`` file as a loader would read it: its path and scanned facts (``None``: absent)."""

    path: Path
    scanned: ScannedFile | None

    def value(self, name: str) -> str | None:
        """The value the loader gives ``name`` (``None``: not defined or computed)."""
        if self.scanned is None:
            return None
        found = self.scanned.effective(name)
        return None if found is None else found.value

    def defines(self, name: str) -> bool:
        """Whether the file defines ``name`` at all (even empty or computed)."""
        return self.scanned is not None and bool(self.scanned.definitions(name))


def read_dotenv(path: Path) -> DotenvFile:
    """Read and scan the ``.env`` at ``path``; an absent or unreadable file has no facts.

    Several rules ask for the same file while one code file is checked: it is
    read once per check (:func:`authlint.core.scope.once_per_check`), and its
    scan is cached per path and text (:func:`authlint.scanners.cache.scan_file`).
    """
    return once_per_check(
        ("read_dotenv", path), lambda: DotenvFile(path, scan_file(path, FileKind.DOTENV))
    )


def project_root(file: ScannedFile) -> Path | None:
    """The project folder of a code file (:func:`authlint.core.dotenv_loads.project_folder`)."""
    return dotenv_loads.project_folder(file)


def project_dotenv(file: ScannedFile) -> DotenvFile | None:
    """The ``.env`` at the project root (what Node's ``dotenv`` reads in ``process.cwd()``)."""
    root = project_root(file)
    return None if root is None else read_dotenv(root / ".env")


def nearest_dotenv(file: ScannedFile) -> DotenvFile | None:
    """The ``.env`` python-dotenv's ``load_dotenv()`` finds for this script.

    See :func:`authlint.core.dotenv_loads.nearest_dotenv_path`.
    """
    path = dotenv_loads.nearest_dotenv_path(file)
    return None if path is None else read_dotenv(path)


def dotenv_for(file: ScannedFile) -> DotenvFile | None:
    """The ``.env`` a default ``load_dotenv()`` (Python) or ``dotenv.config()`` (Node) reads."""
    path = dotenv_loads.default_dotenv_path(file)
    return None if path is None else read_dotenv(path)


# --- positions ----------------------------------------------------------------------------------


# What may precede a client call that starts a statement: `[export] const x: T = [await] [new]`.
_STATEMENT_START = re.compile(
    r"(?:(?:export\s+)?(?:const|let|var)\s+)?(?:[\w.\[\]\"':| ]+=\s*)?(?:await\s+)?(?:new\s+)?"
)


def statement_indent(file: ScannedFile, span: Span) -> str | None:
    """The indentation of the statement a call starts, or ``None`` if it does not start one.

    ``client = Anthropic()`` and ``const client = new Anthropic({…})`` start
    their line's statement; a call inside parentheses on a continuation line
    does not (``None``).
    """
    text = file.source.index.line_text(span.start.line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    before = text[len(indent) : span.start.character]
    return indent if _STATEMENT_START.fullmatch(before) else None


def same_block_after(file: ScannedFile, first: Span, indent: str, later: Span) -> bool:
    """Whether ``later`` runs after the statement at ``first`` in the same block.

    Python blocks are read from indentation: ``later`` must sit at ``indent``
    or deeper with no line in between dedenting below ``indent``. A module-level
    statement (``indent == ""``) is followed by everything after it.
    """
    if later.start <= first.start:
        return False
    if not indent:
        return True
    index = file.source.index
    for line in range(first.start.line + 1, later.start.line + 1):
        text = index.line_text(line)
        stripped = text.lstrip(" \t")
        if not stripped or stripped.startswith(("#", "//")):
            continue
        if len(text) - len(stripped) < len(indent):
            return False
    return True


# --- edits in other files -----------------------------------------------------------------------


def append_line(path: Path, line: str, *, create: bool = True) -> Edit | None:
    """An edit appending ``line`` (and a line break) to ``path``, keeping its line endings.

    A missing file is created (``create=True``) with just that line; ``None``
    when it cannot be read or ``create`` is false and it is missing.
    """
    if not path.exists():
        return Edit(Span.at(0, 0, 0), f"{line}\n", path=path, create=True) if create else None
    try:
        source = SourceFile.read(path)
    except OSError:
        return None
    text = source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    if not text:
        return Edit(Span.at(0, 0, 0), f"{line}{newline}", path=path)
    # Replace the final line break with itself + the new line, or add one after the last line,
    # so the inserted text carries both of its line breaks.
    last = next((b for b in ("\r\n", "\n", "\r") if text.endswith(b)), "")
    span = source.index.span(len(text) - len(last), len(text))
    return Edit(span, f"{last or newline}{line}{newline}", path=path)


def ignore_dotenv_edit(dotenv: Path) -> Edit | None | bool:
    """What makes git ignore ``dotenv``: an edit to the root ``.gitignore``.

    ``False`` when nothing is needed (not in a repository, or already
    ignored); ``None`` when the ``.gitignore`` cannot be read, or when git
    tracks ``dotenv`` (no ignore rule keeps a tracked file out of a commit).
    """
    from authlint.rules.unignored_env_file import gitignore_pattern

    root = git.repository_root(dotenv.parent)
    if root is not None and git.is_tracked(dotenv):
        return None  # tracked: .gitignore cannot stop the key being committed
    if root is None or git.is_ignored(dotenv):
        return False
    return append_line(root / ".gitignore", gitignore_pattern(dotenv.name))


def sdk_version(file: ScannedFile, package: str) -> str | None:
    """The version (exact, or the declared specifier) of ``package`` the project uses."""
    root = project_root(file)
    if root is None:
        return None
    return project.sdk_versions(root).get(package)


@dataclass(frozen=True)
class HardcodedCredential:
    """A credential literal passed to an SDK client (what AL601 reports)."""

    client: SdkClient
    argument: SdkArgument
    value: str
    span: Span


def hardcoded_credentials(file: ScannedFile) -> list[HardcodedCredential]:
    """The credential literals AL601 reports, once per literal, in file order."""
    if file.code is None or not file.code.clients:
        return []
    found: dict[Span, HardcodedCredential] = {}
    for client in file.code.clients:
        for argument in credential_arguments(client):
            value = string_literal(argument)
            if value is None or not looks_like_credential(value):
                continue
            if not is_live_shaped(value.strip()) and is_test_file(file):
                continue
            span = literal_span(argument)
            found.setdefault(span, HardcodedCredential(client, argument, value, span))
    return sorted(found.values(), key=lambda h: h.span)


def hardcoded_spans(file: ScannedFile) -> list[Span]:
    """Spans of the literals AL601 reports (AL501 leaves them to it)."""
    return [h.span for h in hardcoded_credentials(file)]


# --- constants another module imports ------------------------------------------------------


def _module_candidates(importer: Path, module: str, root: Path | None) -> list[Path]:
    """Where ``from <module> import …`` in ``importer`` may find its module file."""
    level = len(module) - len(module.lstrip("."))
    parts = [p for p in module[level:].split(".") if p]
    if level:
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        anchors = [base]
    else:
        anchors = [importer.parent]
        for parent in importer.parent.parents:
            if root is None or not parent.is_relative_to(root) or len(anchors) >= _MAX_ANCHORS:
                break
            anchors.append(parent)
    found: list[Path] = []
    for anchor in anchors:
        target = anchor.joinpath(*parts) if parts else anchor
        if not target.name:  # the file system's root: an import past it names no module
            continue
        found += [target.with_name(target.name + ".py"), target / "__init__.py"]
    return found


_MAX_ANCHORS = 8

# What Node and TypeScript try for a relative specifier without an extension, in order;
# TypeScript also maps a written ``.js``/``.mjs``/``.cjs`` onto the source it compiles from.
_JS_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_TS_SOURCES = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}


def _js_module_candidates(importer: Path, spec: str) -> list[Path]:
    """Where ``import … from "<spec>"`` in ``importer`` may find its module file.

    Only relative specifiers (``./config``, ``../lib/config.js``): the file as
    written, with each extension, its TypeScript source for a ``.js``-family
    extension, and ``<spec>/index.<ext>``.
    """
    if not spec.startswith(("./", "../")):
        return []
    target = Path(os.path.normpath(importer.parent / spec))
    if not target.name:  # the file system's root: a specifier past it names no module
        return []
    suffix = target.suffix.lower()
    if suffix in _JS_EXTENSIONS:
        return [target, *(target.with_suffix(s) for s in _TS_SOURCES.get(suffix, ()))]
    return [
        *(target.with_name(target.name + s) for s in _JS_EXTENSIONS),
        *(target / f"index{s}" for s in _JS_EXTENSIONS),
    ]


_IMPORTS_MEMO = "sdk-constant-imports"

# (importer, client, argument, imported name) for each argument naming another module's constant
_Use = tuple[Path, SdkClient, SdkArgument, str]


def _normal(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


def _uses_by_module(model: EnvironmentModel) -> dict[Path, list[_Use]]:
    """Every module file an SDK user's argument may name a constant of, with those uses.

    Built once per environment model from the files it lists as SDK users:
    each argument with ``imported_from`` is filed under every path its module
    may resolve to.
    """
    cached = model.memo.get(_IMPORTS_MEMO)
    if isinstance(cached, dict):
        return cached
    index: dict[Path, list[_Use]] = {}
    root = model.workspace.root
    for other, language in model.workspace.sdk_users:
        kind = FileKind.PYTHON if language == "python" else FileKind.JAVASCRIPT
        scanned = scan_file(other, kind)
        if scanned is None or scanned.code is None:
            continue
        for client in scanned.code.clients:
            for argument in client.arguments:
                module, _, name = argument.imported_from.rpartition(":")
                if not name:
                    continue
                if kind is FileKind.PYTHON:
                    candidates = _module_candidates(other, module, root)
                else:
                    candidates = _js_module_candidates(other, module)
                for candidate in dict.fromkeys(_normal(c) for c in candidates):
                    if candidate.suffix.lower() in _SOURCE_SUFFIXES[kind]:
                        index.setdefault(candidate, []).append((other, client, argument, name))
    model.memo[_IMPORTS_MEMO] = index
    return index


_SOURCE_SUFFIXES = {
    FileKind.PYTHON: frozenset({".py"}),
    FileKind.JAVASCRIPT: frozenset(_JS_EXTENSIONS),
}


def module_constants(file: ScannedFile) -> dict[str, Constant]:
    """The file's module constants, parsing it even when the scanner's fast path skipped it."""
    code = file.code
    if code is not None and code.constants:
        return code.constants
    memo = file.whole.memo
    known = memo.get("module_constants")
    if isinstance(known, dict):
        return known
    if file.kind is FileKind.PYTHON:
        found = python_sdk.constants(file.source)
    elif file.kind is FileKind.JAVASCRIPT:
        found = javascript_sdk.constants(file.source)
    else:
        found = {}
    memo["module_constants"] = found
    return found


def modules_used_elsewhere(context: CheckContext) -> Collection[Path]:
    """The module files (absolute, normalized) a client elsewhere may pass a constant of.

    What :func:`constants_used_elsewhere` asks before it reads a module
    (:attr:`authlint.rules._base.Rule.unparsed_code` of AL602, AL603); none
    without an environment model.
    """
    model = context.environment
    return () if model is None else _uses_by_module(model).keys()


def constants_used_elsewhere(
    file: ScannedFile, context: CheckContext
) -> list[tuple[Path, SdkClient, SdkArgument, Constant]]:
    """Clients in other files of the project that pass a constant of ``file``.

    ``(other file, client, argument, constant)`` for each argument that names a
    constant of this module: in Python imported by name (``from .config import
    BASE_URL``) or read as a module attribute (``from . import config`` then
    ``config.BASE_URL``, ``import app.config as cfg`` then ``cfg.BASE_URL``); in
    JavaScript/TypeScript imported from a relative specifier (``import {
    BASE_URL } from "./config"``, ``import * as config from "./config.js"``).
    Bounded: only the files the environment model found using the SDK are read
    (once per model; none without a model), and this file is parsed for its
    constants only when one of them names it. Only module-level constants bound
    once to a string count.
    """
    path, model = file.source.path, context.environment
    if path is None or model is None or file.kind not in _SOURCE_SUFFIXES:
        return []
    index = _uses_by_module(model)
    if not index:  # no client passes another module's constant: most projects
        return []
    here = _normal(path)
    uses = [use for use in index.get(here, ()) if use[0] != here]
    if not uses:
        return []
    constants = module_constants(file)
    found: list[tuple[Path, SdkClient, SdkArgument, Constant]] = []
    for other, client, argument, name in uses:
        constant = constants.get(name)
        if constant is not None:
            found.append((other, client, argument, constant))
        elif argument.name == "**":  # `**CONFIG`: each string key of this module's dict
            found += [
                (other, client, _splatted(argument, key, entry), entry)
                for key, entry in dict_entries(constants, name)
            ]
    return found


def dict_entries(constants: dict[str, Constant], name: str) -> list[tuple[str, Constant]]:
    """``(key, constant)`` for each string key of the module-level dict ``name``."""
    head = dict_entry(name, "")[:-2]  # `NAME["`
    return [
        (entry[len(head) : -2], constant)
        for entry, constant in constants.items()
        if entry.startswith(head) and entry.endswith('"]')
    ]


def _splatted(argument: SdkArgument, key: str, constant: Constant) -> SdkArgument:
    """The keyword argument ``**CONFIG`` passes for ``key`` (a dict of another module)."""
    return replace(
        argument,
        name=key,
        literal=constant.literal,
        literal_span=constant.literal_span,
        env_var=constant.env_var,
        imported_from=f"{argument.imported_from}{dict_entry('', key)}",
    )


def imported_constant(
    file: ScannedFile, argument: SdkArgument, context: CheckContext
) -> tuple[Path, Constant] | None:
    """The constant of another project module that ``argument`` names, and that module's path.

    The reverse of :func:`constants_used_elsewhere`, for a rule that judges the
    call in ``file`` (``Anthropic(base_url=BASE_URL)`` after ``from .config
    import BASE_URL``). Needs the environment model, like that function, and
    reads only the few files the import may resolve to; ``None`` when none
    binds the name to a string, or when two of them disagree.
    """
    path, model = file.source.path, context.environment
    module, _, name = argument.imported_from.rpartition(":")
    if path is None or model is None or not name or file.kind not in _SOURCE_SUFFIXES:
        return None
    if file.kind is FileKind.PYTHON:
        candidates = _module_candidates(path.absolute(), module, model.workspace.root)
    else:
        candidates = _js_module_candidates(path.absolute(), module)
    found: dict[str, tuple[Path, Constant]] = {}
    here = _normal(path)
    for candidate in dict.fromkeys(_normal(c) for c in candidates):
        if candidate == here or not candidate.is_file():
            continue
        scanned = scan_file(candidate, file.kind) or _unparsed(candidate, file.kind)
        constant = module_constants(scanned).get(name) if scanned is not None else None
        if constant is not None:
            found.setdefault(constant.literal, (candidate, constant))
    return next(iter(found.values())) if len(found) == 1 else None


def _unparsed(path: Path, kind: FileKind) -> ScannedFile | None:
    """A code file :func:`scan_file` skips (no trigger word), with empty facts to parse later."""
    try:
        source = SourceFile.read(path)
    except (OSError, ValueError):
        return None
    return ScannedFile(source, kind, code=None)


def base_url_arguments(
    file: ScannedFile, context: CheckContext
) -> list[tuple[SdkClient, SdkArgument, Related | None]]:
    """Each client's base URL argument in ``file``, then those of other modules' clients.

    ``(client, argument, None)`` for the clients of this file; ``(client,
    argument, call)`` for a client elsewhere that passes a constant of this
    module (:func:`constants_used_elsewhere`): ``argument`` then holds the
    constant's literal, span and environment variable (``via_variable`` its
    name), and ``call`` points at the argument in the other file.
    """
    if file.code is None:
        return []
    found: list[tuple[SdkClient, SdkArgument, Related | None]] = []
    for client in file.code.clients:
        argument = base_url_argument(client)
        if argument is not None:
            found.append((client, argument, None))
    for other, client, argument, constant in constants_used_elsewhere(file, context):
        written = base_url_argument(client)
        splatted = written is None and argument.name in BASE_URL_ARGS  # `**CONFIG`'s key
        if argument is not written and not splatted:
            continue
        here = replace(
            argument,
            literal=constant.literal,
            literal_span=constant.literal_span,
            env_var=constant.env_var,
            via_variable=constant.name,
            imported_from="",
        )
        call = Related(
            other,
            argument.value_span,
            f"imported and passed as `{argument.name}` to `{client.constructor}` here",
        )
        found.append((client, here, call))
    return found


def merge_related(findings: list[Finding]) -> list[Finding]:
    """One finding per span and message, with the related locations of all of them.

    A constant several modules pass to their clients is one mistake at one literal.
    """
    merged: dict[tuple[Span, str], Finding] = {}
    for finding in findings:
        key = (finding.span, finding.message)
        first = merged.get(key)
        if first is None:
            merged[key] = finding
            continue
        extra = tuple(r for r in finding.related if r not in first.related)
        merged[key] = replace(first, related=first.related + extra)
    return list(merged.values())
