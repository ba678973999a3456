"""The public corpus (``../shared/corpus/real``) rebuilt with its real file names.

The corpus stores files as ``<kind>/<owner>__<repo>__<path>``; authlint picks
file kinds by name, so tests copy each file to ``<dest>/<owner>__<repo>/<path>``
(the ``path`` column of ``MANIFEST.tsv``) before checking it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def available() -> bool:
    """Whether the corpus is present next to the repository."""
    return (CORPUS / "MANIFEST.tsv").is_file()


def materialise(dest: Path) -> dict[Path, str]:
    """Copy the corpus under ``dest`` with real names; map each copy to its stored path."""
    mapping: dict[Path, str] = {}
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            target = dest / row["repo"].replace("/", "__") / row["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / row["stored_path"], target)
            mapping[target] = row["stored_path"]
    return mapping
