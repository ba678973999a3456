"""``python -m authlint`` runs the command line."""

import sys

from authlint.cli import main

sys.exit(main())
