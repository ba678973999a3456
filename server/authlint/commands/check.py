"""``authlint check``: read, check, optionally fix, then report (text, JSON, SARIF).

Never imports pygls or lsprotocol. The text report ends with the predicted
outcome of each launch context in use (README "What will happen").
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import logging
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.commands.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    UsageError,
    add_system_root,
    end_process,
    home_of,
    split_codes,
    system_root_arg,
)
from authlint.core.context import SHELLS, CheckContext, Platform
from authlint.core.facts import CODE_KINDS, DOCUMENT_KINDS, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.fixes import apply_edits, apply_fixes
from authlint.core.home import (
    claude_desktop_config,
    claude_transcripts,
    home_file_kind,
    home_files,
    tool_home_files,
)
from authlint.core.secrets import redact
from authlint.core.settings import Settings, find_pyproject, load_pyproject
from authlint.core.source import SourceFile, atomic_write, read_regular_file
from authlint.rules import selected_rules
from authlint.scanners import parses_code, read_source, scan
from authlint.scanners.cache import ascii_code_facts, model_reads_code, remember

if TYPE_CHECKING:
    import multiprocessing.connection
    import multiprocessing.pool
    import multiprocessing.process
    from multiprocessing.sharedctypes import Synchronized

    from authlint.core.environment import EnvironmentModel
    from authlint.output import FileResult
    from authlint.output.fingerprints import ReportPaths

    _Checked = list[tuple[FileResult | None, list[str]]]

log = logging.getLogger("authlint")

MAX_FIX_PASSES = 10


def add_arguments(check: argparse.ArgumentParser) -> None:
    """Add ``authlint check``'s arguments to ``check`` (its subparser)."""
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    check.add_argument(
        "-v", "--verbose", action="count", default=0, dest="check_verbose", help="log more"
    )
    home = check.add_mutually_exclusive_group()
    home.add_argument(
        "--home",
        type=Path,
        help="home folder whose profiles are checked too (default: $HOME); naming it also "
        "searches its Claude Code transcripts (~/.claude/projects, newest 256 MiB)",
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
        "--shell",
        choices=SHELLS,
        help="your login shell (default: $SHELL for your own home on this platform, else the "
        "home's profiles, else the platform's default)",
    )
    add_system_root(check)
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
    check.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="read and check files in N processes (default: one per CPU, up to 8, from "
        f"{PARALLEL_FILES:,} files on Linux; 1: one process; --fix checks in one)",
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
    accepted = check.add_mutually_exclusive_group()
    accepted.add_argument(
        "--baseline", type=Path, metavar="FILE", help="report only findings not recorded in FILE"
    )
    accepted.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding in FILE (masked) and report none of them",
    )


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
    select = split_codes(args.select)
    extend = split_codes(args.extend_select) or ()
    settings = settings.merged(
        select=(*(select or settings.select), *extend),
        ignore=(*settings.ignore, *(split_codes(args.ignore) or ())),
        exclude=(*settings.exclude, *(args.exclude or ())),
    )
    _warn_unknown_selectors(settings)
    return settings


def _warn_unknown_selectors(settings: Settings) -> None:
    """Warn about selectors that match no rule (a typo would otherwise hide everything)."""
    for selector in dict.fromkeys((*settings.select, *settings.ignore, *settings.severity)):
        if selector.upper() != "ALL" and not selected_rules((selector,), ()):
            log.warning("%r matches no rule (see `authlint rule --all`)", selector)


def _targets(
    args: argparse.Namespace, settings: Settings, platform: Platform, home: Path | None
) -> Iterator[tuple[Path, FileKind]]:
    """The files to check: the paths' files in walk order, then the home profiles.

    Found as they are yielded. What a walk skips (a folder this user cannot
    list, a FIFO, device or socket with a known name, a link loop) is a
    warning on stderr and does not change the exit status; a named path is
    always read, so reading it reports what is wrong (exit 2). Raises
    :class:`UsageError` for a named path that does not exist.
    """
    from authlint.discovery import discover
    from authlint.scanners import kind_from_name

    def skipped(path: Path, reason: str) -> None:
        sys.stderr.write(f"authlint: warning: skipping {redact(str(path))}: {reason}\n")

    seen: set[str] = set()  # real paths
    try:
        for target in discover(
            args.paths or [Path(".")],
            settings.exclude,
            guess_unknown=not args.only_known_names,
            on_skip=skipped,
        ):
            seen.add(target.real)
            yield target.path, target.kind
    except FileNotFoundError as error:
        raise UsageError(f"no such file or folder: {error}") from error
    if home is None:
        return
    for path in [*home_files(home, platform), *tool_home_files(home)]:
        kind = kind_from_name(path) or home_file_kind(path, home)
        if kind is not None and os.path.realpath(path) not in seen:
            seen.add(os.path.realpath(path))
            yield path, kind
    desktop = claude_desktop_config(home, platform)
    if os.path.isfile(desktop) and os.path.realpath(desktop) not in seen:
        yield desktop, FileKind.MCP_CONFIG  # its MCP servers' env blocks
    if getattr(args, "home", None) is not None:
        # Transcripts only when --home names the folder: they are many and large.
        for path in claude_transcripts(home):
            if os.path.realpath(path) not in seen:
                yield path, FileKind.CLAUDE_TRANSCRIPT


