"""How long `build.py check` takes on the whole sample catalogue.

Prints, in one run: Python start-up and imports, the first check (which also reads the
CMU pronouncing dictionary), and a second check in the same process. Target: the check
itself, after start-up, under 1 second.

    .venv/bin/python benchmarks/check_speed.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    t0 = time.perf_counter()
    from clearprint.pipeline import check_only

    imported = time.perf_counter() - t0
    t1 = time.perf_counter()
    first = check_only(ROOT)
    first_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    check_only(ROOT)
    second_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], capture_output=True, check=False)
    command_s = time.perf_counter() - t3
    print(f"outputs checked:                    {len(first.checks)}")
    print(f"imports:                            {imported:.3f} s")
    print(f"first check (loads CMU dictionary): {first_s:.3f} s  (target < 1 s)")
    print(f"second check, same process:         {second_s:.3f} s")
    print(f"whole `build.py check` command:     {command_s:.3f} s (Python start-up included)")


if __name__ == "__main__":
    main()
