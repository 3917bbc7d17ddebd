"""Claims written in another of Clearprint's languages: "Sin dolor, sin riesgos, resultados
garantizados" in an English leaflet (attack 7, A68) matched none of the English rules and
was printed. A handout's text is also read with the claim rules of every other language
Clearprint ships (`rules/claims.<code>.yaml` with its language data), without the model;
each claim found is reported at its place with the leaflet's own rule message (the rule of
the same id in the leaflet's language, else the other language's) and says which language
its words are in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..languages import language_file
from ..languages import load as load_language
from ..problems import Problems
from . import claims
from .rules import ClaimRule, RuleFile, _lemmas, _read
from .text import Chunk, Position


def shipped(root: Path) -> list[str]:
    """The language codes with a claims rule file and language data in the project's rules/:
    looked for once while neither folder changes (a file added, removed or renamed in one
    changes its modification time), not once per output."""
    try:
        key = (root, (root / "rules").stat().st_mtime_ns, (root / "rules" / "languages").stat().st_mtime_ns)
    except OSError:
        return _shipped(root)
    if key not in _found:
        if len(_found) > 64:
            _found.clear()
        _found[key] = _shipped(root)
    return list(_found[key])


_found: dict[tuple[Path, int, int], list[str]] = {}


def _shipped(root: Path) -> list[str]:
    return sorted(
        code
        for path in (root / "rules").glob("claims.*.yaml")
        if (code := path.stem.split(".", 1)[1]) and language_file(root, code).is_file()
    )


def other_rules(root: Path, language: str, report: Problems) -> Iterator[tuple[str, str, tuple[ClaimRule, ...]]]:
    """(code, English name, rules) of each shipped language but `language`."""
    for code in shipped(root):
        if code != language:
            path = root / "rules" / f"claims.{code}.yaml"
            rules = _read(path, RuleFile, report, _lemmas(root, code)).rules
            yield code, load_language(root, code).english_name, tuple(rules)


def find(
    chunks: Iterable[Chunk], own: Iterable[ClaimRule], language: str, distribution: str, root: Path, report: Problems
) -> Iterator[tuple[ClaimRule, str, Position, str]]:
    """(rule to report, matched words, place, which language the words are in) of each claim
    that another shipped language's rules find in `chunks`."""
    chunks = list(chunks)
    by_id = {rule.id: rule for rule in own}
    leaflet = load_language(root, language).english_name
    for code, name, rules in other_rules(root, language, report):
        for rule, text, where in claims.find_claims(chunks, rules, code, distribution, root=root):
            yield by_id.get(rule.id, rule), text, where, f"{name} words in this {leaflet} leaflet"
