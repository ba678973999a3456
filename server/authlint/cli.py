"""The ``authlint`` command line: ``check``, ``rule``, ``server`` and ``verify``.

``authlint check`` never imports pygls or lsprotocol; ``authlint server``
imports the LSP layer only when it starts.

Exit codes (ruff's convention):

- 0: nothing to report, or only informational findings (``info`` severity
  findings are shown but do not fail a run), or ``--exit-zero``;
- 1: at least one error or warning finding remains (after ``--fix``);
- 2: a usage error (unknown flag, missing path, ``--unsafe-fixes`` without
  ``--fix``, unreadable ``--config``) or an error while working: a file that
  cannot be read, a fix that cannot be written (read-only file), an internal
  error. Files that could be checked are still reported.

Nothing authlint prints shows a key: messages, source lines, fix titles, log
lines and error messages (argparse's included) go through
:func:`~authlint.core.secrets.redact`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from authlint import __version__
from authlint.core.context import CheckContext, Platform
from authlint.core.engine import check_scanned, check_source
from authlint.core.environment import EnvironmentModel, build_model, project_folder_of
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.fixes import apply_edits, apply_fixes
from authlint.core.home import home_files
from authlint.core.secrets import redact
from authlint.core.settings import Settings, find_pyproject, load_pyproject
from authlint.core.source import SourceFile, atomic_write
from authlint.output import FileResult
from authlint.scanners import scan

log = logging.getLogger("authlint")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MAX_FIX_PASSES = 10


class UsageError(Exception):
    """A command-line mistake (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error messages are redacted (a key pasted as an argument)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, redact(f"{self.prog}: error: {message}\n"))


