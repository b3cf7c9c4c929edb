"""Drug-name resolution: free text ("Zoloft 50 mg bid", "setraline") to a catalogue entry.

Order of attempts, first hit wins:

1. exact match of the normalised text (case, spacing, ®/™ ignored) on a generic name, brand or synonym;
2. the same after dropping trailing dose-form/salt words ("tablet", "ER", "hydrochloride" ...);
3. a *misspelling* match: rapidfuzz ``fuzz.ratio`` of at least :data:`AUTO_ACCEPT_SCORE` to exactly one
   drug, with every other drug at least :data:`AUTO_ACCEPT_MARGIN` points lower. Anything less certain
   is never guessed: :class:`~speciosa.errors.UnknownDrugError` is raised with up to three suggestions
   (``fuzz.WRatio`` ≥ :data:`SUGGESTION_SCORE`).

The thresholds are string-matching parameters, not clinical numbers: 88 accepts one or two typing
errors in a name of eight or more letters ("setraline" → sertraline scores 94.7) and rejects
look-alike pairs such as "hydroxyzine"/"hydralazine". Every resolution reports how it matched.

The index is built once per knowledge base (keyed by ``kb.content_hash``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from rapidfuzz import fuzz, process

from speciosa.basis import Frozen
from speciosa.errors import InputError, KnowledgeError, UnknownDrugError
from speciosa.knowledge.drugs import Drug
from speciosa.patient import Medication

if TYPE_CHECKING:
    from speciosa.knowledge.base import KnowledgeBase

#: fuzz.ratio (0-100) at or above which a single close name is accepted as a misspelling.
AUTO_ACCEPT_SCORE = 88.0
#: the runner-up drug must score at least this many points lower for the misspelling to be accepted.
AUTO_ACCEPT_MARGIN = 8.0
#: fuzz.WRatio (0-100) a name needs to be offered as a suggestion.
SUGGESTION_SCORE = 60.0
MAX_SUGGESTIONS = 3

MatchMethod = Literal["exact", "exact-without-form", "misspelling", "rxnorm"]

# Words that describe the product, not the substance; dropped from the end of a name.
_FORM_WORDS = frozenset(
    [
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "oral",
        "solution",
        "suspension",
        "liquid",
        "syrup",
        "injection",
        "inj",
        "patch",
        "patches",
        "transdermal",
        "film",
        "spray",
        "nasal",
        "er",
        "xr",
        "sr",
        "xl",
        "cr",
        "dr",
        "ir",
        "la",
        "odt",
        "po",
        "sl",
        "hcl",
        "hydrochloride",
        "hbr",
        "hydrobromide",
        "sulfate",
        "sulphate",
        "tartrate",
        "maleate",
        "mesylate",
        "succinate",
        "citrate",
        "besylate",
        "fumarate",
        "extended-release",
        "sustained-release",
        "immediate-release",
        "delayed-release",
    ]
)
_UNIT_TO_MG = {"mg": 1.0, "milligram": 1.0, "milligrams": 1.0, "g": 1000.0, "gram": 1000.0, "grams": 1000.0}
_MICRO = {"mcg", "ug", "µg", "microgram", "micrograms"}
_DOSE_RE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>mg|milligrams?|g|grams?|mcg|ug|µg|micrograms?)\b"
    r"(?P<per>\s*/\s*[a-z]+)?",
    re.IGNORECASE,
)
# Frequency abbreviations (sig codes), as written on prescriptions.
_FREQUENCY = {
    "qd": 1.0, "od": 1.0, "daily": 1.0, "once daily": 1.0, "qhs": 1.0, "nightly": 1.0, "at bedtime": 1.0,
    "bid": 2.0, "twice daily": 2.0, "tid": 3.0, "three times daily": 3.0, "qid": 4.0, "four times daily": 4.0,
}  # fmt: skip
_FREQ_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _FREQUENCY), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_RXNORM_RE = re.compile(r"^\d{1,10}$")
_AMOUNT = r"\d+(?:[.,]\d+)?(?:\s*(?:mg|mcg|ug|µg|g)\b)?"
# Strengths of a combination product: "8 mg/2 mg", "5/325", "5/325 mg".
_RATIO_RE = re.compile(rf"\b{_AMOUNT}(?:\s*/\s*{_AMOUNT})+", re.IGNORECASE)


class Resolution(Frozen):
    """One medication text resolved to a catalogue entry, with how it matched."""

    text: str
    drug: Drug
    method: MatchMethod
    matched_name: str
    score: float
    medication: Medication

    @property
    def via_unverified_brand(self) -> bool:
        """True when the text matched a brand kept in the catalogue but not verified in a source read."""
        return self.matched_name in {normalise_name(b) for b in self.drug.brands_unverified}


class Unrecognised(Frozen):
    """A medication text that is not in the catalogue: shown to the clinician, never dropped."""

    text: str
    suggestions: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[str, Drug]
    keys: tuple[str, ...]
    key_owner: tuple[Drug, ...]
    by_rxnorm: dict[str, Drug]
    # Fuzzy look-ups are pure functions of (index, text) and the same unrecognised names recur in
    # every request from an EHR; remembering them keeps CDS Hooks responses fast. Bounded.
    fuzzy_memo: dict[tuple[str, str], object] = field(default_factory=dict)


_INDEXES: dict[str, _Index] = {}


def normalise_name(text: str) -> str:
    """Lower case, ®/™ removed, curly quotes straightened, whitespace collapsed.

    Examples
    --------
    >>> normalise_name("  Wellbutrin®   XL ")
    'wellbutrin xl'
    """
    cleaned = text.replace("®", " ").replace("™", " ").replace("’", "'").replace("‘", "'").lower()
    cleaned = re.sub(r"[\s,;]+", " ", cleaned)
    return cleaned.strip(" .-")


def _build_index(drugs: Sequence[Drug]) -> _Index:
    exact: dict[str, Drug] = {}
    by_rxnorm: dict[str, Drug] = {}
    for drug in drugs:
        for name in drug.names():
            key = normalise_name(name)
            other = exact.get(key)
            if other is not None and other.id != drug.id:
                raise KnowledgeError(f"drug name {name!r} is used by both {other.id!r} and {drug.id!r}")
            exact[key] = drug
        if drug.rxnorm != "unknown":
            if drug.rxnorm in by_rxnorm:
                raise KnowledgeError(
                    f"RxNorm {drug.rxnorm} is used by {by_rxnorm[drug.rxnorm].id!r} and {drug.id!r}"
                )
            by_rxnorm[drug.rxnorm] = drug
    keys = tuple(exact)
    return _Index(exact=exact, keys=keys, key_owner=tuple(exact[k] for k in keys), by_rxnorm=by_rxnorm)


def _index(kb: KnowledgeBase) -> _Index:
    index = _INDEXES.get(kb.content_hash)
    if index is None:
        index = _build_index(kb.drugs)
        _INDEXES[kb.content_hash] = index
    return index


def parse_medication(text: str) -> Medication:
    """Split free text such as ``"sertraline 100 mg bid"`` into name, ``dose_mg`` and ``doses_per_day``.

    Only a per-dose amount in mg, g or micrograms becomes ``dose_mg``; rates and concentrations
    ("25 mcg/h", "5 mg/mL") are removed from the name but give no ``dose_mg``.

    Raises
    ------
    InputError
        If no medication name is left once dose and frequency are removed.

    Examples
    --------
    >>> m = parse_medication("Sertraline 100 mg bid")
    >>> (m.name, m.dose_mg, m.doses_per_day)
    ('Sertraline', 100.0, 2.0)
    """
    dose_mg: float | None = None
    matches = list(_DOSE_RE.finditer(text))
    # One amount is a per-dose strength; "8 mg/2 mg" or "5/325" are a combination product's strengths,
    # which a single dose_mg cannot carry, so none is recorded.
    combination = len(matches) > 1 or _RATIO_RE.search(text) is not None
    if len(matches) == 1 and not combination and matches[0].group("per") is None:
        amount = float(matches[0].group("num").replace(",", "."))
        unit = matches[0].group("unit").lower()
        if amount > 0:
            dose_mg = amount / 1000.0 if unit in _MICRO else amount * _UNIT_TO_MG[unit]
    doses_per_day: float | None = None
    freq = _FREQ_RE.search(text)
    if freq:
        doses_per_day = _FREQUENCY[freq.group(1).lower()]
    name = _FREQ_RE.sub(" ", _DOSE_RE.sub(" ", _RATIO_RE.sub(" ", text)))
    name = re.sub(r"(?:^|\s)/(?=\s|$)", " ", name)  # a "/" left between two removed strengths
    name = re.sub(r"\s+", " ", name).strip(" ,;.-/")
    if not name:
        raise InputError(
            "medication", text, "a medication name, optionally followed by a dose such as '100 mg'"
        )
    return Medication(name=name[:200], dose_mg=dose_mg, doses_per_day=doses_per_day)


def _without_form_words(key: str) -> str:
    words = key.split(" ")
    while len(words) > 1 and words[-1] in _FORM_WORDS:
        words.pop()
    return " ".join(words)


FUZZY_MEMO_MAX = 4096


def _memo(index: _Index, kind: str, key: str, compute: Callable[[], object]) -> object:
    memo_key = (kind, key)
    if memo_key not in index.fuzzy_memo:
        if len(index.fuzzy_memo) >= FUZZY_MEMO_MAX:
            index.fuzzy_memo.clear()
        index.fuzzy_memo[memo_key] = compute()
    return index.fuzzy_memo[memo_key]


def _suggestions(key: str, index: _Index) -> tuple[str, ...]:
    return cast(tuple[str, ...], _memo(index, "suggest", key, lambda: _compute_suggestions(key, index)))


def _misspelling(key: str, index: _Index) -> tuple[Drug, str, float] | None:
    return cast(
        "tuple[Drug, str, float] | None",
        _memo(index, "misspell", key, lambda: _compute_misspelling(key, index)),
    )


def _compute_suggestions(key: str, index: _Index) -> tuple[str, ...]:
    found: list[str] = []
    # score_cutoff only skips candidates that would be discarded below anyway; it keeps the CDS path fast.
    matches = process.extract(key, index.keys, scorer=fuzz.WRatio, limit=12, score_cutoff=SUGGESTION_SCORE)
    for _, score, pos in matches:
        name = index.key_owner[pos].name
        if score >= SUGGESTION_SCORE and name not in found:
            found.append(name)
        if len(found) == MAX_SUGGESTIONS:
            break
    return tuple(found)


def _compute_misspelling(key: str, index: _Index) -> tuple[Drug, str, float] | None:
    best: dict[str, tuple[float, str, Drug]] = {}
    # Candidates within the margin of the acceptance score must stay in view for the ambiguity check.
    cutoff = AUTO_ACCEPT_SCORE - AUTO_ACCEPT_MARGIN
    for _, score, pos in process.extract(key, index.keys, scorer=fuzz.ratio, limit=10, score_cutoff=cutoff):
        drug = index.key_owner[pos]
        if drug.id not in best or score > best[drug.id][0]:
            best[drug.id] = (score, index.keys[pos], drug)
    ranked = sorted(best.values(), key=lambda item: item[0], reverse=True)
    if not ranked or ranked[0][0] < AUTO_ACCEPT_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < AUTO_ACCEPT_MARGIN:
        return None
    score, name, drug = ranked[0]
    return drug, name, score


def match_drug(text: str, kb: KnowledgeBase) -> Resolution:
    """Resolve a medication text and say how it matched (see the module docstring for the order).

    Raises
    ------
    UnknownDrugError
        With up to three suggestions, when no entry matches confidently.
    """
    medication = parse_medication(text)
    index = _index(kb)
    key = normalise_name(medication.name)
    drug = index.exact.get(key)
    if drug is not None:
        return Resolution(
            text=text, drug=drug, method="exact", matched_name=key, score=100.0, medication=medication
        )
    short = _without_form_words(key)
    drug = index.exact.get(short)
    if drug is not None:
        return Resolution(
            text=text,
            drug=drug,
            method="exact-without-form",
            matched_name=short,
            score=100.0,
            medication=medication,
        )
    close = _misspelling(short, index)
    if close is not None:
        drug, name, score = close
        return Resolution(
            text=text, drug=drug, method="misspelling", matched_name=name, score=score, medication=medication
        )
    raise UnknownDrugError("medication", text, _suggestions(short, index))


def resolve_drug(text: str, kb: KnowledgeBase) -> Drug:
    """The catalogue entry for a medication text (generic, brand, synonym, misspelling, with dose).

    Examples
    --------
    >>> from speciosa.knowledge.base import load_knowledge
    >>> resolve_drug("Zoloft 50 mg", load_knowledge()).name
    'sertraline'
    """
    return match_drug(text, kb).drug


def resolve_by_rxnorm(code: str, kb: KnowledgeBase) -> Drug:
    """The catalogue entry whose RxNorm ingredient code (RXCUI) is ``code``.

    Raises
    ------
    InputError
        If ``code`` is not a string of digits.
    UnknownDrugError
        If no entry carries that code (many entries have ``rxnorm: unknown``; resolve by name then).
    """
    code = code.strip()
    if not _RXNORM_RE.match(code):
        raise InputError("rxnorm", code, "an RxNorm concept id (digits only)")
    drug = _index(kb).by_rxnorm.get(code)
    if drug is None:
        raise UnknownDrugError("rxnorm", code)
    return drug


def resolve_many(
    texts: Iterable[str], kb: KnowledgeBase
) -> tuple[tuple[Resolution, ...], tuple[Unrecognised, ...]]:
    """Resolve a medication list: every text ends up in exactly one of the two tuples, in input order."""
    resolved: list[Resolution] = []
    unrecognised: list[Unrecognised] = []
    for text in texts:
        try:
            resolved.append(match_drug(text, kb))
        except UnknownDrugError as exc:
            unrecognised.append(
                Unrecognised(text=text, suggestions=exc.suggestions, reason="not in the drug catalogue")
            )
        except InputError as exc:
            unrecognised.append(Unrecognised(text=text, suggestions=(), reason=str(exc)))
    return tuple(resolved), tuple(unrecognised)
