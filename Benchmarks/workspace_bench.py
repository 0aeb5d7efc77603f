#!/usr/bin/env python3
"""Workspaces: opening a saved workspace of N one-line documents and asking it questions, beside
sqlite3's command-line shell and DuckDB on the same rows.

    pip install -r Benchmarks/requirements-workspace.txt    # DuckDB (left out when missing)
    python3 Benchmarks/workspace_bench.py [DATA] [--documents N] [--quick] [--runs 5]
    # DATA defaults to ../shared/data; LECTOR=/path/to/lector overrides .build/release/lector

The corpus is N one-line documents (default 1,000,000; --quick: 20,000) drawn at random from the
NTREX sentences of ten languages in DATA/langid/*.ntrex.txt, written to
bench-data/workspace-lines-N.txt (kept for the next run).
1. Building: `lector bench-data/workspace-N.lector-db -c 'load FILE as lines; langid'`, once
   (wall seconds and peak resident memory of the process).
2. Each job is a fresh process on the saved workspace, median of --runs runs (wall seconds of the
   whole process, from spawning it to its exit; its own peak resident memory from
   /usr/bin/time -f %M, or os.wait4 when there is no /usr/bin/time):
   open to a ready prompt (`-c ''`), ls, where on a field, where on a number, count by, and the
   same questions as SQL (`sql SELECT ...`). "command" is Lector's own `set timer on` figure
   for the command alone, after the workspace is open; sqlite3's is `.timer on`.
3. Peers, on the same rows: the sqlite3 shell on Lector's own file (its generated `language`
   column and json_extract on the annotations) and on a plain table (seq, id, text, language,
   confidence) built from the same lines and the languages Lector found; DuckDB (Python module)
   on the same plain table in its own file. DuckDB's "command" is measured inside a child Python
   process: duckdb.connect plus the query and fetching its rows; its wall and memory are the
   whole child process (Python start-up and `import duckdb` included).
The targets are the issue's: a workspace of 1M documents open to a ready prompt in < 200 ms;
ls, where on a number and count by over 1M documents in < 300 ms; resident memory < 300 MB.
"""
import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402
from bench_common import DEFAULT_DATA, LECTOR, ROOT  # noqa: E402

BENCH = os.path.join(ROOT, "bench-data")
LANGUAGES = ("de", "en", "fr", "es", "it", "pt", "nl", "ru", "ar", "zh")
DASH = "—"
OPEN_TARGET, QUERY_TARGET, MEMORY_TARGET = 0.200, 0.300, 300
TIME = os.access("/usr/bin/time", os.X_OK)

DUCKDB_CHILD = r"""
import sys, time
import duckdb
start = time.perf_counter()
connection = duckdb.connect(sys.argv[1], read_only=True)
rows = connection.execute(sys.argv[2]).fetchall()
connection.close()
print(time.perf_counter() - start)
"""


def make_lines(data, count):
    path = os.path.join(BENCH, f"workspace-lines-{count}.txt")
    if os.path.exists(path):
        return path
    folder = os.path.join(data, "langid")
    sentences = []
    for code in LANGUAGES:
        name = os.path.join(folder, f"{code}.ntrex.txt")
        if os.path.exists(name):
            with open(name, encoding="utf-8") as f:
                sentences += [line.strip() for line in f if line.strip()]
    if not sentences:
        sys.exit(f"no NTREX sentences in {folder} (*.ntrex.txt): pass the shared data folder as DATA")
    os.makedirs(BENCH, exist_ok=True)
    rng = random.Random(13)
    with open(path + ".part", "w", encoding="utf-8") as f:
        for _ in range(count):
            f.write(rng.choice(sentences) + "\n")
    os.replace(path + ".part", path)
    return path


