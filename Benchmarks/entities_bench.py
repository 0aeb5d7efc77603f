#!/usr/bin/env python3
"""Entities and stance: accuracy on the articles written for Lector, speed on 20 MB of news
text, and what the gazetteer costs to load, beside peers in the same run.

    pip install -r Benchmarks/requirements-entities.txt   # the peers
    python3 Benchmarks/entities_bench.py [DATA]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

1. Accuracy on Tests/Fixtures/entities/ (test: 48 articles, dev: 24; 12 languages; expected
   results fixed before the analyzers ran; Lector's constants were chosen on dev only):
   countries and organisations (micro P/R/F1 of the ids per article), people recall, and
   stance per (article, target). Peers for countries: a dictionary of CLDR's country names in
   the same 12 languages matched whole-word and case-insensitively with FlashText (what a
   gazetteer without inflection, clitics or demonyms finds), and GeoText (English names).
   Peers for stance: every target neutral (the majority), and every target given the label
   of the document's sentiment (Lector's own `sentiment`: positive → favor).
2. Speed on one core: `lector analyze --threads 1 --input jsonl --no-text` with `entities`,
   `stance` (which runs langid and entities itself) and `langid | entities | stance`, over the
   20 MB of 2–6 KB NTREX articles in ten languages that the sentiment benchmark builds
   (bench-data/sentiment-articles.jsonl); the analyzers' own share subtracts the time of a
   run whose one step changes nothing (normalize with every option off: reading, parsing and
   writing the records). FlashText (with the CLDR dictionary above) and GeoText over the
   same texts, in Python.
3. Loading: the wall time and peak resident memory of `lector analyze -p entities` and
   `-p stance` on one short document, beside `-p stats` (which loads nothing): median of 5.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402
from bench_common import LECTOR, ROOT  # noqa: E402

FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "entities")
LANGUAGES = ["ar", "de", "en", "es", "fa", "fr", "he", "it", "pt", "ru", "tr", "uk"]
DASH = "—"
NO_OP = "normalize form=none line-endings=false zero-width=false bidi=false tatweel=false"
import entities_score  # noqa: E402


def lector_records(articles, pipeline):
    try:
        return entities_score.run_lector(LECTOR, articles, pipeline)
    except SystemExit as error:
        print(f"lector: {error}", file=sys.stderr)
        return None


def cldr_dictionary():
    """FlashText over CLDR's country names in the fixture languages, or None."""
    try:
        import babel
        import pycountry
        from flashtext import KeywordProcessor
    except ImportError as error:
        print(f"left out: the CLDR dictionary peer ({error.name} is not installed)", file=sys.stderr)
        return None
    class Boundaries(set):
        """Letters and digits of every script are inside words (FlashText knows ASCII only)."""
        def __contains__(self, char):
            return char.isalnum() or char == "_"

    codes = {c.alpha_2 for c in pycountry.countries}
    processor = KeywordProcessor(case_sensitive=False)
    processor.non_word_boundaries = Boundaries()
    for language in LANGUAGES:
        for code, name in babel.Locale(language).territories.items():
            if code in codes:
                processor.add_keyword(name, code)
    return processor


def geotext():
    try:
        from geotext import GeoText
    except ImportError:
        print("left out: GeoText (not installed)", file=sys.stderr)
        return None
    return GeoText


def peer_records(articles, kind, peer):
    records = []
    for article in articles:
        if kind == "cldr":
            ids = peer.extract_keywords(article["text"])
        else:
            ids = list(peer(article["text"]).country_mentions)
        records.append({"entities": [{"id": i, "type": "country", "text": ""} for i in ids]})
    return records


