"""Claude Code session transcripts (``~/.claude/projects/<project>/<session>.jsonl``).

Claude Code writes every message, tool call and tool result of a session as
one JSON object per line: a key the user pasted, ``cat``-ed or ``echo``-ed
stays there in clear. Facts emitted: one :class:`Exposure` per complete
Anthropic credential (``where="transcript"``).

Transcripts grow to hundreds of megabytes, so they are never loaded whole:
:func:`read_transcript` streams the file line by line (at most
:data:`MAX_LINE_BYTES` of each line and :data:`MAX_TRANSCRIPT_BYTES` of the
file) and keeps only the lines that hold ``sk-ant-``, blanked but for a
window around each credential; every other line becomes an empty line, so
line and character positions stay exact while the text kept in memory (and
shown in a report's snippet) is small and holds none of the conversation.
:func:`scan` searches at most :data:`MAX_TRANSCRIPT_BYTES` characters of a
text it is given whole (an editor buffer).

Sources: https://github.com/anthropics/claude-code/issues/63593 (keys from
``~/.claude/projects`` flagged by secret scanning in a dotfiles repository),
https://docs.claude.com/en/docs/claude-code/settings (``cleanupPeriodDays``:
how long transcripts are kept).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from authlint.core.facts import Exposure, FileKind, ScannedFile
from authlint.core.source import NotRegularFileError, SourceFile, file_type
from authlint.scanners._exposures import MARKER, credentials

MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024
"""At most this much of one transcript is read (the rest is not searched)."""
MAX_LINE_BYTES = 1024 * 1024
"""At most this much of one line is searched (a tool result can be megabytes of base64)."""
_WINDOW = 48  # characters kept on each side of a credential
_MARKER_BYTES = MARKER.encode()


def _blanked(line: str) -> str:
    """``line`` with every character more than :data:`_WINDOW` away from a credential blanked."""
    keep: list[tuple[int, int]] = []
    for match in credentials(line):
        keep.append((max(match.start() - _WINDOW, 0), min(match.end() + _WINDOW, len(line))))
    if not keep:
        return ""
    pieces: list[str] = []
    last = 0
    for start, end in keep:
        start = max(start, last)
        pieces.append(" " * (start - last))
        pieces.append(line[start:end])
        last = max(end, last)
    return "".join(pieces)


def read_transcript(
    path: Path, limit: int = MAX_TRANSCRIPT_BYTES, line_limit: int = MAX_LINE_BYTES
) -> SourceFile:
    """The positions-preserving sparse text of the transcript ``path`` (see the module doc).

    Raises :class:`NotRegularFileError` for a FIFO, a device, a socket or a
    folder (never waited on) and ``OSError`` when the file cannot be read.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(
            errno.EINVAL, f"not a regular file ({file_type(info.st_mode)})", str(path)
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    lines: list[str] = []
    with os.fdopen(fd, "rb", buffering=1 << 20) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
        read = 0
        inside_long_line = False  # the rest of a line longer than line_limit: skipped
        while read < limit:
            chunk = handle.readline(min(line_limit, limit - read))
            if not chunk:
                break
            read += len(chunk)
            complete = chunk.endswith(b"\n")
            if not inside_long_line:
                kept = ""
                if _MARKER_BYTES in chunk:
                    kept = _blanked(chunk.rstrip(b"\r\n").decode("utf-8", "replace"))
                lines.append(kept)
            inside_long_line = not complete
        if lines and not inside_long_line:
            lines.append("")  # the text after the last line break, as in the file
    return SourceFile(path, "\n".join(lines))


def scan(source: SourceFile) -> ScannedFile:
    """Scan a transcript (a sparse text from :func:`read_transcript`, or a whole buffer)."""
    text = source.text
    index = source.index
    end = min(len(text), MAX_TRANSCRIPT_BYTES)
    exposures = [
        Exposure(m.group(0), index.span(m.start(), m.end()), "transcript")
        for m in credentials(text, 0, end)
    ]
    return ScannedFile(
        source, FileKind.CLAUDE_TRANSCRIPT, exposures=exposures, truncated=end < len(text)
    )
