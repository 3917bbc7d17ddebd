"""The guide's "What each message means" page, written from the sources of truth: the ids the
code prints (explained in docs/messages.yaml) and the rules written as data (rules/claims.*.yaml,
rules/profiles/*.yaml, explained by their own message and suggestion).

    python -m clearprint.message_catalogue          write guide/messages.md
    python -m clearprint.message_catalogue --check  exit 1 if guide/messages.md is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from .languages import language_file
from .languages import load as load_language

PAGE = Path("guide/messages.md")
EXPLAINED = Path("docs/messages.yaml")
_ID = re.compile(r'"([a-z]+(?:-[a-z0-9]+)+)"')
_CALL = re.compile(r"\.finding\(|\bProblem\(|\bRefusal\(|\bsay\(|\bfound\.(?:add|append)\(")
# rule=... (or `rule = "..."`, the id chosen before its Problem is made), ClaimRule(id=...), and a table of rules whose values start with the rule id
_KEYWORD = re.compile(
    r'\b(?i:rule) ?= ?"([a-z0-9-]+)"|ClaimRule\(\s*id="([a-z0-9-]+)"|"[a-z]+":\s*\(\s*"([a-z]+(?:-[a-z0-9]+)+)",'
)
COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "UK": "United Kingdom", "IE": "Ireland", "AU": "Australia"}


def code_ids(root: Path) -> dict[str, str]:
    """Every message id the package's code can print, with the file that prints it: the rule
    named in each `ctx.finding(...)` or `Problem(...)`, each `rule="..."` and `ClaimRule(id=...)`."""
    found: dict[str, str] = {}
    for path in sorted((root / "clearprint").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for call in _CALL.finditer(text):
            depth, end = 1, call.end()
            while depth and end < len(text):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if literal := _ID.search(text, call.end(), end):
                found.setdefault(literal[1], path.relative_to(root).as_posix())
        for match in _KEYWORD.finditer(text):
            found.setdefault(match[1] or match[2] or match[3], path.relative_to(root).as_posix())
    return found


def explained(root: Path) -> dict[str, dict[str, str]]:
    return yaml.safe_load((root / EXPLAINED).read_text(encoding="utf-8")) or {}


def data_rules(root: Path) -> list[tuple[str, list[dict]]]:
    """(heading, rules) for the claims rules of each language and each country profile."""
    groups = []
    for path in sorted((root / "rules").glob("claims.*.yaml")):
        language = path.stem.split(".")[1]
        name = load_language(root, language).english_name if language_file(root, language).is_file() else language
        groups.append((f"Claims in {name} leaflets (`rules/{path.name}`)", _rules(path)))
    for path in sorted((root / "rules" / "profiles").glob("*.yaml")):
        country = COUNTRY_NAMES.get(path.stem, path.stem)
        groups.append((f"{country} (`rules/profiles/{path.name}`)", _rules(path)))
    return groups


def _rules(path: Path) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _sentence(text: str) -> str:
    text = _cell(text)
    return text[:1].upper() + text[1:]


def _wording(message: str) -> str:
    return _cell(message.replace("'{match}'", "the words found").replace("{match}", "the words found"))


def page(root: Path) -> str:
    help_for = explained(root)
    lines = [
        "# What each message means",
        "",
        "<!-- Written by `python -m clearprint.message_catalogue` from docs/messages.yaml and the rule",
        "     files; `make docs` writes it again. Edit those, not this page. -->",
        "",
        "Clearprint reports each problem on one line: the file and line to change, whether it",
        "is an **error** or a **warning**, the message's id, then what is wrong and what to do.",
        "",
        "```",
        "handouts/botulinum-toxin/en.md:19:10: error claim-absolute-safety: '100% safe' claims the"
        " treatment is safe; ... (say what the risks are and how often they happen)",
        "```",
        "",
        "- An **error** stops that leaflet from being printed until it is fixed; the other",
        "  leaflets are still made.",
        "- A **warning** does not stop anything. `build.py --strict` treats warnings as errors.",
        "- A finding the clinical reviewer accepts can be *waived* with a reason in the leaflet's",
        "  front matter (see [Check your leaflets](check.md#waivers)).",
        "- Messages without an id are about settings or files (a misspelt setting, a missing",
        "  logo): they name the file and line and say what to write instead.",
        "",
        "## Messages from the checks",
        "",
        "| Id | What it means | What to do |",
        "|---|---|---|",
    ]
    for rule_id in sorted(help_for):
        entry = help_for[rule_id]
        lines.append(f"| `{rule_id}` | {_cell(entry['means'])} | {_cell(entry['do'])} |")
    lines += [
        "",
        "## Claims and country rules",
        "",
        "These rules are written as data in the `rules/` folder; a clinic can add its own in",
        "`clinics/<slug>/rules/` with the same file names. Each message quotes the words found.",
    ]
    for heading, rules in data_rules(root):
        lines += ["", f"### {heading}", "", "| Id | Kind | What it means | What to do |", "|---|---|---|---|"]
        for rule in rules:
            lines.append(
                f"| `{rule['id']}` | {rule['severity']} | {_wording(rule['message'])} | "
                f"{_sentence(rule['suggestion'])} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[1]
    text = page(root)
    target = root / PAGE
    if "--check" in (sys.argv[1:] if argv is None else argv):
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is out of date: run `python -m clearprint.message_catalogue`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
