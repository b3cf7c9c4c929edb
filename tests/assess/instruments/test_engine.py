"""Engine rules that no current instrument exercises: prorating (half-up) on a synthetic instrument."""

from __future__ import annotations

from typing import Any

import pytest

from speciosa.assess.instruments import score
from speciosa.knowledge import KnowledgeBase
from speciosa.knowledge.instruments import Instrument


def _kb_with_prorating(kb: KnowledgeBase) -> KnowledgeBase:
    phq2 = next(i for i in kb.instruments if i.id == "gad-7").model_dump()
    phq2 |= {
        "id": "test-prorate",
        "short_name": "TEST-3",
        "bands": [],
        "positive_screen": [],
        "alert_rules": [],
    }
    phq2["items"] = phq2["items"][:3]
    phq2["missing_items"] = {
        "kind": "prorate",
        "max_missing": 1,
        "description": "Synthetic: prorate 1 missing.",
        "sources": ["src-inst-spitzer-2006-gad7"],
    }
    inst = Instrument.model_validate(phq2)
    return kb.model_copy(update={"instruments": (*kb.instruments, inst)})


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([1, 0, None], 2),  # 1 * 3/2 = 1.5 -> 2 (half up)
        ([1, 2, None], 5),  # 3 * 3/2 = 4.5 -> 5
        ([3, 3, None], 9),  # 6 * 3/2 = 9
        ([None, 0, 0], 0),
    ],
)
def test_prorate_rounds_half_up(kb: KnowledgeBase, answers: list[int | None], total: int) -> None:
    result = score("test-prorate", answers, _kb_with_prorating(kb))
    assert (result.total, result.prorated, result.valid) == (total, True, True)


def test_prorate_beyond_max_missing_is_invalid(kb: KnowledgeBase) -> None:
    result = score("test-prorate", [1, None, None], _kb_with_prorating(kb))
    assert (result.total, result.valid, result.missing_items) == (None, False, (2, 3))


def test_schema_rejects_bands_with_a_gap(kb: KnowledgeBase) -> None:
    raw: dict[str, Any] = next(i for i in kb.instruments if i.id == "phq-9").model_dump()
    raw["bands"][1]["min_score"] = 6
    with pytest.raises(ValueError, match="band mild starts at 6, expected 5"):
        Instrument.model_validate(raw)
