"""The sign-off of a handout a clinic prints with its own text (issue 21): a clinic's sections
(clinics/<c>/handouts/<id>/<lang>.md) carry their own version and review state, and the leaflet
they print in says both.

- version: the handout's, then the clinic text's: "1.2+1.0" ("1.2+local" when the clinic's file
  names none);
- review state: the earlier of the two (draft, awaiting clinical review, approved); a clinic text
  with no front matter has not been reviewed as such, so it counts as awaiting clinical review;
- once both are approved: reviewed and next review are the earlier dates, and the reviewers are
  both named when they differ.

Every output of the clinic reads the one result (the leaflet, its web page, the catalogue, the
consent form, the aftercare sheet, print and publish verdicts), as they read the spelling variant.
"""

from __future__ import annotations

from dataclasses import replace

from ..models import Clinic, Handout

ORDER = ("draft", "awaiting-clinical-review", "approved")


def signed(handout: Handout, site: Clinic) -> Handout:
    """The handout with the sign-off the clinic's leaflet prints (itself, without a clinic text)."""
    local = site.local.get(handout.key)
    if local is None:
        return handout
    own = handout.meta
    theirs = local.meta
    status = min(own.review_status, theirs.review_status if theirs else "awaiting-clinical-review", key=ORDER.index)
    update: dict = {"version": f"{own.version}+{theirs.version if theirs else 'local'}", "review_status": status}
    if status == "approved":  # both approved, so both have their dates and reviewer
        update["reviewed"] = min(own.reviewed, theirs.reviewed)
        update["next_review"] = min(own.next_review, theirs.next_review)
        update["reviewer"] = own.reviewer if own.reviewer == theirs.reviewer else f"{own.reviewer}; {theirs.reviewer}"
    return replace(handout, meta=own.model_copy(update=update), own_meta=handout.own_meta or own)
