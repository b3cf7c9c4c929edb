"""Readers: simple CSV (both headers), CAERS raw and long, FAERS latest-version; malformed rows counted."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from speciosa.adapters.analytics import readers
from speciosa.adapters.analytics.bundled import CAERS_2012
from speciosa.errors import InputError
from speciosa.learn.signals.synonyms import load_kratom_synonyms

CAERS_GZ = CAERS_2012


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return sorted(con.execute("SELECT id, product, event FROM pe").fetchall())


def test_csv_with_openebgm_header_and_malformed_rows(tmp_path: Path) -> None:
    f = tmp_path / "pe.csv"
    f.write_text(
        "id,var1,var2\n"
        "1,KRATOM POWDER,NAUSEA\n"
        "1,KRATOM POWDER,NAUSEA\n"  # duplicate mention: kept here, counted once by the engine
        "2,,VOMITING\n"  # missing product
        ",FISH OIL,RASH\n"  # missing id
        "3,FISH OIL,\n"  # missing event
        "4,FISH OIL,RASH,EXTRA\n"  # too many fields: unparseable
        "5,FISH OIL,RASH\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    report = readers.read_csv_source(con, f, load_kratom_synonyms())
    assert report.malformed == {
        "missing-product": 1,
        "missing-id": 1,
        "missing-event": 1,
        "unparseable-line": 1,
    }
    assert report.rows_used == 3
    assert report.rows_read == 7
    assert _rows(con) == [("1", "KRATOM", "NAUSEA"), ("1", "KRATOM", "NAUSEA"), ("5", "FISH OIL", "RASH")]
    assert "4 malformed row(s)" in (report.message() or "")


def test_csv_requires_named_columns(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("report,drug,reaction\n1,A,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="id,product,event"):
        readers.read_csv_source(duckdb.connect(), f)


def test_caers_long_form_gz() -> None:
    con = duckdb.connect()
    report = readers.read_caers(con, CAERS_GZ)
    assert (report.rows_read, report.rows_used, report.malformed) == (20156, 20156, {})
    row = con.execute(
        "SELECT count(DISTINCT id), count(DISTINCT product), count(DISTINCT event) FROM pe"
    ).fetchone()
    assert row == (3356, 2874, 1328)  # the data README's counts


def test_caers_raw_export_is_split_on_symptoms(tmp_path: Path) -> None:
    f = tmp_path / "raw.csv"
    # FDA's own header names; R's read.csv names (RA_Report.. etc.) are accepted too.
    f.write_text(
        '"RA_Report #","PRI_Reported Brand/Product Name","CI_Gender","SYM_One Row Coded Symptoms"\n'
        '65325,"Red Vein Kratom, capsules",Female,"NAUSEA, VOMITING"\n'
        "65326,ACME FISH OIL,Male,\n"
        '65327,ACME FISH OIL,Male,"RASH"\n',
        encoding="utf-8",
    )
    con = duckdb.connect()
    report = readers.read_caers(con, f, load_kratom_synonyms())
    assert report.malformed == {"missing-event": 1}
    assert _rows(con) == [
        ("65325", "KRATOM", "NAUSEA"),
        ("65325", "KRATOM", "VOMITING"),
        ("65327", "ACME FISH OIL", "RASH"),
    ]


def _faers(folder: Path) -> None:
    (folder / "DEMO24Q1.txt").write_text(
        "primaryid$caseid$caseversion$sex\n"
        "1001$100$1$F\n"
        "1002$100$2$F\n"  # later version of case 100: only this one is kept
        "2001$200$1$M\n"
        "3001$300$x$M\n",  # non-integer case version: malformed
        encoding="utf-8",
    )
    (folder / "DRUG24Q1.txt").write_text(
        "primaryid$caseid$drug_seq$role_cod$drugname$prod_ai\n"
        "1001$100$1$PS$OLD DRUG$X\n"
        "1002$100$1$PS$kratom$MITRAGYNINE\n"
        '2001$200$1$PS$SERTRALINE "HCL"$SERTRALINE\n'
        "3001$300$1$PS$ASPIRIN$ASPIRIN\n",
        encoding="utf-8",
    )
    (folder / "REAC24Q1.txt").write_text(
        "primaryid$caseid$pt$drug_rec_act\n"
        "1001$100$Headache$\n"
        "1002$100$Seizure$\n"
        "1002$100$Vomiting$\n"
        "2001$200$Nausea$\n"
        "2001$200$$\n",  # empty preferred term: malformed
        encoding="utf-8",
    )


def test_faers_keeps_latest_case_version(tmp_path: Path) -> None:
    _faers(tmp_path)
    con = duckdb.connect()
    report = readers.read_faers(con, tmp_path, load_kratom_synonyms())
    assert report.cases_superseded == 1
    assert report.malformed == {"demo-bad-case-key": 1, "missing-event": 1}
    assert _rows(con) == [
        ("1002", "KRATOM", "SEIZURE"),
        ("1002", "KRATOM", "VOMITING"),
        ("2001", 'SERTRALINE "HCL"', "NAUSEA"),
    ]


def test_faers_folder_without_extracts_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="FAERS"):
        readers.read_faers(duckdb.connect(), tmp_path)


def test_unknown_source_names_allowed_values(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="faers, caers, csv"):
        readers.read_source(duckdb.connect(), "vaers", tmp_path)
