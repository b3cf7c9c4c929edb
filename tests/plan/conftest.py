"""Fixtures for plan tests: the knowledge base, the synthetic examples and a fixed plan date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from speciosa.knowledge import KnowledgeBase, load_knowledge
from speciosa.patient import PatientRecord, parse_record

EXAMPLES = next(p / "examples" for p in Path(__file__).resolve().parents if (p / "examples").is_dir())
TODAY = date(2026, 11, 25)
ARCHETYPES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def load_example(name: str) -> PatientRecord:
    return parse_record(json.loads((EXAMPLES / f"{name}.json").read_text()))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
