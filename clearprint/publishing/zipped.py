"""Publishing as a .zip file, for a host whose only way in is a file manager in the browser:
the whole site and its manifest, to unpack over the site's folder. (A file manager cannot be
asked what is there, so the zip holds every file, and pages removed from the site must be
deleted by hand: the manifest in the zip lists what Clearprint published.)"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .plan import MANIFEST, Plan

# A fixed date for every entry: only the content of a file says whether it changed.
_DATE = (2020, 1, 1, 0, 0, 0)


def write_zip(path: Path, site: Path, plan: Plan) -> None:
    temporary = path.with_name(path.name + ".clearprint-tmp")
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in plan.upload:
                archive.writestr(zipfile.ZipInfo(name, _DATE), (site / name).read_bytes(), zipfile.ZIP_DEFLATED)
            archive.writestr(zipfile.ZipInfo(MANIFEST, _DATE), plan.manifest, zipfile.ZIP_DEFLATED)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
