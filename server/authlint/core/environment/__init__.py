"""The cross-file environment model: which definition of a variable wins, per launch context.

:func:`authlint.model.collect` reads the files (the model's only I/O, above the scanners);
:class:`~.resolve.EnvironmentModel` answers, for each launch context
(:mod:`.contexts`), which definition a client gets and what happened to the
others; :mod:`.render` prints that, masked.
"""

from authlint.core.environment.contexts import LaunchContext
from authlint.core.environment.definitions import Definition, Origin
from authlint.core.environment.resolve import (
    CredentialChoice,
    EnvironmentModel,
    Resolution,
    Step,
    Verdict,
    claude_credential,
)
from authlint.core.environment.workspace import Workspace

__all__ = [
    "CredentialChoice",
    "Definition",
    "EnvironmentModel",
    "LaunchContext",
    "Origin",
    "Resolution",
    "Step",
    "Verdict",
    "Workspace",
    "claude_credential",
]
