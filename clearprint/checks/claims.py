"""Claims: absolute, trivialising and promotional wording, and jurisdiction rules.

The rule words are data (rules/claims.<language>.yaml, rules/profiles/<country>.yaml and,
for what a treatment is approved for and how long it lasts, rules/treatments/*.yaml via
claims_facts.py; the language's negations, hedges, refusals and answers in
rules/languages/<language>.yaml via claims_language.py). Text is folded first
(normalise.py: lookalike letters, invisible characters, dashes, "B0TOX"), then split into
sentences, and this module decides, sentence by sentence, whether a match is a claim the
handout makes or words it denies, doubts or reports:

- a negation earlier in the same clause ("No treatment is completely risk-free", "We
  cannot promise results") or right after the words ("Fillers are not permanent") makes
  a negatable rule's match honest; so does a hedge ("Swelling usually goes down within
  hours") or a time limit ("no pain after the first day");
- a refusal ("We do not treat teenagers") is honest for a `refusable` rule;
- a short label that the next sentence denies ("Clearing acne or oily skin. It is not
  an approved use.") is honest for a negatable rule;
- a sentence that distances itself from the words ("Be wary of clinics that promise
  painless injections", 'Adverts that say "no side effects" are wrong') makes the match
  honest, for every rule except those about where the material is handed out;
- a question asks, it does not claim ("Is it painless? No. It stings."), unless the next
  sentence affirms it ("Is it safe? Absolutely.") or dismisses the worry ("Worried about
  side effects? Don't be."): then the question's words are claimed, and rules with
  `answer:` match the question;
- a rule's `unless` patterns name other senses of its words ("a safe place", "instant
  coffee").

One finding per family and place: "results that last forever" is one permanence claim,
and a country's rule replaces the general rule of the same family at the same words.
A sentence no rule flags may still be flagged by the learned model (claims_model.py), as
a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from . import claims_language as lang
from .claims_language import Language
from .claims_prefilter import first_trigrams, screen, searchable, trigrams
from .claims_screen import Screen
from .claims_sense import other_sense
from .diacritics import bare
from .normalise import fold
from .rules import ClaimRule, compiled
from .text import CITATION, Chunk, Position

ROOT = Path(__file__).resolve().parents[2]
MODEL_MIN_WORDS = 4  # the model reads sentences, not labels of a word or three
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=-?[\"'(¿¡“«]?[A-ZÁÉÍÓÚÑ0-9])")


_compiled = compiled  # rules.compiled: the pattern objects that validation made


_hits: dict[tuple[int, str], bool] = {}
_held: dict[int, ClaimRule] = {}  # the rules whose id() keys _hits, kept alive so the ids stay theirs


def _hit(rule: ClaimRule, sentence: str) -> bool:
    """One of the rule's patterns is in the sentence: asked once per rule and sentence in a
    process (the clinics' rule sets share the language's rules, and the editions the sentences)."""
    key = (id(rule), sentence)
    found = _hits.get(key)
    if found is None:
        if len(_hits) > 200_000:
            _hits.clear()
        first, screened, patterns = _plans.get(id(rule)) or _plan(rule)
        # most sentences hold none of the words the rule needs: no regex scan for them (and
        # the patterns, compiled once when the rules were validated, are not compiled again)
        lowered, letters = _lowered(sentence)
        if lowered is None:
            found = any(pattern.search(sentence) for _, _, pattern in patterns)
        else:
            found = (
                (first is None or not first.isdisjoint(letters))
                and (screened is None or screened.search(lowered) is not None)
                and any(
                    (starts is None or not starts.isdisjoint(letters))
                    and (words is None or words.search(lowered))
                    and pattern.search(sentence)
                    for starts, words, pattern in patterns
                )
            )
        _hits[key] = found
    return found


Plan = tuple[
    frozenset[str] | None,
    re.Pattern[str] | None,
    tuple[tuple[frozenset[str] | None, re.Pattern[str] | None, re.Pattern[str]], ...],
]
_plans: dict[int, Plan] = {}


def _plan(rule: ClaimRule) -> Plan:
    """How _hit reads a rule: the first letters of the strings its matches need, those
    strings as one expression, and each pattern with its own strings (claims_prefilter)."""
    _held[id(rule)] = rule  # its id keys _plans and _hits
    patterns = tuple(rule.patterns)
    plan = _plans[id(rule)] = (
        first_trigrams(patterns),
        screen(patterns),
        tuple((first_trigrams((pattern,)), screen((pattern,)), _compiled(pattern)) for pattern in patterns),
    )
    return plan


@lru_cache(maxsize=4096)
def _lowered(sentence: str) -> tuple[str | None, frozenset[str]]:
    """The sentence lower-cased for the rules' screens (None: screen nothing), and its trigrams."""
    lowered = searchable(sentence)
    return lowered, trigrams(lowered) if lowered is not None else frozenset()


