#!/usr/bin/env python3
"""Deterministic train/val splits carved from the stance training files.

    from splits import carve, load_all
    parts = load_all("/work/shared/data/stance")     # {"ru": (train, val), "ar": ..., "en": ...}
    train, val = carve("/work/shared/data/stance", "ru")

- ru (ru.rusentne.train.jsonl): grouped by sentence text — every row of one sentence goes to
  the same side; 20% of the *distinct sentences* go to val.
- ar (ar.mawqif.train.jsonl), en (en.semeval2016.train.jsonl): stratified by target — within
  each target, 20% of the rows go to val.

Determinism: no RNG state is shared or depends on Python's hash seed. Each unit (a sentence
text for ru, a row for ar/en) gets a key sha256(f"{SEED}:{unit}") and the units of a group
(the whole file for ru; one target for ar/en) are sorted by that key; the first
round(20% × count) go to val. The rows keep their file order within each side.
Run as a script to print the sizes.
"""
import hashlib
import json
import os

SEED = "stance-val-2026"
VAL_FRACTION = 0.2
FILES = {
    "ru": "ru.rusentne.train.jsonl",
    "ar": "ar.mawqif.train.jsonl",
    "en": "en.semeval2016.train.jsonl",
}


def _key(unit):
    return hashlib.sha256(f"{SEED}:{unit}".encode("utf-8")).hexdigest()


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _split_units(units):
    """The set of units (a list of distinct strings) chosen for val."""
    ranked = sorted(units, key=lambda unit: (_key(unit), unit))
    return set(ranked[: round(VAL_FRACTION * len(ranked))])


def carve(data_dir, dataset):
    """(train rows, val rows) for dataset 'ru', 'ar' or 'en' from the folder data_dir."""
    rows = read_jsonl(os.path.join(data_dir, FILES[dataset]))
    if dataset == "ru":
        sentences = sorted({row["text"] for row in rows})
        chosen = _split_units(sentences)
        in_val = [row["text"] in chosen for row in rows]
    else:
        in_val = [False] * len(rows)
        for target in sorted({row["target"] for row in rows}):
            # A row's unit: its position and text (ids are unique but the texts may repeat).
            units = {f"{index}\t{row['text']}": index for index, row in enumerate(rows) if row["target"] == target}
            for unit in _split_units(list(units)):
                in_val[units[unit]] = True
    train = [row for row, v in zip(rows, in_val) if not v]
    val = [row for row, v in zip(rows, in_val) if v]
    return train, val


def load_all(data_dir, datasets=("ru", "ar", "en")):
    return {name: carve(data_dir, name) for name in datasets}


if __name__ == "__main__":
    import argparse
    import collections

    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default="/work/shared/data/stance")
    args = parser.parse_args()
    for name, (train, val) in load_all(args.data).items():
        def labels(rows):
            return dict(sorted(collections.Counter(row["label"] for row in rows).items()))
        print(f"{name}: train {len(train)} {labels(train)}  val {len(val)} {labels(val)}")
        if name == "ru":
            assert not {r["text"] for r in train} & {r["text"] for r in val}
        else:
            print("   val per target:", dict(sorted(collections.Counter(r["target"] for r in val).items())))
