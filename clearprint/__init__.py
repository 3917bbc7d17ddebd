"""Clearprint: printable patient handouts from Markdown, clinic branding and templates."""

__version__ = "0.1.0"
