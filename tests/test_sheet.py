"""`build.py sheet`: one patient's aftercare sheet, and fillable sheets and leaflets.

The privacy test makes a sheet for a patient with a name no other file has, then searches
every file the run wrote or left (the project, out/, the temporary folder and home it was
given, the repository) and everything it printed; only the PDF asked for may hold the name.
"""

from __future__ import annotations

import functools
import os
import time
import uuid
from pathlib import Path

import pytest
from clearprint_run import sheet, subprocess_run
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from clearprint.frontdesk.visit import FIELDS
from conftest import ROOT, copy_samples, make_project, pdf_text, samples, with_ocr_readings
from pdfinspect import marked_content_ids, struct_elements, struct_mcids

US = "sample-us-maple-grove"
VISIT = """\
patient_name: {name}
date: 2026-03-02
areas: [frown lines, crow's feet]
product: Botox Cosmetic
batch: {batch}
dose: 44
dose_unit: units
practitioner: Dr Sam Sample
follow_up: 2026-03-16
notes: Photos taken before treatment.
"""


SPANISH_NOTES = ("notes: Photos taken before treatment.", "notes: Se tomaron fotos antes del tratamiento.")


def unique_name() -> str:
    """A patient name that is in no file anywhere until the test writes it."""
    tag = uuid.uuid4().hex[:10]
    return f"Quillon Zedwick-{tag}"


def encodings(text: str) -> list[bytes]:
    """The ways a file could hold a name: as UTF-8 or UTF-16 (PDF strings), in any case."""
    found = []
    for variant in {text, text.lower(), text.upper()}:
        found += [variant.encode("utf-8"), variant.encode("utf-16-be"), variant.encode("utf-16-le")]
    return found


def files_under(folder: Path) -> dict[Path, tuple[int, int]]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = Path(dirpath) / name
            try:
                stat = path.lstat()
            except OSError:
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def holding(paths, needles: list[bytes]) -> list[Path]:
    hits = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(needle in data for needle in needles):
            hits.append(path)
    return hits


def test_patient_details_are_kept_nowhere_but_the_sheet(sample, tmp_path: Path) -> None:
    # Digits after "LOT": a batch number allows at most three letters in a row, and random hex
    # would put a fourth there about one run in three.
    name, batch = unique_name(), f"LOT{uuid.uuid4().int % 10**8:08d}"
    project = copy_samples(tmp_path / "project")
    # the default output folder, holding the last build's image readings: nothing may go there
    with_ocr_readings(sample, project / "out")
    private = tmp_path / "private"  # where the clinic keeps the visit file and the sheet
    private.mkdir()
    visit = private / "visit.yaml"
    visit.write_text(VISIT.format(name=name, batch=batch), encoding="utf-8")
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    watched = [project, home, temp, ROOT]
    before = {folder: files_under(folder) for folder in watched}
    started = time.time_ns()

    sheet = private / "sheet.pdf"
    # In new processes: what a run leaves behind (caches, temporary files) is under test.
    arguments = ("sheet", "botulinum-toxin", "--clinic", US, "--project", project, "--visit")
    code, made_out, made_err = subprocess_run(*arguments, visit, "--out", sheet, env=env, binary=True)
    assert code == 0, made_err.decode()
    code, piped_out, piped_err = subprocess_run(*arguments, "-", "--out", "-", env=env, stdin=visit.read_bytes(),
                                                binary=True)  # fmt: skip
    assert code == 0 and piped_out.startswith(b"%PDF-")

    needles = encodings(name) + encodings(batch)
    # Everything printed: only the PDF on standard output holds the details.
    for stream in (made_out, made_err, piped_err):
        assert not any(needle in stream for needle in needles)
    # Every file written or changed in the project (out/ included), home, the temporary
    # folder and the repository: none holds the details.
    changed = []
    for folder in watched:
        after = files_under(folder)
        changed += [p for p, stamp in after.items() if before[folder].get(p) != stamp]
    assert not holding(changed, needles), "a patient detail was kept"
    assert not [p for p in changed if p.is_relative_to(project)], "the sheet wrote into the project"
    assert not any(temp.iterdir()), "the sheet left temporary files"
    shm = (
        [p for p in Path("/dev/shm").glob("*") if p.lstat().st_mtime_ns >= started] if Path("/dev/shm").is_dir() else []
    )
    assert not holding(shm, needles)
    assert sorted(p.name for p in private.iterdir()) == ["sheet.pdf", "visit.yaml"]
    assert oct(sheet.stat().st_mode & 0o777) == "0o600"  # readable by the person who made it only

    # The sheet itself: the visit's details and the clinic's aftercare, on one page; its
    # title and metadata are the handout's, never the patient's.
    for pdf in (sheet, private / "piped.pdf"):
        if pdf.name == "piped.pdf":
            pdf.write_bytes(piped_out)
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        text = " ".join(pdf_text(pdf).split())
        for detail in (name, "March 2, 2026", "frown lines, crow's feet", "Botox Cosmetic", batch, "44 units",
                       "Dr Sam Sample", "March 16, 2026", "Photos taken before treatment."):  # fmt: skip
            assert detail in text, detail
        for aftercare in ("Do not rub or massage the area for 24 hours.", "Call 911 now if you have:",
                          "Call us now: (555) 555-0142", "After your treatment", "When to get help"):  # fmt: skip
            assert aftercare in text, aftercare
        assert "What are the risks?" not in text  # only the aftercare and get-help sections
        metadata = repr(dict(reader.metadata)) + reader.xmp_metadata.stream.get_data().decode("utf-8")
        assert reader.metadata.title == "Botulinum toxin injections for lines"
        assert not any(n.decode("utf-8", "ignore") in metadata for n in encodings(name) + encodings(batch))
        assert name.encode() not in b"".join(str(v).encode() for v in reader.trailer["/ID"])
    pdf.unlink()


