"""A lemma's forms are written into a rule's pattern in the lemma table's order, the same in
every process (they came out in a different order with each hash seed): a rule is the same
text from one run to the next, so its findings and reports are too."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_a_lemmas_forms_are_in_one_order_in_every_process() -> None:
    code = (
        "from pathlib import Path; from clearprint.languages import expand, load; "
        f"lemmas = load(Path({str(ROOT)!r}), 'es').lemmas; "
        "print(sorted(lemmas)[:1]); print([expand(f'<{w}>', lemmas) for w in sorted(lemmas)])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1 and "(?:seguros|seguras|seguro|segura)" in next(iter(seen))  # the table's order
