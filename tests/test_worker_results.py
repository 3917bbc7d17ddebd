"""What a rendering process sends back is read by the main process without loading WeasyPrint
(about a second and a half of a build's main process, while the workers waited for it)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from clearprint.pdf.drawn import Drawn, Run
from clearprint.pdf.fill import PageFill
from clearprint.pdf.workers import Done

ROOT = Path(__file__).resolve().parents[1]


def test_a_worker_result_unpickles_without_weasyprint():
    run = Run(0, 10.0, 20.0, 30.0, 12.0, "Call 999", 12.0, (0, 0, 0, 1), (1, 1, 1), True, "x.md:3", "body", "")
    fill = PageFill(595.0, 50.0, 700.0, (100.0,) * 96)
    done = Done("a/en/b", Path("/tmp/b.pdf"), drawn=Drawn((run,), 1, fills=(fill,)))
    blob = pickle.dumps(done)
    code = (
        "import pickle, sys\n"
        "done = pickle.loads(sys.stdin.buffer.read())\n"
        "assert done.drawn.runs[0].text == 'Call 999' and done.drawn.fills[0].width == 595.0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf', 'tinycss2')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=blob, capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "[]"
