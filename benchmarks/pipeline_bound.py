"""How close a full build comes to the rendering bound (issue 18, item 3).

Makes a temporary project with `--clinics` copies of the sample clinics, builds it once with
`jobs=2` from an empty output folder (every jobs the workers are given recorded), then renders
the very same documents one after another in one warm process in this one, and prints:

  - the bound: the warm render's time per PDF divided by the number of processes;
  - the build's wall time per PDF (handouts and catalogues);
  - their ratio (target: within 10 % of the bound, flat between 20 and 100 clinics);
  - when the first job reached the workers, and the time each writer took;
  - CPU seconds of the warm render and of the build's main process (less sensitive to load
    than wall time): on 2 cores the main process's own work is what overlapping cannot hide;
  - the load average before and after (the machine is shared; compare figures of one run).

    .venv/bin/python benchmarks/pipeline_bound.py --clinics 20 [--clinics 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clearprint.pdf.workers import Job, Workers  # noqa: E402
from clearprint.pipeline import BuildOptions, build  # noqa: E402


def make_project(dest: Path, clinics: int) -> int:
    """`clinics` clinics, copies of the samples in turn; returns how many were made."""
    for folder in ("handouts", "templates", "styles", "rules"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "clinics").mkdir()
    samples = sorted(p for p in (ROOT / "clinics").iterdir() if (p / "clinic.yaml").is_file())
    for n in range(clinics):
        clinic = samples[n % len(samples)]
        copy = dest / "clinics" / f"{clinic.name}-{n // len(samples) + 1}"
        shutil.copytree(clinic, copy)
        # The copies keep the sample's name: a longer one ("Branch 50 of …") made the Spanish
        # peels trifold's contact panel overflow by a line, a real build error that stopped a
        # 100-clinic run after an hour.
    return clinics


class Recording(Workers):
    """Workers that keep every job they are given, and when the first one arrived."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs: list = []
        self.first: float | None = None

    def render(self, jobs):
        def kept():
            for job in jobs:
                if self.first is None:
                    self.first = time.perf_counter()
                if isinstance(job, Job):  # a render; a Call (the web pages' style check) is the build's own work
                    self.jobs.append(job)
                yield job

        return super().render(list(kept()) if isinstance(jobs, list) else kept())


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(clinics: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="clearprint-bound-") as tmp:
        project = Path(tmp) / "project"
        make_project(project, clinics)
        out = Path(tmp) / "out"
        before = load()
        workers = Recording(project.resolve(), jobs)
        start, cpu = time.perf_counter(), time.process_time()
        with workers:
            result = build(project, BuildOptions(out, jobs=jobs), workers=workers)
            main_cpu = time.process_time() - cpu  # this process's own work: what the workers may wait for
        wall = time.perf_counter() - start
        assert result.ok, [str(p) for p in result.report.errors][:5]
        pdfs = len(result.written) + len(result.catalogues)
        assert pdfs == len(workers.jobs), (pdfs, len(workers.jobs))

        from clearprint.pdf.renderer import Renderer

        renderer = Renderer(project.resolve())
        warm_start, warm_cpu = time.perf_counter(), time.process_time()
        for job in workers.jobs:
            renderer.render(job.html, job.font, job.stylesheets, job.pages, job.bleed, job.denied, job.colors)
        warm = time.perf_counter() - warm_start
        warm_cpu = time.process_time() - warm_cpu
        after = load()

        bound = warm / pdfs / jobs * 1000
        per_pdf = wall / pdfs * 1000
        first = (workers.first - start) if workers.first else float("nan")
        kinds = ", ".join(f"{k} {s:.1f} s" for k, s in result.seconds_by_kind.items())
        print(
            f"{clinics:4d} clinics, {pdfs:5d} PDFs, jobs={jobs}: bound {bound:6.1f} ms/PDF"
            f" (warm render {warm:6.1f} s in one process), build {wall:6.1f} s = {per_pdf:6.1f} ms/PDF,"
            f" ratio {per_pdf / bound:5.2f}; load average {before} -> {after}"
        )
        print(f"      first job to the workers after {first:5.1f} s; writers: {kinds}")
        # CPU seconds, which the other users of a shared machine change less than wall time: the
        # main process's own work, against the renders', is the least a build can add to the bound.
        print(
            f"      CPU: warm render {warm_cpu:6.1f} s ({warm_cpu / pdfs / jobs * 1000:5.1f} ms/PDF over {jobs}),"
            f" main process {main_cpu:5.1f} s ({main_cpu / pdfs * 1000:5.1f} ms/PDF);"
            f" best ratio with this main-process work {(warm_cpu + main_cpu) / warm_cpu:4.2f}"
        )
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clinics", type=int, action="append", help="clinics in the project (repeatable; default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="rendering processes of the build (default 2)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores")
    for clinics in args.clinics or [20]:
        run(clinics, args.jobs)


if __name__ == "__main__":
    main()
