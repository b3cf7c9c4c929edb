"""Field types shared by every knowledge section."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

UNKNOWN = "unknown"

#: A literal "unknown" where no source gives a value: outputs must say so, never guess.
Unknown = Literal["unknown"]

EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
SourceId = Annotated[str, StringConstraints(pattern=r"^src-[a-z0-9][a-z0-9-]*$", max_length=120)]
SourceIds = Annotated[tuple[SourceId, ...], Field(min_length=1)]


def is_known(value: object) -> bool:
    """True when a knowledge value is a real value rather than the literal ``"unknown"``."""
    return value is not None and value != UNKNOWN


class Enzyme(StrEnum):
    """Drug-metabolising enzymes and transporters speciosa models."""

    CYP3A = "cyp3a"  # CYP3A4/5 together, as clinical DDI data rarely separate them
    CYP2D6 = "cyp2d6"
    CYP2C9 = "cyp2c9"
    CYP2C19 = "cyp2c19"
    CYP2C8 = "cyp2c8"
    CYP1A2 = "cyp1a2"
    CYP2B6 = "cyp2b6"
    UGT = "ugt"
    PGP = "p-gp"
