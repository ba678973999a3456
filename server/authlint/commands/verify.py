"""``authlint verify``: send the credentials once and report the API's answer (opt-in)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from authlint.commands.common import EXIT_CLEAN, EXIT_FINDINGS, UsageError, home_of
from authlint.core.context import SHELLS, Platform
from authlint.model import build_model, project_folder_of


def add_arguments(verify: argparse.ArgumentParser) -> None:
    """Add ``authlint verify``'s arguments (and description) to ``verify`` (its subparser)."""
    verify.description = (
        "Sends GET /v1/models with each credential set in this environment "
        "(ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN) to "
        "ANTHROPIC_BASE_URL (default https://api.anthropic.com); with --context NAME, with "
        "what that launch context would send, read from the project's and the home's files. "
        "https only (loopback excepted); an Anthropic key is never sent to another host."
    )
    verify.epilog = "Exit status: 0 accepted, 1 rejected or the check failed, 2 usage error."
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


def run(args: argparse.Namespace) -> int:
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
    home = home_of(args)
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
