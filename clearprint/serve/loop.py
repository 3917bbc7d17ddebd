"""`build.py serve`: a live preview of one clinic's web edition and PDFs, like `mkdocs serve`.

Builds once, then serves out/<clinic>/site/ on 127.0.0.1 (never another address) with the
standard library's ThreadingHTTPServer, and rebuilds what a saved file affects, with warm
rendering processes (watch.py's file events, pdf/workers.py, and `build()` itself: this module
decides only the order of the builds). A page served from here, never a file in out/, gets
two things added: a panel with the handout's check findings from the last build (reading
level per section, review date, errors and warnings with file:line), and a small script
that reloads the page when a build changed something.

The order after a save, so that what the person is looking at comes first:
0. the edited handout's web page, made in this process and served (never written) until
   the clinic's build writes the site: `draft`, about 0.2 s after the save;
1. the edited handout's standard edition for the served clinic (a build of that selection);
2. the served clinic (its PDFs, catalogue and site: a clinic's site is written only by a
   build of the whole clinic);
3. everything the command line asked for, as `--watch` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..content.load import load_project
from ..editions import WEB_EDITION
from ..incremental.ocr_cache import ReadingsOnly
from ..models import Clinic
from ..options import Selection
from ..pdf.workers import Workers
from ..pipeline import BuildOptions, Result, build, check_only
from ..problems import ContentError, Problem, Problems, UsageError
from ..watch import WATCHED, Changes
from ..writers.sites import draft_page
from .http import make_server
from .state import Preview

DEFAULT_PORT = 8000


def serve(
    root: Path,
    options: BuildOptions,
    summary: Callable[[Result], int],
    progress: Callable[[int, int, str], None] | None = None,
    port: int = DEFAULT_PORT,
    batches: Iterable[set] | None = None,
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True),
) -> int:
    """Build, serve on 127.0.0.1:`port` (0: any free port), and rebuild after every batch of
    changes until Ctrl-C or SIGTERM (which leave through here with the server shut down and
    the workers stopped)."""
    root = root.resolve()
    selection = options.selection
    if selection.handouts or selection.languages or selection.editions or options.shard or options.bleed:
        raise UsageError(
            "serve builds whole clinics: use --clinic only (not --handout, --language, --edition, --shard or --bleed)"
        )
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a port; use 1024 to 65535, or 0 for any free one")
    slug, site = _clinic(root, selection)
    preview = Preview(root, options.output_folder(root), slug, options.today)
    if site is not None:
        preview.know(site.settings)
    server = make_server(preview, port, options.today)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    watched = None
    try:
        watched = Changes(root) if batches is None else None  # before the first build: its saves count
        with Workers(root, options.jobs) as workers:
            workers.prepare(workers.processes)  # started now, warm for the first save
            status = _build(root, options, selection, preview, workers, progress, summary)
            thread.start()
            host, bound = server.server_address[:2]
            say(f"Serving {slug}'s web edition at http://{host}:{bound}/ (Ctrl-C to stop).")
            say(f"Watching {', '.join(WATCHED)} for changes.")
            for batch in batches if batches is not None else watched:
                start = time.perf_counter()
                say(f"Changed: {', '.join(sorted({Path(p).name for _, p in batch}))}")
                for hid, lang in edited_handouts(root, batch):  # what the person is looking at, first
                    today = options.today or dt.date.today()
                    if page := draft(root, preview.out, slug, hid, lang, today, preview.refuse_draft):
                        preview.show_draft(*page)
                    first = Selection((slug,), (hid,), (lang,), (WEB_EDITION,))
                    _build(root, dataclasses.replace(options, selection=first), first, preview, workers, progress)
                if selection.clinics != (slug,):  # then the served clinic, which writes its site
                    mine = Selection((slug,))
                    _build(root, dataclasses.replace(options, selection=mine), mine, preview, workers, progress)
                status = _build(root, options, selection, preview, workers, progress, summary)
                say(f"Rebuilt in {time.perf_counter() - start:.2f} s.")
    finally:
        if watched is not None:
            watched.close()
        preview.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return status


def _build(root, options, selection, preview, workers, progress, summary=None) -> int:
    """One build; its result goes to the preview. Only the full build prints its summary."""
    start = time.perf_counter()
    try:
        result = build(root, options, progress, workers)
    except UsageError:
        if summary:
            raise
        return 0  # e.g. the edited handout is not one this clinic builds: the full build says so
    except Exception as exc:  # a bug: keep serving, show it, and the next save may fix it
        preview.record(None, selection, f"build failed: {type(exc).__name__}: {exc}")
        print(f"build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    preview.record(result, selection)
    if summary:
        return summary(result)
    if selection.editions:
        print(
            f"{', '.join(map(str, result.written)) or 'nothing new'} in {time.perf_counter() - start:.2f} s",
            file=sys.stderr,
        )
    return 0


def draft(
    root: Path,
    out: Path,
    slug: str,
    hid: str,
    lang: str,
    today: dt.date,
    refused: Callable[[list[Problem]], None] | None = None,
) -> tuple[str, str] | None:
    """(site file, page) of a saved handout's web page, made in this process before any PDF
    is rendered (writers/sites.draft_page). The page is only served, never written: the
    clinic's build writes the real one a second or two later. None when the handout does
    not load, has an error or is not published; its errors (a clinic template that makes the
    page other than the checks read it among them) go to `refused` at once, which shows them
    beside the page as a build's are shown."""
    try:
        # the images as the builds read them (they write the readings; the draft only reads)
        checked = check_only(root, Selection((slug,), (hid,)), today, ocr=ReadingsOnly(out))
        return draft_page(checked, out, lang, today)
    except ContentError as exc:
        if refused is not None:
            refused(list(exc.problems))
        return None
    except Exception:  # noqa: BLE001 - the builds that follow report it
        return None


def edited_handouts(root: Path, batch: set) -> list[tuple[str, str]]:
    """(handout, language) of each handout file saved in a batch: handouts/<id>/<lang>.md."""
    found = []
    for change, path in batch:
        try:
            parts = Path(path).resolve().relative_to(root).parts
        except ValueError:
            continue
        if int(change) == 3 or len(parts) != 3 or parts[0] != "handouts" or not parts[2].endswith(".md"):
            continue  # 3: deleted
        if parts[1][:1] in ("_", ".") or parts[2][:1] == ".":
            continue
        found.append((parts[1], parts[2].removesuffix(".md")))
    return sorted(set(found))


def _clinic(root: Path, selection: Selection) -> tuple[str, Clinic | None]:
    """The clinic to serve (and its settings, when they load): the first one asked for, or
    the first with a website."""
    project = load_project(root, Problems(root))
    sites = {c.slug: c for c in project.clinics}
    if selection.clinics:
        slug = selection.clinics[0]
        if slug in sites and not sites[slug].settings.website:
            raise UsageError(
                f"{slug} has no website, so it has no web edition to serve; add `website:` to its clinic.yaml"
            )
        return slug, sites.get(slug)
    for site in project.clinics:
        if site.settings.website:
            return site.slug, site
    raise UsageError("no clinic has a website, so there is no web edition to serve; add `website:` to a clinic.yaml")
