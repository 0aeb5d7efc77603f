#!/usr/bin/env python3
"""Keywords: precision against key phrases marked by hand, beside YAKE, and speed, same run.

    pip install yake
    python3 Benchmarks/keywords_bench.py [DATA]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

1. The articles of Tests/Fixtures/topics (48 test and 24 dev, 12 languages) carry 4 to 8 key
   phrases each, marked by hand before any extractor ran. For each extractor's top 5 phrases:
   precision (a phrase is right when, lower-cased, it equals, contains or lies inside a marked
   phrase) and recall of the marked phrases (one is found when a predicted phrase matches it
   so). Lector: `langid | structure | keywords top=5`; YAKE (the PyPI package, n=3, its own
   stop words, top 5).
2. Speed on one core over the 20 MB of news articles the sentiment benchmark builds:
   `langid | keywords` beside `langid`, and YAKE over the first 2 MB.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402
from bench_common import LECTOR, ROOT  # noqa: E402

FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "topics")


def matches(predicted, marked):
    p, m = predicted.lower().strip(), marked.lower().strip()
    return bool(p) and (p == m or p in m or m in p)


def score(rows, predictions):
    right = total = found = marked = 0
    for row, predicted in zip(rows, predictions):
        right += sum(any(matches(p, m) for m in row["keywords"]) for p in predicted)
        total += len(predicted)
        found += sum(any(matches(p, m) for p in predicted) for m in row["keywords"])
        marked += len(row["keywords"])
    return right / max(total, 1), found / max(marked, 1)


def yake_extractor():
    try:
        import yake
    except ImportError:
        print("left out: YAKE (pip install yake)", file=sys.stderr)
        return None
    return yake


def precision():
    print("1. Top 5 key phrases against the phrases marked by hand")
    print("| set | articles | Lector precision | Lector recall | YAKE precision | YAKE recall |\n|---|---|---|---|---|---|")
    yake = yake_extractor()
    for name, file in (("test", "articles.jsonl"), ("dev", "dev-articles.jsonl")):
        rows = [json.loads(line) for line in open(os.path.join(FIXTURES, file), encoding="utf-8")]
        lines = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
        result = subprocess.run([LECTOR, "analyze", "--input", "jsonl", "--no-text", "-p", "langid | structure | keywords top=5"],
                                input=lines, capture_output=True, text=True, check=True)
        lector = [[k["text"] for k in json.loads(line).get("keywords", [])] for line in result.stdout.splitlines()]
        lp, lr = score(rows, lector)
        cells = ["—", "—"]
        if yake:
            predicted = [[k for k, _ in yake.KeywordExtractor(lan=r["language"], n=3, top=5).extract_keywords(r["text"])] for r in rows]
            cells = [f"{v:.3f}" for v in score(rows, predicted)]
        print(f"| {name} | {len(rows)} | **{lp:.3f}** | **{lr:.3f}** | {cells[0]} | {cells[1]} |")


def speed(data):
    path, records = bench_common.news_articles(data)
    megabytes = bench_common.size_mb(records)
    print(f"\n2. Speed, one core, {megabytes:.0f} MB of news articles in ten languages")
    bench_common.step_speed(path, megabytes, "keywords")
    yake = yake_extractor()
    if yake:
        chosen, size = bench_common.sample(records)
        start = time.perf_counter()
        for record in chosen:
            yake.KeywordExtractor(lan=record["language"], n=3, top=10).extract_keywords(record["text"])
        print(f"| YAKE (first {size / 1e6:.0f} MB) | {size / 1e6 / (time.perf_counter() - start):.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=bench_common.DEFAULT_DATA)
    parser.add_argument("--only", choices=["precision", "speed"])
    args = parser.parse_args()
    bench_common.require_lector()
    if args.only in (None, "precision"):
        precision()
    if args.only in (None, "speed"):
        speed(args.data)


if __name__ == "__main__":
    main()
