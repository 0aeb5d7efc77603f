#!/usr/bin/env python3
"""Topics: SIB-200 dev accuracy beside a TF-IDF baseline, agreement across languages, the news
articles written for Lector, and speed, in the same run.

    pip install scikit-learn
    python3 Benchmarks/topics_bench.py [DATA]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

1. SIB-200 (DATA/topics, 19 languages, 7 labels; dev splits, never trained on): accuracy of
   - the baseline: scikit-learn TfidfVectorizer (word unigrams and bigrams) + LogisticRegression
     (C=10, max_iter=5000), one model per language on its train split;
   - `lector train` with the recipe of Scripts/topics/train.py (a model per language, on its
     train split), through `classify`;
   - the same features as one model for the 19 train splits together (2^17 buckets);
   and, over the parallel dev sentences, the share that get the same label as their English
   translation, for the baseline and for Lector's models.
2. The articles of Tests/Fixtures/topics (48 test, 24 dev; 12 languages; labels fixed before
   the analyzer ran): `langid | structure | topics`, top topic right and main topic in the top
   three (a cross-topic article's other topics count in the top three too).
3. Speed on one core over the 20 MB of news articles the sentiment benchmark builds:
   `langid | topics` beside `langid` alone, and the baseline's vectorize + predict (English
   model) over the same texts.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402
from bench_common import LECTOR, ROOT  # noqa: E402

FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "topics")
sys.path.insert(0, os.path.join(ROOT, "Scripts", "topics"))
from train import FLAGS  # noqa: E402


def read(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def classify(model, rows, folder):
    path = os.path.join(folder, "input.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"text": row["text"]}, ensure_ascii=False) + "\n")
    result = subprocess.run([LECTOR, "analyze", "--input", "jsonl", "--no-text", "-p", f"classify model={model}", path],
                            capture_output=True, text=True, check=True)
    return [json.loads(line)["classes"][0]["label"] for line in result.stdout.splitlines()]


def train(data, model, flags=FLAGS):
    subprocess.run([LECTOR, "train", "--quiet", "--data", data, "--out", model, "--threads", "2"] + flags, check=True, capture_output=True)


def sib(data):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    folder = os.path.join(data, "topics")
    languages = sorted(f.split(".")[0] for f in os.listdir(folder) if f.endswith(".train.jsonl"))
    print("1. SIB-200 dev accuracy (99 sentences a language)")
    rows, predicted = [], {}
    with tempfile.TemporaryDirectory(prefix="topics-bench-") as temporary:
        joint = os.path.join(temporary, "joint.bin")
        together = os.path.join(temporary, "all.jsonl")
        with open(together, "w", encoding="utf-8") as out:
            for language in languages:
                with open(os.path.join(folder, f"{language}.train.jsonl"), encoding="utf-8") as handle:
                    out.writelines(line if line.endswith("\n") else line + "\n" for line in handle if line.strip())
        train(together, joint, ["--bits", "17", "--c", "10"])
        for language in languages:
            train_rows = read(os.path.join(folder, f"{language}.train.jsonl"))
            dev_rows = read(os.path.join(folder, f"{language}.dev.jsonl"))
            gold = [r["label"] for r in dev_rows]
            vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
            x = vectorizer.fit_transform([r["text"] for r in train_rows])
            model = LogisticRegression(C=10, max_iter=5000).fit(x, [r["label"] for r in train_rows])
            base = list(model.predict(vectorizer.transform([r["text"] for r in dev_rows])))
            own = os.path.join(temporary, f"{language}.bin")
            train(os.path.join(folder, f"{language}.train.jsonl"), own)
            per_language = classify(own, dev_rows, temporary)
            together_labels = classify(joint, dev_rows, temporary)
            def accuracy(labels):
                return sum(g == p for g, p in zip(gold, labels)) / len(gold)
            rows.append((language, accuracy(base), accuracy(per_language), accuracy(together_labels)))
            predicted[language] = ({r["id"]: p for r, p in zip(dev_rows, base)}, {r["id"]: p for r, p in zip(dev_rows, per_language)})
    print("| language | TF-IDF + LR | Lector (a model per language, shipped recipe) | one model for all 19 |\n|---|---|---|---|")
    for language, base, own, joint_accuracy in rows:
        print(f"| {language} | {base:.3f} | **{own:.3f}** | {joint_accuracy:.3f} |")
    means = [sum(r[i] for r in rows) / len(rows) for i in (1, 2, 3)]
    print(f"| mean | {means[0]:.3f} | **{means[1]:.3f}** | {means[2]:.3f} |")
    for name, index in (("TF-IDF + LR", 0), ("Lector", 1)):
        english = predicted["en"][index]
        same = [predicted[l][index][i] == english[i] for l in languages if l != "en" for i in predicted[l][index] if i in english]
        print(f"same label as the English sentence, {name}: {sum(same) / len(same):.3f}")
    # The built-in analyzer as users run it (lexicon and model), on the parallel dev sentences.
    tops = {}
    for language in languages:
        dev_rows = read(os.path.join(folder, f"{language}.dev.jsonl"))
        lines = "".join(json.dumps({"id": str(r["id"]), "text": r["text"]}, ensure_ascii=False) + "\n" for r in dev_rows)
        result = subprocess.run([LECTOR, "analyze", "--input", "jsonl", "--no-text", "-p", "langid | topics top=1"],
                                input=lines, capture_output=True, text=True, check=True)
        tops[language] = {json.loads(line)["id"]: (json.loads(line).get("topics") or [{"id": None}])[0]["id"] for line in result.stdout.splitlines()}
    same = [tops[l][i] == tops["en"][i] for l in languages if l != "en" for i in tops[l] if i in tops["en"] and tops["en"][i]]
    print(f"`topics` (built in): top topic the same as the English sentence's: {sum(same) / len(same):.3f}")


def articles():
    print("\n2. News articles written for Lector: `langid | structure | topics`")
    print("| set | articles | top topic right | main topic in the top three | any of its topics in the top three |\n|---|---|---|---|---|")
    for name, file in (("test", "articles.jsonl"), ("dev", "dev-articles.jsonl")):
        rows = read(os.path.join(FIXTURES, file))
        lines = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
        result = subprocess.run([LECTOR, "analyze", "--input", "jsonl", "--no-text", "-p", "langid | structure | topics top=3"],
                                input=lines, capture_output=True, text=True, check=True)
        records = [json.loads(line) for line in result.stdout.splitlines()]
        top1 = main3 = any3 = 0
        for row, record in zip(rows, records):
            ids = [t["id"] for t in record.get("topics", [])]
            top1 += bool(ids) and ids[0] == row["topic"]
            main3 += row["topic"] in ids[:3]
            any3 += any(i in [row["topic"]] + row.get("also", []) for i in ids[:3])
        n = len(rows)
        print(f"| {name} | {n} | {top1 / n:.1%} | {main3 / n:.1%} | {any3 / n:.1%} |")


def speed(data):
    path, records = bench_common.news_articles(data)
    megabytes = bench_common.size_mb(records)
    print(f"\n3. Speed, one core, {megabytes:.0f} MB of news articles in ten languages")
    bench_common.step_speed(path, megabytes, "topics")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    rows = read(os.path.join(data, "topics", "en.train.jsonl"))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    model = LogisticRegression(C=10, max_iter=5000).fit(vectorizer.fit_transform([r["text"] for r in rows]), [r["label"] for r in rows])
    start = time.perf_counter()
    model.predict(vectorizer.transform([r["text"] for r in records]))
    baseline = time.perf_counter() - start
    print(f"| TF-IDF + LR, vectorize and predict | {megabytes / baseline:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=bench_common.DEFAULT_DATA)
    parser.add_argument("--only", choices=["sib", "articles", "speed"])
    args = parser.parse_args()
    bench_common.require_lector()
    if args.only in (None, "sib"):
        sib(args.data)
    if args.only in (None, "articles"):
        articles()
    if args.only in (None, "speed"):
        speed(args.data)


if __name__ == "__main__":
    main()
