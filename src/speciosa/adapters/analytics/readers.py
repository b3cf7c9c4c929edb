"""Read adverse-event sources into one long table ``pe(id, product, event)`` inside DuckDB.

Sources:

* ``csv``: a header and one row per product–event mention, ``id,product,event`` or openEBGM's
  ``id,var1,var2`` (other columns ignored); ``.parquet`` files with the same columns too.
* ``caers``: FDA CAERS exports, either the raw shape (one row per report and product, all
  symptoms in one ``", "``-separated field; R's ``read.csv`` names or FDA's own headers) or
  the long form already in ``id,var1,var2``.
* ``faers``: a folder of FAERS quarterly ASCII extracts (``$``-delimited DEMO*, DRUG*, REAC*
  ``.txt``); only the latest version of each case is kept (highest ``caseversion`` per
  ``caseid``, then highest ``primaryid``), and ``id`` is that version's ``primaryid``.

Malformed rows (unparseable lines, a missing id, product or event, a non-integer case
version) are counted by reason in the returned :class:`ReadReport`; they never vanish silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from speciosa.errors import InputError
from speciosa.learn.signals.synonyms import ProductSynonyms

Source = Literal["faers", "caers", "csv"]
SOURCES: tuple[str, ...] = ("faers", "caers", "csv")
TABLE = "pe"


@dataclass(frozen=True, slots=True)
class ReadReport:
    """What was read: rows seen, rows kept in ``pe``, and malformed rows by reason."""

    source: str
    rows_read: int
    rows_used: int
    malformed: dict[str, int] = field(default_factory=dict)
    cases_superseded: int = 0

    @property
    def malformed_total(self) -> int:
        return sum(self.malformed.values())

    def message(self) -> str | None:
        """A one-line warning when rows were malformed, else ``None``."""
        if not self.malformed_total:
            return None
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.malformed.items()) if v)
        return f"{self.malformed_total} malformed row(s) not counted ({detail})"


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _norm(name: str) -> str:
    # R's read.csv turns spaces, '#' and '/' into dots; normalise FDA headers the same way.
    return re.sub(r"[^A-Za-z0-9_]", ".", name)


def _rejected_lines(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(DISTINCT (scan_id, file_id, line)) FROM reject_errors").fetchone()
    return int(row[0]) if row else 0


def _csv_scan(paths: list[Path], delim: str = ",", quote: str = '"') -> str:
    files = "[" + ", ".join(_sql_str(str(p)) for p in paths) + "]"
    return (
        f"read_csv({files}, header = true, all_varchar = true, delim = {_sql_str(delim)}, "
        f"quote = {_sql_str(quote)}, store_rejects = true)"
    )


def _columns(con: duckdb.DuckDBPyConnection, scan: str) -> list[str]:
    return [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]  # noqa: S608


def _product_expr(column: str, synonyms: ProductSynonyms | None) -> str:
    if synonyms is None:
        return column
    return (
        f"CASE WHEN regexp_matches(lower(trim({column})), {_sql_str(synonyms.pattern())}) "
        f"THEN {_sql_str(synonyms.canonical)} ELSE {column} END"
    )


def _blank(col: str) -> str:
    return f"({col} IS NULL OR trim({col}) = '')"


def _finish(
    con: duckdb.DuckDBPyConnection, source: str, staged: str, rejected: int, extra: dict[str, int]
) -> ReadReport:
    """Count malformed staged rows by reason, then keep the good ones in ``pe``."""
    row = con.execute(
        f"SELECT count(*), count(*) FILTER ({_blank('id')}), "  # noqa: S608
        f"count(*) FILTER (NOT {_blank('id')} AND {_blank('product')}), "
        f"count(*) FILTER (NOT {_blank('id')} AND NOT {_blank('product')} AND {_blank('event')}) "
        f"FROM {staged}"
    ).fetchone()
    total, no_id, no_product, no_event = (int(x) for x in (row or (0, 0, 0, 0)))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {TABLE} AS SELECT id, product, event FROM {staged} "  # noqa: S608
        f"WHERE NOT {_blank('id')} AND NOT {_blank('product')} AND NOT {_blank('event')}"
    )
    used_row = con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()  # noqa: S608
    malformed = {
        "unparseable-line": rejected,
        "missing-id": no_id,
        "missing-product": no_product,
        "missing-event": no_event,
    } | extra
    return ReadReport(
        source,
        total + rejected,
        int(used_row[0]) if used_row else 0,
        {k: v for k, v in malformed.items() if v},
    )


def _long_from_table(
    con: duckdb.DuckDBPyConnection, scan: str, source: str, synonyms: ProductSynonyms | None, rejected: int
) -> ReadReport:
    cols = _columns(con, scan)
    lower = {c.lower(): c for c in cols}
    product = lower.get("product") or lower.get("var1")
    event = lower.get("event") or lower.get("var2")
    ident = lower.get("id")
    if not (ident and product and event):
        raise InputError("PATH columns", cols, "a header with id,product,event (or id,var1,var2)")
    product_sql = _product_expr(f'CAST("{product}" AS VARCHAR)', synonyms)
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE _staged AS SELECT CAST("{ident}" AS VARCHAR) AS id, '  # noqa: S608
        f'{product_sql} AS product, CAST("{event}" AS VARCHAR) AS event FROM {scan}'
    )
    return _finish(con, source, "_staged", rejected, {})


def read_csv_source(
    con: duckdb.DuckDBPyConnection, path: Path, synonyms: ProductSynonyms | None = None
) -> ReadReport:
    """The simple product–event file (CSV, a Parquet file, or a folder of Parquet files) into ``pe``."""
    if path.is_dir() and any(path.glob("*.parquet")):
        scan = f"read_parquet({_sql_str(str(path / '*.parquet'))})"
        return _long_from_table(con, scan, "csv", synonyms, 0)
    if not path.is_file():
        raise InputError("PATH", str(path), "an existing CSV or Parquet file, or a folder of Parquet files")
    if path.suffix.lower() == ".parquet":
        return _long_from_table(con, f"read_parquet({_sql_str(str(path))})", "csv", synonyms, 0)
    scan = _csv_scan([path])
    con.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {scan}")  # noqa: S608
    return _long_from_table(con, "_raw", "csv", synonyms, _rejected_lines(con))


_CAERS_ID = ("RA_Report..", "RA_Report.")
_CAERS_PRODUCT = "PRI_Reported.Brand.Product.Name"
_CAERS_SYMPTOMS = "SYM_One.Row.Coded.Symptoms"


def read_caers(
    con: duckdb.DuckDBPyConnection, path: Path, synonyms: ProductSynonyms | None = None
) -> ReadReport:
    """A CAERS export, raw (one row per report and product) or long (``id,var1,var2``), into ``pe``."""
    if not path.is_file():
        raise InputError("PATH", str(path), "an existing CAERS CSV export")
    scan = _csv_scan([path])
    con.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {scan}")  # noqa: S608
    rejected = _rejected_lines(con)
    cols = _columns(con, "_raw")
    by_norm = {_norm(c): c for c in cols}
    ident = next((by_norm[k] for k in _CAERS_ID if k in by_norm), None)
    if ident is None or _CAERS_PRODUCT not in by_norm or _CAERS_SYMPTOMS not in by_norm:
        if {"id", "var1", "var2"} <= {c.lower() for c in cols} or {"id", "product", "event"} <= {
            c.lower() for c in cols
        }:
            return _long_from_table(con, "_raw", "caers", synonyms, rejected)
        raise InputError(
            "PATH columns",
            cols,
            "CAERS raw columns (RA_Report #, PRI_Reported Brand/Product Name, SYM_One Row Coded Symptoms) "
            "or the long form id,var1,var2",
        )
    product, symptoms = by_norm[_CAERS_PRODUCT], by_norm[_CAERS_SYMPTOMS]
    # One row per symptom; a report with no symptom keeps one row with a NULL event (counted).
    product_sql = _product_expr(f'"{product}"', synonyms)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _staged AS "  # noqa: S608
        f'SELECT "{ident}" AS id, {product_sql} AS product, '
        "trim(s.event) AS event FROM _raw LEFT JOIN LATERAL "
        f"(SELECT unnest(string_split(\"{symptoms}\", ', ')) AS event) s ON true"
    )
    return _finish(con, "caers", "_staged", rejected, {})


_FAERS_COLUMNS = {
    "DEMO": ("primaryid", "caseid", "caseversion"),
    "DRUG": ("primaryid", "drugname"),
    "REAC": ("primaryid", "pt"),
}


def _faers_files(folder: Path, kind: str) -> list[Path]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and re.fullmatch(rf"{kind}\d{{2}}q\d\.txt", p.name, flags=re.IGNORECASE)
    )
    if not files:
        raise InputError("PATH", str(folder), f"a folder holding FAERS ASCII files ({kind}yyQn.txt)")
    return files


def read_faers(
    con: duckdb.DuckDBPyConnection, folder: Path, synonyms: ProductSynonyms | None = None
) -> ReadReport:
    """FAERS quarterly ASCII extracts (DEMO, DRUG, REAC) into ``pe``, latest case version only."""
    if not folder.is_dir():
        raise InputError("PATH", str(folder), "a folder of FAERS quarterly ASCII extracts")
    rejected = 0
    for kind, wanted in _FAERS_COLUMNS.items():
        table = f"_{kind.lower()}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({', '.join(c + ' VARCHAR' for c in wanted)})")
        for path in _faers_files(folder, kind):
            # FAERS fields are '$'-delimited and never quoted; a quote inside a drug name is literal.
            scan = _csv_scan([path], delim="$", quote="")
            have = {c.lower(): c for c in _columns(con, scan)}
            missing = [c for c in wanted if c not in have]
            if missing:
                raise InputError(f"{path.name} columns", sorted(have), "FAERS columns " + ", ".join(wanted))
            select = ", ".join(f'"{have[c]}"' for c in wanted)
            con.execute(f"INSERT INTO {table} SELECT {select} FROM {scan}")  # noqa: S608
            rejected += _rejected_lines(con)
    bad_key = f"({_blank('primaryid')} OR {_blank('caseid')} OR TRY_CAST(caseversion AS BIGINT) IS NULL)"
    bad_demo_row = con.execute(f"SELECT count(*) FILTER {bad_key} FROM _demo").fetchone()  # noqa: S608
    bad_demo = int(bad_demo_row[0]) if bad_demo_row else 0
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _latest AS SELECT primaryid FROM ("  # noqa: S608
        "SELECT primaryid, row_number() OVER (PARTITION BY caseid "
        "ORDER BY TRY_CAST(caseversion AS BIGINT) DESC, TRY_CAST(primaryid AS BIGINT) DESC) AS rn "
        f"FROM _demo WHERE NOT {bad_key}) WHERE rn = 1"
    )
    counts = con.execute(
        "SELECT (SELECT count(*) FROM _demo), (SELECT count(*) FROM _latest)"
    ).fetchone() or (0, 0)
    superseded = int(counts[0]) - bad_demo - int(counts[1])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _staged AS SELECT l.primaryid AS id, "  # noqa: S608
        f"{_product_expr('upper(trim(d.drugname))', synonyms)} AS product, upper(trim(r.pt)) AS event "
        "FROM _latest l JOIN _drug d ON d.primaryid = l.primaryid JOIN _reac r ON r.primaryid = l.primaryid"
    )
    report = _finish(con, "faers", "_staged", rejected, {"demo-bad-case-key": bad_demo})
    return ReadReport(report.source, report.rows_read, report.rows_used, report.malformed, superseded)


def read_source(
    con: duckdb.DuckDBPyConnection, source: str, path: Path, synonyms: ProductSynonyms | None = None
) -> ReadReport:
    """Dispatch on ``source`` (``faers``, ``caers`` or ``csv``)."""
    if source == "faers":
        return read_faers(con, path, synonyms)
    if source == "caers":
        return read_caers(con, path, synonyms)
    if source == "csv":
        return read_csv_source(con, path, synonyms)
    raise InputError("--source", source, ", ".join(SOURCES))
