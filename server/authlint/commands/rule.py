"""``authlint rule CODE`` / ``--all``: a rule's documentation."""

from __future__ import annotations

import argparse
import sys

from authlint.commands.common import EXIT_CLEAN, UsageError


def add_arguments(rule: argparse.ArgumentParser) -> None:
    """Add ``authlint rule``'s arguments to ``rule`` (its subparser)."""
    rule.add_argument("code", nargs="?", help="rule code or name")
    rule.add_argument("--all", action="store_true", help="every rule")


def run(args: argparse.Namespace) -> int:
    """``authlint rule CODE`` / ``--all``: print rule documentation; return the exit status."""
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
        kinds = ", ".join(sorted(k.value for k in rule.kinds))
        sys.stdout.write(f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n")
        sys.stdout.write(f"Severity: {rule.severity.value}. Applies to: {kinds}.\n")
        sys.stdout.write(f"Docs: {rule.url}\n\n")
        sys.stdout.write(rule.doc.strip() + "\n\n")
    return EXIT_CLEAN
