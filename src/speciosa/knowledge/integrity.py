"""Integrity checks over a loaded knowledge base: what the pydantic schemas alone cannot see.

Each check walks the model tree generically, so it covers sections written by any engineer,
including ones added later, and returns human-readable problems (empty when clean):

* :func:`unsourced_entries`: every entry (a model with an ``id``) cites at least one source;
* :func:`dangling_source_ids`: every cited source id is defined in ``data/sources``;
* :func:`duplicate_ids`: ids are unique within each section (and within nested entry lists);
* :func:`unitless_numbers`: every numeric field (or numeric ``dict`` key) names its unit with a
  suffix from :data:`speciosa.units.CANONICAL_UNITS` or :data:`EXTRA_UNIT_SUFFIXES`, or is
  explicitly unitless (:data:`UNITLESS_SUFFIXES`, :data:`UNITLESS_NAMES`);
  :func:`unitless_number_fields` applies the same rule to the schema, so a field that holds
  ``"unknown"`` today is checked before a number arrives;
* :func:`dangling_drug_refs`: every drug named by a field ``drug``/``drugs``/``*_drug(s)``/
  ``drug_id(s)`` resolves to a catalogue entry (by id or by an exact name);
* :func:`dangling_refs`: every value of a named reference field (e.g. ``alkaloid``) is an id of the
  section it points to (e.g. ``pharmacology.alkaloids``).

:func:`integrity_problems` runs them all; the tests in ``tests/knowledge/test_integrity.py`` fail the
build on any problem. The checks take plain model trees so a deliberately broken entry can be fed
to them in a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from speciosa.units import CANONICAL_UNITS

#: Time and clinical-scale units that are suffixes in knowledge files but not (yet) pint-converted
#: in speciosa.units. TODO(lead): consider adding the time units to units.CANONICAL_UNITS.
EXTRA_UNIT_SUFFIXES: frozenset[str] = frozenset(
    {
        "s",
        "days",
        "weeks",
        "months",
        "years",
        "grams",  # synonym of g
        "x_uln",
        "pct",
        "percent",
        "mmhg",
        "bpm",
        "nm_h",
        "ng_h_per_ml",
    }
)

#: Name endings that say a number is dimensionless by construction.
UNITLESS_SUFFIXES: frozenset[str] = frozenset(
    {
        "ratio",  # AUC ratio, R value
        "gmr",  # geometric mean ratio
        "or",  # odds ratio
        "rr",  # relative risk
        "hr",  # hazard ratio
        "fraction",
        "score",  # points on a named instrument
        "points",
        "count",
        "n",
        "z",  # standard-normal deviate
        "weight",
        "fm",  # fraction metabolised
        "fg",  # intestinal availability
        "fu",  # fraction unbound
        "index",
    }
)

#: Exact field names accepted as unitless, each with why. Add a name only with its reason.
UNITLESS_NAMES: Mapping[str, str] = {
    "fm": "fraction of clearance by one enzyme (0-1)",
    "fg": "fraction escaping intestinal first-pass metabolism (0-1)",
    "fa": "fraction absorbed (0-1)",
    "fh": "fraction escaping hepatic first-pass metabolism (0-1)",
    "fu": "fraction unbound (0-1)",
    "fu_p": "fraction unbound in plasma (0-1)",
    "rb": "blood-to-plasma concentration ratio",
    "n": "a count of participants, cases or articles",
    "year": "a calendar year, not a quantity",
    "item": "an instrument item number",
    "number": "an instrument item number",
    "value": "points a response option scores on its instrument",
    "min_value": "minimum item response (points) that triggers an alert",
    "max_missing": "a count of items",
    "minimal_important_difference": "points on the instrument's own scale",
    "remission_below": "a total score on the instrument's own scale",
    "phq9_more_severe_min": "a PHQ-9 total score (points)",
    "min_prior_inadequate_trials": "a count of antidepressant trials",
    "share_of_total_alkaloids": "a fraction of total alkaloid content (0-1)",
    "hepatic_inlet_unbound_um_per_reference_dose": "uM at the hepatic inlet for the study's reference dose",
    "bioavailability": "absolute oral bioavailability F, a fraction (0-1)",
    "fraction_unbound_plasma": "fu,p, a fraction (0-1)",
    "fu_inc": "fraction unbound in the in-vitro incubation (0-1)",
    "test_retest_reliability": "a reliability coefficient (0-1)",
    "sd": "standard deviation in the instrument's own points (ReliableChange)",
    "published_prediction": "a published predicted AUC ratio (dimensionless); TODO rename *_auc_ratio",
}

#: Generic value field names accepted when the entry's ``id`` carries the unit
#: (``Constant(id="cyp3a-degradation-half-life-h", value=..., low=..., high=...)``).
VALUE_FIELDS: frozenset[str] = frozenset({"value", "low", "high", "point", "mean", "median", "sd"})

#: Trailing name parts that qualify a quantity without changing its unit (``weeks_max``, ``h_sd``).
QUALIFIERS: frozenset[str] = frozenset(
    {
        "min",
        "max",
        "median",
        "mean",
        "point",
        "sd",
        "se",
        "low",
        "high",
        "lower",
        "upper",
        "lo",
        "hi",
        "ci",
        "cv",
        "alternative",
        "alt",
    }
)

_DRUG_FIELD_NAMES = frozenset({"drug", "drugs", "drug_id", "drug_ids"})


def _unit_suffixes() -> tuple[str, ...]:
    # Longest first so "mg_per_g" is tried before "g".
    return tuple(sorted({*CANONICAL_UNITS, *EXTRA_UNIT_SUFFIXES}, key=len, reverse=True))


def _without_qualifiers(name: str) -> Iterator[str]:
    """The name, then the name with one, two ... trailing qualifiers removed."""
    parts = name.split("_")
    yield name
    while len(parts) > 1 and (parts[-1] in QUALIFIERS or parts[-1].isdigit()):
        parts.pop()
        yield "_".join(parts)


def number_name_ok(name: str) -> bool:
    """True if a numeric field name carries a unit suffix or is explicitly unitless.

    Examples
    --------
    >>> [number_name_ok(n) for n in ("ki_um", "half_life_h", "weeks_max", "auc_ratio_ci_95", "fm")]
    [True, True, True, True, True]
    >>> [number_name_ok(n) for n in ("dose", "concentration", "ki")]
    [False, False, False]
    """
    lowered = name.lower().replace("-", "_")
    # Try the name as written, then without trailing qualifiers one at a time ("weeks_max" ->
    # "weeks", "kinact_per_min_sd" -> "kinact_per_min"), so a unit that looks like a qualifier stays.
    for core in _without_qualifiers(lowered):
        if core in UNITLESS_NAMES:
            return True
        for suffix in (*_unit_suffixes(), *UNITLESS_SUFFIXES):
            if core == suffix or core.endswith("_" + suffix):
                return True
    return False


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _children(model: BaseModel) -> Iterator[tuple[str, Any]]:
    for name in type(model).model_fields:
        yield name, getattr(model, name)


def iter_models(value: Any, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every pydantic model in a tree (depth first), with a readable path such as ``evidence[ev-x]``."""
    if isinstance(value, BaseModel):
        yield path, value
        for name, child in _children(value):
            yield from iter_models(child, f"{path}.{name}" if path else name)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            label = getattr(item, "id", index)
            yield from iter_models(item, f"{path}[{label}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_models(item, f"{path}.{key}")


def _sources_of(model: BaseModel) -> tuple[str, ...]:
    cited: list[str] = []
    for name, child in _children(model):
        if (name == "sources" or name.endswith("_sources")) and isinstance(child, tuple | list):
            cited.extend(item for item in child if isinstance(item, str))
    return tuple(cited)


def _is_entry(model: BaseModel) -> bool:
    fields = type(model).model_fields
    return "id" in fields and type(model).__name__ not in ("Source", "KnowledgeVersion")


def unsourced_entries(tree: Any) -> tuple[str, ...]:
    """Entries (models with an ``id``) that cite no source."""
    problems = []
    for path, model in iter_models(tree):
        if _is_entry(model) and not _sources_of(model):
            problems.append(
                f"{path or type(model).__name__}: entry {getattr(model, 'id', '?')!r} has no sources"
            )
    return tuple(problems)


def dangling_source_ids(tree: Any, known: Iterable[str]) -> tuple[str, ...]:
    """Cited source ids that are not defined."""
    known_ids = frozenset(known)
    problems = []
    for path, model in iter_models(tree):
        for sid in _sources_of(model):
            if sid not in known_ids:
                problems.append(f"{path}: cites unknown source id {sid!r}")
    return tuple(sorted(set(problems)))


def duplicate_ids(tree: Any) -> tuple[str, ...]:
    """Ids repeated within one list of entries (each section, and each nested list)."""
    problems: list[str] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, BaseModel):
            for name, child in _children(value):
                visit(child, f"{path}.{name}" if path else name)
        elif isinstance(value, tuple | list):
            seen: dict[str, int] = {}
            for item in value:
                item_id = getattr(item, "id", None)
                if isinstance(item, BaseModel) and isinstance(item_id, str):
                    seen[item_id] = seen.get(item_id, 0) + 1
            problems.extend(f"{path}: id {i!r} appears {c} times" for i, c in sorted(seen.items()) if c > 1)
            for index, item in enumerate(value):
                visit(item, f"{path}[{getattr(item, 'id', index)}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{path}.{key}")

    visit(tree, "")
    return tuple(problems)


