"""Jupyter notebooks (``*.ipynb``): credentials in cells and in saved outputs.

A notebook is a JSON document (nbformat 4): ``cells[]``, each with a
``cell_type``, a ``source`` (a string or a list of lines) and, for code
cells, the ``outputs`` the kernel printed, saved into the file. Facts
emitted: one :class:`Exposure` per complete Anthropic credential anywhere in
the text, with ``where`` = ``"code-cell"``, ``"markdown-cell"``,
``"raw-cell"``, ``"output"`` or ``"metadata"`` and ``detail`` = ``"cell N"``
(1-based). Key characters are never escaped in JSON, so the span found in
the file's text is the credential's place in the file and in the cell.

Bounded work: the text is searched with one regular expression first; the
JSON tree (to tell cells from outputs) is built only when a credential is
there. A text that is not JSON is one cell's code (an editor sends each
cell of an open notebook as its own document). A Colab
``userdata.get('ANTHROPIC_API_KEY')`` is no credential and gives nothing.

Sources: https://nbformat.readthedocs.io/en/latest/format_description.html
(cells, ``source``, ``outputs``).
"""

from __future__ import annotations

from authlint.core.facts import Exposure, FileKind, JsonValue, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.scanners._exposures import credentials
from authlint.scanners.json_tree import parse_json


def _place(cells: list[JsonValue], span: Span) -> tuple[str, str]:
    """``(where, detail)`` of a credential at ``span`` in the notebook."""
    for number, cell in enumerate(cells, 1):
        if not cell.span.contains(span):
            continue
        detail = f"cell {number}"
        source = cell.get("source")
        if source is not None and source.span.contains(span):
            kind = cell.get("cell_type")
            cell_type = kind.value if kind is not None and isinstance(kind.value, str) else "code"
            return f"{cell_type}-cell", detail
        outputs = cell.get("outputs")
        if outputs is not None and outputs.span.contains(span):
            return "output", detail
        return "metadata", detail
    return "metadata", ""


def scan(source: SourceFile) -> ScannedFile:
    """Scan a notebook. Never raises on bad syntax."""
    text = source.text
    index = source.index
    found = [(m.group(0), index.span(m.start(), m.end())) for m in credentials(text)]
    exposures: list[Exposure] = []
    if found and not text.lstrip().startswith("{"):
        # Not the notebook's JSON: one cell's code, as an editor sends a notebook cell.
        exposures = [Exposure(value, span, "code-cell", "this cell") for value, span in found]
    elif found:
        document = parse_json(source)
        root = document.root
        cells_value = root.get("cells") if root is not None and root.type == "object" else None
        cells = list(cells_value.items) if cells_value is not None else []
        for value, span in found:
            where, detail = _place(cells, span)
            exposures.append(Exposure(value, span, where, detail))
    return ScannedFile(source, FileKind.NOTEBOOK, exposures=exposures)
