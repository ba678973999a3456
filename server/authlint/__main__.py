"""``python -m authlint`` runs the command line."""

from authlint.cli import script

script()
