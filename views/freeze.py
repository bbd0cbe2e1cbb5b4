"""Keep what the pages imported out of the garbage collector's walks (light: imports nothing).

Streamlit runs gc.collect(2) after every script run (runner.postScriptGC), the sidebar's progress reruns
included, and holds the GIL while it walks every tracked object: the server cannot send the run's last
message meanwhile. What a page imports on its first visit (pandas and plotly for the tables, fpdf2 and
fontTools for the brief's button on /country...) stays for the life of the process: walking it again
after every rerun cost about 20 ms of CPU (BENCHMARKS.md). So the router moves everything tracked out of
the collector's reach (gc.freeze) before the first page, and again after any run that imported modules;
a run that imported nothing new does nothing here. The cyclic garbage such a run left (0 to about a
thousand small objects, measured) is frozen with it, once per module-loading run: a bounded few kilobytes.

Importing something large is the other case: while fpdf2, fontTools and pandas load, the heap grows by a quarter
again and again, and each time the collector walks all of it. `paused_collector()` holds it while the brief's
code loads (the first brief after a start: 0.74 -> 0.60 s of imports, medians of six pairs, BENCHMARKS.md) and
while a brief is made; it collects as usual after.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

_frozen_at = 0  # how many modules were loaded at the last freeze


def freeze_new_modules() -> None:
    """Freeze what is tracked now, if modules were loaded since the last time (an O(1) move; no collection)."""
    global _frozen_at
    if len(sys.modules) != _frozen_at:
        gc.freeze()
        _frozen_at = len(sys.modules)


@contextlib.contextmanager
def paused_collector(freeze: bool = False) -> Iterator[None]:
    """No automatic cyclic collection inside (on again after, if it was on before: another thread's pause that
    began first ends it); with `freeze`, what was loaded inside is frozen after, as at a page's first run.
    Process-wide, so only for a bounded piece of work: an import, one brief."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            freeze_new_modules()
        if collecting:
            gc.enable()
