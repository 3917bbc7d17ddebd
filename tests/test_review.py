"""Review states and the review workflow (issue 21): a draft is marked on every page, never
sent by `print` and never published; `review` makes a pack; `approve` records the sign-off
in the front matter (editing those lines only), which changes the footer and the web page."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.cli import main
from clearprint.commands.approve import signer
from clearprint.review import changes, set_front_matter
from conftest import make_project, pdf_text

TODAY = "2026-12-06"


def flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def draft_project(dest: Path, reviewers: str = "role") -> Path:
    project = make_project(dest)
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(
        settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]")
        + "website: https://test-clinic.example\n"
        + f"reviewers: {reviewers}\n"
        + "printers:\n  desk: ipp://127.0.0.1:1/printers/frontdesk\n"
    )
    tiny = project / "handouts/tiny/en.md"
    text = tiny.read_text()
    for line in ("reviewed: 2026-01-01\n", "next_review: 2028-12-31\n", "reviewer: Medical director\n"):
        text = text.replace(line, "")
    tiny.write_text(text.replace('version: "1.0"\n', 'version: "1.0"\nreview_status: draft  # new\n'))
    return project


def build(project: Path, out: Path, capsys) -> str:
    code = main(["--project", str(project), "--out", str(out), "--today", TODAY, "--jobs", "1"])
    said = capsys.readouterr()
    assert code == 0, said.out + said.err
    return said.out + said.err


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    project, out = draft_project(folder / "project"), folder / "out"
    assert main(["--project", str(project), "--out", str(out), "--today", TODAY, "--jobs", "1"]) == 0
    return project, out


def test_a_draft_is_marked_claims_no_review_and_is_never_published(drafted) -> None:
    project, out = drafted
    text = flat(out / "test-clinic/en/tiny.pdf")
    assert "Draft: not for patients" in text
    assert "Version 1.0 · Draft: not for patients" in text
    assert "Checked by" not in text and "Reviewed" not in text and "Next review" not in text
    site = out / "test-clinic/site"
    assert not (site / "handouts/en/tiny").exists()
    assert (site / "sitemap.xml").is_file() and "tiny" not in (site / "sitemap.xml").read_text()


def test_a_draft_is_listed_as_not_sent_by_a_print_dry_run(drafted, capsys) -> None:
    project, out = drafted
    code = main(
        ["print", "--project", str(project), "--out", str(out), "--today", TODAY, "--jobs", "1"]
        + ["--handout", "tiny", "--edition", "standard", "--printer", "desk", "--dry-run"]
    )
    said = capsys.readouterr()
    assert code == 1
    assert (
        "handouts/tiny/en.md:6: error: not sent: test-clinic/en/tiny: it is a draft, not for patients; "
        "have it reviewed, then run `build.py approve`"
    ) in said.err
    assert "would send" not in said.out


def test_an_approved_handout_needs_its_sign_off(tmp_path: Path, capsys) -> None:
    project = draft_project(tmp_path / "project")
    tiny = project / "handouts/tiny/en.md"
    tiny.write_text(tiny.read_text().replace("review_status: draft  # new", "review_status: approved"))
    code = main(["check", "--project", str(project), "--out", str(tmp_path / "out"), "--today", TODAY])
    assert code == 1
    assert "an approved handout needs reviewed, next_review, reviewer" in capsys.readouterr().out


def test_review_pack_then_approve_changes_the_front_matter_footer_and_web_page(tmp_path: Path, capsys) -> None:
    project = draft_project(tmp_path / "project", reviewers="both")
    out = tmp_path / "out"
    tiny = project / "handouts/tiny/en.md"
    before = tiny.read_text()
    # The pack: every section new (never approved), the fact with its source.
    assert main(["review", "tiny", "--project", str(project), "--today", TODAY]) == 0
    pack = (project / "out/review/tiny.html").read_text()
    assert "No approved version was found" in pack and 'state: <span class="status">draft</span>' in pack
    assert "About 2 in 100 people get a drooping eyelid." in pack and "[1] A test source" in pack
    # The clinic names reviewers by person and role: both are needed.
    assert main(["approve", "tiny", "--project", str(project), "--reviewer", "Dr Ada Byrne", "--today", TODAY]) == 2
    assert "name reviewers by both: add --role ROLE" in capsys.readouterr().err
    code = main(
        ["approve", "tiny", "--project", str(project), "--today", TODAY]
        + ["--reviewer", "Dr Ada Byrne", "--role", "Medical director"]
    )
    said = capsys.readouterr().out
    assert code == 0
    assert "Approving tiny as Dr Ada Byrne (Medical director), 2026-12-06 (next review 2027-12-06):" in said
    assert "version 1.0 (draft)" in said and "benefits (added)" in said
    after = tiny.read_text()
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]  # the body untouched
    assert "review_status: approved\n" in after and "# new" not in after
    for line in ("reviewed: 2026-12-06", "next_review: 2027-12-06", 'reviewer: "Dr Ada Byrne (Medical director)"'):
        assert line in after.split("\n")
    build(project, out, capsys)
    text = flat(out / "test-clinic/en/tiny.pdf")
    assert "Draft" not in text
    assert "Version 1.0 · Reviewed 6 December 2026 · Next review 6 December 2027" in text
    assert "Checked by: Dr Ada Byrne (Medical director), 6 December 2026." in text
    page = (out / "test-clinic/site/handouts/en/tiny/index.html").read_text()
    assert "Dr Ada Byrne (Medical director)" in page and "Draft" not in page
    # A later edit is compared with the approved copy, section by section.
    tiny.write_text(after.replace("Lines look softer.", "Lines look a little softer."))
    assert main(["review", "tiny", "--project", str(project), "--today", TODAY]) == 0
    pack = (project / "out/review/tiny.html").read_text()
    assert ".approved/tiny/en.md" in pack and "+Lines look a little softer." in pack


def test_front_matter_edits_keep_every_other_line() -> None:
    text = '---\nid: x\n# a comment\nversion: "2.0"\nreview_status: awaiting-clinical-review\n---\n\n## A {#a}\nText\n'
    new = set_front_matter(text, {"review_status": "approved", "reviewer": '"Role"'})
    assert (
        new
        == '---\nid: x\n# a comment\nversion: "2.0"\nreview_status: approved\nreviewer: "Role"\n---\n\n## A {#a}\nText\n'
    )


def test_changes_are_section_by_section() -> None:
    old = "---\nid: x\n---\n## A {#a}\none\n## B {#b}\ntwo\n## C {#c}\ngone\n"
    new = "---\nid: x\n---\n## A {#a}\none\n## B {#b}\nthree\n## D {#d}\nnew\n"
    kinds = {c.role: c.kind for c in changes(old, new)}
    assert kinds == {"a": "unchanged", "b": "changed", "d": "added", "c": "removed"}


def test_signer_follows_the_clinics_policy() -> None:
    assert signer({"role"}, None, "Medical director") == "Medical director"
    assert signer({"person"}, "Dr A", None) == "Dr A"
    assert signer({"person", "role"}, "Dr A", "Lead nurse") == "Dr A (Lead nurse)"
    with pytest.raises(ValueError, match="add --reviewer NAME"):
        signer({"person"}, None, "Medical director")


def test_approve_refuses_a_next_review_the_build_would_refuse(tmp_path: Path, capsys) -> None:
    """Round-16 attack, case 37: `approve --next-review 2099-01-01` wrote it and exited 0; the
    build then refused it, at the front matter's first line. Now approve refuses it and writes
    nothing, and the build's error is at next_review's own line."""
    project = draft_project(tmp_path / "project")
    tiny = project / "handouts/tiny/en.md"
    before = tiny.read_text()
    arguments = ["approve", "tiny", "--project", str(project), "--today", TODAY, "--role", "Medical director"]
    assert main([*arguments, "--next-review", "2099-01-01"]) == 2
    assert "--next-review may be at most 3 years after today (2029-12-06)" in capsys.readouterr().err
    assert tiny.read_text() == before
    values = {"review_status": "approved", "reviewed": "2026-12-01", "next_review": "2099-01-01", "reviewer": "Dr Ada"}
    text = set_front_matter(before, values)
    tiny.write_text(text)
    line = text.split("\n").index("next_review: 2099-01-01") + 1
    assert main(["check", "--project", str(project), "--today", TODAY]) == 1
    said = capsys.readouterr()
    assert (
        f"handouts/tiny/en.md:{line}: error: next_review may be at most 3 years after reviewed" in said.out + said.err
    )