def test_spanish_and_uk_sheets_as_the_clinic_prints_them(tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(VISIT.format(name="Ada Example", batch="C1234A5"), encoding="utf-8")
    visita = tmp_path / "visita.yaml"  # the notes in the sheet's language (checks/language_of_text.py)
    visita.write_text(VISIT.format(name="Ada Example", batch="C1234A5").replace(SPANISH_NOTES[0], SPANISH_NOTES[1]))
    spanish, uk = tmp_path / "es.pdf", tmp_path / "uk.pdf"
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--language", "es", "--visit", str(visita),
                         "--out", str(spanish))  # fmt: skip
    assert code == 0, err
    text = " ".join(pdf_text(spanish).split())
    assert "2 de marzo de 2026" in text and "44 unidades" in text and "Llame al 911 ahora" in text
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", "sample-uk-riverside", "--visit", str(visit),
                         "--out", str(uk))  # fmt: skip
    assert code == 0, err
    text = " ".join(pdf_text(uk).split())
    # The UK clinic's country (999, British spelling, its own dates) and one page of A4.
    assert "Call 999 now" in text and "make-up" in text and "2 March 2026" in text
    assert [round(float(v)) for v in PdfReader(uk).pages[0].mediabox[2:]] == [595, 842]
    assert len(PdfReader(uk).pages) == 1


def test_a_dose_above_the_label_is_refused_at_its_line_unless_confirmed(tmp_path: Path) -> None:
    """Round-18 attack, case 18: 440 units typed for 44 was printed. Botox's label gives at most
    100 units for one visit (risks.yaml `dose_most`); other brands' units differ and are not
    checked; a larger dose prints when the visit file says who checked it."""
    visit = tmp_path / "visit.yaml"
    pdf = tmp_path / "s.pdf"
    for product, dose, extra, refused in [
        ("Botox Cosmetic", 440, "", True),
        ("BOTOX® Cosmetic", 101, "", True),
        ("Botox Cosmetic", 100, "", False),
        ("Dysport", 440, "", False),
        ("Botox Cosmetic", 440, "dose_confirmed_by: Dr Sam Sample\n", False),
    ]:
        text = VISIT.format(name="Ada Example", batch="C1234A5").replace("Botox Cosmetic", product)
        visit.write_text(text.replace("dose: 44", f"dose: {dose}") + extra, encoding="utf-8")
        pdf.unlink(missing_ok=True)
        code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", str(visit), "--out", str(pdf))
        if refused:
            assert code == 1 and not pdf.exists(), (product, dose)
            assert err.startswith(f"{visit}:6: error: 'dose' is {dose} units, more than the 100 units the label of "
                                  "Botox gives for one visit (source [1]: FDA. Prescribing information"), err  # fmt: skip
            assert "add `dose_confirmed_by: <your name>`" in err
        else:
            assert code == 0, (product, dose, err)
            assert f"{dose} units" in " ".join(pdf_text(pdf).split()), (product, dose)
            assert "Dr Sam Sample" in pdf_text(pdf) and ("confirmed" not in pdf_text(pdf).lower())


