"""The one exception hierarchy of speciosa.

* SpeciosaError
  x InputError(ValueError)      bad value from a caller; .field .value .allowed
    + UnknownDrugError           not in the knowledge base
    + IncompleteInstrumentError  too many missing items to score
  x KnowledgeError               a data file breaks its schema or lacks a source (fails CI at load)
  x OutsideValidatedRangeError   a model asked beyond the range it was validated on

Adapters translate these once: the CLI to exit codes 2 (InputError) and 1 (the rest), the API to
RFC 9457 problem+json (422 for InputError).
"""

from __future__ import annotations


class SpeciosaError(Exception):
    """Base class of every error speciosa raises on purpose."""


class InputError(SpeciosaError, ValueError):
    """A caller gave a value speciosa cannot use; names the field and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        super().__init__(f"{field}: got {value!r}; allowed: {allowed}")
        self.field = field
        self.value = value
        self.allowed = allowed


class UnknownDrugError(InputError):
    """A medication name that the knowledge base does not recognise."""

    def __init__(self, field: str, value: object, suggestions: tuple[str, ...] = ()) -> None:
        allowed = "a drug in the knowledge base"
        if suggestions:
            allowed += f" (did you mean: {', '.join(suggestions)}?)"
        super().__init__(field, value, allowed)
        self.suggestions = suggestions


class IncompleteInstrumentError(InputError):
    """Too many items are missing for the instrument's authors' rule to allow a score."""


class KnowledgeError(SpeciosaError):
    """A knowledge data file is invalid: schema, missing source, unresolved reference."""


class OutsideValidatedRangeError(SpeciosaError):
    """A model was asked for a prediction outside the range it was validated on."""
