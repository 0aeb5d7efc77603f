#!/usr/bin/env python3
"""Language identification: Lector beside its peers, on the same dev set.

    pip install lingua-language-detector pycld2 langdetect langid     # the peers (PyPI)
    python3 Scripts/langid/make_devset.py ../shared/data bench-data/langid-dev.tsv
    python3 Benchmarks/langid_bench.py bench-data/langid-dev.tsv [--quick] [--per-language]

Prints the mean accuracy over languages for single words, word pairs and sentences, and the
throughput on sentences (one core, items per second, the best of three runs), for every
detector that is installed; then Lector's start-up cost with the model and its peak memory.
A detector that answers "unknown" (or a language it does not support) counts as wrong.
Lector runs through `lector analyze --pipeline langid --threads 1` when it has that analyzer.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTOR = os.path.join(ROOT, ".build", "release", "lector")
ALIASES = {"iw": "he", "in": "id", "jw": "jv", "no": "nb", "zh-cn": "zh", "zh-tw": "zh", "zh-hant": "zh", "fil": "tl"}


def normal(code):
    code = (code or "und").lower()
    return ALIASES.get(code, code.split("-")[0] if code.startswith("zh") else code)


def peers():
    found = {}
    try:
        from lingua import LanguageDetectorBuilder
        high = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        low = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().with_preloaded_language_models().build()

        def lingua(detector):
            def detect(text):
                language = detector.detect_language_of(text)
                return language.iso_code_639_1.name if language else "und"
            return detect
        found["lingua high"] = lingua(high)
        found["lingua low"] = lingua(low)
    except ImportError:
        pass
    try:
        import pycld2

        def cld2(text):
            try:
                reliable, _, details = pycld2.detect(text)
                return details[0][1] if details and details[0][1] != "un" else "und"
            except pycld2.error:
                return "und"
        found["CLD2"] = cld2
    except ImportError:
        pass
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException
        DetectorFactory.seed = 0

        def langdetect(text):
            try:
                return detect(text)
            except LangDetectException:
                return "und"
        found["langdetect"] = langdetect
    except ImportError:
        pass
    try:
        import langid as langid_module
        found["langid"] = lambda text: langid_module.classify(text)[0]
    except ImportError:
        pass
    return found


def lector_available():
    if not os.path.exists(LECTOR):
        return False
    out = subprocess.run([LECTOR, "analyzers"], capture_output=True, text=True).stdout
    return any(line.startswith("langid ") for line in out.splitlines())


def run_lector(items, pipeline="langid"):
    records = "".join(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n" for i, (_, _, text) in enumerate(items))
    start = time.perf_counter()
    out = subprocess.run([LECTOR, "analyze", "-p", pipeline, "--input", "jsonl", "--no-text", "--threads", "1"],
                         input=records, capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - start
    answers = [json.loads(line).get("language", {}).get("code", "und") for line in out.splitlines()]
    return answers, elapsed


def best_time(run, budget=20.0, runs=3):
    """The shortest of up to `runs` timings (this machine is shared, so single runs vary by half),
    stopping early once `budget` seconds are spent."""
    times, spent = [], 0.0
    while len(times) < runs and spent < budget:
        elapsed = run()
        times.append(elapsed)
        spent += elapsed
    return min(times)


def lector_costs():
    """Start-up with the model (one sentence through langid, beside one through normalize, which
    loads none) and peak resident memory after touching every language's part of the model."""
    one = [("de", "sentence", "Ein kurzer Satz.")]
    load = best_time(lambda: run_lector(one)[1], runs=5) - best_time(lambda: run_lector(one, "normalize")[1], runs=5)
    samples, seen = [], set()
    with open(ARGS.devset, encoding="utf-8") as f:
        for line in f:
            language, kind, text = line.rstrip("\n").split("\t", 2)
            if kind == "sentence" and language not in seen:
                seen.add(language)
                samples.append((language, kind, text))
    # Measured from a small Python in between: a child forked from this process (holding the
    # peers' models) would report this process's memory as its own peak.
    records = "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for _, _, text in samples)
    probe = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); " \
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    peak = int(subprocess.run([sys.executable, "-c", probe, LECTOR, "analyze", "-p", "langid", "--input", "jsonl"],
                              input=records, capture_output=True, text=True, check=True).stdout)
    print(f"  lector start-up with the model: {1000 * load:+.0f} ms over normalize; "
          f"peak memory with every language: {peak / 1024:.0f} MB")


def evaluate(name, answers, items, elapsed_sentences, count_sentences, per_language):
    correct = collections.defaultdict(lambda: [0, 0])
    for (language, kind, _), answer in zip(items, answers):
        cell = correct[(language, kind)]
        cell[0] += normal(answer) == language
        cell[1] += 1
    row = [name]
    for kind in ("word", "pair", "sentence"):
        rates = [c / n for (lang, k), (c, n) in correct.items() if k == kind and n]
        row.append(f"{100 * sum(rates) / len(rates):5.1f}%" if rates else "   n/a")
    row.append(f"{count_sentences / elapsed_sentences:10,.0f}" if elapsed_sentences else "       n/a")
    print(f"  {row[0]:<14} {row[1]:>8} {row[2]:>8} {row[3]:>9} {row[4]:>12}")
    if per_language:
        weak = sorted((c / n, lang) for (lang, k), (c, n) in correct.items() if k == "sentence" and n and c / n < 0.8)
        if weak:
            print("      sentences under 80%: " + ", ".join(f"{lang} {100 * r:.0f}%" for r, lang in weak))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("devset")
    parser.add_argument("--quick", action="store_true", help="at most 100 items of each kind per language")
    parser.add_argument("--per-language", action="store_true", help="list languages under 80% on sentences")
    parser.add_argument("--detectors", help="comma-separated names to run (default: all installed), e.g. lector,CLD2")
    args = parser.parse_args()
    global ARGS
    ARGS = args
    items, seen = [], collections.Counter()
    with open(args.devset, encoding="utf-8") as f:
        for line in f:
            language, kind, text = line.rstrip("\n").split("\t", 2)
            seen[(language, kind)] += 1
            if not args.quick or seen[(language, kind)] <= 100:
                items.append((language, kind, text))
    sentences = [item for item in items if item[1] == "sentence"]
    languages = len({item[0] for item in items})
    print(f"{len(items):,} items, {languages} languages ({len(sentences):,} sentences)\n")
    print(f"  {'detector':<14} {'words':>8} {'pairs':>8} {'sentences':>9} {'sentences/s':>12}")
    wanted = set(args.detectors.split(",")) if args.detectors else None
    if lector_available() and (wanted is None or "lector" in wanted):
        answers, _ = run_lector(items)
        elapsed = best_time(lambda: run_lector(sentences)[1])
        evaluate("lector", answers, items, elapsed, len(sentences), args.per_language)
    for name, detect in peers().items():
        if wanted is not None and name not in wanted:
            continue
        answers = [detect(text) for _, _, text in items]

        def timed():
            start = time.perf_counter()
            for _, _, text in sentences:
                detect(text)
            return time.perf_counter() - start
        evaluate(name, answers, items, best_time(timed), len(sentences), args.per_language)
    if lector_available() and (wanted is None or "lector" in wanted):
        print()
        lector_costs()


if __name__ == "__main__":
    main()
