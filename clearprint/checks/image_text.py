"""Words drawn in the images a clinic supplies, read by OCR and held to the claim rules.

A logo whose pixels say "100% SAFE / PAINLESS!", or a drawing whose paths are the outlines of
letters, prints words no text check reads. Every image that reaches a page (the clinic's
logo, each figure of a handout's Markdown) is read with Tesseract (Debian's `tesseract-ocr`,
English and Spanish models, installed by scripts/setup.sh); an SVG is drawn by the renderer
first (pdf/svg_raster.py, in its own process). Each reading runs as a subprocess with a time
and memory limit, and is kept by the image's hash (in memory, and in the build's cache under
out/, incremental/ocr_cache.py), so an unchanged image is read once. The words read are run
through the claim rules of every language the clinic prints; a claim is an error at the
clinic.yaml line (the logo) or the Markdown line and column of the image.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from ..content.images import IMAGE_FILES
from ..content.markup import IMAGE
from ..models import Output
from ..problems import ContentError, Problem, Problems
from . import claims
from . import image_variants as variants
from .rules import ClaimRule, load_rules
from .text import Chunk, Position

LANGUAGES = "eng+spa"
# part of each cached reading's key: a change of how images are read reads them again
CONFIG = f"tesseract {LANGUAGES} psm 11 tsv v2 {' '.join(name for name, _ in variants.VARIANTS)}"
SECONDS = 60  # per image, each step
MEMORY = 1024 * 2**20  # bytes of address space for each step's process
MIN_HEIGHT = 200  # px: a smaller bitmap is enlarged before it is read
REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(?P<src>[^\s>]+)")  # a reference image's file


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, text: str) -> None: ...


class Unreadable(Exception):
    """OCR could not read an image (no tesseract, a timeout, a failed step)."""


def _limit() -> None:  # in the child, before it runs (no import, no lock: readings run on a thread too)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(command: list[str], images: int = 1) -> bytes:
    """A step's output; `images`: how many it reads (SECONDS each)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core: the machine is shared with the renderers
    limit = SECONDS * max(1, images)
    try:
        done = subprocess.run(command, capture_output=True, timeout=limit, env=env, preexec_fn=_limit, check=False)
    except subprocess.TimeoutExpired:
        raise Unreadable(f"{Path(command[0]).name} took more than {limit} s") from None
    except OSError as exc:
        raise Unreadable(f"{Path(command[0]).name} could not be run ({exc.strerror})") from None
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise Unreadable(f"{Path(command[0]).name} failed: {last[:200]}")
    return done.stdout


