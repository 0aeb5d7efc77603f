#!/usr/bin/env python3
"""Article extraction from real web pages: `lector analyze --input html -p structure` beside
trafilatura on the same pages, in the same run, scored with the shingle F1 (html_score.py).

    pip install -r Benchmarks/requirements-html.txt     # trafilatura (PyPI), optional
    swift build -c release --product lector
    python3 Benchmarks/html_bench.py [--data ../shared/data/html-articles] [--repeat 3]

The pages are ../shared/data/html-articles/html/*.html.gz (181 real article pages, the bytes as
served, gzip-compressed) with ground-truth.json's article bodies. Lector's article is
`structure.title` plus `structure.body`, the body's paragraphs in page order; "all page text"
is the record's `text` (every visible line the HTML reader gives), the floor any extractor
should beat. Lector runs once over the folder on one worker thread (`--threads 1`: process
start, reading, gunzip, decoding, parsing and `structure`); trafilatura reads each page's
bytes (gunzipped in the timed loop too) with `extract(include_comments=False)` on one core.
Throughput is MB of uncompressed HTML, and pages, per second of wall time.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import LECTOR, ROOT, require_lector  # noqa: E402
from html_score import score  # noqa: E402


def load_truth(data):
    with open(os.path.join(data, "ground-truth.json"), encoding="utf-8") as handle:
        return {page: entry.get("articleBody") or "" for page, entry in json.load(handle).items()}


def page_files(data):
    folder = os.path.join(data, "html")
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith((".html.gz", ".html")))


def page_id(path):
    name = os.path.basename(path)
    for suffix in (".html.gz", ".html"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def run_lector(files, pipeline, threads=1):
    """({page: record}, seconds) of one `lector analyze --input html` over the files."""
    command = [LECTOR, "analyze", "--threads", str(threads), "--input", "html", "-p", pipeline] + files
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"lector failed: {result.stderr.strip()[:2000]}")
    records = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        records[page_id(record["source"])] = record
    return records, seconds


def lector_article(record):
    structure = record.get("structure") or {}
    parts = ([structure["title"]] if structure.get("title") else []) + list(structure.get("body") or [])
    return "\n".join(parts)


def run_trafilatura(files):
    """({page: text}, seconds), or (None, None) when trafilatura is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None, None
    texts = {}
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as handle:
            raw = handle.read()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        texts[page_id(path)] = trafilatura.extract(raw, include_comments=False) or ""
    return texts, time.perf_counter() - start


def html_megabytes(files):
    total = 0
    for path in files:
        with open(path, "rb") as handle:
            raw = handle.read()
        total += len(gzip.decompress(raw)) if raw[:2] == b"\x1f\x8b" else len(raw)
    return total / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "html-articles"))
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each (the fastest is reported)")
    parser.add_argument("--json", help="also write the scores and speeds here")
    parser.add_argument("--per-page", help="write each page's Lector and trafilatura F1 to this TSV")
    parser.add_argument("--no-peer", action="store_true", help="Lector only (while developing)")
    args = parser.parse_args()
    require_lector()
    truth = load_truth(args.data)
    files = [path for path in page_files(args.data) if page_id(path) in truth]
    megabytes = html_megabytes(files)
    print(f"{len(files)} pages, {megabytes:.1f} MB of HTML")

    rows = []
    best = None
    for _ in range(args.repeat):
        records, seconds = run_lector(files, "structure")
        best = seconds if best is None else min(best, seconds)
    articles = {page: lector_article(record) for page, record in records.items()}
    rows.append(("lector structure", score(articles, truth), best))
    reads = None
    for _ in range(args.repeat):
        _, seconds = run_lector(files, "stats")
        reads = seconds if reads is None else min(reads, seconds)
    rows.append(("all page text (lector html)", score({p: r.get("text", "") for p, r in records.items()}, truth), reads))

    peer, peer_seconds = None, None
    for _ in range(0 if args.no_peer else args.repeat):
        texts, seconds = run_trafilatura(files)
        if texts is None:
            print("trafilatura is not installed: pip install -r Benchmarks/requirements-html.txt", file=sys.stderr)
            break
        peer = texts
        peer_seconds = seconds if peer_seconds is None else min(peer_seconds, seconds)
    if peer is not None:
        import trafilatura
        version = getattr(trafilatura, "__version__", "?")
        rows.append((f"trafilatura {version}", score(peer, truth), peer_seconds))

    print(f"{'extractor':<30} {'F1':>6} {'prec.':>6} {'recall':>6} {'pages/s':>8} {'MB/s':>6}")
    for name, result, seconds in rows:
        speed = f"{len(files) / seconds:8.1f} {megabytes / seconds:6.2f}" if seconds else f"{'—':>8} {'—':>6}"
        print(f"{name:<30} {result['f1']:6.3f} {result['precision']:6.3f} {result['recall']:6.3f} {speed}")
    print("(lector: one process over all pages, --threads 1, start-up included; the second row's time is "
          "`-p stats`, reading and parsing; trafilatura: extract() per page, one core)")
    if args.per_page:
        from html_score import page_scores
        with open(args.per_page, "w", encoding="utf-8") as out:
            out.write("page\tlector_p\tlector_r\ttrafilatura_p\ttrafilatura_r\n")
            for page, marked in sorted(truth.items()):
                lp, lr = page_scores(articles.get(page, ""), marked)
                tp, tr = page_scores(peer.get(page, ""), marked) if peer else (0, 0)
                out.write(f"{page}\t{lp:.3f}\t{lr:.3f}\t{tp:.3f}\t{tr:.3f}\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({name: dict(result, seconds=seconds) for name, result, seconds in rows}, out, indent=2)


if __name__ == "__main__":
    main()
