"""One module per ``authlint`` subcommand, each with ``add_arguments(parser)`` and ``run(args)``.

:mod:`.common` holds what they share (exit statuses, usage errors, the home
folder); :mod:`authlint.cli` parses the command line and dispatches.
"""
