"""credential-not-read-by-terminal.

## What it does
Checks, with the cross-file environment model, for a credential or base URL
exported only in a shell startup file that this platform's terminal does not
read, while no file it does read sets the variable:
- macOS: Terminal.app, iTerm and VS Code start **login** shells. A bash
  login shell reads the first of ``~/.bash_profile``, ``~/.bash_login``,
  ``~/.profile`` and never ``~/.bashrc`` unless that file sources it; so a key
  only in ``~/.bashrc`` is missing (warning). The same for ``~/.profile``
  when ``~/.bash_profile`` exists.
- Linux: a new terminal tab is an interactive **non-login** shell, which reads
  ``~/.bashrc`` (bash) or ``~/.zshrc`` (zsh), not ``~/.profile``,
  ``~/.bash_profile`` or ``~/.zprofile``. A desktop session usually reads
  ``~/.profile`` once at login, so the value arrives only after logging out
  and back in, and never over SSH with a command or in ``bash -i``
  (information). Display managers source ``~/.profile`` themselves, never
  ``~/.bash_login``: a ``~/.bash_login`` (or ``~/.bash_profile``) that is not
  the first of the three present is read by nothing, so a key only there is
  missing everywhere (the real ``claude`` shows its login prompt).
Only files of the user's login shell are considered (``$SHELL``; zsh on
macOS and bash on Linux by default), so a leftover ``~/.bashrc`` of a zsh
user is not reported.

## Why is this bad?
The export looks right, and ``source ~/.bashrc`` in the current window even
makes it work once; every new terminal, and every SDK program or ``claude``
started from one, has no credential: ``Could not resolve authentication
method`` from the SDKs, ``Not logged in · Please run /login`` from Claude
Code.

## Example
```sh
# ~/.bashrc, on macOS with bash and no ~/.bash_profile
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
Add to ``~/.bash_profile``:
```sh
[ -f ~/.bashrc ] && . ~/.bashrc
```

## Fix safety
No fix: which file should hold the export is the user's call.

## Source
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  a login shell reads the first of ``~/.bash_profile``, ``~/.bash_login``, ``~/.profile``;
  an interactive non-login shell reads ``~/.bashrc``.
- https://zsh.sourceforge.io/Doc/Release/Files.html
  zsh startup files.
- https://unix.stackexchange.com/questions/119627
  macOS Terminal.app runs login shells, most Linux terminal emulators do not.
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  VS Code's default macOS terminal profiles pass ``-l``.

Observed with bash 5.2 and zsh 5.9: ``bash -lc`` reads only the first of the three, and an
export in ``~/.profile`` is invisible to ``bash -ic``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, Platform
from authlint.core.environment import Verdict
from authlint.core.environment.contexts import (
    PLATFORM_TERMINAL,
    TERMINALS,
    LaunchContext,
)
from authlint.core.environment.definitions import Origin
from authlint.core.environment.shells import family
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import BASE_URL, CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._model import KINDS, definitions_here, model_of

_WATCHED = frozenset({*CREDENTIAL_VARIABLES, BASE_URL})
_FAMILY_SHELLS = {"bash": ("bash",), "sh": ("bash", "sh"), "zsh": ("zsh",)}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per profile export the platform's terminal never reads."""
    model = model_of(context)
    if model is None or model.workspace.home is None:
        return
    workspace = model.workspace
    home = model.workspace.home
    if workspace.platform is Platform.WINDOWS:
        return
    kind = PLATFORM_TERMINAL[workspace.platform]
    terminal = LaunchContext(kind, kind, TERMINALS[kind])
    for definition in definitions_here(file, model, variables=_WATCHED):
        if definition.origin is not Origin.PROFILE or not definition.exported:
            continue
        owner = family(definition.path, home)
        if owner is None or workspace.shell not in _FAMILY_SHELLS.get(owner, ()):
            continue
        resolution = model.resolve(terminal, definition.variable)
        step = resolution.step_of(definition)
        if step is None or step.verdict is not Verdict.NOT_READ or resolution.winner is not None:
            continue
        shown = workspace.display(definition.path)
        macos = workspace.platform is Platform.MACOS
        message = (
            f"{definition.variable} is exported only in {shown}, which a "
            f"{'macOS' if macos else 'Linux'} terminal does not read: {step.reason}. "
            "Programs and `claude` started from a new terminal get no "
            f"{definition.variable}"
        )
        yield RULE.finding(
            file,
            definition.span,
            message,
            severity=Severity.WARNING if macos else Severity.INFO,
        )


RULE = Rule(
    code="AL903",
    name="credential-not-read-by-terminal",
    summary="A credential exported only in a startup file the platform's terminal does not read",
    severity=Severity.WARNING,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