class _RedactingFormatter(logging.Formatter):
    """A log formatter that masks keys in the whole record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(
        prog="authlint",
        description="Find why Anthropic / Claude Code authentication fails, where the cause lives.",
        epilog="Exit status: 0 clean (info findings do not count), 1 findings, 2 error.",
    )
    parser.add_argument("--version", action="version", version=f"authlint {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (to stderr)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check files and folders (default: .)")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    check.add_argument(
        "-v", "--verbose", action="count", default=0, dest="check_verbose", help="log more"
    )
    home = check.add_mutually_exclusive_group()
    home.add_argument(
        "--home", type=Path, help="home folder whose profiles are checked too (default: $HOME)"
    )
    home.add_argument(
        "--no-home", action="store_true", help="do not read profiles in the home folder"
    )
    check.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        help="platform to model (default: this one)",
    )
    check.add_argument(
        "--format", choices=["text", "json", "sarif"], default="text", dest="output_format"
    )
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too"
    )
    check.add_argument(
        "--fix-follow-links",
        action="store_true",
        help="with --fix, also rewrite files reached through a symbolic link that points "
        "outside the checked folders",
    )
    check.add_argument(
        "--select", action="append", metavar="CODES", help="only these codes, prefixes or names"
    )
    check.add_argument(
        "--extend-select", action="append", metavar="CODES", help="add to the selection"
    )
    check.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these codes, prefixes or names"
    )
    check.add_argument(
        "--exclude", action="append", metavar="PATTERN", help="gitignore-style pattern to skip"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found"
    )
    check.add_argument("--config", type=Path, help="pyproject.toml to read [tool.authlint] from")
    check.add_argument(
        "--only-known-names",
        action="store_true",
        help="read a named file only when its name tells its kind (for pre-commit)",
    )
    check.add_argument(
        "--no-source", action="store_true", help="text format: do not show source lines"
    )

    rule = sub.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("code", nargs="?", help="rule code or name")
    rule.add_argument("--all", action="store_true", help="every rule")

    server = sub.add_parser("server", help="run the language server (stdio by default)")
    server.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default)")
    server.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")

    verify = sub.add_parser(
        "verify",
        help="send this environment's credentials to the API once and report the answer",
        description="Sends GET /v1/models with each credential set in this environment "
        "(ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN) to "
        "ANTHROPIC_BASE_URL (default https://api.anthropic.com); with --context NAME, with "
        "what that launch context would send, read from the project's and the home's files. "
        "https only (loopback excepted); an Anthropic key is never sent to another host.",
        epilog="Exit status: 0 accepted, 1 rejected or the check failed, 2 usage error.",
    )
    from authlint.core.environment.workspace import SHELLS

    verify.add_argument(
        "--context",
        metavar="NAME",
        help="check what this launch context would send, read from the project's and the home's "
        "files (python, python:app.py, claude-code, linux-terminal…)",
    )
    verify.add_argument(
        "--project", type=Path, metavar="DIR", help="with --context: the project (default: .)"
    )
    verify_home = verify.add_mutually_exclusive_group()
    verify_home.add_argument(
        "--home", type=Path, help="with --context: the home folder to read (default: $HOME)"
    )
    verify_home.add_argument(
        "--no-home", action="store_true", help="with --context: read no home folder"
    )
    verify.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        help="with --context: the platform to model (default: this one)",
    )
    verify.add_argument(
        "--shell", choices=SHELLS, help="with --context: the login shell (default: $SHELL's)"
    )
    verify.add_argument("--base-url", metavar="URL", help="use this instead of ANTHROPIC_BASE_URL")
    verify.add_argument(
        "--variable",
        action="append",
        choices=["ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"],
        help="check only this variable (repeatable)",
    )
    verify.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="per request (default 5)"
    )
    verify.add_argument("--format", choices=["text", "json"], default="text", dest="output_format")

    from authlint import env_command

    env_command.add_arguments(
        sub.add_parser("env", help="show where each auth variable comes from, per launch context")
    )
    return parser


def _restore(streams: list[tuple[Any, str | None]]) -> None:
    """Give stdout/stderr back their error handlers (the server may have closed them)."""
    for stream, errors in streams:
        if not stream.closed:
            stream.reconfigure(errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Never fails on output encoding: stdout and stderr replace what their encoding
    cannot hold (``?``) while it runs; texts are already free of lone surrogates
    (:func:`~authlint.core.secrets.printable`).
    """
    import io

    streams = [(s, s.errors) for s in (sys.stdout, sys.stderr) if isinstance(s, io.TextIOWrapper)]
    for stream, _ in streams:
        stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        _restore(streams)
        return EXIT_ERROR if stop.code not in (0, None) else EXIT_CLEAN
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("authlint: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING - 10 * min(args.verbose + getattr(args, "check_verbose", 0), 2))
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rule":
            return run_rule(args)
        if args.command == "verify":
            return run_verify(args)
        if args.command == "env":
            from authlint.env_command import run_env

            return run_env(args)
        return run_server(args)
    except UsageError as error:
        sys.stderr.write(f"authlint: error: {redact(str(error))}\n")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - exit 2 with a masked message, never a raw traceback
        log.debug("internal error", exc_info=True)
        sys.stderr.write(
            f"authlint: internal error: {redact(f'{type(error).__name__}: {error}')}\n"
        )
        return EXIT_ERROR
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        _restore(streams)


# --- check ----------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    """``[tool.authlint]`` (``--config``, or found from the first path up), then the flags."""
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    config = args.config or find_pyproject(args.paths[0] if args.paths else Path.cwd())
    settings = Settings()
    if config is not None:
        try:
            settings, errors = load_pyproject(config)
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot read {config}: {error}") from error
        log.info("settings from %s", config)
        for message in errors:
            log.warning("%s: %s", config, message)
    select = _split_codes(args.select)
    extend = _split_codes(args.extend_select) or ()
    settings = settings.merged(
        select=(*(select or settings.select), *extend),
        ignore=(*settings.ignore, *(_split_codes(args.ignore) or ())),
        exclude=(*settings.exclude, *(args.exclude or ())),
    )
    _warn_unknown_selectors(settings)
    return settings


def _warn_unknown_selectors(settings: Settings) -> None:
    """Warn about selectors that match no rule (a typo would otherwise hide everything)."""
    from authlint.rules import selected_rules

    for selector in dict.fromkeys((*settings.select, *settings.ignore, *settings.severity)):
        if selector.upper() != "ALL" and not selected_rules((selector,), ()):
            log.warning("%r matches no rule (see `authlint rule --all`)", selector)


def _home(args: argparse.Namespace) -> Path | None:
    if args.no_home:
        return None
    if args.home is not None:
        if not args.home.is_dir():
            raise UsageError(f"--home {args.home} is not a folder")
        return Path(args.home)
    return Path(os.environ.get("HOME") or Path.home())


def _targets(
    args: argparse.Namespace, settings: Settings, platform: Platform, home: Path | None
) -> list[tuple[Path, FileKind]]:
    """The files to check: the paths' files in walk order, then the home profiles.

    What a walk skips (a folder this user cannot list, a FIFO, device or
    socket with a known name, a link loop) is a warning on stderr and does
    not change the exit status; a named path is always read, so reading it
    reports what is wrong (exit 2).
    """
    from authlint.core.discovery import discover
    from authlint.scanners import kind_from_name

    def skipped(path: Path, reason: str) -> None:
        sys.stderr.write(f"authlint: warning: skipping {redact(str(path))}: {reason}\n")

    try:
        targets = [
            (t.path, t.kind)
            for t in discover(
                args.paths or [Path(".")],
                settings.exclude,
                guess_unknown=not args.only_known_names,
                on_skip=skipped,
            )
        ]
    except FileNotFoundError as error:
        raise UsageError(f"no such file or folder: {error}") from error
    if home is not None:
        seen = {os.path.realpath(p) for p, _ in targets}
        for path in home_files(home, platform):
            kind = kind_from_name(path)
            if kind is not None and os.path.realpath(path) not in seen:
                targets.append((path, kind))
    return targets


def run_check(args: argparse.Namespace) -> int:
    """``authlint check``: read, check, optionally fix, report; return the exit status."""
    if args.unsafe_fixes and not args.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    settings = _settings(args)
    platform = Platform(args.platform) if args.platform else Platform.current()
    home = _home(args)
    targets = _targets(args, settings, platform, home)
    scanned: dict[Path, ScannedFile] = {}
    errors = 0
    for path, kind in targets:
        log.info("checking %s as %s", path, kind.value)
        try:
            scanned[path] = scan(SourceFile.read(path), kind)
        except OSError as error:  # unreadable, not a regular file, over 10 MiB
            reason = error.strerror or str(error)
            sys.stderr.write(f"authlint: cannot read {redact(str(path))}: {reason}\n")
            errors += 1
        except Exception as error:  # noqa: BLE001 - report the file, check the others
            log.debug("internal error on %s", path, exc_info=True)
            message = redact(f"{type(error).__name__}: {error}")
            sys.stderr.write(f"authlint: internal error on {redact(str(path))}: {message}\n")
            errors += 1
    context = CheckContext(
        platform=platform,
        home=home,
        environ=dict(os.environ),
        environment=_environment_model(args, platform, home, scanned),
    )
    results: list[FileResult] = []
    for path, file in scanned.items():
        try:
            result = FileResult(file.source, check_scanned(file, context, settings))
            if args.fix:
                result, written = _fix_file(result, file.kind, context, settings, args)
                errors += not written
        except Exception as error:  # noqa: BLE001 - report the file, check the others
            log.debug("internal error on %s", path, exc_info=True)
            message = redact(f"{type(error).__name__}: {error}")
            sys.stderr.write(f"authlint: internal error on {redact(str(path))}: {message}\n")
            errors += 1
            continue
        results.append(result)
    sys.stdout.write(_render(results, args))
    if errors:
        return EXIT_ERROR
    failing = any(f.severity is not Severity.INFO for r in results for f in r.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _environment_model(
    args: argparse.Namespace,
    platform: Platform,
    home: Path | None,
    scanned: dict[Path, ScannedFile],
) -> EnvironmentModel | None:
    """The cross-file model of the checked project and home (``None`` if it cannot be built)."""
    try:
        root = project_folder_of(args.paths or [Path(".")])
        return build_model(root, home, platform, environ=os.environ, scanned=scanned)
    except Exception:  # noqa: BLE001 - the per-file rules still run without the model
        log.warning("the environment model could not be built", exc_info=True)
        return None


def _render(results: list[FileResult], args: argparse.Namespace) -> str:
    cwd = Path.cwd()
    if args.output_format == "json":
        from authlint.output import json_format

        return json_format.render(results, cwd)
    if args.output_format == "sarif":
        from authlint.output import sarif_format

        return sarif_format.render(results, cwd)
    from authlint.output import text_format

    return text_format.render(results, cwd, show_source=not args.no_source)


def _wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


class _FixRun:
    """What the ``--fix`` writes of one run share (kept on ``args`` from file to file).

    ``roots``: the files and folders given on the command line and the home
    folder when its profiles are checked, as given and resolved. ``written``:
    the bytes this run wrote, by real path, so a file another file's fix
    appended to is fixed from its new content instead of being reported as
    changed.
    """

    def __init__(self, args: argparse.Namespace, context: CheckContext) -> None:
        given = list(args.paths or [Path(".")])
        if context.home is not None:
            given.append(context.home)
        self.roots = tuple(Path(os.path.abspath(p)) for p in given)
        self.real_roots = tuple(Path(os.path.realpath(p)) for p in given)
        self.follow_links: bool = bool(getattr(args, "fix_follow_links", False))
        self.written: dict[str, bytes] = {}

    @classmethod
    def of(cls, args: argparse.Namespace, context: CheckContext) -> _FixRun:
        run = getattr(args, "fix_run", None)
        if not isinstance(run, cls):
            run = cls(args, context)
            args.fix_run = run
        return run

    def outside_link(self, path: Path) -> str | None:
        """Where ``path`` really is, when a symbolic link leads it out of the checked tree.

        That is: its real path is outside every root (resolved) while the path
        itself is a link or sits inside a root as named. ``None`` otherwise (a
        file that is where it is named, such as the repository's
        ``.gitignore`` above a checked sub-folder), or with ``--fix-follow-links``.
        """
        real = Path(os.path.realpath(path))
        if self.follow_links or any(real.is_relative_to(root) for root in self.real_roots):
            return None
        named = Path(os.path.abspath(path))
        if os.path.islink(path) or any(named.is_relative_to(root) for root in self.roots):
            return str(real)
        return None


def _fix_file(
    result: FileResult,
    kind: FileKind,
    context: CheckContext,
    settings: Settings,
    args: argparse.Namespace,
) -> tuple[FileResult, bool]:
    """Apply fixes until none is left (at most ten passes), then write the file once.

    ``args`` gives ``--unsafe-fixes``, ``--fix-follow-links`` and the paths
    checked. Returns the fixed result and whether every write succeeded. The
    file is written only if it still holds the bytes that were checked
    (:func:`~authlint.core.source.atomic_write` ``expected``), and a symbolic
    link is followed only inside the checked folders (:class:`_FixRun`).
    When the file is not written (changed since it was read, a link out of
    the tree, read-only, encoding, disk), that is reported on stderr, nothing
    is changed, and the original findings are returned.
    """
    from authlint.core.source import ChangedOnDiskError

    run = _FixRun.of(args, context)
    original = result.source
    if original.path is not None and original.origin is not None:
        ours = run.written.get(os.path.realpath(original.path))
        if ours is not None and ours != original.origin:
            # Another file's fix of this run appended to it: fix what is there now.
            try:
                original = SourceFile.read(original.path)
            except OSError as error:
                where = redact(str(original.path))
                sys.stderr.write(f"authlint: cannot read {where}: {error.strerror}\n")
                return result, False
            result = FileResult(original, check_source(original, kind, context, settings))
    source, findings = original, result.findings
    applied: list[Fix] = []
    other_files: dict[Path, list[Edit]] = {}
    for _ in range(MAX_FIX_PASSES):
        # A fix seen before (one that only edits another file) is not applied twice.
        fixes = [
            f.fix
            for f in findings
            if _wanted(f, args.unsafe_fixes) and f.fix and f.fix not in applied
        ]
        if not fixes:
            break
        outcome = apply_fixes(source, fixes)
        if not outcome.applied:
            break
        applied += outcome.applied
        for fix in outcome.applied:
            log.info("fixing %s: %s", source.path, fix.title)
        for path, edits in outcome.other_files.items():
            other_files.setdefault(path, []).extend(edits)
        source = outcome.source
        findings = check_source(source, kind, context, settings)
    if not applied:
        return result, True
    if source.path is not None and (source.text, source.bom) != (original.text, original.bom):
        where = redact(str(source.path))
        target = run.outside_link(source.path)
        if target is not None:
            sys.stderr.write(
                f"authlint: {where} links to {redact(target)}, outside the checked folders; "
                "no fix was applied (--fix-follow-links allows it)\n"
            )
            return result, False
        expected = original.origin if original.origin is not None else original.encode()
        try:
            data = source.encode()
            atomic_write(source.path, data, expected=expected)
        except ChangedOnDiskError as error:
            sys.stderr.write(f"authlint: {where} {error.strerror}; no fix was applied\n")
            return result, False
        except (OSError, UnicodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            sys.stderr.write(f"authlint: cannot write {where} ({reason}); no fix was applied\n")
            return result, False
        run.written[os.path.realpath(source.path)] = data
    written = _write_other_files(other_files, run)
    if other_files:
        findings = check_source(source, kind, context, settings)
    return FileResult(source, findings, len(applied)), written


def _write_other_files(edits_by_path: dict[Path, list[Edit]], run: _FixRun) -> bool:
    """Apply edits to other files (``.gitignore``, ``.env``); return whether all were written.

    An edit whose text ends with a line break adds lines (every such edit
    rules make): its lines are appended to the file as it is *now*, each only
    if the file does not hold it yet, with the file's own line break, after a
    line break added to a last line without one; nothing is deleted. Any other
    edit is applied at its span. The same guarantees as for the checked file
    hold: written only if unchanged since it was read here, a new file never
    replaces one that appeared meanwhile, links kept, BOM and encoding kept.
    """
    from authlint.core import git
    from authlint.core.fixes import append_lines
    from authlint.core.source import ChangedOnDiskError

    ok = True
    for path, edits in edits_by_path.items():
        where = redact(str(path))
        outside = run.outside_link(path)
        if outside is not None:
            sys.stderr.write(
                f"authlint: {where} links to {redact(outside)}, outside the checked folders; "
                "it was not edited (--fix-follow-links allows it)\n"
            )
            ok = False
            continue
        try:
            try:
                target = SourceFile.read(path)
            except FileNotFoundError:
                if not any(e.create for e in edits):
                    log.warning("skipping an edit to missing file %s", path)
                    continue
                target = SourceFile(path, "")
            spans = [e for e in edits if not e.new_text.endswith(("\n", "\r"))]
            fixed = apply_edits(target, _dedupe(spans)) if spans else target
            lines = [
                line
                for e in edits
                if e.new_text.endswith(("\n", "\r"))
                for line in e.new_text.splitlines()
                if line
            ]
            fixed = append_lines(fixed, lines)
            if (fixed.text, fixed.bom) == (target.text, target.bom):
                continue
            data = fixed.encode()
            atomic_write(path, data, expected=target.origin, create=target.origin is None)
            run.written[os.path.realpath(path)] = data
        except ChangedOnDiskError as error:
            sys.stderr.write(f"authlint: {where} {error.strerror}; it was not edited\n")
            ok = False
        except (OSError, UnicodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            sys.stderr.write(f"authlint: cannot write {where} ({reason})\n")
            ok = False
    git.clear_caches()
    return ok


def _dedupe(edits: list[Edit]) -> list[Edit]:
    seen: set[tuple[object, str]] = set()
    unique = []
    for edit in edits:
        key = (edit.span, edit.new_text)
        if key not in seen:
            seen.add(key)
            unique.append(edit)
    return unique


# --- rule / server ---------------------------------------------------------------------------


def run_rule(args: argparse.Namespace) -> int:
    """``authlint rule CODE`` / ``--all``: print rule documentation; return the exit status."""
    from authlint.rules import all_rules, rule_by_code

    if args.all:
        rules = list(all_rules())
    elif args.code:
        rule = rule_by_code(args.code)
        if rule is None:
            raise UsageError(f"unknown rule {args.code!r} (see `authlint rule --all`)")
        rules = [rule]
    else:
        raise UsageError("give a rule code or --all")
    for rule in rules:
        kinds = ", ".join(sorted(k.value for k in rule.kinds))
        sys.stdout.write(f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n")
        sys.stdout.write(f"Severity: {rule.severity.value}. Applies to: {kinds}.\n")
        sys.stdout.write(f"Docs: {rule.url}\n\n")
        sys.stdout.write(rule.doc.strip() + "\n\n")
    return EXIT_CLEAN


def run_server(args: argparse.Namespace) -> int:
    """``authlint server``: import the LSP layer only now, then serve."""
    from authlint.lsp.server import serve

    host_port = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError("--tcp takes HOST:PORT")
        host_port = (host, int(port))
    serve(host_port)
    return EXIT_CLEAN


def run_verify(args: argparse.Namespace) -> int:
    """``authlint verify``: check credentials live; return the exit status.

    Without ``--context``, the credentials of this process's environment; with
    ``--context NAME``, those each matching launch context of the environment
    model would send (in the model's order). Exit 0 when every credential
    checked was accepted, 1 when one was rejected or the check failed
    (refused, unreachable, no credential), 2 on usage errors (an unknown
    context, a bad ``--timeout``, model options without ``--context``).
    """
    from authlint.verify import render, verify_environment
    from authlint.verify.context import verify_context

    if not 0 < args.timeout <= 60:
        raise UsageError("--timeout takes a number of seconds between 0 and 60")
    variables = tuple(args.variable) if args.variable else None
    json_format = args.output_format == "json"
    if args.context is None:
        model_flags = {
            "--project": args.project is not None,
            "--home": args.home is not None,
            "--no-home": args.no_home,
            "--platform": args.platform is not None,
            "--shell": args.shell is not None,
        }
        if any(model_flags.values()):
            given = ", ".join(flag for flag, on in model_flags.items() if on)
            raise UsageError(f"{given}: only with --context NAME")
        report = verify_environment(
            os.environ, base_url=args.base_url, variables=variables, timeout=args.timeout
        )
        sys.stdout.write(render.render_json(report) if json_format else render.render_text(report))
        return EXIT_CLEAN if report.accepted else EXIT_FINDINGS
    project = args.project if args.project is not None else Path.cwd()
    if not project.is_dir():
        raise UsageError(f"--project {project} is not a folder")
    platform = Platform(args.platform) if args.platform else Platform.current()
    home = _home(args)
    root = project_folder_of([project])
    model = build_model(root, home, platform, shell=args.shell, environ=os.environ)
    found = model.find_contexts(args.context)
    if not found:
        names = ", ".join(c.name for c in model.contexts())
        raise UsageError(f"--context {args.context}: no such launch context; available: {names}")
    results = [
        verify_context(model, c, base_url=args.base_url, variables=variables, timeout=args.timeout)
        for c in found
    ]
    if json_format:
        sys.stdout.write(render.render_contexts_json(results))
    else:
        sys.stdout.write(render.render_contexts_text(results))
    return EXIT_CLEAN if all(r.accepted for r in results) else EXIT_FINDINGS
