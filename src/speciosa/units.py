"""Unit vocabulary and the few conversions speciosa needs.

Canonical units are carried in field names (``dose_mg``, ``ki_um``, ``half_life_h``): see
docs/architecture.md. pint converts free-text quantities once, where input enters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pint

from speciosa.errors import InputError

#: suffix -> pint unit expression
CANONICAL_UNITS: dict[str, str] = {
    "mg": "milligram",
    "g": "gram",
    "ug": "microgram",
    "grams_per_day": "gram / day",
    "mg_per_day": "milligram / day",
    "mg_per_g": "milligram / gram",
    "um": "micromolar",
    "nm": "nanomolar",
    "ng_per_ml": "nanogram / milliliter",
    "h": "hour",
    "min": "minute",
    "per_h": "1 / hour",
    "per_min": "1 / minute",
    "l": "liter",
    "l_per_h": "liter / hour",
    "l_per_kg": "liter / kilogram",
    "ml": "milliliter",
    "ms": "millisecond",
    "kg": "kilogram",
    "u_per_l": "1 / liter",  # enzyme units per litre; pint has no 'U', so treated dimensionally
    "mg_per_dl": "milligram / deciliter",
    "g_per_mol": "gram / mole",
}


@cache
def _registry() -> Any:
    # pint's registry is generic over its magnitude type; Any keeps mypy out of pint's internals.
    ureg: Any = pint.UnitRegistry()
    ureg.define("micromolar = micromole / liter = uM")
    ureg.define("nanomolar = nanomole / liter = nM")
    return ureg


def to_canonical(text: str, suffix: str, *, field: str) -> float:
    """Convert a free-text quantity such as ``"7 g/d"`` to the canonical unit of ``suffix``.

    Examples
    --------
    >>> to_canonical("7 g/d", "grams_per_day", field="kratom.amount")
    7.0
    >>> round(to_canonical("500 mg", "g", field="dose"), 3)
    0.5
    """
    if suffix not in CANONICAL_UNITS:
        raise InputError("unit", suffix, ", ".join(sorted(CANONICAL_UNITS)))
    ureg = _registry()
    try:
        quantity: Any = ureg.Quantity(text)
        return float(quantity.to(CANONICAL_UNITS[suffix]).magnitude)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(field, text, f"a quantity convertible to {CANONICAL_UNITS[suffix]}") from exc


def mg_to_umol(mass_mg: float, molar_mass_g_per_mol: float) -> float:
    """Milligrams to micromoles: mg / (g/mol) = mmol; × 1000 = µmol.

    >>> round(mg_to_umol(39.0, 398.5), 2)
    97.87
    """
    return mass_mg / molar_mass_g_per_mol * 1000.0


def nm_to_ng_per_ml(conc_nm: float, molar_mass_g_per_mol: float) -> float:
    """nmol/L × g/mol = ng/L; ÷ 1000 = ng/mL.

    >>> round(nm_to_ng_per_ml(81.9, 398.5), 2)
    32.64
    """
    return conc_nm * molar_mass_g_per_mol / 1000.0
