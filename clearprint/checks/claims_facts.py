"""Per-treatment facts as claims rules: what a treatment is approved or proven for, per
country, and how long its effect lasts (rules/treatments/<treatment>.yaml).

A handout is about one treatment (its id is listed under `handouts:` in the treatment's
file), so "clears acne" or "lasts a year" in the botulinum toxin handout is caught
because of what botulinum toxin is, while "can help with mild acne" passes in the
chemical peels handout. The facts become ordinary ClaimRule objects, added after the
language's and the country's rules.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from ..content import yamlfile
from ..content.read import read_text
from ..languages import ClaimsWords, FactsText
from ..languages import load as load_language
from ..models import Strict
from ..problems import ContentError, Problems
from . import claims_language
from .rules import ClaimRule

Text = dict[str, str]  # language -> text; the languages are those of rules/languages/


class Lasts(Strict):
    longest_months: int = Field(gt=0, le=600)
    typical: Text
    source: str


class Use(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    severity: Literal["error", "warning"] = "error"
    countries: list[str] = []  # where a claim of this use is wrong; empty: everywhere
    what: Text
    why: Text
    honest: Text
    patterns: dict[str, list[str]]


class Treatment(Strict):
    treatment: str
    name: Text
    handouts: list[str] = Field(min_length=1)
    lasts: Lasts | None = None
    approved: dict[str, str] = {}  # country -> what it is approved for, for writers and reviewers
    unproven: list[Use] = []


class Phrases(Strict):
    benefit: str
    lasts: str


def _read(path: Path, model, report: Problems):
    return yamlfile.validated(read_text(path, report), path, model, report)


def _numbers_above(months: int, words: ClaimsWords) -> str:
    """A regular expression for a duration longer than `months`, from the language's number words."""
    month_unit, year_unit, decade_unit = words.units.months, words.units.years, words.units.decades
    numbers = words.number_words
    month_numbers = [str(n) for n in range(months + 1, 241)] + [
        w for n, ws in numbers.items() if n > months for w in ws
    ]
    years_over = months // 12 + 1  # whole years that are too long
    year_numbers = [str(n) for n in range(years_over, 100)] + [
        w for n, ws in numbers.items() if n >= years_over for w in ws
    ]
    parts = [rf"(?:{'|'.join(sorted(month_numbers, key=len, reverse=True))})\s+(?:{month_unit})"]
    parts.append(rf"(?:{'|'.join(sorted(year_numbers, key=len, reverse=True))})\s+(?:{year_unit})")
    parts.append(rf"(?:\w+\s+)?(?:{decade_unit})")
    if months < 12:
        parts.append(words.whole_year)
    return rf"\b(?:{'|'.join(parts)})\b"


def _duration_rule(
    treatment: Treatment, phrases: Phrases, language: str, words: ClaimsWords, text: FactsText
) -> ClaimRule | None:
    if treatment.lasts is None or language not in treatment.name or language not in treatment.lasts.typical:
        return None
    name, typical = treatment.name[language], treatment.lasts.typical[language]
    longer = _numbers_above(treatment.lasts.longest_months, words)
    return ClaimRule(
        id="claim-duration",
        family="permanent",
        severity="error",
        negatable=True,
        message=text.too_long.format(match="{match}", name=name, typical=typical),
        suggestion=text.too_long_suggestion.format(typical=typical),
        patterns=[
            rf"{phrases.lasts}\b(?:\s+[\w'’,-]+){{0,5}}?\s+{words.duration_qualifier}{longer}",
            rf"{longer}[- ](?:of\s+)?(?:results?|effects?|lasting|smoothness)",
        ],
    )


def _use_rule(treatment: Treatment, use: Use, phrases: Phrases, language: str, text: FactsText) -> ClaimRule | None:
    patterns = use.patterns.get(language)
    if not patterns or any(language not in t for t in (treatment.name, use.what, use.why, use.honest)):
        return None
    words = {"benefit": phrases.benefit, "lasts": phrases.lasts}
    expanded = [p.replace("{benefit}", r"\b" + words["benefit"]).replace("{lasts}", words["lasts"]) for p in patterns]
    return ClaimRule(
        id="claim-unapproved-use",
        family="unapproved",
        severity=use.severity,
        negatable=True,
        message=text.unproven.format(
            match="{match}", name=treatment.name[language], what=use.what[language], why=use.why[language]
        ),
        suggestion=text.unproven_suggestion.format(honest=use.honest[language]),
        patterns=expanded,
    )


@cache
def _compiled_rules(
    folder: Path, stamp: tuple, language: str
) -> dict[str, tuple[tuple[str, ...], tuple[ClaimRule, ...]]]:
    """handout id -> (countries per rule, rules) for one language; raises ContentError."""
    report = Problems(folder.parent.parent)
    words = claims_language.load(folder.parent.parent, language, report).words
    text = load_language(folder.parent.parent, language, report).facts
    phrases_data, lines = yamlfile.parse(read_text(folder / "_phrases.yaml", report), folder / "_phrases.yaml", report)
    phrases = yamlfile.validate(
        Phrases, (phrases_data or {}).get(language) or {}, folder / "_phrases.yaml", lines, report
    )
    result: dict[str, tuple[tuple[str, ...], tuple[ClaimRule, ...]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        treatment = _read(path, Treatment, report)
        rules: list[tuple[str, ClaimRule]] = []
        try:
            if rule := _duration_rule(treatment, phrases, language, words, text):
                rules.append(("", rule))
            for use in treatment.unproven:
                if rule := _use_rule(treatment, use, phrases, language, text):
                    rules.append((",".join(use.countries), rule))
        except ValidationError as exc:  # a pattern that is not a regular expression
            reason = "; ".join(str(e.get("ctx", {}).get("error", e["msg"])) for e in exc.errors())
            raise report.error(path, None, f"a pattern in this treatment file cannot be used: {reason}") from None
        for handout in treatment.handouts:
            result[handout] = (tuple(c for c, _ in rules), tuple(r for _, r in rules))
    return result


_reported: set[tuple[Path, tuple, str]] = set()


def treatment_rules(
    root: Path, handout_id: str, country: str, language: str, report: Problems | None = None
) -> tuple[ClaimRule, ...]:
    """The rules that the facts about a handout's treatment give, for one country and language."""
    folder = root / "rules" / "treatments"
    if handout_id in ("", "-") or not folder.is_dir():
        return ()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))
    words = claims_language.language_file(root, language)
    stamp += ((words.name, words.stat().st_mtime_ns if words.is_file() else 0),)
    try:
        compiled = _compiled_rules(folder, stamp, language)
    except ContentError as exc:
        if report is not None and (folder, stamp, language) not in _reported:
            _reported.add((folder, stamp, language))  # once per run, not once per handout
            report.extend(exc.problems)
        raise ContentError() from None  # the handout cannot be checked: it is not printed
    countries, rules = compiled.get(handout_id, ((), ()))
    return tuple(rule for where, rule in zip(countries, rules, strict=True) if not where or country in where.split(","))
