"""The language server: a thin adapter from LSP to :func:`authlint.engine.check_source`.

Only this package imports pygls and lsprotocol; ``authlint check`` never loads
it. :func:`authlint.lsp.server.serve` is the entry point ``authlint server`` calls.
"""
