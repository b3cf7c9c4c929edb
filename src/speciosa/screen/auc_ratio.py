"""FDA mechanistic static model of a victim drug's AUC ratio, vectorised with NumPy.

AUCR = 1 / [Ag Bg Cg (1 - Fg) + Fg]  x  1 / [Ah Bh Ch fm + (1 - fm)]

with, at each site (g gut, h liver) and inhibitor concentration [I]:

* reversible inhibition  A = 1 / (1 + [I] / Ki,u)
* time-dependent inhib.  B = kdeg / (kdeg + kinact [I] / ([I] + KI))
* induction              C = 1 + d Emax [I] / ([I] + EC50)   (no kratom data: C = 1)

Gut and liver terms multiply: each acts on what escaped the one before. With several enzymes in the
liver, the denominator sums fm_j X_j over enzymes plus the uninhibited remainder (1 - sum fm_j).

References
----------
FDA. In vitro and clinical drug interaction studies: cytochrome P450 enzyme- and transporter-mediated
drug interactions. Guidance for industry, January 2020 (equations as applied in Tanna RS et al.,
J Pharmacol Exp Ther 2021;376:64 and Drug Metab Dispos 2023;51:923-935).
Galetin A et al. Drug Metab Dispos 2006;34:166-175, doi:10.1124/dmd.105.006874 (kdeg).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from speciosa.knowledge.pharmacology import Inhibition, Pharmacology

Array = npt.NDArray[np.float64]
FloatOrArray = float | Array


def reversible_term(i_um: FloatOrArray, ki_um: FloatOrArray) -> FloatOrArray:
    """A = 1 / (1 + [I]/Ki,u).

    >>> reversible_term(1.0, 1.0)
    0.5
    """
    return 1.0 / (1.0 + i_um / ki_um)


def tdi_term(
    i_um: FloatOrArray, ki_inact_um: FloatOrArray, kinact_per_h: FloatOrArray, kdeg_per_h: FloatOrArray
) -> FloatOrArray:
    """B = kdeg / (kdeg + kinact [I] / ([I] + KI)).

    >>> round(tdi_term(4.0, 4.0, 1.0, 0.5), 6)   # 0.5 / (0.5 + 1 x 0.5)
    0.5
    """
    return kdeg_per_h / (kdeg_per_h + kinact_per_h * i_um / (i_um + ki_inact_um))


def induction_term(
    i_um: FloatOrArray, emax: FloatOrArray, ec50_um: FloatOrArray, d: float = 1.0
) -> FloatOrArray:
    """C = 1 + d Emax [I] / ([I] + EC50).

    >>> induction_term(1.0, 2.0, 1.0)
    2.0
    """
    return 1.0 + d * emax * i_um / (i_um + ec50_um)


def gut_ratio(x_g: FloatOrArray, fg: FloatOrArray) -> FloatOrArray:
    """1 / [X_g (1 - Fg) + Fg] where X_g = Ag Bg Cg.

    >>> round(gut_ratio(0.0, 0.5), 6)    # complete gut inhibition doubles AUC when Fg = 0.5
    2.0
    """
    return 1.0 / (x_g * (1.0 - fg) + fg)


def liver_ratio(x_h: Sequence[FloatOrArray], fm: Sequence[float]) -> FloatOrArray:
    """1 / [sum_j X_h,j fm_j + (1 - sum_j fm_j)].

    >>> round(liver_ratio([0.5], [0.8]), 6)   # 1 / (0.4 + 0.2)
    1.666667
    """
    remainder = 1.0 - float(sum(fm))
    total: FloatOrArray = remainder
    for x, f in zip(x_h, fm, strict=True):
        total = total + x * f
    return 1.0 / total


@dataclass(frozen=True, slots=True)
class EnzymeTerms:
    """Inhibition terms of one enzyme at both sites (arrays of Monte Carlo draws or scalars)."""

    enzyme: str
    x_gut: FloatOrArray
    x_liver: FloatOrArray


def percentile_interval(draws: Array, low_pct: float = 5.0, high_pct: float = 95.0) -> tuple[float, float]:
    """The low/high percentiles of Monte Carlo draws."""
    lo, hi = np.percentile(draws, [low_pct, high_pct])
    return float(lo), float(hi)


# ── kratom (mitragynine) as perpetrator ──────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted AUC ratio, or the reason it cannot be computed, and every number used."""

    point: float | None
    low: float | None
    high: float | None
    enzymes: tuple[str, ...]
    reason: str | None
    inputs: dict[str, object]
    numbers: dict[str, object]
    sources: tuple[str, ...]


def _number(value: object, where: str) -> float:
    if not isinstance(value, float):
        from speciosa.errors import KnowledgeError

        raise KnowledgeError(f"pharmacology: {where} lacks a numeric parameter the model needs")
    return value


def _lognormal(rng: np.random.Generator, mean: float, sd: float | None, n: int) -> Array:
    # Positive parameters with a published SD: lognormal with the same mean and CV.
    if not sd:
        return np.full(n, mean)
    sigma2 = np.log1p((sd / mean) ** 2)
    return rng.lognormal(np.log(mean) - sigma2 / 2.0, np.sqrt(sigma2), n)


