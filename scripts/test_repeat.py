"""Run the whole test suite N times and report every test that failed in any run.

A test that fails once in five runs rejects good work at random in CI; this finds it before CI does.
Usage: python scripts/test_repeat.py N [pytest arguments...]   (or: make test-repeat N=5)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path


def failed_tests(report: Path) -> list[str]:
    """The ids of the tests that failed or errored in one JUnit XML report."""
    if not report.exists():
        return ["<no report: pytest did not finish>"]
    failed = []
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(f"{case.get('classname')}::{case.get('name')}")
    return failed


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit() or int(argv[0]) < 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    runs, extra = int(argv[0]), argv[1:]
    failures: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(1, runs + 1):
            report = Path(tmp) / f"run-{run}.xml"
            code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                    f"--junitxml={report}", *extra])
            failed = (failed_tests(report) or [f"<pytest exited {code} with no failed test>"]) if code else []
            print(f"run {run}/{runs}: exit {code}, {len(failed)} failed", flush=True)
            failures.update(failed)
    if not failures:
        print(f"all {runs} runs passed")
        return 0
    print(f"tests that failed in at least one of {runs} runs:")
    for test, count in failures.most_common():
        print(f"  {count}/{runs}  {test}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