def run(args: argparse.Namespace) -> int:
    """``authlint check``: read, check, optionally fix, report; return the exit status."""
    if args.unsafe_fixes and not args.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    thresholds = gc.get_threshold()
    # A run keeps what the model reads until its end and makes many small objects per file:
    # with the default thresholds the cyclic collector walks the kept ones again and again
    # (about a tenth of a large run). Collected less often, garbage cycles still go; reference
    # counting frees everything else at once, so memory stays flat.
    gc.set_threshold(_GC_YOUNGEST, *thresholds[1:])
    try:
        return _run(args)
    except ProcessLost as lost:
        return _lost(args, lost)
    finally:
        gc.set_threshold(*thresholds)


def _lost(args: argparse.Namespace, lost: ProcessLost) -> int:
    """Report a first-pass process that ended mid-run (exit 2), and end the other processes.

    The program ends here (:func:`end_process`), its processes killed: the
    pool cannot be ended cleanly. A caller of :func:`authlint.cli.main` in its
    own process gets 2 back, and that pool may hold up the end of its
    interpreter.
    """
    import multiprocessing

    sys.stderr.write(f"authlint: internal error: {lost}; run again, or with --jobs 1\n")
    sys.stderr.flush()
    if getattr(args, "end_process", False):  # the program: every child is the run's
        for child in multiprocessing.active_children():
            child.kill()
    return end_process(args, EXIT_ERROR)


_GC_YOUNGEST = 100_000  # allocations between collections of the youngest generation (700)


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    platform = Platform(args.platform) if args.platform else Platform.current()
    home = home_of(args)
    found = _targets(args, settings, platform, home)
    # Memory stays flat in the tree's size: the first pass keeps only what the environment
    # model reads (configuration files, code that mentions dotenv or an SDK); other code is
    # read again, scanned and checked one file at a time in the second pass, and a file
    # leaves nothing behind unless it has findings (or fixes) to report.
    first: list[_First] = []  # each target's first pass, in walk order
    # What the first pass scanned: kept to the end, as the rules ask for these files again
    # (see remember).
    read: dict[Path, ScannedFile] = {}
    unrelated: set[str] = set()  # code the model need not read again (see model_reads_code)
    errors = 0
    project = _ProjectCode(args.paths or [Path(".")])

    # In several processes, this one imports the rules (the second pass's processes inherit
    # them) and walks the project's code for the model while the others sort.
    def meanwhile() -> None:
        selected_rules(settings.select, settings.ignore)
        project.prepare()

    targets, runs = _first_pass(found, args, meanwhile)
    verbose = log.isEnabledFor(logging.INFO)
    for sorts, others, code in runs:
        start = len(first)
        # Code and documents left to the second pass keep their sort; the others are done here.
        first.extend(sort if isinstance(sort, _Sort) else None for sort in sorts)
        unrelated.update(code)
        for position in range(len(sorts)) if verbose else others:
            path, kind = targets[start + position]
            log.info("checking %s as %s", path, kind.value)
            sort = sorts[position]
            if sort is _Sort.UNRELATED or sort is _Sort.UNPARSED:
                continue
            done = first[start + position] = _first_scan(path, kind, sort)
            if isinstance(done, ScannedFile):
                read[path] = done
            elif done is None:
                errors += 1
            elif kind in CODE_KINDS:  # sorted here: read again in the second pass
                unrelated.add(os.path.join(os.getcwd(), path))
    model = _environment_model(args, platform, home, read, unrelated, project)
    for path, sourced in _sourced_files(model, read).items():
        targets.append((path, sourced.kind))
        first.append(sourced)
    context = CheckContext(
        platform=platform, home=home, environ=dict(os.environ), environment=model
    )
    args.outcomes = _outcome_lines(model)
    results: list[FileResult] = []
    pass2 = _SecondPass(targets, first, context, settings)
    if not args.fix:
        jobs = _jobs(args, len(first))
        # In several processes, each checking runs of files, reported in walk order.
        each = _in_processes(pass2, jobs) if jobs > 1 else map(pass2.check, range(len(first)))
        for result, problems in each:
            for message in problems:
                sys.stderr.write(message)
            errors += len(problems)
            if result is not None:
                results.append(result)
    if args.fix:
        from authlint.engine import check_scanned
        from authlint.output import FileResult
    for index in range(len(first)) if args.fix else []:
        file, first[index] = first[index], None
        if file is None:  # could not be read in the first pass (reported then)
            continue
        path = targets[index][0]
        try:
            file = file if isinstance(file, ScannedFile) else pass2.read(index)
            checked = FileResult.of_scan(file, check_scanned(file, context, settings))
            result, written = _fix_file(checked, file.kind, context, settings, args)
            errors += not written
        except OSError as error:  # gone or changed since the first pass
            _cannot_read(path, error)
            errors += 1
            continue
        except Exception as error:  # noqa: BLE001 - report the file, check the others
            _internal_error(path, error)
            errors += 1
            continue
        if result.findings or result.fixed:
            results.append(result)
    results = _baseline(results, args)
    sys.stdout.write(_render(results, args))
    failing = any(f.severity is not Severity.INFO for r in results for f in r.findings)
    status = EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN
    # As a program, the process ends here: what this run holds is not freed first.
    return end_process(args, EXIT_ERROR if errors else status)


