"""The writers, one per kind of file a build writes into out/, in the order they run: a new
output format is a module here and a line in WRITERS."""

from __future__ import annotations

from .base import Writer
from .catalogues import Catalogues
from .handouts import Handouts
from .previews import Previews
from .reports import Reports
from .sites import Sites

WRITERS: tuple[Writer, ...] = (
    Handouts(),  # handout PDFs, on the workers
    Previews(),  # --html: the HTML given to the renderer
    Reports(),  # each clinic's check report
    Sites(),  # the web edition (it copies the handout PDFs)
    Catalogues(),  # the front desk's list (rendered on the workers)
)
