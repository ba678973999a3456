"""JSON text as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, faster.

The standard library writes indented JSON in pure Python, one generator per
container; the reports (``--format json`` and ``sarif``, baselines) are
written with this instead: the same characters, strings escaped by the
library's own C encoder. Values are ``dict`` (``str`` keys), ``list``,
``tuple``, ``str``, ``int``, ``float``, ``bool`` and ``None``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_INDENT = "  "


def dumps(value: object) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` gives it.

    Raises ``TypeError`` for a value of another type, or a key that is not a
    ``str``, and ``ValueError`` for a container that holds itself.
    """
    out: list[str] = []
    _write(value, "\n", out, set())
    return "".join(out)


def _write(value: object, newline: str, out: list[str], open_containers: set[int]) -> None:
    """Append ``value``'s text to ``out``; ``newline`` starts a line at its depth."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(json.dumps(value))  # the library's spelling of nan and infinities
    elif isinstance(value, dict | list | tuple):
        _write_container(value, newline, out, open_containers)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _write_container(
    value: dict[object, object] | list[object] | tuple[object, ...],
    newline: str,
    out: list[str],
    open_containers: set[int],
) -> None:
    is_dict = isinstance(value, dict)
    if not value:
        out.append("{}" if is_dict else "[]")
        return
    if id(value) in open_containers:
        raise ValueError("Circular reference detected")
    open_containers.add(id(value))
    inner = newline + _INDENT
    separator = ("{" if is_dict else "[") + inner
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, inner, out, open_containers)
            separator = "," + inner
    else:
        for item in value:
            out.append(separator)
            _write(item, inner, out, open_containers)
            separator = "," + inner
    out.append(newline + ("}" if is_dict else "]"))
    open_containers.discard(id(value))
