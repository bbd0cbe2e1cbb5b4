"""The static site's speed: a whole publish of the bundled data (197 x 3 briefs included) and an unchanged
re-publish, each as `python -m monitor publish OUT` in a fresh process, as a scheduler runs it.

`python -m bench --only publish` runs these alone. Targets (issue 22): <= 60 s for the whole site on a
2-core machine; <= 5 s for an unchanged re-publish, which must rewrite no file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WHOLE_S, UNCHANGED_S = 60.0, 5.0


def timed_publish(out: Path) -> float:
    """Seconds for one `python -m monitor publish OUT` on the bundled data (a failure stops the bench)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "monitor", "publish", str(out), "--data-dir", str(REPO / "data")],
                   cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: what a rewrite changes."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def bench_publish() -> list[dict]:
    """The whole site into an empty folder, then the same again (nothing changed)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        whole = timed_publish(out)
        before = files_of(out)
        again = timed_publish(out)
        rewritten = sum(1 for path, stamp in files_of(out).items() if before.get(path) != stamp)
    cores = os.cpu_count()
    return [
        {"name": f"publish: whole site, {len(before)} files ({cores} cores)", "value": round(whole, 1), "unit": " s",
         "target": f"<= {WHOLE_S:g} s", "met": whole <= WHOLE_S},
        {"name": "publish: unchanged re-publish", "value": round(again, 2), "unit": " s",
         "target": f"<= {UNCHANGED_S:g} s, 0 files rewritten ({rewritten})",
         "met": again <= UNCHANGED_S and rewritten == 0},
    ]


if __name__ == "__main__":
    for row in bench_publish():
        print(row)