def run(command, stdin=None):
    """Runs a command; returns (wall seconds, peak RSS in MB, stdout, stderr, exit code). The
    output goes to files, not pipes, so that reading it cannot hold the process up.

    The peak comes from /usr/bin/time when there is one: os.wait4's ru_maxrss is not enough on
    its own, as a child that Python starts with vfork reports this (large) process's peak until
    it execs, so it never shows less than what the benchmark itself holds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as peak:
        wrapped = (["/usr/bin/time", "-f", "%M", "-o", peak.name] if TIME else []) + command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, stdin=subprocess.DEVNULL if stdin is None else stdin, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        memory = usage.ru_maxrss / 1024
        if TIME:
            # `time` writes "Command exited with non-zero status N" before the figure on a failure
            figures = peak.read().split()
            memory = int(figures[-1]) / 1024 if figures and figures[-1].isdigit() else float("nan")
        return (elapsed, memory, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), process.returncode)


def own_time(pattern, text, index):
    times = [float(t) for t in re.findall(pattern, text, re.M)]
    return times[index] if len(times) > index else None


class Job:
    """One row of the table: the medians of several runs."""

    def __init__(self, tool, job, what, target=None):
        self.tool, self.job, self.what, self.target = tool, job, what, target
        self.walls, self.commands, self.memory, self.failure = [], [], [], None

    def progress(self):
        print(f"  {self.tool}: {self.job}", file=sys.stderr, flush=True)
        return self

    def add(self, wall, memory, command=None):
        self.walls.append(wall)
        self.memory.append(memory)
        if command is not None:
            self.commands.append(command)

    def row(self):
        if self.failure:
            return f"| {self.tool} | {self.job} | {self.what} | failed: {self.failure} | | | |"
        wall = statistics.median(self.walls)
        command = statistics.median(self.commands) if self.commands else None
        memory = max(self.memory)
        target = DASH
        figure = command if command is not None else wall
        if self.target == "open":
            target = f"< {OPEN_TARGET * 1000:.0f} ms, {MEMORY_TARGET} MB: {mark(figure <= OPEN_TARGET and memory <= MEMORY_TARGET)}"
        elif self.target == "query":
            target = f"< {QUERY_TARGET * 1000:.0f} ms, {MEMORY_TARGET} MB: {mark(figure <= QUERY_TARGET and memory <= MEMORY_TARGET)}"
        elif self.target == "memory":
            target = f"< {MEMORY_TARGET} MB: {mark(memory <= MEMORY_TARGET)}"
        shown = f"{command:.3f}" if command is not None else DASH
        return f"| {self.tool} | {self.job} | {self.what} | {wall:.3f} | {shown} | {memory:.0f} | {target} |"


def mark(ok):
    return "yes" if ok else "**no**"


def md(text):
    return text.replace("|", "\\|")


def lector_jobs(workspace, runs):
    jobs = [
        ("open to a ready prompt", "", "open"),
        ("ls", "ls", "query"),
        ("where on a field", 'where language.code == "de"', None),
        ("where on a number", "where language.confidence > 0.9", "query"),
        ("count by", "count by language.code", "query"),
        ("sql: count by language", "sql SELECT language, count(*) FROM documents GROUP BY language", None),
        ("sql: where language = 'de'", "sql SELECT count(*) FROM documents WHERE language = 'de'", None),
    ]
    rows = []
    for name, command, target in jobs:
        job = Job("lector", name, f"`{md(command)}`" if command else "`-c ''`", target or "memory").progress()
        script = f"set timer on; {command}" if command else ""
        for _ in range(runs):
            wall, memory, out, err, code = run([LECTOR, workspace, "-c", script])
            if code:
                job.failure = f"exit {code}"
                print(f"lector failed on `{script}` (exit {code}):\n{err.strip()}", file=sys.stderr)
                break
            # `set timer on` prints the first time, the command the second
            job.add(wall, memory, own_time(r"^time: ([0-9.]+) s$", out, 1) if command else None)
        rows.append(job)
    return rows


def sqlite_jobs(label, database, queries, runs):
    rows = []
    for name, sql, target in queries:
        job = Job(label, name, f"`{md(sql)}`", target).progress()
        script = f".timer on\n.output /dev/null\n{sql};\n"
        for _ in range(runs):
            with tempfile.TemporaryFile() as stdin:
                stdin.write(script.encode())
                stdin.seek(0)
                wall, memory, out, err, code = run(["sqlite3", "-readonly", database], stdin=stdin)
            if code or "Error" in err:
                job.failure = f"exit {code}"
                print(f"sqlite3 failed on `{sql}`:\n{err.strip()}", file=sys.stderr)
                break
            job.add(wall, memory, own_time(r"Run Time: real ([0-9.]+)", out + err, 0))
        rows.append(job)
    return rows


def plain_sqlite(workspace, lines, count):
    """A plain table of the same lines with the languages Lector found, in its own file."""
    path = os.path.join(BENCH, f"workspace-plain-{count}.sqlite")
    if os.path.exists(path):
        os.remove(path)
    source = sqlite3.connect(f"file:{workspace}?mode=ro", uri=True)
    found = source.execute("SELECT language, json_extract(annotations, '$.language.confidence') FROM documents ORDER BY seq")
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE docs (seq INTEGER PRIMARY KEY, id TEXT, text TEXT, language TEXT, confidence REAL)")
    with open(lines, encoding="utf-8") as f:
        connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                               ((n, f"lines:{n}", text.rstrip("\n"), language, confidence)
                                for n, (text, (language, confidence)) in enumerate(zip(f, found), 1)))
    connection.commit()
    connection.close()
    source.close()
    return path


def duckdb_file(plain, count):
    """The plain table in a DuckDB file, through a tab-separated dump (no DuckDB extension needed)."""
    import duckdb
    path = os.path.join(BENCH, f"workspace-{count}.duckdb")
    dump = os.path.join(BENCH, f"workspace-plain-{count}.tsv")
    for name in (path, path + ".wal"):
        if os.path.exists(name):
            os.remove(name)
    source = sqlite3.connect(plain)
    with open(dump, "w", encoding="utf-8") as f:
        for seq, id_, text, language, confidence in source.execute("SELECT * FROM docs ORDER BY seq"):
            f.write(f"{seq}\t{id_}\t{language or ''}\t{'' if confidence is None else confidence}\t{text.replace(chr(9), ' ')}\n")
    source.close()
    connection = duckdb.connect(path)
    connection.execute(
        "CREATE TABLE docs AS SELECT * FROM read_csv(?, delim = '\t', quote = '', escape = '', header = false, "
        "columns = {'seq': 'BIGINT', 'id': 'VARCHAR', 'language': 'VARCHAR', 'confidence': 'DOUBLE', 'text': 'VARCHAR'})",
        [dump])
    rows = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
    connection.close()
    os.remove(dump)
    if rows != count:
        sys.exit(f"DuckDB read {rows} rows of {count} from the dump")
    return path


def duckdb_jobs(path, runs):
    queries = [
        ("open (connect, SELECT 1)", "SELECT 1", "open"),
        ("ls (first 50 rows)", "SELECT seq, id, language, length(text), substr(text, 1, 60) FROM docs ORDER BY seq LIMIT 50", "query"),
        ("where on a field (count)", "SELECT count(*) FROM docs WHERE language = 'de'", None),
        ("where on a number (count)", "SELECT count(*) FROM docs WHERE confidence > 0.9", "query"),
        ("count by language", "SELECT language, count(*) FROM docs GROUP BY language", "query"),
    ]
    rows = []
    for name, sql, target in queries:
        job = Job("DuckDB (Python)", name, f"`{md(sql)}`", target).progress()
        for _ in range(runs):
            wall, memory, out, err, code = run([sys.executable, "-c", DUCKDB_CHILD, path, sql])
            if code:
                job.failure = f"exit {code}"
                print(f"DuckDB failed on `{sql}`:\n{err.strip()}", file=sys.stderr)
                break
            job.add(wall, memory, float(out.split()[-1]))
        rows.append(job)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=DEFAULT_DATA)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 documents, for a smoke run")
    parser.add_argument("--runs", type=int, default=5, help="runs of each job (the median is shown)")
    parser.add_argument("--reuse", action="store_true", help="keep bench-data/workspace-N.lector-db when present")
    args = parser.parse_args()
    count = 20_000 if args.quick else args.documents
    bench_common.require_lector()

    lines = make_lines(args.data, count)
    workspace = os.path.join(BENCH, f"workspace-{count}.lector-db")
    print(f"{count:,} one-line documents ({os.path.getsize(lines) / 1e6:.1f} MB, NTREX sentences in "
          f"{len(LANGUAGES)} languages: {lines}); median of {args.runs} runs; {os.cpu_count()} cores\n", flush=True)

    build = None
    if not (args.reuse and os.path.exists(workspace)):
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(workspace + suffix):
                os.remove(workspace + suffix)
        script = f"set timer on; load {lines} as lines; langid"
        print(f"building: lector {workspace} -c '{script}'", file=sys.stderr, flush=True)
        wall, memory, out, err, code = run([LECTOR, workspace, "-c", script])
        if code:
            sys.exit(f"lector failed to build the workspace (exit {code}, {wall:.1f} s, {memory:.0f} MB):\n{err.strip()}")
        build = (wall, memory, own_time(r"^time: ([0-9.]+) s$", out, 1), own_time(r"^time: ([0-9.]+) s$", out, 2))
    print(f"workspace: {workspace} ({os.path.getsize(workspace) / 1e6:.0f} MB)\n", flush=True)

    jobs = lector_jobs(workspace, args.runs)
    if shutil.which("sqlite3"):
        own = [
            ("open (SELECT count(*))", "SELECT count(*) FROM documents", "open"),
            ("ls (first 50 rows)", "SELECT seq, id, language, length(text), substr(text, 1, 60) FROM documents ORDER BY seq LIMIT 50", "query"),
            ("where on a field (count)", "SELECT count(*) FROM documents WHERE language = 'de'", None),
            ("where on a number (count)", "SELECT count(*) FROM documents WHERE json_extract(annotations, '$.language.confidence') > 0.9", "query"),
            ("count by language", "SELECT language, count(*) FROM documents GROUP BY language", "query"),
        ]
        jobs += sqlite_jobs("sqlite3, Lector's file", workspace, own, args.runs)
        plain = plain_sqlite(workspace, lines, count)
        table = [(name, sql.replace("FROM documents", "FROM docs")
                  .replace("json_extract(annotations, '$.language.confidence')", "confidence"), target)
                 for name, sql, target in own]
        jobs += sqlite_jobs("sqlite3, plain table", plain, table, args.runs)
    else:
        plain = None
        print("left out: sqlite3 (not on PATH; apt-get install sqlite3)\n")
    try:
        import duckdb  # noqa: F401
    except ImportError:
        print("left out: DuckDB (pip install -r Benchmarks/requirements-workspace.txt)\n")
    else:
        if plain:
            jobs += duckdb_jobs(duckdb_file(plain, count), args.runs)
        else:
            print("left out: DuckDB (its table is built from sqlite3's)\n")

    print(f"| {count:,} documents | job | what runs | wall s | command s | peak RSS MB | target (1M documents) |")
    print("|---|---|---|---|---|---|---|")
    if build:
        wall, memory, load, langid = build
        parts = f"load {load:.1f} s, langid {langid:.1f} s" if load is not None and langid is not None else DASH
        print(f"| lector | build: load + langid, saved | `load FILE as lines; langid` | {wall:.2f} | {parts} | {memory:.0f} | "
              f"< {MEMORY_TARGET} MB: {mark(memory <= MEMORY_TARGET)} |")
    for job in jobs:
        print(job.row())
    print("\nwall s: the whole process, from spawning it to its exit (for lector: opening the workspace "
          "included). command s: lector's `set timer on` for the command alone; sqlite3's `.timer on`; "
          "DuckDB's duckdb.connect + query + fetch, timed inside a Python child that has imported duckdb "
          "(its wall and peak RSS are that whole child, Python included). Targets are checked on "
          "\"command s\" where there is one, and are the issue's figures for 1M documents.")
    if not TIME:
        print("peak RSS MB: os.wait4 without /usr/bin/time, so never less than this script's own peak (see run()).")


if __name__ == "__main__":
    main()
