"""``authlint server``: the language server over stdio or TCP (the LSP layer is imported then)."""

from __future__ import annotations

import argparse

from authlint.commands.common import EXIT_CLEAN, UsageError


def add_arguments(server: argparse.ArgumentParser) -> None:
    """Add ``authlint server``'s arguments to ``server`` (its subparser)."""
    server.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default)")
    server.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")


def run(args: argparse.Namespace) -> int:
    """``authlint server``: import the LSP layer only now, then serve.

    The methods attrs generates for lsprotocol's classes come from a bytecode
    cache (:mod:`authlint.lsp.generated_code`) when an earlier start left one.
    """
    from authlint.lsp.generated_code import install

    save = install()
    from authlint.lsp.server import serve

    save()

    host_port = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError("--tcp takes HOST:PORT")
        host_port = (host, int(port))
    serve(host_port)
    return EXIT_CLEAN
