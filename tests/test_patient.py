"""PatientRecord validation: every bad field is named; labs carry units and upper limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from speciosa.errors import InputError
from speciosa.patient import LabName, LabResult, PatientRecord, parse_record

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_example_is_a_valid_synthetic_record(path: Path) -> None:
    raw = json.loads(path.read_text())
    assert "SYNTHETIC" in raw["_note"]
    record = parse_record(raw)
    assert record.id.startswith("demo-")


def test_every_bad_field_is_named_in_one_error() -> None:
    raw = {
        "id": "x",
        "age_years": -1,
        "sex": "other",
        "labs": [{"name": "alt", "on": "2026-13-01", "alt_u_per_l": 30, "uln": 40}],
        "scales": [{"instrument": "PHQ 9", "on": "2026-01-01"}],
        "surname": "Doe",
    }
    with pytest.raises(InputError) as info:
        parse_record(raw)
    for field in ("age_years", "sex", "labs.0.on", "scales.0.instrument", "surname"):
        assert field in info.value.field
    assert "greater than or equal to 0" in info.value.allowed


def test_comment_keys_are_ignored_but_other_unknown_keys_are_not() -> None:
    base = {"id": "x", "age_years": 30, "sex": "male"}
    assert parse_record(base | {"_note": "synthetic"}).id == "x"
    with pytest.raises(InputError, match="note"):
        parse_record(base | {"note": "x"})


def test_lab_value_must_match_its_name_and_liver_tests_need_uln() -> None:
    with pytest.raises(ValidationError, match="alt_u_per_l"):
        LabResult(name=LabName.ALT, on="2026-01-01", ast_u_per_l=30, uln=40)
    with pytest.raises(ValidationError, match="uln"):
        LabResult(name=LabName.ALT, on="2026-01-01", alt_u_per_l=30)
    assert LabResult(name=LabName.QTC, on="2026-01-01", qtc_ms=440).value == 440


@given(st.integers().filter(lambda a: a < 0 or a > 120))
def test_out_of_range_age_is_rejected(age: int) -> None:
    with pytest.raises(InputError, match="age_years"):
        parse_record({"id": "x", "age_years": age, "sex": "female"})


def test_scales_and_labs_come_back_in_date_order() -> None:
    r = PatientRecord.model_validate(
        {
            "id": "x",
            "age_years": 30,
            "sex": "male",
            "scales": [
                {"instrument": "phq-9", "on": "2026-02-01", "total": 5},
                {"instrument": "phq-9", "on": "2026-01-01", "total": 9},
            ],
        }
    )
    assert [s.total for s in r.scales_of("phq-9")] == [9, 5]
