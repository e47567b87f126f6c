"""aiopgap: measure an organisation's AI operating model gap and say what to fix."""

__version__ = "0.1.0"
