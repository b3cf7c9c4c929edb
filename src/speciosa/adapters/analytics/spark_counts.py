"""Count tables with PySpark (distributed backend): the same N, n1, n2, T, E as DuckDB.

The reader stage (DuckDB) writes the long table ``pe(id, product, event)`` to Parquet; Spark
reads that and aggregates. E is computed once, in NumPy, from the integer counts, so both
engines give bit-identical results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from speciosa.adapters.analytics.duckdb_counts import to_pair_counts
from speciosa.learn.signals.counts import PairCounts

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def local_session(cores: int = 2, app_name: str = "speciosa-signals") -> SparkSession:
    """A local-mode SparkSession sized for a small machine (few shuffle partitions, no UI)."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.sql.shuffle.partitions", str(max(2 * cores, 2)))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def count_pairs_spark(spark: SparkSession, parquet: Path) -> PairCounts:
    """Distinct-report counts for every pair in the Parquet long table at ``parquet``."""
    from pyspark.sql import functions as F  # noqa: N812

    d = spark.read.parquet(str(parquet)).select("id", "product", "event").distinct().cache()
    n = d.groupBy("product", "event").agg(F.count(F.lit(1)).alias("n"))
    n1 = d.select("id", "product").distinct().groupBy("product").agg(F.count(F.lit(1)).alias("n1"))
    n2 = d.select("id", "event").distinct().groupBy("event").agg(F.count(F.lit(1)).alias("n2"))
    total = int(d.select("id").distinct().count())
    rows = n.join(n1, "product").join(n2, "event").select("product", "event", "n", "n1", "n2").collect()
    d.unpersist()
    cols = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return to_pair_counts(cols[0], cols[1], cols[2], cols[3], cols[4], total)
