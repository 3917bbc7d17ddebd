"""`build.py new-clinic` (issue 22, item 3): through its questions and through its options.

The questions are answered by feeding lines to the prompter, as a person would type them
(a refused answer is asked again with the reason); the options are given on the command
line, as a script would. Each writes a clinic that the project's loader reads, and the
first build's PDFs carry the clinic's name and phone number.
"""

from __future__ import annotations

import argparse
import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from clearprint_run import in_process
from pypdf import PdfReader

from clearprint.commands import new_clinic
from clearprint.content.clinics import load_clinic
from clearprint.frontdesk.new_clinic import Prompter
from clearprint.problems import Problems
from conftest import ROOT, copy_samples


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_samples(tmp_path_factory.mktemp("newclinic") / "project")


def _namespace(project: Path, **given) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, default=project)
    new_clinic.add_arguments(parser)
    args = parser.parse_args([])
    for key, value in given.items():
        setattr(args, key, value)
    return args


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`build.py new-clinic ARGS` with no terminal, in this process (clearprint_run.in_process):
    what it writes and says is the test, not the process (the terminal's questions are asked
    of the real command in its own process, below)."""
    code, out, err = in_process("new-clinic", "--project", project, *args)
    return subprocess.CompletedProcess(["build.py", "new-clinic", *args], code, out, err)


def _text(pdf: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)


def test_answering_the_questions_writes_an_explained_clinic_and_builds_its_pdfs(project, tmp_path):
    typed = [
        "Harbour Skin Clinic",  # name
        "",  # folder name: the suggested harbour-skin-clinic
        "Ireland",  # country, by its name
        "",  # paper: A4, Ireland's
        "",  # languages: en
        "botulinum-toxin",  # handouts
        "4 Quay Street; Galway H91 X2Y3",  # address
        "091 555 0142",  # phone
        "call us",  # out of hours: refused, asked again
        "091 555 0199",
        "",  # emergency: the country's
        "",  # website: none
        "#7fb3d5",  # main colour: too light on white, refused with a darker one suggested
        "#1b5e7a",
        "",  # accent: default
        "",  # logo: a plain mark
        "y",  # write and build
    ]
    screen = io.StringIO()
    prompter = Prompter(io.StringIO("\n".join(typed) + "\n"), screen)
    status = new_clinic.run(_namespace(project, out=tmp_path / "out"), prompter=prompter, stdout=screen)
    shown = screen.getvalue()
    assert "'call us' is not a phone number" in shown
    assert "#7fb3d5 on white has contrast 2.26:1, below 4.5:1" in shown and "try #567a91" in shown
    assert "Paper size (A4 or Letter) [A4]" in shown and "Emergency number [112 / 999]" in shown
    assert status == 0, shown

    folder = project / "clinics" / "harbour-skin-clinic"
    written = (folder / "clinic.yaml").read_text(encoding="utf-8")
    settings = yaml.safe_load(written)
    assert settings["name"] == "Harbour Skin Clinic" and settings["country"] == "IE"
    assert settings["colors"]["primary"] == "#1b5e7a" and settings["address"] == ["4 Quay Street", "Galway H91 X2Y3"]
    assert "sample" not in settings and "Riverside" not in written and "Maple" not in written
    comments = [line for line in written.splitlines() if line.startswith("#")]
    assert len(comments) >= 20 and "# The emergency number the leaflets tell patients to call" in written
    assert load_clinic(folder, Problems(project)).settings.page_size == "A4"
    logo = (folder / "logo.svg").read_text()
    assert "#1b5e7a" in logo and "<text" not in logo  # the clinic's colour, and no words a check cannot read

    pdfs = sorted((tmp_path / "out" / "harbour-skin-clinic" / "en").glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "botulinum-toxin.large-print.pdf",
        "botulinum-toxin.pdf",
        "botulinum-toxin.trifold.pdf",
    ]
    text = _text(tmp_path / "out" / "harbour-skin-clinic" / "en" / "botulinum-toxin.pdf")
    assert "Harbour Skin Clinic" in text and "091 555 0142" in text and "091 555 0199" in text
    assert f"are in {tmp_path / 'out' / 'harbour-skin-clinic'}/" in shown


def test_every_answer_as_an_option_for_scripts(project, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes((ROOT / "docs" / "images" / "standard-1.png").read_bytes())
    given = [
        "--name", "Bay Dermatology", "--slug", "bay-derm", "--country", "US", "--languages", "en,es",
        "--handouts", "dermal-fillers", "--address", "1 Shore Road; Bayside, ST 00000",
        "--phone", "(555) 555-0100", "--after-hours", "(555) 555-0101", "--website", "https://bay.example/",
        "--primary-colour", "1d4f73", "--logo", str(logo), "--yes", "--no-build",
    ]  # fmt: skip
    done = _cli(project, *given)
    assert done.returncode == 0, done.stderr
    folder = project / "clinics" / "bay-derm"
    settings = load_clinic(folder, Problems(project)).settings
    assert settings.languages == ["en", "es"] and settings.handouts == ["dermal-fillers"]
    assert settings.logo == "logo.png" and (folder / "logo.png").read_bytes() == logo.read_bytes()
    assert settings.website == "https://bay.example" and settings.colors.primary == "#1d4f73"
    assert settings.page_size == "Letter" and settings.emergency == "911" and settings.distribution is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--slug", "sample-uk-riverside"], "clinics/sample-uk-riverside/ already exists"),
        (["--slug", "../escape"], "'../escape' is not a safe folder name"),
        (["--slug", "Sample UK"], "is not a safe folder name"),
        (["--country", "NZ"], "no researched profile for New Zealand"),
        (["--primary-colour", "#ffcc00"], "#ffcc00 on white has contrast 1."),
        (["--logo", "README.md"], "'README.md' is not a PNG, JPEG or SVG image"),
        (["--languages", "fr"], "there are no handouts in 'fr' yet"),
    ],
)
def test_a_refused_option_writes_nothing(project, args, message):
    base = {"--name": "Other Clinic", "--slug": "other-clinic", "--country": "US", "--address": "1 Road"}
    base |= {"--phone": "555 0100", "--after-hours": "555 0101"}
    base |= dict(zip(args[::2], args[1::2], strict=True))
    before = sorted(p.name for p in (project / "clinics").iterdir())
    done = _cli(project, *[x for pair in base.items() for x in pair], "--yes", "--no-build")
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert sorted(p.name for p in (project / "clinics").iterdir()) == before  # nothing half-written


def test_without_a_terminal_every_required_answer_is_named(project):
    done = _cli(project, "--name", "Quiet Clinic")
    assert done.returncode == 2
    assert "give --country (or run it on a terminal to be asked)" in done.stderr
    done = _cli(project, "--name", "Quiet Clinic", "--country", "UK")
    assert "give --address, --phone, --after-hours" in done.stderr
    assert not (project / "clinics" / "quiet-clinic").exists()


def test_on_a_terminal_it_asks_each_question(project) -> None:
    """The real command under a pseudo-terminal: a person typing answers as the questions come."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "new-clinic", "--project", str(project), "--no-build"],
        stdin=child, stdout=child, stderr=child, close_fds=True,
    )  # fmt: skip
    os.close(child)
    typed = {
        "Clinic name": "Dune Clinic",
        "Short name for its folder [dune-clinic]": "",
        "Country": "AU",
        "Paper size (A4 or Letter) [A4]": "",
        "Languages": "en",
        # every shipped handout has an Australian version (issue 21)
        "Handouts [botulinum-toxin, chemical-peels, dermal-fillers]": "chemical-peels",
        "Address": "2 Sand Road; Dunesville",
        "Clinic phone number": "02 5550 1234",
        "Out-of-hours phone number": "02 5550 9999",
        "Emergency number [000]": "",
        "Website": "",
        "Main brand colour": "",
        "Second brand colour": "",
        "Logo file": "",
        "Write it [Y/n]": "y",
    }
    screen, seen = "", 0  # what the terminal showed; how much of it the questions so far took
    try:
        for question, answer in typed.items():
            deadline = time.monotonic() + 20
            while question not in screen[seen:] and time.monotonic() < deadline:
                if select.select([main], [], [], 0.2)[0]:
                    screen += os.read(main, 4096).decode(errors="replace").replace("\r", "")
            assert question in screen[seen:], screen
            seen = screen.index(question, seen) + len(question)
            if answer is not None:  # None: a line it says, not a question
                os.write(main, (answer + "\n").encode())
        assert process.wait(timeout=30) == 0, screen
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    settings = load_clinic(project / "clinics/dune-clinic", Problems(project)).settings
    assert (settings.country, settings.emergency, settings.handouts) == ("AU", "000", ["chemical-peels"])


