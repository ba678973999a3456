"""The ``authlint`` command line: ``check``, ``rule`` and ``server``.

``authlint check`` never imports pygls or lsprotocol; ``authlint server``
imports the LSP layer only when it starts. Exit codes (ruff's convention):
0 when no error or warning is reported, 1 when one is, 2 on a usage or
internal error. Informational findings are shown but do not change the status.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from authlint import __version__
from authlint.core.context import CheckContext, Platform
from authlint.core.engine import check_source
from authlint.core.facts import FileKind
from authlint.core.findings import Applicability, Edit, Finding, Severity
from authlint.core.fixes import apply_edits, apply_fixes
from authlint.core.home import home_files
from authlint.core.secrets import redact
from authlint.core.settings import Settings, find_pyproject, load_pyproject
from authlint.core.source import SourceFile, atomic_write
from authlint.output import FileResult

log = logging.getLogger("authlint")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MAX_FIX_PASSES = 10


class UsageError(Exception):
    """A command-line mistake (exit 2)."""


def _split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="authlint",
        description="Find why Anthropic / Claude Code authentication fails, where the cause lives.",
    )
    parser.add_argument("--version", action="version", version=f"authlint {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (to stderr)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check files and folders (default: .)")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    home = check.add_mutually_exclusive_group()
    home.add_argument("--home", type=Path, help="home folder whose profiles are the user's (default: $HOME)")
    home.add_argument("--no-home", action="store_true", help="do not read profiles in the home folder")
    check.add_argument("--platform", choices=[p.value for p in Platform], help="platform to model (default: this one)")
    check.add_argument("--format", choices=["text", "json", "sarif"], default="text", dest="output_format")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    check.add_argument("--select", action="append", metavar="CODES", help="only these codes, prefixes or names")
    check.add_argument("--extend-select", action="append", metavar="CODES", help="add to the selection")
    check.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes, prefixes or names")
    check.add_argument("--exclude", action="append", metavar="PATTERN", help="gitignore-style pattern to skip")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    check.add_argument("--config", type=Path, help="pyproject.toml to read [tool.authlint] from")
    check.add_argument("--no-source", action="store_true", help="text format: do not show source lines")

    rule = sub.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("code", nargs="?", help="rule code or name")
    rule.add_argument("--all", action="store_true", help="every rule")

    server = sub.add_parser("server", help="run the language server (stdio by default)")
    server.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default)")
    server.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return EXIT_ERROR if stop.code not in (0, None) else EXIT_CLEAN
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="authlint: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rule":
            return run_rule(args)
        return run_server(args)
    except UsageError as error:
        sys.stderr.write(f"authlint: error: {redact(str(error))}\n")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - exit 2 with a masked message, never a raw traceback
        log.debug("internal error", exc_info=True)
        sys.stderr.write(f"authlint: internal error: {redact(f'{type(error).__name__}: {error}')}\n")
        return EXIT_ERROR


# --- check ----------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    config = args.config or find_pyproject(args.paths[0] if args.paths else Path.cwd())
    settings = Settings()
    if config is not None:
        try:
            settings, errors = load_pyproject(config)
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot read {config}: {error}") from error
        for message in errors:
            log.warning("%s: %s", config, message)
    select = _split_codes(args.select)
    extend = _split_codes(args.extend_select) or ()
    return settings.merged(
        select=(*(select or settings.select), *extend),
        ignore=(*settings.ignore, *(_split_codes(args.ignore) or ())),
        exclude=(*settings.exclude, *(args.exclude or ())),
    )


def _targets(args: argparse.Namespace, settings: Settings, platform: Platform) -> list[tuple[Path, FileKind]]:
    from authlint.core.discovery import discover
    from authlint.scanners import kind_from_name

    try:
        targets = [(t.path, t.kind) for t in discover(args.paths or [Path(".")], settings.exclude)]
    except FileNotFoundError as error:
        raise UsageError(f"no such file or folder: {error}") from error
    home = None if args.no_home else (args.home or Path(os.environ.get("HOME", Path.home())))
    if home is not None:
        if args.home is not None and not home.is_dir():
            raise UsageError(f"--home {home} is not a folder")
        seen = {p.resolve() for p, _ in targets}
        for path in home_files(home, platform):
            kind = kind_from_name(path)
            if kind is not None and path.resolve() not in seen:
                targets.append((path, kind))
    return targets


def run_check(args: argparse.Namespace) -> int:
    """``authlint check``: read, check, optionally fix, report."""
    if args.unsafe_fixes and not args.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    settings = _settings(args)
    platform = Platform(args.platform) if args.platform else Platform.current()
    home = None if args.no_home else (args.home or Path(os.environ.get("HOME", Path.home())))
    context = CheckContext(platform=platform, home=home)
    results: list[FileResult] = []
    read_errors = 0
    for path, kind in _targets(args, settings, platform):
        try:
            source = SourceFile.read(path)
        except OSError as error:
            sys.stderr.write(f"authlint: cannot read {path}: {error.strerror}\n")
            read_errors += 1
            continue
        result = FileResult(source, check_source(source, kind, context, settings))
        if args.fix:
            result = _fix_file(result, kind, context, settings, args.unsafe_fixes)
        results.append(result)
    sys.stdout.write(_render(results, args))
    if read_errors:
        return EXIT_ERROR
    failing = any(f.severity is not Severity.INFO for r in results for f in r.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


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


def _fix_file(
    result: FileResult, kind: FileKind, context: CheckContext, settings: Settings, unsafe: bool
) -> FileResult:
    """Apply fixes until none is left (at most ten passes), then write atomically."""
    original = result.source
    source, findings, fixed = original, result.findings, 0
    for _ in range(MAX_FIX_PASSES):
        fixes = [f.fix for f in findings if _wanted(f, unsafe) and f.fix is not None]
        if not fixes:
            break
        outcome = apply_fixes(source, fixes)
        if not outcome.applied:
            break
        fixed += len(outcome.applied)
        _write_other_files(outcome.other_files)
        source = outcome.source
        findings = check_source(source, kind, context, settings)
    if source.encode() != original.encode() and source.path is not None:
        atomic_write(source.path, source.encode())
    return FileResult(source, findings, fixed)


def _write_other_files(edits_by_path: dict[Path, list[Edit]]) -> None:
    from authlint.core import git

    for path, edits in edits_by_path.items():
        if path.exists():
            target = SourceFile.read(path)
        elif any(e.create for e in edits):
            target = SourceFile(path, "")
        else:
            log.warning("skipping an edit to missing file %s", path)
            continue
        # Skip edits whose text is already there (two findings adding the same line).
        needed = [e for e in edits if not (e.new_text and e.new_text in target.text)]
        if needed:
            atomic_write(path, apply_edits(target, _dedupe(needed)).encode())
    git.clear_caches()


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
    """``authlint rule CODE`` / ``--all``: print rule documentation."""
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
        sys.stdout.write(f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n")
        sys.stdout.write(f"Severity: {rule.severity.value}. Applies to: ")
        sys.stdout.write(", ".join(sorted(k.value for k in rule.kinds)) + f".\nDocs: {rule.url}\n\n")
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



