"""credential-in-notebook.

## What it does
Checks Jupyter notebooks (``.ipynb``) for a complete Anthropic credential (an
API key, an Admin API key, an OAuth or a refresh token) in a code cell
(``Anthropic(api_key="sk-ant-…")``, ``os.environ["ANTHROPIC_API_KEY"] =
"sk-ant-…"``), in a saved output (a cell that printed the key or the
environment), in a Markdown cell or in the metadata. Reading the key from a
secret store (Colab ``userdata.get('ANTHROPIC_API_KEY')``,
``os.environ["ANTHROPIC_API_KEY"]``, ``getpass``) holds no key and is not
reported, nor are placeholders.

## Why is this bad?
A notebook is a document made to be shared: pushed to GitHub, opened in
nbviewer, Colab or Kaggle, attached to a message. Outputs are saved into the
file, so a key a cell printed travels with it even after the cell is fixed.
Whoever opens the notebook can spend your credit.

## Example
```python
client = anthropic.Anthropic(api_key="sk-ant-api03-…AA")
```
Use instead:
```python
from google.colab import userdata
client = anthropic.Anthropic(api_key=userdata.get("ANTHROPIC_API_KEY"))
```
(or leave ``api_key`` out and set ``ANTHROPIC_API_KEY`` in the environment).

## Fix safety
No fix: rotate the key first (delete it in the Console and create a new
one), then remove it from the cell and clear the outputs (``jupyter
nbconvert --clear-output --inplace``).

## Source
- https://github.com/google/generative-ai-docs/issues/207
  notebook secrets read with ``userdata.get`` instead of being written in cells.
- https://github.com/googlecolab/colabtools/issues/4220
  Colab's secrets panel and ``userdata.get``.
- https://nbformat.readthedocs.io/en/latest/format_description.html
  code cell outputs are stored in the notebook file.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import credential_kind, mask
from authlint.rules._base import Rule

_PLACES = {
    "code-cell": "is hard-coded in {detail}",
    "output": "was printed by {detail} and is saved in its output",
    "markdown-cell": "is written in the Markdown of {detail}",
    "raw-cell": "is written in {detail}",
}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per complete credential in a notebook."""
    for exposure in file.exposures:
        kind = credential_kind(exposure.value).value
        detail = exposure.detail or "the notebook"
        place = _PLACES.get(exposure.where, "is stored in the metadata of {detail}")
        remedy = (
            "clear the outputs (`jupyter nbconvert --clear-output --inplace`)"
            if exposure.where == "output"
            else "read it from the environment or a secret store (Colab: `userdata.get`)"
        )
        message = (
            f"{kind[0].upper()}{kind[1:]} `{mask(exposure.value)}` "
            f"{place.format(detail=detail)}: anyone the notebook is shared with can use it. "
            f"Rotate it, then {remedy}"
        )
        yield RULE.finding(file, exposure.span, message)


RULE = Rule(
    code="AL507",
    name="credential-in-notebook",
    summary="Anthropic key or token in a notebook cell or saved output",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.NOTEBOOK}),
    check=check,
    doc=__doc__ or "",
)
