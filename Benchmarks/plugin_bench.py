#!/usr/bin/env python3
"""Plugins: what a Swift plugin costs beside the same analyzer built in, and how many small
documents a second go through a process plugin (the Python example), beside in-process ones.

    python3 Benchmarks/plugin_bench.py [--documents 100000]

Builds (release) lector, Plugins/Quotes and Benchmarks/PluginOverhead. The corpus is one-line
documents (news sentences from ../shared/data/langid when present, else the example articles'
lines), written to bench-data/plugin-lines-N.txt.
  1. plugin-overhead runs the quotes analyzer compiled into the program and loaded from the
     plugin library as lector loads it, alternately, on one thread: the best of five rounds.
  2. lector analyze --threads 1 --input lines on the same corpus: the built-in stats, the quotes
     Swift plugin, and the readability process plugin (Python, standard library only).
"""
import argparse
import os
import random
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTOR = os.path.join(ROOT, ".build", "release", "lector")
QUOTES = os.path.join(ROOT, "Plugins", "Quotes", ".build", "release", "libLectorQuotesPlugin.so")
READABILITY = os.path.join(ROOT, "Plugins", "readability", "readability.lector-plugin")
HARNESS = os.path.join(ROOT, "Benchmarks", "PluginOverhead", ".build", "release", "plugin-overhead")


def corpus(count):
    path = os.path.join(ROOT, "bench-data", f"plugin-lines-{count}.txt")
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = os.path.join(ROOT, "..", "shared", "data", "langid")
    lines = []
    if os.path.isdir(data):
        for name in sorted(os.listdir(data)):
            if name.endswith(".ntrex.txt") and name.split(".")[0] in ("de", "en", "fr", "ru", "ar", "he", "es"):
                with open(os.path.join(data, name), encoding="utf-8") as f:
                    lines += [line.strip() for line in f if line.strip()]
    else:
        folder = os.path.join(ROOT, "examples", "articles")
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                lines += [line.strip() for line in f if len(line.strip()) > 20]
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(count):
            line = rng.choice(lines)
            if rng.random() < 0.3:  # some quoted speech for quotes to find
                line = f"„{line}“, sagte die Ministerin."
            f.write(line + "\n")
    return path


def lector(path, pipeline, plugins=()):
    command = [LECTOR, "analyze"] + [a for p in plugins for a in ("--plugin", p)]
    command += ["-p", pipeline, "--input", "lines", "--no-text", "--threads", "1", path]
    best = None
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    for package in (ROOT, os.path.join(ROOT, "Plugins", "Quotes"), os.path.join(ROOT, "Benchmarks", "PluginOverhead")):
        subprocess.run(["swift", "build", "-c", "release", "--package-path", package], check=True, stdout=subprocess.DEVNULL)
    path = corpus(args.documents)
    print(f"{args.documents:,} one-line documents ({os.path.getsize(path) / 1e6:.1f} MB)\n")
    print("1. the quotes analyzer, built in and as a plugin (one thread, in one process):")
    subprocess.run([HARNESS, QUOTES, path, "5"], check=True)
    print("\n2. through lector analyze --threads 1:")
    for label, pipeline, plugins in [
        ("stats (built in)", "stats", ()),
        ("quotes (Swift plugin)", "quotes", (QUOTES,)),
        ("readability (Python process plugin)", "readability", (READABILITY,)),
    ]:
        elapsed = lector(path, pipeline, plugins)
        print(f"  {label:<40} {args.documents / elapsed:10,.0f} documents/s")


if __name__ == "__main__":
    main()