def _loguniform(rng: np.random.Generator, low: float, high: float, n: int) -> Array:
    if low == high:
        return np.full(n, low)
    return np.exp(rng.uniform(np.log(low), np.log(high), n))


def predict_auc_ratio(
    *,
    fm: dict[str, float],
    fg: float | None,
    ig_um: tuple[float, float, float],
    ih_u_um: tuple[float, float, float],
    pharm: Pharmacology,
    mc_samples: int = 2000,
    seed: int = 20260425,
) -> Prediction:
    """AUC ratio of a victim with fractions ``fm`` (enzyme -> fm) and gut availability ``fg``.

    ``ig_um`` and ``ih_u_um`` are (point, low, high) mitragynine concentrations. The point estimate uses
    point inputs; the interval is the 5th-95th percentile of ``mc_samples`` draws over content
    (log-uniform between low and high concentration), Ki/KI/kinact (lognormal with published SD) and
    CYP3A kdeg (half-life log-uniform over its published range). Ki values are used as unbound (fu,inc
    not reported).
    """
    from speciosa.knowledge.common import Enzyme
    from speciosa.knowledge.pharmacology import InhibitionKind, Site

    entries = pharm.modelled("mitragynine")
    by_enzyme: dict[str, list[Inhibition]] = {}
    for e in entries:
        by_enzyme.setdefault(e.enzyme.value, []).append(e)
    enzymes = tuple(sorted(k for k in fm if k in by_enzyme))
    sources: list[str] = []
    inputs: dict[str, object] = {"fm": dict(fm), "fg": fg, "ig_um": ig_um, "ih_u_um": ih_u_um}
    if not enzymes:
        return Prediction(
            None,
            None,
            None,
            (),
            "mitragynine has no modelled inhibition of the victim's enzymes",
            inputs,
            {},
            (),
        )
    if Enzyme.CYP3A.value in enzymes and fg is None:
        return Prediction(
            None,
            None,
            None,
            enzymes,
            "Fg (intestinal availability) of this drug is not in the "
            "catalogue: the CYP3A gut term cannot be computed",
            inputs,
            {},
            (),
        )
    half = pharm.constant("cyp3a-degradation-half-life-h")
    if not isinstance(half.value, float):
        return Prediction(None, None, None, enzymes, "CYP3A degradation rate unknown", inputs, {}, ())
    sources += list(half.sources)
    rng = np.random.default_rng(seed)
    n = mc_samples
    # One concentration scale factor per draw: gut and liver concentrations move together with dose.
    scale = _loguniform(rng, ig_um[1] / ig_um[0], ig_um[2] / ig_um[0], n) if ig_um[0] > 0 else np.ones(n)
    ig = ig_um[0] * scale
    ih = ih_u_um[0] * scale
    t_half = _loguniform(rng, half.low or half.value, half.high or half.value, n)
    kdeg = np.log(2.0) / t_half
    kdeg_point = float(np.log(2.0) / half.value)
    numbers: dict[str, object] = {"kdeg_cyp3a_per_h": kdeg_point}
    x_gut_pt: float = 1.0
    x_gut = np.ones(n)
    x_liver_pt: list[float] = []
    x_liver: list[Array] = []
    fms: list[float] = []
    for enz in enzymes:
        xl_pt, xl = 1.0, np.ones(n)
        for e in by_enzyme[enz]:
            entry = e
            sources += list(entry.sources)
            sites = {Site.LIVER, Site.GUT} if entry.site is Site.BOTH else {entry.site}
            if entry.kind is InhibitionKind.REVERSIBLE:
                ki = _number(entry.ki_um, entry.id)
                ki_d = _lognormal(rng, ki, entry.ki_um_sd, n)
                if Site.LIVER in sites:
                    a = float(reversible_term(ih_u_um[0], ki))
                    xl_pt *= a
                    xl = xl * reversible_term(ih, ki_d)
                    numbers[f"A_h_{enz}_{entry.id}"] = a
                if Site.GUT in sites and enz == Enzyme.CYP3A.value:
                    a = float(reversible_term(ig_um[0], ki))
                    x_gut_pt *= a
                    x_gut = x_gut * reversible_term(ig, ki_d)
                    numbers[f"A_g_{enz}_{entry.id}"] = a
            elif entry.kind is InhibitionKind.TIME_DEPENDENT:
                k_i = _number(entry.ki_inact_um, entry.id)
                kin = _number(entry.kinact_per_min, entry.id) * 60.0
                k_i_d = _lognormal(rng, k_i, entry.ki_inact_um_sd, n)
                kin_d = _lognormal(rng, kin, (entry.kinact_per_min_sd or 0.0) * 60.0, n)
                if Site.LIVER in sites:
                    b = float(tdi_term(ih_u_um[0], k_i, kin, kdeg_point))
                    xl_pt *= b
                    xl = xl * tdi_term(ih, k_i_d, kin_d, kdeg)
                    numbers[f"B_h_{enz}_{entry.id}"] = b
                if Site.GUT in sites and enz == Enzyme.CYP3A.value:
                    b = float(tdi_term(ig_um[0], k_i, kin, kdeg_point))
                    x_gut_pt *= b
                    x_gut = x_gut * tdi_term(ig, k_i_d, kin_d, kdeg)
                    numbers[f"B_g_{enz}_{entry.id}"] = b
        x_liver_pt.append(xl_pt)
        x_liver.append(xl)
        fms.append(fm[enz])
    gut_pt = float(gut_ratio(x_gut_pt, fg)) if fg is not None and Enzyme.CYP3A.value in enzymes else 1.0
    gut_d = gut_ratio(x_gut, fg) if fg is not None and Enzyme.CYP3A.value in enzymes else np.ones(n)
    liver_pt = float(liver_ratio(x_liver_pt, fms))
    liver_d = liver_ratio(x_liver, fms)
    point = gut_pt * liver_pt
    draws = np.asarray(gut_d * liver_d, dtype=np.float64)
    lo, hi = percentile_interval(draws)
    numbers |= {
        "C_induction": 1.0,
        "gut_ratio": gut_pt,
        "liver_ratio": liver_pt,
        "auc_ratio_point": point,
        "auc_ratio_p5": lo,
        "auc_ratio_p95": hi,
        "mc_samples": n,
        "seed": seed,
    }
    return Prediction(
        point, min(lo, point), max(hi, point), enzymes, None, inputs, numbers, tuple(dict.fromkeys(sources))
    )


