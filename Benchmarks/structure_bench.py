#!/usr/bin/env python3
"""Article structure and tickers: `lector analyze -p 'structure | ticker'` beside jusText and
trafilatura on the same texts.

    pip install justext trafilatura          # the peers (PyPI), optional
    python3 Benchmarks/structure_bench.py [--megabytes 50] [DATA]   # DATA defaults to ../shared/data

The corpus (bench-data/structure-NNmb.jsonl, built once, reproducible) is article-sized
pages assembled from the NTREX news sentences of 20 languages in ../shared/data/langid/:
a headline ticker in one of the formats `ticker` reads (on two pages in three), a title, a
dateline, 4 to 14 paragraphs, share and comment lines, and related-news lists of truncated
headlines. Lector runs on one worker thread (`--threads 1`); the peers read the same pages
as minimal HTML (one <p> per line), since both extract from HTML only, one page at a time
on one core, over the first few megabytes. Throughput is MB of page text per second.
"""
import argparse
import html
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTOR = os.path.join(ROOT, ".build", "release", "lector")
LANGUAGES = ["de", "en", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "ar", "fa", "he", "tr", "el", "sv", "cs", "hu", "id", "sw"]
TICKERS = [
    lambda t, h: f"- {t}{h}", lambda t, h: f"{t} {h}", lambda t, h: f"{t} – {h}", lambda t, h: f"[{t}] {h}",
    lambda t, h: f"{t} | {h}", lambda t, h: f"• {t} | {h}", lambda t, h: f"{h} ({t})", lambda t, h: f"{t.replace(':', 'h')} {h}",
]
FURNITURE = ["Share on Facebook", "Kommentare (0)", "Folgen Sie uns", "تعليقات (3)", "Читайте также", "Related articles", "Lire aussi", "# 4711"]


def sentences(data, language):
    with open(os.path.join(data, "langid", f"{language}.ntrex.txt"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def make_corpus(data, megabytes):
    path = os.path.join(ROOT, "bench-data", f"structure-{megabytes}mb.jsonl")
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = random.Random(11)
    pools = {language: sentences(data, language) for language in LANGUAGES}
    written = 0
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        number = 0
        while written < megabytes * 1_000_000:
            pool = pools[rng.choice(LANGUAGES)]
            lines = []
            if rng.random() < 0.67:
                style = rng.choice(TICKERS)
                hour = 18
                for _ in range(rng.randrange(3, 10)):
                    hour, minute = hour - rng.randrange(1, 2), rng.randrange(60)
                    lines.append(style(f"{hour:02d}:{minute:02d}", rng.choice(pool)[:90].rstrip(" .")))
            lines.append(rng.choice(FURNITURE[:3]))
            lines.append(rng.choice(pool)[:100].rstrip(" ."))
            lines.append(f"{rng.randrange(1, 29)}.{rng.randrange(1, 13)}.2024")
            for _ in range(rng.randrange(4, 15)):
                lines.append(" ".join(rng.choice(pool) for _ in range(rng.randrange(2, 6))))
            lines.append(rng.choice(FURNITURE[3:]))
            for _ in range(rng.randrange(3, 12)):
                lines.append(rng.choice(pool)[:60].rstrip() + "…")
            text = "\n".join(lines) + "\n"
            out.write(json.dumps({"id": str(number), "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            number += 1
    os.replace(path + ".tmp", path)
    return path


def run_lector(path, pipeline):
    start = time.perf_counter()
    subprocess.run([LECTOR, "analyze", "-p", pipeline, "--input", "jsonl", "--no-text", "--threads", "1", path],
                   stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--peer-megabytes", type=float, default=3)
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "lector"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = make_corpus(args.data, args.megabytes)
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    total = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts):,} pages, {total:.0f} MB, {len(LANGUAGES)} languages\n")
    print(f"  {'':<40} {'MB/s':>8}")
    for pipeline in ("structure | ticker", "structure", "ticker", "normalize"):
        elapsed = min(run_lector(path, pipeline) for _ in range(3))
        print(f"  {'lector ' + pipeline + ' (1 thread)':<40} {total / elapsed:8.1f}")

    sample, size = [], 0
    for text in texts:
        if size >= args.peer_megabytes * 1e6:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    pages = ["<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in t.splitlines()) + "</body></html>" for t in sample]
    try:
        import justext
        stoplist = justext.get_stoplist("English")
        start = time.perf_counter()
        for page in pages:
            justext.justext(page, stoplist)
        print(f"  {'jusText (one <p> per line)':<40} {size / 1e6 / (time.perf_counter() - start):8.1f}")
    except ImportError:
        print("  jusText not installed (pip install justext)")
    try:
        import trafilatura
        start = time.perf_counter()
        for page in pages:
            trafilatura.extract(page)
        print(f"  {'trafilatura (one <p> per line)':<40} {size / 1e6 / (time.perf_counter() - start):8.1f}")
    except ImportError:
        print("  trafilatura not installed (pip install trafilatura)")


if __name__ == "__main__":
    main()
