"""content/yamlfile.load: the one cached loader of the YAML files the build reads again and again
(get-help routes, risks.yaml, sign words): kept while the file's modification time and size stay
the same, read through the guarded reader, an error located and never kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clearprint.content import yamlfile
from clearprint.limits import time_limit
from clearprint.models import Strict
from clearprint.problems import ContentError


class Words(Strict):
    signs: list[str]


def _write(path: Path, text: str, mtime_ns: int | None = None) -> None:
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_file_is_read_once_until_its_time_or_size_changes(tmp_path: Path) -> None:
    path = tmp_path / "signs.en.yaml"
    _write(path, "signs: [bruise]\n", 1_000_000_000)
    first, lines = yamlfile.load(path, Words, tmp_path)
    assert first.signs == ["bruise"] and lines[("signs",)] == 1
    assert yamlfile.load(path, Words, tmp_path)[0] is first  # kept
    _write(path, "signs: [swelling]\n", 1_000_000_000)  # the same time, another size: read again
    assert yamlfile.load(path, Words, tmp_path)[0].signs == ["swelling"]
    _write(path, "signs: [swellin]\n", 2_000_000_000)  # the same size, another time: read again
    assert yamlfile.load(path, Words, tmp_path)[0].signs == ["swellin"]


def test_an_error_is_located_and_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "signs.en.yaml"
    _write(path, "sings: [bruise]\n", 3_000_000_000)
    with pytest.raises(ContentError) as raised:
        yamlfile.load(path, Words, tmp_path)
    found = [str(p) for p in raised.value.problems]
    assert any(f.startswith("signs.en.yaml:1: error: unknown setting 'sings'") for f in found), found
    _write(path, "signs: [bruise]\n", 3_000_000_000)  # put right: same time and size as the bad one
    assert yamlfile.load(path, Words, tmp_path)[0].signs == ["bruise"]


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "signs.en.yaml"
    os.mkfifo(path)
    with time_limit(10), pytest.raises(ContentError) as raised:
        yamlfile.load(path, Words, tmp_path)
    assert str(raised.value.problems[0]).startswith("signs.en.yaml: error: not a regular file")
