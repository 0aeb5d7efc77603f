"""lector_spark in Spark local mode (local[2]) against one plain `lector analyze` run.

Needs pyspark, Java and a lector binary ($LECTOR, else ROOT/.build/release/lector; the
runner script `tests/run` builds it). Skips with a message when one is missing.
"""

import json
import os
import random
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(PACKAGE))
SEEDS = os.path.normpath(os.environ.get("LECTOR_SEEDS") or os.path.join(ROOT, "..", "shared", "seeds"))
LECTOR = os.environ.get("LECTOR") or os.path.join(ROOT, ".build", "release", "lector")
PIPELINE = "normalize | langid | stats | structure"
GENERATED = 10_000
GENERATED_FILES = 4

sys.path.insert(0, PACKAGE)

try:
    import pyspark  # noqa: F401
    from pyspark.sql import SparkSession

    MISSING = None
except ImportError:
    MISSING = "pyspark is not installed (pip install pyspark)"
if MISSING is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    MISSING = "Java is not installed (Spark needs a JVM: Java 17)"
if MISSING is None and not os.access(LECTOR, os.X_OK):
    MISSING = f"{LECTOR} not found: swift build -c release --product lector (or set LECTOR)"
if MISSING is None and not os.path.isdir(SEEDS):
    MISSING = f"no seed articles at {SEEDS} (set LECTOR_SEEDS)"

# CI sets LECTOR_SPARK_TESTS=required: then a missing piece fails the tests instead of skipping them.
REQUIRED = os.environ.get("LECTOR_SPARK_TESTS") == "required"

if MISSING is None:
    import lector_spark


def skip_unless_ready(missing, what):
    """A class decorator: skips the tests when MISSING says what is not there, or, when they are
    required, fails them with that message."""
    if missing is None:
        return lambda cls: cls
    if not REQUIRED:
        return unittest.skip(f"{what} skipped: {missing}")

    def failing(cls):
        def set_up_class(_):
            raise RuntimeError(f"{what} cannot run (LECTOR_SPARK_TESTS=required): {missing}")

        cls.setUpClass = classmethod(set_up_class)
        return cls

    return failing


