"""Condition rules: exact, fuzzy and whole-phrase matching of EHR problem-list text."""

from __future__ import annotations

import pytest

from speciosa.knowledge import load_knowledge
from speciosa.screen.contraindications import screen_conditions


@pytest.mark.parametrize(
    ("text", "rule_word"),
    [
        ("Pregnancy, second trimester", "pregnan"),
        ("Epilepsy, generalized", "seizure"),
        ("Long QT syndrome type 2", "qt"),
    ],
)
def test_rule_phrase_inside_longer_ehr_text_is_recognised(text: str, rule_word: str) -> None:
    (finding,) = screen_conditions([text], load_knowledge().interaction_rules)
    assert finding.recognised
    assert rule_word in (finding.rule or "")


@pytest.mark.parametrize("text", ["No history of seizures", "Denies pregnancy", "Hepatitis ruled out"])
def test_negated_text_is_not_matched_by_containment(text: str) -> None:
    (finding,) = screen_conditions([text], load_knowledge().interaction_rules)
    assert not finding.recognised


def test_a_word_inside_another_word_does_not_match() -> None:
    # "sud" (substance use disorder) must not match inside "sudden".
    (finding,) = screen_conditions(["Sudden sensorineural hearing loss"], load_knowledge().interaction_rules)
    assert not finding.recognised
