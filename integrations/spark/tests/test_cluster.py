"""lector_spark on a standalone Spark cluster on this machine: a master and two workers (one
core each), the job submitted with spark-submit and a lector bundle (scripts/bundle) as its
only lector: LECTOR is unset and no lector is on PATH, for the driver, the workers and their
executors. The records must equal those of one plain `lector analyze` run.

Needs what test_spark.py needs, plus a bundle: $LECTOR_BUNDLE (tests/run makes one with
scripts/bundle when patchelf is there). Skips with a message when one is missing. Master and
workers run in their own process groups, which are ended (and checked to be gone) even when
the test fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from test_spark import (GENERATED, LECTOR, MISSING, PACKAGE, SEEDS, generate, read_jsonl, skip_unless_ready,
                        without_jsonl_source)
from standalone import Cluster, run_in_group, spark_bin

BUNDLE = os.environ.get("LECTOR_BUNDLE")
PIPELINE = "langid | structure | ticker"

SKIP = MISSING
if SKIP is None and not BUNDLE:
    SKIP = "no lector bundle: set LECTOR_BUNDLE to one (scripts/bundle makes it; tests/run does when patchelf is installed)"
elif SKIP is None and not os.path.isfile(BUNDLE):
    SKIP = f"LECTOR_BUNDLE={BUNDLE} is not a file"


def without_lector(environ):
    """ENVIRON less every LECTOR* variable, with no directory holding a lector on PATH."""
    env = {k: v for k, v in environ.items() if not k.startswith("LECTOR")}
    path = [d for d in env.get("PATH", "").split(os.pathsep) if d and not os.path.exists(os.path.join(d, "lector"))]
    env["PATH"] = os.pathsep.join(path)
    return env


@skip_unless_ready(SKIP, "Spark cluster test")
class SparkStandaloneClusterTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lector-spark-cluster-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.env = without_lector(os.environ)
        self.env.update(PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
        self.cluster = Cluster(self.tmp, self.env)  # stops what it started if it fails
        self.addCleanup(self.stop_cluster)

    def stop_cluster(self):
        self.assertEqual(self.cluster.stop(), [], "master or workers that did not end on SIGTERM")

    def test_job_with_bundle_on_two_workers(self):
        inputs = [SEEDS] + generate(self.tmp)
        out = os.path.join(self.tmp, "out")
        status, stderr = run_in_group(
            [spark_bin("spark-submit"), "--master", self.cluster.url,
             "--archives", f"{os.path.abspath(BUNDLE)}#lector-bundle",
             "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
             os.path.join(PACKAGE, "lector_spark", "__main__.py"), "--pipeline", PIPELINE, *inputs, out],
            self.env, timeout=900)
        self.assertEqual(status, 0, stderr[-5000:])
        got = read_jsonl(out)
        expected = subprocess.run([LECTOR, "analyze", "--output", "jsonl", "-p", PIPELINE, *inputs],
                                  capture_output=True, text=True, check=True).stdout
        expected = [json.loads(line) for line in expected.splitlines() if line.strip()]
        self.assertEqual(len(expected), GENERATED + len(os.listdir(SEEDS)))
        self.assertEqual([without_jsonl_source(r) for r in got], [without_jsonl_source(r) for r in expected])
        # both workers ran executors, each with the bundle unpacked in its working directory
        for work in self.cluster.work_dirs:
            launchers = [os.path.join(root, "lector-bundle", "bin", "lector") for root, dirs, _ in os.walk(work)
                         if "lector-bundle" in dirs]
            self.assertTrue(launchers and all(os.access(p, os.X_OK) for p in launchers), f"no bundle in {work}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