def _first_scan(path: Path, kind: FileKind, sort: _FirstSort) -> _First:
    """A target's first pass done here, from what :func:`_sort_chunk` gave for it.

    ``sort``: a scan pickled by another process, the source read, the line
    for stderr when it could not be read, or :data:`_Sort.MODEL_READS` (read
    and sort it here). Gives the scan of what the model reads, the sort of a
    file left to the second pass, or ``None`` when the file could not be read
    or scanned (written to stderr: an error of the run).
    """
    if sort is _Sort.MODEL_READS and (kind in CODE_KINDS or kind in DOCUMENT_KINDS):
        sort = _sort_file((path, kind))  # left here by another process: sorted as in one
    if isinstance(sort, _Sort) and sort is not _Sort.MODEL_READS:
        return sort  # read again in the second pass
    if isinstance(sort, SourceFile) or sort is _Sort.MODEL_READS:
        source = sort if isinstance(sort, SourceFile) else None
        sort = _read_or_scan((path, kind), source, send=False)
    if isinstance(sort, str):  # the file could not be read, sorted or scanned
        sys.stderr.write(sort)
        return None
    if isinstance(sort, bytes):  # scanned by another process
        sort = pickle.loads(sort)  # noqa: S301 - pickled by our own fork
    assert isinstance(sort, ScannedFile)  # noqa: S101 - what is left of a sort once scanned
    remember(sort)  # the rules and the model read it again by absolute path
    return sort


def _cannot_read(path: Path, error: OSError) -> None:
    sys.stderr.write(_cannot_read_message(path, error))