BAD_VISIT = """\
patient_name: {name}
date: {name}
areas: [frown lines]
product: Botox Cosmetic
batch: C1234A5
dose: {name}
dose_unit: {name}
practitioner: Dr Sam Sample
follow_up: 2026-03-16
{name}: 12
notes: {long}
"""


def test_visit_errors_name_the_field_and_line_never_the_value(tmp_path: Path) -> None:
    name = unique_name()
    visit = tmp_path / "visit.yaml"
    visit.write_text(BAD_VISIT.format(name=name, long=name * 20), encoding="utf-8")
    code, out, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", str(visit), "--out",
                           str(tmp_path / "s.pdf"))  # fmt: skip
    assert code == 1 and not out
    assert set(err.splitlines()) == {
        f"{visit}:2: error: 'date' must be a real date written as YYYY-MM-DD, e.g. 2026-03-02",
        f"{visit}:6: error: 'dose' must be a number, e.g. 20 or 0.5; write the unit in 'dose_unit'",
        f"{visit}:7: error: 'dose_unit' must be units or mL",
        f"{visit}:10: error: unknown field (not shown: it may be a patient detail); the fields of a visit file "
        "are: patient_name, date, areas, product, batch, dose, dose_unit, dose_confirmed_by, practitioner, follow_up, notes",
        f"{visit}:11: error: 'notes' is too long for the sheet: at most 400 characters; shorten it",
    }
    assert not (tmp_path / "s.pdf").exists()

    cases = {
        "date: 2026-03-02\nfollow_up: 2026-03-01\n": "2: error: 'follow_up' must be after 'date'",
        "date: 2026-02-30\n": "1: error: 'date' must be a real date",
        f'patient_nme: "{name}"\n': "1: error: unknown field (not shown: it may be a patient detail); did you mean 'patient_name'?",
        f'patient_name: "{name}\n': "error: the YAML is not valid here; check quotes, colons and indentation",
        f"notes: #{name}\n": "1: error: a field has no value because YAML reads everything after ' #' as a comment",
        f"patient_name: {name}\npatient_name: {name}\n": "2: error: a field appears twice; keep one",
        f"- {name}\n": "1: error: a visit file is written as `field: value` lines",
        f"areas: {name}\n": "1: error: 'areas' must be a list of 1 to 8 areas",
    }
    for text, expected in cases.items():
        code, out, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", "-", "--out", "-",
                               stdin=text.encode())  # fmt: skip
        assert code == 1 and not out, text
        assert f"/dev/stdin:{expected}" in err or expected in err, (text, err)
        assert name not in err and name.lower() not in err.lower(), err


