"""Drug catalogue schema: what speciosa knows about each medication a patient with MDD may take."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from speciosa.basis import Frozen
from speciosa.knowledge.common import EntryId, Enzyme, SourceIds, Unknown

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class DrugClass(StrEnum):
    SSRI = "ssri"
    SNRI = "snri"
    TCA = "tca"
    MAOI = "maoi"
    ATYPICAL_ANTIDEPRESSANT = "atypical-antidepressant"
    SEROTONIN_MODULATOR = "serotonin-modulator"
    ANTIPSYCHOTIC = "antipsychotic"
    MOOD_STABILIZER = "mood-stabilizer"
    BENZODIAZEPINE = "benzodiazepine"
    Z_DRUG = "z-drug"
    OPIOID_AGONIST = "opioid-agonist"
    OPIOID_PARTIAL_AGONIST = "opioid-partial-agonist"
    OPIOID_ANTAGONIST = "opioid-antagonist"
    GABAPENTINOID = "gabapentinoid"
    STIMULANT = "stimulant"
    ANTICONVULSANT = "anticonvulsant"
    ANTIHISTAMINE = "antihistamine"
    ANTIARRHYTHMIC = "antiarrhythmic"
    ANTIMICROBIAL = "antimicrobial"
    ANTIFUNGAL = "antifungal"
    ANTIRETROVIRAL = "antiretroviral"
    ANTIEMETIC = "antiemetic"
    MUSCLE_RELAXANT = "muscle-relaxant"
    ANTIDIARRHEAL = "antidiarrheal"
    HYPNOTIC = "hypnotic"
    CARDIOVASCULAR = "cardiovascular"
    INDEX_SUBSTRATE = "index-substrate"
    SUBSTANCE = "substance"  # alcohol, cannabis: not medicines, but screened the same way
    OTHER = "other"


class PerpetratorStrength(StrEnum):
    """FDA classification of a perpetrator's clinical effect on an index substrate."""

    STRONG_INHIBITOR = "strong-inhibitor"
    MODERATE_INHIBITOR = "moderate-inhibitor"
    WEAK_INHIBITOR = "weak-inhibitor"
    STRONG_INDUCER = "strong-inducer"
    MODERATE_INDUCER = "moderate-inducer"
    WEAK_INDUCER = "weak-inducer"


class QtRisk(StrEnum):
    """QT risk category (CredibleMeds-style wording; the source says which list was read).

    ``NOT_ASSESSED`` (the default) means no QT source was read for the drug: it is *not* a statement
    of safety. ``REPORTED`` means a review read lists QT prolongation/torsade de pointes for the drug
    without a CredibleMeds category. ``LABEL_WARNING`` means a regulator's label or safety
    communication warns of QT prolongation/torsade de pointes (no CredibleMeds category verified).
    ``POSSIBLE``/``CONDITIONAL``/``KNOWN`` are reserved for CredibleMeds categories actually read.
    """

    NOT_ASSESSED = "not-assessed"
    NONE_KNOWN = "none-known"
    POSSIBLE = "possible"
    CONDITIONAL = "conditional"
    REPORTED = "reported"
    LABEL_WARNING = "label-warning"
    KNOWN = "known"

    @property
    def is_risk(self) -> bool:
        """True when a source read reports QT prolongation or TdP (any value but not-assessed/none-known)."""
        return self not in (QtRisk.NOT_ASSESSED, QtRisk.NONE_KNOWN)


class FractionMetabolized(Frozen):
    """fm: the fraction of the drug's clearance through one enzyme, as published."""

    enzyme: Enzyme
    fm: Fraction | Unknown
    sources: SourceIds
    note: str | None = None


class PerpetratorRole(Frozen):
    """The drug as a perpetrator: inhibits or induces an enzyme (e.g. FDA strong CYP3A inhibitor)."""

    enzyme: Enzyme
    strength: PerpetratorStrength
    sources: SourceIds


