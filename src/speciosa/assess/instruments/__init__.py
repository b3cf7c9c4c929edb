"""Validated assessment instruments: a pure, data-driven scoring engine.

Every instrument (PHQ-9, PHQ-2, GAD-7, AUDIT-C, SOWS, COWS) is defined in
``knowledge/data/instruments/<id>.yaml``; no instrument needs its own module because every special
rule (PHQ-9 item 9 alert, functional-difficulty question, AUDIT-C cut-offs by sex) is data.
"""

from speciosa.assess.instruments.engine import find_instrument, score
from speciosa.assess.instruments.result import InstrumentScore

__all__ = ["InstrumentScore", "find_instrument", "score"]
