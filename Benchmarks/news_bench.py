#!/usr/bin/env python3
"""The news pipelines end to end, one core, beside the Python stack a user would assemble.

    pip install -r Benchmarks/requirements-news.txt
    python3 Benchmarks/news_bench.py [DATA] [--megabytes N]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

Input: the news articles the sentiment benchmark builds from NTREX sentences in ten languages
(bench-data/sentiment-articles*.jsonl, 2–6 KB each).
1. `langid | structure | sentiment` through `lector analyze --threads 1`, beside the same jobs
   in Python: lingua (low-accuracy mode, all its languages) for the language, jusText (the
   text's lines as paragraphs, the detected language's stop list, English's when it has
   none) for the boilerplate, and VADER on each paragraph jusText keeps. The Python stack runs
   on a 2 MB sample (it is slow), Lector on all of it; both figures are MB/s of input.
2. The default news pipeline `langid | structure | ticker | entities | sentiment | stance |
   topics`, one core.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402

NEWS_PIPELINE = "langid | structure | ticker | entities | sentiment | stance | topics"


def lector_rate(path, pipeline, megabytes):
    seconds = bench_common.lector_seconds(path, pipeline)
    return megabytes / seconds if seconds else None


def python_stack(texts):
    try:
        import justext
        from lingua import LanguageDetectorBuilder
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as error:
        print(f"left out: the Python stack ({error.name} is not installed)", file=sys.stderr)
        return None
    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    vader = SentimentIntensityAnalyzer()
    stoplists = {name.lower(): name for name in justext.get_stoplists()}
    start = time.perf_counter()
    for text in texts:
        language = detector.detect_language_of(text)
        name = stoplists.get(language.name.lower(), "English") if language else "English"
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip()) + "</body></html>"
        paragraphs = [p.text for p in justext.justext(html.encode("utf-8"), justext.get_stoplist(name)) if not p.is_boilerplate]
        for paragraph in paragraphs:
            vader.polarity_scores(paragraph)
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6 / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=bench_common.DEFAULT_DATA)
    parser.add_argument("--megabytes", type=int, default=20)
    args = parser.parse_args()
    bench_common.require_lector()
    path, records = bench_common.news_articles(args.data, args.megabytes)
    megabytes = bench_common.size_mb(records)
    chosen, size = bench_common.sample(records)
    sample = [r["text"] for r in chosen]
    print(f"{megabytes:.0f} MB of news articles, one core\n")
    print("| | MB/s | against the Python stack |\n|---|---|---|")
    stack = python_stack(sample)
    lector = lector_rate(path, "langid | structure | sentiment", megabytes)
    ratio = f"{lector / stack:.0f}×" if lector and stack else "—"
    print(f"| Lector `langid \\| structure \\| sentiment` | {lector:.1f} | {ratio} |" if lector else "| Lector | — | — |")
    if stack:
        print(f"| lingua (low accuracy) + jusText + VADER, {size / 1e6:.0f} MB | {stack:.2f} | 1× |")
    news = lector_rate(path, NEWS_PIPELINE, megabytes)
    print(f"| Lector `{NEWS_PIPELINE.replace('|', chr(92) + '|')}` | {news:.1f} | |" if news else "| news pipeline | — | |")


if __name__ == "__main__":
    main()
