"""The LSP-free core: spans, sources, facts, findings, fixes, the engine.

Nothing under ``authlint.core``, ``authlint.scanners``, ``authlint.rules`` or
``authlint.output`` may import pygls or lsprotocol (``tests/test_layering.py``).
"""