def _qualified_stem(name: str) -> str | None:
    """``observed_low`` -> ``observed``; None when the name has no trailing qualifier."""
    parts = name.split("_")
    if len(parts) > 1 and parts[-1] in QUALIFIERS:
        return "_".join(parts[:-1])
    return None


def unitless_numbers(tree: Any) -> tuple[str, ...]:
    """Numeric fields (and numeric dict keys) whose names carry no unit and are not allow-listed.

    A bound named ``<stem>_<qualifier>`` (``observed_low``) shares the unit of a sibling field
    ``<stem>_<unit>`` (``observed_auc_ratio``); a dict whose own name carries the unit
    (``victim_fm``) covers all its values, otherwise each numeric key must carry one.
    """
    problems: set[str] = set()
    for path, model in iter_models(tree):
        model_name = type(model).__name__
        model_id = getattr(model, "id", None)
        unit_in_id = isinstance(model_id, str) and number_name_ok(model_id)
        fields = type(model).model_fields
        for name, child in _children(model):
            numeric = _is_number(child) or (
                isinstance(child, tuple | list) and bool(child) and all(_is_number(x) for x in child)
            )
            if numeric and not (
                number_name_ok(name)
                or (unit_in_id and name in VALUE_FIELDS)
                or _bound_of_sibling(name, fields)
            ):
                problems.add(f"{model_name}.{name} (at {path}.{name}): number without a unit suffix")
            if isinstance(child, dict) and not number_name_ok(name):
                for key, item in child.items():
                    if _is_number(item) and not number_name_ok(str(key)):
                        problems.add(
                            f"{model_name}.{name}[{key!r}] (at {path}): number without a unit suffix"
                        )
    return tuple(sorted(problems))


