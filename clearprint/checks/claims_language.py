"""How a sentence can deny, doubt or report a claim's words, per language.

The claims rules (rules/claims.<language>.yaml) say which words make a claim; these
patterns say when the same words are not one:

- negated_before: a negation earlier in the same clause ("No treatment is completely
  risk-free"; "Nobody can promise that you will look younger");
- negated_after: a verb denied right after the words ("Online reviews cannot tell you
  what your result will be"; "Natural does not mean harmless");
- denied_by_next: a short label is denied by the sentence after it ("Clearing acne.
  Only a few small studies have tried this. It is not an approved use.");
- distanced: the sentence reports or warns about the words rather than making them
  ("Be wary of clinics that promise painless injections"; 'Adverts that say "no side
  effects" are wrong'; "You may hear that it prevents wrinkles").
"""

from __future__ import annotations

import re

NEGATIONS = {
    "en": re.compile(
        r"\b(?:no|not|never|none|nothing|nobody|neither|nor|cannot|rarely|seldom|hardly|unlikely)\b"
        r"|\bno[- ]one\b|n't\b",
        re.I,
    ),
    "es": re.compile(r"\b(?:no|nunca|jamás|ningún|ninguna|ninguno|nadie|nada|tampoco|ni|rara\s+vez)\b", re.I),
}
# A negation reaches only as far back as the start of its clause.
CLAUSE_BREAK = re.compile(r"[.;:!?,()–—]|\s-\s|\b(?:and|but|with|while|y|pero|con|mientras)\b", re.I)
# After the words, "and"/"y" before an article joins two subjects ("Celebrity photos and
# the reviews do not show ...") rather than starting a clause.
AFTER_BREAK = re.compile(
    r"[.;:!?,()–—]|\s-\s|\b(?:but|with|while|pero|con|mientras)\b"
    r"|\b(?:and|y)\b(?!\s+(?:the|our|their|los|las|el|la|sus|nuestr[oa]s)\b)",
    re.I,
)

# A denied verb just after the words: "reviews cannot tell", "natural does not mean".
DENIED_VERB = {
    "en": re.compile(
        r"^(?:\s+[\w'’-]+){0,4}?\s+(?:(?:is|are|was|were|do|does|did|can|could|will|would|should|may|might|has|have)"
        r"(?:\s+not|n't)|cannot|won't|never)\b",
        re.I,
    ),
    "es": re.compile(
        r"^(?:\s+[\w'’-]+){0,4}?\s+(?:no|nunca)\s+(?:es|son|está|están|significa|quiere|muestra\w*|puede\w*|"
        r"garantiza\w*|dura\w*|sirve\w*|hace\w*|evita\w*|demuestra\w*|indica\w*|dice\w*)\b",
        re.I,
    ),
}

