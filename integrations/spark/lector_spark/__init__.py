"""Run Lector pipelines on Apache Spark: each partition is streamed through
`lector analyze --input jsonl --output jsonl -p PIPELINE`.

    import lector_spark
    frame = lector_spark.analyze(spark, "langid | structure", "articles/", "out/")
"""

from .job import analyze, documents, records
from .runner import LectorError, find_lector, run_partition

__all__ = ["analyze", "documents", "records", "LectorError", "find_lector", "run_partition"]
__version__ = "0.1.0"
