"""Kratom pharmacology schema: alkaloids, products, enzyme inhibition, physiological constants.

Every number lives in ``data/pharmacology/*.yaml`` with its sources; a value nobody has read in a
source is the literal ``"unknown"`` and the screen says so instead of guessing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, PositiveFloat, model_validator

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.knowledge.common import EntryId, Enzyme, SourceIds, Unknown
from speciosa.knowledge.loader import parse_entries, read_yaml

PositiveOrUnknown = PositiveFloat | Unknown
NonNegative = Annotated[float, Field(ge=0.0)]


class ReceptorActivity(Frozen):
    receptor: str
    action: str
    ki_nm: PositiveOrUnknown = "unknown"
    sources: SourceIds


class PkStudy(Frozen):
    """Human PK of one alkaloid in one study; medians (range) where the source gives them."""

    study: str
    dose_mg: PositiveOrUnknown
    tmax_h: PositiveOrUnknown
    cmax_nm: PositiveOrUnknown
    cmax_nm_low: PositiveFloat | None = None
    cmax_nm_high: PositiveFloat | None = None
    half_life_h: PositiveOrUnknown
    half_life_h_low: PositiveFloat | None = None
    half_life_h_high: PositiveFloat | None = None
    auc_inf_nm_h: PositiveOrUnknown
    cl_f_l_per_h: PositiveOrUnknown
    cl_f_l_per_h_low: PositiveFloat | None = None
    cl_f_l_per_h_high: PositiveFloat | None = None
    vz_f_l: PositiveOrUnknown
    use_for_exposure: bool = False
    note: str | None = None
    sources: SourceIds


class Alkaloid(Frozen):
    id: EntryId
    name: str
    molar_mass_g_per_mol: PositiveOrUnknown
    molar_mass_sources: tuple[str, ...] = ()
    share_of_total_alkaloids: Annotated[float, Field(gt=0, le=1)] | Unknown = "unknown"
    share_sources: tuple[str, ...] = ()
    receptors: tuple[ReceptorActivity, ...] = ()
    metabolism: str
    metabolism_sources: tuple[str, ...] = ()
    pk: tuple[PkStudy, ...] = ()
    bioavailability: Annotated[float, Field(gt=0, le=1)] | Unknown = "unknown"
    bioavailability_note: str | None = None
    fraction_unbound_plasma: Annotated[float, Field(gt=0, le=1)] | Unknown = "unknown"
    fraction_unbound_note: str | None = None
    hepatic_inlet_unbound_um_per_reference_dose: PositiveOrUnknown = "unknown"
    hepatic_inlet_sources: tuple[str, ...] = ()
    hepatic_inlet_note: str | None = None
    sources: SourceIds

    @model_validator(mode="after")
    def _numbers_have_sources(self) -> Alkaloid:
        pairs = [
            (self.molar_mass_g_per_mol, self.molar_mass_sources, "molar_mass"),
            (self.share_of_total_alkaloids, self.share_sources, "share"),
            (self.hepatic_inlet_unbound_um_per_reference_dose, self.hepatic_inlet_sources, "hepatic_inlet"),
        ]
        for value, sources, name in pairs:
            if value != "unknown" and not sources:
                raise ValueError(f"alkaloid {self.id}: {name} given without {name}_sources")
        return self

    def exposure_pk(self) -> PkStudy | None:
        """The PK row the exposure model scales from (``use_for_exposure``), if any."""
        return next((p for p in self.pk if p.use_for_exposure), None)


class InhibitionKind(StrEnum):
    REVERSIBLE = "reversible"
    TIME_DEPENDENT = "time-dependent"
    INDUCTION = "induction"


class Site(StrEnum):
    LIVER = "liver"
    GUT = "gut"
    BOTH = "both"


class Inhibition(Frozen):
    """In-vitro inhibition/induction of one enzyme by one alkaloid, with its experimental system."""

    id: EntryId
    alkaloid: EntryId
    enzyme: Enzyme
    site: Site
    kind: InhibitionKind
    system: str
    ic50_um: PositiveFloat | None = None
    ki_um: PositiveOrUnknown | None = None
    ki_um_sd: NonNegative | None = None
    ki_basis: str | None = None
    ki_inact_um: PositiveFloat | None = None
    ki_inact_um_sd: NonNegative | None = None
    kinact_per_min: PositiveFloat | None = None
    kinact_per_min_sd: NonNegative | None = None
    fu_inc: Annotated[float, Field(gt=0, le=1)] | Unknown = "unknown"
    model: bool = False
    sources: SourceIds

    @model_validator(mode="after")
    def _kind_has_parameters(self) -> Inhibition:
        tdi = self.model and self.kind is InhibitionKind.TIME_DEPENDENT
        if tdi and (self.ki_inact_um is None or self.kinact_per_min is None):
            raise ValueError(f"{self.id}: a modelled TDI entry needs ki_inact_um and kinact_per_min")
        if self.model and self.kind is InhibitionKind.REVERSIBLE and not isinstance(self.ki_um, float):
            raise ValueError(f"{self.id}: a modelled reversible entry needs a numeric ki_um")
        return self


class Product(Frozen):
    """A kratom product type: how its amount is entered and its published alkaloid content."""

    id: EntryId
    amount: str = Field(pattern=r"^(leaf-grams|extract-mg)$")
    mitragynine_mg_per_g_point: PositiveOrUnknown
    mitragynine_mg_per_g_low: PositiveFloat
    mitragynine_mg_per_g_high: PositiveFloat
    point_basis: str
    seven_oh_mg_per_g_point: PositiveOrUnknown
    seven_oh_mg_per_g_low: NonNegative | Unknown
    seven_oh_mg_per_g_high: PositiveOrUnknown
    seven_oh_basis: str
    unknowns: tuple[str, ...] = ()
    sources: SourceIds

    @model_validator(mode="after")
    def _ordered(self) -> Product:
        if self.mitragynine_mg_per_g_low > self.mitragynine_mg_per_g_high:
            raise ValueError(f"product {self.id}: low > high")
        return self


class Constant(Frozen):
    """A model constant; the unit is in the id (``intestinal-volume-ml``)."""

    id: EntryId
    description: str
    value: PositiveOrUnknown
    low: PositiveFloat | None = None
    high: PositiveFloat | None = None
    sources: SourceIds


class ValidationCase(Frozen):
    """A clinical DDI observation and the cited victim parameters used to predict it."""

    id: EntryId
    perpetrator: str
    victim: str
    kratom_product: str | None = None
    kratom_grams: PositiveFloat | None = None
    observed_auc_ratio: PositiveFloat
    observed_low: PositiveFloat | None = None
    observed_high: PositiveFloat | None = None
    observed_sources: SourceIds
    victim_fm: dict[Enzyme, Annotated[float, Field(ge=0, le=1)]]
    victim_fm_alternative: dict[Enzyme, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)
    victim_fm_sources: SourceIds
    victim_fm_note: str | None = None
    victim_fg: Annotated[float, Field(gt=0, le=1)] | Unknown
    victim_fg_sources: tuple[str, ...] = ()
    published_prediction: PositiveFloat | None = None
    published_prediction_sources: tuple[str, ...] = ()
    note: str | None = None


class Pharmacology(Frozen):
    """Kratom pharmacology: alkaloids, inhibition, products, model constants."""

    alkaloids: tuple[Alkaloid, ...] = ()
    inhibition: tuple[Inhibition, ...] = ()
    products: tuple[Product, ...] = ()
    constants: tuple[Constant, ...] = ()
    validation_cases: tuple[ValidationCase, ...] = ()

    def alkaloid(self, alkaloid_id: str) -> Alkaloid:
        for entry in self.alkaloids:
            if entry.id == alkaloid_id:
                return entry
        raise KnowledgeError(f"pharmacology: no alkaloid {alkaloid_id!r}")

    def product(self, product_id: str) -> Product:
        for entry in self.products:
            if entry.id == product_id:
                return entry
        raise KnowledgeError(f"pharmacology: no product {product_id!r}")

    def constant(self, constant_id: str) -> Constant:
        for entry in self.constants:
            if entry.id == constant_id:
                return entry
        raise KnowledgeError(f"pharmacology: no constant {constant_id!r}")

    def number(self, constant_id: str) -> float:
        """A constant the model cannot run without; KnowledgeError if it is ``unknown``."""
        value = self.constant(constant_id).value
        if not isinstance(value, float):
            raise KnowledgeError(f"pharmacology: constant {constant_id!r} is unknown")
        return value

    def modelled(self, alkaloid_id: str) -> tuple[Inhibition, ...]:
        return tuple(i for i in self.inhibition if i.model and i.alkaloid == alkaloid_id)


def load_pharmacology() -> Pharmacology:
    """Read data/pharmacology/{alkaloids,inhibition,products,constants}.yaml."""
    folder = "pharmacology"
    pharm = Pharmacology(
        alkaloids=parse_entries(Alkaloid, read_yaml(f"{folder}/alkaloids.yaml"), f"{folder}/alkaloids.yaml"),
        inhibition=parse_entries(
            Inhibition, read_yaml(f"{folder}/inhibition.yaml"), f"{folder}/inhibition.yaml"
        ),
        products=parse_entries(Product, read_yaml(f"{folder}/products.yaml"), f"{folder}/products.yaml"),
        constants=parse_entries(Constant, read_yaml(f"{folder}/constants.yaml"), f"{folder}/constants.yaml"),
        validation_cases=parse_entries(
            ValidationCase, read_yaml(f"{folder}/validation-cases.yaml"), f"{folder}/validation-cases.yaml"
        ),
    )
    known = {a.id for a in pharm.alkaloids}
    orphans = sorted({i.id for i in pharm.inhibition if i.alkaloid not in known})
    if orphans:
        raise KnowledgeError(f"pharmacology: inhibition entries name unknown alkaloids: {orphans}")
    return pharm
