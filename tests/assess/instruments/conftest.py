"""Shared fixtures for instrument tests: the real knowledge base and an answer builder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from speciosa.knowledge import KnowledgeBase, load_knowledge
from speciosa.knowledge.instruments import Instrument


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _build(inst: Instrument, total: int, avoid_last: bool) -> list[int | None]:
    """Greedy answers reaching ``total`` exactly, filling items in order (optionally the last item last)."""
    order = list(range(len(inst.items)))
    if avoid_last:
        order = order[:-1] + order[-1:]
    answers: list[int] = [min(i.values) for i in inst.items]
    remaining = total - sum(answers)
    for index in order:
        values = sorted(inst.items[index].values)
        best = max((v for v in values if v - answers[index] <= remaining), default=answers[index])
        remaining -= best - answers[index]
        answers[index] = best
    if remaining:
        raise ValueError(f"cannot reach {total} on {inst.id}")
    return list(answers)


@pytest.fixture(scope="session")
def answers_for(kb: KnowledgeBase) -> Callable[[str, int], list[int | None]]:
    """Answers summing to ``total``; for the PHQ-9, item 9 stays 0 while the others can carry the total."""

    def make(instrument_id: str, total: int) -> list[int | None]:
        inst = next(i for i in kb.instruments if i.id == instrument_id)
        return _build(inst, total, avoid_last=True)

    return make
