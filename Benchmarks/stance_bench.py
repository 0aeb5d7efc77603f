#!/usr/bin/env python3
"""Stance and entity sentiment: a bag-of-words baseline beside Lector, on val splits carved from
the training files (Scripts/stance/splits.py; val never trains anything), in the same run.

    pip install scikit-learn
    python3 Benchmarks/stance_bench.py [--data ../shared/data/stance] [--lector .build/release/lector]
                                       [--datasets ru,ar,en] [--threads 2]

Datasets and measures (as the tasks define them):
- ru  RuSentNE-2023 (sentiment toward a marked entity in Russian news): macro-F1 over
      positive and negative only.
- ar  Mawqif (Arabic tweets, 3 targets) and en  SemEval-2016 Task 6A (English tweets, 5
      targets): mean over targets of (F1(favor) + F1(against)) / 2.

Baselines: scikit-learn CountVectorizer() (word unigrams) + LogisticRegression(max_iter=5000),
one model over the carved train split, text only; once with default settings and once with
class_weight="balanced".

Lector, two ways:
- engine: `lector train` on the carved train split with the recipe Scripts/stance/train.py
  uses (C 0.3, fixed in advance; no --val), then `classify` on val. For ru the classifier reads
  `entity_text(...)` (the entity marked); for ar and en one model a target reads the tweet.
- `stance`: the analyzer as users run it: ru with `stance target-field=entity` (the record's
  start and end mark the entity; the shipped model, trained by Scripts/stance/train.py on the
  same carved train split, with the cue and sentiment lexicons); ar and en with `stance
  target-field=target models=DIR`, DIR holding the engine's per-target models.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scripts", "stance"))
from splits import carve  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scripts", "stance"))
from train import RU_FLAGS, TARGET_FLAGS, entity_text, model_file_name  # noqa: E402


def transform_row(dataset, row):
    return entity_text(row["text"], row["start"], row["end"]) if dataset == "ru" else row["text"]


# Recipe options per dataset: `lector train` flags, and whether each target gets its own model.
RECIPES = {
    "ru": {"flags": RU_FLAGS, "per_target": False},
    "ar": {"flags": TARGET_FLAGS, "per_target": True},
    "en": {"flags": TARGET_FLAGS, "per_target": True},
}
MEASURES = {"ru": "F1 macro (pos, neg)", "ar": "mean/target F1(fav,ag)", "en": "mean/target F1(fav,ag)"}
NAMES = {"ru": "RuSentNE (ru)", "ar": "Mawqif (ar)", "en": "SemEval-2016 (en)"}


# --------------------------------------------------------------------------------------------
def f1(gold, pred, label):
    tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def measure(dataset, rows, pred):
    gold = [row["label"] for row in rows]
    if dataset == "ru":
        return (f1(gold, pred, "positive") + f1(gold, pred, "negative")) / 2
    scores = []
    for target in sorted({row["target"] for row in rows}):
        index = [i for i, row in enumerate(rows) if row["target"] == target]
        g = [gold[i] for i in index]
        p = [pred[i] for i in index]
        scores.append((f1(g, p, "favor") + f1(g, p, "against")) / 2)
    return sum(scores) / len(scores)


def baseline(train, val, balanced=False):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.time()
    vectorizer = CountVectorizer()
    x = vectorizer.fit_transform([row["text"] for row in train])
    model = LogisticRegression(max_iter=5000, class_weight="balanced" if balanced else None).fit(x, [row["label"] for row in train])
    seconds = time.time() - started
    return list(model.predict(vectorizer.transform([row["text"] for row in val]))), seconds


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def lector_recipe(dataset, train, val, lector, threads, folder):
    recipe = RECIPES[dataset]
    groups = sorted({row["target"] for row in train}) if recipe["per_target"] else [None]
    predicted = [None] * len(val)
    train_seconds = 0.0
    for number, group in enumerate(groups):
        part = [row for row in train if group is None or row["target"] == group]
        index = [i for i, row in enumerate(val) if group is None or row["target"] == group]
        data = os.path.join(folder, f"{dataset}.{number}.train.jsonl")
        model = os.path.join(folder, "models", model_file_name(group) if group else f"{dataset}.bin")
        write_jsonl(data, [{"text": transform_row(dataset, row), "label": row["label"]} for row in part])
        started = time.time()
        subprocess.run([lector, "train", "--quiet", "--data", data, "--out", model, "--threads", str(threads)] + recipe["flags"],
                       check=True, capture_output=True, text=True)
        train_seconds += time.time() - started
        if not index:
            continue
        inputs = os.path.join(folder, f"{dataset}.{number}.val.jsonl")
        write_jsonl(inputs, [{"text": transform_row(dataset, val[i])} for i in index])
        result = subprocess.run([lector, "analyze", "--threads", str(threads), "--input", "jsonl", "-p", f"classify model={model}", inputs],
                                check=True, capture_output=True, text=True)
        records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        assert len(records) == len(index), f"{len(records)} predictions for {len(index)} texts"
        for i, record in zip(index, records):
            predicted[i] = record["classes"][0]["label"]
    return predicted, train_seconds


def lector_analyzer(dataset, val, lector, threads, folder):
    """The `stance` analyzer's labels for the val rows, as the dataset names them."""
    path = os.path.join(folder, f"{dataset}.analyzer.jsonl")
    if dataset == "ru":
        write_jsonl(path, [{"text": r["text"], "entity": r["entity"], "start": r["start"], "end": r["end"]} for r in val])
        pipeline = "stance target-field=entity"
        names = {"favor": "positive", "against": "negative", "neutral": "neutral"}
    else:
        write_jsonl(path, [{"text": r["text"], "target": r["target"]} for r in val])
        pipeline = f"stance target-field=target models={os.path.join(folder, 'models')}"
        names = {"favor": "favor", "against": "against", "neutral": "none"}
    result = subprocess.run([lector, "analyze", "--threads", str(threads), "--input", "jsonl", "-p", pipeline, path],
                            check=True, capture_output=True, text=True)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == len(val), f"{len(records)} records for {len(val)} rows"
    return [names.get((record.get("stance") or [{}])[0].get("label"), "neutral") for record in records]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "stance")))
    parser.add_argument("--lector", default=os.environ.get("LECTOR", os.path.join(here, "..", ".build", "release", "lector")))
    parser.add_argument("--datasets", default="ru,ar,en")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        os.makedirs(os.path.join(folder, "models"))
        for dataset in args.datasets.split(","):
            train, val = carve(args.data, dataset)
            base_pred, base_seconds = baseline(train, val)
            balanced_pred, _ = baseline(train, val, balanced=True)
            engine_score = analyzer_score = lector_seconds = None
            try:
                lector_pred, lector_seconds = lector_recipe(dataset, train, val, args.lector, args.threads, folder)
                engine_score = measure(dataset, val, lector_pred)
                analyzer_score = measure(dataset, val, lector_analyzer(dataset, val, args.lector, args.threads, folder))
            except (OSError, subprocess.CalledProcessError, AssertionError) as error:
                print(f"lector failed on {dataset}: {getattr(error, 'stderr', '') or error}", file=sys.stderr)
            rows.append((NAMES[dataset], len(train), len(val), MEASURES[dataset], measure(dataset, val, base_pred),
                         measure(dataset, val, balanced_pred), engine_score, analyzer_score, base_seconds, lector_seconds))
            print(f"done {dataset}", file=sys.stderr, flush=True)

    def cell(value, form="{:.3f}"):
        return "—" if value is None else form.format(value)
    print("| dataset | train | val | measure | BoW LR | BoW LR balanced | Lector engine | Lector `stance` | BoW train s | Lector train s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, n_train, n_val, what, base, balanced, engine, analyzer, base_s, lector_s in rows:
        print(f"| {name} | {n_train} | {n_val} | {what} | {base:.3f} | {balanced:.3f} | **{cell(engine)}** | **{cell(analyzer)}** "
              f"| {base_s:.1f} | {cell(lector_s, '{:.1f}')} |")


if __name__ == "__main__":
    main()