_hit_sets: dict[tuple, frozenset[int]] = {}


def _hit_ids(rules: tuple[ClaimRule, ...], key: tuple[int, ...], sentence: str) -> frozenset[int]:
    """The ids of the rules whose patterns are in the sentence, once per rule set and sentence."""
    seen = (key, sentence)
    found = _hit_sets.get(seen)
    if found is None:
        if len(_hit_sets) > 50_000:
            _hit_sets.clear()
        _kept_alive[key] = rules
        found = _hit_sets[seen] = frozenset(id(rule) for rule in _candidates(rules, key, sentence))
    return found


_screens: dict[tuple[int, ...], Screen] = {}


def _candidates(rules: tuple[ClaimRule, ...], key: tuple[int, ...], sentence: str) -> Iterator[ClaimRule]:
    """The rules one of whose patterns is in the sentence, found for the whole rule set at
    once (claims_screen.py); each is remembered as `_hit` would remember it."""
    screen = _screens.get(key)
    if screen is None:
        _kept_alive[key] = rules
        screen = _screens[key] = Screen(rules)
    for rule in screen.hits(sentence):
        _held[id(rule)] = rule
        _hits[(id(rule), sentence)] = True
        yield rule


def family_of(rule: ClaimRule) -> str:
    return rule.family or rule.id


def _may_apply(rule: ClaimRule, distribution: str, answer: str | None) -> bool:
    """_matches's first tests, which need no reading of the sentence."""
    if rule.distribution and rule.distribution != distribution:
        return False
    if rule.answer and rule.answer != answer:
        return False
    return not (answer == "dismissed" and not rule.answer)


def _matches(
    rule: ClaimRule,
    sentence: str,
    lowered: str,
    language: Language,
    distribution: str,
    denied: bool,
    answer: str | None,
    refusal: bool,
) -> list[re.Match[str]]:
    if rule.distribution and rule.distribution != distribution:
        return []
    if rule.answer and rule.answer != answer:
        return []
    if answer == "dismissed" and not rule.answer:
        return []  # "Is it painless? Not really.": the answer denies the question's words
    if rule.refusable and refusal:
        return []
    plain = bare(sentence)  # the rules read the letters without their accents; the language, with them
    if not _hit(rule, plain):
        return []
    if rule.only_with and not any(word.lower() in bare(lowered) for word in rule.only_with):
        return []
    if rule.unless_cited and CITATION.search(sentence):
        return []
    if rule.negatable and denied:
        return []
    if any(_compiled(pattern).search(plain) for pattern in rule.unless):
        return []
    found: list[re.Match[str]] = []
    for pattern in rule.patterns:
        for match in _compiled(pattern).finditer(plain):
            if any(match.start() < m.end() and m.start() < match.end() for m in found):
                continue  # one finding per place: "last forever" is not also "forever"
            if (
                rule.negatable
                and not rule.answer
                and (
                    (
                        lang.negated_before(sentence, match.start(), language)
                        and not lang.concord(sentence, match, language)
                    )
                    or lang.negated_after(sentence, match.end(), language)
                    or (rule.hedgeable and lang.hedged(sentence, match.start(), match.end(), language))
                    or lang.denied_later(sentence, match.end(), language)
                )
            ):
                continue
            if not rule.distribution and (
                lang.distanced(sentence, match.start(), language)
                or lang.mentioned(sentence, match.start(), match.end(), language)
                or other_sense(sentence, match.start(), match.end(), language)
            ):
                continue
            found.append(match)
    return found[:1] if rule.answer else found  # a question is one claim


