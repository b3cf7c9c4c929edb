"""DuckDB and Spark count tables: hand-checked distinct-report rules, CAERS parity, engines identical."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest

from speciosa.adapters.analytics import duckdb_counts, readers
from speciosa.adapters.analytics.bundled import CAERS_2012

CAERS_GZ = CAERS_2012

SMALL = (
    "id,product,event\n"
    "1,A,X\n1,A,X\n1,A,Y\n1,B,X\n"  # report 1: A and B, events X and Y (duplicate row counts once)
    "2,A,X\n"
    "3,B,Y\n3,B,Z\n"
)


def _small(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    f = tmp_path / "small.csv"
    f.write_text(SMALL, encoding="utf-8")
    con = duckdb_counts.connect()
    readers.read_csv_source(con, f)
    return con


def test_distinct_report_counts_by_hand(tmp_path: Path) -> None:
    c = duckdb_counts.count_pairs(_small(tmp_path), progress=False)
    # Pairs: (A,X) in reports 1,2 -> 2; (A,Y) 1; (B,X) 1; (B,Y) 3 -> 1; (B,Z) 1.
    # n1: A in {1,2} = 2, B in {1,3} = 2; n2: X {1,2} = 2, Y {1,3} = 2, Z {3} = 1; T = 3.
    assert list(zip(c.product.tolist(), c.event.tolist(), strict=True)) == [
        ("A", "X"),
        ("A", "Y"),
        ("B", "X"),
        ("B", "Y"),
        ("B", "Z"),
    ]
    assert c.n.tolist() == [2, 1, 1, 1, 1]
    assert c.n1.tolist() == [2, 2, 2, 2, 2]
    assert c.n2.tolist() == [2, 2, 2, 2, 1]
    assert c.reports == 3
    np.testing.assert_allclose(c.expected, [4 / 3, 4 / 3, 4 / 3, 4 / 3, 2 / 3])


def test_caers_counts_match_openebgm_processraw() -> None:
    con = duckdb_counts.connect()
    readers.read_caers(con, CAERS_GZ)
    c = duckdb_counts.count_pairs(con, progress=False)
    # processRaw(caers): 17189 rows, 3356 distinct reports (README of the data, openEBGM 0.9.1).
    assert (len(c), c.reports) == (17189, 3356)
    i = np.flatnonzero((c.product == "REUMOFAN PLUS") & (c.event == "WEIGHT INCREASED"))[0]
    assert c.n[i] == 16
    np.testing.assert_allclose(c.expected[i], 0.406436233611442, rtol=1e-12)


@pytest.mark.spark
def test_spark_equals_duckdb(tmp_path: Path, spark) -> None:  # type: ignore[no-untyped-def]
    from speciosa.adapters.analytics import spark_counts

    con = duckdb_counts.connect()
    readers.read_caers(con, CAERS_GZ)
    parquet = tmp_path / "pe.parquet"
    con.execute(f"COPY pe TO '{parquet.as_posix()}' (FORMAT parquet)")
    # Append the hand-checked table under new ids so both rule sets are exercised together.
    small = _small(tmp_path)
    small_parquet = tmp_path / "small.parquet"
    small.execute(f"COPY pe TO '{small_parquet.as_posix()}' (FORMAT parquet)")
    both = tmp_path / "both"
    both.mkdir()
    parquet.rename(both / "a.parquet")
    small_parquet.rename(both / "b.parquet")
    duck_con = duckdb_counts.connect()
    readers.read_csv_source(duck_con, both)
    ours = duckdb_counts.count_pairs(duck_con, progress=False)
    theirs = spark_counts.count_pairs_spark(spark, both)
    assert ours.reports == theirs.reports
    assert np.array_equal(ours.product, theirs.product)
    assert np.array_equal(ours.event, theirs.event)
    for name in ("n", "n1", "n2"):
        assert np.array_equal(getattr(ours, name), getattr(theirs, name))
    assert np.array_equal(ours.expected, theirs.expected)  # bit-identical, not just close


@pytest.mark.spark
def test_cli_spark_engine_gives_the_duckdb_json(spark) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from speciosa.adapters.cli.app import app

    runner = CliRunner()
    args = ["signals", "--source", "caers", str(CAERS_GZ), "--json", "--limit", "25"]
    duck = runner.invoke(app, args)
    on_spark = runner.invoke(app, [*args, "--engine", "spark"])
    assert duck.exit_code == 0, duck.output
    assert on_spark.exit_code == 0, on_spark.output
    assert json.loads(duck.stdout) == json.loads(on_spark.stdout)
