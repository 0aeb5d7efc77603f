#!/usr/bin/env python3
"""Sentiment: Lector beside lexicon and trained CPU peers, on the same data in the same run.

    pip install -r Benchmarks/requirements-sentiment.txt       # the peers (PyPI), optional
    python3 Benchmarks/sentiment_bench.py [DATA] [--languages ar,de,...] [--megabytes 20]
                                          [--skip-accuracy] [--skip-speed]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

1. Accuracy: macro-F1 and accuracy on the VAL split of DATA/sentiment/<lang>.val.jsonl (UMSAB
   tweets for ar de en es fr hi it pt, Hebrew Facebook comments for he; three labels) for
   a majority-class baseline (the train split's most frequent label); VADER (English lexicon,
   run on every language as the peers table does; compound >= 0.05 positive, <= -0.05
   negative, else neutral); TextBlob (textblob-de on de, textblob-fr on fr; polarity > 0
   positive, < 0 negative, 0 neutral, TextBlob's usual reading); TF-IDF + logistic regression
   (scikit-learn: word 1-2 and char_wb 2-5 n-grams, sublinear tf, C=1, class_weight balanced,
   fixed in advance, never tuned on val) and fastText supervised (lr 0.5, 25 epochs,
   wordNgrams 2, char n-grams 2-5, one thread), both trained on that language's train split
   only; and Lector twice: `lector evaluate --pipeline 'langid | sentiment'` (the shipped
   analyzer) and the engine alone (`lector train --data TRAIN --val VAL`, then `lector
   evaluate --pipeline 'classify model=...'`; note that Lector is handed val, to choose C
   from four values and calibrate, where the peers never see it: its val figures are
   optimistic by that choice, the shipped models' too). `*` marks the best CPU peer per language (the
   baseline is not a peer); then the best peer and Lector's margin over it, in F1 points.
1b. News, another genre than any training text: accuracy of the document label on the news
   articles written for Lector's tests (Tests/Fixtures/sentiment/articles.jsonl, nothing tuned
   on it; dev-articles.jsonl, which Lector's article constants were chosen on), in the
   languages above, every peer reading each article whole with its language's model.
2. Training speed: bench-data/sent-train-20k.jsonl (all nine train splits concatenated and
   cycled to 20,000 lines); wall seconds of `lector train` beside scikit-learn's vectorize +
   fit and fastText's train on the same texts (peers on one core).
3. Throughput on article-sized text: bench-data/sentiment-articles.jsonl (~20 MB of 2-6 KB
   articles, one language each, from the NTREX news sentences of ar de en es fr he hi it pt
   ru in DATA/langid/). `lector analyze --threads 1 --input jsonl --no-text` with
   'langid | sentiment', 'langid' alone (sentiment's own MB/s is derived from the difference)
   and 'classify model=bench-data/sent-20k.model'; the peers (VADER per article, the 20k
   TF-IDF+LR pipeline's predict including vectorizing, the 20k fastText model's predict) on
   one core over the first --peer-megabytes. MB of UTF-8 text per second; Lector is the best
   of up to three runs.
4. Model size: Sources/LectorAnalyzers/Models/sentiment*, the 20k models (Lector's and the
   peers'), and the wall time of `lector analyze -p 'langid | sentiment'` on one tiny
   document (a rough load-time figure) beside `-p langid` alone.

A peer that is not installed is left out with a message; when `lector` is missing or one of
its commands fails, the error is printed once and Lector's cells show "—". The machine may be
shared: timings are wall clock.
"""
import argparse
import collections
import itertools
import json
import os
import pickle
import random
import subprocess
import sys
import time

# The peers run on one core: keep numpy / BLAS from starting thread pools.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTOR = os.environ.get("LECTOR") or os.path.join(ROOT, ".build", "release", "lector")
BENCH = os.path.join(ROOT, "bench-data")
MODELS = os.path.join(ROOT, "Sources", "LectorAnalyzers", "Models")
LANGUAGES = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt"]
ARTICLE_LANGUAGES = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt", "ru"]

