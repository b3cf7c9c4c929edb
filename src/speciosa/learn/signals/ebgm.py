"""DuMouchel's gamma-Poisson shrinker: a two-gamma mixture prior, its fit, and posterior scores.

Each pair's count ``N`` is Poisson with mean ``λ E``; ``λ`` has the prior
``P Gamma(α1, β1) + (1 - P) Gamma(α2, β2)`` (shape, rate), so marginally ``N`` is a mixture
of two negative binomials with size ``αk`` and probability ``βk / (βk + E)``. The prior is
fitted by maximum likelihood on the observed ``(N, E)``; when zero counts are left out the
components are truncated to ``N ≥ N*`` (default ``N* = 1``). This follows openEBGM 0.9.1
(``negLL``, ``negLLsquash``, ``squashData``, ``autoSquash``, ``Qn``, ``ebgm``,
``quantBisect``) so that results match it; see docs/validation/signals.md.

References
----------
DuMouchel W. Bayesian data mining in large frequency tables, with an application to the
FDA spontaneous reporting system. Am Stat 1999;53(3):177-190. doi:10.1080/00031305.1999.10474456.
DuMouchel W, Pregibon D. Empirical Bayes screening for multi-item associations. Proc KDD 2001:67-76.
doi:10.1145/502512.502526.
Canida T, Ihrie J. openEBGM: an R implementation of the gamma-Poisson shrinker data mining
model. R J 2017;9(2):499-519. doi:10.32614/RJ-2017-063.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special, stats

from speciosa.errors import InputError, OutsideValidatedRangeError

FloatArray = npt.NDArray[np.float64]

#: openEBGM's documented starting values (vignette "Hyperparameter Estimation", theta_init).
DEFAULT_STARTS: tuple[tuple[float, float, float, float, float], ...] = (
    (0.2, 0.1, 2.0, 4.0, 1.0 / 3.0),
    (0.1, 0.2, 10.0, 10.0, 0.2),
    (0.3, 0.5, 6.0, 6.0, 0.5),
)
#: openEBGM autoHyper's default closeness tolerances for (α1, β1, α2, β2, P).
_CLOSE_TOL = np.array([0.05, 0.05, 0.2, 0.2, 0.025])
#: openEBGM's default upper bound for α and β (``param_limit``).
_PARAM_LIMIT = 100.0


@dataclass(frozen=True, slots=True)
class GammaMixturePrior:
    """θ = (α1, β1, α2, β2, P): shapes and rates of the two gamma components, and P's weight."""

    alpha1: float
    beta1: float
    alpha2: float
    beta2: float
    p: float

    def as_array(self) -> FloatArray:
        return np.array([self.alpha1, self.beta1, self.alpha2, self.beta2, self.p])

    def to_dict(self) -> dict[str, float]:
        return {
            "alpha1": self.alpha1,
            "beta1": self.beta1,
            "alpha2": self.alpha2,
            "beta2": self.beta2,
            "p": self.p,
        }


@dataclass(frozen=True, slots=True)
class PriorFit:
    """The fitted prior with what the optimiser saw: the minimum, and how many starts agreed."""

    prior: GammaMixturePrior
    neg_log_likelihood: float
    starts_agreeing: int
    starts_converged: int
    points: int
    in_bounds: bool = True


@dataclass(frozen=True, slots=True)
class SquashedPoints:
    """(N, E) points with weights: each super-point stands for ``weight`` original pairs."""

    n: FloatArray
    e: FloatArray
    weight: FloatArray


@dataclass(frozen=True, slots=True)
class Posterior:
    """Per-pair posterior: P(component 1 | N), EBGM and the requested quantiles of λ."""

    qn: FloatArray
    ebgm: FloatArray
    quantiles: dict[float, FloatArray]


