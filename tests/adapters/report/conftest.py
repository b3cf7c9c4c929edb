"""Fixtures for plan tests: the knowledge base, the synthetic examples and a fixed plan date."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

import speciosa.screen
from speciosa.basis import Basis
from speciosa.knowledge import KnowledgeBase, load_knowledge
from speciosa.patient import Condition, KratomUse, Medication, PatientRecord, parse_record
from speciosa.plan import _bridge
from speciosa.plan.model import InteractionLine

EXAMPLES = next(p / "examples" for p in Path(__file__).resolve().parents if (p / "examples").is_dir())
TODAY = date(2026, 11, 25)
ARCHETYPES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def load_example(name: str) -> PatientRecord:
    return parse_record(json.loads((EXAMPLES / f"{name}.json").read_text()))


def _stub_screen(
    kratom: KratomUse | None, meds: Sequence[Medication], conditions: Sequence[Condition], kb: KnowledgeBase
) -> tuple[InteractionLine, ...]:
    # Minimal stand-in used only while speciosa.screen.screen is not in the tree.
    risky = {"oxycodone": "major", "alprazolam": "major", "quetiapine": "moderate", "trazodone": "moderate"}
    return tuple(
        InteractionLine(
            drug=m.name,
            severity=risky[m.name],
            message="additive CNS depression (test stub)",
            basis=Basis(rule="test stub", sources=("src-gl-post-2019",), knowledge_version=kb.version_label),
        )
        for m in meds
        if m.name in risky
    )


@pytest.fixture(autouse=True)
def _screen_until_real(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(speciosa.screen, "screen"):
        monkeypatch.setattr(_bridge, "screen_medications", _stub_screen)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
