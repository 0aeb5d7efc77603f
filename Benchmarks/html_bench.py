#!/usr/bin/env python3
"""Article extraction from real web pages: `lector analyze --input html -p structure` beside
trafilatura on the same pages, in the same run, scored with the shingle F1 (html_score.py).

    pip install -r Benchmarks/requirements-html.txt     # trafilatura (PyPI), optional
    swift build -c release --product lector
    python3 Benchmarks/html_bench.py [--data ../shared/data/html-articles] [--repeat 3]
    python3 Benchmarks/html_bench.py --memory [--megabytes 50]    # peak memory on a huge page

Two sets of pages, each scored on its own: html-articles (below) and "own pages",
Tests/Fixtures/html-own (13 news pages written for Lector: Hebrew, Arabic, Persian, Chinese,
Japanese, Korean, German, Russian, English; tickers, legacy encodings), whose ground-truth.json
has the same form plus the headline in `title`. The own pages are scored on the whole article,
headline and body (the marked title and body; Lector's `structure.title` and body; trafilatura's
metadata title and its text), with the body alone (html-articles' rule) on the line below; the
table also counts the titles found exactly and lists each page's precision and recall.

The pages are ../shared/data/html-articles/html/*.html.gz (181 real article pages, the bytes as
served, gzip-compressed) with ground-truth.json's article bodies. Lector's article is
`structure.title` plus `structure.body`, the body's paragraphs in page order; "all page text"
is the record's `text` (every visible line the HTML reader gives), the floor any extractor
should beat. Lector runs once over the folder on one worker thread (`--threads 1`: process
start, reading, gunzip, decoding, parsing and `structure`); trafilatura reads each page's
bytes (gunzipped in the timed loop too) with `extract(include_comments=False)` on one core.
Throughput is MB of uncompressed HTML, and pages, per second of wall time.

`--memory` writes two pages of about 50 MB to a temporary folder (a real page whose article
and furniture are repeated, and a page that is one 50 MB text node in a `<p>`) and prints the
peak resident memory (/usr/bin/time's %M), wall time and characters of article out of `lector
analyze --threads 1 --input html -p structure` and of trafilatura's extract() in a fresh
Python process on each, beside what each takes on a 2 KB page.
"""
import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import LECTOR, ROOT, require_lector  # noqa: E402
from html_score import score  # noqa: E402


OWN = os.path.join(ROOT, "Tests", "Fixtures", "html-own")


def load_truth(data):
    with open(os.path.join(data, "ground-truth.json"), encoding="utf-8") as handle:
        return {page: entry.get("articleBody") or "" for page, entry in json.load(handle).items()}


def load_titles(data):
    """{page: headline} where the ground truth has one (the own pages do)."""
    with open(os.path.join(data, "ground-truth.json"), encoding="utf-8") as handle:
        return {page: entry["title"] for page, entry in json.load(handle).items() if entry.get("title")}


def same_title(found, wanted):
    def norm(text):
        return re.sub(r"\s+", " ", text or "").strip()
    return norm(found) == norm(wanted)


def page_files(data):
    folder = os.path.join(data, "html")
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith((".html.gz", ".html")))


def page_id(path):
    name = os.path.basename(path)
    for suffix in (".html.gz", ".html"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def run_lector(files, pipeline, threads=1):
    """({page: record}, seconds) of one `lector analyze --input html` over the files."""
    command = [LECTOR, "analyze", "--threads", str(threads), "--input", "html", "-p", pipeline] + files
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"lector failed: {result.stderr.strip()[:2000]}")
    records = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        records[page_id(record["source"])] = record
    return records, seconds


def lector_article(record):
    structure = record.get("structure") or {}
    parts = ([structure["title"]] if structure.get("title") else []) + list(structure.get("body") or [])
    return "\n".join(parts)


