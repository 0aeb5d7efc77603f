#!/usr/bin/env python3
"""lector_spark's throughput against plain `lector analyze`, on this machine's cores.

    scripts/bundle                                      # the release bundle the Spark jobs ship
    python3 Benchmarks/spark_bench.py [--megabytes 1000] [--pipelines light,news]

Input: MEGABYTES of JSONL news articles in 16 files, made once in --work (default
/tmp/lector-spark-bench): the seed articles' ticker and page lines (../shared/seeds) around a
headline and a 2–6 KB body of NTREX sentences in one of ten languages (../shared/data/langid).
Each pipeline (`langid | structure | ticker`, and the default news pipeline of
Benchmarks/news_bench.py) runs three ways, records without their text (`--no-text`) to disk:

1. `lector analyze --threads 2` (the bundle's lector);
2. `spark-submit --master local[2] lector_spark --bundle BUNDLE`;
3. the same on a standalone cluster of two one-core workers on this machine
   (integrations/spark/tests/standalone.py), the master and workers started before timing.

Spark's fixed cost, the same job over one record, is timed on its own for each way and taken
off for the "net" rate. Prints a Markdown table (MB of JSONL input and documents per second,
in all and per core) and, from the cluster's net rate per core, an estimate for 100 GB on 20
nodes. Needs pyspark and Java; the standard library otherwise.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
PACKAGE = os.path.join(ROOT, "integrations", "spark")
sys.path.insert(0, os.path.join(PACKAGE, "tests"))

PIPELINES = {
    "light": "langid | structure | ticker",
    "news": "langid | structure | ticker | entities | sentiment | stance | topics",
}
LANGUAGES = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt", "ru"]
FILES = 16
CORES = 2


def make_articles(directory, megabytes):
    """FILES JSONL files of about MEGABYTES in all (kept: made again only when missing)."""
    os.makedirs(directory, exist_ok=True)
    paths = [os.path.join(directory, f"articles-{i:02d}.jsonl") for i in range(FILES)]
    if all(os.path.exists(p) for p in paths):
        return paths
    seeds = []
    for name in sorted(os.listdir(os.path.join(SHARED, "seeds"))):
        with open(os.path.join(SHARED, "seeds", name), encoding="utf-8") as handle:
            seeds.append([line.rstrip("\n") for line in handle if line.strip()])
    pools = {}
    for language in LANGUAGES:
        with open(os.path.join(SHARED, "data", "langid", f"{language}.ntrex.txt"), encoding="utf-8") as handle:
            pools[language] = [line.strip() for line in handle if line.strip()]
    rng = random.Random(18)
    per_file = megabytes * 1_000_000 // FILES
    number = 0
    for path in paths:
        written = 0
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            while written < per_file:
                page, language = rng.choice(seeds), rng.choice(LANGUAGES)
                pool = pools[language]
                body, size, target = [], 0, rng.randrange(2000, 6001)
                while size < target:
                    paragraph = " ".join(rng.choice(pool) for _ in range(rng.randrange(2, 6)))
                    body.append(paragraph)
                    size += len(paragraph.encode("utf-8")) + 1
                lines = page[:rng.randrange(0, 12)] + [rng.choice(pool)] + body + page[len(page) - rng.randrange(0, 5):]
                line = json.dumps({"id": f"a{number}", "text": "\n".join(lines)}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                number += 1
        os.replace(path + ".tmp", path)
    return paths


def count_records(path):
    """Lines in a file, or in a Spark output folder's part files."""
    files = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.startswith("part-")] if os.path.isdir(path) else [path]
    total = 0
    for name in files:
        with open(name, "rb") as handle:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return total


def timed(args, env, out, stdout=None):
    """Wall seconds of ARGS (which must succeed) and the records it wrote to OUT."""
    start = time.perf_counter()
    result = subprocess.run(args, env=env, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"failed ({result.returncode}): {' '.join(args)}\n{result.stderr[-4000:]}")
    return seconds, count_records(out)


def plain(work, lector, env, pipeline, inputs):
    out = os.path.join(work, "records.jsonl")
    with open(out, "w") as handle:
        return timed([lector, "analyze", "--threads", str(CORES), "--input", "jsonl", "--no-text", "-p", pipeline,
                      *inputs], env, out, stdout=handle)


def spark(work, master, bundle, env, pipeline, inputs):
    from standalone import spark_bin

    out = os.path.join(work, "records")
    return timed([spark_bin("spark-submit"), "--master", master, "--conf", "spark.ui.showConsoleProgress=false",
                  "--conf", "spark.executor.memory=768m", os.path.join(PACKAGE, "lector_spark", "__main__.py"),
                  "--bundle", bundle, "--lector-arg=--no-text", "-p", pipeline, *inputs, out], env, out)


def measure(way, run, names, inputs, one, scratch):
    """Times RUN(work, pipeline, inputs) for each pipeline: over one record (the fixed cost),
    then over INPUTS; returns rows (pipeline, way, seconds, fixed seconds, records)."""
    rows = []
    for name in names:
        pipeline = PIPELINES[name]
        times = []
        for files in ([one], inputs):
            work = tempfile.mkdtemp(prefix="out-", dir=scratch)
            before = load()
            times.append(run(work, pipeline, files))
            shutil.rmtree(work)
        (fixed, _), (seconds, records) = times
        print(f"{name}, {way}: {seconds:.1f} s, fixed {fixed:.1f} s, {records:,} records ({before} before, {load()} after)",
              file=sys.stderr)
        rows.append((pipeline, way, seconds, fixed, records))
    return rows


