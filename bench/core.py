"""Parse and refresh benchmarks, each beside its floor."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from bench.server import DocumentServer
from bench.synthetic import make_document
from contract.errors import LayoutChanged
from contract.treaties import tracked_ids
from monitor.refresh.pipeline import Options, run_refresh
from scrapers.parse import parse_status
from scrapers.untc import Fetcher, document_url

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "untc-samples"


def median_ms(func, data: bytes, runs: int) -> float:
    """Median wall time of func(data) in milliseconds, after one warm-up run."""
    func(data)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def lxml_floor(data: bytes):
    """The floor: lxml parsing the same bytes and nothing else (recover: UNTC's bytes are not valid XML)."""
    return etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))


def bench_parse(runs: int = 200) -> list[dict]:
    """Parse IV-13 and a generated 200-participant document, beside lxml alone."""
    documents = {"parse IV-13 (real capture)": (SAMPLES / "mtdsg-IV-13.en.2018-01-15.xml").read_bytes()
                 if (SAMPLES / "mtdsg-IV-13.en.2018-01-15.xml").exists() else None,
                 "parse large (200 participants, 150 declarations)": make_document(200, 150)}
    results = []
    for name, data in documents.items():
        if data is None:
            results.append({"name": name, "skipped": f"capture not found in {SAMPLES}"})
            continue
        value, floor = median_ms(parse_status, data, runs), median_ms(lxml_floor, data, runs)
        results.append({"name": name, "value": round(value, 2), "floor": round(floor, 2), "unit": "ms",
                        "ratio": round(value / floor, 1), "target": "IV-13 <= 10 ms" if "IV-13" in name else "",
                        "met": value <= 10 if "IV-13" in name else None, "bytes": len(data)})
    return results + bench_corpus(max(5, runs // 20))


def parse_or_refuse(data: bytes) -> None:
    """Parse one document as the refresh does; a header-only one is refused (that is its result)."""
    try:
        parse_status(data)
    except LayoutChanged:
        pass


def cpu_ms(func, data, runs: int) -> list[float]:
    """CPU time of func(data) in milliseconds, once per run after one warm-up run: what this process spent,
    not what other work on a busy machine added to the clock."""
    func(data)
    times = []
    for _ in range(runs):
        start = time.process_time()
        func(data)
        times.append((time.process_time() - start) * 1000)
    return times


CORPUS_TARGET = 5.0  # the parse of the whole corpus, at most this many times lxml's parse of the same bytes


def bench_corpus(runs: int = 5) -> list[dict]:
    """Every document of the shared 2018 corpus parsed in one process, beside lxml alone on the same bytes.

    CPU time, parse and floor measured in turn run after run, the fastest of each kept (other work on a
    shared machine only ever adds time; each run parses every document anew, nothing is kept between runs).
    """
    corpus = sorted((SAMPLES / "corpus-2018").glob("*.xml"))
    name = "parse the whole 2018 corpus, one process, CPU time"
    if not corpus:
        return [{"name": name, "skipped": f"corpus not found in {SAMPLES / 'corpus-2018'}"}]
    documents = [path.read_bytes() for path in corpus]

    def parse_all(docs: list[bytes]) -> None:
        for data in docs:
            parse_or_refuse(data)

    def lxml_all(docs: list[bytes]) -> None:
        for data in docs:
            lxml_floor(data)

    values, floors = [], []
    for _ in range(max(3, runs)):
        values += cpu_ms(parse_all, documents, 1)
        floors += cpu_ms(lxml_all, documents, 1)
    value, floor = min(values), min(floors)
    return [{"name": f"{name} ({len(documents)} documents)", "value": round(value, 1), "floor": round(floor, 1),
             "unit": "ms", "ratio": round(value / floor, 2), "bytes": sum(map(len, documents)),
             "target": f"<= {CORPUS_TARGET:g}x lxml", "met": value <= CORPUS_TARGET * floor}]


def bench_refresh() -> list[dict]:
    """All tracked treaties from a local server, pause 0: first refresh, then one with nothing changed."""
    ids = tracked_ids()
    # Sizes like the real ones: 60 to 197 participants, dozens to a hundred declaration blocks.
    documents = {urlsplit(document_url(t, "http://x")).path.replace("%20", " "):
                 make_document(min(197, 60 + 9 * i), 40 + 5 * i, seed=i) for i, t in enumerate(ids)}
    with DocumentServer(documents) as server, tempfile.TemporaryDirectory() as tmp:
        options = Options(data_dir=Path(tmp), source_url=server.url, pause=0)
        timings = []
        for _ in range(2):
            before_requests, before_bytes = server.requests, server.body_bytes
            start = time.perf_counter()
            outcomes = run_refresh(ids, options, Fetcher(server.url, pause=0))
            timings.append((time.perf_counter() - start, server.requests - before_requests,
                            server.body_bytes - before_bytes, [o.state for o in outcomes]))
    (first, req1, bytes1, states1), (second, req2, bytes2, states2) = timings
    return [
        {"name": f"refresh {len(ids)} treaties, first run", "value": round(first * 1000, 1), "unit": "ms",
         "requests": req1, "body_bytes": bytes1, "states": sorted(set(states1))},
        {"name": f"refresh {len(ids)} treaties, nothing changed", "value": round(second * 1000, 1), "unit": "ms",
         "floor": round(first * 1000, 1), "ratio": round(second / first, 3), "requests": req2,
         "body_bytes": bytes2, "states": sorted(set(states2)), "target": "<= 10% of the first, no bodies",
         "met": second <= 0.1 * first and bytes2 == 0},
    ]