def accuracy(data):
    print("1. Accuracy on the articles written for Lector")
    dictionary, geo = cldr_dictionary(), geotext()
    rows = []
    for name, file in (("test", "articles.jsonl"), ("dev", "dev-articles.jsonl")):
        articles = [json.loads(line) for line in open(os.path.join(FIXTURES, file), encoding="utf-8")]
        lector = lector_records(articles, "entities | stance")
        sentiment = lector_records(articles, "langid | sentiment")
        result = entities_score.score(articles, lector) if lector else None
        def cell(value):
            return DASH if value is None else f"{value:.3f}"
        country = [cell(result["country"][2] if result else None)]
        for peer, kind in ((dictionary, "cldr"), (geo, "geo")):
            country.append(cell(entities_score.score(articles, peer_records(articles, kind, peer))["country"][2]) if peer else DASH)
        neutral = entities_score.score(articles, [{"stance": []} for _ in articles])["stance"]
        by_sentiment = None
        if sentiment:
            label = {"positive": "favor", "negative": "against"}
            records = [{"stance": [{"target": t, "label": label.get(r.get("sentiment", {}).get("label"), "neutral")} for t in a["stance"]]}
                       for a, r in zip(articles, sentiment)]
            by_sentiment = entities_score.score(articles, records)["stance"]
        linked = result["people_linked"] if result else (0, 0)
        rows.append((name, len(articles), country, cell(result["organisation"][2] if result else None),
                     cell(result["people_recall"] if result else None), f"{linked[0]}/{linked[1]}",
                     cell(result["stance"] if result else None), cell(neutral), cell(by_sentiment)))
    print("| set | articles | countries F1: Lector | CLDR dictionary | GeoText | organisations F1 | people recall | linked | stance: Lector | all neutral | document sentiment |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, count, country, organisation, people, linked, stance, neutral, by_sentiment in rows:
        print(f"| {name} | {count} | **{country[0]}** | {country[1]} | {country[2]} | {organisation} | {people} | {linked} | **{stance}** | {neutral} | {by_sentiment} |")


def speed(data):
    print("\n2. Speed, one core, 20 MB of news articles in ten languages")
    path, records = bench_common.news_articles(data)
    texts = [r["text"] for r in records]
    megabytes = bench_common.size_mb(records)
    rows = []
    # Reading and writing the records alone: a step that looks at nothing.
    base = bench_common.lector_seconds(path, NO_OP)
    for pipeline in ("entities", "entities people=false", "stance", "langid | entities | stance"):
        seconds = bench_common.lector_seconds(path, pipeline)
        whole = DASH if seconds is None else f"{megabytes / seconds:.1f}"
        rows.append((f"lector `{pipeline}`", whole, bench_common.own_share(megabytes, seconds, base)))
    dictionary, geo = cldr_dictionary(), geotext()
    if dictionary:
        start = time.perf_counter()
        for text in texts:
            dictionary.extract_keywords(text)
        rows.append(("FlashText, CLDR country names", f"{megabytes / (time.perf_counter() - start):.1f}", ""))
    if geo:
        start = time.perf_counter()
        for text in texts:
            geo(text)
        rows.append(("GeoText", f"{megabytes / (time.perf_counter() - start):.1f}", ""))
    print(f"| {megabytes:.1f} MB | MB/s, whole command | MB/s, the analyzers' own share |\n|---|---|---|")
    for name, whole, own in rows:
        print(f"| {name} | {whole} | {own} |")


def loading():
    print("\n3. Loading (one short document; median of 5)")
    document = json.dumps({"text": "Azerbaijan and Morocco ratified a defence agreement."}) + "\n"
    print("| pipeline | wall ms | peak RSS MB |\n|---|---|---|")
    for pipeline in ("stats", "entities", "stance"):
        walls, memory = [], []
        for _ in range(5):
            start = time.perf_counter()
            result = subprocess.run(["/usr/bin/time", "-f", "%M", LECTOR, "analyze", "--input", "jsonl", "-p", pipeline],
                                    input=document, capture_output=True, text=True)
            walls.append((time.perf_counter() - start) * 1000)
            try:
                memory.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
            except (ValueError, IndexError):
                pass
        rss = f"{statistics.median(memory):.0f}" if memory else DASH
        print(f"| `{pipeline}` | {statistics.median(walls):.0f} | {rss} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=bench_common.DEFAULT_DATA)
    parser.add_argument("--only", choices=["accuracy", "speed", "loading"])
    args = parser.parse_args()
    bench_common.require_lector()
    if args.only in (None, "accuracy"):
        accuracy(args.data)
    if args.only in (None, "speed"):
        speed(args.data)
    if args.only in (None, "loading"):
        loading()


if __name__ == "__main__":
    main()
