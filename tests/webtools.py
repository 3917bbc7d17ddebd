"""Helpers for the web-edition tests: drive Debian's Chromium with Playwright, with
axe-core injected from node_modules/ (the sites themselves are the build's own).

The browser: Debian's `chromium` package (scripts/setup.sh installs it), launched by the
Playwright release whose bundled Chromium has the same major version (requirements.lock),
since `playwright install` cannot download browsers here.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Debian's package installs the browser here; /usr/bin/chromium is a shell wrapper around it.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


# --- the browser ------------------------------------------------------------------


def chromium_path() -> str:
    """Debian's Chromium, or CLEARPRINT_CHROMIUM; a clear message when it is missing."""
    for candidate in (os.environ.get("CLEARPRINT_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("Chromium is not installed: run scripts/setup.sh (it installs Debian's `chromium` package)")


def major(text: str) -> int:
    match = re.search(r"(\d+)\.\d+\.\d+", text)
    if not match:
        raise RuntimeError(f"no version number in {text!r}")
    return int(match[1])


@functools.cache
def playwright_chromium_major() -> int:
    """The Chromium major version the installed Playwright release was made for."""
    import playwright

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entry = next(b for b in json.loads(browsers.read_text())["browsers"] if b["name"] == "chromium")
    return major(entry["browserVersion"])


def check_versions(executable: str) -> str:
    """Debian's Chromium and Playwright's must have the same major version: the protocol
    Playwright speaks changes with Chromium. Returns the browser's version."""
    found = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    wanted = playwright_chromium_major()
    if major(found) != wanted:
        raise RuntimeError(
            f"{executable} is {found}, but Playwright {version('playwright')} drives Chromium {wanted}: "
            f"pin the Playwright release made for Chromium {major(found)} in requirements.lock and pyproject.toml "
            "(its driver/package/browsers.json names the Chromium version), or install the matching chromium package"
        )
    return found
