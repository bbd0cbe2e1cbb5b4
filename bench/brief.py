"""The country brief's speed: one row per case, in the shape bench/__main__.py prints (target: <= 1 s).

`python -m bench --only brief` runs these alone.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 1000
FIRST_RUNS = 3  # fresh processes for the first brief
# A fresh process holding what a started server holds (Streamlit's server and app.py, loaded untimed), where the
# first request is a brief's address (a link from the published site or an e-mail: the worst case, as no page
# has loaded pandas or the data yet): the brief's code, the data and the fonts are read, then it is drawn.
FIRST_BRIEF = """
import json, time
from pathlib import Path
import streamlit.web.server.server, app  # loaded when the server started, before any request
start = time.perf_counter()
from views.brief_route import brief_code  # the brief's code, loaded as the server loads it
brief_code().brief_bytes(Path("data"), "MEX", "fr")
print(json.dumps(time.perf_counter() - start))
"""


def bench_brief(runs: int = 5) -> list[dict]:
    """The first brief in a fresh process (imports and data included), then a brief with the data read."""
    from views.brief_data import brief_facts
    from views.brief_pdf import build_brief_pdf

    # One fresh process varies by a tenth of a second from run to run: the median of a few.
    first = statistics.median(json.loads(subprocess.run([sys.executable, "-c", FIRST_BRIEF], cwd=REPO, check=True,
                                                        capture_output=True, text=True).stdout)
                              for _ in range(FIRST_RUNS))
    facts = {lang: brief_facts(REPO / "data", "MEX") for lang in ("en", "fr", "es")}
    timings = []
    for _ in range(runs):
        for lang, fact in facts.items():
            start = time.perf_counter()
            build_brief_pdf(fact, lang)
            timings.append(time.perf_counter() - start)
    rows = []
    for name, seconds in (("brief MEX (fr), first after start", first),
                          ("brief MEX (en/fr/es), data already read", statistics.median(timings))):
        value = round(seconds * 1000, 1)
        rows.append({"name": name, "value": value, "unit": "ms", "target": f"<= {TARGET_MS} ms",
                     "met": value <= TARGET_MS})
    return rows


if __name__ == "__main__":
    for row in bench_brief():
        print(row)