def load():
    return "load %.2f %.2f %.2f" % os.getloadavg()


def markdown(pipeline):
    return "`" + pipeline.replace("|", "\\|") + "`"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=1000, help="input size (default 1000: 1 GB)")
    parser.add_argument("--pipelines", default="light,news", help="of: " + ", ".join(PIPELINES))
    parser.add_argument("--bundle", default=os.path.join(ROOT, ".build", "lector-bundle.tar.gz"),
                        help="the lector bundle (scripts/bundle; default .build/lector-bundle.tar.gz)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "lector-spark-bench"),
                        help="where the articles are made and kept, and the records written (then removed)")
    parser.add_argument("--nodes", type=int, default=20, help="for the estimate (default 20)")
    parser.add_argument("--estimate-gb", type=int, default=100, help="for the estimate (default 100)")
    args = parser.parse_args()
    names = args.pipelines.split(",")
    unknown = [n for n in names if n not in PIPELINES]
    if unknown:
        parser.error(f"unknown pipeline {', '.join(unknown)}: choose from {', '.join(PIPELINES)}")
    if not os.path.isfile(args.bundle):
        sys.exit(f"no bundle at {args.bundle}: make one with scripts/bundle (or pass --bundle)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        sys.exit("pyspark is not installed: integrations/spark/install-deps (or pip install -r integrations/spark/requirements.txt)")
    from standalone import Cluster

    inputs = make_articles(os.path.join(args.work, f"articles-{args.megabytes}mb"), args.megabytes)
    megabytes = sum(os.path.getsize(p) for p in inputs) / 1e6
    one = os.path.join(args.work, "one-record.jsonl")
    with open(inputs[0], encoding="utf-8") as first, open(one, "w", encoding="utf-8") as out:
        out.write(first.readline())
    # only the bundle: no LECTOR anywhere, the executors run the shipped bundle
    env = {k: v for k, v in os.environ.items() if not k.startswith("LECTOR")}
    env.update(PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")

    scratch = tempfile.mkdtemp(prefix="run-", dir=args.work)
    try:
        lector = os.path.join(scratch, "lector-bundle")
        os.makedirs(lector)
        subprocess.run(["tar", "-xzf", args.bundle, "-C", lector], check=True)
        rows = measure("`lector analyze --threads 2`", lambda w, p, i: plain(w, f"{lector}/bin/lector", env, p, i),
                       names, inputs, one, scratch)
        rows += measure("Spark `local[2]`", lambda w, p, i: spark(w, f"local[{CORES}]", args.bundle, env, p, i),
                        names, inputs, one, scratch)
        os.makedirs(os.path.join(scratch, "cluster"))
        cluster = Cluster(os.path.join(scratch, "cluster"), env, workers=CORES, cores=1, memory="1g")
        try:
            rows += measure(f"Spark standalone, {CORES} workers × 1 core",
                            lambda w, p, i: spark(w, cluster.url, args.bundle, env, p, i), names, inputs, one, scratch)
        finally:
            stubborn = cluster.stop()
            if stubborn:
                print(f"warning: {', '.join(stubborn)} needed SIGKILL", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for pipeline in PIPELINES.values():
        counts = {records for p, _, _, _, records in rows if p == pipeline}
        if len(counts) > 1:
            print(f"warning: the runs of {pipeline} wrote different numbers of records: {sorted(counts)}", file=sys.stderr)
    print(f"\n{megabytes:,.0f} MB of JSONL, {rows[0][4]:,} articles, {CORES} cores; {load()} at the end\n")
    print("| pipeline | run | wall s | fixed s | MB/s | docs/s | MB/s per core | docs/s per core | net MB/s per core |")
    print("|---|---|---|---|---|---|---|---|---|")
    for pipeline, way, seconds, fixed, records in sorted(rows, key=lambda r: list(PIPELINES.values()).index(r[0])):
        net = megabytes / (seconds - fixed) / CORES
        print(f"| {markdown(pipeline)} | {way} | {seconds:.1f} | {fixed:.1f} | {megabytes / seconds:.1f} | {records / seconds:,.0f} "
              f"| {megabytes / seconds / CORES:.1f} | {records / seconds / CORES:,.0f} | {net:.1f} |")

    print(f"\nAn estimate, not a measurement: {args.estimate_gb} GB on {args.nodes} nodes at the standalone run's net "
          "rate per core, scaling linearly, the input read as fast as here, plus the fixed cost once:\n")
    print("| pipeline | net MB/s per core | 8 cores a node | 16 cores a node |")
    print("|---|---|---|---|")
    for pipeline, way, seconds, fixed, records in rows:
        if "standalone" in way:
            net = megabytes / (seconds - fixed) / CORES
            cells = [f"{(args.estimate_gb * 1000 / (net * args.nodes * cores) + fixed) / 60:.1f} min" for cores in (8, 16)]
            print(f"| {markdown(pipeline)} | {net:.1f} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
