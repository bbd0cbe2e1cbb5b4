"""Keep what the pages imported out of the garbage collector's walks (light: imports nothing).

Streamlit runs gc.collect(2) after every script run (runner.postScriptGC), the sidebar's progress reruns
included, and holds the GIL while it walks every tracked object: the server cannot send the run's last
message meanwhile. What a page imports on its first visit (pandas and plotly for the tables, fpdf2 and
fontTools for the brief's button on /country...) stays for the life of the process: walking it again
after every rerun cost about 20 ms of CPU (BENCHMARKS.md). So the router moves everything tracked out of
the collector's reach (gc.freeze) before the first page, and again after any run that imported modules;
a run that imported nothing new does nothing here. The cyclic garbage such a run left (0 to about a
thousand small objects, measured) is frozen with it, once per module-loading run: a bounded few kilobytes.
"""

from __future__ import annotations

import gc
import sys

_frozen_at = 0  # how many modules were loaded at the last freeze


def freeze_new_modules() -> None:
    """Freeze what is tracked now, if modules were loaded since the last time (an O(1) move; no collection)."""
    global _frozen_at
    if len(sys.modules) != _frozen_at:
        gc.freeze()
        _frozen_at = len(sys.modules)