DISTANCING = {
    "en": re.compile(
        r"\b(?:be|stay)\s+(?:wary|careful|cautious|suspicious|sceptical|skeptical)\b"
        r"|\bbeware\b|\bavoid\s+(?:any\s+)?(?:clinics?|adverts?|ads|offers?|anyone|practitioners?|injectors?|websites?)\b"
        r"|\b(?:do\s+not|don't|never)\s+(?:believe|trust)\b"
        r"|\bnot\s+true\b|\buntrue\b|\bmyths?\b|\bit\s+is\s+false\b"
        r"|\b(?:some|other|many)\s+(?:clinics|websites|sites|adverts|advertisements|ads|companies|salons|practitioners|"
        r"injectors|influencers|posts|people|leaflets|brochures)\s+(?:\w+\s+)?(?:say|claim|promise|advertise|suggest|"
        r"use|offer|call|describe|tell|write|post)\b"
        r"|\b(?:adverts?|advertisements?|ads|websites?|clinics?|posts?|anyone|someone|people|practitioners?|injectors?|"
        r"companies|salons?|leaflets?|brochures?)\s+(?:who|that|which)\s+(?:\w+\s+)?(?:say|says|claim|claims|promise|"
        r"promises|offer|offers|tell|tells|advertise|advertises|use|uses|call|calls|describe|describes)\b"
        r"|\bif\s+(?:a|an|any|the|someone|anyone|somebody|anybody)\b[^.,;]{0,40}?\b(?:says?|claims?|promises?|offers?|"
        r"tells?|advertises?|calls?|describes?)\b"
        r"|\b(?:claims?|words?|phrases?|promises?|terms?|wording|labels?)\s+(?:such\s+as|like)\b"
        r"|\byou\s+(?:may|might|will|could)\s+(?:hear|read|see)\b"
        r"|\b(?:people|patients|clients|many|you|some)\s+(?:often\s+|sometimes\s+)?(?:ask|wonder)\b|\bwhether\b",
        re.I,
    ),
    "es": re.compile(
        r"\bdesconf[íi]\w*\b|\bcuidado\s+con\b|\btenga\s+cuidado\b|\bno\s+(?:crea|se\s+fíe|confíe)\b|\bmitos?\b"
        r"|\bno\s+es\s+(?:cierto|verdad)\b|\bes\s+falso\b|\bevite\s+(?:las?\s+|los?\s+)?(?:clínicas?|anuncios?|ofertas?)\b"
        r"|\b(?:algunas?|algunos|otras?|otros|muchas?|muchos)\s+(?:clínicas|páginas|webs|anuncios|personas|empresas|"
        r"publicaciones|influencers|folletos|centros)\s+(?:\w+\s+)?(?:dicen|afirman|prometen|anuncian|ofrecen|usan|hablan|"
        r"aseguran|llaman|publican)\b"
        r"|\b(?:anuncios?|clínicas?|páginas?|quien|quienes|alguien|nadie|publicaciones|centros?)\s+(?:que\s+)?"
        r"(?:le\s+|les\s+)?(?:dice|dicen|diga|digan|promete|prometen|prometa|prometan|ofrece|ofrecen|ofrezca|ofrezcan|"
        r"afirma|afirman|afirme|anuncia|anuncian|asegura|aseguran|asegure)\b"
        r"|\bsi\s+(?:una?|alguien|algún|alguna)\b[^.,;]{0,40}?\b(?:dice|ofrece|promete|afirma|anuncia|asegura)\b"
        r"|\b(?:frases?|afirmaciones|promesas|palabras|expresiones)\s+como\b"
        r"|\bpuede\s+(?:oír|leer|ver)\s+que\b|\b(?:preguntan?|se\s+preguntan?)\s+(?:si|cuánto|cómo|por\s+qué)\b",
        re.I,
    ),
}


def _table(table: dict[str, re.Pattern[str]], language: str) -> re.Pattern[str]:
    return table.get(language, table["en"])


def negated_before(sentence: str, start: int, language: str) -> bool:
    before = sentence[:start]
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return bool(_table(NEGATIONS, language).search(clause))


def negated_after(sentence: str, end: int, language: str) -> bool:
    after = sentence[end:]
    stop = AFTER_BREAK.search(after)
    clause = after[: stop.start()] if stop else after
    return bool(_table(DENIED_VERB, language).match(clause))


def distanced(sentence: str, start: int, language: str) -> bool:
    return bool(_table(DISTANCING, language).search(sentence[:start]))


# "This has not been shown." "It is not an approved use." "No se ha demostrado."
DENIAL = {
    "en": re.compile(
        r"\b(?:not|never|no)\b[^.]{0,40}\b(?:shown|proven|proved|approved|known|established|licensed|true|evidence|"
        r"studied|supported)\b|\bunproven\b|\bonly\s+(?:a\s+few\s+)?(?:small\s+)?stud(?:y|ies)\b|\bnot\s+an?\s+approved\b|\bno\s+one\s+knows\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:no|nunca|nadie)\b[^.]{0,40}\b(?:demostrad[oa]|probad[oa]|aprobad[oa]|sabe|conoce|estudiad[oa]|"
        r"cierto|verdad|prueba\w*)\b|\bsolo\s+(?:unos\s+pocos\s+)?estudios\b",
        re.I,
    ),
}
LABEL_WORDS = 8


def denied_by_next(sentence: str, following: str | None, language: str) -> bool:
    """A short label ("Clearing acne or oily skin.") that one of the next sentences denies."""
    if not following or len(sentence.split()) > LABEL_WORDS:
        return False
    return bool(_table(DENIAL, language).search(following))
