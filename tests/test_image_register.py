"""Images are an allowlist (issue 19; attack5 image-ocr-wavy): a PNG saying "100% SAFE.
PAINLESS!" in letters set on a wave, which Tesseract reads as "199% Are. Aj LESS;", was printed
and published. Now every image an output prints is declared in `images.yaml` beside it (sha256,
alt, words, reviewer, reviewed): undeclared or changed images are refused, declared words are
held to the claim rules at the register's line, and OCR is a cross-check of the declared words.

One project holds one image of each case, checked once (errors are located per image); a
second, honest project builds with no error.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import pytest
from clearprint_run import in_process
from PIL import Image, ImageDraw, ImageFont

from clearprint.checks.image_register import accounted
from clearprint.content import image_register
from clearprint.documents import web
from clearprint.models import Colors
from clearprint.pdf.fetcher import ProjectFetcher, RefusedURL
from conftest import TESTDATA, make_project

PROMO = TESTDATA / "image-register" / "promo.png"  # the attack's own file
BOLD = Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Bold.ttf"
LINE = re.compile(
    r"^\s*(?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<kind>error|warning)(?: (?P<rule>[a-z0-9-]+))?: (?P<message>.*)$",
    re.M,
)
HONEST = "Apply sunscreen daily"


def problems(text: str) -> list[re.Match]:
    return list(LINE.finditer(text))


def honest_png(path: Path, words: str = HONEST) -> None:
    image = Image.new("RGB", (900, 140), "white")
    ImageDraw.Draw(image).text((20, 30), words, fill="#1d4f73", font=ImageFont.truetype(str(BOLD), 64))
    image.save(path)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(path: Path, words: str, digest: str | None = None) -> list[str]:
    return [
        f"  {path.name}:",
        f"    sha256: {digest or sha(path)}",
        '    alt: "A picture for the test"',
        f'    words: "{words}"',
        "    reviewer: Dr Test Reviewer",
        "    reviewed: 2026-11-30",
    ]


def add_figures(project: Path, names: list[str]) -> dict[str, int]:
    """Put a figure of each image after "Lines look softer." in the tiny handout; its line."""
    page = project / "handouts/tiny/en.md"
    figures = "".join(f"\n![A picture for the test](images/{n})\n" for n in names)
    page.write_text(page.read_text().replace("Lines look softer.\n", "Lines look softer.\n" + figures))
    lines = page.read_text().splitlines()
    return {n: lines.index(f"![A picture for the test](images/{n})") + 1 for n in names}


def write_register(folder: Path, entries: list[list[str]]) -> dict[str, int]:
    """images.yaml from the entries; the line of each entry's `sha256:` and `words:`, by key."""
    text = ["# test register", "images:", *(line for e in entries for line in e)]
    (folder / "images.yaml").write_text("\n".join(text) + "\n")
    found, current = {}, None
    for number, line in enumerate(text, start=1):
        if line.startswith("  ") and not line.startswith("    "):
            current = line.strip().rstrip(":")
        elif current and line.strip().split(":")[0] in ("sha256", "words"):
            found[f"{current}:{line.strip().split(':')[0]}"] = number
    return found


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], dict[str, int], str, int]:
    """Four figures in one handout, checked once:
    promo.png (undeclared), promo-no-words.png (declared with words ""),
    promo-honest.png (declared with its real words, which break the claim rules),
    changed.png (an honest image changed after review)."""
    project = make_project(tmp_path_factory.mktemp("image-register") / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    for name in ("promo.png", "promo-no-words.png", "promo-honest.png"):
        (images / name).write_bytes(PROMO.read_bytes())
    honest_png(images / "changed.png")
    reviewed = sha(images / "changed.png")
    honest_png(images / "changed.png", "Apply sunscreen twice")  # changed after review
    figure_lines = add_figures(project, ["promo.png", "promo-no-words.png", "promo-honest.png", "changed.png"])
    register_lines = write_register(
        images,
        [
            entry(images / "promo-no-words.png", ""),
            entry(images / "promo-honest.png", "100% SAFE. PAINLESS!"),
            entry(images / "changed.png", HONEST, reviewed),
        ],
    )
    code, out, err = in_process("check", "--project", project, "--out", project.parent / "out")
    return project, figure_lines, register_lines, out + err, code


def test_the_wavy_attack_undeclared_is_refused_at_its_figure_with_the_hash_to_paste(attacked) -> None:
    project, figures, _, output, code = attacked
    assert code == 1
    found = [p for p in problems(output) if p["rule"] == "image-undeclared"]
    assert {(p["file"], int(p["line"]), int(p["col"])) for p in found} == {
        ("handouts/tiny/en.md", figures["promo.png"], 1)
    }, output
    message = found[0]["message"]
    assert "not in the image register handouts/tiny/images/images.yaml" in message
    assert f"promo.png: {{sha256: {sha(PROMO)}," in message  # the entry to paste, hash filled in


def test_the_wavy_attack_reaches_no_pdf_and_no_file_of_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    (images / "promo.png").write_bytes(PROMO.read_bytes())
    line = add_figures(project, ["promo.png"])["promo.png"]
    out = tmp_path / "out"
    code, stdout, stderr = in_process(
        "--project", project, "--out", out, "--clinic", "test-clinic", "--handout", "tiny", "--edition", "standard"
    )
    assert code == 1
    assert ("handouts/tiny/en.md", line, "image-undeclared") in {
        (p["file"], int(p["line"]), p["rule"]) for p in problems(stdout + stderr)
    }, stdout + stderr
    assert not (out / "test-clinic/en/tiny.pdf").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and PROMO.read_bytes() in p.read_bytes()]


