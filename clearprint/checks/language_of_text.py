"""Every sentence a patient reads is in the handout's language.

The claim rules, brand-name rules and reading level read a handout in its own language
(rules/languages/<language>.yaml); a sentence in another language is read by none of them
(round-8 attack, case 19: "Die Behandlung ist schmerzfrei und 100 Prozent sicher, ohne
Nebenwirkungen" printed in an English leaflet with exit 0). So a sentence of MIN_WORDS words
or more, as drawn on the page, must read as the handout's language: more than HALF of its
words are words of that language by simplemma's word lists (`in_target_language`, which
leaves out names written with a capital and words of 1 or 2 letters; a sentence with fewer
than MIN_SAMPLED words left is too short to tell), or it is an error at its line.

Every word of 3 letters or more that is not written with a capital (a name) must also be a
word of the language by those word lists or one of its `known_words` (rules/languages/
<language>.yaml): a word of another language inside a sentence of the handout's ("completely
schmerzfrei") or too short a sentence to tell ("Sans douleur.") is an error at its column
(round-9 attack, cases 01 to 04), and so is a misspelling.

Not read: cited source titles, which keep the language they were published in; web addresses
and code; the clinic's own name, address and phone numbers from clinic.yaml.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from ..languages import load as load_language
from ..models import ClinicSettings
from ..problems import ContentError, Problem
from .context import Context
from .text import Chunk

MIN_WORDS = 4
MIN_SAMPLED = 3  # words simplemma's sampler keeps
HALF = 0.5  # the shipped samples' patient text is at 0.67 or more (en and es); French read as English: 0.5
WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a word as the word lists hold it: "doesn't"
# web and e-mail addresses, file names, code ("onerror=alert(2)"): not words of a language
ADDRESS = re.compile(r"\S*(?:[/@=<>{}\[\]]|\w\.\w|\w\()\S*")


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
def _strategy():
    from simplemma.strategies import DefaultStrategy  # word lists load on first use, per language

    class Remembered(DefaultStrategy):  # a word looked up once (a low-memory list is searched each time)
        get_lemma = lru_cache(maxsize=65536)(DefaultStrategy.get_lemma)

    return Remembered(low_memory=True)


@cache
def _detector(language: str):
    from simplemma import LanguageDetector, MostCommonTokenSampler

    return LanguageDetector(language, MostCommonTokenSampler(), _strategy())


def unknown(text: str, language: str, known: frozenset[str]) -> list[str]:
    """The words of `text` (3 letters or more, not written with a capital: names) that are
    neither words of `language` by simplemma nor among the language's `known_words`
    (rules/languages/<language>.yaml): "schmerzfrei", "douleur" and "efeitos" in a sentence
    that is otherwise the handout's language (round-9 attack, cases 01 to 04)."""
    found = []
    for word in TOKEN.findall(ADDRESS.sub(" ", text)):
        lower = word.lower()
        if len(word) < 3 or word[0].isupper() or lower in known:
            continue
        if _strategy().get_lemma(lower, language) is None:
            found.append(word)
    return list(dict.fromkeys(found))


def judged(words: str, language: str, known: frozenset[str]) -> tuple[float | None, list[str]]:
    """(the share of a sentence's words in `language`, None under MIN_WORDS words; its unknown words)."""
    return share(words, language) if len(WORD.findall(words)) >= MIN_WORDS else None, unknown(words, language, known)


def foreign(found: float) -> bool:
    """Whether a sentence with `found` of its words in the language is not in it."""
    return found <= HALF


def read(chunks: Iterable[Chunk], settings: ClinicSettings, short: bool = False) -> list[tuple[Chunk, int, str, str]]:
    """(chunk, offset, sentence, its words to read) for each sentence of MIN_WORDS words or
    more (`short`: every sentence), web addresses and the clinic's own name, address and phone
    numbers ("ext. 2") left out; cited sources are not read."""
    own = (settings.name, settings.short_name, *settings.address, settings.phone, settings.after_hours_phone)
    names = sorted({value for value in own if value}, key=len, reverse=True)
    found = []
    for chunk in chunks:
        if chunk.kind == "source":
            continue
        masked = chunk.text  # the clinic's own values blanked before the text is split into sentences
        for name in names:
            masked = masked.replace(name, " " * len(name))
        for offset, words in Chunk(chunk.role, chunk.kind, masked, chunk.positions, chunk.indent).sentences():
            sentence = chunk.text[offset : offset + len(words)]
            words = ADDRESS.sub(" ", words)
            if short or len(WORD.findall(words)) >= MIN_WORDS:
                found.append((chunk, offset + len(sentence) - len(sentence.lstrip()), sentence, words))
    return found


def message(sentence: str, language: str, found: float) -> tuple[str, str]:
    """(what is wrong, what to do) for a sentence that does not read as `language`."""
    return (
        f"'{' '.join(sentence.split())[:70]}' does not read as the handout's language ({language}): "
        f"{found:.0%} of its words are words of it",
        "write it in the handout's language: Clearprint's checks read a handout in its own language only",
    )


def unknown_message(word: str, language: str) -> tuple[str, str]:
    """(what is wrong, what to do) for a word that is not one of `language`'s."""
    return (
        f"'{word}' is not a word of the handout's language ({language}) that Clearprint knows, so no check can read it",
        f"check its spelling and write it in the handout's language; a real word of it that Clearprint lacks "
        f"(a medical term) goes in `known_words` in rules/languages/{language}.yaml, after a reviewer checks it",
    )


def known_words(root: Path, language: str) -> frozenset[str]:
    try:
        return frozenset(w.lower() for w in load_language(root, language).known_words)
    except ContentError:
        return frozenset()  # the clinic's languages: line reports the missing language data


def check(ctx: Context) -> Iterator[Problem]:
    every = read(ctx.chunks, ctx.output.clinic.settings, short=True)
    results = _results([w for *_, w in every], ctx)
    for (chunk, offset, sentence, _), (found, strange) in zip(every, results, strict=True):
        if found is not None and foreign(found):
            yield ctx.finding(chunk.at(offset), "error", "text-other-language", *message(sentence, ctx.language, found))
        elif strange:
            for word in strange:
                at = sentence.find(word)
                yield ctx.finding(
                    chunk.at(offset + max(at, 0) - (len(sentence) - len(sentence.lstrip()))), "error",
                    "text-unknown-word", *unknown_message(word, ctx.language),
                )  # fmt: skip


def _results(sentences: list[str], ctx: Context) -> list[tuple[float | None, list[str]]]:
    """Each sentence's share (None under MIN_WORDS words) and its unknown words, kept under
    out/ by the hash of all of them (loading the word lists takes longer than the rest of this
    check: a second run reads them from there)."""
    from importlib.metadata import version

    known = known_words(ctx.root, ctx.language)
    text = "\n".join([f"simplemma {version('simplemma')} {ctx.language} {sorted(known)}", *sentences])
    key = hashlib.sha256(text.encode()).hexdigest()
    if ctx.cache is not None and (kept := ctx.cache.get(key)) is not None:
        try:
            results = [(r[0], list(r[1])) for r in json.loads(kept)]
            if len(results) == len(sentences):
                return results
        except (ValueError, TypeError, IndexError, KeyError):
            pass  # damaged: worked out again
    results = [judged(s, ctx.language, known) for s in sentences]
    if ctx.cache is not None:
        ctx.cache.put(key, json.dumps(results))
    return results
