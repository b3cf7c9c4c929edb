"""Score every product–event pair and rank them: the result behind ``speciosa signals``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from speciosa.basis import DISCLAIMER, Basis, Frozen, Result
from speciosa.errors import InputError
from speciosa.learn.signals import ebgm
from speciosa.learn.signals.counts import PairCounts
from speciosa.learn.signals.disproportionality import disproportionality

#: Fit on super-points (openEBGM autoSquash schedule) above this many distinct (N, E) points.
SQUASH_ABOVE_POINTS = 20_000

METHOD_SOURCES = (
    "src-sig-evans-2001",
    "src-sig-vanpuijenbroek-2002",
    "src-sig-noren-2013",
    "src-sig-dumouchel-1999",
    "src-sig-canida-ihrie-2017",
)


class Hyperparameters(Frozen):
    alpha1: float
    beta1: float
    alpha2: float
    beta2: float
    p: float


class SignalRow(Frozen):
    """One product–event pair; ``None`` where a measure is undefined (zero denominator)."""

    product: str
    event: str
    n: int
    expected: float
    prr: float | None
    prr_chi2: float | None
    ror: float | None
    ror_low: float | None
    ror_high: float | None
    ic: float
    ic025: float
    ebgm: float
    eb05: float
    eb95: float


class SignalReport(Result):
    """Pairs ranked by EB05; ``to_dict()`` gives exactly ``{reports, hyperparameters, signals}``."""

    reports: int
    hyperparameters: Hyperparameters
    signals: tuple[SignalRow, ...]
    pairs_total: int = Field(exclude=True)
    basis: Basis = Field(exclude=True)
    warnings: tuple[str, ...] = Field(default=(), exclude=True)

    def summary(self) -> str:
        h = self.hyperparameters
        lines = [
            f"{self.reports} reports, {self.pairs_total} product-event pairs; "
            f"prior α1={h.alpha1:.4g} β1={h.beta1:.4g} α2={h.alpha2:.4g} β2={h.beta2:.4g} P={h.p:.4g}",
            f"{'product':30.30} {'event':30.30} {'N':>5} {'E':>8} "
            f"{'EBGM':>7} {'EB05':>7} {'EB95':>7} {'PRR':>7}",
        ]
        for s in self.signals[:25]:
            prr = "inf" if s.prr is None else f"{s.prr:.2f}"
            lines.append(
                f"{s.product:30.30} {s.event:30.30} {s.n:>5} {s.expected:>8.3f} {s.ebgm:>7.2f} "
                f"{s.eb05:>7.2f} {s.eb95:>7.2f} {prr:>7}"
            )
        if len(self.signals) > 25:
            lines.append(f"... {len(self.signals) - 25} more rows (use --json or --html)")
        lines.extend(f"warning: {w}" for w in self.warnings)
        lines.append("Disproportionality is a reporting signal, not evidence of causation. " + DISCLAIMER)
        return "\n".join(lines)


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def score_signals(
    counts: PairCounts,
    product: str | None = None,
    limit: int | None = None,
    warnings: tuple[str, ...] = (),
) -> SignalReport:
    """Fit the GPS prior on all pairs, score them, and rank the rows to show by EB05.

    ``product`` restricts the rows shown (case-insensitive exact product name, after any synonym
    mapping done by the reader); the prior and all margins use every pair. ``limit`` caps rows.

    References
    ----------
    DuMouchel 1999 doi:10.1080/00031305.1999.10474456; Canida & Ihrie 2017
    doi:10.32614/RJ-2017-063; Evans 2001 doi:10.1002/pds.677; van Puijenbroek 2002
    doi:10.1002/pds.668; Norén 2013 doi:10.1177/0962280211403604.
    """
    if len(counts) == 0:
        raise InputError(
            "counts", "no product-event pairs", "at least one report naming a product and an event"
        )
    if limit is not None and limit < 1:
        raise InputError("limit", limit, "an integer ≥ 1")
    n = counts.n.astype(np.float64)
    e = counts.expected
    distinct_points = int(np.unique(np.stack([n, e], axis=1), axis=0).shape[0])
    squashed = distinct_points > SQUASH_ABOVE_POINTS
    if squashed:
        pts = ebgm.auto_squash(n, e)
        fit = ebgm.fit_prior(pts.n, pts.e, pts.weight)
    else:
        fit = ebgm.fit_prior(n, e)
    notes = list(warnings)
    if not fit.in_bounds:
        notes.append(
            "prior fit: a component's α or β reached openEBGM's limit of 100 (a near-constant reporting "
            "ratio); openEBGM would stop here, speciosa reports the best fit found"
        )
    if fit.starts_agreeing < 1:
        notes.append("prior fit: the starting points did not agree; hyperparameters may be a local optimum")

    if product is None:
        idx = np.arange(len(counts))
    else:
        idx = np.flatnonzero(np.char.lower(counts.product.astype(str)) == product.strip().lower())
    if idx.size == 0:
        notes.append(f"no pairs for product {product!r} in these reports")
    rows = _rows(counts, idx, fit.prior, limit) if idx.size else ()
    basis = Basis(
        rule=(
            "Gamma-Poisson shrinker (DuMouchel 1999): two-gamma prior fitted by maximum likelihood "
            "on (N, E) with N truncated at N* = 1; EBGM, EB05, EB95 from the posterior mixture. "
            "PRR with Yates chi-square, ROR with 95% CI, shrunk IC with IC025 from the same 2x2 table."
        ),
        inputs={"reports": counts.reports, "pairs": len(counts), "product_filter": product},
        numbers={
            "neg_log_likelihood": fit.neg_log_likelihood,
            "fit_points": fit.points,
            "squashed": squashed,
            "starts_agreeing": fit.starts_agreeing,
        },
        sources=METHOD_SOURCES,
    )
    return SignalReport(
        reports=counts.reports,
        hyperparameters=Hyperparameters(**fit.prior.to_dict()),
        signals=rows,
        pairs_total=len(counts),
        basis=basis,
        warnings=tuple(notes),
    )


def _rows(
    counts: PairCounts,
    idx: np.ndarray[Any, np.dtype[np.intp]],
    prior: ebgm.GammaMixturePrior,
    limit: int | None,
) -> tuple[SignalRow, ...]:
    n = counts.n[idx].astype(np.float64)
    e = counts.expected[idx]
    post = ebgm.posterior(prior, n, e)
    dp = disproportionality(counts.n[idx], counts.n1[idx], counts.n2[idx], counts.reports)
    eb05, eb95 = post.quantiles[0.05], post.quantiles[0.95]
    # Rank by EB05, then by N; product and event names break remaining ties deterministically.
    order = np.lexsort((counts.event[idx], counts.product[idx], -counts.n[idx], -eb05))
    if limit is not None:
        order = order[:limit]
    return tuple(
        SignalRow(
            product=str(counts.product[idx[i]]),
            event=str(counts.event[idx[i]]),
            n=int(counts.n[idx[i]]),
            expected=float(e[i]),
            prr=_num(dp.prr[i]),
            prr_chi2=_num(dp.prr_chi2[i]),
            ror=_num(dp.ror[i]),
            ror_low=_num(dp.ror_low[i]),
            ror_high=_num(dp.ror_high[i]),
            ic=float(dp.ic[i]),
            ic025=float(dp.ic025[i]),
            ebgm=float(post.ebgm[i]),
            eb05=float(eb05[i]),
            eb95=float(eb95[i]),
        )
        for i in order
    )


def report_payload(report: SignalReport) -> dict[str, Any]:
    """The exact JSON shape of ``speciosa signals --json`` (``{reports, hyperparameters, signals}``)."""
    return report.to_dict()
