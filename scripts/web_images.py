"""The web edition's screenshots for the README and the guide (docs/images/web-1280.png and
web-375.png, guide/images/web-375.png), from the sample build's site in out/: served on
127.0.0.1 and drawn by Debian's Chromium through Playwright, as the browser tests do.

    .venv/bin/python scripts/web_images.py      (after `make build`)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from webtools import chromium_path  # noqa: E402  (the browser the tests use)

SITE = ROOT / "out" / "sample-us-maple-grove" / "site"
PAGE = "handouts/en/botulinum-toxin/"
SHOTS = {1280: 1100, 375: 1500}  # width: height of the clip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path())
            page = browser.new_page()
            for width, height in SHOTS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}")
                page.screenshot(path=str(ROOT / "docs" / "images" / f"web-{width}.png"))
            browser.close()
    finally:
        server.shutdown()
    shutil.copy(ROOT / "docs" / "images" / "web-375.png", ROOT / "guide" / "images" / "web-375.png")


if __name__ == "__main__":
    main()
