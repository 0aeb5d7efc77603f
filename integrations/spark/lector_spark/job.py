"""The Spark side: reads the inputs, runs lector over each partition, writes the records."""

import atexit
import codecs
import json
import os
import posixpath
import tempfile
import zipfile

from .runner import BUNDLE_DIR, LectorError, run_partition

JSONL_SUFFIXES = (".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")
FORMATS = ("jsonl", "parquet")
INPUTS = ("auto", "text", "jsonl")
# Driver variables forwarded to every lector process (on top of the executor's own
# environment): how lector is found and where its plugins are.
FORWARDED_PREFIXES = ("LECTOR",)


def forwarded_environment(extra=None, bundle=False):
    """The driver's LECTOR* variables and EXTRA (last wins). With a bundle shipped, LECTOR and
    LECTOR_SPARK_BUNDLE are removed (None) unless EXTRA sets them, the driver's and the
    executors' alike: the bundle is the lector to run."""
    env = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_PREFIXES)}
    if bundle:
        env.update(LECTOR=None, LECTOR_SPARK_BUNDLE=None)
    env.update(extra or {})
    return env


def ship_bundle(sc, bundle):
    """Ships a lector bundle (scripts/bundle makes one) to every executor, unpacked there as
    lector-bundle, where the runner looks for it (the same as spark-submit's
    --archives BUNDLE#lector-bundle)."""
    name = bundle.split("#", 1)[0]
    if not name.lower().endswith(ARCHIVE_SUFFIXES):
        raise ValueError(f"bundle must be a .tar.gz, .tgz, .tar or .zip archive (scripts/bundle makes one): {bundle}")
    if "://" not in name:
        local = display_path(name)
        if not os.path.isfile(local):
            raise FileNotFoundError(f"no such bundle: {name} (scripts/bundle makes one)")
        name = os.path.abspath(local)
    sc.addArchive(f"{name}#{BUNDLE_DIR}")


def _hadoop_files(sc, paths):
    """Every file under PATHS (files, directories read recursively, globs), in argument
    order and sorted within each, hidden files (. or _) skipped, as Hadoop path strings."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    found = []
    for path in paths:
        here = []
        hpath = jvm.org.apache.hadoop.fs.Path(path)
        fs = hpath.getFileSystem(conf)
        statuses = fs.globStatus(hpath)
        if not statuses:
            raise FileNotFoundError(f"no such input: {path}")
        for status in statuses:
            if status.isDirectory():
                files = fs.listFiles(status.getPath(), True)
                while files.hasNext():
                    p = files.next().getPath()
                    rel = p.toUri().getPath()[len(status.getPath().toUri().getPath()):]
                    if any(part.startswith((".", "_")) for part in rel.split("/") if part):
                        continue
                    here.append(p.toString())
            else:
                here.append(status.getPath().toString())
        found += sorted(here)
    return list(dict.fromkeys(found))


def display_path(uri):
    """A local file's path as lector names it (file:/a/b -> /a/b); other URIs as they are."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("file:"):
        return uri[len("file:"):]
    return uri


def stem(path):
    name = posixpath.basename(path)
    base, _ = posixpath.splitext(name)
    return base or name


