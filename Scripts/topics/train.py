#!/usr/bin/env python3
"""Trains the built-in topic models with `lector train` from DATA/topics (SIB-200).

    python3 Scripts/topics/train.py DATA [--lector PATH] [--threads N]

One model per language of SIB-200 (Sources/LectorAnalyzers/Models/topics-LANG.bin, 19 of
them), each on its language's train file: 7 labels (science/technology, travel, politics,
sports, health, entertainment, geography), 2^15 buckets, C = 10. On the dev splits
(Benchmarks/topics_bench.py) a model per language beat one model for all 19 (mean accuracy
0.668 against 0.631 at 2^17 buckets; 0.657 at 2^15, 0.642 at 2^14), and 2^15 keeps each
file at 0.5 MB. C = 10 was better than 1 on en, ar, ru at both sizes tried. The dev splits are
never trained on. The topics analyzer maps the labels onto its taxonomy (TopicsAnalyzer.swift).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FLAGS = ["--bits", "15", "--c", "10"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--lector", default=os.environ.get("LECTOR") or os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--out", default=os.path.join(REPO, "Sources", "LectorAnalyzers", "Models"))
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    folder = os.path.join(args.data, "topics")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".train.jsonl")) if os.path.isdir(folder) else []
    if not files:
        sys.exit(f"{folder}: no *.train.jsonl files (DATA is the shared data folder, with topics/)")
    for name in files:
        language = name.split(".")[0]
        out = os.path.join(args.out, f"topics-{language}.bin")
        result = subprocess.run([args.lector, "train", "--quiet", "--data", os.path.join(folder, name), "--out", out,
                                 "--threads", str(args.threads)] + FLAGS, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"lector train failed for {name}: {result.stderr.strip()}")
        print(out)


if __name__ == "__main__":
    main()