def _check_points(
    n: npt.ArrayLike, e: npt.ArrayLike, weight: npt.ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    nn = np.asarray(n, dtype=np.float64)
    ee = np.asarray(e, dtype=np.float64)
    ww = np.ones_like(nn) if weight is None else np.asarray(weight, dtype=np.float64)
    if nn.ndim != 1 or nn.shape != ee.shape or nn.shape != ww.shape:
        raise InputError("n/e/weight", (nn.shape, ee.shape, ww.shape), "1-D arrays of equal length")
    if nn.size == 0:
        raise InputError("n", "empty", "at least one (N, E) point")
    if not (np.all(np.isfinite(nn)) and np.all(nn >= 0) and np.all(nn == np.floor(nn))):
        raise InputError("n", "non-integer or negative count", "integer counts ≥ 0")
    if not (np.all(np.isfinite(ee)) and np.all(ee > 0)):
        raise InputError("e", "non-positive or non-finite expected count", "finite numbers > 0")
    if not (np.all(np.isfinite(ww)) and np.all(ww > 0)):
        raise InputError("weight", "non-positive weight", "finite numbers > 0")
    return nn, ee, ww


def _log_nb(n: FloatArray, e: FloatArray, alpha: float, beta: float) -> FloatArray:
    """log of dnbinom(n, size = alpha, prob = beta / (beta + e))."""
    log_b_be = np.log(beta) - np.log(beta + e)
    log_e_be = np.log(e) - np.log(beta + e)
    out: FloatArray = (
        special.gammaln(n + alpha)
        - special.gammaln(alpha)
        - special.gammaln(n + 1.0)
        + alpha * log_b_be
        + n * log_e_be
    )
    return out


def _log_tail(e: FloatArray, alpha: float, beta: float, n_star: int) -> FloatArray:
    """log P(N ≥ n_star) under one negative-binomial component."""
    if n_star == 1:
        # 1 - P(N = 0) = 1 - (β / (β + E))^α, computed without cancellation.
        out: FloatArray = np.log(-np.expm1(alpha * (np.log(beta) - np.log(beta + e))))
        return out
    tail: FloatArray = stats.nbinom.logsf(n_star - 1, alpha, beta / (beta + e))
    return tail


def neg_log_likelihood(
    theta: npt.ArrayLike,
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    weight: npt.ArrayLike | None = None,
    n_star: int | None = 1,
) -> float:
    """Weighted negative log-likelihood of the two-negative-binomial mixture.

    ``n_star=None`` is the untruncated form for tables that include zero counts (openEBGM
    ``negLLzero``/``negLLzeroSquash``); otherwise each component is truncated to ``N ≥ n_star``
    (``negLL``/``negLLsquash``).

    References
    ----------
    DuMouchel 1999, doi:10.1080/00031305.1999.10474456, eqs. 5 and 12.

    Examples
    --------
    openEBGM 0.9.1: ``negLL(c(0.2, 0.1, 2, 4, 1/3), c(1, 2, 5), c(0.5, 1, 0.8))`` = 5.86953628731634.

    >>> round(neg_log_likelihood([0.2, 0.1, 2.0, 4.0, 1 / 3], [1, 2, 5], [0.5, 1.0, 0.8]), 6)
    5.869536
    """
    nn, ee, ww = _check_points(n, e, weight)
    a1, b1, a2, b2, p = (float(x) for x in np.asarray(theta, dtype=np.float64))
    return _nll(a1, b1, a2, b2, p, nn, ee, ww, n_star)


def _nll(
    a1: float,
    b1: float,
    a2: float,
    b2: float,
    p: float,
    n: FloatArray,
    e: FloatArray,
    w: FloatArray,
    n_star: int | None,
) -> float:
    if min(a1, b1, a2, b2) <= 0 or not 0 < p < 1:
        return float("inf")
    l1 = _log_nb(n, e, a1, b1)
    l2 = _log_nb(n, e, a2, b2)
    if n_star is not None:
        l1 = l1 - _log_tail(e, a1, b1, n_star)
        l2 = l2 - _log_tail(e, a2, b2, n_star)
    mix = np.logaddexp(np.log(p) + l1, np.log1p(-p) + l2)
    return float(-np.sum(w * mix))


def _component_grad(
    n: FloatArray, e: FloatArray, a: float, b: float, truncated: bool
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """log f (truncated at N >= 1 if asked) and its derivatives in log a and log b."""
    log_q = np.log(b) - np.log(b + e)
    logf = _log_nb(n, e, a, b)
    d_a = special.digamma(n + a) - special.digamma(a) + log_q
    d_b = a / b - (a + n) / (b + e)
    if truncated:
        qa = np.exp(a * log_q)
        one_minus = -np.expm1(a * log_q)
        logf = logf - np.log(one_minus)
        d_a = d_a + qa * log_q / one_minus
        d_b = d_b + qa * a * (1.0 / b - 1.0 / (b + e)) / one_minus
    return logf, a * d_a, b * d_b


def _nll_grad_free(
    x: FloatArray, n: FloatArray, e: FloatArray, w: FloatArray, n_star: int | None
) -> tuple[float, FloatArray]:
    """Negative log-likelihood and its gradient in (log α1, log β1, log α2, log β2, logit P)."""
    a1, b1, a2, b2, p = _from_free(x)
    truncated = n_star is not None
    l1, g1a, g1b = _component_grad(n, e, a1, b1, truncated)
    l2, g2a, g2b = _component_grad(n, e, a2, b2, truncated)
    t1, t2 = np.log(p) + l1, np.log1p(-p) + l2
    mix = np.logaddexp(t1, t2)
    r1 = np.exp(t1 - mix)
    r2 = 1.0 - r1
    grad = -np.array(
        [
            np.sum(w * r1 * g1a),
            np.sum(w * r1 * g1b),
            np.sum(w * r2 * g2a),
            np.sum(w * r2 * g2b),
            np.sum(w * (r1 * (1.0 - p) - r2 * p)),
        ]
    )
    return float(-np.sum(w * mix)), grad


def _to_free(theta: FloatArray) -> FloatArray:
    out: FloatArray = np.concatenate([np.log(theta[:4]), [special.logit(theta[4])]])
    return out


def _from_free(x: FloatArray) -> FloatArray:
    out: FloatArray = np.concatenate([np.exp(x[:4]), [special.expit(x[4])]])
    return out


def fit_prior(
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    weight: npt.ArrayLike | None = None,
    n_star: int | None = 1,
    starts: Sequence[Sequence[float]] = DEFAULT_STARTS,
) -> PriorFit:
    """Maximum-likelihood fit of the two-gamma mixture prior from several starting points.

    Each start is optimised by L-BFGS-B on (log α, log β, logit P) with the analytic gradient
    (Nelder–Mead when N* > 1, which has no closed-form gradient here); the
    start with the lowest negative log-likelihood among those inside openEBGM's parameter
    space (α, β in (0, 100), P in (0, 1)) wins. ``starts_agreeing`` counts the other starts
    that landed within openEBGM autoHyper's tolerances of the winner, as its convergence check.

    Raises
    ------
    OutsideValidatedRangeError
        If no start reaches a finite likelihood.

    References
    ----------
    DuMouchel 1999, doi:10.1080/00031305.1999.10474456; Canida & Ihrie 2017,
    doi:10.32614/RJ-2017-063 (autoHyper, exploreHypers).
    """
    nn, ee, ww = _check_points(n, e, weight)
    if n_star is not None and nn.min() < n_star:
        raise InputError("n", f"counts below n_star={n_star}", f"counts ≥ {n_star}, or n_star=None")

    points = nn.size
    nn, ee, ww = _collapse(nn, ee, ww)

    def objective(x: FloatArray) -> float:
        # Far from the optimum the optimiser probes extreme values: inf there is a valid answer.
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            t = _from_free(x)
            value = _nll(t[0], t[1], t[2], t[3], t[4], nn, ee, ww, n_star)
        return value if np.isfinite(value) else float("inf")

    def objective_grad(x: FloatArray) -> tuple[float, FloatArray]:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            value, grad = _nll_grad_free(x, nn, ee, ww, n_star)
        if not (np.isfinite(value) and np.all(np.isfinite(grad))):
            return float("inf"), np.zeros(5)
        return value, grad

    fits: list[tuple[float, FloatArray]] = []
    for start in starts:
        x0 = _to_free(np.asarray(start, dtype=np.float64))
        if n_star in (None, 1):
            res = optimize.minimize(
                objective_grad,
                x0,
                jac=True,
                method="L-BFGS-B",
                options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9},
            )
        else:  # no closed-form gradient for N* > 1: derivative-free simplex instead
            res = optimize.minimize(
                objective,
                x0,
                method="Nelder-Mead",
                options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 20000},
            )
        theta = _from_free(res.x)
        if np.isfinite(res.fun) and 0 < theta[4] < 1 and np.all(np.isfinite(theta)):
            fits.append((float(res.fun), theta))
    if not fits:
        raise OutsideValidatedRangeError("gamma-mixture prior: no starting point reached a finite likelihood")
    inside = [f for f in fits if np.all(f[1][:4] < _PARAM_LIMIT)]
    # openEBGM rejects fits with α or β ≥ 100; keep its choice when any fit is inside, else say so.
    in_bounds = bool(inside)
    fits = sorted(inside or fits, key=lambda f: f[0])
    nll_min, theta_hat = fits[0]
    agreeing = sum(bool(np.all(np.abs(t - theta_hat) < _CLOSE_TOL)) for _, t in fits[1:])
    prior = GammaMixturePrior(*(float(x) for x in theta_hat))
    return PriorFit(prior, nll_min, agreeing, len(fits), int(points), in_bounds)


