"""Build speed on a generated catalogue of 100+ PDFs, against rendering each file on its own.

Copies the project into a temporary folder, multiplies the sample clinics until the
catalogue has at least 100 PDFs, and prints, measured in this one run:

  - full build (all cores): wall time and time per PDF, and peak memory per worker;
  - the same HTML rendered by one `weasyprint` command per file;
  - the same HTML rendered one after another in a single warm process, and again with
    every stylesheet left out (what the renderer costs for the bare content);
  - what one `weasyprint` command costs before it renders anything (a one-line page);
  - a no-op rebuild;
  - a rebuild after editing one handout, and which outputs it re-rendered;
  - headless Chromium per file, when it is installed.

    .venv/bin/python benchmarks/build_speed.py [--copies 5] [--cli-sample N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clearprint.documents.html import CATALOGUE_STYLESHEETS, HtmlDocuments  # noqa: E402
from clearprint.fonts import font  # noqa: E402
from clearprint.pipeline import BuildOptions, build, check_only  # noqa: E402


def make_catalogue(dest: Path, copies: int) -> Path:
    for folder in ("handouts", "templates", "styles", "rules"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "clinics").mkdir()
    for clinic in sorted((ROOT / "clinics").iterdir()):
        for n in range(1, copies + 1):
            copy = dest / "clinics" / f"{clinic.name}-{n}"
            shutil.copytree(clinic, copy)
            settings = copy / "clinic.yaml"
            text = settings.read_text()
            settings.write_text(text.replace("\nname: ", f"\nname: Branch {n} of ", 1))
    return dest


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=5, help="copies of each sample clinic (default 5: 105 PDFs)")
    parser.add_argument("--cli-sample", type=int, default=0, help="run the per-file command on only N files and scale")
    args = parser.parse_args()
    jobs = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="clearprint-bench-") as tmp:
        project = make_catalogue(Path(tmp) / "project", args.copies)
        out = Path(tmp) / "out"
        print(f"machine: {jobs} cores; catalogue: {len(list((project / 'clinics').iterdir()))} clinics")

        full_s, full = timed(lambda: build(project, BuildOptions(out, jobs=jobs, force=True)))
        n = len(full.written)
        catalogues = len(list(out.glob("*/catalogue.pdf")))
        assert full.ok and n >= 100, (n, [str(p) for p in full.report.errors])
        print(
            f"full build, {jobs} processes:           {full_s:7.2f} s for {n} handouts and {catalogues} catalogues"
            f" = {full_s / (n + catalogues) * 1000:6.1f} ms per PDF"
        )
        print(f"peak memory of a rendering process:   {full.peak_mb:7.1f} MB  (target < 400 MB)")
        print(
            f"of which the web edition:             {full.web_seconds:7.2f} s = {full.web_seconds / full_s * 100:4.1f} %"
            f" ({len(full.web)} files of {len(list(out.glob('*/site')))} sites; target <= 5 %)"
        )

        noop_s, noop = timed(lambda: build(project, BuildOptions(out, jobs=jobs)))
        print(
            f"no-op rebuild:                        {noop_s:7.2f} s  ({len(noop.skipped)} unchanged, {len(noop.written)} rendered; target < 0.5 s)"
        )

        command = [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out)]
        colds = [timed(lambda: subprocess.run(command, capture_output=True, check=True))[0] for _ in range(5)]
        print(
            f"no-op build.py command, cold process: {min(colds):7.2f} s  (best of 5, median {sorted(colds)[2]:.2f} s;"
            " target < 0.3 s)"
        )

        handout = project / "handouts/chemical-peels/en.md"
        handout.write_text(handout.read_text() + "\nAsk us if anything is unclear.\n")
        edit_s, edit = timed(lambda: build(project, BuildOptions(out, jobs=jobs)))
        touched = sorted({p.relative_to(out).as_posix() for p in edit.written})
        others = [p for p in touched if "chemical-peels" not in p]
        print(
            f"rebuild after editing one handout:    {edit_s:7.2f} s, re-rendered {len(touched)} PDFs, all chemical-peels: {not others}"
        )
        for path in touched[:6]:
            print(f"    {path}")
        if len(touched) > 6:
            print(f"    ... and {len(touched) - 6} more")

        # The same documents, for the comparisons: every handout PDF and every catalogue.
        checked = check_only(project)
        pages = HtmlDocuments(project.resolve(), checked.verdicts)
        html_dir = Path(tmp) / "html"
        html_dir.mkdir()
        base = project.resolve().as_uri() + "/"
        documents = []  # (standalone HTML file, HTML without its stylesheets, the stylesheets, font)
        by_clinic: dict[str, list] = {}
        for result in checked.checks:
            path = html_dir / (result.output.label.replace("/", "_") + ".html")
            path.write_text(pages.html(result.output, base_href=base, check=result), encoding="utf-8")
            html = pages.html(result.output, check=result, linked=False)
            documents.append((path, html, pages.stylesheets(result.output), result.output.clinic.settings.font))
            by_clinic.setdefault(result.output.clinic.slug, []).append(result.output)
        for slug, outputs in by_clinic.items():
            site, today = outputs[0].clinic, dt.date.today()
            files = {o.label: o.relpath.as_posix().split("/", 1)[1] for o in outputs}
            path = project / f"bench-catalogue-{slug}.html"  # its stylesheet links are relative to the project
            path.write_text(pages.catalogue(site, outputs, files, today), encoding="utf-8")
            html = pages.catalogue(site, outputs, files, today, linked=False)
            documents.append((path, html, CATALOGUE_STYLESHEETS, site.settings.font))
        total = len(documents)
        print(f"the same {total} documents ({n} handouts and {total - n} catalogues):")
        font_css = Path(tmp) / "fonts.css"
        font_css.write_text(font("atkinson-hyperlegible").css())

        from clearprint.pdf.renderer import Renderer

        renderer = Renderer(project)

        def warm(styled: bool) -> None:
            for path, html, sheets, font_name in documents:
                if not styled:
                    html, sheets = re.sub(r"(?s)<style>.*?</style>", "", html), ()
                renderer.write(html, font_name, Path(tmp) / "warm" / (path.stem + ".pdf"), sheets)

        # This machine's speed drifts over minutes: time the full build a second time between
        # two timings of the warm process, and compare the best of each.
        warm_s, _ = timed(lambda: warm(True))
        fulls = [full_s, timed(lambda: build(project, BuildOptions(out, jobs=jobs, force=True)))[0]]
        warm_s = min(warm_s, timed(lambda: warm(True))[0])
        full_s = min(fulls)
        print(
            f"full build again (best of {len(fulls)}):          {full_s:7.2f} s"
            f" = {full_s / total * 1000:6.1f} ms per PDF  (runs: {', '.join(f'{t:.2f}' for t in fulls)} s)"
        )
        print(
            f"one warm process, one after another:  {warm_s:7.2f} s = {warm_s / total * 1000:6.1f} ms per PDF (best of 2)"
        )
        bare_s, _ = timed(lambda: warm(False))
        print(f"  the same with no stylesheet at all: {bare_s:7.2f} s = {bare_s / total * 1000:6.1f} ms per PDF")

        weasyprint = shutil.which("weasyprint", path=str(Path(sys.executable).parent))
        sample = documents[: args.cli_sample] if args.cli_sample else documents
        (Path(tmp) / "cli").mkdir()

        def per_file() -> None:
            for path, *_ in sample:
                subprocess.run(
                    [
                        weasyprint,
                        str(path),
                        str(Path(tmp) / "cli" / (path.stem + ".pdf")),
                        "-s",
                        str(font_css),
                        "--pdf-variant",
                        "pdf/ua-1",
                        "-q",
                    ],
                    check=True,
                )

        cli_s, _ = timed(per_file)
        cli_total = cli_s * total / len(sample)
        scaled = f" (measured on {len(sample)}, scaled)" if len(sample) < total else ""
        print(
            f"one `weasyprint` command per file:    {cli_total:7.2f} s = {cli_total / total * 1000:6.1f} ms per PDF{scaled}"
        )
        one_line = Path(tmp) / "one-line.html"
        one_line.write_text("<p>Hello</p>")
        starts = [timed(lambda: subprocess.run([weasyprint, str(one_line), str(one_line) + ".pdf"], check=True))[0]]
        starts += [timed(lambda: subprocess.run([weasyprint, str(one_line), str(one_line) + ".pdf"], check=True))[0]]
        startup = min(starts)
        print(f"  of which starting the command:      {startup * 1000:7.0f} ms per file (a one-line page, best of 2)")

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium:

            def per_file_chromium() -> None:
                for path, *_ in sample:
                    subprocess.run(
                        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--no-first-run", f"--print-to-pdf={Path(tmp) / 'cli' / (path.stem + '.chromium.pdf')}", path.as_uri()],
                        check=True, capture_output=True,
                    )  # fmt: skip

            chrome_s, _ = timed(per_file_chromium)
            chrome_total = chrome_s * total / len(sample)
            print(
                f"headless Chromium per file:           {chrome_total:7.2f} s = {chrome_total / total * 1000:6.1f} ms per PDF{scaled}"
            )
        else:
            print("headless Chromium per file:           not installed (apt-get install chromium to compare)")

        print()
        print(f"full build vs one command per file:   {cli_total / full_s:5.1f} x faster  (target >= 12 x)")
        budget = cli_total / 12 / total * 1000
        print(
            f"  12 x needs the full build at {budget:.0f} ms per PDF; with {jobs} processes that is about"
            f" {budget * warm_s / full_s:.0f} ms of warm rendering per PDF (measured: {warm_s / total * 1000:.0f} styled,"
            f" {bare_s / total * 1000:.0f} with no stylesheet)"
        )
        print(f"full build / one warm process:        {full_s / warm_s:5.2f}          (target <= 0.6)")
        print(f"no-op rebuild of {n} PDFs:            {noop_s:5.2f} s         (target < 0.5 s)")


if __name__ == "__main__":
    main()