def test_declared_with_no_words_the_ocr_cross_check_refuses_it_at_the_register_line(attacked) -> None:
    _, _, register, output, _ = attacked
    found = [p for p in problems(output) if p["rule"] == "image-words-undeclared"]
    assert {(p["file"], int(p["line"])) for p in found} == {
        ("handouts/tiny/images/images.yaml", register["promo-no-words.png:words"])
    }, output
    assert "this image appears to show text; declare it under words:" in found[0]["message"]
    assert "LESS" in found[0]["message"]  # what OCR read, so the reviewer sees why


def test_declared_words_are_held_to_the_claim_rules_at_the_register_line(attacked) -> None:
    _, _, register, output, _ = attacked
    at = ("handouts/tiny/images/images.yaml", register["promo-honest.png:words"])
    rules = {p["rule"] for p in problems(output) if (p["file"], int(p["line"])) == at and p["kind"] == "error"}
    assert {"claim-painless", "claim-absolute-safety"} <= rules, output


def test_an_image_changed_after_review_is_refused_at_its_sha256_line(attacked) -> None:
    project, _, register, output, _ = attacked
    found = [p for p in problems(output) if p["rule"] == "image-changed"]
    assert {(p["file"], int(p["line"])) for p in found} == {
        ("handouts/tiny/images/images.yaml", register["changed.png:sha256"])
    }, output
    assert sha(project / "handouts/tiny/images/changed.png") in found[0]["message"]
    assert "Dr Test Reviewer reviewed it on 2026-11-30" in found[0]["message"]


def test_an_honest_image_that_ocr_agrees_with_builds_and_is_printed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    honest_png(images / "sun.png")
    add_figures(project, ["sun.png"])
    write_register(images, [entry(images / "sun.png", HONEST)])
    out = tmp_path / "out"
    code, stdout, stderr = in_process(
        "--project", project, "--out", out, "--clinic", "test-clinic", "--handout", "tiny", "--edition", "standard"
    )
    assert code == 0, stdout + stderr
    assert not [p for p in problems(stdout + stderr) if p["kind"] == "error"], stdout + stderr
    assert (out / "test-clinic/en/tiny.pdf").is_file()
    # and the same build with the file changed after review: refused, no PDF kept from it
    honest_png(images / "sun.png", "Apply sunscreen twice")
    code, stdout, stderr = in_process(
        "--project", project, "--out", tmp_path / "out-2", "--clinic", "test-clinic", "--handout", "tiny",
        "--edition", "standard",
    )  # fmt: skip
    assert code == 1 and not (tmp_path / "out-2/test-clinic/en/tiny.pdf").exists()
    assert ("handouts/tiny/images/images.yaml", 4, "image-changed") in {
        (p["file"], int(p["line"]), p["rule"]) for p in problems(stdout + stderr)
    }, stdout + stderr


