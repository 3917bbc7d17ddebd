"""The web edition checked as a browser shows it (checks/web_drawn.py, pdf/web_styles.py).

- The attacker's round-5 cases (a clinic's styles/web.css painting the risks white with a
  colour keyword, with var(--brand-background), and `* { font-size: 75% }` compounding to
  2.7 px) each fail at the declaration's file:line:col, through the function the build uses
  to make a site (sites.site_files, which the build's Sites writer calls with drawn=True).
- The shipped samples' pages pass, and have text to pass.
- What the check computes for every text element (colour, the background it is drawn on,
  opacity down the ancestors, shown or not, font size) is what Debian's Chromium computes
  (getComputedStyle, driven by Playwright as tests/test_web.py does), for every sample page
  and for a hostile stylesheet, on each screen the check uses.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from webtools import check_versions, chromium_path

from clearprint.checks.page_claims import PageClaims
from clearprint.checks.web_drawn import WEB_FLOOR_PX, WebPage, findings
from clearprint.checks.web_drawn import verdicts as text_verdicts
from clearprint.documents import web
from clearprint.documents.html import HtmlDocuments
from clearprint.editions import web_edition_order
from clearprint.options import Selection
from clearprint.pdf.web_media import DEVICES, Device
from clearprint.pdf.web_styles import page_styles
from clearprint.pipeline import check_only
from clearprint.problems import ContentError
from clearprint.writers.sites import site_files
from conftest import TODAY, copy_samples

US = "sample-us-maple-grove"
SHEET = f"clinics/{US}/styles/web.css"
CASES = {  # /work/fresh/attack5/<case>/apply.sh: the clinic's web stylesheet, and the error it must give
    "web-css-named-white": (
        "#risks, #risks *, #get-help, #get-help * { color: white; background-color: white; border-color: white; }\n",
        (1, 44, "web-contrast", "is shown #ffffff on #ffffff, contrast 1.00:1", "color: white"),
    ),
    # `* { font-size: 75% }` is refused before any page is drawn (checks/clinic_css.py, round-9
    # case 26); naming the nested elements compounds the same way, which only drawing shows
    "web-css-compound-size": (
        "p, li, strong, a { font-size: 75%; }\n",
        (1, 20, "web-text-size", "below the web edition's 18 px", "font-size: 75%"),
    ),
    "web-css-var-colour": (
        ":root { --focus-text: #ffffff; }\n#risks p, #risks li, #risks td, #risks th, #risks h2 { color: var(--brand-background); }\n",
        (2, 56, "web-contrast", "(<h2> in #risks) is shown #ffffff on #ffffff", "color: var(--brand-background)"),
    ),
}
# Exercises what the check models: keywords, var(), currentColor, inherit, hsl(), opacity down
# the ancestors, a background, visibility, display, compounding sizes, and @media rules that
# differ by width and colour scheme. (A clinic stylesheet may not use display, visibility or
# opacity: this goes straight to site_files, past that allowlist, to test the model.)
HOSTILE = """\
* { font-size: 95%; }
#risks p { color: white; }
#risks li { color: var(--brand-background); }
#key-points { color: #777; background-color: #eee; }
#key-points strong { color: currentColor; border-color: currentColor; }
#key-points li { color: inherit; }
.summary { opacity: 0.4; }
.masthead { opacity: 0.5; background: rgb(0 0 0 / 50%); }
h2 { color: hsl(0 0% 60%); }
.sample-notice { visibility: hidden; }
@media (min-width: 60em) { #get-help p { color: #fefefe; } }
@media (prefers-color-scheme: dark) { .dates { display: none; } body { background: #111; } }
@media screen and (max-width: 40em) { .audience { display: none; } .contacts { font-size: 70%; } }
@media print { #risks p { color: black; } }
"""


def _site(project: Path, slug: str = US, drawn: bool = True, css: str = "") -> dict[str, bytes]:
    """One clinic's site for its botulinum-toxin leaflet, made as the build makes it (no PDF);
    `css` is written as the clinic's web stylesheet after the checks, past their allowlist."""
    result = check_only(project, Selection(clinics=(slug,), handouts=("botulinum-toxin",)), today=TODAY)
    if css:
        (project / SHEET).parent.mkdir(parents=True, exist_ok=True)
        (project / SHEET).write_text(css, encoding="utf-8")
    checks = [c for c in result.checks if c.output.clinic.slug == slug]
    site = checks[0].output.clinic
    groups: dict[tuple, list] = {}
    for check in checks:
        groups.setdefault(check.output.handout.key, []).append(check)
    editions = [
        (sorted(g, key=lambda c: web_edition_order(c.output.edition))[0], [(c.output, b"") for c in g])
        for g in groups.values()
    ]
    pages = HtmlDocuments(project, result.verdicts)
    return site_files(
        project, pages, site, editions, {}, TODAY, claims=PageClaims(project) if drawn else None, drawn=drawn
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_samples(tmp_path_factory.mktemp("web-drawn") / "project")


@pytest.mark.parametrize("case", sorted(CASES))
def test_round5_cases_fail_at_the_clinic_stylesheet_declaration(project: Path, case: str) -> None:
    css, (line, col, rule, words, declaration) = CASES[case]
    sheet = project / SHEET
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(css, encoding="utf-8")
    try:
        with pytest.raises(ContentError) as raised:
            _site(project)
    finally:
        sheet.unlink()
    problems = [p for p in raised.value.problems if p.rule == rule and p.file == SHEET]
    assert problems, "\n".join(map(str, raised.value.problems))
    first = next((p for p in problems if (p.line, p.col) == (line, col)), None)
    assert first is not None, "\n".join(map(str, problems))
    assert words in first.message and f"set by '{declaration}'" in first.message, str(first)
    assert re.search(r"\d+ texts like it on \d+ pages", first.message), str(first)


def test_a_hidden_risks_section_is_located_at_its_heading_in_the_handout(project: Path) -> None:
    sheet = project / SHEET
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(CASES["web-css-named-white"][0], encoding="utf-8")
    try:
        with pytest.raises(ContentError) as raised:
            _site(project)
    finally:
        sheet.unlink()
    required = {(p.file, p.message.split(":")[0]) for p in raised.value.problems if p.rule == "web-required-hidden"}
    assert ("handouts/botulinum-toxin/en.md", "web page handouts/en/botulinum-toxin/index.html") in required
    text = (project / "handouts/botulinum-toxin/en.md").read_text(encoding="utf-8").splitlines()
    line = next(p.line for p in raised.value.problems if p.rule == "web-required-hidden" and "'risks'" in p.message)
    assert text[line - 1].startswith("## ") and "risk" in text[line - 1].lower()


def _published(out: Path) -> dict[str, dict[str, bytes]]:
    """The shipped samples' sites, by clinic (a clinic a user adds to the project is not tested here)."""
    return {
        slug: {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for slug in ("sample-uk-riverside", US)
        for site in [out / slug / "site"]
    }


def test_the_shipped_samples_web_pages_pass(sample) -> None:
    result, out = sample
    sites = _published(out)
    assert set(sites) == {"sample-uk-riverside", US}
    for slug, files in sites.items():
        clinic = next(c.output.clinic for c in result.checks if c.output.clinic.slug == slug)
        outputs = {  # each handout page's output, so that its required sections are checked too
            web.page_path(
                o.clinic.settings.url_for(o.handout.meta.id, o.handout.meta.language), o.clinic.settings.site_url
            ): o
            for o in (
                c.output for c in result.checks if c.output.clinic.slug == slug and c.output.edition == "standard"
            )
        }
        pages = [WebPage(p, d.decode(), None, outputs.get(p)) for p, d in files.items() if p.endswith(".html")]
        assert len(pages) >= 5 and sum(p.output is not None for p in pages) >= 2
        assert findings(Path(result.report.root), clinic, files, pages) == []
        sizes = [t.size for p in pages for s in page_styles(p.page, p.path, files) for t in s.texts]
        assert len(sizes) > 1000 and min(sizes) == WEB_FLOOR_PX  # the floor is what the samples meet


# --- against Chromium ------------------------------------------------------------------

WALK = """() => {
  const skipped = new Set(%s);
  const out = [];
  const rgba = s => { const n = s.match(/[\\d.]+/g).map(Number); return [n[0] / 255, n[1] / 255, n[2] / 255, n.length > 3 ? n[3] : 1]; };
  function walk(el, path, hidden, opacity, bg) {
    const cs = getComputedStyle(el);
    hidden = hidden || cs.display === "none";
    opacity *= Number(cs.opacity);
    const b = rgba(cs.backgroundColor);
    if (b[3] > 0) { const a = b[3] * opacity; bg = [0, 1, 2].map(i => b[i] * a + bg[i] * (1 - a)); }
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.data).join("").trim();
    if (own) out.push({path, color: rgba(cs.color), background: bg, opacity, size: parseFloat(cs.fontSize),
                       shown: !hidden && cs.visibility === "visible"});
    Array.from(el.children).forEach((c, i) => { if (!skipped.has(c.localName)) walk(c, `${path}/${c.localName}[${i}]`, hidden, opacity, bg); });
  }
  walk(document.documentElement, "html[0]", false, 1, [1, 1, 1]);
  return out;
}"""


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    from clearprint.pdf.web_styles import SKIPPED

    executable = chromium_path()
    check_versions(executable)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser, WALK % repr(sorted(SKIPPED)).replace("'", '"')
        browser.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """A folder served on 127.0.0.1 (a free port): tests put each site under it."""
    folder = tmp_path_factory.mktemp("web-drawn-served")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _disagreements(chromium, address: str, page: str, path: str, files: dict[str, bytes], device: Device) -> list[str]:
    browser, walk = chromium
    context = browser.new_context(
        viewport={"width": int(device.width), "height": int(device.height)},
        color_scheme="dark" if device.dark else "light",
        has_touch=device.touch,
    )
    try:
        tab = context.new_page()
        response = tab.goto(address)
        assert response is not None and response.ok, address
        seen = {t["path"]: t for t in tab.evaluate(walk)}
    finally:
        context.close()
    (styled,) = page_styles(page, path, files, (device,))
    mine = {t.path: t for t in styled.texts}
    wrong = [f"{path} {device.name}: elements {sorted(set(mine) ^ set(seen))[:5]}"] if set(mine) != set(seen) else []
    for key in sorted(set(mine) & set(seen)):
        t, c = mine[key], seen[key]
        close = (
            all(abs(a - b) <= 1.01 / 255 for a, b in zip(t.color[:3], c["color"][:3], strict=True))
            and abs(t.color[3] - c["color"][3]) <= 0.01
            and all(abs(a - b) <= 1.51 / 255 for a, b in zip(t.background, c["background"], strict=True))
            and abs(t.opacity - c["opacity"]) <= 0.001
            and abs(t.size - c["size"]) <= 0.02
            and t.shown == c["shown"]
        )
        if not close:
            wrong.append(f"{path} {device.name} {key} '{t.words[:30]}': mine {t}, Chromium {c}")
    return wrong


COMPARED = {
    "handouts/en/index.html", "handouts/es/index.html", "handouts/en/botulinum-toxin/index.html",
    "handouts/en/dermal-fillers/index.html", "handouts/es/chemical-peels/index.html",
    "handouts/en/chemical-peels/index.html", "handouts/en/botulinum-toxin/evidence.html",
    "handouts/en/dermal-fillers/evidence.html",
}  # fmt: skip


def test_the_check_computes_what_chromium_computes_on_the_sample_pages(sample, chromium, served) -> None:
    _, out = sample
    folder, base = served
    wrong, compared = [], 0
    for slug, files in _published(out).items():
        shutil.copytree(out / slug / "site", folder / slug)
        # Every kind of page (list, leaflet, evidence) in each clinic and language, not every
        # page: the stylesheets are the same for all; the leaflets differ in their tables and
        # drawings, and one of each clinic's is compared.
        for path in sorted(p for p in files if p in COMPARED):
            address = base + slug + "/" + path.removesuffix("index.html")
            for device in DEVICES[:2] if path.endswith("botulinum-toxin/index.html") else DEVICES[:1]:
                wrong += _disagreements(chromium, address, files[path].decode(), path, files, device)
                compared += 1
    assert compared == 13  # 9 of the US clinic (botulinum toxin twice: phone too), 4 of the UK one
    assert not wrong, "\n".join(wrong[:20])


def test_the_check_computes_what_chromium_computes_for_a_hostile_stylesheet(project: Path, chromium, served) -> None:
    try:
        files = _site(project, drawn=False, css=HOSTILE)
    finally:
        (project / SHEET).unlink()
    path = "handouts/en/botulinum-toxin/index.html"
    # an inline style, which the page's Content-Security-Policy keeps a browser from applying
    files[path] = files[path].replace(b"<h1>", b'<h1 style="display: none; color: #fff">', 1)
    assert b'style="display: none' in files[path]
    folder, base = served
    for name, data in files.items():
        (folder / "hostile" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "hostile" / name).write_bytes(data)
    wrong = []
    verdicts = set()
    for device in DEVICES:
        address = f"{base}hostile/{path.removesuffix('index.html')}"
        wrong += _disagreements(chromium, address, files[path].decode(), path, files, device)
        (styled,) = page_styles(files[path].decode(), path, files, (device,))
        verdicts |= {(device.name, rule) for t in styled.texts for rule, _ in text_verdicts(t)}
    assert not wrong, "\n".join(wrong[:20])
    rules = {rule for _, rule in verdicts}
    assert rules == {"web-contrast", "web-text-size", "web-hidden-text"}, verdicts
    # the screens differ: hidden dates only in dark mode, hidden audience only on the phone
    by_screen = {d.name: page_styles(files[path].decode(), path, files, (d,))[0] for d in DEVICES}
    shown = {
        name: {t.tag + ":" + " ".join(t.classes[:1]) for t in s.texts if not t.shown} for name, s in by_screen.items()
    }
    assert "p:dates" in shown[DEVICES[2].name] and "p:dates" not in shown[DEVICES[0].name]
    assert "p:audience" in shown[DEVICES[1].name] and "p:audience" not in shown[DEVICES[0].name]
    assert all(t.shown for s in by_screen.values() for t in s.texts if t.tag == "h1")  # the CSP's doing


def test_a_clinic_web_template_that_leaves_the_sections_out_is_the_error(project: Path) -> None:
    """Round-11 attack, case 13: a clinic's web template that makes a page of its own, without
    the risks, get-help and key points or the emergency number, was refused at the handout's
    headings and at clinic.yaml, which hold nothing wrong; the template left them out."""
    template = project / "clinics" / US / "templates" / "web" / "handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Botox</title></head>\n'
        "<body><main><h1>Botox</h1></main></body></html>\n",
        encoding="utf-8",
    )
    try:
        with pytest.raises(ContentError) as raised:
            _site(project)
    finally:
        shutil.rmtree(template.parent)
    where = f"clinics/{US}/templates/web/handout.html.j2"
    found = {(p.rule, p.file, p.line) for p in raised.value.problems if p.rule and p.rule.startswith("web-")}
    assert found == {("web-required-hidden", where, None), ("web-emergency-missing", where, None)}, found
    sections = [p.message for p in raised.value.problems if p.rule == "web-required-hidden"]
    assert len(sections) == 6 and all(
        "is not on the page (the clinic's web template leaves it out" in m for m in sections
    )
