"""What a rule may ask about the world beyond the file: platform, home, git."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.core import git

if TYPE_CHECKING:
    from authlint.core.environment import EnvironmentModel
    from authlint.core.outcomes import Outcome


SHELLS = ("bash", "zsh", "sh", "fish", "pwsh")
"""The login shells the environment model knows (``--shell``)."""


class Platform(Enum):
    """The operating system whose shells and loaders are modelled."""

    LINUX = "linux"
    MACOS = "macos"
    WINDOWS = "windows"

    @classmethod
    def current(cls) -> Platform:
        """The platform this process runs on."""
        if sys.platform == "darwin":
            return cls.MACOS
        if sys.platform.startswith(("win", "cygwin")):
            return cls.WINDOWS
        return cls.LINUX


_TEMPLATE_WORDS = re.compile(
    r"(?i)(^|[._-])(example|sample|template|dist|tmpl|tpl|defaults?)($|[._-])"
)


def is_template(path: Path | None) -> bool:
    """Whether a file is a template meant to be copied and filled in.

    ``.env.example``, ``.env.sample``, ``.env.template``, ``.env.dist``,
    ``env.example``, ``sample.env``, ``.env.local.example``: placeholders are
    expected there and the file is meant to be committed.
    """
    return path is not None and bool(_TEMPLATE_WORDS.search(path.name))


@dataclass(frozen=True)
class CheckContext:
    """Facts outside the file.

    ``home`` is ``None`` when home files are not read. ``environ`` is the
    environment of the process a user would start from here (the CLI's own
    environment; empty in tests unless given): rules that compare a file
    with "the key you have now" read it, never ``os.environ`` directly.

    ``environment`` is the cross-file environment model of the workspace and
    home being checked (:mod:`authlint.core.environment`), or ``None`` when no
    model was built (one file checked on its own): the rules that compare
    files with each other (AL9xx) then stay silent. ``outcomes`` holds the
    predicted outcome of each client's request per launch context
    (:mod:`authlint.outcome`), filled in by the engine when a model exists.
    """

    platform: Platform = Platform.LINUX
    home: Path | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    environment: EnvironmentModel | None = field(default=None, compare=False, repr=False)
    outcomes: tuple[Outcome, ...] = field(default=(), compare=False, repr=False)

    def is_committable(self, path: Path | None) -> bool:
        """Whether git would commit ``path``: tracked, or not ignored (see :mod:`.git`)."""
        return path is not None and git.is_committable(path.resolve())
