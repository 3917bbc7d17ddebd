"""Is a printer ready? The print server is asked whether the queue exists, accepts jobs and is
not stopped, and the answer is one sentence a clinic manager can act on. `print` asks before
sending; `print --dry-run` asks about each printer it would use (unless --offline)."""

from __future__ import annotations

from dataclasses import dataclass

from . import cups


@dataclass(frozen=True)
class Status:
    printer: str  # the name in clinic.yaml
    named: str  # "printer 'desk' (frontdesk on the default print server)"
    problem: str | None  # None: ready

    @property
    def ready(self) -> bool:
        return self.problem is None

    def __str__(self) -> str:
        return f"{self.named}: ready (it exists, accepts jobs and is not stopped)" if self.ready else self.problem or ""


def named(printer: str, queue: cups.Queue) -> str:
    return f"printer '{printer}' ({queue.name} on {queue.where})"


def problem(printer: str, queue: cups.Queue, sending: bool = True) -> str | None:
    """Why nothing can be sent to the queue now, or None. Raises cups.PrintServerError when the
    server cannot be asked."""
    who = named(printer, queue)

    def remedy(text: str) -> str:  # what to do, after "Nothing was sent; " when printing
        return f"Nothing was sent; {text}" if sending else text[0].upper() + text[1:]

    known = cups.queues(queue)
    if queue.name not in known:
        return (
            f"{who}: there is no such print queue; the server has: {', '.join(known) or 'no queues at all'}. "
            f"Correct `printers: {{{printer}: ...}}` in clinic.yaml"
        )
    state = cups.state(queue)
    why = f": {state.message}" if state.message else ""
    if not state.enabled:
        again = " and print again" if sending else ""
        return f"{who} is stopped{why}. " + remedy(
            f"start it again (at the printer, or `cupsenable {queue.name}`){again}"
        )
    if not state.accepting:
        return f"{who} is not accepting jobs{why}. " + remedy(f"ask whoever looks after it (`cupsaccept {queue.name}`)")
    if state.offline:
        again = ", then print again" if sending else ""
        return f"{who} is offline{why}. " + remedy(f"check that it is switched on and connected{again}")
    return None


def ask(printers: dict[str, str]) -> list[Status]:
    """The status of each printer (clinic.yaml name -> queue), each asked in turn."""
    found = []
    for printer, value in printers.items():
        queue = cups.Queue.of(value)
        try:
            found.append(Status(printer, named(printer, queue), problem(printer, queue, sending=False)))
        except cups.PrintServerError as exc:
            text = f"{named(printer, queue)}: {exc} (or use --offline to skip asking the print server)"
            found.append(Status(printer, named(printer, queue), text))
    return found
