#!/usr/bin/env python3
"""Trains the stance models with `lector train`, from the training files of DATA/stance.

    python3 Scripts/stance/train.py DATA [--models DIR] [--lector PATH] [--threads N]

DATA is the shared data folder (../shared/data). Writes:
  Sources/LectorAnalyzers/Models/stance-ru.bin  sentiment toward a marked entity in Russian news
      (RuSentNE-2023, MIT), read by `stance` for Russian; shipped.
  DIR/<target>.bin (default stance-models/)      one model a target for the tweets of Mawqif
      (ar) and SemEval-2016 task 6 (en), read by `stance models=DIR target=...`; not shipped:
      those datasets state no licence for redistribution (DATA/stance/README.md).
Each model is trained on the train part of the split Scripts/stance/splits.py carves (the val
part is what Benchmarks/stance_bench.py scores), with C = 0.3, chosen by cross-validation
inside the train part (see the README). The RuSentNE model reads the sentence as
`entity_text` below writes it, and has the sentiment lexicon's score among its features.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from splits import carve  # noqa: E402

PLACEHOLDER = "xtargetx"
SEPARATOR = "xsepx"
WINDOW = 3
RU_FLAGS = ["--c", "0.3", "--features", "sentiment-lexicon:ru", "--bits", "16"]
TARGET_FLAGS = ["--c", "0.3", "--bits", "16"]


def entity_text(text, start, end):
    """What the entity-sentiment model reads (StanceText.marked in Swift does the same): the
    WINDOW words before the mention, the placeholder, the WINDOW words after it, the separator,
    then the sentence with the placeholder before the mention. Words are runs of non-space
    characters; offsets are Unicode scalars, end exclusive."""
    left = text[:start].split()[-WINDOW:]
    right = text[end:].split()[:WINDOW]
    window = " ".join(left + [PLACEHOLDER] + right)
    return f"{window} {SEPARATOR} {text[:start]} {PLACEHOLDER} {text[start:end]} {text[end:]}"


def model_file_name(target):
    """As StanceScorer.modelFileName: the target in lower case, its words joined by "-"."""
    words, current = [], ""
    for char in target.lower():
        if char.isalnum():
            current += char
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return "-".join(words) + ".bin"


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def train(lector, data_path, out, flags, threads):
    result = subprocess.run([lector, "train", "--quiet", "--data", data_path, "--out", out, "--threads", str(threads)] + flags,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"lector train failed for {out}: {result.stderr.strip()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--models", default=os.path.join(REPO, "stance-models"))
    parser.add_argument("--ru-out", default=os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "stance-ru.bin"))
    parser.add_argument("--lector", default=os.environ.get("LECTOR") or os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    folder = os.path.join(args.data, "stance")
    if not os.path.isdir(folder):
        sys.exit(f"{folder}: no such folder (DATA is the shared data folder, with stance/)")
    os.makedirs(args.models, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lector-stance-") as temporary:
        rows, _ = carve(folder, "ru")
        path = os.path.join(temporary, "ru.jsonl")
        write_jsonl(path, [{"text": entity_text(r["text"], r["start"], r["end"]), "label": r["label"]} for r in rows])
        train(args.lector, path, args.ru_out, RU_FLAGS, args.threads)
        print(f"{args.ru_out}: RuSentNE, {len(rows)} rows")
        for dataset in ("ar", "en"):
            rows, _ = carve(folder, dataset)
            for target in sorted({r["target"] for r in rows}):
                part = [{"text": r["text"], "label": r["label"]} for r in rows if r["target"] == target]
                path = os.path.join(temporary, f"{dataset}.jsonl")
                write_jsonl(path, part)
                out = os.path.join(args.models, model_file_name(target))
                train(args.lector, path, out, TARGET_FLAGS, args.threads)
                print(f"{out}: {dataset}, {target}, {len(part)} rows")


if __name__ == "__main__":
    main()
