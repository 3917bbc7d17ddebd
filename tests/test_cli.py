"""The command line: options, exit codes, summary, --html."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clearprint.cli import main
from conftest import ROOT


def test_bad_usage_exits_2(project: Path, capsys) -> None:
    assert main(["--project", str(project), "--clinic", "nope"]) == 2
    assert "no clinic 'nope' in clinics/ (known: test-clinic)" in capsys.readouterr().err
    assert main(["--project", str(project), "--handout", "nope"]) == 2
    assert main(["--project", str(project / "handouts")]) == 2


def test_unknown_option_exits_2() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--colour"], capture_output=True, text=True)
    assert run.returncode == 2 and "unrecognized arguments: --colour" in run.stderr


def test_build_with_filters_html_and_summary(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "pdfs"
    code = main(["--project", str(project), "--out", str(out), "--handout", "tiny", "--language", "en", "--html"])
    summary = capsys.readouterr().out
    assert code == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*"))
    # the OCR and word-share caches: test_image_text.py, test_text_language.py
    assert [p for p in written if not p.startswith((".clearprint-ocr", ".clearprint-words"))] == [
        ".clearprint-manifest.json",
        ".clearprint.lock",
        "test-clinic/check-report.html",
        "test-clinic/en/tiny.html",
        "test-clinic/en/tiny.pdf",
    ]
    assert summary.startswith("1 built, 0 unchanged, 0 failed (of 1 PDF in ") and "0 errors, 0 warnings." in summary
    # The preview HTML finds the stylesheets and logo from where it is written.
    html = (out / "test-clinic/en/tiny.html").read_text()
    base = html.split('<base href="', 1)[1].split('"', 1)[0]
    assert ((out / "test-clinic/en" / base / "styles/base.css").resolve()).is_file()


def test_console_command_is_installed() -> None:
    command = Path(sys.executable).parent / "clearprint"
    run = subprocess.run([str(command), "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "--clinic SLUG" in run.stdout


def test_options_before_the_command_are_kept(project: Path, tmp_path: Path, capsys) -> None:
    """`--handout tiny build`: the build command's own parser must not reset the filter to its
    default (argparse's trap with an option on both parsers), so only tiny is built."""
    out = tmp_path / "pdfs"
    code = main(["--project", str(project), "--out", str(out), "--handout", "tiny", "--edition", "standard", "build"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == ["test-clinic/en/tiny.pdf"]


def test_clinic_before_build_and_build_options_without_a_command() -> None:
    from clearprint.cli import parser

    args, extra = parser(ROOT).parse_known_args(["--clinic", "a", "build"])
    assert (args.command, args.clinic, extra) == ("build", ["a"], [])
    args, _ = parser(ROOT).parse_known_args(["--clinic", "a", "--clinic", "b", "check", "--format", "json"])
    assert (args.command, args.clinic, args.format) == ("check", ["a", "b"], "json")
    args, _ = parser(ROOT).parse_known_args(["build", "--clinic", "a"])
    assert args.clinic == ["a"]
    for alone in ("--html", "--watch"):  # the Makefile's `make html` and `make watch`
        args, extra = parser(ROOT).parse_known_args([alone])
        assert args.command == "build" and getattr(args, alone[2:]) is True and extra == []


def test_each_command_shows_its_own_options_only() -> None:
    def help_of(*command: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *command, "--help"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    printing = help_of("print")
    assert "--printer NAME" in printing and "--clinic SLUG" in printing
    assert "--bleed" not in printing and "--html" not in printing and "--format" not in printing
    checking = help_of("check")
    assert "--format {text,json}" in checking and "--printer" not in checking and "--force" not in checking
    assert "--jobs N" in checking and "in two at once" in checking  # its own --jobs, not rendering's
    sheet = help_of("sheet")
    assert "--visit FILE" in sheet and "--shard" not in sheet
    assert "COMMAND" in help_of() and "--bleed" in help_of("build")
