#!/usr/bin/env python3
"""Scores `entities` and `stance` on the articles written for Lector (Tests/Fixtures/entities/),
whose expected results were fixed before the analyzers ran.

    python3 Benchmarks/entities_score.py [--set test|dev] [--lector PATH] [--details]

Runs `lector analyze --input jsonl -p 'entities | stance'` over the set and prints:
  countries      micro precision, recall and F1 of the set of country ids per article
  organisations  the same for organisation ids
  people         recall: an expected person counts when a person entity covers one of the
                 forms the article lists; linked: persons named in several articles (and
                 scripts) that got one id everywhere
  stance         share of the expected (article, target) pairs whose label Lector gives
  traps          look-alike words (turkey, Chad Miller, Atlanta, Georgia...) tagged anyway
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "entities")


def run_lector(lector, articles, pipeline):
    """Lector's records for the articles, given their id and text only."""
    lines = "".join(json.dumps({"id": a["id"], "text": a["text"]}, ensure_ascii=False) + "\n" for a in articles)
    result = subprocess.run([lector, "analyze", "--input", "jsonl", "-p", pipeline],
                            input=lines, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"lector failed: {result.stderr.strip()}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def prf(true_positive, predicted, expected):
    p = true_positive / predicted if predicted else 0.0
    r = true_positive / expected if expected else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(articles, records, details=False):
    out = {}
    counts = collections.defaultdict(lambda: [0, 0, 0])
    people_found = people_total = 0
    stance_right = stance_total = 0
    stance_by_label = collections.Counter()
    ids_by_person = collections.defaultdict(set)
    for article, record in zip(articles, records):
        entities = record.get("entities", [])
        for kind, key in (("country", "countries"), ("organisation", "organisations")):
            predicted = {e["id"] for e in entities if e["type"] == kind}
            expected = set(article.get(key, []))
            counts[kind][0] += len(predicted & expected)
            counts[kind][1] += len(predicted)
            counts[kind][2] += len(expected)
            if details and predicted != expected:
                print(f"  {article['id']} {kind}: missing {sorted(expected - predicted)} extra {sorted(predicted - expected)}")
        persons = [e for e in entities if e["type"] == "person"]
        for person in article.get("people", []):
            people_total += 1
            forms = person.get("mentions", []) + [person["name"]]
            hits = [e for e in persons if any(f in e["text"] or e["text"] in f for f in forms)]
            if hits:
                people_found += 1
                ids_by_person[person["name"]].update(e["id"] for e in hits)
            elif details:
                print(f"  {article['id']} person missed: {person['name']} {forms}")
        stances = {s["target"]: s["label"] for s in record.get("stance", [])}
        for target, label in article.get("stance", {}).items():
            stance_total += 1
            got = stances.get(target, "neutral")
            stance_by_label[(label, got)] += 1
            if got == label:
                stance_right += 1
            elif details:
                print(f"  {article['id']} stance {target}: expected {label}, got {got}")
    for kind in ("country", "organisation"):
        out[kind] = prf(*counts[kind])
    out["people_recall"] = people_found / people_total if people_total else 0.0
    multi = {name: ids for name, ids in ids_by_person.items()
             if sum(1 for a in articles for p in a.get("people", []) if p["name"] == name) > 1}
    out["people_linked"] = (sum(1 for ids in multi.values() if len(ids) == 1), len(multi))
    out["stance"] = stance_right / stance_total if stance_total else 0.0
    out["stance_pairs"] = stance_total
    out["stance_confusion"] = dict(stance_by_label)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=["test", "dev"], default="test")
    parser.add_argument("--lector", default=os.environ.get("LECTOR") or os.path.join(ROOT, ".build", "release", "lector"))
    parser.add_argument("--pipeline", default="entities | stance")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    path = os.path.join(FIXTURES, "articles.jsonl" if args.set == "test" else "dev-articles.jsonl")
    articles = [json.loads(line) for line in open(path, encoding="utf-8")]
    records = run_lector(args.lector, articles, args.pipeline)
    result = score(articles, records, details=args.details)
    print(f"{args.set} articles: {len(articles)}")
    for kind in ("country", "organisation"):
        p, r, f = result[kind]
        print(f"  {kind:<13} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    linked, total = result["people_linked"]
    print(f"  people        recall {result['people_recall']:.3f}  linked across articles {linked}/{total}")
    print(f"  stance        {result['stance']:.3f} of {result['stance_pairs']} (article, target) pairs")


if __name__ == "__main__":
    main()
