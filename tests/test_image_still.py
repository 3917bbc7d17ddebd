"""Attack6 I02-I05, I08b: what the image register let through.

- I02/I03: an animated GIF or APNG whose first (or default) frame is blank, the claim on a later
  frame: OCR and the PDF saw the blank frame, the browser animated the claim. Now every animated
  image, and every file whose real format is not its name's, is refused at its Markdown line.
- I04/I05: a claim set sideways, or drawn as dots: OCR read nothing. Now an image that reads as
  no text upright is read again turned and with its dots grown (checks/image_variants.py).
- I08b: a `data:` image in a clinic template was blamed on the handout, with no line, quoting
  all 23 KB of the URL. Now the template's line is named and the URL quoted short.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from clearprint_run import in_process
from PIL import Image, ImageDraw, ImageFont
from test_image_register import BOLD, add_figures, entry, problems, write_register

from clearprint.checks.image_text import ImageText
from clearprint.models import Colors
from clearprint.pdf.fetcher import ProjectFetcher, RefusedURL
from clearprint.pdf.refused_source import QUOTE, template_source
from conftest import make_project

CLAIM = "100% SAFE - PAINLESS"
ANIMATED = "animated images are not allowed: a printed page shows one frame, a browser all"


def frames() -> list[Image.Image]:
    """A blank first frame and a second frame saying the claim (the attack's shape)."""
    blank = Image.new("RGB", (900, 140), "white")
    claim = blank.copy()
    ImageDraw.Draw(claim).text((20, 30), CLAIM, fill="black", font=ImageFont.truetype(str(BOLD), 64))
    return [blank, claim]


def claim_png(path: Path, degrees: int = 0) -> None:
    image = frames()[1]
    image.rotate(degrees, expand=True, fillcolor="white").save(path)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], str, int]:
    """One handout showing an animated GIF, an APNG, a GIF named .png and, for contrast, a still
    PNG; checked once."""
    project = make_project(tmp_path_factory.mktemp("image-still") / "project")
    images = project / "handouts/tiny/images"
    images.mkdir()
    blank, claim = frames()
    blank.save(images / "anim.gif", save_all=True, append_images=[claim], duration=[30, 5000], loop=0)
    blank.save(images / "anim.png", save_all=True, append_images=[claim], duration=[30, 5000], loop=0)
    blank.save(images / "still.png")
    blank.save(images / "gif-named.png", format="GIF")
    assert Image.open(images / "anim.png").n_frames == 2  # a real APNG
    names = ["anim.gif", "anim.png", "gif-named.png", "still.png"]
    lines = add_figures(project, names)
    write_register(images, [entry(images / name, "") for name in names])
    code, out, err = in_process("check", "--project", project, "--out", project.parent / "out")
    return lines, out + err, code


def test_an_animated_gif_and_apng_are_refused_at_their_markdown_line(checked) -> None:
    lines, output, code = checked
    assert code == 1
    found = {(p["file"], int(p["line"])) for p in problems(output) if ANIMATED in p["message"]}
    assert found == {("handouts/tiny/en.md", lines["anim.gif"]), ("handouts/tiny/en.md", lines["anim.png"])}, output


def test_a_file_whose_real_format_is_not_its_name_is_refused(checked) -> None:
    lines, output, _ = checked
    at = ("handouts/tiny/en.md", lines["gif-named.png"])
    found = [p["message"] for p in problems(output) if (p["file"], int(p["line"])) == at]
    assert found and "the file is a GIF image, not what its name '.png' says" in found[0], output
    assert not [p for p in problems(output) if int(p["line"]) == lines["still.png"] and p["kind"] == "error"]


def test_the_renderer_refuses_an_animated_image_a_template_adds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    banner = project / "clinics/test-clinic/banner.gif"
    blank, claim = frames()
    blank.save(banner, save_all=True, append_images=[claim], duration=[30, 5000], loop=0)
    with pytest.raises(RefusedURL, match=re.escape(ANIMATED)):
        ProjectFetcher([project], colors=Colors()).fetch(banner.as_uri())


@pytest.mark.parametrize("degrees", [90, 270])
def test_a_claim_set_sideways_is_read(tmp_path: Path, degrees: int) -> None:
    image = tmp_path / "sideways.png"
    claim_png(image, degrees)
    upright = ImageText(tmp_path)
    words = upright.words(image)
    assert "PAINLESS" in words and "SAFE" in words, words


def test_a_claim_drawn_as_dots_is_read(tmp_path: Path) -> None:
    solid = frames()[1].convert("L")
    dots = Image.new("L", solid.size, 255)
    draw = ImageDraw.Draw(dots)
    for x in range(0, solid.width, 6):  # a dot every 6 px where the letters are dark
        for y in range(0, solid.height, 6):
            if solid.getpixel((x, y)) < 128:
                draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=0)
    dots.save(tmp_path / "dots.png")
    words = ImageText(tmp_path).words(tmp_path / "dots.png")
    assert "SAFE" in words, words


def test_a_data_image_in_a_clinic_template_is_blamed_on_its_line_and_quoted_short(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    buffer = io.BytesIO()
    frames()[1].save(buffer, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    templates = project / "clinics/test-clinic/templates"
    templates.mkdir(exist_ok=True)
    template = templates / "handout.html.j2"
    template.write_text(
        '{% extends "project/handout.html.j2" %}\n'
        "{# a clinic's own footer #}\n"
        f'{{% block footer_note %}}<img src="{url}" alt="Our clinic">{{% endblock %}}\n'
    )
    assert template_source(project / "clinics/test-clinic", url) == (template, 3)
    out = tmp_path / "out"
    code, stdout, stderr = in_process(
        "--project", project, "--out", out, "--clinic", "test-clinic", "--handout", "tiny", "--edition", "standard"
    )
    assert code == 1 and not (out / "test-clinic/en/tiny.pdf").exists()
    found = [p for p in problems(stdout + stderr) if "uses 'data:'" in p["message"]]
    assert [(p["file"], p["line"]) for p in found] == [("clinics/test-clinic/templates/handout.html.j2", "3")], (
        stdout + stderr
    )
    quoted = re.search(r"'(data:[^']*)'", found[0]["message"])[1]
    assert len(quoted) <= QUOTE + 30 and quoted.startswith("data:image/png;base64,iVBOR"), quoted
    assert len(found[0]["message"]) < 300
