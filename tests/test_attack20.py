"""Attack 20 (issue 19): what reached a leaflet, an aftercare sheet and the preview server with
exit 0 in the round-20 fresh cases, refused where it was written. Each case's folder and
first-try result: /work/fresh/attack20/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_serve_idle import get, server  # noqa: F401 (a fixture)

from clearprint import Selection
from clearprint.frontdesk.visit import load_visit
from clearprint.pipeline import check_only
from clearprint.problems import ContentError, Problems
from conftest import TODAY, add_leaflet_sentences, assert_sentence_errors, samples

US = "sample-us-maple-grove"
PEELS = "handouts/chemical-peels"  # dark patches: 2 in 100 light peels
# (language, a sentence, the (column, rule) of each error it must give)
SENTENCES = [
    ("en", "Recovery is a breeze.", [(1, "claim-no-downtime-recovery")]),  # case 6
    ("en", "Dark patches happen after about 1 in 1.000 light peels.", [(33, "risk-prose-mismatch")]),  # case 12
    ("en", "About seventy in every hundred people get dark patches after a light peel.", [(7, "risk-prose-mismatch")]),
    ("en", "About two in every hundred light peels leave dark patches.", []),  # honest
    # case 3: an English testimonial, once (it was also "Spanish words in this English leaflet")
    ("en", 'One patient told us: "It was the best thing I ever did for my skin."', [(22, "claim-testimonial")]),
    ("es", "Unas setenta de cada cien personas tienen manchas oscuras después de un peeling suave.", [(6, "risk-prose-mismatch")]),  # case 11
    ("es", "Unos dos de cada cien peelings suaves dejan manchas oscuras.", []),  # honest
]  # fmt: skip


def _faint_badge(path: Path) -> None:
    """Case 9: light grey words, tilted, that OCR read as nothing."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 80), "NO PAIN  GUARANTEED", fill=(205, 205, 205), font=ImageFont.load_default(size=28))
    draw.ellipse((480, 40, 580, 140), outline=(29, 79, 115), width=6)
    image.rotate(7, fillcolor="white").save(path)


def test_round_20s_words_figures_and_faint_image_are_refused_at_their_line(tmp_path: Path) -> None:
    import hashlib

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    lines = add_leaflet_sentences(project / PEELS, SENTENCES)
    images = project / PEELS / "images"
    _faint_badge(images / "badge.png")
    digest = hashlib.sha256((images / "badge.png").read_bytes()).hexdigest()
    register = images / "images.yaml"
    register.write_text(
        register.read_text(encoding="utf-8") + f'  badge.png:\n    sha256: {digest}\n    alt: "A blue circle."\n'
        '    words: ""\n    reviewer: Practice manager\n    reviewed: 2026-11-01\n',
        encoding="utf-8",
    )
    page = project / PEELS / "en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![A blue circle.](images/badge.png)\n", encoding="utf-8")
    image_line = page.read_text(encoding="utf-8").count("\n")

    chosen = Selection((US,), ("chemical-peels",), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    assert_sentence_errors(errors, PEELS, SENTENCES, lines)
    said = [p for p in errors if p.file == f"{PEELS}/en.md" and p.line == image_line]
    assert [p.rule for p in said] == ["claim-painless"] and "shows the words 'NO PAIN'" in said[0].message, [
        str(p) for p in errors
    ]


VISIT = "patient_name: Ada Example\ndate: 2026-03-02\nareas: [forehead]\nproduct: Botox Cosmetic\nbatch: C1234A5\n"
VISIT += "dose: 44\ndose_unit: units\npractitioner: Dr Sam Sample\nnotes: {notes}\n"


@pytest.mark.parametrize(
    ("notes", "refused"),
    [
        ("We added twenty more units to the forehead at the end.", True),  # case 16
        ("Añadimos veinte unidades más en la frente.", True),
        ("We used 20 extra units.", True),
        ("Photos taken before treatment. Bring this sheet to your check.", False),
        ("Evite el sol siete u ocho días.", False),  # 'u': or, not units
    ],
)
def test_a_dose_in_words_in_the_notes_is_refused_at_the_notes_line(tmp_path: Path, notes: str, refused: bool) -> None:
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(notes=notes), encoding="utf-8")
    report = Problems(samples())
    if not refused:
        load_visit(path, report)
        return
    with pytest.raises(ContentError):
        load_visit(path, report)
    assert [(p.line, p.message.split(";")[0]) for p in report.items] == [
        (9, "'notes' gives a dose (a number and a unit)")
    ]


def test_a_hidden_file_put_in_the_site_by_hand_is_not_served(server, tmp_path: Path) -> None:  # noqa: F811
    """Case 28's side note: `serve` sent out/<clinic>/site/.env with status 200."""
    site = tmp_path / "out/test-clinic/site"  # the fixture's
    (site / ".env").write_text("SECRET=1")
    (site / "assets").mkdir()
    (site / "assets" / ".secret").write_text("SECRET=2")
    port = server.server_address[1]
    for path in ("/.env", "/assets/.secret", "/%2eenv", "/assets/%2Esecret"):
        status, body = get(port, path)
        assert status == 404 and b"SECRET" not in body, path
    assert get(port, "/index.html")[0] == 200


def test_a_trifold_panel_that_overflows_outside_a_section_names_the_trifold_line(tmp_path: Path) -> None:
    """Case 11's side note: the clinic's own Spanish 'alternatives' (the shared text, unchanged)
    adds its version to the back panel's 'about' box, which then overflows by a line; the error
    named handouts/chemical-peels/es.md with no line. Now the `trifold:` list's line."""
    from clearprint.pipeline import BuildOptions, build

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    source = (project / PEELS / "es.md").read_text(encoding="utf-8")
    start = source.index("## ¿Qué otras opciones tengo?")
    override = project / "clinics" / US / PEELS
    override.mkdir(parents=True)
    (override / "es.md").write_text(
        '---\nversion: "1.0"\nreview_status: awaiting-clinical-review\n---\n'
        + source[start : source.index("\n## ", start + 5)]
        + "\n",
        encoding="utf-8",
    )
    chosen = Selection((US,), ("chemical-peels",), ("es",), ("trifold",))
    result = build(project, BuildOptions(tmp_path / "out", chosen, today=TODAY, jobs=1))
    trifold = 1 + source[: source.index("\ntrifold:")].count("\n") + 1
    found = [(p.file, p.line) for p in result.report.errors if p.rule == "layout-trifold-overflow"]
    assert found == [(f"{PEELS}/es.md", trifold)], [str(p) for p in result.report.errors]
