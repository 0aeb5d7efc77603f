"""python -m lector_spark --pipeline 'langid | structure' IN... OUT (or through spark-submit)."""

import argparse
import os
import sys

if __package__ in (None, ""):
    # run as a file (spark-submit .../lector_spark/__main__.py): import the package beside it
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="lector_spark",
        description="Run a Lector pipeline over text or JSONL files on Spark; writes one JSONL "
        "(or Parquet) record per document to OUT.",
    )
    parser.add_argument("-p", "--pipeline", required=True, help="analyzers, as for lector analyze")
    parser.add_argument("paths", nargs="+", metavar="IN", help="input files, directories or globs")
    parser.add_argument("output", metavar="OUT", help="output directory (must not exist)")
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--input", choices=("auto", "text", "jsonl"), default="auto",
                        help="auto: .jsonl and .ndjson files are JSONL, others one document per file")
    parser.add_argument("--threads", type=int, default=1, help="lector threads per task (default 1)")
    parser.add_argument("--master", help="Spark master when not run through spark-submit (default local[*])")
    parser.add_argument("--min-partitions", type=int, help="partitions for text files")
    parser.add_argument("--bundle", metavar="ARCHIVE",
                        help="a lector bundle (scripts/bundle) to ship to the executors and run there")
    parser.add_argument("--lector-arg", action="append", default=[], metavar="ARG",
                        help="an extra argument for lector analyze (repeatable), e.g. --lector-arg=--no-text")
    args = parser.parse_args(argv)

    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print("lector_spark: pyspark is not installed (pip install pyspark)", file=sys.stderr)
        return 2

    from lector_spark.job import analyze

    builder = SparkSession.builder.appName("lector_spark")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        analyze(spark, args.pipeline, args.paths, args.output, format=args.format,
                input_format=args.input, threads=args.threads, lector_args=args.lector_arg,
                min_partitions=args.min_partitions, frame=False, bundle=args.bundle)
    except Exception as error:  # noqa: BLE001 - analyze raises LectorError with lector's message
        print(f"lector_spark: {error}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
