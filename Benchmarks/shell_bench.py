#!/usr/bin/env python3
"""Lector shell benchmark: start-up to a ready prompt, and ls / where on 100,000 documents,
beside sqlite3's command-line shell doing the same on the same rows.

    python3 Benchmarks/shell_bench.py [--no-build]

Start-up is measured on a pseudo-terminal from spawning the program to its prompt appearing
(best of 10). The 100,000 documents are one-line texts analysed with `stats`; Lector's own
`set timer on` times each command (rendering included), sqlite3's `.timer on` times the
equivalent SELECT.
"""
import argparse
import os
import pty
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import time

from core_bench import DATA, LECTOR, ROOT, make_lines


def time_to_prompt(command, prompt, runs=10):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["LECTOR_HISTORY"] = os.path.join(DATA, "bench-history")
            os.execvp(command[0], command)
        seen = b""
        while prompt not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                sys.exit(f"no prompt from {command}")
            seen += os.read(fd, 4096)
        best = min(best, time.perf_counter() - start)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return best


def lector_timings(lines):
    commands = [
        f"load {lines} as lines", "stats", "set timer on",
        "ls", "where stats.words > 8", "reset", 'where text contains "99" and stats.words >= 8',
    ]
    out = subprocess.run([LECTOR, "-c", "; ".join(commands)], capture_output=True, text=True, check=True).stdout
    times = [float(t) for t in re.findall(r"^time: ([0-9.]+) s$", out, re.M)]
    # set, ls, where, reset, where
    return {"ls": times[1], "where (number)": times[2], "where (contains and number)": times[4]}


def sqlite_timings(lines):
    database = os.path.join(DATA, "shell-bench.sqlite")
    if os.path.exists(database):
        os.remove(database)
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE docs (id TEXT, text TEXT, words INTEGER)")
    with open(lines, encoding="utf-8") as f:
        connection.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                               ((f"lines:{n}", t.rstrip("\n"), len(t.split())) for n, t in enumerate(f, 1)))
    connection.commit()
    connection.close()
    script = "\n".join([
        ".timer on", ".output /dev/null",
        "SELECT rowid, id, length(text), substr(text, 1, 60) FROM docs LIMIT 50;",
        "CREATE TEMP TABLE v1 AS SELECT rowid FROM docs WHERE words > 8;",
        "CREATE TEMP TABLE v2 AS SELECT rowid FROM docs WHERE lower(text) LIKE '%99%' AND words >= 8;",
    ])
    out = subprocess.run(["sqlite3", database], input=script, capture_output=True, text=True, check=True)
    times = [float(t) for t in re.findall(r"Run Time: real ([0-9.]+)", out.stdout + out.stderr)]
    return {"ls": times[0], "where (number)": times[1], "where (contains and number)": times[2]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "lector"], cwd=ROOT, check=True)
    os.makedirs(DATA, exist_ok=True)
    has_sqlite = shutil.which("sqlite3") is not None

    print("Start-up to a ready prompt (best of 10, on a pseudo-terminal; target < 50 ms)")
    print(f"  {'lector':<12} {time_to_prompt([LECTOR], b'lector> ') * 1000:7.1f} ms")
    if has_sqlite:
        print(f"  {'sqlite3':<12} {time_to_prompt(['sqlite3'], b'sqlite> ') * 1000:7.1f} ms")
    print(f"  {'python3 -i':<12} {time_to_prompt([sys.executable, '-q', '-i'], b'>>> ') * 1000:7.1f} ms")

    lines = make_lines(100_000)
    print("\nOn 100,000 loaded documents (target < 100 ms)")
    lector = lector_timings(lines)
    peer = sqlite_timings(lines) if has_sqlite else {}
    print(f"  {'command':<30} {'lector':>10} {'sqlite3':>10}")
    for name, seconds in lector.items():
        other = f"{peer[name] * 1000:8.1f} ms" if name in peer else "       n/a"
        print(f"  {name:<30} {seconds * 1000:7.1f} ms {other}")
    if not has_sqlite:
        print("  (sqlite3 is not installed: apt-get install sqlite3 for the peer)")


if __name__ == "__main__":
    main()
