"""`build.py check` keeps what the standard library's compiler made of each rule pattern under
out/ (incremental/pattern_cache.py): a second check loads the patterns instead of parsing and
compiling them again, and they match exactly as compiled ones do; a damaged or foreign file is
compiled over. A lemma's forms are written in one order in every process, so a rule's pattern
is the same text (and the same key) from one run to the next."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clearprint.checks import claims_prefilter, rules
from clearprint.incremental import pattern_cache
from clearprint.pipeline import Selection, check_only
from conftest import ROOT, TODAY, copy_samples

ONE = Selection(("sample-uk-riverside",), ("botulinum-toxin",), ("en",))
# patterns no rule file holds (so no other test has compiled them): groups, names, classes, lookarounds
PATTERNS = (
    r"\bzq-(?:risk|pain)[- ]?free-zq\b",
    r"(?P<word>zqsafe)\s+(?:and|&)\s+(?P=word)?effective(?!ly)",
    r"\bzq[0-9]{2,4}\s*%\s*(?:sure|certain)\b",
    r"(?<![a-z])zq(?:é|e)xito\b",
)
SAMPLES = (
    "a ZQ-risk-free-zq leaflet",
    "zqsafe and zqsafeeffective",
    "ZQSAFE & effectively",
    "zq100 % sure",
    "zq12% certain, zq1 % sure",
    "el zqéxito y zqexito",
)


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process knows of kept patterns: nothing until a file is read."""
    for name in ("_kept", "_read", "_written"):
        monkeypatch.setattr(pattern_cache, name, {})
    for name in ("_used", "_fresh"):
        monkeypatch.setattr(pattern_cache, name, set())
    monkeypatch.setattr(claims_prefilter, "_known", {})


def _same(kept: re.Pattern[str], pattern: str) -> None:
    made = re.compile(pattern, re.I)
    assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (
        made.pattern,
        made.flags,
        made.groups,
        made.groupindex,
    )
    for text in SAMPLES:
        assert [m.span() for m in kept.finditer(text)] == [m.span() for m in made.finditer(text)], (pattern, text)
        assert [m.groups() for m in kept.finditer(text)] == [m.groups() for m in made.finditer(text)]


def test_a_kept_pattern_is_loaded_not_compiled_and_matches_as_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _new_process(monkeypatch)
    first = {p: claims_prefilter.compile_kept(p, re.I.value) for p in PATTERNS}
    needles = {p: claims_prefilter._known[p] for p in PATTERNS}
    assert needles[PATTERNS[0]] == frozenset({"free-zq"})  # read from the parsed pattern, kept with its code
    pattern_cache.save(tmp_path)
    assert (tmp_path / pattern_cache.FILE).is_file()

    _new_process(monkeypatch)
    pattern_cache.use(tmp_path)

    def no_parse(*args, **kwargs):
        raise AssertionError("a kept pattern was parsed again")

    with monkeypatch.context() as parser:  # the parser back before anything else compiles
        parser.setattr(claims_prefilter._parser, "parse", no_parse)
        again = {p: claims_prefilter.compile_kept(p, re.I.value) for p in PATTERNS}
    for pattern in PATTERNS:
        _same(again[pattern], pattern)
        _same(first[pattern], pattern)
    assert {p: claims_prefilter._known.get(p) for p in PATTERNS} == {p: needles[p] for p in PATTERNS}


@pytest.mark.parametrize(
    "damage",
    ["not json", '{"python": "2.7", "patterns": {}}', "bad code", "truncated code", "wrong types"],
)
def test_a_damaged_or_foreign_file_is_compiled_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage) -> None:
    _new_process(monkeypatch)
    for pattern in PATTERNS:
        claims_prefilter.compile_kept(pattern, re.I.value)
    pattern_cache.save(tmp_path)
    path = tmp_path / pattern_cache.FILE
    data = json.loads(path.read_text())
    first, second = (pattern_cache.key(p, re.I.value) for p in PATTERNS[:2])
    if damage == "not json":
        path.write_text("{ not json")
    elif damage.startswith("{"):
        path.write_text(damage)
    else:
        if damage == "bad code":
            data["patterns"][first][1] = "!!!"
        elif damage == "truncated code":
            data["patterns"][first][1] = "AAAA"  # three bytes: not a whole code word
        else:
            data["patterns"][first][3] = ["not", "a", "dict"]
        path.write_text(json.dumps(data))

    _new_process(monkeypatch)
    pattern_cache.use(tmp_path)
    for pattern in PATTERNS:
        _same(claims_prefilter.compile_kept(pattern, re.I.value), pattern)
    pattern_cache.save(tmp_path)  # written again, sound
    _new_process(monkeypatch)
    pattern_cache.use(tmp_path)
    assert pattern_cache.get(PATTERNS[0], re.I.value) is not None and pattern_cache.get(PATTERNS[1], re.I.value)
    assert second in json.loads(path.read_text())["patterns"]


def test_a_second_check_compiles_no_rule_pattern_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = copy_samples(tmp_path / "project"), tmp_path / "out"
    first = check_only(project, ONE, TODAY, out)
    kept = json.loads((out / pattern_cache.FILE).read_text())["patterns"]
    assert len(kept) > 200  # the claim rules of the language and country, and their other-language reading
    stamp = (out / pattern_cache.FILE).stat().st_mtime_ns

    _new_process(monkeypatch)  # a new process: only out/ remembers
    monkeypatch.setattr(rules, "_parsed", {})  # the rule files validated (and their patterns compiled) again
    rules.compiled.cache_clear()
    compiled = []
    real = pattern_cache.put
    monkeypatch.setattr(pattern_cache, "put", lambda *a: (compiled.append(a[0]), real(*a)))
    again = check_only(project, ONE, TODAY, out)
    assert compiled == [], f"compiled again: {compiled[:3]}"
    assert [str(p) for p in again.report.items] == [str(p) for p in first.report.items]
    assert (out / pattern_cache.FILE).stat().st_mtime_ns == stamp  # nothing new: not written again
    rules.compiled.cache_clear()  # the patterns this test loaded are not left to the next tests


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