def test_a_register_with_a_mistyped_key_is_a_located_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    honest_png(images / "sun.png")
    add_figures(project, ["sun.png"])
    lines = entry(images / "sun.png", HONEST)
    lines[3] = lines[3].replace("words:", "word:")  # a typo: its words are not declared
    write_register(images, [lines])
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 1
    found = {(p["file"], int(p["line"])) for p in problems(out + err) if p["kind"] == "error"}
    assert ("handouts/tiny/images/images.yaml", 6) in found, out + err  # the `word:` line
    assert "unknown setting 'images.sun.png.word'; check the spelling (known settings: sha256, alt, words" in out + err


def test_the_renderer_and_the_web_edition_take_only_registered_images(tmp_path: Path) -> None:
    """What a clinic template or stylesheet could add (never in the Markdown the checks read)
    is refused where it is drawn or published."""
    project = make_project(tmp_path / "project")
    clinic = project / "clinics/test-clinic"
    banner = clinic / "banner.png"
    banner.write_bytes(PROMO.read_bytes())
    fetcher = ProjectFetcher([project], colors=Colors())
    with pytest.raises(
        RefusedURL, match=r"banner\.png' is not drawn: it is not declared in clinics/test-clinic/images\.yaml"
    ):
        fetcher.fetch(banner.as_uri())
    fetcher.fetch((clinic / "logo.svg").as_uri())  # the registered logo is drawn
    logo = clinic / "logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", "<rect width='1' height='1'/></svg>"))
    with pytest.raises(RefusedURL, match="changed after review"):
        fetcher.fetch(logo.as_uri())
    from clearprint.content.clinics import load_clinic
    from clearprint.problems import Problems

    site = load_clinic(clinic, Problems(project))
    with pytest.raises(ValueError, match="logo logo.svg: it changed after review"):
        web.assets(project, site)


def test_ocr_tokens_are_matched_to_declared_words_loosely() -> None:
    assert accounted("sunscreen", HONEST) and accounted("Sunscreem", HONEST)  # a misread letter
    assert accounted("Applysunscreen", HONEST)  # words run together
    assert accounted("LESS", "100% SAFE. PAINLESS!")  # part of a word
    assert not accounted("Are", "Apply sunscreen daily")
    assert not accounted("PAINLESS", HONEST)
    assert not accounted("0124", "Call 555-0142") and accounted("0142", "Call 555-0142")  # digits exactly


def test_a_phone_number_in_an_image_must_be_the_clinics_and_be_declared_digit_for_digit(tmp_path: Path) -> None:
    """Round-8 left: a number drawn in an image was compared with nothing. The test clinic's
    numbers are 0100 000 000 and 0100 000 999."""
    project = make_project(tmp_path / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    honest_png(images / "other-number.png", "Call 0100 000 123")  # declared as drawn, not the clinic's
    honest_png(images / "one-digit.png", "Call 0100 000 990")  # declared as the clinic's after-hours number
    honest_png(images / "ours.png", "Call 0100 000 999")  # the clinic's own: fine
    add_figures(project, ["other-number.png", "one-digit.png", "ours.png"])
    register = write_register(
        images,
        [
            entry(images / "other-number.png", "Call 0100 000 123"),
            entry(images / "one-digit.png", "Call 0100 000 999"),
            entry(images / "ours.png", "Call 0100 000 999"),
        ],
    )
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    found = {
        (p["rule"], int(p["line"])) for p in problems(out + err) if p["file"] == "handouts/tiny/images/images.yaml"
    }
    assert code == 1
    assert found == {
        ("image-phone-number", register["other-number.png:words"]),
        ("image-words-mismatch", register["one-digit.png:words"]),
    }, out + err


def test_the_shipped_samples_declare_every_image_they_print() -> None:
    root = Path(__file__).resolve().parent.parent
    for image in [*root.glob("handouts/*/images/*.svg"), *root.glob("clinics/*/logo.*")]:
        assert image_register.refusal(image.resolve(), root) is None, image
        declared = image_register.load(image, root)
        assert declared is not None and declared.entry.words == "", image  # the drawings carry no words
