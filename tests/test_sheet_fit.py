"""The one-page aftercare sheet fits the samples' longer get-help sections: the leaflet's order
(aftercare, then when to get help) when it fits, otherwise when to get help first, its tail
running on into the right column (the UK fillers sheet ran 2 lines onto a second page with the
left column a quarter empty); and the Spanish sheets fit (they ran 2 lines over)."""

from __future__ import annotations

from pathlib import Path

from clearprint_run import sheet
from pypdf import PdfReader

from conftest import ROOT, copy_samples, pdf_text, samples


def _sheet(tmp_path: Path, handout: str, clinic: str, *options: str) -> str:
    out = tmp_path / f"{handout}-{clinic}.pdf"
    code, _, err = sheet(samples(), handout, "--clinic", clinic, *options, "--out", str(out))
    assert code == 0, err
    assert len(PdfReader(out).pages) == 1
    return " ".join(pdf_text(out).split())


def test_a_long_get_help_section_goes_first_and_the_sheet_stays_one_page(tmp_path: Path) -> None:
    example = ROOT / "examples" / "visit.yaml"
    fillers = tmp_path / "fillers-visit.yaml"  # filler is dosed in mL (its risks.yaml `dose:`)
    fillers.write_text(example.read_text(encoding="utf-8").replace("dose: 44", "dose: 1").replace("units ", "mL "))
    text = _sheet(tmp_path, "dermal-fillers", "sample-uk-riverside", "--visit", str(fillers))
    assert text.index("When to get help") < text.index("After your treatment")
    assert "Report a side effect to the Yellow Card scheme" in text  # the tail, on the page
    text = _sheet(tmp_path, "botulinum-toxin", "sample-uk-riverside", "--visit", str(example))
    assert text.index("After your treatment") < text.index("When to get help")  # fits as the leaflet has it


def test_the_spanish_fillable_peels_sheet_fits_one_page(tmp_path: Path) -> None:
    text = _sheet(tmp_path, "chemical-peels", "sample-us-maple-grove", "--language", "es", "--fillable")
    assert "Notifique efectos secundarios" in text


def test_a_sheet_that_fits_in_no_order_is_a_located_error_saying_by_how_much(tmp_path: Path) -> None:
    project = copy_samples(tmp_path / "project")
    handout = project / "handouts" / "dermal-fillers" / "en.md"
    text = handout.read_text(encoding="utf-8")
    longer = "\n\nKeep your head up on two pillows on the first night, and sleep on your back.\n" * 12
    handout.write_text(text.replace("## When to get help", longer + "\n## When to get help", 1), encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    code, _, err = sheet(project, "dermal-fillers", "--clinic", "sample-uk-riverside", "--out", str(out), "--fillable")
    assert code == 1 and not out.exists()
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("## After your treatment"))
    assert (
        f"handouts/dermal-fillers/en.md:{line}: error: the aftercare sheet does not fit one page (it runs over by"
        in err
    )


def test_what_runs_over_counts_the_flow_not_the_next_pages_header_and_footer() -> None:
    from weasyprint import HTML

    from clearprint.pdf.overflow import runs_over

    page = """<style>@page { size: A6; @top-left { content: "Clinic header" } @bottom-left { content: "Footer" } }
    .next { break-before: page; }</style><p>Fits on page one.</p><p class="next">one<br>two<br>three</p>"""
    document = HTML(string=page).render()
    assert len(document.pages) == 2
    lines, mm = runs_over(document, 1)
    assert lines == 3 and 10 < mm < 30  # 5 before the fix: the header and footer counted too
    assert runs_over(document, 2) is None
