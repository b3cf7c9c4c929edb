"""Kratom exposure: product and amount -> alkaloid dose, plasma and inhibitor concentrations.

Mitragynine dose = amount x content (mg/g; a certificate-of-analysis value or the product type's
published range). Plasma concentrations scale linearly from the reference single-dose study the
knowledge base marks ``use_for_exposure`` (Tanna 2022: 39 mg, Cmax 81.9 nM, CL/F 233 L/h), which is
justified because Cmax rose dose-proportionally over 6.65-53.2 mg (Huestis 2024). Chronic use adds
accumulation by superposition, R = 1 / (1 - exp(-k tau)), k = ln 2 / t1/2.

Inhibitor concentrations for the FDA mechanistic static model:

* intestinal, Ig = dose / 250 mL;
* hepatic inlet (unbound), Ih,u = fu,p x (Cmax + Fa x ka x Dose / Qh / Rb). fu,p, Fa, ka, Qh and Rb
  were not read for mitragynine, so Ih,u is scaled from the published value for the reference dose
  (~0.19 uM for 39 mg, DMD 2023 Table 5), which already contains them. Both terms are proportional
  to dose, so the scaling is exact for a single dose.

References
----------
Tanna RS et al. Drug Metab Dispos 2023;51:923-935, doi:10.1124/dmd.122.001005 (Tables 3, 5).
Huestis MA et al. Molecules 2024;29:984, doi:10.3390/molecules29050984.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import ValidationError

from speciosa.basis import Basis, Frozen, Result
from speciosa.errors import InputError, KnowledgeError
from speciosa.knowledge.pharmacology import Alkaloid, Pharmacology, Product
from speciosa.patient import KratomProduct, KratomUse, Regimen
from speciosa.units import mg_to_umol

HOURS_PER_DAY = 24.0
MITRAGYNINE = "mitragynine"
SEVEN_OH = "7-hydroxymitragynine"


class Interval(Frozen):
    """A point estimate with the low-high range of its uncertainty (same unit as the field name)."""

    point: float
    low: float
    high: float

    @classmethod
    def fixed(cls, value: float) -> Interval:
        return cls(point=value, low=value, high=value)

    def scale(self, factor: float) -> Interval:
        return Interval(point=self.point * factor, low=self.low * factor, high=self.high * factor)


class AlkaloidExposure(Frozen):
    """Predicted exposure to one alkaloid; ``None`` where an input is unknown (see ``notes``)."""

    alkaloid: str
    dose_mg_per_dose: Interval | None
    dose_mg_per_day: Interval | None
    dose_umol_per_dose: Interval | None
    cmax_nm: Interval | None
    css_avg_nm: Interval | None
    cmax_unbound_nm: Interval | None
    intestinal_conc_um: Interval | None
    hepatic_inlet_unbound_um: Interval | None
    hepatic_inlet_total_um: Interval | None
    fraction_unbound_plasma: float | Literal["unknown"]
    notes: tuple[str, ...] = ()


class KratomExposure(Result):
    """Exposure to kratom alkaloids for one patient's product, amount and regimen."""

    product: KratomProduct
    regimen: Regimen
    amount_per_dose: float
    amount_unit: Literal["g", "mg"]
    doses_per_day: float
    content_source: Literal["certificate-of-analysis", "published-range"]
    mitragynine_mg_per_g: Interval
    mitragynine: AlkaloidExposure
    seven_oh: AlkaloidExposure
    basis: Basis
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        m = self.mitragynine
        dose = m.dose_mg_per_dose
        lines = [
            f"Kratom {self.product.value}, {self.amount_per_dose:g} {self.amount_unit} "
            f"x {self.doses_per_day:g}/day "
            f"({self.regimen.value}); mitragynine content from {self.content_source}: "
            f"{self.mitragynine_mg_per_g.point:.3g} mg/g ({self.mitragynine_mg_per_g.low:.3g}-"
            f"{self.mitragynine_mg_per_g.high:.3g})."
        ]
        if dose is not None:
            lines.append(f"Mitragynine per dose: {dose.point:.3g} mg ({dose.low:.3g}-{dose.high:.3g}).")
        if m.cmax_nm is not None:
            lines.append(
                f"Predicted mitragynine Cmax: {m.cmax_nm.point:.3g} nM "
                f"({m.cmax_nm.low:.3g}-{m.cmax_nm.high:.3g})."
            )
        lines.extend(self.warnings)
        return "\n".join(lines)


