"""Brent's root finder exactly as R's ``uniroot`` runs it (``R_zeroin2``, R stats zeroin.c).

metafor finds the Paule-Mandel τ² and the Q-profile τ² bounds with ``uniroot(tol =
.Machine$double.eps^0.25)``, an absolute tolerance of about 1.2e-4. On small-scale effect sizes
(risk differences, τ² ≈ 1e-3) that tolerance moves τ² by a few per cent, so to reproduce metafor
the same iteration with the same tolerance is run here, not a tighter solver.

References
----------
Brent RP. Algorithms for Minimization without Derivatives. Prentice-Hall, 1973, chapter 4.
R Core Team. R stats package, src/library/stats/src/zeroin.c (R_zeroin2).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: R's default uniroot tolerance, .Machine$double.eps^0.25.
R_TOL = sys.float_info.epsilon**0.25
_EPS = sys.float_info.epsilon


def r_uniroot(
    f: Callable[[float], float], lower: float, upper: float, tol: float = R_TOL, maxiter: int = 1000
) -> float:
    """The root R's ``uniroot(f, c(lower, upper), tol=tol, maxiter=maxiter)`` returns."""
    a, b = lower, upper
    fa, fb = f(a), f(b)
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    c, fc = a, fa
    for _ in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q, t1, t2 = fa / fc, fb / fc, fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b
