"""CLI commands: signals (disproportionality and EBGM on adverse-event reports)."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from speciosa.adapters.analytics import duckdb_counts, readers
from speciosa.adapters.cli.output import emit, fail, stderr
from speciosa.errors import InputError, SpeciosaError
from speciosa.learn.signals.counts import PairCounts
from speciosa.learn.signals.report import SignalReport, report_payload, score_signals
from speciosa.learn.signals.synonyms import load_kratom_synonyms


class SourceKind(StrEnum):
    FAERS = "faers"
    CAERS = "caers"
    CSV = "csv"


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def _counts(
    source: SourceKind, path: Path, engine: Engine, progress: bool
) -> tuple[PairCounts, readers.ReadReport]:
    synonyms = load_kratom_synonyms()
    with tempfile.TemporaryDirectory(prefix="speciosa-signals-") as tmp:
        con = duckdb_counts.connect(temp_directory=Path(tmp))
        try:
            read = readers.read_source(con, source.value, path, synonyms)
            if read.rows_used == 0:
                raise InputError("PATH", str(path), "a file with at least one well-formed product–event row")
            if engine is Engine.DUCKDB:
                return duckdb_counts.count_pairs(con, progress=progress), read
            from speciosa.adapters.analytics import spark_counts

            parquet = Path(tmp) / "pe.parquet"
            con.execute(f"COPY {readers.TABLE} TO '{parquet.as_posix()}' (FORMAT parquet)")
            spark = spark_counts.local_session()
            return spark_counts.count_pairs_spark(spark, parquet), read
        except duckdb.Error as exc:
            raise InputError(
                "PATH", str(path), f"a readable {source.value} file ({exc.__class__.__name__})"
            ) from exc
        finally:
            con.close()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("signals")
    def signals(
        path: Annotated[Path, typer.Argument(help="Input file (csv, caers) or FAERS folder.")],
        source: Annotated[SourceKind, typer.Option("--source", help="Input format.")] = SourceKind.CSV,
        product: Annotated[
            str | None, typer.Option("--product", help="Show only this product's rows (synonyms applied).")
        ] = None,
        engine: Annotated[Engine, typer.Option("--engine", help="Counting engine.")] = Engine.DUCKDB,
        limit: Annotated[
            int | None, typer.Option("--limit", min=1, help="Show at most this many rows.")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
        html: Annotated[
            Path | None, typer.Option("--html", help="Write an HTML report to this file.")
        ] = None,
    ) -> None:
        """Rank product–event pairs by EB05 (GPS/EBGM) with PRR, ROR and IC; margins use all pairs."""
        try:
            if json_out and html is not None:
                raise InputError("--json/--html", "both", "one of --json or --html")
            counts, read = _counts(source, path, engine, progress=not json_out)
            shown = None
            if product is not None:
                shown = load_kratom_synonyms().canonical_name(product)
            report: SignalReport = score_signals(
                counts,
                product=shown,
                limit=limit,
                warnings=tuple(m for m in (read.message(),) if m),
            )
        except SpeciosaError as exc:
            fail(exc, json_out)
        if read.message():
            stderr.print(f"warning: {read.message()}", highlight=False, markup=False)
        if html is not None:
            from speciosa.adapters.analytics.html_report import render_html

            try:
                html.write_text(render_html(report), encoding="utf-8")
            except OSError as exc:
                fail(InputError("--html", str(html), f"a writable file path ({exc.strerror})"), json_out)
            stderr.print(f"wrote {html}", highlight=False, markup=False)
            return
        emit(report_payload(report) if json_out else report, json_out)
