"""Count tables with DuckDB (embedded default): N, n1, n2, T and E from the long table ``pe``.

Out-of-core: DuckDB spills hash aggregates to ``temp_directory`` when they outgrow
``memory_limit``, so a FAERS-sized table does not have to fit in RAM. Stage progress goes to
stderr (Rich), so stdout stays parseable.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from speciosa.adapters.analytics.readers import TABLE
from speciosa.learn.signals.counts import PairCounts, expected_counts

_STAGES = ("distinct mentions", "pair counts N", "product margins n1", "event margins n2", "join and fetch")


def connect(
    temp_directory: Path | None = None, memory_limit: str | None = None, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection set up to spill to disk rather than fail on large inputs."""
    con = duckdb.connect(":memory:")
    con.execute("SET preserve_insertion_order = false")
    if temp_directory is not None:
        con.execute(f"SET temp_directory = '{temp_directory.as_posix()}'")
    if memory_limit is not None:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("[bold]signals[/] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not show,
    )


def count_pairs(con: duckdb.DuckDBPyConnection, table: str = TABLE, progress: bool = True) -> PairCounts:
    """Distinct-report counts for every pair in ``table(id, product, event)``.

    N counts distinct reports per pair; n1, n2 and T count distinct reports per product, per
    event and overall (openEBGM ``processRaw``), so a report listing a product twice counts once.
    """
    with _progress(progress) as bar:
        task = bar.add_task(_STAGES[0], total=len(_STAGES))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _d AS SELECT DISTINCT id, product, event FROM {table}"  # noqa: S608
        )
        bar.update(task, advance=1, description=_STAGES[1])
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _n AS SELECT product, event, count(*) AS n FROM _d GROUP BY ALL"
        )
        bar.update(task, advance=1, description=_STAGES[2])
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _n1 AS "
            "SELECT product, count(DISTINCT id) AS n1 FROM _d GROUP BY ALL"
        )
        bar.update(task, advance=1, description=_STAGES[3])
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _n2 AS SELECT event, count(DISTINCT id) AS n2 FROM _d GROUP BY ALL"
        )
        bar.update(task, advance=1, description=_STAGES[4])
        total_row = con.execute("SELECT count(DISTINCT id) FROM _d").fetchone()
        total = int(total_row[0]) if total_row else 0
        arrays = con.execute(
            "SELECT n.product, n.event, n.n, a.n1, b.n2 FROM _n n JOIN _n1 a USING (product) "
            "JOIN _n2 b USING (event) ORDER BY n.product, n.event"
        ).fetchnumpy()
        bar.update(task, advance=1)
        for name in ("_d", "_n", "_n1", "_n2"):
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return to_pair_counts(arrays["product"], arrays["event"], arrays["n"], arrays["n1"], arrays["n2"], total)


def to_pair_counts(
    product: object, event: object, n: object, n1: object, n2: object, total: int
) -> PairCounts:
    """Build a :class:`PairCounts` from engine columns, sorted by (product, event) in code-point order."""
    prod = np.asarray(product, dtype=str)
    evt = np.asarray(event, dtype=str)
    order = np.lexsort((evt, prod))
    nn = np.asarray(n, dtype=np.int64)[order]
    a = np.asarray(n1, dtype=np.int64)[order]
    b = np.asarray(n2, dtype=np.int64)[order]
    expected = expected_counts(a, b, total) if total > 0 else np.zeros(0)
    return PairCounts(prod[order], evt[order], nn, a, b, expected, total)
