"""Streams one partition's documents through a `lector analyze` process.

Runs on the executors; needs nothing but the standard library.
"""

import json
import os
import re
import shutil
import subprocess
import threading

# Where a bundle (scripts/bundle) shipped with `--archives lector-bundle.tar.gz#lector-bundle` is
# unpacked: Spark unpacks archives (--archives, SparkContext.addArchive) under the name after
# '#' into its files directory, SparkFiles.getRootDirectory(): a cluster executor's working
# directory, a temporary directory in local mode. LECTOR_SPARK_BUNDLE names another directory.
# The bundle's launcher is BUNDLE/bin/lector.
BUNDLE_DIR = "lector-bundle"
BUNDLE_LAUNCHER = os.path.join("bin", "lector")

STDERR_LIMIT = 64 * 1024


class LectorError(RuntimeError):
    """A lector process failed: its exit status and its own message (standard error)."""


def bundle_directories(env):
    """Where a shipped bundle may be: $LECTOR_SPARK_BUNDLE, else lector-bundle in the working
    directory and in Spark's files directory."""
    if env.get("LECTOR_SPARK_BUNDLE"):
        return [env["LECTOR_SPARK_BUNDLE"]]
    places = [BUNDLE_DIR]
    try:
        from pyspark import SparkFiles

        places.append(os.path.join(SparkFiles.getRootDirectory(), BUNDLE_DIR))
    except Exception:  # noqa: BLE001 - not in a Spark task (no pyspark, or no SparkFiles set up)
        pass
    return places


def find_lector(env=None):
    """The lector to run: $LECTOR, else the shipped bundle, else lector on PATH."""
    env = os.environ if env is None else env
    explicit = env.get("LECTOR")
    if explicit:
        return explicit
    for bundle in bundle_directories(env):
        launcher = os.path.join(bundle, BUNDLE_LAUNCHER)
        if os.path.isfile(launcher) and os.access(launcher, os.X_OK):
            return os.path.abspath(launcher)
    found = shutil.which("lector", path=env.get("PATH"))
    if found:
        return found
    raise LectorError(
        "lector not found: set LECTOR to its path, ship a bundle as "
        f"--archives BUNDLE.tar.gz#{BUNDLE_DIR}, or put lector on PATH"
    )


def command(lector, pipeline, threads=1, extra_args=()):
    args = [lector, "analyze", "--input", "jsonl", "--output", "jsonl", "-p", pipeline]
    if threads:
        args += ["--threads", str(threads)]
    return args + list(extra_args)


def _tail(data):
    text = data.decode("utf-8", "replace").strip()
    return text if len(text) < STDERR_LIMIT else "...\n" + text[-STDERR_LIMIT:]


_HEAD = re.compile(r'\{"id":(?:"(?:[^"\\]|\\.)*"|[-0-9.eE+]+),"source":"stdin:([0-9]+)"(,"parent":)?')


def _with_source(line, source_of_document):
    """lector's record (bytes) as str, with its real source in place of stdin:N, and whether
    it is a document's own record (True) or a child document's (False: it has a parent).

    A document's record says stdin:N, N its line of lector's input (each document goes as one
    line): it gets the document's source. A child document (one per headline with `ticker
    explode=true`) says stdin:N+LINE-1, LINE its line in the parent's text: it gets
    PARENT_SOURCE:LINE, as a plain run gives. The record is spliced, not parsed and written again."""
    text = line.decode("utf-8").rstrip("\r\n")
    head = _HEAD.match(text)
    if head:
        number, child = int(head.group(1)), head.group(2) is not None
        source = source_of_document(number, child)
        start, end = head.span(1)
        return text[:start - len("stdin:")] + json.dumps(source, ensure_ascii=False)[1:-1] + text[end:], not child
    record = json.loads(text)
    child = "parent" in record
    old = str(record.get("source", ""))
    number = int(old[len("stdin:"):]) if old.startswith("stdin:") and old[6:].isdigit() else 0
    record["source"] = source_of_document(number, child)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")), not child


def run_partition(documents, pipeline, env_overrides=None, threads=1, extra_args=()):
    """Yields lector's output records (JSON lines, str) for `documents`, in input order.

    `documents` is an iterable of (source, document dict). The document goes to lector as
    one JSON line; each output record gets `source` back (lector would say stdin:N).
    `env_overrides` are set on top of this process's environment (None removes a variable).
    Raises LectorError with lector's standard error when the process exits non-zero or
    writes a different number of records than it was given.
    """
    env = dict(os.environ)
    env.update(env_overrides or {})
    env = {name: value for name, value in env.items() if value is not None}
    lector = find_lector(env)
    args = command(lector, pipeline, threads, extra_args)
    try:
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
    except OSError as error:
        raise LectorError(f"could not start {' '.join(args)}: {error}") from error

    sources = []  # appended by the writer before each line is sent, read by the reader
    lock = threading.Lock()
    write_error = []
    stderr_chunks = []

    def write():
        try:
            for source, document in documents:
                line = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
                with lock:
                    sources.append(source)
                proc.stdin.write(line)
        except BrokenPipeError:
            pass  # lector stopped reading; its exit status and stderr say why
        except BaseException as error:  # noqa: BLE001 - reported from the main thread
            write_error.append(error)
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def drain_stderr():
        while True:
            chunk = proc.stderr.read(65536)
            if not chunk:
                break
            stderr_chunks.append(chunk)
            # keep only the end of a very chatty stream
            while sum(map(len, stderr_chunks)) > 2 * STDERR_LIMIT and len(stderr_chunks) > 1:
                stderr_chunks.pop(0)

    writer = threading.Thread(target=write, name="lector-stdin", daemon=True)
    reader = threading.Thread(target=drain_stderr, name="lector-stderr", daemon=True)
    writer.start()
    reader.start()

    def failure(message):
        proc.kill()
        proc.wait()
        reader.join()
        stderr = _tail(b"".join(stderr_chunks))
        return LectorError(f"{message}; command: {' '.join(args)}" + (f"\nlector: {stderr}" if stderr else ""))

    count = 0
    parent_line = [1]  # the stdin line of the last document's record

    def source_of_document(number, child):
        if child:
            # lector numbers a child's line from its parent's input line (stdin:PARENT+LINE-1)
            parent = sources[count - 1] if 0 < count <= len(sources) else "stdin"
            return f"{parent}:{number - parent_line[0] + 1}"
        parent_line[0] = number
        with lock:
            source = sources[count] if count < len(sources) else None
        if source is None:
            raise failure("lector wrote more records than it was given")
        return source

    try:
        for line in proc.stdout:
            if not line.strip():
                continue
            record, own = _with_source(line, source_of_document)
            if own:
                count += 1
            yield record
    except BaseException:
        # the task stopped early (GeneratorExit) or failed: no lector may outlive it in a
        # Python worker that Spark reuses
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        raise
    status = proc.wait()
    writer.join()
    reader.join()
    stderr = _tail(b"".join(stderr_chunks))
    if write_error:
        raise LectorError(f"reading this partition's input failed: {write_error[0]}") from write_error[0]
    if status != 0:
        raise LectorError(
            f"lector exited with status {status} ({' '.join(args)})" + (f":\n{stderr}" if stderr else "")
        )
    if count != len(sources):
        raise LectorError(
            f"lector wrote {count} records for {len(sources)} documents ({' '.join(args)})"
            + (f":\n{stderr}" if stderr else "")
        )
