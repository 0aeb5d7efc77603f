#!/usr/bin/env python3
"""Lector core benchmark: reading, normalizing and writing JSONL, beside a Python peer.

    python3 Benchmarks/core_bench.py            # full sizes (100 MB text, 1M lines, 1 GB JSONL)
    python3 Benchmarks/core_bench.py --quick    # a tenth of the sizes, for a smoke run

It builds `lector` in release mode, writes the corpora into bench-data/ (ignored by git),
runs each job with Lector on one worker thread and on all cores, and with the peer
(Benchmarks/peer_normalize.py: the same cleanup and JSON records in plain Python), and prints
throughput and peak memory side by side. Output goes to /dev/null, so writing is encoding only.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench-data")
LECTOR = os.path.join(ROOT, ".build", "release", "lector")
PEER = [sys.executable, os.path.join(ROOT, "Benchmarks", "peer_normalize.py")]


def measure(command):
    """Runs a command with stdout to /dev/null; returns (seconds, peak RSS in MB)."""
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(command)}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def article_texts():
    folder = os.path.join(ROOT, "examples", "articles")
    return [open(os.path.join(folder, name), encoding="utf-8").read() for name in sorted(os.listdir(folder))]


def make_text_corpus(total_bytes):
    """Article-sized files (about 50 KB) in several scripts, with the dirt normalize cleans."""
    folder = os.path.join(DATA, f"text-{total_bytes >> 20}mb")
    if os.path.isdir(folder):
        return folder
    os.makedirs(folder)
    rng = random.Random(7)
    texts = article_texts()
    dirt = ["\r\n", "\u200b", "\u200f", "\u0640", "e\u0301", "\ufeff"]
    written, index = 0, 0
    while written < total_bytes:
        parts = []
        size = 0
        while size < 50_000:
            text = rng.choice(texts).replace("2025", str(2000 + rng.randrange(30)))
            if rng.random() < 0.3:
                text = text.replace(" ", rng.choice(dirt), 1)
            parts.append(text)
            size += len(text.encode())
        data = "".join(parts).encode()
        with open(os.path.join(folder, f"{index:05d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        index += 1
    return folder


def make_lines(count):
    path = os.path.join(DATA, f"lines-{count}.txt")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            for i in range(count):
                f.write(f"Document number {i} says hello to the world\n")
    return path


def make_jsonl(total_bytes):
    import json
    path = os.path.join(DATA, f"corpus-{total_bytes >> 20}mb.jsonl")
    if not os.path.exists(path):
        rng = random.Random(11)
        paragraphs = [p for text in article_texts() for p in text.split("\n") if len(p) > 60]
        written, index = 0, 0
        with open(path, "w", encoding="utf-8") as f:
            while written < total_bytes:
                text = "\n".join(rng.choice(paragraphs) for _ in range(4))
                line = json.dumps({"id": f"doc{index}", "site": "example", "text": text}, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode())
                index += 1
    return path


def size_mb(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(r, n)) for r, _, names in os.walk(path) for n in names) / 1e6
    return os.path.getsize(path) / 1e6


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def report(title, unit, amount, rows):
    print(f"\n{title}")
    print(f"  {'run':<44} {'seconds':>8} {unit:>14} {'peak MB':>8}")
    for name, (seconds, peak) in rows:
        print(f"  {name:<44} {seconds:8.2f} {amount / seconds:14,.0f} {peak:8.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    cores = os.cpu_count() or 1

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "lector"], cwd=ROOT, check=True)
    os.makedirs(DATA, exist_ok=True)
    print(f"machine: {cores} cores; lector: {LECTOR}")

    text = make_text_corpus((100 << 20) // scale)
    megabytes = size_mb(text)
    # --threads 1 is one worker beside the thread that reads and writes; taskset pins both to one core.
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    rows = [
        ("lector normalize, pinned to 1 core", measure(one_core + [LECTOR, "analyze", "-p", "normalize", "--threads", "1", text])),
        ("lector normalize, 1 worker thread", measure([LECTOR, "analyze", "-p", "normalize", "--threads", "1", text])),
        (f"lector normalize, {cores} threads", measure([LECTOR, "analyze", "-p", "normalize", "--threads", str(cores), text])),
        ("peer: python (unicodedata + json), 1 process", measure(PEER + ["text", text])),
    ]
    report(f"Text files: read, normalize, write JSONL ({megabytes:.0f} MB in {len(os.listdir(text))} files)", "MB/s", megabytes, rows)

    lines = make_lines(1_000_000 // scale)
    count = count_lines(lines)
    rows = [
        ("lector normalize, pinned to 1 core", measure(one_core + [LECTOR, "analyze", "-p", "normalize", "--input", "lines", "--threads", "1", lines])),
        (f"lector normalize, {cores} threads", measure([LECTOR, "analyze", "-p", "normalize", "--input", "lines", lines])),
        (f"lector normalize | stats, {cores} threads", measure([LECTOR, "analyze", "-p", "normalize | stats", "--input", "lines", lines])),
        ("peer: python normalize, 1 process", measure(PEER + ["lines", lines])),
    ]
    report(f"One-line documents ({count:,})", "docs/s", count, rows)

    jsonl = make_jsonl((1 << 30) // scale)
    megabytes = size_mb(jsonl)
    rows = [
        (f"lector normalize, {cores} threads", measure([LECTOR, "analyze", "-p", "normalize", "--input", "jsonl", jsonl])),
        ("peer: python json + normalize, 1 process", measure(PEER + ["jsonl", jsonl])),
    ]
    report(f"JSONL streamed through lector analyze ({megabytes:,.0f} MB)", "MB/s", megabytes, rows)


if __name__ == "__main__":
    main()
