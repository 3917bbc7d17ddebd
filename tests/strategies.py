"""Hypothesis strategies for tests/test_properties.py: the small test project's front matter,
clinic settings and Markdown as a clinic might write them, and whole files as an editor might
save them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import yaml
from hypothesis import strategies as st

# --- what a project looks like before the generated part goes in ----------------------

FRONT = {
    "id": "tiny",
    "title": "A tiny test handout",
    "language": "en",
    "version": "1.0",
    "reviewed": dt.date(2026, 1, 1),
    "next_review": dt.date(2028, 12, 31),
    "reviewer": "Medical director",
    "summary": "A small handout used by the tests.",
    "sources": ["A test source"],
    "shared": ["about-this-leaflet"],
}
FRONT_KEYS = [*FRONT, "distribution", "translation_of", "waivers"]
BODY = """
## What are the benefits? {#benefits}

Lines look softer.

## What are the risks? {#risks}

About 2 in 100 people get a drooping eyelid [1].

## After your treatment {#aftercare}

- [ ] Do not rub the area for 24 hours.

## When to get help {#get-help}

!!! danger "Call {{ clinic.emergency_number }} now if you have:"
    - trouble breathing

Call us on {{ clinic.phone }}.
"""
CLINIC = {
    "name": "Test Clinic",
    "logo": "logo.svg",
    "address": ["1 Test Street", "Testville"],
    "phone": "0100 000 000",
    "after_hours_phone": "0100 000 999",
    "country": "UK",
    "languages": ["en"],
    "handouts": ["tiny", "second"],
}
CLINIC_KEYS = [
    *CLINIC,
    "sample",
    "colors",
    "font",
    "emergency_number",
    "website",
    "handout_url",
    "editions",
    "paper",
    "distribution",
    "checks",
]
NESTED_KEYS = {
    "colors": ["primary", "accent", "text", "background", "tint"],
    "checks": ["grade_warning_above", "grade_error_above", "risks_to_benefits_min", "review_warning_days"],
    "waivers": ["rule", "reason", "match"],
}


# --- strategies -----------------------------------------------------------------------

# Text of every kind: any code point but surrogates (which no file can hold), so control
# characters, NUL, right-to-left marks, combining marks and emoji all come up.
any_text = st.text(max_size=40)
control_text = st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=8)
huge_text = st.integers(1_000, 120_000).map(lambda n: "word " * (n // 5))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(10**18, 10**400),
    st.floats(),
    st.dates(),
    st.datetimes(),
    any_text,
    control_text,
    st.sampled_from(["", " ", "tiny", "en", "1.0", "standard", "#2c4a3e", "{website}/{nope}", "https://x.example"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4)
    ),
    max_leaves=12,
)
# YAML source for one value, written as is: what people type by hand, and what YAML reads
# in surprising ways (dates that are not dates, comments, anchors, tags, deep nesting).
raw_scalars = st.one_of(
    st.sampled_from(
        [
            "2026-13-01",
            "2026-02-30",
            "2026-00-10",
            "0000-01-01",
            "9999-12-31",
            "2026-1-1",
            "2026-01-01 25:61:00",
            "2026-01-01T10:00:00+99:00",
            "#7b2d43",
            "'#7b2d43'",
            "&anchor [1, 2]",
            "*anchor",
            "!!python/object/apply:os.system ['id']",
            "!!binary AAAA",
            "!custom x",
            "{",
            "[",
            "'unterminated",
            '"\\xff\\x00"',
            "|",
            ">-",
            "~",
            "yes",
            "no",
            "0x1F",
            "0o17",
            "1e400",
            "-.inf",
            ".nan",
            "1_000",
            "12:30:00",
            "? complex",
            "- a",
            "<<: {x: 1}",
            "{{ clinic.phone }}",
            "{% raw %}",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=30),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "{a: " * n + "1" + "}" * n),
)


def dump(data: dict, unicode: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=unicode, sort_keys=False, width=math.inf)


@st.composite
def settings_text(draw, base: dict, keys: list[str]) -> str:
    """YAML settings: the valid ones with some values replaced by anything, keys removed,
    unknown keys added, nested settings changed, and lines typed by hand."""
    data = dict(base)
    for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)):
        if key in NESTED_KEYS and draw(st.booleans()):
            nested = draw(st.dictionaries(st.sampled_from(NESTED_KEYS[key]) | any_text, values, max_size=4))
            data[key] = [nested] if key == "waivers" else nested
        else:
            data[key] = draw(values)
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=2, unique=True)):
        del data[key]
    data.update(draw(st.dictionaries(any_text | st.integers(), values, max_size=2)))
    raw = draw(st.lists(st.tuples(st.sampled_from(keys) | any_text, raw_scalars), max_size=3))
    for key, _ in raw:
        data.pop(key, None)
    text = dump(data, draw(st.booleans())) if data else ""
    return text + "".join(f"{key}: {value}\n" for key, value in raw)


front_matter = settings_text(FRONT, FRONT_KEYS)
clinic_settings = settings_text(CLINIC, CLINIC_KEYS)

odd_roles = st.one_of(
    st.sampled_from(
        [
            "",
            "Risks",
            "get help",
            "get_help",
            "afercare",
            "benefits",
            "risks",
            "-",
            "a--b",
            "#",
            "{#x}",
            "é",
            "x" * 300,
            "about-this-leaflet",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="}\n\r"), max_size=20),
)
headings = st.builds(
    lambda hashes, title, role: f"{hashes} {title}" + ("" if role is None else f" {{#{role}}}"),
    st.sampled_from(["##", "##", "#", "###", "##\t", "## ##"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=30),
    st.none() | odd_roles,
)
markup = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "{{ clinic.phone }",
        "{{ clinic.name }}",
        "{{ clinic.fax }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% for x in range(10**9) %}x{% endfor %}",
        "{{ '%s' % clinic }}",
        "<script>alert(1)</script>",
        '<a rel="attachment" href="../../clinics/test-clinic/clinic.yaml">settings</a>',
        '<link rel="attachment" href="clinics/test-clinic/clinic.yaml">',
        '<img src="/etc/passwd" alt="x">',
        '<img src="file:///etc/passwd" alt="x">',
        '<img src="../../../secret.png" alt="x">',
        "<style>@import url(file:///etc/passwd); body { background: url(/etc/hostname) }</style>",
        '<iframe src="https://example.com"></iframe>',
        '<object data="clinic.yaml"></object>',
        "</div></div></section>",
        "<div markdown=1>\n## Inside {#inside}\n</div>",
        "<!-- unclosed comment",
        "<![CDATA[ x",
        "&#0; &#xD800; &bogus; &amp",
        "![x](missing.png)",
        "![](../../x.png)",
        "![x](https://example.com/x.png)",
        "![x](data:image/png;base64,AAAA)",
        "![x][r]\n\n[r]: /etc/passwd",
        "[link](javascript:alert(1)) [mail](mailto:x@y) [file](file:///etc/passwd)",
        '!!! danger "x"\n    - y',
        "!!!",
        "```",
        "~~~python\nunclosed",
        "| a | b |\n|---|\n| 1 |",
        "[^1]\n\n[^1]: note",
        "- [ ]\n- [x] \n- [",
        "\\",
        "***",
        "- [1]",
        "[99]",
    ]
)
blocks = st.one_of(
    headings,
    markup,
    any_text,
    control_text,
    st.just("\x00"),
    huge_text,
    st.one_of(  # deep nesting
        st.integers(1, 40).map(lambda n: "\n".join("  " * i + "- deeper" for i in range(n))),
        st.integers(1, 40).map(lambda n: "\n".join("    " * i + "1. deeper" for i in range(n))),
        st.integers(1, 300).map(lambda n: ">" * n + " quoted"),
        st.integers(1, 300).map(lambda n: "*" * n + "x" + "*" * n),
        st.integers(1, 300).map(lambda n: "[" * n + "x" + "]" * n),
    ),
)


@st.composite
def markdown_body(draw) -> str:
    """The test handout's body with generated blocks put in anywhere, and sometimes a
    section taken out."""
    lines = BODY.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(blocks))
    if draw(st.integers(0, 4)) == 0:
        del lines[draw(st.integers(0, len(lines) - 1))]
    return "\n".join(lines)


@st.composite
def sections_file(draw, first: str) -> str:
    """A file of sections only (a clinic override or a shared section), most often starting
    with a heading that is right for it."""
    parts = [draw(st.just(first) | headings)]
    for _ in range(draw(st.integers(0, 3))):
        parts.append(draw(blocks | headings))
    return "\n\n".join(parts) + draw(st.sampled_from(["", "\n"]))


def handout(front: str = dump(FRONT, True), body: str = BODY) -> str:
    return f"---\n{front}---\n{body}"


# Whole files as an editor might save them: other encodings, line endings, byte-order
# marks, missing or unclosed front matter, stray bytes.
LINE_ENDINGS = ["\n", "\r\n", "\r"]


@st.composite
def handout_bytes(draw) -> bytes:
    text = handout(draw(st.just(dump(FRONT, True)) | front_matter), draw(st.just(BODY) | markdown_body()))
    text = draw(
        st.sampled_from(
            [
                text,
                text.replace("---\n", "", 1),
                text.rsplit("---\n", 1)[0],
                text.split("---\n", 2)[0] + "---\n" + text.split("---\n", 2)[1] + "---\n",
                "---\n",
                "---\n---\n",
                "",
                "\n\n",
            ]
        )
    )
    text = draw(st.sampled_from(["", "\ufeff", " ", "\n"])) + text.replace("\n", draw(st.sampled_from(LINE_ENDINGS)))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1", "cp1252"])), "replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


@dataclass(frozen=True)
class Raw:
    """A value written into the YAML as it is (already quoted), not dumped."""

    text: str


# Quoted by hand, as people do, with characters YAML counts as line breaks and editors do not.
hand_quoted = st.lists(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.sampled_from(["\u2028", "\u2029", "\x85"]),
    max_size=12,
).map(lambda chars: Raw("'" + "".join(chars).replace("'", "''") + "'"))


def entry(key: str, value) -> str:
    return f"{key}: {value.text}\n" if isinstance(value, Raw) else dump({key: value}, True)
