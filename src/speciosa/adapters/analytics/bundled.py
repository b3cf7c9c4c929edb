"""Adverse-event data shipped with the package, and its signal report scored once and cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from speciosa.adapters.analytics import duckdb_counts, readers
from speciosa.learn.signals.report import SignalReport, score_signals
from speciosa.learn.signals.synonyms import load_kratom_synonyms

#: FDA CAERS 2012 dietary-supplement reports as bundled in openEBGM 0.9.1 (see data/README.md).
CAERS_2012 = Path(__file__).parent / "data" / "caers-2012.csv.gz"
CAERS_2012_LABEL = "FDA CAERS, dietary supplements, reports received in 2012 (openEBGM 0.9.1 caers)"


@cache
def caers_2012_report() -> SignalReport:
    """Every pair of the bundled CAERS data, scored and ranked by EB05 (about 1 s, once per process)."""
    con = duckdb_counts.connect()
    try:
        readers.read_caers(con, CAERS_2012, load_kratom_synonyms())
        counts = duckdb_counts.count_pairs(con, progress=False)
    finally:
        con.close()
    return score_signals(counts)
