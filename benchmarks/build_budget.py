"""The full sample build against an older tree: the 10% budget of issue 19.

Runs `build.py --force --jobs 2` in the base tree and in this one, alternating, each with
PYTHONPATH set to its own tree and the same Python, each into its own output folder; prints
every round's wall time, the medians, the ratio (this tree / base) and the load average
before and after, and whether both trees wrote the same bytes.

    .venv/bin/python benchmarks/build_budget.py /work/wt/base [--rounds 3] [--jobs 2] [--also OTHER_TREE]

Other builds on the machine change both trees' times alike only when the rounds alternate
in one run: compare the ratio, never a time against an older run's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 1.10


def build_once(tree: Path, out: Path, jobs: int, python: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [python, "build.py", "--force", "--jobs", str(jobs), "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{tree}: build.py exited {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".clearprint")
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", type=Path, help="the tree to compare with (e.g. a checkout of an older commit)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the tree measured (default: this one)")
    parser.add_argument(
        "--also", type=Path, action="append", default=[], help="another tree to time in the same rounds"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1, help="untimed builds per tree first (font caches, disk cache)")
    parser.add_argument("--python", default=sys.executable, help="the Python both trees run on (default: this one)")
    args = parser.parse_args()
    trees = {"base": args.base.resolve(), "this": args.tree.resolve()}
    trees |= {f"also{i}": tree.resolve() for i, tree in enumerate(args.also, start=1)}
    times: dict[str, list[float]] = {name: [] for name in trees}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="clearprint-budget-") as tmp:
        outs = {name: Path(tmp) / name for name in trees}
        for _ in range(args.warmup):
            for name, tree in trees.items():
                build_once(tree, outs[name], args.jobs, args.python)
        for round_ in range(1, args.rounds + 1):
            for name, tree in trees.items():
                seconds = build_once(tree, outs[name], args.jobs, args.python)
                times[name].append(seconds)
                print(f"round {round_} {name:5} {seconds:6.2f} s  ({tree})", flush=True)
        same = hashes(outs["base"]) == hashes(outs["this"])
    load_after = os.getloadavg()
    base, this = statistics.median(times["base"]), statistics.median(times["this"])
    for name, tree in trees.items():
        median = statistics.median(times[name])
        print(
            f"{name}: {' '.join(f'{t:.2f}' for t in times[name])} s, median {median:.2f} s,"
            f" ratio to base {median / base:.3f}  ({tree})"
        )
    print(f"ratio {this / base:.3f} (budget {BUDGET:.2f}): {'within' if this / base <= BUDGET else 'OVER'}")
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f}"
    )
    print(f"outputs of the two trees {'identical' if same else 'differ'} (expected to differ across issue 19)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