class PharmacodynamicProfile(Frozen):
    """Pharmacodynamic properties that combine with kratom's; each true flag is backed by sources.

    A ``False`` flag means "not flagged by a source we read", not "known to be absent".
    """

    cns_depressant: bool = False
    respiratory_depressant: bool = False
    serotonergic: bool = False
    qt_risk: QtRisk = QtRisk.NOT_ASSESSED
    lowers_seizure_threshold: bool = False
    hepatotoxic: bool = False
    adrenergic: bool = False
    opioid_agonist: bool = False
    opioid_antagonist: bool = False
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _flags_have_sources(self) -> PharmacodynamicProfile:
        flagged = [name for name in _PD_FLAGS if getattr(self, name)]
        if self.qt_risk not in (QtRisk.NOT_ASSESSED,):
            flagged.append("qt_risk")
        if flagged and not self.sources:
            raise ValueError(f"pharmacodynamic flags {flagged} need pd.sources")
        return self


_PD_FLAGS = (
    "cns_depressant",
    "respiratory_depressant",
    "serotonergic",
    "lowers_seizure_threshold",
    "hepatotoxic",
    "adrenergic",
    "opioid_agonist",
    "opioid_antagonist",
)


#: Phrase the notes of an entry must contain when some of its brands were not verified in a source read.
_UNVERIFIED_BRANDS_NOTE = "brands not verified against a label"


class Drug(Frozen):
    """One catalogue entry. Unknown values are the literal "unknown"."""

    id: EntryId
    name: str = Field(min_length=2, description="Generic (INN/USAN) name, lower case.")
    brands: tuple[str, ...] = ()
    brands_sources: tuple[str, ...] = Field(
        default=(),
        description="Sources in which the brand-to-generic mapping of the verified brands was read.",
    )
    brands_unverified: tuple[str, ...] = Field(
        default=(),
        description="Brands kept (unambiguous, widely known) but not verified against a label or list read.",
    )
    synonyms: tuple[str, ...] = ()
    classes: Annotated[tuple[DrugClass, ...], Field(min_length=1)]
    rxnorm: Annotated[str, Field(pattern=r"^\d+$")] | Unknown
    atc: tuple[Annotated[str, Field(pattern=r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")], ...] | Unknown
    fm: tuple[FractionMetabolized, ...] = ()
    fg: Fraction | Unknown = "unknown"
    fg_sources: tuple[str, ...] = ()
    perpetrator: tuple[PerpetratorRole, ...] = ()
    pd: PharmacodynamicProfile = PharmacodynamicProfile()
    narrow_therapeutic_index: bool = False
    sources: SourceIds
    notes: str | None = None

    @model_validator(mode="after")
    def _fg_has_source(self) -> Drug:
        if self.fg != "unknown" and not self.fg_sources:
            raise ValueError(f"drug {self.id}: fg given without fg_sources")
        return self

    @model_validator(mode="after")
    def _brands_are_accounted_for(self) -> Drug:
        # Wrong brand -> wrong drug screened: every brand is either backed by brands_sources or listed
        # as unverified, and unverified brands are also called out in the notes a clinician reads.
        unknown = set(self.brands_unverified) - set(self.brands)
        if unknown:
            raise ValueError(f"drug {self.id}: brands_unverified {sorted(unknown)} are not in brands")
        if self.brands and not self.brands_sources and set(self.brands) != set(self.brands_unverified):
            raise ValueError(
                f"drug {self.id}: brands without brands_sources must all be in brands_unverified"
            )
        if self.brands_unverified and _UNVERIFIED_BRANDS_NOTE not in (self.notes or "").lower():
            raise ValueError(f"drug {self.id}: notes must say '{_UNVERIFIED_BRANDS_NOTE}'")
        return self

    def names(self) -> tuple[str, ...]:
        """Every name this entry answers to: generic name, brands and synonyms."""
        return (self.name, *self.brands, *self.synonyms)


def load_drugs() -> tuple[Drug, ...]:
    """Every drug entry under data/drugs/."""
    from speciosa.knowledge.loader import load_section

    return load_section(Drug, "drugs")
