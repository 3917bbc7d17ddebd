"""How long `build.py check` takes on the whole sample catalogue.

Prints, in one run: Python start-up and imports, the first check (which also reads the
CMU pronouncing dictionary), and a second check in the same process. Target: the check
itself, after start-up, under 1 second. Then the whole command as a user runs it, a second
time (OCR readings kept under out/; rule patterns are compiled in every run), the median of `--runs` runs
(3 by default) in wall and CPU seconds, beside a Python that only starts and imports what
the command imports: the part of the 2-second target no check can win back (issue 19, item 3).

Then, on a copy of the samples built once, the three cases a clinic meets: every output
checked (`check --again`, as with no build yet), nothing changed since the build, and one
handout edited (one sentence of handouts/chemical-peels/en.md, used by both sample clinics), each
also with `--jobs 1` (the checks in one process instead of two: checks/halves.py).

    .venv/bin/python benchmarks/check_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


IMPORTS = "import clearprint.cli, clearprint.commands.check, clearprint.checks.report, clearprint.pipeline"


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + system of the child) seconds of `command`, run `runs` times."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command, for the medians")
    runs = parser.parse_args().runs
    t0 = time.perf_counter()
    from clearprint.pipeline import check_only

    imported = time.perf_counter() - t0
    t1 = time.perf_counter()
    first = check_only(ROOT, out=ROOT / "out")  # as the command: OCR readings and patterns kept there
    first_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    check_only(ROOT, out=ROOT / "out")
    second_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], capture_output=True, check=False)
    command_s = time.perf_counter() - t3
    print(f"outputs checked:                    {len(first.checks)}")
    print(f"imports:                            {imported:.3f} s")
    print(f"first check (loads CMU dictionary): {first_s:.3f} s  (target < 1 s)")
    print(f"second check, same process:         {second_s:.3f} s")
    print(f"whole `build.py check` command:     {command_s:.3f} s (Python start-up included)")
    wall, cpu = timed([sys.executable, str(ROOT / "build.py"), "check"], runs)
    start_wall, start_cpu = timed([sys.executable, "-c", IMPORTS], runs)
    print(f"`build.py check`, median of {runs}:      {wall:.3f} s wall, {cpu:.3f} s CPU  (target < 2 s wall)")
    print(f"  of which start-up and imports:    {start_wall:.3f} s wall, {start_cpu:.3f} s CPU")
    after_a_build(runs)


def after_a_build(runs: int) -> None:
    """`build.py check` on a built copy of the samples: all again, nothing changed, one handout edited."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import copy_samples  # the samples as the tests copy them

    with tempfile.TemporaryDirectory() as folder:
        project = copy_samples(Path(folder) / "project")
        check = [sys.executable, str(ROOT / "build.py"), "check", "--project", str(project)]
        subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build", "--project", str(project)],
            capture_output=True,
            check=True,
        )
        again, _ = timed([*check, "--again"], runs)
        again_one, _ = timed([*check, "--again", "--jobs", "1"], runs)
        unchanged, _ = timed(check, runs)
        handout = project / "handouts" / "chemical-peels" / "en.md"
        text = handout.read_text(encoding="utf-8")
        assert "red for a few days." in text
        handout.write_text(text.replace("red for a few days.", "red for a few days or so."), encoding="utf-8")
        edited, _ = timed(check, runs)
        edited_one, _ = timed([*check, "--jobs", "1"], runs)
    print(f"after a build of the samples, `build.py check`, median of {runs} (wall; `--jobs 1`: one process):")
    print(f"  every output (`--again`):         {again:.3f} s  (--jobs 1: {again_one:.3f} s)")
    print(f"  nothing changed:                  {unchanged:.3f} s")
    print(
        f"  one handout edited:               {edited:.3f} s  (--jobs 1: {edited_one:.3f} s; its 6 outputs checked, 21 the build's)"
    )


if __name__ == "__main__":
    main()
