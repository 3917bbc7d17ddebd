"""The findings panel, the error banner and the reload script that `serve` adds to a page
it serves (never to a file in out/). Kept out of templates/ on purpose: every file there is
an input of every PDF, so editing the panel would rebuild them all."""

from __future__ import annotations

import datetime as dt
import secrets

import jinja2
from markupsafe import escape

from ..checks.reading import grade_severity
from ..documents.web import CSP
from .state import Preview

PANEL = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    # Kept here rather than in templates/: every file there is an input of every PDF, so
    # editing the preview's panel would rebuild them all.
    """\
{% if item and item.blocked %}<div id="clearprint-alert" role="alert"><strong>This handout did not build.</strong>
You are seeing its last good version. Fix the {{ "error" if errors == 1 else "errors" }} in <a href="#clearprint-serve" style="color:inherit">the panel</a> and save.</div>
{% elif others %}<div id="clearprint-alert" role="alert"><strong>The last build has errors.</strong> See <a href="#clearprint-serve" style="color:inherit">the panel</a>.</div>{% endif %}
<!--clearprint-panel-->
<aside id="clearprint-serve" aria-label="Clearprint preview: checks" data-build="{{ version }}">
<style>
#clearprint-serve{font:15px/1.4 system-ui,sans-serif;background:#f7f7f5;color:#1a1a1a;border-top:3px solid #444;padding:1rem;box-sizing:border-box}
#clearprint-serve h2{font-size:1.1rem;margin:0 0 .5rem}#clearprint-serve h3{font-size:1rem;margin:1rem 0 .3rem}
#clearprint-serve ul{list-style:none;padding:0;margin:0}#clearprint-serve li{margin:0 0 .6rem;padding-left:.5rem;border-left:4px solid #b36b00}
#clearprint-serve li.cp-error{border-color:#b00020}#clearprint-serve .cp-sev{font-weight:bold;text-transform:uppercase;font-size:.8rem}
#clearprint-serve code{font-size:.85rem;overflow-wrap:anywhere}#clearprint-serve table{border-collapse:collapse;width:100%}
#clearprint-serve td,#clearprint-serve th{text-align:left;padding:.15rem .3rem;border-bottom:1px solid #ddd;vertical-align:top}
#clearprint-serve .cp-high{color:#b00020;font-weight:bold}#clearprint-serve .cp-build{font-weight:normal;font-size:.85rem}
#clearprint-alert{position:sticky;top:0;z-index:10;background:#b00020;color:#fff;padding:.75rem 1rem;font:bold 17px/1.4 system-ui,sans-serif}
@media (min-width:70rem){body{margin-right:24rem}#clearprint-serve{position:fixed;top:0;right:0;bottom:0;width:24rem;overflow:auto;border-top:0;border-left:3px solid #444}}
</style>
<h2>Checks <span class="cp-build">(preview build {{ version }})</span></h2>
{% if item %}
<h3>Errors and warnings</h3>
{% if item.failed %}<p class="cp-high">Could not be made: {{ item.failed | join(", ") }}</p>{% endif %}
{% if item.findings %}<ul>{% for p in item.findings %}<li class="cp-{{ p.severity }}"><span class="cp-sev">{{ p.severity }}</span>
<code>{{ p.file }}{% if p.line %}:{{ p.line }}{% endif %}</code>{% if p.rule %} <code>{{ p.rule }}</code>{% endif %}<br>{{ p.message }}</li>
{% endfor %}</ul>{% else %}<p>None.</p>{% endif %}
{% if item.sections %}<h3>Reading level per section</h3><table>
{% for s in item.sections %}<tr><th scope="row">{{ s.title }}</th>{% set high = grade_high(s.score.grade, item.settings) %}
<td{% if high %} class="cp-high"{% endif %}>{{ "grade %.1f" % s.score.grade if s.score.grade is not none else "no text" }}</td></tr>
{% endfor %}</table><p>{{ item.sections[0].score.formula }}</p>{% endif %}
{% if item.next_review %}<h3>Review</h3><p{% if days < 0 %} class="cp-high"{% endif %}>Next review {{ item.next_review }}:
{% if days < 0 %}overdue by {{ -days }} days{% else %}in {{ days }} days{% endif %}</p>{% endif %}
{% endif %}
{% if others %}<h3>Other errors in this build</h3><ul>{% for p in others %}<li class="cp-error"><span class="cp-sev">error</span>
<code>{{ p.file }}{% if p.line %}:{{ p.line }}{% endif %}</code><br>{{ p.message }}</li>{% endfor %}</ul>{% endif %}
<p><a href="/__clearprint/check-report.html">The clinic's check report</a></p>
</aside>
<script>
(function () {
  var build = {{ version }};
  function wait() {
    fetch("/__clearprint/version?after=" + build, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== build) { location.reload(); } else { wait(); } },
            function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>
"""
)

MISSING = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not built</title></head>
<body><main><h1>Not in the site</h1><p>The last build did not write this page: the handout is not
published, or has not built yet.</p></main></body></html>"""


def _grade_high(grade: float | None, settings) -> bool:
    return settings is not None and grade_severity(grade, settings) is not None


def decorate(html: str, preview: Preview, page: str | None, today: dt.date) -> str:
    """The page with an error banner at the top of its body (when the build failed), and
    the panel and the reload script just before </body>."""
    item, others, version = preview.panel(page)
    days = (item.next_review - today).days if item and item.next_review else 0
    errors = sum(p.severity == "error" for p in item.findings) + len(item.failed) if item else 0
    added = PANEL.render(item=item, others=others, version=version, days=days, errors=errors, grade_high=_grade_high)
    alert, panel = added.split("<!--clearprint-panel-->", 1)
    html, panel = _allow_preview(html, panel)
    at = html.rfind("</body>")
    html = html[:at] + panel + html[at:] if at >= 0 else html + panel
    body = html.find("<body")
    top = html.find(">", body) + 1 if body >= 0 else 0
    return html[:top] + alert.strip() + html[top:]


def _allow_preview(html: str, panel: str) -> tuple[str, str]:
    """The page's Content-Security-Policy with an exception for the preview's own script and
    style only (a fresh nonce per answer): a script in the site itself still never runs."""
    nonce = secrets.token_urlsafe(16)
    policy = CSP.replace("script-src 'none'", f"script-src 'nonce-{nonce}'") + f"; style-src 'self' 'nonce-{nonce}'"
    html = html.replace(f'content="{escape(CSP)}"', f'content="{escape(policy)}"', 1)
    panel = panel.replace("<script>", f'<script nonce="{nonce}">').replace("<style>", f'<style nonce="{nonce}">')
    return html, panel
