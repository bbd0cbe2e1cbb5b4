"""`python -m bench`: run the benchmarks, print a table, write bench/results/latest.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.core import bench_parse, bench_refresh

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    """What the figures were measured on."""
    mem = ""
    if Path("/proc/meminfo").exists():
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        cpu = next((line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "python": sys.version.split()[0],
            "platform": platform.platform(), "versions": versions(),
            # Other work on the machine skews the absolute figures (the ratios less so): say how busy it was.
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None}


def versions() -> dict:
    """The versions that matter to the figures."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("streamlit", "pandas", "plotly", "pyarrow", "lxml", "playwright"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def print_table(rows: list[dict]) -> None:
    """One line per figure: value, floor, ratio, target, met."""
    print(f"{'benchmark':58} {'value':>10} {'floor':>10} {'ratio':>7}  target")
    for row in rows:
        if "skipped" in row:
            print(f"{row['name']:58} skipped: {row['skipped']}")
            continue
        unit = row.get("unit", "")
        floor = f"{row['floor']}{unit}" if "floor" in row else "-"
        met = {True: "met", False: "MISSED", None: ""}[row.get("met")]
        print(f"{row['name']:58} {str(row['value']) + unit:>10} {floor:>10} {str(row.get('ratio', '-')):>7}  "
              f"{row.get('target', '')} {met}")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all by default)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    everything = ["parse", "refresh", "dashboard", "brief", "targets", "publish", "refreshing"]
    parser.add_argument("--only", choices=everything, action="append", help="run only these parts (repeatable)")
    parser.add_argument("--runs", type=int, default=200, help="parse runs per document (median)")
    args = parser.parse_args(argv)
    parts = args.only or everything
    started, host = datetime.now(UTC).isoformat(timespec="seconds"), machine()
    rows: list[dict] = []
    if "parse" in parts:
        rows += bench_parse(args.runs)
    if "refresh" in parts:
        rows += bench_refresh()
    if "dashboard" in parts:
        from bench.dashboard import bench_dashboard

        rows += bench_dashboard()
    if "brief" in parts:
        from bench.brief import bench_brief

        rows += bench_brief()
    if "targets" in parts:
        from bench.targets import bench_targets

        rows += bench_targets()
    if "publish" in parts:
        from bench.publish import bench_publish

        rows += bench_publish()
    if "refreshing" in parts:  # pick another country while the background refresh runs
        from bench.refreshing import bench_refreshing

        rows += bench_refreshing()
    print_table(rows)
    RESULTS.mkdir(exist_ok=True)
    report = {"measured_at": started, "machine": host, "results": rows}
    if hasattr(os, "getloadavg"):
        report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"results written to {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
