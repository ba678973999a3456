"""authlint: finds why Anthropic / Claude Code authentication fails, where the cause lives."""

__version__ = "0.1.0"