def test_an_irish_clinic_is_offered_only_the_handouts_it_can_print(project, tmp_path) -> None:
    fillers = project / "handouts/dermal-fillers/en.md"
    shipped = fillers.read_text()
    # The shipped text has an Irish passage (issue 21): take it out, so one handout has none.
    fillers.write_text(re.sub(r"::: country IE  # EU MDR.*?\n:::\n", "", shipped, count=1, flags=re.S))
    try:
        _irish_clinic_offered_only_what_it_can_print(project)
    finally:
        fillers.write_text(shipped)


def _irish_clinic_offered_only_what_it_can_print(project) -> None:
    done = _cli(project, "--name", "Lough Clinic", "--country", "IE", "--address", "1 Shore Road", "--phone", "01 555 0100",
                "--after-hours", "01 555 0101", "--yes", "--no-build")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "dermal-fillers is left out: it has no Ireland version of handouts/dermal-fillers/en.md:" in done.stdout
    settings = load_clinic(project / "clinics/lough-clinic", Problems(project)).settings
    assert settings.handouts == ["botulinum-toxin", "chemical-peels"] and settings.emergency == "112 / 999"
    done = _cli(project, "--name", "Other Lough", "--country", "IE", "--handouts", "dermal-fillers", "--address", "1 Road",
                "--phone", "01 555 0100", "--after-hours", "01 555 0101", "--yes", "--no-build")  # fmt: skip
    assert done.returncode == 2
    assert "'dermal-fillers' has a passage with no Ireland version yet (handouts/dermal-fillers/en.md:" in done.stderr


def test_names_and_numbers_with_quotes_colons_and_hashes_are_written_as_given(project) -> None:
    name = 'O\'Brien "Skin": Clinic #1 — Ñ'
    done = _cli(project, "--name", name, "--slug", "obrien", "--country", "UK", "--address", "Flat 2: #3; Cork: Rd",
                "--phone", "+44 (0)20 7946 0000 ext. 12", "--after-hours", "020 7946 0001", "--yes", "--no-build")  # fmt: skip
    assert done.returncode == 0, done.stderr
    settings = load_clinic(project / "clinics/obrien", Problems(project)).settings
    assert settings.name == name and settings.address == ["Flat 2: #3", "Cork: Rd"]
    assert settings.phone == "+44 (0)20 7946 0000 ext. 12"
