"""Rebuild the bundled data (facts only) with the project's own refresh from the real UNTC captures.

    python scripts/build_bundle.py [DATA_DIR]        (or: make bundle)

Reads the January 2018 captures in ../shared/untc-samples (see its PROVENANCE.md); the captures
themselves are the UN's text and are never copied into the repository. A test rebuilds every
treaty listed here into a temporary folder and compares the bytes with data/.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "untc-samples"
CAPTURED = "2018-01-15"
NOTE = "Bundled: UNTC capture of 15 January 2018 (facts only). Run the refresh to get today's status."

# Every tracked treaty with a full capture. The other tracked ones (the seven core treaties other
# than the ICRMW and CPED, and the 1951 Refugee Convention V-2) were captured header-only: they stay
# "not loaded yet" until someone runs the refresh.
SOURCES = {
    "IV-13": "mtdsg-IV-13.en.2018-01-15.xml",
    "IV-16": "mtdsg-IV-16.en.2018-01-15.xml",
    **{treaty: f"corpus-2018/{treaty}.en.xml" for treaty in (
        "IV-5", "IV-8-b", "IV-3-a", "IV-15-a", "IV-11-d", "XVIII-12-a", "XVIII-12-b", "V-5", "V-3", "V-4")},
}


def command(treaty: str, data_dir: Path) -> list[str]:
    """The refresh command line that builds one bundled treaty."""
    return ["refresh", treaty, "--data-dir", str(data_dir), "--source-file", str(SAMPLES / SOURCES[treaty]),
            "--facts-only", "--captured", CAPTURED, "--pause", "0", "--note", NOTE]


def build(data_dir: Path) -> int:
    """Refresh every bundled treaty into data_dir; 0 when all succeeded."""
    sys.path.insert(0, str(REPO))
    from monitor.cli import main  # after the path is set: this script runs from anywhere

    if not SAMPLES.is_dir():
        print(f"error: the real UNTC captures are not at {SAMPLES}", file=sys.stderr)
        return 1
    return max(main(command(treaty, data_dir)) for treaty in SOURCES)


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data"))
