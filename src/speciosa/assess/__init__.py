"""Stage 1, assess: validated instruments and (later) kratom use and exposure."""

from speciosa.assess.instruments import InstrumentScore, find_instrument, score

__all__ = ["InstrumentScore", "find_instrument", "score"]