def claims_in_sentence(
    sentence: str,
    rules: tuple[ClaimRule, ...],
    language: Language,
    distribution: str,
    following: str | None = None,
    answer: str | None = None,
) -> list[tuple[ClaimRule, re.Match[str]]]:
    """Every claim in one sentence, in rule order; within a family a later rule (a country's
    or a clinic's) wins over an earlier one at the same words. `answer` is how the next
    sentence answers this one, if it is a question ('affirmed', 'dismissed' or None). The
    rules read the sentence bared of accents (diacritics.py): each match is of `bare(sentence)`,
    whose offsets are the sentence's."""
    # _matches finds nothing for the other rules: their words are not in the sentence
    ids = _hit_ids(rules, tuple(map(id, rules)), bare(sentence))
    hit = {id(rule) for rule in rules if id(rule) in ids and _may_apply(rule, distribution, answer)}
    if not hit:
        return []  # most sentences: no rule's words at all, so no need to read their negations
    lowered = sentence.lower()
    denied = lang.denied_by_next(sentence, following, language)
    refusal = lang.refused(sentence, language)
    asking = answer is None and lang.asks(sentence, language)
    per_rule = [
        (
            rule,
            _matches(rule, sentence, lowered, language, distribution, denied, answer, refusal)
            if id(rule) in hit and not asking
            else [],
        )
        for rule in rules
    ]
    kept: dict[str, list[re.Match[str]]] = {}
    chosen: list[tuple[int, ClaimRule, re.Match[str]]] = []
    for index in range(len(per_rule) - 1, -1, -1):
        rule, matches = per_rule[index]
        taken = kept.setdefault(family_of(rule), [])
        for match in matches:
            if any(match.start() < t.end() and t.start() < match.end() for t in taken):
                continue
            taken.append(match)
            chosen.append((index, rule, match))
    chosen.sort(key=lambda c: (c[0], c[2].start()))
    return [(rule, match) for _, rule, match in chosen]


_seen: dict[tuple, list[tuple[ClaimRule, re.Match[str]]]] = {}
_kept_alive: dict[tuple[int, ...], tuple[ClaimRule, ...]] = {}


def _claims_once(
    rules: tuple[ClaimRule, ...],
    key: tuple[int, ...],
    sentence: str,
    language: Language,
    distribution: str,
    following: str | None,
    answer: str | None,
) -> list[tuple[ClaimRule, re.Match[str]]]:
    """claims_in_sentence, once per sentence, context and rule set: a handout is checked
    for every clinic, edition and public page with the same rules."""
    seen = (key, language.code, distribution, sentence, following, answer)
    if seen not in _seen:
        if len(_seen) > 50_000:
            _seen.clear()
        _kept_alive[key] = rules  # the ids in the key stay those of these rules
        _seen[seen] = claims_in_sentence(sentence, rules, language, distribution, following, answer)
    return _seen[seen]


def _denied_words(sentence: str, rules: tuple[ClaimRule, ...], key: tuple[int, ...], language: Language) -> bool:
    """A negatable rule's words are in the sentence, and a negation before them in the same
    clause denies them: the model, which reads words without their scope, does not overrule."""
    ids = _hit_ids(rules, key, bare(sentence))
    return bool(ids) and any(
        rule.negatable and not rule.answer and id(rule) in ids and _rule_denied(rule, sentence, language)
        for rule in rules
    )


_denials: dict[tuple[int, str, int], bool] = {}


