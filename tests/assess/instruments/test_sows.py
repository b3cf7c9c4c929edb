"""SOWS: Handelsman et al., Am J Drug Alcohol Abuse 1987;13:293-308: 16 symptoms rated 0 (not at all)
to 4 (extremely), total 0-64. No severity bands are published, so none is applied."""

from __future__ import annotations

import pytest

from speciosa.assess.instruments import score
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase


def test_total_and_no_band(kb: KnowledgeBase) -> None:
    answers = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0]  # sum 30
    result = score("sows", answers, kb)
    assert (result.total, result.severity, result.valid) == (30, None, True)
    assert any("no severity bands" in w for w in result.warnings)


def test_range_ends(kb: KnowledgeBase) -> None:
    assert score("sows", [0] * 16, kb).total == 0
    assert score("sows", [4] * 16, kb).total == 64


def test_item_text_is_not_redistributed(kb: KnowledgeBase) -> None:
    inst = next(i for i in kb.instruments if i.id == "sows")
    assert not inst.licence.text_included
    assert all(item.text is None for item in inst.items)


def test_value_5_rejected(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match=r"item 16: got 5; allowed: 0, 1, 2, 3, 4"):
        score("sows", [0] * 15 + [5], kb)
