#!/usr/bin/env python3
"""Trains the built-in sentiment models with `lector train`, one per language, into
Sources/LectorAnalyzers/Models/sentiment-LANG.bin.

    python3 Scripts/sentiment/train.py DATA [--lector PATH] [--bits 17]

DATA is the shared data folder (../shared/data): sentiment/LANG.{train,val}.jsonl for ar, de,
en, es, fr, he, hi, it, pt (C is chosen on the val split, which also calibrates the
probabilities), and stance/ru.rusentne.train.jsonl for Russian: news sentences with the
sentiment towards an entity, made sentence labels here (a sentence whose non-neutral entity
labels agree takes that label, one with conflicting labels is dropped, the rest are neutral)
and split 85/15 by a hash of the sentence into train and val. Every model reads the sentiment
lexicon's score of the text too (`--features sentiment-lexicon:LANG`), so build the lexicon
first (Scripts/sentiment/build_lexicon.py) and the lector binary with it.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANGUAGES = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt"]


def russian(data, folder):
    """Sentence-level train and val files from RuSentNE's entity-level labels."""
    source = os.path.join(data, "stance", "ru.rusentne.train.jsonl")
    labels = {}
    with open(source, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            labels.setdefault(row["text"], set()).add(row["label"])
    files = {name: open(os.path.join(folder, f"ru.{name}.jsonl"), "w", encoding="utf-8") for name in ("train", "val")}
    counts = {"train": 0, "val": 0, "dropped": 0}
    for text, found in labels.items():
        polar = found - {"neutral"}
        if len(polar) > 1:
            counts["dropped"] += 1
            continue
        label = polar.pop() if polar else "neutral"
        split = "val" if int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % 100 < 15 else "train"
        files[split].write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
        counts[split] += 1
    for f in files.values():
        f.close()
    print(f"ru: {counts['train']} train and {counts['val']} val sentences from RuSentNE, {counts['dropped']} with conflicting labels dropped")
    return os.path.join(folder, "ru.train.jsonl"), os.path.join(folder, "ru.val.jsonl")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the shared data folder, such as ../shared/data")
    parser.add_argument("--lector", default=os.environ.get("LECTOR", os.path.join(ROOT, ".build", "release", "lector")))
    parser.add_argument("--bits", type=int, default=16, help="hash space 2^bits (16: 0.5 MB per model; 17 and 18 were no better on the val splits)")
    parser.add_argument("--languages", default=",".join(LANGUAGES + ["ru"]))
    args = parser.parse_args()
    if not os.path.exists(args.lector):
        sys.exit(f"no lector at {args.lector}: build it with `swift build -c release --product lector`, or pass --lector")
    models = os.path.join(ROOT, "Sources", "LectorAnalyzers", "Models")
    with tempfile.TemporaryDirectory() as folder:
        for language in args.languages.split(","):
            if language == "ru":
                train, val = russian(args.data, folder)
            else:
                train = os.path.join(args.data, "sentiment", f"{language}.train.jsonl")
                val = os.path.join(args.data, "sentiment", f"{language}.val.jsonl")
            out = os.path.join(models, f"sentiment-{language}.bin")
            command = [args.lector, "train", "--data", train, "--val", val, "--features", f"sentiment-lexicon:{language}",
                       "--bits", str(args.bits), "--out", out, "--quiet"]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(f"{language}: {' '.join(command)} failed:\n{result.stderr}")
            summary = [line for line in result.stdout.splitlines() if line.startswith(("trained", "validation macro", "accuracy", "wrote"))]
            print(f"{language}: " + "\n    ".join(summary))


if __name__ == "__main__":
    main()
