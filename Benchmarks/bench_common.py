"""What the entities, topics, keywords and news benchmarks share: the lector binary, the 20 MB
of news articles the sentiment benchmark builds, timing a one-core `lector analyze` run, and a
sample of the articles for slow peers."""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTOR = os.environ.get("LECTOR") or os.path.join(ROOT, ".build", "release", "lector")
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "data")


def news_articles(data, megabytes=20):
    """The path of the news articles (built on first use) and their records."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import sentiment_bench
    path = sentiment_bench.make_articles(data, megabytes)
    with open(path, encoding="utf-8") as handle:
        return path, [json.loads(line) for line in handle]


def size_mb(records):
    return sum(len(r["text"].encode("utf-8")) for r in records) / 1e6


def lector_seconds(path, pipeline):
    """Wall seconds of `lector analyze --threads 1` over a JSONL file, or None (with lector's
    message) when it fails."""
    start = time.perf_counter()
    result = subprocess.run([LECTOR, "analyze", "--threads", "1", "--input", "jsonl", "--no-text", "-p", pipeline, path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode:
        print(f"lector failed on `{pipeline}`: {result.stderr.strip()}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def require_lector():
    """Ends the benchmark with how to build lector when the binary is not there."""
    if not os.path.exists(LECTOR):
        sys.exit(f"{LECTOR} not found: swift build -c release --product lector (or set LECTOR)")


def step_speed(path, megabytes, step):
    """Times `langid` and `langid | STEP` over the articles and prints the table's first rows:
    the whole command's MB/s and the step's own share."""
    base, seconds = lector_seconds(path, "langid"), lector_seconds(path, f"langid | {step}")
    whole = f"{megabytes / seconds:.1f}" if seconds else "—"
    print(f"| | MB/s |\n|---|---|\n| `langid \\| {step}` | {whole} |")
    print(f"| `{step}`, its own share | {own_share(megabytes, seconds, base)} |")


def own_share(megabytes, seconds, base):
    """MB/s of a step alone: the run's time less that of a run without it; "—" when unknown."""
    return "—" if seconds is None or base is None or seconds <= base else f"{megabytes / (seconds - base):.1f}"


def sample(records, limit=2_000_000):
    """The first records, up to about `limit` bytes of text, and their size in bytes."""
    chosen, size = [], 0
    for record in records:
        if size > limit:
            break
        chosen.append(record)
        size += len(record["text"].encode("utf-8"))
    return chosen, size