# Lector's side: the pipelines and the field `lector evaluate` compares with the gold label.
PIPELINE = "langid | sentiment"
PIPELINE_FIELD = "sentiment.label"
ENGINE_PIPELINE = "classify model={model}"
ENGINE_FIELD = "classes.0.label"
LECTOR_ANALYZE = ["analyze", "--threads", "1", "--input", "jsonl", "--no-text"]

# The peers' settings, fixed in advance (not tuned on val).
VADER_THRESHOLD = 0.05
TEXTBLOB_THRESHOLD = 0.0
LR_C = 1.0
LR_CLASS_WEIGHT = "balanced"
FASTTEXT = dict(lr=0.5, epoch=25, wordNgrams=2, minn=2, maxn=5, dim=100, thread=1, verbose=0)
TRAIN_LINES = 20_000
DASH = "—"


# ---------------------------------------------------------------- data

def read_split(data, language, split):
    rows = []
    with open(split_path(data, language, split), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                rows.append((record["text"], record["label"]))
    return rows


def split_path(data, language, split):
    return os.path.join(data, "sentiment", f"{language}.{split}.jsonl")


def make_train_20k(data):
    path = os.path.join(BENCH, "sent-train-20k.jsonl")
    if os.path.exists(path):
        return path
    os.makedirs(BENCH, exist_ok=True)
    lines = []
    for language in LANGUAGES:
        with open(split_path(data, language, "train"), encoding="utf-8") as f:
            lines.extend(line.strip() for line in f if line.strip())
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        for line in itertools.islice(itertools.cycle(lines), TRAIN_LINES):
            out.write(line + "\n")
    os.replace(path + ".tmp", path)
    return path


def make_articles(data, megabytes):
    name = "sentiment-articles.jsonl" if megabytes == 20 else f"sentiment-articles-{megabytes}mb.jsonl"
    path = os.path.join(BENCH, name)
    if os.path.exists(path):
        return path
    os.makedirs(BENCH, exist_ok=True)
    rng = random.Random(7)
    pools = {}
    for language in ARTICLE_LANGUAGES:
        with open(os.path.join(data, "langid", f"{language}.ntrex.txt"), encoding="utf-8") as f:
            pools[language] = [line.strip() for line in f if line.strip()]
    written, number = 0, 0
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        while written < megabytes * 1_000_000:
            language = rng.choice(ARTICLE_LANGUAGES)
            pool, target = pools[language], rng.randrange(2000, 6001)
            paragraphs, size = [], 0
            while size < target:
                paragraph = " ".join(rng.choice(pool) for _ in range(rng.randrange(2, 6)))
                paragraphs.append(paragraph)
                size += len(paragraph.encode("utf-8")) + 1
            text = "\n".join(paragraphs)
            out.write(json.dumps({"id": str(number), "language": language, "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            number += 1
    os.replace(path + ".tmp", path)
    return path


def fasttext_line(text):
    return " ".join(text.lower().split())


def write_fasttext(rows, path):
    with open(path, "w", encoding="utf-8") as out:
        for text, label in rows:
            out.write(f"__label__{label} {fasttext_line(text)}\n")


# ---------------------------------------------------------------- scores

def scores(gold, predicted):
    """(macro-F1, accuracy) over the labels seen in gold or predictions, as scikit-learn's
    f1_score(average='macro') counts them."""
    labels = sorted(set(gold) | set(predicted))
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    return sum(f1s) / len(f1s), accuracy


def vader_label(compound):
    """VADER's own convention: compound >= 0.05 positive, <= -0.05 negative, else neutral."""
    return "positive" if compound >= VADER_THRESHOLD else "negative" if compound <= -VADER_THRESHOLD else "neutral"


def textblob_label(polarity):
    """TextBlob's usual reading: the sign of the polarity, 0 neutral."""
    return "positive" if polarity > TEXTBLOB_THRESHOLD else "negative" if polarity < -TEXTBLOB_THRESHOLD else "neutral"


# ---------------------------------------------------------------- peers

def tfidf_lr():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    return make_pipeline(
        make_union(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        LogisticRegression(C=LR_C, class_weight=LR_CLASS_WEIGHT, max_iter=1000))


def vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    return lambda text: vader_label(analyzer.polarity_scores(text)["compound"])


def textblob_de():
    # textblob-de 0.4.3 imports textblob.compat and textblob.translate, which TextBlob 0.18+
    # removed; stand in for the two names it uses. Its default sentence splitter needs NLTK's
    # punkt data, so use its own pattern tokenizer (polarity is computed on the raw text).
    import types
    try:
        import textblob.compat  # noqa: F401
    except ImportError:
        def with_metaclass(meta, *bases):
            class metaclass(meta):
                def __new__(cls, name, this_bases, d):
                    return meta(name, bases, d)
            return type.__new__(metaclass, "temporary_class", (), {})
        compat = types.ModuleType("textblob.compat")
        compat.with_metaclass, compat.basestring, compat.unicode, compat.PY2 = with_metaclass, str, str, False
        sys.modules["textblob.compat"] = compat
    try:
        import textblob.translate  # noqa: F401
    except ImportError:
        translate = types.ModuleType("textblob.translate")
        translate.Translator = type("Translator", (), {})
        sys.modules["textblob.translate"] = translate
    from textblob_de import PatternTokenizer, TextBlobDE
    tokenizer = PatternTokenizer()
    return lambda text: textblob_label(TextBlobDE(text, tokenizer=tokenizer).sentiment.polarity)


def textblob_fr():
    from textblob import Blobber
    from textblob_fr import PatternAnalyzer, PatternTagger
    blobber = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())
    return lambda text: textblob_label(blobber(text).sentiment[0])


def train_fasttext(path):
    import fasttext
    return fasttext.train_supervised(input=path, **FASTTEXT)


def fasttext_predict(model, text):
    # The binding's own call: fasttext(-wheel) 0.9.2's model.predict() breaks under numpy 2
    # (np.array(..., copy=False)); this is the call it wraps, minus that conversion.
    (probability, label), = model.f.predict(fasttext_line(text) + "\n", 1, 0.0, "strict")
    return label[len("__label__"):]


def fasttext_predictor(model):
    return lambda text: fasttext_predict(model, text)


def peer_systems():
    """name -> function(language, train rows) returning a text -> label function, or None
    when the peer does not cover the language. Peers that are not installed are reported."""
    systems = {}

    def majority(language, train):
        label = collections.Counter(label for _, label in train).most_common(1)[0][0]
        return lambda text: label
    systems["majority"] = majority
    try:
        predict = vader()
        systems["VADER"] = lambda language, train: predict
    except ImportError:
        print("  VADER not installed (pip install vaderSentiment)")
    blobs = {}
    for language, make, package in (("de", textblob_de, "textblob-de"), ("fr", textblob_fr, "textblob-fr")):
        try:
            blobs[language] = make()
        except Exception as error:  # ImportError, or textblob-de's imports on a newer TextBlob
            print(f"  TextBlob for {language} unavailable (pip install {package}): {error}")
    if blobs:
        systems["TextBlob"] = lambda language, train: blobs.get(language)
    try:
        tfidf_lr()

        def sklearn_lr(language, train):
            pipeline = tfidf_lr()
            pipeline.fit([t for t, _ in train], [l for _, l in train])
            return lambda text: pipeline.predict([text])[0]
        systems["TF-IDF+LR"] = sklearn_lr
    except ImportError:
        print("  scikit-learn not installed (pip install scikit-learn)")
    try:
        import fasttext  # noqa: F401

        def fast_text(language, train):
            path = os.path.join(BENCH, f"sent-ft-{language}.train.txt")
            write_fasttext(train, path)
            return fasttext_predictor(train_fasttext(path))
        systems["fastText"] = fast_text
    except ImportError:
        print("  fastText not installed (pip install fasttext-wheel)")
    return systems


# ---------------------------------------------------------------- lector

PROBLEMS = collections.OrderedDict()


def problem(message, context):
    PROBLEMS.setdefault(message, []).append(context)


def report_problems():
    for message, contexts in PROBLEMS.items():
        print(f"  Lector failed ({', '.join(contexts)}): {message}")
    PROBLEMS.clear()


def lector(arguments, stdin=None, stdout=subprocess.PIPE):
    """(stdout or None, error message or None, wall seconds)."""
    start = time.perf_counter()
    try:
        result = subprocess.run([LECTOR] + arguments, input=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        return None, f"cannot run {LECTOR}: {error}", 0.0
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        lines = [line for line in (result.stderr or "").splitlines() if line.strip()]
        return None, f"exit {result.returncode}: {lines[0] if lines else 'no message'}", elapsed
    return result.stdout, None, elapsed


def lector_evaluate(pipeline, data_file, field, context):
    out, error, _ = lector(["evaluate", "--pipeline", pipeline, "--data", data_file, "--field", field, "--output", "json"])
    if error:
        problem(error, context)
        return None
    try:
        report = json.loads(out)
        # Scored here from the confusion matrix, as the peers are (scikit-learn's macro-F1 over
        # gold and predicted labels: an "und" answer counts as a class of F1 0), not with
        # Lector's own macro-F1, which averages over the gold labels only.
        confusion = report["confusion"]
        gold, predicted = [], []
        for truth, row in zip(confusion["labels"], confusion["matrix"]):
            for guess, count in zip(confusion["predicted"], row):
                gold += [truth] * count
                predicted += [guess] * count
        macro_f1, accuracy = scores(gold, predicted)
        return macro_f1, accuracy, int(report.get("documents", 0))
    except (ValueError, KeyError, TypeError) as error:
        problem(f"unreadable evaluate output ({error}): {out[:120]!r}", context)
        return None


def best_time(run, budget=30.0, runs=3):
    """The shortest of up to `runs` timings, stopping once `budget` seconds are spent; None if a
    run fails."""
    times, spent = [], 0.0
    while len(times) < runs and spent < budget:
        elapsed = run()
        if elapsed is None:
            return None
        times.append(elapsed)
        spent += elapsed
    return min(times)


# ---------------------------------------------------------------- 1. accuracy

def accuracy_part(data, languages):
    print("1. Accuracy on the val splits (macro-F1; accuracy below)\n")
    systems = peer_systems()
    columns = list(systems) + ["Lector", "Lector eng."]
    peers = [name for name in systems if name != "majority"]
    f1 = collections.defaultdict(dict)
    accuracy = collections.defaultdict(dict)
    predictors = collections.defaultdict(dict)
    for language in languages:
        train, val = read_split(data, language, "train"), read_split(data, language, "val")
        gold = [label for _, label in val]
        for name, make in systems.items():
            predict = make(language, train)
            if predict is not None:
                predictors[language][name] = predict
                f1[language][name], accuracy[language][name] = scores(gold, [predict(text) for text, _ in val])
        val_file = split_path(data, language, "val")
        result = lector_evaluate(PIPELINE, val_file, PIPELINE_FIELD, f"evaluate {language}")
        if result:
            f1[language]["Lector"], accuracy[language]["Lector"] = result[:2]
            if result[2] and result[2] != len(val):
                print(f"  note: Lector evaluated {result[2]} documents of {language}, the file has {len(val)}")
        model = os.path.join(BENCH, f"sent-{language}.model")
        _, error, _ = lector(["train", "--data", split_path(data, language, "train"), "--val", val_file, "--out", model])
        if error:
            problem(error, f"train {language}")
        else:
            result = lector_evaluate(ENGINE_PIPELINE.format(model=model), val_file, ENGINE_FIELD, f"classify {language}")
            if result:
                f1[language]["Lector eng."], accuracy[language]["Lector eng."] = result[:2]
        print(f"  {language}: {len(train):,} train, {len(val):,} val", file=sys.stderr)
    report_problems()

    width = max(len(c) for c in columns) + 2
    for title, table, mark in (("macro-F1", f1, True), ("accuracy", accuracy, False)):
        print(f"\n  {title:<8}" + "".join(f"{c:>{width}}" for c in columns))
        rows = [(language, table[language]) for language in languages]
        means = {c: sum(table[l][c] for l in languages) / len(languages)
                 for c in columns if all(c in table[l] for l in languages)}
        for language, row in rows + [("mean", means)]:
            best = max((row[p] for p in peers if p in row), default=None)
            cells = []
            for c in columns:
                if c not in row:
                    cells.append(f"{DASH:>{width}}")
                else:
                    star = "*" if mark and language != "mean" and c in peers and row[c] == best else " "
                    cells.append(f"{row[c]:>{width - 1}.3f}{star}")
            print(f"  {language:<8}" + "".join(cells))
    print("\n  * best CPU peer for the language. Means only over systems that cover every language"
          "\n    (TextBlob: de and fr only). VADER is an English lexicon.")

    print("\n  best peer per language, and Lector's margin over it (macro-F1 points)")
    print(f"  {'':<8}{'best peer':<12}{'F1':>7}{'Lector':>9}{'margin':>8}{'engine':>9}{'margin':>8}")
    for language in languages + ["mean"]:
        row = {c: sum(f1[l][c] for l in languages) / len(languages) for c in columns
               if all(c in f1[l] for l in languages)} if language == "mean" else f1[language]
        candidates = [(row[p], p) for p in peers if p in row]  # on "mean": the best single peer
        if not candidates:
            continue
        score, name = max(candidates)
        cells = []
        for column in ("Lector", "Lector eng."):
            if column in row:
                cells.append(f"{row[column]:>9.3f}{100 * (row[column] - score):>+8.1f}")
            else:
                cells.append(f"{DASH:>9}{DASH:>8}")
        print(f"  {language:<8}{name:<12}{score:>7.3f}" + "".join(cells))
    news_part(predictors, languages, columns)


def news_part(predictors, languages, columns):
    """Another genre than the training text: the news articles written for Lector's tests
    (Tests/Fixtures/sentiment/articles.jsonl, the test set nothing was tuned on, and
    dev-articles.jsonl, which Lector's article constants were chosen on), in the languages the
    peers were trained for here. Each peer reads an article whole with the model of the
    article's language (a peer without one answers neutral); Lector runs `langid | sentiment`."""
    print("\n1b. News articles written for testing (another genre; accuracy of the document label)\n")
    print(f"  {'':<20}" + "".join(f"{c:>14}" for c in columns if c != "Lector eng."))
    for name in ("articles", "dev-articles"):
        path = os.path.join(ROOT, "Tests", "Fixtures", "sentiment", f"{name}.jsonl")
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        rows = [r for r in rows if r["language"] in languages]
        gold = [r["expected"] for r in rows]
        cells = []
        for column in columns:
            if column == "Lector eng.":
                continue
            if column == "Lector":
                subset = os.path.join(BENCH, f"news-{name}.jsonl")
                with open(subset, "w", encoding="utf-8") as out:
                    for r in rows:
                        out.write(json.dumps({"text": r["text"], "label": r["expected"]}, ensure_ascii=False) + "\n")
                result = lector_evaluate(PIPELINE, subset, PIPELINE_FIELD, f"evaluate {name}")
                cells.append(f"{result[1]:>14.3f}" if result else f"{DASH:>14}")
                continue
            predicted = [predictors[r["language"]][column](r["text"]) if column in predictors[r["language"]] else "neutral" for r in rows]
            cells.append(f"{scores(gold, predicted)[1]:>14.3f}")
        print(f"  {name + f' ({len(rows)})':<20}" + "".join(cells))
    report_problems()


# ---------------------------------------------------------------- 2. training speed

def training_part(data):
    print("\n2. Training speed on 20,000 texts (bench-data/sent-train-20k.jsonl)\n")
    path = make_train_20k(data)
    rows = [(r["text"], r["label"]) for r in map(json.loads, open(path, encoding="utf-8"))]
    models = {}
    out_model = os.path.join(BENCH, "sent-20k.model")
    _, error, lector_seconds = lector(["train", "--data", path, "--out", out_model])
    if error:
        problem(error, "train 20k")
        lector_seconds = None
    report_problems()
    timings = [("lector train", lector_seconds)]
    try:
        pipeline = tfidf_lr()
        start = time.perf_counter()
        pipeline.fit([t for t, _ in rows], [l for _, l in rows])
        timings.append(("TF-IDF+LR vectorize + fit", time.perf_counter() - start))
        models["sklearn"] = pipeline
    except ImportError:
        print("  scikit-learn not installed (pip install scikit-learn)")
    try:
        import fasttext  # noqa: F401
        ft_path = os.path.join(BENCH, "sent-train-20k.fasttext.txt")
        write_fasttext(rows, ft_path)
        start = time.perf_counter()
        models["fasttext"] = train_fasttext(ft_path)
        timings.append(("fastText train (1 thread)", time.perf_counter() - start))
    except ImportError:
        print("  fastText not installed (pip install fasttext-wheel)")
    print(f"  {'':<28}{'seconds':>9}{'÷ lector':>10}")
    for name, seconds in timings:
        shown = f"{seconds:9.2f}" if seconds is not None else f"{DASH:>9}"
        ratio = f"{seconds / lector_seconds:9.1f}x" if seconds is not None and lector_seconds else f"{DASH:>10}"
        print(f"  {name:<28}{shown}{ratio if name != 'lector train' else ''}")
    return models


# ---------------------------------------------------------------- 3. throughput

def throughput_part(data, megabytes, peer_megabytes, models):
    path = make_articles(data, megabytes)
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    total = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\n3. Throughput on articles ({os.path.relpath(path, ROOT)}: {len(texts):,} articles, "
          f"{total:.1f} MB, {len(ARTICLE_LANGUAGES)} languages), one core\n")
    print(f"  {'':<52}{'MB/s':>8}")

    def run(pipeline):
        def once():
            _, error, elapsed = lector(LECTOR_ANALYZE + ["-p", pipeline, path], stdout=subprocess.DEVNULL)
            if error:
                problem(error, f"analyze -p '{pipeline}'")
                return None
            return elapsed
        return once
    seconds = {}
    for pipeline in (PIPELINE, "langid", ENGINE_PIPELINE.format(model="bench-data/sent-20k.model")):
        pipeline_arg = pipeline.replace("bench-data/", BENCH + "/")
        seconds[pipeline] = best_time(run(pipeline_arg))
        shown = f"{total / seconds[pipeline]:8.1f}" if seconds[pipeline] else f"{DASH:>8}"
        print(f"  {'lector ' + pipeline:<52}{shown}")
    both, alone = seconds[PIPELINE], seconds["langid"]
    if both and alone:
        derived = f"{total / (both - alone):8.1f}" if both > alone else "     n/a (within noise)"
    else:
        derived = f"{DASH:>8}"
    print(f"  {'  sentiment alone (the difference)':<52}{derived}")
    report_problems()

    sample, size = [], 0
    for text in texts:
        if size >= peer_megabytes * 1e6:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    megabytes_sample = size / 1e6

    def peer(name, work):
        start = time.perf_counter()
        work()
        print(f"  {name + f' (first {megabytes_sample:.1f} MB)':<52}{megabytes_sample / (time.perf_counter() - start):8.1f}")
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        analyzer = SentimentIntensityAnalyzer()
        peer("VADER polarity_scores", lambda: [analyzer.polarity_scores(t) for t in sample])
    except ImportError:
        print("  VADER not installed (pip install vaderSentiment)")
    if "sklearn" in models:
        peer("TF-IDF+LR 20k predict", lambda: models["sklearn"].predict(sample))
    if "fasttext" in models:
        model = models["fasttext"]
        peer("fastText 20k predict", lambda: [fasttext_predict(model, t) for t in sample])


# ---------------------------------------------------------------- 4. size and load

def human(size):
    return f"{size / 1e6:.2f} MB" if size >= 1e5 else f"{size / 1e3:.1f} KB"


def size_part(models, timing):
    print("\n4. Model size and load time\n")
    shipped = sorted(name for name in os.listdir(MODELS) if name.startswith("sentiment")) if os.path.isdir(MODELS) else []
    for name in shipped:
        print(f"  {os.path.relpath(os.path.join(MODELS, name), ROOT):<52}{human(os.path.getsize(os.path.join(MODELS, name))):>10}")
    if not shipped:
        print(f"  no sentiment* files in {os.path.relpath(MODELS, ROOT)} yet")
    engine = os.path.join(BENCH, "sent-20k.model")
    if os.path.exists(engine):
        print(f"  {'bench-data/sent-20k.model (lector train)':<52}{human(os.path.getsize(engine)):>10}")
    try:
        import vaderSentiment
        lexicon = os.path.join(os.path.dirname(vaderSentiment.__file__), "vader_lexicon.txt")
        print(f"  {'VADER lexicon':<52}{human(os.path.getsize(lexicon)):>10}")
    except (ImportError, OSError):
        pass
    if "sklearn" in models:
        print(f"  {'TF-IDF+LR 20k (pickled)':<52}{human(len(pickle.dumps(models['sklearn']))):>10}")
    if "fasttext" in models:
        path = os.path.join(BENCH, "sent-20k.fasttext.bin")
        models["fasttext"].save_model(path)
        print(f"  {'fastText 20k (.bin; 2M hash buckets, the default)':<52}{human(os.path.getsize(path)):>10}")
        os.remove(path)
    if not timing:
        return
    tiny = json.dumps({"text": "What a lovely day!"}) + "\n"

    def once(pipeline):
        def run():
            _, error, elapsed = lector(["analyze", "-p", pipeline, "--input", "jsonl", "--threads", "1"], stdin=tiny)
            if error:
                problem(error, f"analyze -p '{pipeline}' (one document)")
                return None
            return elapsed
        return run
    both = best_time(once(PIPELINE), runs=5)
    alone = best_time(once("langid"), runs=5)
    show = lambda s: f"{1000 * s:.0f} ms" if s else DASH  # noqa: E731
    print(f"\n  lector analyze -p '{PIPELINE}', one tiny document: {show(both)} "
          f"(langid alone {show(alone)}" + (f", difference {1000 * (both - alone):+.0f} ms)" if both and alone else ")"))
    report_problems()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated, of " + ",".join(LANGUAGES))
    parser.add_argument("--megabytes", type=int, default=20, help="size of the article corpus (default 20)")
    parser.add_argument("--peer-megabytes", type=float, default=2, help="how much of it the peers read (default 2)")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-speed", action="store_true", help="skip training speed, throughput and load time")
    args = parser.parse_args()
    languages = [l.strip() for l in args.languages.split(",") if l.strip()]
    unknown = [l for l in languages if l not in LANGUAGES]
    if unknown:
        parser.error(f"no sentiment data for {', '.join(unknown)} (have {', '.join(LANGUAGES)})")
    os.makedirs(BENCH, exist_ok=True)
    if not os.path.exists(LECTOR):
        print(f"lector not found at {LECTOR} (build it, or set LECTOR); its cells show {DASH}\n")
    started = time.perf_counter()
    if not args.skip_accuracy:
        accuracy_part(args.data, languages)
    models = {}
    if not args.skip_speed:
        models = training_part(args.data)
        throughput_part(args.data, args.megabytes, args.peer_megabytes, models)
    size_part(models, timing=not args.skip_speed)
    print(f"\n({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
