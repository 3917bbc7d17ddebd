"""Declaring a test's images in their register (content/image_register.py), as a reviewer would:
every image a handout or clinic prints is in `images.yaml` beside it, with its sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml


def declare(image: Path, words: str = "", alt: str = "A picture for a test") -> Path:
    """Add or update `image`'s entry (its current sha256) in the register beside it; the register."""
    register = image.parent / "images.yaml"
    data = yaml.safe_load(register.read_text()) if register.is_file() else None
    data = data or {"images": {}}
    data.setdefault("images", {})[image.name] = {
        "sha256": hashlib.sha256(image.read_bytes()).hexdigest(),
        "alt": alt,
        "words": words,
        "reviewer": "Test Reviewer",
        "reviewed": "2026-11-01",
    }
    register.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return register