@pytest.mark.parametrize("edition", [None, "standard", "large-print"])
def test_fillable_pdf_has_labelled_tagged_form_fields(tmp_path: Path, edition: str | None) -> None:
    project = make_project(tmp_path / "project")  # the test clinic (UK), with both editions
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, large-print]\n")
    page = project / "handouts/tiny/en.md"  # a summary no claim rule reads as a testimonial
    page.write_text(
        page.read_text().replace(
            "summary: A small handout used by the tests.", "summary: A small handout for the tests."
        )
    )
    out = tmp_path / "fillable.pdf"
    code, _, err = sheet(project, "tiny", "--clinic", "test-clinic", "--fillable", "--out", str(out),
                         *(["--edition", edition] if edition else []))  # fmt: skip
    assert code == 0, err
    reader = PdfReader(out)
    if edition is None:
        assert len(reader.pages) == 1
    # One text field per detail, each with its tooltip (/TU, from the input's `title`).
    root = reader.trailer["/Root"]
    fields = [f.get_object() for f in root["/AcroForm"]["/Fields"]]
    assert [str(f["/T"]) for f in fields] == list(FIELDS)
    tips = {str(f["/T"]): str(f["/TU"]) for f in fields}
    assert tips["patient_name"] == "Patient's full name"
    assert tips["batch"] == "Batch or lot number on the product's label"
    assert all(tip and tip != name for name, tip in tips.items())
    assert all(f["/FT"] == "/Tx" and str(f["/V"]) == "" for f in fields)  # blank, to fill in
    assert "Name" in pdf_text(out) and "Batch number" in pdf_text(out)  # the printed labels
    # Tagged for screen readers: each widget is a /Form structure element's object reference,
    # annotations are read in structure order, and PDF/UA's structure checks still pass.
    forms = [e for e in struct_elements(reader) if e["/S"] == "/Form"]
    assert len(forms) == len(FIELDS)
    widgets = {id(f) for f in fields}
    for form in forms:
        kids = form["/K"]
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        objrs = [k.get_object() for k in kids if isinstance(k.get_object(), DictionaryObject)]
        assert objrs and all(o["/Type"] == "/OBJR" and id(o["/Obj"].get_object()) in widgets for o in objrs)
    annotated = [p for p in reader.pages if "/Annots" in p]
    assert annotated and all(p["/Tabs"] == "/S" for p in annotated)
    assert all("/StructParent" in f for f in fields)
    assert str(root["/Lang"]) == "en-GB" and reader.metadata.title == "A tiny test handout"
    assert str(root["/ViewerPreferences"]["/DisplayDocTitle"]).lower() == "true"
    reached = struct_mcids(reader)
    for page in range(len(reader.pages)):
        ids = marked_content_ids(reader, page)
        assert ids and ids == {mcid for p, mcid in reached if p == page}, page
        assert b"/Artifact" in reader.pages[page].get_contents().get_data()


def test_filled_leaflet_edition_and_usage_errors(tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(VISIT.format(name="Ada Example", batch="C1234A5"), encoding="utf-8")
    leaflet = tmp_path / "leaflet.pdf"
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", str(visit), "--edition",
                         "large-print", "--out", str(leaflet))  # fmt: skip
    assert code == 0, err
    text = " ".join(pdf_text(leaflet).split())
    assert "Ada Example" in text and "What are the risks?" in text and "Large print" in text
    assert "/AcroForm" not in PdfReader(leaflet).trailer["/Root"]

    manifest_folder = tmp_path / "pdfs"
    manifest_folder.mkdir()
    (manifest_folder / ".clearprint-manifest.json").write_text("{}")
    usage = {
        (): "say where the sheet goes",
        ("--out", str(samples() / "out" / "s.pdf")): "aftercare sheets are never kept there",
        ("--out", str(samples() / "s.pdf")): "with a patient's details are never kept there",
        ("--out", str(samples() / ".git" / "s.pdf")): "with a patient's details are never kept there",
        ("--out", str(manifest_folder / "s.pdf")): "a folder Clearprint builds handouts into",
        ("--out", str(tmp_path / "s.txt")): "with .pdf at the end",
        ("--out", str(tmp_path / "s.pdf"), "--fillable"): "give --visit FILE for one patient's sheet, or --fillable",
        ("--out", str(tmp_path / "s.pdf"), "--edition", "trifold"): "invalid choice: 'trifold'",
        ("--out", str(tmp_path / "s.pdf"), "--language", "fr"): "does not print in 'fr'",
    }
    for arguments, expected in usage.items():
        code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", str(visit), *arguments)
        assert code == 2 and expected in err, (arguments, err)
    assert not (samples() / "out").exists() and not (tmp_path / "s.pdf").exists()
    assert not (samples() / "s.pdf").exists() and not (samples() / ".git" / "s.pdf").exists()


