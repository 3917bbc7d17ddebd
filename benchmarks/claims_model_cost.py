"""What the learned claims model costs `build.py check` on the samples: time and memory.

Prints, each in a fresh process so that nothing is shared: the whole `build.py check`
command with the model and without it (CLEARPRINT_NO_CLAIMS_MODEL=1 stands in a stub that
returns no model; it exists only for this measurement), the median of 5 runs each, wall
clock;
check_only()'s CPU time with and without it (median of 5); the CPU time spent because of
the model (loading it, scoring, and the negation gate that decides which sentences it may
flag, claims._denied_words) as a share of the rest of one check, which does not depend on how busy a
shared machine is; the model's load time and memory (tracemalloc); and the peak resident
memory of a check with and without it. Targets (issue 20): `build.py check` under 2 s; the model adds at
most 20% to the check time and 50 MB to memory.

    .venv/bin/python benchmarks/claims_model_cost.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5

CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
if os.environ.get("CLEARPRINT_NO_CLAIMS_MODEL"):
    from clearprint.checks import claims_model
    claims_model.load = lambda root, language: None
from clearprint.pipeline import check_only
t = time.process_time()
result = check_only(__import__("pathlib").Path({root!r}))
print(time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(result.checks))
"""

SHARE = """
import sys, time
sys.path.insert(0, {root!r})
from clearprint.checks import claims_model
spent = [0.0]
flag = claims_model.Model.flag
def timed(self, text):
    t = time.process_time()
    try:
        return flag(self, text)
    finally:
        spent[0] += time.process_time() - t
claims_model.Model.flag = timed
load = claims_model.load
def timed_load(root, language):
    t = time.process_time()
    try:
        return load(root, language)
    finally:
        spent[0] += time.process_time() - t
claims_model.load = timed_load
from clearprint.checks import claims
denied = claims._denied_words
def timed_denied(sentence, rules, language):
    t = time.process_time()
    try:
        return denied(sentence, rules, language)
    finally:
        spent[0] += time.process_time() - t
claims._denied_words = timed_denied
from clearprint.pipeline import check_only
t = time.process_time()
check_only(__import__("pathlib").Path({root!r}))
print(spent[0], time.process_time() - t)
"""


def _command(model: bool) -> float:
    env = dict(os.environ)
    if not model:
        env["CLEARPRINT_NO_CLAIMS_MODEL"] = "1"
    runs = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", _wrapped()], env=env, capture_output=True, check=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _wrapped() -> str:
    # the command itself: build.py check, with the stub when asked
    return (
        "import os, sys, runpy\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "if os.environ.get('CLEARPRINT_NO_CLAIMS_MODEL'):\n"
        "    from clearprint.checks import claims_model\n"
        "    claims_model.load = lambda root, language: None\n"
        f"sys.argv = [{str(ROOT / 'build.py')!r}, 'check']\n"
        "try:\n"
        f"    runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
    )


def _check(model: bool) -> tuple[float, float]:
    env = dict(os.environ)
    if not model:
        env["CLEARPRINT_NO_CLAIMS_MODEL"] = "1"
    runs = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT))], env=env, capture_output=True, text=True, check=True
        )
        seconds, rss, _ = out.stdout.split()
        runs.append((float(seconds), float(rss)))
    return statistics.median(s for s, _ in runs), statistics.median(r for _, r in runs)


def _model_memory() -> tuple[float, float, float]:
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from clearprint.checks import claims_model

    t = time.perf_counter()
    for language in ("en", "es"):
        claims_model.load(ROOT, language)
    loaded = time.perf_counter() - t
    claims_model._load.cache_clear()
    tracemalloc.start()
    t = time.perf_counter()
    for language in ("en", "es"):
        model = claims_model.load(ROOT, language)
        model.score("This is a sentence to score.")
        model.closest("This is a sentence to score.")  # the train claims' words, indexed on first use
    seconds = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return loaded, seconds, peak / 1e6


def _share() -> tuple[float, float]:
    """CPU seconds spent loading and asking the model, and in the whole check, in one process
    (a ratio that does not depend on how busy the machine is); the median of RUNS processes."""
    runs = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", SHARE.format(root=str(ROOT))], capture_output=True, text=True, check=True
        )
        model_s, check_s = (float(x) for x in out.stdout.split())
        runs.append((model_s / (check_s - model_s), model_s, check_s))
    _, model_s, check_s = sorted(runs)[len(runs) // 2]
    return model_s, check_s


def main() -> None:
    with_command, without_command = _command(True), _command(False)
    (with_check, with_rss), (without_check, without_rss) = _check(True), _check(False)
    loaded_s, load_s, held_mb = _model_memory()
    model_s, check_s = _share()
    print(f"`build.py check` command, median of {RUNS}:   with model {with_command:.3f} s, without {without_command:.3f} s "
          f"(+{(with_command / without_command - 1):.1%}; target: under 2 s, model at most +20%)")  # fmt: skip
    print(f"check_only() CPU time, median of {RUNS}:   with model {with_check:.3f} s, without {without_check:.3f} s "
          f"(+{(with_check / without_check - 1):.1%})")  # fmt: skip
    print(f"CPU time spent for the model in one check (median of {RUNS}): {model_s:.3f} s of {check_s:.3f} s "
          f"({model_s / (check_s - model_s):.1%} added to the check without it; target at most 20%)")  # fmt: skip
    print(f"peak resident memory of a check:        with model {with_rss:.1f} MB, without {without_rss:.1f} MB "
          f"(+{with_rss - without_rss:.1f} MB; target at most +50 MB)")  # fmt: skip
    print(f"both models loaded (en, es JSON):       {loaded_s * 1000:.0f} ms")
    print(f"loaded, scored once and the closest-claim index built (under tracemalloc, which slows it): "
          f"{load_s * 1000:.0f} ms, {held_mb:.1f} MB allocated at peak")  # fmt: skip


if __name__ == "__main__":
    main()
