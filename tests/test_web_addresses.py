"""The web edition on any host (issue 22): `handout_url` may name another host than
`website`, two pages can never share an address (a located error), and `not_on_website`
keeps a handout off the site as a choice, without the warning a failed check gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sshserver import WebServer
from test_site import qr_urls

from clearprint import BuildOptions, build
from clearprint.cli import main
from conftest import make_project

CLINIC = "clinics/test-clinic/clinic.yaml"


def settings(project: Path, *lines: str) -> None:
    path = project / CLINIC
    path.write_text(path.read_text() + "".join(line + "\n" for line in lines))


def test_pages_on_another_host_are_where_the_qr_codes_point_and_answer(tmp_path, capsys) -> None:
    project = make_project(tmp_path / "project")
    settings(project, "website: https://clinic.example", 'handout_url: "https://leaflets.example.org/{language}/{id}"')
    out = tmp_path / "out"
    result = build(project, BuildOptions(out))
    assert result.ok and not result.report.items, [str(p) for p in result.report.items]
    assert qr_urls(out / "test-clinic/en/tiny.pdf") == ["https://leaflets.example.org/en/tiny"]
    site = out / "test-clinic/site"
    assert "A tiny test handout" in (site / "en/tiny/index.html").read_text()
    assert 'href="tiny/"' in (site / "en/index.html").read_text()
    assert "<loc>https://leaflets.example.org/en/second</loc>" in (site / "sitemap.xml").read_text()
    # Published to the leaflet host's folder and asked there: the host, not the website, is mapped.
    host = tmp_path / "leaflets"
    host.mkdir()
    server = WebServer(host)
    try:
        code = main(
            ["publish", "--project", str(project), "--out", str(out), "--clinic", "test-clinic"]
            + ["--to", str(host), "--verify-at", server.url]
        )
    finally:
        server.stop()
    printed = capsys.readouterr()
    assert code == 0 and f"Verified at {server.url}: all 2 addresses" in printed.out, printed.err


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['handout_url: "{website}/leaflet"'],
            "error: 'handout_url': '{website}/leaflet' has no {id}, so all 2 "
            "handouts would share one address and one QR code; put {id} in it",
        ),
        (
            ['handout_url: "https://leaflets.example.org/{id}"', "languages: [en, es]"],
            "error: 'handout_url': 'https://leaflets.example.org/{id}' has no "
            "{language}, so the en and es pages of a handout would share one address",
        ),
        (
            ['handout_url: "http://leaflets.example.org/{id}"'],
            "error: 'handout_url': must start with '{website}/' (or another host's 'https://host/')",
        ),
        (
            ["not_on_website: [tiny, botox]"],
            "error: 'not_on_website': 'botox' is not one of this clinic's "
            "handouts (tiny, second); remove it or add it to handouts",
        ),
    ],
)
def test_addresses_two_pages_would_share_are_located_errors(tmp_path, capsys, lines, message) -> None:
    project = make_project(tmp_path / "project")
    text = (project / CLINIC).read_text()
    if any(line.startswith("languages:") for line in lines):
        text = re.sub(r"(?m)^languages:.*\n", "", text)
    (project / CLINIC).write_text(text + "website: https://clinic.example\n" + "".join(f"{x}\n" for x in lines))
    key = message.split("'", 2)[1]  # the setting the message names: its line in clinic.yaml
    line = next(i for i, text in enumerate((project / CLINIC).read_text().splitlines(), 1) if text.startswith(key))
    code = main(["check", "--project", str(project), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr()
    assert code == 1 and f"{CLINIC}:{line}: {message}" in printed.out + printed.err, printed.out + printed.err


def test_a_leaflet_kept_off_the_website_is_a_choice_not_a_warning(tmp_path) -> None:
    project = make_project(tmp_path / "project")
    # A UK leaflet naming a prescription-only medicine cannot be public material.
    page = project / "handouts/tiny/en.md"
    page.write_text(
        page.read_text().replace("Lines look softer.", "Lines look softer. BOTOX is one brand of this medicine.")
    )
    settings(project, "website: https://clinic.example", "distribution: after-consultation")
    out = tmp_path / "out"
    warned = build(project, BuildOptions(out))
    assert [p.rule for p in warned.report.items] == ["web-not-published"]
    assert warned.report.items[0].message.endswith("(if that is your choice, say so in clinic.yaml: "
                                                   "`not_on_website: [tiny]`)")  # fmt: skip
    settings(project, "not_on_website: [tiny]")
    chosen = build(project, BuildOptions(out))
    assert chosen.ok and chosen.report.items == [], [str(p) for p in chosen.report.items]
    assert qr_urls(out / "test-clinic/en/tiny.pdf") == []
    assert qr_urls(out / "test-clinic/en/second.pdf") == ["https://clinic.example/handouts/en/second"]
    site = out / "test-clinic/site"
    assert not (site / "handouts/en/tiny").exists() and (site / "handouts/en/second/index.html").is_file()
