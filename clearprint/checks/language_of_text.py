"""Every sentence a patient reads is in the handout's language.

The claim rules, brand-name rules and reading level read a handout in its own language
(rules/languages/<language>.yaml); a sentence in another language is read by none of them
(round-8 attack, case 19: "Die Behandlung ist schmerzfrei und 100 Prozent sicher, ohne
Nebenwirkungen" printed in an English leaflet with exit 0). So a sentence of MIN_WORDS words
or more, as drawn on the page, must read as the handout's language: more than HALF of its
words are words of that language by simplemma's word lists (`in_target_language`, which
leaves out names written with a capital and words of 1 or 2 letters; a sentence with fewer
than MIN_SAMPLED words left is too short to tell), or it is an error at its line.

Not read: cited source titles, which keep the language they were published in, and the
clinic's own name and address from clinic.yaml (names, not sentences).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from ..models import ClinicSettings
from ..problems import Problem
from .context import Context
from .text import Chunk

MIN_WORDS = 4
MIN_SAMPLED = 3  # words simplemma's sampler keeps
HALF = 0.5  # the shipped samples' patient text is at 0.67 or more (en and es); French read as English: 0.5
WORD = re.compile(r"[^\W\d_]+")
ADDRESS = re.compile(r"\S*(?:/|@|\w\.\w)\S*")  # web and e-mail addresses, file names: not words of a language


@lru_cache(maxsize=8192)  # the same sentences are in every clinic's copy of a handout
def share(sentence: str, language: str) -> float:
    """The share of `sentence`'s words that are words of `language`; 1 when simplemma's
    sampler keeps fewer than MIN_SAMPLED of them (it drops words of 1 or 2 letters and names
    with a capital): too few to tell."""
    from simplemma import MostCommonTokenSampler

    if len(MostCommonTokenSampler().sample_text(sentence)) < MIN_SAMPLED:
        return 1.0
    return _detector(language).proportion_in_target_languages(sentence)


@cache
def _detector(language: str):
    from simplemma import LanguageDetector, MostCommonTokenSampler  # word lists load on first use
    from simplemma.strategies import DefaultStrategy

    class Remembered(DefaultStrategy):  # a word looked up once (a low-memory list is searched each time)
        get_lemma = lru_cache(maxsize=65536)(DefaultStrategy.get_lemma)

    return LanguageDetector(language, MostCommonTokenSampler(), Remembered(low_memory=True))


def foreign(found: float) -> bool:
    """Whether a sentence with `found` of its words in the language is not in it."""
    return found <= HALF


def read(chunks: Iterable[Chunk], settings: ClinicSettings) -> list[tuple[Chunk, int, str, str]]:
    """(chunk, offset, sentence, its words to read) for each sentence of MIN_WORDS words or
    more, web addresses and the clinic's own name and address left out; cited sources are not read."""
    names = sorted({settings.name, settings.short_name or "", *settings.address} - {""}, key=len, reverse=True)
    found = []
    for chunk in chunks:
        if chunk.kind == "source":
            continue
        for offset, sentence in chunk.sentences():
            words = ADDRESS.sub(" ", sentence)
            for name in names:
                words = words.replace(name, " ")
            if len(WORD.findall(words)) >= MIN_WORDS:
                found.append((chunk, offset + len(sentence) - len(sentence.lstrip()), sentence, words))
    return found


def message(sentence: str, language: str, found: float) -> tuple[str, str]:
    """(what is wrong, what to do) for a sentence that does not read as `language`."""
    return (
        f"'{' '.join(sentence.split())[:70]}' does not read as the handout's language ({language}): "
        f"{found:.0%} of its words are words of it",
        "write it in the handout's language: Clearprint's checks read a handout in its own language only",
    )


def check(ctx: Context) -> Iterator[Problem]:
    sentences = read(ctx.chunks, ctx.output.clinic.settings)
    for (chunk, offset, sentence, _), found in zip(sentences, _shares([w for *_, w in sentences], ctx), strict=True):
        if foreign(found):
            yield ctx.finding(chunk.at(offset), "error", "text-other-language", *message(sentence, ctx.language, found))


def _shares(sentences: list[str], ctx: Context) -> list[float]:
    """Each sentence's share, kept under out/ by the hash of all of them (loading the word
    lists takes longer than the rest of this check: a second run reads them from there)."""
    from importlib.metadata import version

    text = "\n".join([f"simplemma {version('simplemma')} {ctx.language}", *sentences])
    key = hashlib.sha256(text.encode()).hexdigest()
    if ctx.cache is not None and (kept := ctx.cache.get(key)) is not None:
        try:
            shares = [float(x) for x in kept.split()]
            if len(shares) == len(sentences):
                return shares
        except ValueError:
            pass  # damaged: worked out again
    shares = [share(s, ctx.language) for s in sentences]
    if ctx.cache is not None:
        ctx.cache.put(key, " ".join(f"{x:.4f}" for x in shares))
    return shares