def read_page(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def run_trafilatura(files):
    """({page: text}, seconds), or (None, None) when trafilatura is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None, None
    texts = {}
    start = time.perf_counter()
    for path in files:
        texts[page_id(path)] = trafilatura.extract(read_page(path), include_comments=False) or ""
    return texts, time.perf_counter() - start


def trafilatura_titles(files):
    """{page: title} from trafilatura's metadata (outside the timed loop)."""
    import trafilatura
    from trafilatura.utils import load_html
    titles = {}
    for path in files:
        tree = load_html(read_page(path))
        metadata = trafilatura.extract_metadata(tree) if tree is not None else None
        titles[page_id(path)] = (metadata.title if metadata else None) or ""
    return titles


def html_megabytes(files):
    total = 0
    for path in files:
        with open(path, "rb") as handle:
            raw = handle.read()
        total += len(gzip.decompress(raw)) if raw[:2] == b"\x1f\x8b" else len(raw)
    return total / 1e6


def bench_set(label, data, args):
    """Scores and speeds of Lector and trafilatura on one set of pages; prints its table."""
    truth = load_truth(data)
    titles = load_titles(data)
    files = [path for path in page_files(data) if page_id(path) in truth]
    megabytes = html_megabytes(files)
    print(f"\n{label}: {len(files)} pages, {megabytes:.1f} MB of HTML ({os.path.relpath(data, ROOT)})")

    rows = []
    best = None
    for _ in range(args.repeat):
        records, seconds = run_lector(files, "structure")
        best = seconds if best is None else min(best, seconds)
    articles = {page: lector_article(record) for page, record in records.items()}
    found_titles = {"lector structure": {p: (r.get("structure") or {}).get("title") or "" for p, r in records.items()}}
    rows.append(("lector structure", score(articles, truth), best))
    reads = None
    for _ in range(args.repeat):
        _, seconds = run_lector(files, "stats")
        reads = seconds if reads is None else min(reads, seconds)
    rows.append(("all page text (lector html)", score({p: r.get("text", "") for p, r in records.items()}, truth), reads))

    peer, peer_seconds = None, None
    for _ in range(0 if args.no_peer else args.repeat):
        texts, seconds = run_trafilatura(files)
        if texts is None:
            print("trafilatura is not installed: pip install -r Benchmarks/requirements-html.txt", file=sys.stderr)
            break
        peer = texts
        peer_seconds = seconds if peer_seconds is None else min(peer_seconds, seconds)
    peer_name = None
    if peer is not None:
        import trafilatura
        peer_name = f"trafilatura {getattr(trafilatura, '__version__', '?')}"
        rows.append((peer_name, score(peer, truth), peer_seconds))
        if titles:
            found_titles[peer_name] = trafilatura_titles(files)

    title_column = bool(titles)
    body_only = None
    if titles:
        # The whole article: the marked headline and body, each extractor's title and text.
        body_only = {name: result for name, result, _ in rows}
        truth = {page: (titles.get(page, "") + "\n\n" + body).strip() for page, body in truth.items()}
        extractions = {"lector structure": articles, "all page text (lector html)": {p: r.get("text", "") for p, r in records.items()}}
        if peer is not None:
            extractions[peer_name] = {page: (found_titles[peer_name].get(page, "") + "\n" + text).strip() for page, text in peer.items()}
        rows = [(name, score(extractions[name], truth), seconds) for name, _, seconds in rows]
        articles = extractions["lector structure"]
        peer = extractions.get(peer_name)
    print(f"{'extractor':<30} {'F1':>6} {'prec.':>6} {'recall':>6} {'pages/s':>8} {'MB/s':>6}" + ("  titles" if title_column else ""))
    for name, result, seconds in rows:
        speed = f"{len(files) / seconds:8.1f} {megabytes / seconds:6.2f}" if seconds else f"{'—':>8} {'—':>6}"
        line = f"{name:<30} {result['f1']:6.3f} {result['precision']:6.3f} {result['recall']:6.3f} {speed}"
        if title_column and name in found_titles:
            right = sum(same_title(found_titles[name].get(page), wanted) for page, wanted in titles.items())
            line += f"  {right}/{len(titles)}"
        print(line)
    if body_only:
        print("body only (html-articles' rule): " + ", ".join(f"{name} F1 {result['f1']:.3f} (P {result['precision']:.3f}, "
                                                              f"R {result['recall']:.3f})" for name, result in body_only.items()))
    if titles:
        from html_score import page_scores
        print(f"  {'page':<28} {'lector P/R':>11} {'trafil. P/R':>11}  lector title")
        for page, marked in sorted(truth.items()):
            lp, lr = page_scores(articles.get(page, ""), marked)
            tp, tr = page_scores(peer.get(page, ""), marked) if peer else (0, 0)
            title = found_titles["lector structure"].get(page, "")
            mark = "=" if same_title(title, titles.get(page)) else "≠"
            print(f"  {page:<28} {lp:5.2f}/{lr:4.2f} {tp:5.2f}/{tr:4.2f}  {mark} {title[:50]}")
    return {"label": label, "rows": rows, "truth": truth, "articles": articles, "peer": peer, "files": files}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "html-articles"))
    parser.add_argument("--own", default=OWN, help="the own pages (ground-truth.json and html/)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each (the fastest is reported)")
    parser.add_argument("--json", help="also write the scores and speeds here")
    parser.add_argument("--per-page", help="write each html-articles page's Lector and trafilatura F1 to this TSV")
    parser.add_argument("--no-peer", action="store_true", help="Lector only (while developing)")
    parser.add_argument("--memory", action="store_true", help="peak memory of each on two ~50 MB pages instead")
    parser.add_argument("--megabytes", type=int, default=50, help="size of the --memory pages")
    args = parser.parse_args()
    require_lector()
    if args.memory:
        return memory(args)
    results = []
    if os.path.isdir(args.data):
        results.append(bench_set("html-articles", args.data, args))
    else:
        print(f"{args.data} is not there: html-articles skipped", file=sys.stderr)
    results.append(bench_set("own pages", args.own, args))
    print("(lector: one process over all pages, --threads 1, start-up included; the second row's time is "
          "`-p stats`, reading and parsing; trafilatura: extract() per page, one core)")
    first = results[0]
    if args.per_page and first["label"] == "html-articles":
        from html_score import page_scores
        peer = first["peer"]
        with open(args.per_page, "w", encoding="utf-8") as out:
            out.write("page\tlector_p\tlector_r\ttrafilatura_p\ttrafilatura_r\n")
            for page, marked in sorted(first["truth"].items()):
                lp, lr = page_scores(first["articles"].get(page, ""), marked)
                tp, tr = page_scores(peer.get(page, ""), marked) if peer else (0, 0)
                out.write(f"{page}\t{lp:.3f}\t{lr:.3f}\t{tp:.3f}\t{tr:.3f}\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({result["label"]: {name: dict(scores, seconds=seconds) for name, scores, seconds in result["rows"]}
                       for result in results}, out, indent=2)