def _rule_denied(rule: ClaimRule, sentence: str, language: Language) -> bool:
    """_denied_words for one rule, once per rule, sentence and language in a process."""
    if not _hit(rule, bare(sentence)):
        return False
    # a Language lives as long as its file is unchanged (claims_language._compiled)
    key = (id(rule), sentence, id(language))
    if key not in _denials:
        if len(_denials) > 50_000:
            _denials.clear()
        _denials[key] = any(
            lang.negated_before(sentence, match.start(), language)
            for pattern in rule.patterns
            for match in _compiled(pattern).finditer(bare(sentence))
        )
    return _denials[key]


def _labelled(chunk, text, where, label, value, rules, key, words, distribution, placed):
    """A label and the sentence after it read as one: "Side effects: None." is split into two
    sentences at the colon (SENTENCE_END), and says "Side effects: None." (round-14 attack).
    The joined text is the text's own span, so every offset stays the text's."""
    (offset, _), (after, said) = label, value
    joined = text[offset : after + len(said)]
    for rule, match in _claims_once(rules, key, joined, words, distribution, None, None):
        written = joined[match.start() : match.end()]
        at = offset + match.start() + len(written) - len(written.lstrip())
        if (rule.id, at) not in placed:
            placed.add((rule.id, at))
            yield rule, written.strip(), chunk.at(where[at])


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of folded text."""
    result, start = [], 0
    for match in SENTENCE_END.finditer(text):
        result.append((start, text[start : match.start()]))
        start = match.end()
    result.append((start, text[start:]))
    return [(offset, s) for offset, s in result if s.strip()]


def find_claims(
    chunks: list[Chunk],
    rules: tuple[ClaimRule, ...],
    language: str,
    distribution: str,
    *,
    root: Path | None = None,
    model=None,
) -> Iterator[tuple[ClaimRule, str, Position]]:
    """(rule, matched text, position) for every claim, one per family and place; then, for a
    sentence no rule flags, the model's warning (rule id claim-model), if a model is given.
    The language's data come from `root`/rules/languages (Clearprint's own by default);
    without them this raises ContentError at the missing file."""
    words = lang.load(root or ROOT, language)
    key = tuple(map(id, rules))
    for chunk in chunks:
        text, where = fold(chunk.text, words.folded_words)
        parts = sentences(text)
        placed: set[tuple[str, int]] = set()
        for i, (offset, sentence) in enumerate(parts):
            following = " ".join(s for _, s in parts[i + 1 : i + 3]) or None  # the next two
            answer = lang.answered(sentence, parts[i + 1][1], words) if i + 1 < len(parts) else None
            found = _claims_once(rules, key, sentence, words, distribution, following, answer)
            for rule, match in found:
                # the match is of the bare sentence, at the same offsets: quote the words as written
                written = sentence[match.start() : match.end()]
                lead = len(written) - len(written.lstrip())
                placed.add((rule.id, offset + match.start() + lead))
                yield rule, written.strip(), chunk.at(where[offset + match.start() + lead])
            if i + 1 < len(parts) and sentence.rstrip().endswith(":"):
                yield from _labelled(
                    chunk, text, where, parts[i], parts[i + 1], rules, key, words, distribution, placed
                )
            if found or model is None or answer == "dismissed" or (answer is None and lang.asks(sentence, words)):
                continue
            if len(sentence.split()) < MODEL_MIN_WORDS or lang.denied_by_next(sentence, following, words):
                continue  # "No." answering a question; a short label the next sentence denies
            if lang.distanced(sentence, len(sentence), words) or lang.reported(sentence, words):
                continue  # 'Be wary of adverts that say "100% safe"': a warning about the words
            if _denied_words(sentence, rules, key, words):
                continue  # "It is not painless for everyone": the rules read the words and their negation
            said = f"{sentence} {parts[i + 1][1]}" if answer else sentence  # a question with its answer
            if hit := model.flag(said):
                lead = len(sentence) - len(sentence.lstrip())
                yield hit, sentence.strip(), chunk.at(where[offset + lead])