def decode_text(data):
    """Text file bytes as lector reads them by default: UTF-8, or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")


def _jsonl_documents(path):
    shown = display_path(path)
    name = stem(shown)

    def parse(pair):
        offset, line = pair
        if not line.strip():
            return []
        try:
            document = json.loads(line)
        except ValueError as error:
            raise LectorError(f"{shown}@{offset}: not a JSON object: {error}") from error
        if not isinstance(document, dict):
            raise LectorError(f"{shown}@{offset}: not a JSON object")
        if document.get("id") in (None, ""):
            document["id"] = f"{name}@{offset}"
        return [(f"{shown}@{offset}", document)]

    return parse


def documents(sc, paths, input="auto", min_partitions=None):
    """An RDD of (source, document) over the input files, in file order."""
    if input not in INPUTS:
        raise ValueError(f"input must be one of {', '.join(INPUTS)}")
    files = _hadoop_files(sc, paths)
    if not files:
        raise FileNotFoundError(f"no input files in {', '.join(paths)}")
    def is_jsonl(f):
        return input == "jsonl" or (input == "auto" and f.lower().endswith(JSONL_SUFFIXES))

    rdds = []
    # keep file order: consecutive runs of text files are read together
    run = []
    for f in files:
        if not is_jsonl(f):
            run.append(f)
            continue
        if run:
            rdds.append(_text_rdd(sc, run, min_partitions))
            run = []
        rdd = sc.newAPIHadoopFile(
            f,
            "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
            "org.apache.hadoop.io.LongWritable",
            "org.apache.hadoop.io.Text",
        )
        rdds.append(rdd.flatMap(_jsonl_documents(f)))
    if run:
        rdds.append(_text_rdd(sc, run, min_partitions))
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def _text_rdd(sc, files, min_partitions):
    def document(pair):
        uri, data = pair
        shown = display_path(uri)
        return (shown, {"id": stem(shown), "text": decode_text(bytes(data))})

    order = {f: i for i, f in enumerate(files)}
    rdd = sc.binaryFiles(",".join(files), minPartitions=min_partitions)
    # binaryFiles packs files into partitions in its own order; sort within each partition
    # so that records come out in path order
    return rdd.mapPartitions(lambda it: sorted(it, key=lambda p: (order.get(p[0], len(order)), p[0]))).map(document)


_SHIPPED = set()


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def ship_package(sc):
    """Adds this package to the job's Python files (once per SparkContext), so that executors
    that do not share the driver's PYTHONPATH can run the partitions."""
    key = id(sc)
    if key in _SHIPPED:
        return
    package = os.path.dirname(os.path.abspath(__file__))
    if not os.path.isfile(os.path.join(package, "runner.py")):
        return  # imported from a zip already shipped with --py-files
    handle, path = tempfile.mkstemp(prefix="lector_spark-", suffix=".zip")
    os.close(handle)
    atexit.register(_remove, path)  # Spark serves the file from here while the driver runs
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(os.listdir(package)):
            if name.endswith(".py"):
                archive.write(os.path.join(package, name), f"lector_spark/{name}")
    sc.addPyFile(path)
    _SHIPPED.add(key)


def records(sc, pipeline, paths, input="auto", env=None, threads=1, lector_args=(), min_partitions=None,
            bundle=None):
    """An RDD of lector's output records (JSON strings), partition by partition."""
    ship_package(sc)
    if bundle:
        ship_bundle(sc, bundle)
    overrides = forwarded_environment(env, bundle=bool(bundle))
    docs = documents(sc, paths, input=input, min_partitions=min_partitions)
    extra = list(lector_args)

    def run(iterator):
        return run_partition(iterator, pipeline, overrides, threads, extra)

    return docs.mapPartitions(run)


def lector_message(error):
    """The LectorError text inside a Spark failure (a Python worker's traceback inside a
    Java one), or None when the failure is not lector's."""
    text = str(error)
    marker = "LectorError: "
    if marker in text:
        tail = text[text.rindex(marker) + len(marker):]
        lines = []
        for line in tail.splitlines():
            if line.startswith("\tat ") or line.strip().startswith(("SQLSTATE:", "at org.apache")):
                break
            lines.append(line.replace(" SQLSTATE: 38000", ""))
        return "\n".join(lines).strip()
    return None


def analyze(spark, pipeline, input, output, format="jsonl", input_format="auto", env=None, threads=1,
            lector_args=(), min_partitions=None, compression=None, frame=True, bundle=None):
    """Runs PIPELINE over INPUT (a path, a glob or a list of them) and writes the records to
    OUTPUT: JSONL part-* files (format="jsonl") or Parquet (format="parquet"). Returns a
    DataFrame of the written records (reading JSONL back infers its schema, a pass over the
    output; frame=False returns None instead, as the command line does). BUNDLE: a lector
    bundle archive (scripts/bundle) to ship to the executors and run there."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    sc = spark.sparkContext
    paths = [input] if isinstance(input, str) else list(input)
    try:
        return _analyze(spark, sc, pipeline, paths, output, format, input_format, env, threads,
                        lector_args, min_partitions, compression, frame, bundle)
    except LectorError:
        raise
    except Exception as error:
        message = lector_message(error)
        if message is None:
            raise
        # lector's own message, with the Spark failure (and its Java stack trace) as the cause
        raise LectorError(message) from error


def _analyze(spark, sc, pipeline, paths, output, format, input_format, env, threads, lector_args,
             min_partitions, compression, frame, bundle):
    rdd = records(sc, pipeline, paths, input=input_format, env=env, threads=threads,
                  lector_args=lector_args, min_partitions=min_partitions, bundle=bundle)
    if format == "jsonl":
        if compression:
            rdd.saveAsTextFile(output, compressionCodecClass=compression)
        else:
            rdd.saveAsTextFile(output)
        return spark.read.json(output) if frame else None
    rdd = rdd.cache()
    try:
        frame = spark.read.json(rdd)
        writer = frame.write
        if compression:
            writer = writer.option("compression", compression)
        writer.parquet(output)
    finally:
        rdd.unpersist()
    return spark.read.parquet(output) if frame else None