def _bound_of_sibling(name: str, fields: Iterable[str]) -> bool:
    stem = _qualified_stem(name)
    if stem is None:
        return False
    return any(f != name and f.startswith(stem + "_") and number_name_ok(f) for f in fields)


def _drug_field(name: str) -> bool:
    return name in _DRUG_FIELD_NAMES or name.endswith(("_drug", "_drugs", "_drug_id", "_drug_ids"))


def dangling_drug_refs(tree: Any, drug_keys: Iterable[str]) -> tuple[str, ...]:
    """Drug references (by field name) that match no catalogue id or exact name (case-insensitive)."""
    keys = frozenset(k.lower() for k in drug_keys)
    problems = []
    for path, model in iter_models(tree):
        if type(model).__name__ == "Drug":
            continue
        for name, child in _children(model):
            if not _drug_field(name):
                continue
            values = child if isinstance(child, tuple | list) else (child,)
            for value in values:
                if isinstance(value, str) and value.lower() not in keys:
                    problems.append(f"{path}.{name}: drug {value!r} is not in the drug catalogue")
    return tuple(problems)


def dangling_refs(tree: Any, field: str, targets: Iterable[str]) -> tuple[str, ...]:
    """Values of fields named ``field`` (str or tuple of str) that are not in ``targets``."""
    known = frozenset(targets)
    problems = []
    for path, model in iter_models(tree):
        if field not in type(model).model_fields:
            continue
        value = getattr(model, field)
        for item in value if isinstance(value, tuple | list) else (value,):
            if isinstance(item, str) and item not in known:
                problems.append(f"{path}.{field}: {item!r} is not a known {field} id")
    return tuple(problems)


def _annotation_types(annotation: Any) -> Iterator[Any]:
    """The classes inside a type annotation (unions, tuples, Annotated, dicts, Literals skipped)."""
    from typing import Literal, get_args, get_origin

    origin = get_origin(annotation)
    if origin is Literal:
        return
    if origin is None:
        yield annotation
        return
    args = get_args(annotation)
    if origin is dict:
        args = args[1:]  # keys name things; values are the quantities
    for arg in args:
        yield from _annotation_types(arg)


def unitless_number_fields(model_type: type[BaseModel]) -> tuple[str, ...]:
    """Schema-level check: numeric fields (by annotation) of every reachable model class whose names
    carry no unit, even when the data holds ``"unknown"`` today. Dicts of numbers must carry the unit
    in their name or in their keys (the key check runs on data, see :func:`unitless_numbers`)."""
    problems: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            kinds = list(_annotation_types(info.annotation))
            numeric = any(k in (int, float) for k in kinds)
            if numeric and name not in VALUE_FIELDS and not number_name_ok(name):
                is_dict = "dict" in str(info.annotation)
                if not is_dict and not _bound_of_sibling(name, cls.model_fields):
                    problems.add(f"{cls.__name__}.{name}: numeric field without a unit suffix")
            for kind in kinds:
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    visit(kind)

    visit(model_type)
    return tuple(sorted(problems))
