"""Clearprint's version: printed in every document's metadata and part of every output's hash."""

__version__ = "0.1.0"