def _collapse(n: FloatArray, e: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Merge identical (N, E) points into one weighted point: the likelihood is unchanged."""
    keys = np.stack([n, e], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    weights: FloatArray = np.bincount(inverse.ravel(), weights=w).astype(np.float64)
    return uniq[:, 0].copy(), uniq[:, 1].copy(), weights


def squash(
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    weight: npt.ArrayLike | None = None,
    count: int = 1,
    bin_size: int = 50,
    keep_pts: int = 100,
) -> SquashedPoints:
    """Squash the points with ``N == count``: sort by E, average E within bins of ``bin_size``.

    The ``keep_pts`` points with the largest E are kept as they are (they vary most). A
    super-point's weight is the number of points in its bin. Same rules as openEBGM
    ``squashData`` (DuMouchel & Pregibon 2001).

    Examples
    --------
    >>> s = squash([1, 1, 1, 1, 2], [0.1, 0.3, 0.2, 0.9, 1.0], bin_size=2, keep_pts=1)
    >>> s.n.tolist(), [round(x, 2) for x in s.e.tolist()], s.weight.tolist()
    ([1.0, 1.0, 1.0, 2.0], [0.15, 0.3, 0.9, 1.0], [2.0, 1.0, 1.0, 1.0])
    """
    nn, ee, ww = _check_points(n, e, weight)
    if bin_size < 2 or keep_pts < 0:
        raise InputError("bin_size/keep_pts", (bin_size, keep_pts), "bin_size ≥ 2 and keep_pts ≥ 0")
    target = nn == count
    hold_n, hold_e, hold_w = nn[~target], ee[~target], ww[~target]
    e_sorted = np.sort(ee[target], kind="stable")
    num_squash = e_sorted.size - keep_pts
    if num_squash < bin_size:
        raise InputError(
            "bin_size/keep_pts", (bin_size, keep_pts), "smaller values: too few points to squash"
        )
    to_squash, kept = e_sorted[:num_squash], e_sorted[num_squash:]
    bins = np.arange(num_squash) // bin_size
    sums = np.bincount(bins, weights=to_squash)
    sizes = np.bincount(bins).astype(np.float64)
    out_n = np.concatenate([hold_n, np.full(sizes.size + kept.size, float(count))])
    out_e = np.concatenate([hold_e, sums / sizes, kept])
    out_w = np.concatenate([hold_w, sizes, np.ones(kept.size)])
    order = np.argsort(out_n, kind="stable")
    return SquashedPoints(out_n[order], out_e[order], out_w[order])


def auto_squash(
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    keep_pts: Sequence[int] = (100, 75, 50, 25),
    cut_offs: Sequence[float] = (500, 1e3, 1e4, 1e5, 5e5, 1e6, 5e6),
    num_super_pts: Sequence[int] = (50, 75, 150, 500, 750, 1000, 2000, 5000),
) -> SquashedPoints:
    """Squash every count with many points, with openEBGM ``autoSquash``'s default schedule.

    Counts are visited in increasing order among those with more than ``max(keep_pts) + 1``
    points; the i-th keeps ``keep_pts[i]`` (the last value thereafter) unsquashed and makes
    about ``num_super_pts[j]`` super-points, ``j`` chosen by where the number to squash falls
    among ``cut_offs``.
    """
    nn, ee, ww = _check_points(n, e, None)
    current = SquashedPoints(nn, ee, ww)
    values, freq = np.unique(nn, return_counts=True)
    eligible = [(v, int(f)) for v, f in zip(values, freq, strict=True) if f > max(keep_pts) + 1]
    for position, (value, num_pts) in enumerate(eligible):
        keep = keep_pts[position] if position < len(keep_pts) else keep_pts[-1]
        to_squash = num_pts - keep
        index = int(np.searchsorted(np.asarray([*cut_offs, np.inf]), to_squash, side="right"))
        supers = num_super_pts[index]
        size = max(int(np.floor(to_squash / supers)), 2)
        current = squash(current.n, current.e, current.weight, count=int(value), bin_size=size, keep_pts=keep)
    return current


def posterior(
    prior: GammaMixturePrior,
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    probabilities: Sequence[float] = (0.05, 0.95),
) -> Posterior:
    """Posterior of λ for each pair: a mixture of Gamma(αk + N, βk + E) with weights Qn, 1 - Qn.

    ``EBGM = exp(E[log λ])`` (DuMouchel 1999 eqs. 9-11); quantiles (EB05, EB95 for 0.05
    and 0.95) are found by safeguarded Newton iteration on the mixture CDF, bracketed by the
    two component quantiles (a mixture's quantile lies between its components'). openEBGM
    uses bisection rounded to 2 decimals; here the root is solved to about 1e-12 relative.

    References
    ----------
    DuMouchel 1999, doi:10.1080/00031305.1999.10474456, eqs. 6, 9-11.

    Examples
    --------
    openEBGM 0.9.1 with ``th <- c(3.25597, 0.39999, 2.02375, 1.90613, 0.065307)``,
    ``q <- Qn(th, 5, 0.5)``: ``ebgm(th, 5, 0.5, q, digits = 6)`` = 7.074852 and
    ``quantBisect(5, th, 5, 0.5, q, digits = 6)`` = 2.226209.

    >>> pr = GammaMixturePrior(3.25597, 0.39999, 2.02375, 1.90613, 0.065307)
    >>> post = posterior(pr, [5], [0.5])
    >>> round(float(post.ebgm[0]), 6), round(float(post.quantiles[0.05][0]), 6)
    (7.074852, 2.226209)
    """
    nn, ee, _ = _check_points(n, e, None)
    a1, b1, a2, b2, p = prior.alpha1, prior.beta1, prior.alpha2, prior.beta2, prior.p
    l1 = np.log(p) + _log_nb(nn, ee, a1, b1)
    l2 = np.log1p(-p) + _log_nb(nn, ee, a2, b2)
    qn = np.exp(l1 - np.logaddexp(l1, l2))
    s1, r1, s2, r2 = a1 + nn, b1 + ee, a2 + nn, b2 + ee
    log_gm = qn * (special.digamma(s1) - np.log(r1)) + (1 - qn) * (special.digamma(s2) - np.log(r2))
    quantiles = {float(q): _mixture_quantile(q, qn, s1, r1, s2, r2) for q in probabilities}
    return Posterior(qn=qn, ebgm=np.exp(log_gm), quantiles=quantiles)


def _mixture_quantile(
    q: float, w: FloatArray, s1: FloatArray, r1: FloatArray, s2: FloatArray, r2: FloatArray
) -> FloatArray:
    if not 0 < q < 1:
        raise InputError("probabilities", q, "numbers strictly between 0 and 1")
    q1 = special.gammaincinv(s1, q) / r1
    q2 = special.gammaincinv(s2, q) / r2
    x = np.where(w >= 0.5, q1, q2)
    # Where one component carries (numerically) all the weight, its quantile is the answer.
    active = np.flatnonzero((w > 1e-15) & (w < 1 - 1e-15) & (np.abs(q1 - q2) > 1e-14 * np.maximum(q1, q2)))
    lo, hi = np.minimum(q1, q2)[active], np.maximum(q1, q2)[active]
    ww, a1, b1, a2, b2 = w[active], s1[active], r1[active], s2[active], r2[active]
    c1 = a1 * np.log(b1) - special.gammaln(a1)
    c2 = a2 * np.log(b2) - special.gammaln(a2)
    xa = ww * q1[active] + (1 - ww) * q2[active]
    idx = np.arange(active.size)
    for _ in range(200):
        if idx.size == 0:
            break
        xi, wi = xa[idx], ww[idx]
        cdf = wi * special.gammainc(a1[idx], b1[idx] * xi) + (1 - wi) * special.gammainc(
            a2[idx], b2[idx] * xi
        )
        err = cdf - q
        lo[idx] = np.where(err < 0, xi, lo[idx])
        hi[idx] = np.where(err > 0, xi, hi[idx])
        logx = np.log(xi)
        pdf = wi * np.exp(c1[idx] + (a1[idx] - 1) * logx - b1[idx] * xi) + (1 - wi) * np.exp(
            c2[idx] + (a2[idx] - 1) * logx - b2[idx] * xi
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            step = xi - err / pdf
        inside = np.isfinite(step) & (step > lo[idx]) & (step < hi[idx])
        new = np.where(inside, step, 0.5 * (lo[idx] + hi[idx]))
        xa[idx] = new
        done = (np.abs(new - xi) <= 1e-12 * new) | (hi[idx] - lo[idx] <= 1e-12 * new)
        idx = idx[~done]
    x[active] = xa
    out: FloatArray = np.asarray(x, dtype=np.float64)
    return out