def _flatten(data: bytes, target: Path) -> None:
    """A bitmap as a PNG OCR reads as printed: flattened onto white (a transparent logo's
    letters would be black on black), its first frame, enlarged when small."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    if flat.height < MIN_HEIGHT:
        scale = -(-MIN_HEIGHT // max(1, flat.height))
        flat = flat.resize((flat.width * scale, flat.height * scale))
    flat.save(target)


# What this process has read, by content hash and OCR settings: every build, check and serve
# round in one process reads an image once, whatever its cache (check_only keeps none on disk).
_MEMO: dict[str, str] = {}


def _key(data: bytes) -> str:
    return hashlib.sha256(CONFIG.encode() + b"\0" + data).hexdigest()


class ImageText:
    """The words in each image, read once per image content (by hash)."""

    def __init__(self, root: Path, cache: Cache | None = None) -> None:
        self.root, self.cache = root.resolve(), cache
        self.read: dict[str, str] = {}
        self.rule_sets: dict[tuple[Path, str], tuple[ClaimRule, ...]] = {}
        self.seconds = 0.0  # CPU time of the OCR processes this run (measured by the benchmark)
        self._reading: dict[str, threading.Thread] = {}  # key -> the reading in the background that reads it

    def words(self, path: Path) -> str:
        """The words OCR reads in the image at `path` (Unreadable when it cannot)."""
        return " ".join(word for word, _ in self.readings(path))

    def readings(self, path: Path) -> list[tuple[str, float]]:
        """Each word OCR reads in the image at `path`, with Tesseract's confidence in it (0-100)."""
        return parse_readings(self._stored(path))

    def _stored(self, path: Path) -> str:
        data = path.read_bytes()
        key = _key(data)
        self.wait(key)
        if key not in self.read:
            text = self._kept(key)
            if text is None:
                text = self._ocr([(key, path, data)])[key]
            self.read[key] = text
        return self.read[key]

    def _kept(self, key: str) -> str | None:
        """The reading of the image `key` this process or the cache holds, else None. One this
        process read for another build goes into this build's cache too, so the cache under
        out/ holds every image the build printed, whatever this process did before."""
        if self.cache is None:
            return _MEMO.get(key)
        stored = self.cache.get(key)
        if stored is None and key in _MEMO:
            self.cache.put(key, _MEMO[key])
        return stored if stored is not None else _MEMO.get(key)

    def wait(self, key: str) -> None:
        """Until the reading in the background that reads the image `key` (if any) is done."""
        thread = self._reading.pop(key, None)
        if thread is not None:
            thread.join()

    def finish(self) -> None:
        """Until every reading in the background is done (none may write into the cache after the build)."""
        for key in list(self._reading):
            self.wait(key)

    def prefetch(self, outputs: list[Output], background: bool = False) -> None:
        """Read every image the outputs print that no reading is kept for, in one drawing
        process and one OCR process (a first build's images, at once); an image that fails
        here is read again on its own by `words`, which says why. `background`: on a thread
        (its steps are processes), so this process checks and renders meanwhile; `words` waits
        for an image's reading when it needs it."""
        wanted: dict[str, tuple[Path, bytes]] = {}
        for output in outputs:
            for image, _ in images(output):
                try:
                    data = image.read_bytes()
                except OSError:
                    continue
                key = _key(data)
                if key in self.read or key in wanted or key in self._reading:
                    continue
                text = self._kept(key)
                if text is None:
                    wanted[key] = (image, data)
                else:
                    self.read[key] = text
        if wanted:
            items = [(key, path, data) for key, (path, data) in wanted.items()]
            if not background:
                self._read_all(items)
                return
            thread = threading.Thread(target=self._read_all, args=(items,), name="clearprint-ocr", daemon=True)
            self._reading.update(dict.fromkeys(wanted, thread))
            thread.start()

    def _read_all(self, items: list[tuple[str, Path, bytes]]) -> None:
        try:
            self.read.update(self._ocr(items))
        except (Unreadable, OSError):
            pass

    def _ocr(self, items: list[tuple[str, Path, bytes]]) -> dict[str, str]:
        """Read the images (key, path, bytes): SVGs drawn in one process, all read by one
        tesseract (its pages separated by form feeds); each reading kept in the cache."""
        if shutil.which("tesseract") is None:
            raise Unreadable("tesseract is not installed (run scripts/setup.sh)")
        before = os.times()
        with tempfile.TemporaryDirectory(prefix="clearprint-ocr-") as name:
            folder = Path(name)
            bitmaps, drawings = [], []
            for index, (_, path, data) in enumerate(items):
                bitmap = folder / f"{index}.png"
                if path.suffix.lower() == ".svg":
                    (folder / f"{index}.svg").write_bytes(data)
                    drawings += [str(folder / f"{index}.svg"), str(bitmap)]
                else:
                    _flatten(data, bitmap)
                bitmaps.append(bitmap)
            if drawings:
                _run([sys.executable, "-m", "clearprint.pdf.svg_raster", *drawings], len(drawings) // 2)
            pages = _tesseract(folder, bitmaps, "images")
            # Nothing read upright: the same image turned and with its dots run together, at once
            # (letters set sideways or upside down, dot-matrix letters: attack6 I04, I05).
            blank = [i for i, page in enumerate(pages[: len(items)]) if not variants.has_text(parse_readings(page))]
            made = [(i, variants.paths(bitmaps[i], folder)) for i in blank]
            if made:  # drawn in a process of their own: the dilation is not this process's CPU time
                _run([sys.executable, variants.__file__, str(folder), *(str(bitmaps[i]) for i in blank)], len(blank))
            copies = [v for _, vs in made for v in vs]
            more = _tesseract(folder, copies, "variants") if copies else []
            for i, vs in made:  # a copy's reading is kept when it reads as text, not a drawing's noise
                kept = [page for page in more[: len(vs)] if variants.counts(parse_readings(page))]
                pages[i] = "\n".join(filter(None, [pages[i], *kept]))
                more = more[len(vs) :]
        after = os.times()
        self.seconds += (after.children_user - before.children_user) + (after.children_system - before.children_system)
        found = {key: page for (key, _, _), page in zip(items, pages, strict=False)}
        _MEMO.update(found)
        if self.cache is not None:
            for key, text in found.items():
                self.cache.put(key, text)
        return found

    def _rules(self, output: Output, language: str) -> tuple[ClaimRule, ...]:
        clinic = output.clinic
        key = (clinic.folder, language)
        if key not in self.rule_sets:
            try:
                rules = load_rules(self.root, clinic.folder, clinic.settings.country, language, Problems(self.root))
                self.rule_sets[key] = rules.claims
            except ContentError:  # reported by the output's own checks
                self.rule_sets[key] = ()
        return self.rule_sets[key]

    def findings(self, output: Output, report: Problems) -> list[Problem]:
        """Each claim in the words of an image the output prints, at the line that names it."""
        problems: dict[Problem, None] = {}
        for image, where in images(output):
            name = report.rel(image)
            try:
                text = self.words(image)
            except (Unreadable, OSError) as exc:
                message = (
                    f"'{name}' is damaged or not an image; export it again as PNG or JPEG (its text could not be"
                    f" read to check it: {exc})"
                    if image.suffix.lower() != ".svg"
                    else f"the text in the image '{name}' could not be read to check it ({exc}); no image is printed"
                    " unread"
                )
                problems[
                    Problem(report.rel(where.file), where.line, message, "error", where.col, "image-text-unread")
                ] = None
                continue
            if not text:
                continue
            chunk = Chunk(None, "text", text, [where] * len(text))
            for language in dict.fromkeys(output.clinic.settings.languages):  # an image's words may be in any
                rules = self._rules(output, language)
                for rule, match, _ in claims.find_claims([chunk], rules, language, output.distribution, root=self.root):
                    message = (
                        f"the image '{name}' shows the words '{match}': {rule.message.format(match=match)} "
                        f"({rule.suggestion}; text drawn in an image is read as the patient reads it)"
                    )
                    problems[
                        Problem(report.rel(where.file), where.line, message, rule.severity, where.col, rule.id)
                    ] = None
        return list(problems)


def _tesseract(folder: Path, bitmaps: list[Path], name: str) -> list[str]:
    """One stored reading per bitmap, read by one tesseract process."""
    listing = folder / f"{name}.txt"
    listing.write_text("".join(f"{b}\n" for b in bitmaps), encoding="utf-8")
    raw = _run(["tesseract", str(listing), "-", "-l", LANGUAGES, "--psm", "11", "tsv"], len(bitmaps))
    pages = _tsv_pages(raw.decode("utf-8", "replace"))
    if len(pages) < len(bitmaps):
        raise Unreadable(f"tesseract read {len(pages)} of {len(bitmaps)} images")
    return pages


def _tsv_pages(tsv: str) -> list[str]:
    """Tesseract's TSV (one row per page, block, line and word; a word's row has its
    confidence and text) as one stored reading per page: a line `confidence<TAB>word` per word."""
    pages: list[list[str]] = []
    for row in tsv.split("\n")[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        if cells[0] == "1":
            pages.append([])
        elif cells[0] == "5" and cells[11].strip() and pages:
            for word in cells[11].split():
                pages[-1].append(f"{cells[10]}\t{word}")
    return ["\n".join(page) for page in pages]


def parse_readings(stored: str) -> list[tuple[str, float]]:
    """(word, confidence) of a stored reading; a damaged line is read as a sure word."""
    found = []
    for line in stored.split("\n"):
        confidence, _, word = line.rpartition("\t")
        try:
            sure = float(confidence)
        except ValueError:
            sure = 100.0
        found += [(w, sure) for w in word.split()]
    return found


def images(output: Output) -> list[tuple[Path, Position]]:
    """Every image a clinic supplies that the output prints, with the place that names it:
    the logo at its clinic.yaml line, each Markdown image at its line and column."""
    found: list[tuple[Path, Position]] = []
    clinic = output.clinic
    logo = clinic.logo_path
    if logo.is_file():
        found.append((logo, Position(clinic.folder / "clinic.yaml", clinic.lines.get(("logo",)) or 1, 1)))
    handout = output.handout
    parts = [(handout.intro, handout.body_line, handout.file), *((s.body, s.line + 1, s.file) for s in output.sections)]
    for markdown, first, file in parts:
        for number, line in enumerate(markdown.split("\n"), start=first):
            for match in IMAGE.finditer(line):
                target = (file.parent / match["src"]).resolve()
                if target.is_file():
                    found.append((target, Position(file, number, match.start() + 1)))
            for match in REFERENCE.finditer(line):  # `![alt][ref]` ... `[ref]: file.png`
                target = (file.parent / match["src"]).resolve()
                if target.suffix.lower() in IMAGE_FILES and target.is_file():
                    found.append((target, Position(file, number, match.start() + 1)))
    return list(dict.fromkeys(found))