def generate(directory):
    """GENERATED documents in GENERATED_FILES JSONL files, mixed from the seeds' lines."""
    lines = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as handle:
            lines += [line.rstrip("\n") for line in handle if line.strip()]
    rng = random.Random(18)
    paths = []
    per_file = GENERATED // GENERATED_FILES
    for f in range(GENERATED_FILES):
        path = os.path.join(directory, f"generated-{f}.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for i in range(f * per_file, (f + 1) * per_file):
                start = rng.randrange(len(lines))
                text = "\n".join(lines[start:start + rng.randint(1, 12)])
                document = {"id": f"gen-{i:05d}", "text": text, "n": i}
                if i % 97 == 0:
                    document["tags"] = ["a", "b"]
                out.write(json.dumps(document, ensure_ascii=False) + "\n")
                if i % 500 == 0:
                    out.write("\n")  # blank lines are skipped by both
        paths.append(path)
    return paths


def read_jsonl(directory):
    records = []
    for name in sorted(os.listdir(directory)):
        if name.startswith("part-"):
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                records += [json.loads(line) for line in handle if line.strip()]
    return records


def without_jsonl_source(record):
    """JSONL records' sources differ by design: path:LINE in lector, path@BYTE on Spark."""
    record = dict(record)
    if ".jsonl" in record.get("source", ""):
        path = record.pop("source")
        record["source_file"] = path.rsplit("@", 1)[0].rsplit(":", 1)[0]
    return record


def failing_lector(directory):
    path = os.path.join(directory, "failing-lector")
    with open(path, "w") as script:
        script.write("#!/bin/sh\ncat >/dev/null\necho 'lector: libLectorKit.so: cannot open shared object file' >&2\nexit 1\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def flaky_lector(directory):
    """A lector that, the first time it runs, writes half of its records and exits 1."""
    path = os.path.join(directory, "flaky-lector")
    with open(path, "w") as script:
        script.write(f"""#!/bin/sh
if mkdir "{directory}/flaky-failed" 2>/dev/null; then
    "{LECTOR}" "$@" > "{directory}/flaky-out"
    lines=$(wc -l < "{directory}/flaky-out")
    head -n $(( (lines + 1) / 2 )) "{directory}/flaky-out"
    echo 'lector: flaky: failing this attempt' >&2
    exit 1
fi
exec "{LECTOR}" "$@"
""")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def spark_error_text(error):
    return f"{type(error).__name__}: {error}"


@skip_unless_ready(MISSING, "Spark test")
class SparkLocalTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="lector-spark-")
        cls.generated = generate(cls.tmp)
        cls.inputs = [SEEDS] + cls.generated
        os.environ["LECTOR"] = LECTOR
        cls.spark = (
            SparkSession.builder.master("local[2]").appName("lector_spark tests")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        cls.spark.sparkContext.setLogLevel("OFF")  # the failure tests' stack traces

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def plain(self, pipeline, inputs):
        result = subprocess.run([LECTOR, "analyze", "--output", "jsonl", "-p", pipeline, *inputs],
                                capture_output=True, text=True, check=True)
        return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]

    def test_records_equal_one_lector_run(self):
        expected = self.plain(PIPELINE, self.inputs)
        self.assertEqual(len(expected), GENERATED + len(os.listdir(SEEDS)))
        out = os.path.join(self.tmp, "out-jsonl")
        frame = lector_spark.analyze(self.spark, PIPELINE, self.inputs, out)
        self.assertGreaterEqual(len([n for n in os.listdir(out) if n.startswith("part-")]), 1 + GENERATED_FILES)
        self.assertTrue(os.path.exists(os.path.join(out, "_SUCCESS")))
        got = read_jsonl(out)
        # in order: the part files follow the input order, each partition keeps its order
        self.assertEqual([r["id"] for r in got], [r["id"] for r in expected])
        # text documents are the same records, source included
        for mine, theirs in zip(got, expected):
            if ".jsonl" not in theirs["source"]:
                self.assertEqual(mine, theirs)
        self.assertEqual([without_jsonl_source(r) for r in got], [without_jsonl_source(r) for r in expected])
        self.assertEqual(frame.count(), len(expected))
        self.assertEqual(
            sorted(row["id"] for row in frame.select("id").collect()), sorted(r["id"] for r in expected)
        )

    def test_child_documents(self):
        # ticker explode=true writes a child document per headline after its parent
        pipeline = "ticker explode=true | langid"
        out = os.path.join(self.tmp, "out-children")
        lector_spark.analyze(self.spark, pipeline, [SEEDS], out, frame=False)
        expected = self.plain(pipeline, [SEEDS])
        self.assertGreater(len([r for r in expected if "parent" in r]), 0)
        self.assertEqual(read_jsonl(out), expected)

    def test_parquet(self):
        out = os.path.join(self.tmp, "out-parquet")
        frame = lector_spark.analyze(self.spark, "langid", [SEEDS], out, format="parquet")
        self.assertTrue(any(n.endswith(".parquet") for n in os.listdir(out)))
        rows = {row["id"]: row["language"]["code"] for row in frame.select("id", "language").collect()}
        expected = {r["id"]: r["language"]["code"] for r in self.plain("langid", [SEEDS])}
        self.assertEqual(rows, expected)

    def test_failing_document_keeps_errors_and_job_goes_on(self):
        path = os.path.join(self.tmp, "stance.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            out.write(json.dumps({"id": "ok", "text": "Москва поддержала решение.", "entity": "Москва",
                                  "start": 0, "end": 6}, ensure_ascii=False) + "\n")
            out.write(json.dumps({"id": "bad", "text": "No entity here."}) + "\n")
        out = os.path.join(self.tmp, "out-stance")
        lector_spark.analyze(self.spark, "stance target-field=entity", path, out)
        records = {r["id"]: r for r in read_jsonl(out)}
        self.assertEqual(set(records), {"ok", "bad"})
        self.assertNotIn("errors", records["ok"])
        self.assertEqual(records["bad"]["errors"][0]["analyzer"], "stance")
        self.assertIn("no entity field", records["bad"]["errors"][0]["message"])

    def assert_job_fails(self, name, pipeline, env, *messages):
        """The job raises LectorError with lector's MESSAGES and writes no _SUCCESS."""
        out = os.path.join(self.tmp, name)
        with self.assertRaises(Exception) as caught:
            lector_spark.analyze(self.spark, pipeline, [SEEDS], out, env=env)
        self.assertIsInstance(caught.exception, lector_spark.LectorError)
        text = spark_error_text(caught.exception)
        for message in messages:
            self.assertIn(message, text)
        self.assertFalse(os.path.exists(os.path.join(out, "_SUCCESS")))

    def test_bad_pipeline_fails_the_job_with_lectors_message(self):
        self.assert_job_fails("out-bogus", "langid | bogus", None,
                              "unknown analyzer 'bogus'", "exited with status 2")

    def test_failing_process_fails_the_job_with_its_message(self):
        self.assert_job_fails("out-failing", "langid", {"LECTOR": failing_lector(self.tmp)},
                              "libLectorKit.so: cannot open shared object file", "exited with status 1")

    def test_bundle_is_shipped_and_preferred(self):
        # a bundle whose launcher notes that it ran, then runs lector: with bundle=, it is used
        # even though LECTOR is set on the driver (and so in local mode's executors)
        folder = os.path.join(self.tmp, "fake-bundle")
        marker = os.path.join(self.tmp, "fake-bundle-ran")
        os.makedirs(os.path.join(folder, "bin"))
        launcher = os.path.join(folder, "bin", "lector")
        with open(launcher, "w") as script:
            script.write(f'#!/bin/sh\ntouch "{marker}"\nexec "{LECTOR}" "$@"\n')
        os.chmod(launcher, 0o755)
        archive = os.path.join(self.tmp, "fake-bundle.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(os.path.join(folder, "bin"), "bin")
        out = os.path.join(self.tmp, "out-bundle")
        lector_spark.analyze(self.spark, "langid", [SEEDS], out, bundle=archive, frame=False)
        self.assertTrue(os.path.exists(marker), "the shipped bundle did not run")
        self.assertEqual(read_jsonl(out), self.plain("langid", [SEEDS]))

    def test_bad_bundle_is_refused(self):
        with self.assertRaisesRegex(FileNotFoundError, "no such bundle"):
            lector_spark.analyze(self.spark, "langid", [SEEDS], os.path.join(self.tmp, "out-nb"),
                                 bundle=os.path.join(self.tmp, "missing.tar.gz"))
        with self.assertRaisesRegex(ValueError, "must be a .tar.gz"):
            lector_spark.analyze(self.spark, "langid", [SEEDS], os.path.join(self.tmp, "out-nb2"),
                                 bundle=LECTOR)

    def test_task_retry_does_not_duplicate_records(self):
        # a separate Spark (local[2, 4]: two threads, a task tried up to 4 times) through the
        # command line; the first lector process writes half its records and fails
        out = os.path.join(self.tmp, "out-retry")
        env = dict(os.environ, LECTOR=flaky_lector(self.tmp),
                   PYTHONPATH=PACKAGE + os.pathsep + os.environ.get("PYTHONPATH", ""))
        result = subprocess.run(
            [sys.executable, "-m", "lector_spark", "--master", "local[2,4]", "--pipeline", "langid",
             SEEDS, self.generated[0], out],
            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertTrue(os.path.isdir(os.path.join(self.tmp, "flaky-failed")), "no attempt failed")
        got = read_jsonl(out)
        expected = self.plain("langid", [SEEDS, self.generated[0]])
        self.assertEqual([r["id"] for r in got], [r["id"] for r in expected])
        self.assertEqual([without_jsonl_source(r) for r in got], [without_jsonl_source(r) for r in expected])

    def test_command_line_through_spark_submit(self):
        submit = shutil.which("spark-submit")
        if submit is None:
            self.skipTest("spark-submit is not on PATH")
        out = os.path.join(self.tmp, "out-submit")
        env = dict(os.environ, PYTHONPATH=PACKAGE + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   PYSPARK_PYTHON=sys.executable)
        result = subprocess.run(
            [submit, "--master", "local[2]", os.path.join(PACKAGE, "lector_spark", "__main__.py"),
             "--pipeline", "langid", SEEDS, out],
            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertEqual(read_jsonl(out), self.plain("langid", [SEEDS]))
        # a failing pipeline: exit 1 and lector's message, through python -m
        result = subprocess.run(
            [sys.executable, "-m", "lector_spark", "--master", "local[2]", "--pipeline", "bogus", SEEDS,
             os.path.join(self.tmp, "out-submit-bogus")],
            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn("unknown analyzer 'bogus'", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
