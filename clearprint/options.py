"""What a build is asked to do: which outputs (`Selection`) and how (`BuildOptions`).
The command line, watch mode and serve fill these in; nothing here reads or writes a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Selection:
    """What the person asked for on the command line; empty means everything."""

    clinics: tuple[str, ...] = ()
    handouts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()

    def wants(self, clinic: str, handout: str, language: str, edition: str = "standard") -> bool:
        return (
            (not self.clinics or clinic in self.clinics)
            and (not self.handouts or handout in self.handouts)
            and (not self.languages or language in self.languages)
            and (not self.editions or edition in self.editions)
        )


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do; the command line and watch mode fill one in."""

    out: Path | None = None  # default: out/ in the project
    selection: Selection = Selection()  # empty: every clinic, handout, language and edition
    html: bool = False  # also write the HTML given to the renderer, beside each PDF
    today: dt.date | None = None  # check review dates as if today were this day
    bleed: bool = False  # print-shop PDFs
    force: bool = False  # rebuild even what has not changed
    jobs: int = 1  # rendering processes
    shard: tuple[int, int] | None = None  # (k, n): only the k-th of n shares of the PDFs

    def output_folder(self, root: Path) -> Path:
        return (self.out or root / "out").resolve()