def test_print_sends_the_sheet_from_memory_with_a_generic_job_name(sample, tmp_path: Path) -> None:
    """--print against a real print server (tests/printserver.py): the job is called
    "Aftercare sheet", one-sided, unscaled, and the document is the sheet."""
    from printserver import PrintServer

    name = unique_name()
    server = PrintServer()
    try:
        server.add_queue("sheets")
        project = copy_samples(tmp_path / "project")
        with_ocr_readings(sample, project / "out")  # as the last build left them
        settings = project / f"clinics/{US}/clinic.yaml"
        settings.write_text(
            settings.read_text().replace("desk: maple-grove-front-desk", f"desk: {server.uri('sheets')}")
        )
        code, out, err = subprocess_run("sheet", "botulinum-toxin", "--clinic", US, "--visit", "-", "--print",
                                        "--project", project, stdin=VISIT.format(name=name, batch="C1234A5").encode(),
                                        binary=True, timeout=120)  # fmt: skip
        assert code == 0, err.decode()
        assert name.encode() not in out + err
        (job,) = server.job_ids()
        arrived = server.job_attributes("sheets", job)
        assert arrived["job-name"] == "Aftercare sheet" and name not in repr(arrived)
        assert (arrived["media"], arrived["sides"], arrived["print-scaling"]) == (
            "na_letter_8.5x11in",
            "one-sided",
            "none",
        )
        spooled = tmp_path / "spooled.pdf"
        spooled.write_bytes(server.spooled(job))
        assert len(PdfReader(spooled).pages) == 1 and name in pdf_text(spooled)
    finally:
        server.stop()


# --- the sheet is the build's output: its publishing verdicts and the languages it prints --


@functools.cache  # the US sample's is read by two tests: rendered once
def _leaflet(root: Path, clinic: str, language: str | None = None) -> str:
    """The text of a fillable standard leaflet, made in this process as `sheet --edition standard`."""
    import datetime as dt

    from clearprint.frontdesk.sheet import Sheet, make
    from clearprint.problems import Problems

    report = Problems(root)
    data = make(root, Sheet(clinic, "botulinum-toxin", language, "standard", True), None, report, dt.date(2026, 11, 26))
    path = root.parent / f"{clinic}-{language}.pdf"
    path.write_bytes(data)
    return " ".join(pdf_text(path).split())


def test_a_leaflet_the_site_does_not_publish_has_no_qr_code_on_its_sheet() -> None:
    """The UK clinic's botulinum toxin leaflet names a prescription-only brand, so the site
    leaves it out and its PDFs carry no QR code; its sheet must not send patients there either.
    The US clinic's is published, and its sheet has the code and address."""
    assert "Read this leaflet online" in _leaflet(samples(), US)
    assert "Read this leaflet online" not in _leaflet(samples(), "sample-uk-riverside")


def test_a_sheet_names_only_the_languages_the_build_prints(tmp_path: Path) -> None:
    """An Irish clinic whose Spanish botulinum toxin text is refused (its Irish passage taken
    out, it has US-only text): the build prints no 'also available in Spanish', and neither
    may the sheet."""
    import shutil

    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "handouts", project / "handouts", dirs_exist_ok=True)
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(
        path.read_text()
        .replace("country: UK", "country: IE")
        .replace("languages: [en]", "languages: [en, es]")
        .replace("handouts: [tiny, second]", "handouts: [botulinum-toxin]")
    )
    spanish = project / "handouts/botulinum-toxin/es.md"
    spanish.write_text(spanish.read_text().replace("::: country IE  # HPRA", "::: country NZ  # HPRA", 1))
    text = _leaflet(project, "test-clinic", "en")
    assert "botulinum" in text.lower()
    assert "Spanish" not in text
    assert "and in Spanish: ask at reception" in _leaflet(samples(), US)  # as a clinic that prints it says
