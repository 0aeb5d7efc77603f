"""A Spark standalone cluster on this machine, for the tests and Benchmarks/spark_bench.py: a
master and workers started with pyspark's own bin/spark-class (pip's pyspark has no sbin/),
each in its own process group, which stop() ends (workers first, with their executors)."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

START_TIMEOUT = 180  # seconds for the master and the workers to be up, on a busy machine


def spark_bin(name):
    """A script of pyspark's own Spark distribution (bin/spark-class, bin/spark-submit)."""
    import pyspark

    return os.path.join(os.path.dirname(pyspark.__file__), "bin", name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A master and WORKERS workers of CORES cores and MEMORY each, every spark-class process in
    its own process group; a worker has its own work directory (work_dirs)."""

    def __init__(self, directory, env, workers=2, cores=1, memory="1g"):
        self.directory = directory
        self.env = env
        self.processes = []
        self.port, self.ui_port = free_port(), free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.work_dirs = [os.path.join(directory, f"worker-{i}") for i in range(workers)]
        try:
            self.start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                       "--port", str(self.port), "--webui-port", str(self.ui_port))
            self.wait(lambda: self.status() is not None, "the master to answer")
            for i, work in enumerate(self.work_dirs):
                os.makedirs(work)
                self.start(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                           "--cores", str(cores), "--memory", memory, "--work-dir", work,
                           "--webui-port", str(free_port()), self.url)
            self.wait(lambda: (self.status() or {}).get("aliveworkers") == workers, f"{workers} workers to register")
        except BaseException:
            self.stop()
            raise

    def start(self, name, main_class, *args):
        log = open(os.path.join(self.directory, f"{name}.log"), "wb")
        with log:
            process = subprocess.Popen([spark_bin("spark-class"), main_class, *args], stdout=log,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env,
                                       start_new_session=True)
        self.processes.append((name, process))

    def status(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=5) as answer:
                return json.load(answer)
        except OSError:
            return None

    def wait(self, ready, what):
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            for name, process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with status {process.returncode}:\n{self.log_tail(name)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}:\n" + "\n".join(self.log_tail(n) for n, _ in self.processes))
            time.sleep(1)

    def log_tail(self, name, limit=3000):
        with open(os.path.join(self.directory, f"{name}.log"), errors="replace") as log:
            return f"--- {name}.log\n" + log.read()[-limit:]

    def stop(self):
        """Ends every process group (workers first, which end their executors), SIGTERM then
        SIGKILL, and returns the names of groups that had to be killed or still have processes."""
        stubborn = []
        for name, process in reversed(self.processes):
            if not group_alive(process.pid):
                continue
            os.killpg(process.pid, signal.SIGTERM)
            deadline = time.monotonic() + 20
            while group_alive(process.pid) and time.monotonic() < deadline:
                process.poll()
                time.sleep(0.2)
            if group_alive(process.pid):
                stubborn.append(name)
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.processes = []
        return stubborn


def run_in_group(args, env, timeout):
    """Runs ARGS in its own process group (the driver JVM and its Python child), which is killed
    if it outlives TIMEOUT or the test is interrupted; returns the exit status and stderr."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=env, text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
        return process.returncode, stderr
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def group_alive(pgid):
    """Whether any process (not a zombie of ours already reaped) is left in group PGID."""
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