def peak(command):
    """(peak resident MB, wall seconds, exit status, stdout) of one child process. Through
    /usr/bin/time when it is there: a child forked from this process would count this process's
    own memory at the fork in its ru_maxrss; else the child's ru_maxrss through wait4."""
    timed = os.path.exists("/usr/bin/time")
    report = tempfile.NamedTemporaryFile(prefix="lector-time-", delete=False)
    report.close()
    if timed:
        command = ["/usr/bin/time", "-f", "%M", "-o", report.name] + command
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output, errors = child.communicate()
    seconds = time.perf_counter() - start
    if timed:
        with open(report.name) as handle:
            kilobytes = int(handle.read().split()[-1])
    else:
        kilobytes = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    os.remove(report.name)
    if child.returncode:
        print(f"  {os.path.basename(command[0])} exited {child.returncode}: {errors.decode('utf-8', 'replace')[:300]}", file=sys.stderr)
    return kilobytes / 1024, seconds, child.returncode, output


def make_memory_pages(folder, megabytes):
    """A real page with its body repeated to `megabytes`, and one 50 MB text node; and a small page."""
    template = read_page(os.path.join(OWN, "html", "en-ferry-ticker.html")).decode("utf-8")
    head, rest = template.split("<body>", 1)
    body, tail = rest.split("</body>", 1)
    copies = megabytes * 1_000_000 // len(body.encode("utf-8")) + 1
    pages = {}
    pages["small (en-ferry-ticker)"] = os.path.join(OWN, "html", "en-ferry-ticker.html")
    repeated = os.path.join(folder, "repeated.html")
    with open(repeated, "w", encoding="utf-8") as out:
        out.write(head + "<body>")
        for _ in range(copies):
            out.write(body)
        out.write("</body>" + tail)
    pages[f"body repeated x{copies}"] = repeated
    words = ("the ferry left the harbour at seven with ninety passengers and freight for the islands "
             "while crews voted on a new pay deal after six weeks ").split()
    node = os.path.join(folder, "one-text-node.html")
    with open(node, "w", encoding="utf-8") as out:
        out.write("<!DOCTYPE html><html><head><title>One text node</title></head><body><p>")
        sentence = " ".join(words) + ". "
        block = sentence * (1_000_000 // len(sentence))
        for _ in range(megabytes):
            out.write(block)
        out.write("</p></body></html>")
    pages["one text node"] = node
    return pages


def memory(args):
    folder = tempfile.mkdtemp(prefix="lector-html-memory-")
    try:
        pages = make_memory_pages(folder, args.megabytes)
        have_peer = not args.no_peer
        if have_peer:
            try:
                import trafilatura  # noqa: F401
            except ImportError:
                have_peer = False
        peer_script = ("import sys, trafilatura; raw = open(sys.argv[1], 'rb').read(); "
                       "text = trafilatura.extract(raw, include_comments=False) or ''; print(len(text))")
        print(f"{'page':<26} {'MB':>5}  {'lector MB':>9} {'s':>6} {'chars out':>10}  {'trafilatura MB':>14} {'s':>6} {'chars out':>10}")
        for name, path in pages.items():
            size = os.path.getsize(path) / 1e6
            lector = peak([LECTOR, "analyze", "--threads", "1", "--input", "html", "-p", "structure", path])
            characters = 0
            for line in lector[3].decode("utf-8").splitlines():
                characters += len(lector_article(json.loads(line)))
            line = f"{name:<26} {size:5.1f}  {lector[0]:9.0f} {lector[1]:6.1f} {characters:10d}" + (" (failed)" if lector[2] else "")
            if have_peer:
                peer = peak([sys.executable, "-c", peer_script, path])
                out = peer[3].decode().strip() or "0"
                line += f"  {peer[0]:14.0f} {peer[1]:6.1f} {int(out):10d}" + (" (failed)" if peer[2] else "")
            print(line, flush=True)
        if have_peer:
            baseline = peak([sys.executable, "-c", "import trafilatura"])
            print(f"(python3 importing trafilatura alone: {baseline[0]:.0f} MB; peak resident memory of each process "
                  "(/usr/bin/time's %M); chars out: the article's characters, Lector's structure title and body; one run each)")
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


if __name__ == "__main__":
    main()