def _cannot_read_message(path: Path | str, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"authlint: cannot read {redact(str(path))}: {reason}\n"


def _internal_error(path: Path, error: Exception) -> None:
    sys.stderr.write(_internal_error_message(path, error))


def _internal_error_message(path: Path | str, error: Exception) -> str:
    log.debug("internal error on %s", path, exc_info=True)
    message = redact(f"{type(error).__name__}: {error}")
    return f"authlint: internal error on {redact(str(path))}: {message}\n"


class _Sort(Enum):
    """How the first pass treats a file (:func:`_sort_file`)."""

    MODEL_READS = "model reads"  # scanned in the first pass: the environment model reads it
    UNRELATED = "unrelated"  # code or document the model need not read: read in the second pass
    UNPARSED = "unparsed"  # code without a trigger word (see parses_code)


def _sort_file(target: tuple[Path | str, FileKind]) -> _Sort | SourceFile | str:
    """How the first pass treats ``target``; code and documents are read to tell.

    Returns a :class:`_Sort`, the code or document the model reads (its
    source, read), or the line for stderr when it could not be read or
    sorted (an error of the run). The path may be given as text (another
    process's target): most code is sorted without a :class:`Path` made.
    """
    path, kind = target
    if kind not in CODE_KINDS and kind not in DOCUMENT_KINDS:
        return _Sort.MODEL_READS
    try:
        if kind is FileKind.CLAUDE_TRANSCRIPT:
            source = read_source(Path(path), kind)
        else:
            data = read_regular_file(path)  # what read_source reads for the other kinds
            if data.isascii():  # most code: its text is its bytes, sorted without decoding
                model_reads, triggered = ascii_code_facts(data)
                if model_reads:
                    return SourceFile.from_bytes(data, Path(path))
                if kind in CODE_KINDS and not triggered:  # what parses_code says
                    return _Sort.UNPARSED
                return _Sort.UNRELATED
            source = SourceFile.from_bytes(data, Path(path))
        if model_reads_code(source.text):
            return source
        if kind in CODE_KINDS and not parses_code(kind, source.text):
            return _Sort.UNPARSED
        return _Sort.UNRELATED
    except OSError as error:  # unreadable, not a regular file, over 10 MiB
        return _cannot_read_message(path, error)
    except Exception as error:  # noqa: BLE001 - report the file, check the others
        return _internal_error_message(path, error)


# Kinds the first pass scans in its own process even when others read the files: a `.env`
# file's scan takes longer to send between processes than to make (its text is sent).
_SCANNED_HERE = frozenset({FileKind.DOTENV})


_Target = tuple[Path, FileKind]
_FirstSort = _Sort | SourceFile | ScannedFile | bytes | str
_First = ScannedFile | _Sort | None
"""A target after the first pass: its scan, its sort (read again in the second pass) or
``None`` (it could not be read: nothing to check)."""
_Run = tuple[list[_FirstSort], list[int], list[str]]
"""A run of targets sorted (:func:`_sort_chunk`): each one's sort, the positions of those that
are not code or documents left to the second pass, and the absolute paths of the code files
left (as :meth:`pathlib.Path.absolute` spells them)."""


def _sort_chunk(targets: Sequence[tuple[Path | str, FileKind]], sent: bool) -> _Run:
    """Sort ``targets`` for the first pass (:data:`_Run`).

    Each one's sort is what :func:`_sort_file` gives, or, when the run is
    ``sent`` from another process, what :func:`_read_or_scan` gives for what
    the model reads: its scan, pickled, its source (the kinds in
    :data:`_SCANNED_HERE`) or the line for stderr. A sent Claude Code
    transcript (large: it is not read there), or code whose scan cannot be
    pickled, is left to the first process whole (:data:`_Sort.MODEL_READS`),
    which sorts it as one process would.
    """
    sorts: list[_FirstSort] = []
    others: list[int] = []
    code: list[str] = []
    cwd = os.getcwd()
    for position, target in enumerate(targets):
        sort: _FirstSort
        if sent and target[1] is FileKind.CLAUDE_TRANSCRIPT:
            sort = _Sort.MODEL_READS  # not read here: the first process sorts it
        else:
            sort = _sort_file(target)
            if sent and (sort is _Sort.MODEL_READS or isinstance(sort, SourceFile)):
                source = sort if isinstance(sort, SourceFile) else None
                sort = _read_or_scan((Path(target[0]), target[1]), source)
        if sort is _Sort.UNRELATED or sort is _Sort.UNPARSED:
            if target[1] in CODE_KINDS:
                code.append(os.path.join(cwd, target[0]))
        else:
            others.append(position)
        sorts.append(sort)
    return sorts, others, code


def _sort_run(sent: list[tuple[str, FileKind]]) -> _Run:
    """In a forked process: :func:`_sort_chunk` for targets sent with their paths as text."""
    return _sort_chunk(sent, sent=True)


def _read_or_scan(
    target: tuple[Path, FileKind], source: SourceFile | None, *, send: bool = True
) -> _FirstSort:
    """``target`` scanned, pickled to ``send`` (or, sent, read only: :data:`_SCANNED_HERE`).

    ``source``: the file, read already. Gives the line for stderr when
    reading or scanning failed, and :data:`_Sort.MODEL_READS` for a scan that
    cannot be pickled (the first process reads and scans it again).
    """
    path, kind = target
    try:
        source = source or read_source(path, kind)
        if send and kind in _SCANNED_HERE:
            return source
        found = scan(source, kind)
    except OSError as error:  # unreadable, not a regular file, over 10 MiB
        return _cannot_read_message(path, error)
    except Exception as error:  # noqa: BLE001 - report the file, check the others
        return _internal_error_message(path, error)
    if not send:
        return found
    try:
        return pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a scanner kept something that cannot be sent
        log.debug("scan of %s cannot be pickled", path, exc_info=True)
        return _Sort.MODEL_READS


def _first_pass(
    found: Iterator[_Target], args: argparse.Namespace, meanwhile: Callable[[], object]
) -> tuple[list[_Target], Iterator[_Run]]:
    """The targets ``found`` gives, and runs of them sorted for the first pass, in walk order.

    Gives the list of targets (complete once the first run is taken) and the
    runs (:data:`_Run`) of consecutive targets: sorted in this process, or,
    from :data:`PARALLEL_FILES` targets on Linux, in others
    (:func:`_sort_in_processes`). Raises what finding the targets raises,
    before any run is given.
    """
    targets = list(itertools.islice(found, PARALLEL_FILES))
    jobs = _jobs(args, len(targets))
    if jobs <= 1:
        targets.extend(found)
        runs = (
            _sort_chunk(targets[i : i + _SORT_RUN], sent=False)
            for i in range(0, len(targets), _SORT_RUN)
        )
        return targets, runs
    return targets, _sort_in_processes(targets, found, jobs, meanwhile)


def _sort_in_processes(
    targets: list[_Target], found: Iterator[_Target], jobs: int, meanwhile: Callable[[], object]
) -> Iterator[_Run]:
    """Runs of targets sorted for the first pass in ``jobs`` forked processes, in walk order.

    ``targets``: those found so far, to which this appends the rest of
    ``found``. The processes sort what the walk has found while it goes on,
    in runs of :data:`_SORT_RUN` consecutive targets (:func:`_sort_run`):
    they read every file and scan what the model reads, except the kinds in
    :data:`_SCANNED_HERE` (this process scans those). Once the walk has
    ended, ``meanwhile`` is called, then the runs are given. Raises what the
    walk raises, before any run is given. However it ends (the walk fails,
    the caller stops early, Ctrl-C), no run is handed out after that and the
    processes end once they have sorted what they hold (:meth:`_Sorters.end`).
    Raises :class:`ProcessLost` when one of them ended in the middle of the
    run, instead of waiting for it for ever.
    """
    more = threading.Condition()  # told of each run found, and of the walk's end
    walked = False
    stopped = False  # no run is handed out any more

    def runs() -> Iterator[list[tuple[str, FileKind]]]:
        # In the pool's task thread: hands each run to the processes as soon as it is found.
        start = 0
        while True:
            with more:
                while not walked and len(targets) - start < _SORT_RUN:
                    more.wait()
                stop = start if stopped else min(len(targets), start + _SORT_RUN)
            if stop == start:
                return
            yield [(str(p), k) for p, k in targets[start:stop]]
            start = stop

    def end_walk(*, stop: bool) -> None:
        nonlocal walked, stopped
        with more:
            walked, stopped = True, stopped or stop
            more.notify()

    import multiprocessing

    sorters = _Sorters.start(jobs)
    pool = sorters.pool
    ended = False
    try:
        results = pool.imap(_sort_run, runs())
        try:
            for target in found:
                targets.append(target)
                if len(targets) % _SORT_RUN == 0:
                    with more:
                        more.notify()
        except BaseException:
            end_walk(stop=True)
            raise
        end_walk(stop=False)
        meanwhile()
        while True:
            try:
                run = results.next(timeout=_WATCH)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                sorters.check_alive()
                continue
            yield run
        ended = True
    finally:
        end_walk(stop=not ended)
        try:
            sorters.end()
        finally:
            gc.unfreeze()


_WATCH = 1.0  # seconds without a run sorted after which the processes are looked at


class ProcessLost(Exception):
    """A process of the first pass ended in the middle of the run (killed from outside).

    Its pool cannot be ended (it waits for that process's results, or on a
    lock it held, for ever): the program reports it and ends (exit 2).
    """


_SORT_RUN = 256  # targets a process of the first pass sorts at a time


def _runs(count: int, jobs: int) -> list[tuple[int, int]]:
    """``count`` items in runs of consecutive indexes (start, stop) for ``jobs`` processes."""
    size = max(1, min(256, count // (jobs * 8) or 1))
    return [(i, min(i + size, count)) for i in range(0, count, size)]


@dataclass
class _Sorters:
    """The first pass's pool of forked processes, and what tells whether one was lost.

    They see this process as it was when they started; the objects it had
    then are frozen first, so their garbage collector leaves them (and
    their memory pages) alone: the caller unfreezes them once the processes
    are done (:meth:`start` does when they cannot start, or Ctrl-C comes as
    they do). They run at a lower scheduling priority (:data:`_NICER`):
    this process's own work (the walk that feeds them, the environment
    model) is what the run waits for, and there are as many of them as
    CPUs. They ignore Ctrl-C (:func:`_start_sorting`).
    """

    pool: multiprocessing.pool.Pool
    jobs: int
    workers: list[multiprocessing.process.BaseProcess]  # those started with the pool
    started: Synchronized[int]  # processes that began sorting, counting replacements

    @classmethod
    def start(cls, jobs: int) -> _Sorters:
        """Fork ``jobs`` processes (raises what forking raises)."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        started = context.Value("i", 0)
        before = set(multiprocessing.active_children())
        gc.freeze()
        pool = None
        try:
            with _interrupts_held():  # also for the pool's threads, which may fork again
                pool = context.Pool(
                    jobs, initializer=_start_sorting, initargs=(os.getpid(), started)
                )
        except BaseException:  # Ctrl-C meanwhile arrives once the pool is there: it ends
            if pool is not None:
                pool.close()
                pool.join()
            gc.unfreeze()
            raise
        workers = [p for p in multiprocessing.active_children() if p not in before]
        return cls(pool, jobs, workers, started)

    def check_alive(self) -> None:
        """Raise :class:`ProcessLost` when one of the processes has ended.

        They end only when told to, once the pool is closed. One that ended
        before this looked (the pool has started another in its place) is
        told by the count of those that began.
        """
        ended = [w.exitcode for w in self.workers if w.exitcode is not None]
        if not ended and self.started.value <= self.jobs:
            return
        lost = "a process reading files ended in the middle of the run"
        if ended:
            status = ended[0]
            how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
            lost = f"{lost} ({how})"
        raise ProcessLost(lost)

    def end(self) -> None:
        """Let the processes finish the runs handed to them, then end them and wait.

        Never ends them in the middle of a run (``Pool.terminate``) unless this
        wait is interrupted: a process ended while it sends its results can
        leave a lock held that ``terminate`` then waits on for ever
        (https://github.com/python/cpython/issues/96995). What is left is at
        most the runs the pipe to the processes holds. Raises
        :class:`ProcessLost`, without waiting, when one of them has ended already.
        """
        self.check_alive()
        try:
            self.pool.close()
            self.pool.join()
        except BaseException:  # interrupted again: end them now
            self.pool.terminate()
            raise


_NICER = 10  # added to the niceness of the first pass's forked processes


def _start_sorting(parent: int, started: Synchronized[int]) -> None:
    """In a forked process of the first pass: yield the CPU to the first process when both want it.

    Ctrl-C is left to the first process (:func:`_ignore_interrupts`), the
    process ends with the thread of ``parent`` (a process id) that started
    it (:func:`_end_with_parent`), and it is counted in ``started``.
    """
    _ignore_interrupts()
    _end_with_parent(parent)
    with started.get_lock():
        started.value += 1
    try:
        os.nice(_NICER)
    except OSError:  # pragma: no cover - raising one's own niceness is always allowed
        log.debug("could not lower this process's priority", exc_info=True)


def _ignore_interrupts() -> None:
    """In a forked process: ignore SIGINT, which Ctrl-C sends to every process of the terminal.

    The first process stops the others (they would each print a traceback,
    and a process of the first pass that stops in the middle of a run would
    leave the pool waiting for its results for ever). Forked with SIGINT held
    back (:func:`_interrupts_held`), the process lets it through once it is
    ignored: one sent meanwhile is dropped.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _end_with_parent(parent: int) -> None:
    """In a process forked by ``parent``: be killed (SIGKILL) when the thread that forked it ends.

    Linux's ``PR_SET_PDEATHSIG`` (https://man7.org/linux/man-pages/man2/prctl.2.html):
    a process of the first pass waiting on a lock a killed one held would
    otherwise outlive the run. Does nothing where that call is missing.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (AttributeError, OSError):  # pragma: no cover - Linux has it
        return
    if os.getppid() != parent:  # the parent ended before the call: end now
        os._exit(1)


_PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT held back from this thread (and the processes and threads it starts) meanwhile.

    A forked process starts with it held and ignores it (:func:`_ignore_interrupts`)
    before it can arrive; here it arrives when this ends.
    """
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


# Files in the second pass from which checking them in several processes pays for starting
# those processes (about 0.15 ms of work per file, against tens of milliseconds to start).
PARALLEL_FILES = 1000


@dataclass
class _SecondPass:
    """What the second pass checks: the targets in walk order, each after the first pass.

    Shared with the processes of :func:`_in_processes` by ``fork``: each sees
    this object as it was when they started.
    """

    targets: list[_Target]
    first: list[_First]  # by target: a sort is read again; None: nothing to check
    context: CheckContext
    settings: Settings
    # The engine's, imported once the first pass's processes have started (they need none).
    _check: Callable[[ScannedFile, CheckContext, Settings], list[Finding]] = field(init=False)
    _may_report: Callable[[Path, FileKind, CheckContext, Settings], bool] = field(init=False)
    _result: Callable[[ScannedFile, list[Finding]], FileResult] = field(init=False)

    def __post_init__(self) -> None:
        from authlint.engine import check_scanned, may_report_in_unparsed_code
        from authlint.output import FileResult

        self._check, self._may_report = check_scanned, may_report_in_unparsed_code
        self._result = FileResult.of_scan

    def read(self, index: int) -> ScannedFile:
        """Read and scan target ``index`` again (raises what reading raises)."""
        path, kind = self.targets[index]
        return scan(read_source(path, kind), kind)

    def check(self, index: int) -> tuple[FileResult | None, list[str]]:
        """Check target ``index``: its result (``None``: nothing to report) and lines for stderr.

        Each stderr line is an error of the run (exit 2): a file gone or
        changed since the first pass, or an internal error. What the first
        pass left of it is dropped.
        """
        file, self.first[index] = self.first[index], None
        if file is None:
            return None, []  # could not be read in the first pass (reported then)
        path, kind = self.targets[index]
        try:
            if file is _Sort.UNPARSED and not self._may_report(
                path, kind, self.context, self.settings
            ):
                return None, []  # no facts, and no other file's facts point here
            file = file if isinstance(file, ScannedFile) else self.read(index)
            findings = self._check(file, self.context, self.settings)
        except OSError as error:  # gone or changed since the first pass
            return None, [_cannot_read_message(path, error)]
        except Exception as error:  # noqa: BLE001 - report the file, check the others
            return None, [_internal_error_message(path, error)]
        return (self._result(file, findings) if findings else None), []


_SHARED: _SecondPass | None = None  # the second pass a forked process works on


def _check_run(bounds: tuple[int, int]) -> _Checked:
    """Check the targets ``bounds`` gives of the shared second pass (:data:`_SHARED`).

    Gives only what is to report: a result, or lines for stderr.
    """
    work = _SHARED
    assert work is not None  # noqa: S101 - set before the processes start
    checked = (work.check(index) for index in range(*bounds))
    return [(result, problems) for result, problems in checked if result is not None or problems]


class _Runs:
    """Runs of targets shared out between processes, made before the others are forked.

    One process takes them from the front, the others from the back, until
    they meet.
    """

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        import multiprocessing

        self.bounds = bounds
        self._ends = multiprocessing.get_context("fork").RawArray("l", [0, len(bounds)])
        self._lock = multiprocessing.get_context("fork").Lock()

    def take(self, front: bool) -> int | None:
        """The index of the next run from the front or the back; ``None`` when none is left."""
        with self._lock:
            start, stop = self._ends[0], self._ends[1]
            if start >= stop:
                return None
            if front:
                self._ends[0] = start + 1
                return int(start)
            self._ends[1] = stop - 1
            return int(stop - 1)

    def taken_from_back(self) -> range:
        """The indexes of the runs taken from the back (all of them once none is left)."""
        return range(self._ends[1], len(self.bounds))


def _check_from_back(runs: _Runs, send: multiprocessing.connection.Connection) -> None:
    """In a forked process: check runs taken from the back, sending each as (index, checked)."""
    _ignore_interrupts()
    try:
        while (index := runs.take(front=False)) is not None:
            send.send((index, _check_run(runs.bounds[index])))
    finally:
        send.close()


def _in_processes(work: _SecondPass, jobs: int) -> Iterator[tuple[FileResult | None, list[str]]]:
    """Check ``work``'s targets here and in ``jobs - 1`` forked processes; yield what to report.

    In walk order. Runs of consecutive targets keep a folder's files together,
    so the ``.env`` they all read is scanned once per process. This process
    checks runs from the front, yielding as it goes (it needs no copy of
    anything), the others from the back (:class:`_Runs`); a run another
    process did not send (it ended early) is checked here.
    """
    import multiprocessing

    global _SHARED
    runs = _Runs(_runs(len(work.first), jobs))
    context = multiprocessing.get_context("fork")
    others: dict[int, _Checked] = {}
    receivers: list[multiprocessing.connection.Connection] = []
    processes: list[multiprocessing.process.BaseProcess] = []
    _SHARED = work
    gc.freeze()  # the forked processes' collector leaves what they inherit alone
    try:
        for _ in range(jobs - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_check_from_back, args=(runs, send), daemon=True)
            with _interrupts_held():  # Ctrl-C meanwhile arrives once it is in the list
                process.start()
                processes.append(process)
            send.close()
            receivers.append(receive)
        while (index := runs.take(front=True)) is not None:
            yield from _check_run(runs.bounds[index])
            _receive(receivers, others, wait=False)  # so no process waits on a full pipe
        _receive(receivers, others, wait=True)
        for index in runs.taken_from_back():
            yield from others.pop(index) if index in others else _check_run(runs.bounds[index])
    except BaseException:  # interrupted, or the caller stopped early: the others stop too
        for running in processes:
            running.terminate()
        raise
    finally:
        for done in processes:
            done.join()
        _SHARED = None
        gc.unfreeze()
    work.first.clear()


def _receive(
    receivers: list[multiprocessing.connection.Connection],
    into: dict[int, _Checked],
    *,
    wait: bool,
) -> None:
    """Take the runs the other processes sent, into ``into`` by index.

    ``wait``: until every process has closed its end; else only what is
    there now. A receiver whose process is done is closed and dropped.
    """
    for receive in list(receivers):
        try:
            while wait or receive.poll():
                index, checked = receive.recv()
                into[index] = checked
        except (EOFError, OSError):  # the process is done (or ended early)
            receive.close()
            receivers.remove(receive)


def _jobs(args: argparse.Namespace, files: int) -> int:
    """How many processes read and check (``--jobs``, else by size and CPUs).

    The first pass forks that many, which read every file and scan what the
    model reads while this process walks; the second pass checks in this
    process and that many less one forked. The second pass uses one with
    ``--fix`` (fixes are written one file at a time). One where ``fork`` is
    not the way processes start (macOS, Windows), and below
    :data:`PARALLEL_FILES` files unless ``--jobs`` asks.
    """
    if sys.platform != "linux":
        return 1
    asked: int | None = args.jobs
    if asked is not None:
        return max(1, min(asked, files))
    if files < PARALLEL_FILES:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


@dataclass
class _ProjectCode:
    """The project the checked paths belong to, and its code files as the model walks them.

    Worked out once, on the first call of :meth:`get` (which raises what
    finding them raises, on every call).
    """

    paths: list[Path]
    found: tuple[Path, list[Path]] | None = None

    def get(self) -> tuple[Path, list[Path]]:
        """The project folder and its code files (:func:`authlint.model.code_files`)."""
        if self.found is None:
            from authlint.model import code_files, project_folder_of

            root = project_folder_of(self.paths)
            self.found = (root, code_files(root))
        return self.found

    def prepare(self) -> None:
        """Work them out now if they can be (a failure is left to :meth:`get`)."""
        try:
            self.get()
        except Exception:  # noqa: BLE001 - raised again where the model is built
            log.debug("the project's code files could not be listed yet", exc_info=True)


def _environment_model(
    args: argparse.Namespace,
    platform: Platform,
    home: Path | None,
    scanned: dict[Path, ScannedFile],
    unrelated: set[str],
    project: _ProjectCode,
) -> EnvironmentModel | None:
    """The cross-file model of the checked project and home (``None`` if it cannot be built).

    ``unrelated``: the absolute paths of code files already read that mention
    neither dotenv nor Anthropic; the model's walk of the project's code does
    not read them again (it would find nothing in them).
    """
    cwd = os.getcwd()
    try:
        root, code = project.get()
        from authlint.model import build_model

        return build_model(
            root,
            home,
            platform,
            shell=args.shell,
            environ=os.environ,
            scanned=scanned,
            code_files=[p for p in code if os.path.join(cwd, p) not in unrelated],
            system_root=system_root_arg(args),
        )
    except Exception:  # noqa: BLE001 - the per-file rules still run without the model
        log.warning("the environment model could not be built", exc_info=True)
        return None


def _sourced_files(
    model: EnvironmentModel | None, scanned: dict[Path, ScannedFile]
) -> dict[Path, ScannedFile]:
    """The files the profiles source (``~/.bashrc.d/*.sh``…), checked with their includers.

    Only files in the home folder or the project: system files are the
    administrator's, not the user's to fix.
    """
    if model is None:
        return {}
    workspace = model.workspace
    checked: set[str] | None = None  # real paths, worked out when a sourced file is inside
    found: dict[Path, ScannedFile] = {}
    for path in workspace.sourced_from:
        inside = any(
            folder is not None and path.is_relative_to(folder)
            for folder in (workspace.home, workspace.root)
        )
        if inside and checked is None:
            checked = {os.path.realpath(p) for p in scanned}
        if inside and checked is not None and os.path.realpath(path) not in checked:
            found[path] = workspace.files[path]
            checked.add(os.path.realpath(path))
    return found


def _outcome_lines(model: EnvironmentModel | None) -> list[str]:
    """``claude: 401 ← ~/.zshrc:28 (…)`` for each launch context in use, failures first."""
    if model is None:
        return []
    from authlint.outcome import outcomes
    from authlint.outcome.render import outcome_line

    found = sorted((o for o in outcomes(model) if o.in_use), key=lambda o: not o.fails)
    return [outcome_line(o, model.workspace) for o in found]


def _render(results: list[FileResult], args: argparse.Namespace) -> str:
    cwd = Path.cwd()
    if args.output_format == "json":
        from authlint.output import json_format

        return json_format.render(results, cwd)
    if args.output_format == "sarif":
        from authlint.output import sarif_format

        paths, prints = getattr(args, "report", None) or (_report_paths(args), None)
        return sarif_format.render(results, cwd, paths=paths, prints=prints)
    from authlint.output import text_format

    return text_format.render(
        results, cwd, show_source=not args.no_source, outcomes=getattr(args, "outcomes", ())
    )


def _report_paths(args: argparse.Namespace) -> ReportPaths:
    """The report root of the checked paths and the home folder checked (SARIF, baseline)."""
    from authlint.output.fingerprints import ReportPaths, report_root

    home = home_of(args)
    return ReportPaths(
        report_root(args.paths, Path.cwd()), Path(os.path.abspath(home)) if home else None
    )


def _baseline(results: list[FileResult], args: argparse.Namespace) -> list[FileResult]:
    """Apply ``--write-baseline`` / ``--baseline``: the findings left to report.

    ``--write-baseline FILE`` records every finding in ``FILE`` (then none is
    reported); ``--baseline FILE`` drops the findings it records. Both keep
    the report paths and fingerprints on ``args.report`` so the SARIF output
    uses the same ones. Raises :class:`UsageError` for a baseline that cannot
    be read or written.
    """
    if args.baseline is None and args.write_baseline is None:
        return results
    from authlint import baseline
    from authlint.output.fingerprints import fingerprints

    paths = _report_paths(args)
    prints = fingerprints(results, paths)
    args.report = (paths, prints)
    if args.write_baseline is not None:
        try:
            count = baseline.write(args.write_baseline, results, paths, prints)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"cannot write {args.write_baseline}: {reason}") from error
        where = redact(str(args.write_baseline))
        sys.stderr.write(f"authlint: recorded {count} findings in {where}\n")
        accepted = frozenset((f.code, prints[id(f)]) for r in results for f in r.findings)
    else:
        try:
            accepted = baseline.load(args.baseline)
        except baseline.BaselineError as error:
            raise UsageError(str(error)) from error
    kept, dropped = baseline.new_findings(results, accepted, prints)
    log.info("%d findings are in the baseline", dropped)
    return kept


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
    from authlint.engine import check_source
    from authlint.output import FileResult

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
        source = _as_next_run_reads(outcome.source)
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


def _as_next_run_reads(source: SourceFile) -> SourceFile:
    """``source`` decoded from the bytes it will be written as, as the next run reads it.

    A file read as Latin-1 (not valid UTF-8) can become valid UTF-8 once a fix
    removes its stray byte; its text then changes meaning (``ï»¿`` is a BOM
    again), so the next pass checks that text and a second ``--fix`` finds
    nothing left. The bytes written are the same either way.
    """
    if source.encoding != "latin-1":
        return source
    try:
        data = source.encode()
    except UnicodeError:  # a fix wrote what Latin-1 cannot hold: the write reports it
        return source
    decoded = SourceFile.from_bytes(data, source.path)
    return replace(decoded, origin=source.origin)


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
