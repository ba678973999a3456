"""Where a report says a file is, and a finding's fingerprint, shared by SARIF and the baseline.

Paths are written relative to the *report root*
(:func:`report_root`: the git work tree holding the checked paths; without
git, the working folder, or the checked folder when run from outside it), so
a report or baseline made from another folder of a repository names the same
files the same way. Files in the home folder that are not below the root
are written ``~/…``; any other file keeps its absolute path.

A fingerprint identifies a finding across runs while lines move
(``"<32 hex digits>:<n>"``): the SHA-256 of :data:`FINGERPRINT_KEY`, the
rule code, the file's report path, the start line of the finding *as shown
masked* (every credential value masked as in the text format, whitespace
runs collapsed) and the finding's masked text on that line; ``n`` counts
(from 1, in file order) findings of the file with the same hash. The line
number is not hashed, so adding or removing other lines keeps it; editing
the line (a new key, whose masked form keeps its last four characters) gives
a new one. No secret is hashed: only what the masked report shows.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from authlint.core.findings import Finding
from authlint.core.secrets import printable, redact
from authlint.output import FileResult

#: The ``partialFingerprints`` key; bump the suffix only if the algorithm changes
#: (every existing alert and baseline entry would be new once).
FINGERPRINT_KEY = "authlint/v1"


def report_root(paths: Sequence[Path], cwd: Path) -> Path:
    """The folder report paths are relative to (absolute; see the module docstring).

    ``paths`` are the checked paths as given (relative to ``cwd``; none means
    ``cwd``). Their deepest common folder is the start: the git work tree
    holding it; without one, ``cwd`` when the folder is below it, else the
    folder itself. Never raises.
    """
    from authlint.core import git

    base = Path(os.path.abspath(cwd))
    folders = []
    for given in paths or [base]:
        path = Path(os.path.abspath(base / given))
        folders.append(path if os.path.isdir(path) else path.parent)
    try:
        common = Path(os.path.commonpath(folders))
    except ValueError:  # Windows: folders on different drives
        common = folders[0]
    repository = git.repository_root(common)
    if repository is not None:
        return repository
    return base if common.is_relative_to(base) else common


@dataclass(frozen=True)
class ReportPaths:
    """How a report writes file paths: relative to ``root``, ``~/…`` below ``home``.

    Both are absolute; ``home`` is ``None`` when no home folder was checked.
    """

    root: Path
    home: Path | None = None

    def locate(self, path: Path | None) -> tuple[str, str | None]:
        """``(relative POSIX path, base)`` for ``path``.

        ``base`` is ``"root"`` (below :attr:`root`), ``"home"`` (below
        :attr:`home`, not below the root) or ``None``: then the path is absolute
        (or ``"-"`` for an editor buffer with no path). Links are not resolved.
        """
        if path is None:
            return "-", None
        absolute = Path(os.path.abspath(path))
        for base, folder in (("root", self.root), ("home", self.home)):
            if folder is not None and absolute.is_relative_to(folder):
                return absolute.relative_to(folder).as_posix(), base
        return absolute.as_posix(), None

    def display(self, path: Path | None) -> str:
        """``path`` as a baseline writes it: ``app/.env``, ``~/.zshrc`` or absolute."""
        relative, base = self.locate(path)
        return f"~/{relative}" if base == "home" else relative


def _shown_line(result: FileResult, finding: Finding) -> tuple[str, str]:
    """The finding's start line and its part of it, masked as the text format shows them."""
    from authlint.output.text_format import masked_line

    source = result.source
    line = finding.span.start.line
    if line >= source.index.line_count:
        return "", ""
    raw = source.index.line_text(line)
    start = min(finding.span.start.character, len(raw))
    end = finding.span.end.character if finding.span.end.line == line else len(raw)
    end = min(max(end, start), len(raw))
    shown, start, end = masked_line(raw, start, end, result.secrets.line_ranges(line, raw))
    return shown, shown[start:end]


def _digest(parts: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(printable(part).encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()[:32]


def fingerprints(results: Sequence[FileResult], paths: ReportPaths) -> dict[int, str]:
    """Every finding's fingerprint, keyed by ``id()`` of the finding in ``results``.

    The keys are valid while ``results`` (or lists holding the same finding
    objects) are alive; compute them before dropping findings (a baseline)
    so that the ``n`` of the ones kept do not change.
    """
    found: dict[int, str] = {}
    for result in results:
        counts: dict[str, int] = {}
        for finding in result.findings:
            line, part = _shown_line(result, finding)
            digest = _digest(
                (
                    FINGERPRINT_KEY,
                    finding.code,
                    paths.display(finding.path),
                    " ".join(redact(line).split()),
                    " ".join(redact(part).split()),
                )
            )
            counts[digest] = counts.get(digest, 0) + 1
            found[id(finding)] = f"{digest}:{counts[digest]}"
    return found