# ── input validation ──────────────────────────────────────────────────────────────────────────


def kratom_use(
    *,
    product: str,
    doses_per_day: float,
    regimen: str = "chronic",
    grams_per_dose: float | None = None,
    extract_mg_per_dose: float | None = None,
    mitragynine_mg_per_g: float | None = None,
) -> KratomUse:
    """Validate raw inputs into a KratomUse; InputError names the field and its allowed range."""
    try:
        prod = KratomProduct(product)
    except ValueError as exc:
        raise InputError("product", product, ", ".join(p.value for p in KratomProduct)) from exc
    try:
        reg = Regimen(regimen)
    except ValueError as exc:
        raise InputError("regimen", regimen, ", ".join(r.value for r in Regimen)) from exc
    try:
        use = KratomUse(
            product=prod,
            grams_per_dose=grams_per_dose,
            extract_mg_per_dose=extract_mg_per_dose,
            doses_per_day=doses_per_day,
            regimen=reg,
            mitragynine_mg_per_g=mitragynine_mg_per_g,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "kratom"
        allowed = {
            "grams_per_dose": "a number > 0 and <= 100 (grams of leaf per dose)",
            "extract_mg_per_dose": "a number > 0 and <= 10000 (mg of extract per dose)",
            "doses_per_day": "a number > 0 and <= 24",
            "mitragynine_mg_per_g": "a number > 0 and <= 1000 (mg mitragynine per g, from the CoA)",
        }.get(field, str(err["msg"]))
        raise InputError(field, err.get("input"), allowed) from exc
    _check_amount(use)
    return use


def _is_leaf(use: KratomUse) -> bool:
    return use.product in (KratomProduct.LEAF_POWDER, KratomProduct.LEAF_TEA, KratomProduct.CAPSULE)


def has_amount(use: KratomUse) -> bool:
    """True when the use records the amount its product type needs for an exposure estimate."""
    if _is_leaf(use):
        return use.grams_per_dose is not None
    return use.extract_mg_per_dose is not None or use.grams_per_dose is not None


def _check_amount(use: KratomUse) -> None:
    leaf = _is_leaf(use)
    if leaf and use.grams_per_dose is None:
        raise InputError("grams_per_dose", None, f"required for {use.product.value}: a number > 0 and <= 100")
    if not leaf and use.extract_mg_per_dose is None and use.grams_per_dose is None:
        raise InputError(
            "extract_mg_per_dose", None, f"required for {use.product.value}: a number > 0 and <= 10000"
        )


# ── the model ─────────────────────────────────────────────────────────────────────────────────


def _grams_of_product(use: KratomUse) -> float:
    if use.extract_mg_per_dose is not None:
        return use.extract_mg_per_dose / 1000.0
    if use.grams_per_dose is None:  # guarded by _check_amount
        raise InputError("grams_per_dose", None, "a number > 0 and <= 100")
    return use.grams_per_dose


def _content(
    use: KratomUse, product: Product
) -> tuple[Interval, Literal["certificate-of-analysis", "published-range"], list[str]]:
    notes: list[str] = []
    if use.mitragynine_mg_per_g is not None:
        return Interval.fixed(use.mitragynine_mg_per_g), "certificate-of-analysis", notes
    point = product.mitragynine_mg_per_g_point
    if not isinstance(point, float):
        point = product.mitragynine_mg_per_g_high
        notes.append(
            f"No typical mitragynine content is published for {product.id}: "
            "the point estimate uses the upper "
            f"bound of the published range ({point:g} mg/g), a conservative choice."
        )
    low, high = product.mitragynine_mg_per_g_low, product.mitragynine_mg_per_g_high
    return Interval(point=point, low=min(low, point), high=max(high, point)), "published-range", notes


def _accumulation(half_life_h: float, tau_h: float) -> float:
    # Superposition of identical doses at steady state: R = 1 / (1 - exp(-k tau)).
    k = math.log(2.0) / half_life_h
    return 1.0 / (1.0 - math.exp(-k * tau_h))


def _half_lives(alk: Alkaloid) -> tuple[float, float, float] | None:
    pk = alk.exposure_pk()
    if pk is None or not isinstance(pk.half_life_h, float):
        return None
    return (pk.half_life_h, pk.half_life_h_low or pk.half_life_h, pk.half_life_h_high or pk.half_life_h)


def _mitragynine(use: KratomUse, dose_mg: Interval, pharm: Pharmacology) -> AlkaloidExposure:
    alk = pharm.alkaloid(MITRAGYNINE)
    pk = alk.exposure_pk()
    mw = alk.molar_mass_g_per_mol
    if pk is None or not isinstance(pk.dose_mg, float) or not isinstance(pk.cmax_nm, float):
        raise KnowledgeError("pharmacology: mitragynine needs a use_for_exposure PK row with dose and Cmax")
    if not isinstance(mw, float):
        raise KnowledgeError("pharmacology: mitragynine molar mass is unknown")
    notes: list[str] = []
    tau_h = HOURS_PER_DAY / use.doses_per_day
    per_mg = 1.0 / pk.dose_mg
    cmax = Interval(
        point=pk.cmax_nm * dose_mg.point * per_mg,
        low=(pk.cmax_nm_low or pk.cmax_nm) * dose_mg.low * per_mg,
        high=(pk.cmax_nm_high or pk.cmax_nm) * dose_mg.high * per_mg,
    )
    css: Interval | None = None
    lives = _half_lives(alk)
    if use.regimen is Regimen.CHRONIC and lives is not None:
        t_point, t_low, t_high = lives
        cmax = Interval(
            point=cmax.point * _accumulation(t_point, tau_h),
            low=cmax.low * _accumulation(t_low, tau_h),
            high=cmax.high * _accumulation(t_high, tau_h),
        )
        notes.append(
            f"Chronic use: steady-state Cmax by superposition with t1/2 {t_point:g} h "
            f"({t_low:g}-{t_high:g}); every {tau_h:g} h."
        )
    if use.regimen is Regimen.CHRONIC and isinstance(pk.cl_f_l_per_h, float):
        cl = pk.cl_f_l_per_h
        rate = dose_mg.scale(use.doses_per_day / HOURS_PER_DAY * 1000.0 / mw)  # umol/h
        css = Interval(
            point=rate.point / cl * 1000.0,
            low=rate.low / (pk.cl_f_l_per_h_high or cl) * 1000.0,
            high=rate.high / (pk.cl_f_l_per_h_low or cl) * 1000.0,
        )
    umol = Interval(
        point=mg_to_umol(dose_mg.point, mw),
        low=mg_to_umol(dose_mg.low, mw),
        high=mg_to_umol(dose_mg.high, mw),
    )
    volume_l = pharm.number("intestinal-volume-ml") / 1000.0
    ig = umol.scale(1.0 / volume_l)
    anchor = alk.hepatic_inlet_unbound_um_per_reference_dose
    ih_u = dose_mg.scale(anchor * per_mg) if isinstance(anchor, float) else None
    if use.regimen is Regimen.CHRONIC:
        notes.append(
            "Hepatic inlet (unbound) is the single-dose value: accumulation of the small systemic Cmax "
            "term cannot be converted to unbound without fu,p."
        )
    notes.append(
        "Unbound plasma concentrations are unknown (fu,p of mitragynine not read): total concentrations "
        "are shown and are an upper bound on unbound."
    )
    notes.append(
        "Hepatic inlet total (fu,p, Fa, ka, Qh, Rb not read) is unknown; the unbound value is scaled from "
        "the published value for 39 mg."
    )
    return AlkaloidExposure(
        alkaloid=MITRAGYNINE,
        dose_mg_per_dose=dose_mg,
        dose_mg_per_day=dose_mg.scale(use.doses_per_day),
        dose_umol_per_dose=umol,
        cmax_nm=cmax,
        css_avg_nm=css,
        cmax_unbound_nm=None,
        intestinal_conc_um=ig,
        hepatic_inlet_unbound_um=ih_u,
        hepatic_inlet_total_um=None,
        fraction_unbound_plasma=alk.fraction_unbound_plasma,
        notes=tuple(notes),
    )


def _seven_oh(
    use: KratomUse, grams: float, product: Product, mg_dose: Interval, pharm: Pharmacology
) -> AlkaloidExposure:
    alk = pharm.alkaloid(SEVEN_OH)
    notes: list[str] = []
    low, high, point = (
        product.seven_oh_mg_per_g_low,
        product.seven_oh_mg_per_g_high,
        product.seven_oh_mg_per_g_point,
    )
    dose: Interval | None = None
    if isinstance(low, float) and isinstance(high, float):
        p = point if isinstance(point, float) else high
        dose = Interval(point=p * grams, low=low * grams, high=high * grams)
    cmax: Interval | None = None
    pk = alk.exposure_pk()
    mit_pk = pharm.alkaloid(MITRAGYNINE).exposure_pk()
    if (
        use.product is not KratomProduct.SEVEN_OH_PRODUCT
        and pk is not None
        and isinstance(pk.cmax_nm, float)
        and mit_pk is not None
        and isinstance(mit_pk.dose_mg, float)
    ):
        # 7-OH after leaf is mostly formed from mitragynine: scale by the mitragynine dose.
        per_mg = 1.0 / mit_pk.dose_mg
        cmax = Interval(
            point=pk.cmax_nm * mg_dose.point * per_mg,
            low=(pk.cmax_nm_low or pk.cmax_nm) * mg_dose.low * per_mg,
            high=(pk.cmax_nm_high or pk.cmax_nm) * mg_dose.high * per_mg,
        )
        notes.append("7-OH Cmax scaled from the metabolite Cmax after 39 mg mitragynine (single dose).")
    else:
        notes.append("No human PK after ingesting 7-OH products was found: 7-OH plasma exposure is unknown.")
    notes.append("CYP inhibition by 7-OH-mitragynine was not found: it is not in the AUC-ratio model.")
    return AlkaloidExposure(
        alkaloid=SEVEN_OH,
        dose_mg_per_dose=dose,
        dose_mg_per_day=dose.scale(use.doses_per_day) if dose is not None else None,
        dose_umol_per_dose=None,
        cmax_nm=cmax,
        css_avg_nm=None,
        cmax_unbound_nm=None,
        intestinal_conc_um=None,
        hepatic_inlet_unbound_um=None,
        hepatic_inlet_total_um=None,
        fraction_unbound_plasma=alk.fraction_unbound_plasma,
        notes=tuple(notes),
    )


def predict_exposure(
    use: KratomUse, pharm: Pharmacology, *, knowledge_version: str | None = None
) -> KratomExposure:
    """Mitragynine and 7-OH dose and concentrations for one kratom use.

    Examples
    --------
    >>> from speciosa.knowledge.pharmacology import load_pharmacology
    >>> use = kratom_use(product="leaf-tea", grams_per_dose=2, doses_per_day=1, regimen="single")
    >>> exp = predict_exposure(use, load_pharmacology())
    >>> round(exp.mitragynine.dose_mg_per_dose.point, 2)   # 2 g x 19.48 mg/g (NaPDI K51)
    38.96
    """
    _check_amount(use)
    product = pharm.product(use.product.value)
    grams = _grams_of_product(use)
    content, content_source, warnings = _content(use, product)
    mg_dose = content.scale(grams)
    mit = _mitragynine(use, mg_dose, pharm)
    seven = _seven_oh(use, grams, product, mg_dose, pharm)
    warnings += list(product.unknowns and [f"Unknown for {product.id}: " + "; ".join(product.unknowns)])
    linear_max = pharm.number("mitragynine-linear-range-max-mg")
    if mg_dose.point > linear_max:
        warnings.append(
            f"Mitragynine dose {mg_dose.point:.3g} mg exceeds the highest studied dose with "
            f"dose-proportional Cmax ({linear_max:g} mg): concentrations are a linear extrapolation."
        )
    unit: Literal["g", "mg"] = "mg" if use.extract_mg_per_dose is not None else "g"
    amount = use.extract_mg_per_dose if use.extract_mg_per_dose is not None else grams
    return KratomExposure(
        product=use.product,
        regimen=use.regimen,
        amount_per_dose=amount,
        amount_unit=unit,
        doses_per_day=use.doses_per_day,
        content_source=content_source,
        mitragynine_mg_per_g=content,
        mitragynine=mit,
        seven_oh=seven,
        basis=Basis(
            rule="dose = amount x content; Cmax and Ih,u scaled linearly from the reference 39 mg dose; "
            "Ig = dose / 250 mL; chronic: superposition accumulation and Css,avg = dose rate / (CL/F).",
            inputs={
                "product": use.product.value,
                "amount_per_dose": amount,
                "amount_unit": unit,
                "doses_per_day": use.doses_per_day,
                "regimen": use.regimen.value,
                "mitragynine_mg_per_g_coa": use.mitragynine_mg_per_g,
            },
            numbers={
                "mitragynine_mg_per_g": content.model_dump(),
                "product_content_basis": product.point_basis,
            },
            sources=tuple(
                dict.fromkeys([*product.sources, "src-ph-tanna-2023-dmd", "src-ph-pubchem-mitragynine"])
            ),
            knowledge_version=knowledge_version,
        ),
        warnings=tuple(warnings),
    )
