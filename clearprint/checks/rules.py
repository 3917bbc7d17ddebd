"""Rule files: claims per language, jurisdiction profiles, jargon. Data, not code.

Looked up in the project's `rules/` folder and then the clinic's `rules/` folder; a
clinic's rules are added to the project's; a clinic rule may not reuse the id of one of
Clearprint's rules or profiles, and a clinic's balance threshold may only be stricter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..content import yamlfile
from ..content.read import read_text
from ..languages import expand, language_file
from ..languages import load as load_language
from ..models import Distribution, Strict
from ..problems import ContentError, Problems
from .claims_prefilter import compile_kept
from .diacritics import bare


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A rule pattern as the checks match it (without regard to case), compiled once per
    process: validating a rule compiles it, and matching reuses that."""
    return compile_kept(pattern, re.I.value)  # re.compile(pattern, re.I), its parse kept for the prefilter


class ClaimRule(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    family: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # e.g. no-pain; else the id
    severity: Literal["error", "warning"]
    message: str
    suggestion: str
    patterns: list[str] = Field(min_length=1)
    negatable: bool = False
    # false: a hedge does not make the words honest ("for most people it is painless" still says
    # painless), only a negation does; true: "swelling usually goes down" is a description
    hedgeable: bool = True
    unless_cited: bool = False
    only_with: list[str] = []
    unless: list[str] = []  # patterns: a sentence that matches one of these is not this claim
    distribution: Distribution | None = None  # applies only to material with this distribution
    # matches a question only when the next sentence answers it so ("Is it safe? Absolutely.")
    answer: Literal["affirmed", "dismissed"] | None = None
    refusable: bool = False  # a refusal ("We do not treat teenagers") is not this claim
    # false: a cited document's title may name these words as its subject ("Botulinum toxin
    # and cosmetic fillers for under 18s"); a promise ("no side effects") is a claim anywhere
    in_source_titles: bool = True

    @field_validator("patterns", "unless")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        """Each pattern compiles; kept bare (diacritics.py), as the claims checks read the text."""
        for pattern in value:
            try:
                compiled(bare(pattern))
            except re.error as exc:
                raise ValueError(f"pattern '{pattern}' is not a valid regular expression: {exc}") from None
        return [bare(pattern) for pattern in value]

    @field_validator("only_with")
    @classmethod
    def _bare_words(cls, value: list[str]) -> list[str]:
        return [bare(word) for word in value]


class Balance(Strict):
    risks_to_benefits_min: float = Field(default=0.8, gt=0, le=5)


class RuleFile(Strict):
    rules: list[ClaimRule] = []


class Profile(Strict):
    profile: str
    balance: Balance = Balance()
    rules: list[ClaimRule] = []


@dataclass(frozen=True)
class RuleSet:
    claims: tuple[ClaimRule, ...]
    balance: Balance
    jargon: dict[str, str]


_parsed: dict[tuple, object] = {}  # (path, its modification time and size, model, lemmas' id) -> rules
_variants: dict[int, tuple[dict, tuple]] = {}  # lemmas' id -> (the lemmas, kept alive; as a key)


def _read(path: Path, model, report: Problems, lemmas: dict[str, list[str]] | None = None):
    """A rule file is read for every clinic and language, and again for public pages: it is
    parsed once while it is unchanged, and once per process while its text is the same
    (yamlfile.validated: a copy of the project, a save that changed nothing). A bad file
    raises, so it is read and reported again each time. With `lemmas` (a claims file),
    <lemma> in a pattern matches any of the lemma's forms (rules/languages/<language>.yaml,
    `lemmas:`)."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size, model, id(lemmas))
    if key not in _parsed:
        text = read_text(path, report)
        if lemmas is None:
            _parsed[key] = yamlfile.validated(text, path, model, report)
        else:
            if id(lemmas) not in _variants:
                _variants[id(lemmas)] = (lemmas, tuple((lemma, tuple(forms)) for lemma, forms in lemmas.items()))
            _parsed[key] = yamlfile.validated(
                text,
                path,
                model,
                report,
                prepare=lambda data, lines: _expand_lemmas(data, lemmas, path, lines, report),
                variant=_variants[id(lemmas)][1],
            )
    return _parsed[key]


_jargons: dict[tuple[Path, int, int], dict[str, str]] = {}


def _jargon(path: Path, report: Problems) -> dict[str, str]:
    """A jargon list, parsed once while it is unchanged (a bad one raises each time it is read)."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _jargons:
        data, _ = yamlfile.parse(read_text(path, report), path, report)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise report.error(path, 1, "the jargon list must be `word: plain alternative` lines")
        _jargons[key] = {str(k).lower(): v for k, v in data.items()}
    return _jargons[key]


def _expand_lemmas(data, lemmas: dict[str, list[str]], path: Path, lines, report: Problems) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return  # validation reports the shape
    problems = []
    for i, rule in enumerate(data["rules"]):
        for field in ("patterns", "unless"):
            patterns = rule.get(field) if isinstance(rule, dict) else None
            for j, pattern in enumerate(patterns if isinstance(patterns, list) else []):
                if isinstance(pattern, str):
                    try:
                        patterns[j] = expand(pattern, lemmas)
                    except ValueError as exc:
                        line = lines.get(("rules", i, field, j), lines.get(("rules", i)))
                        problems.append(report.add(path, line, str(exc)))
    if problems:
        raise ContentError(*problems)


def _merge(rules: list[ClaimRule], extra: list[ClaimRule]) -> list[ClaimRule]:
    ids = {rule.id for rule in extra}
    return [rule for rule in rules if rule.id not in ids] + extra


def project_ids(root: Path) -> set[str]:
    """The ids of Clearprint's own rules (every language and country profile) and profiles."""
    ids: set[str] = set()
    scratch = Problems(root)
    for path in sorted((root / "rules").glob("claims.*.yaml")):
        try:
            ids |= {rule.id for rule in _read(path, RuleFile, scratch).rules}
        except ContentError:
            pass  # reported where the file is read for a clinic
    for path in sorted((root / "rules" / "profiles").glob("*.yaml")):
        try:
            profile = _read(path, Profile, scratch)
        except ContentError:
            continue
        ids |= {rule.id for rule in profile.rules} | {profile.profile}
    return ids


def _reused_ids(root: Path, path: Path, rules: list[ClaimRule], report: Problems) -> list:
    """A clinic adds rules, never replaces one: a rule with the id of one of Clearprint's would
    silence it (a dead pattern under the UK brand-name rule's id)."""
    taken = project_ids(root)
    reused = [(i, rule) for i, rule in enumerate(rules) if rule.id in taken]
    if not reused:
        return []
    _, lines = yamlfile.parse(read_text(path, report), path, report)
    return [
        report.add(
            path,
            lines.get(("rules", i, "id"), lines.get(("rules", i), 1)),
            f"rule id '{rule.id}' is one of Clearprint's rules; a clinic may add rules but not replace or silence "
            f"them: give this rule an id of its own, e.g. '{path.parent.parent.name}-{rule.id}'",
        )
        for i, rule in reused
    ]


# What a clinic's rules/ folder may hold (an allowlist): a file of any other name would be
# silently left unread, e.g. a languages/en.yaml that redefines negation words (attack7 A48).
CLINIC_RULE_FILES = re.compile(r"(claims|jargon|spelling)\.[a-z]{2,3}\.yaml|profiles/[A-Z]{2}\.yaml")


def _unread(folder: Path, report: Problems) -> list:
    """An error for each file in a clinic's rules/ folder that Clearprint does not read."""
    if not folder.is_dir():
        return []
    return [
        report.add(
            path,
            None,
            f"'{path.relative_to(folder).as_posix()}' is not a file a clinic's rules/ folder may hold, so it would "
            "not be read: a clinic adds claims.<language>.yaml, jargon.<language>.yaml, spelling.<language>.yaml and "
            "profiles/<country>.yaml "
            "(language words such as negations are Clearprint's own, in rules/languages/); rename or remove it",
            rule="clinic-rules-file",
        )
        for path in sorted(folder.rglob("*"))
        if not path.is_dir() and not CLINIC_RULE_FILES.fullmatch(path.relative_to(folder).as_posix())
    ]


def _weaker_balance(path: Path, clinic: Balance, project: Balance, report: Problems) -> list:
    if clinic.risks_to_benefits_min >= project.risks_to_benefits_min:
        return []
    _, lines = yamlfile.parse(read_text(path, report), path, report)
    return [
        report.add(
            path,
            lines.get(("balance", "risks_to_benefits_min"), 1),
            f"risks_to_benefits_min {clinic.risks_to_benefits_min:g} is below Clearprint's "
            f"{project.risks_to_benefits_min:g}; a clinic may only make it stricter",
        )
    ]


def _lemmas(root: Path, language: str) -> dict[str, list[str]]:
    """The language's lemma table; empty without its data file (the clinic's languages:
    line reports that)."""
    return load_language(root, language).lemmas if language_file(root, language).is_file() else {}


def load_rules(root: Path, clinic_folder: Path, country: str, language: str, report: Problems) -> RuleSet:
    """The rules for one clinic and language. Raises ContentError if a rule file is bad."""
    claims: list[ClaimRule] = []
    balance = Balance()
    jargon: dict[str, str] = {}
    problems = []
    problems += _unread(clinic_folder / "rules", report)
    for folder in (root / "rules", clinic_folder / "rules"):
        clinic = folder != root / "rules"
        try:
            if (path := folder / f"claims.{language}.yaml").is_file():
                added = _read(path, RuleFile, report, _lemmas(root, language)).rules
                if clinic:
                    problems += _reused_ids(root, path, added, report)
                claims = _merge(claims, added)
            if (path := folder / "profiles" / f"{country}.yaml").is_file():
                profile = _read(path, Profile, report)
                if clinic:
                    problems += _reused_ids(root, path, profile.rules, report)
                    problems += _weaker_balance(path, profile.balance, balance, report)
                claims = _merge(claims, profile.rules)
                balance = (
                    profile.balance
                    if not clinic
                    else Balance(
                        risks_to_benefits_min=max(balance.risks_to_benefits_min, profile.balance.risks_to_benefits_min)
                    )
                )
            if (path := folder / f"jargon.{language}.yaml").is_file():
                jargon.update(_jargon(path, report))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(*problems)
    if not (root / "rules" / f"claims.{language}.yaml").is_file():
        report.add(
            root / "rules",
            None,
            f"no claims rules for language '{language}', so its claims are not checked; add rules/claims.{language}.yaml",
            "warning",
        )
    return RuleSet(tuple(claims), balance, jargon)