# ── batch (population) screening ─────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class MitragynineParams:
    """Point values of the modelled mitragynine terms, read once from the knowledge base."""

    ki_cyp3a_um: float
    ki_inact_liver_um: float
    kinact_liver_per_h: float
    ki_inact_gut_um: float
    kinact_gut_per_h: float
    ki_cyp2d6_um: float
    kdeg_cyp3a_per_h: float


def mitragynine_params(pharm: Pharmacology) -> MitragynineParams:
    """Collect the point parameters the batch model needs (KnowledgeError if one is missing)."""
    from speciosa.knowledge.pharmacology import InhibitionKind, Site

    by = {(i.enzyme.value, i.kind, i.site): i for i in pharm.modelled("mitragynine")}
    rev3a = by[("cyp3a", InhibitionKind.REVERSIBLE, Site.BOTH)]
    tdi_h = by[("cyp3a", InhibitionKind.TIME_DEPENDENT, Site.LIVER)]
    tdi_g = by[("cyp3a", InhibitionKind.TIME_DEPENDENT, Site.GUT)]
    rev2d6 = by[("cyp2d6", InhibitionKind.REVERSIBLE, Site.LIVER)]
    return MitragynineParams(
        ki_cyp3a_um=_number(rev3a.ki_um, rev3a.id),
        ki_inact_liver_um=_number(tdi_h.ki_inact_um, tdi_h.id),
        kinact_liver_per_h=_number(tdi_h.kinact_per_min, tdi_h.id) * 60.0,
        ki_inact_gut_um=_number(tdi_g.ki_inact_um, tdi_g.id),
        kinact_gut_per_h=_number(tdi_g.kinact_per_min, tdi_g.id) * 60.0,
        ki_cyp2d6_um=_number(rev2d6.ki_um, rev2d6.id),
        kdeg_cyp3a_per_h=float(np.log(2.0)) / pharm.number("cyp3a-degradation-half-life-h"),
    )


def batch_auc_ratio(
    ig_um: Array, ih_u_um: Array, fm_cyp3a: Array, fm_cyp2d6: Array, fg: Array, p: MitragynineParams
) -> Array:
    """Point AUC ratios for many (patient, victim) pairs at once; inputs broadcast together.

    Victims with fm 0 for both enzymes get 1.0; ``fg`` is ignored where fm_cyp3a is 0 (gut term 1).
    """
    a_g = 1.0 / (1.0 + ig_um / p.ki_cyp3a_um)
    b_g = p.kdeg_cyp3a_per_h / (p.kdeg_cyp3a_per_h + p.kinact_gut_per_h * ig_um / (ig_um + p.ki_inact_gut_um))
    a_h = 1.0 / (1.0 + ih_u_um / p.ki_cyp3a_um)
    b_h = p.kdeg_cyp3a_per_h / (
        p.kdeg_cyp3a_per_h + p.kinact_liver_per_h * ih_u_um / (ih_u_um + p.ki_inact_liver_um)
    )
    a_2d6 = 1.0 / (1.0 + ih_u_um / p.ki_cyp2d6_um)
    gut = np.where(fm_cyp3a > 0.0, 1.0 / (a_g * b_g * (1.0 - fg) + fg), 1.0)
    liver = 1.0 / (a_h * b_h * fm_cyp3a + a_2d6 * fm_cyp2d6 + (1.0 - fm_cyp3a - fm_cyp2d6))
    return np.asarray(gut * liver, dtype=np.float64)
