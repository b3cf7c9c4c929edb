"""The kratom interaction screen: exposure, PK (static model), PD, kratom-as-victim, conditions.

References
----------
Tanna RS et al. Clin Pharmacol Ther 2023, doi:10.1002/cpt.2891 (clinical midazolam/dextromethorphan).
Tanna RS et al. Drug Metab Dispos 2023;51:923-935, doi:10.1124/dmd.122.001005.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from speciosa.assess.exposure import KratomExposure, has_amount, predict_exposure
from speciosa.basis import Basis
from speciosa.grading import Certainty, Severity
from speciosa.knowledge.common import Enzyme
from speciosa.knowledge.drugs import Drug
from speciosa.knowledge.interaction_rules import InteractionRule, RuleKind
from speciosa.knowledge.resolve import Resolution, resolve_many
from speciosa.patient import Condition, KratomUse, Medication
from speciosa.screen.auc_ratio import Prediction, predict_auc_ratio
from speciosa.screen.contraindications import screen_conditions
from speciosa.screen.kratom_as_victim import matching_victim_rules
from speciosa.screen.pharmacodynamic import matching_pd_rules
from speciosa.screen.result import AucRatio, Evidence, Finding, ScreenResult

if TYPE_CHECKING:
    from speciosa.knowledge.base import KnowledgeBase

_PK_MECHANISM = {Enzyme.CYP3A.value: "cyp3a-inhibition", Enzyme.CYP2D6.value: "cyp2d6-inhibition"}


def _victim_inputs(drug: Drug) -> tuple[dict[str, float], float | None, list[str], list[str]]:
    fm: dict[str, float] = {}
    unknown: list[str] = []
    sources: list[str] = []
    for entry in drug.fm:
        if isinstance(entry.fm, float):
            fm[entry.enzyme.value] = entry.fm
            sources += list(entry.sources)
        else:
            unknown.append(entry.enzyme.value)
    fg = drug.fg if isinstance(drug.fg, float) else None
    if fg is not None:
        sources += list(drug.fg_sources)
    return fm, fg, unknown, sources


def _pk(
    drug: Drug, exposure: KratomExposure | None, kb: KnowledgeBase, mc: int, seed: int
) -> tuple[Prediction | None, str | None]:
    fm, fg, unknown, _ = _victim_inputs(drug)
    if exposure is None:
        return None, "kratom product/amount not given: AUC ratio not computed"
    m = exposure.mitragynine
    if m.intestinal_conc_um is None or m.hepatic_inlet_unbound_um is None:
        return None, "mitragynine inhibitor concentrations unknown"
    if not fm:
        why = (
            f"fm for {', '.join(unknown)} is unknown"
            if unknown
            else "no fm (fraction metabolised) in the catalogue"
        )
        return None, f"AUC ratio not computed: {why} for {drug.name}"
    ig, ih = m.intestinal_conc_um, m.hepatic_inlet_unbound_um
    pred = predict_auc_ratio(
        fm=fm,
        fg=fg,
        ig_um=(ig.point, ig.low, ig.high),
        ih_u_um=(ih.point, ih.low, ih.high),
        pharm=kb.pharmacology,
        mc_samples=mc,
        seed=seed,
    )
    return pred, pred.reason


def _finding(
    drug: Drug,
    res: Resolution,
    exposure: KratomExposure | None,
    kb: KnowledgeBase,
    mc: int,
    seed: int,
) -> Finding:
    rules = kb.interaction_rules
    hits: list[InteractionRule] = [*matching_pd_rules(drug, rules), *matching_victim_rules(drug, rules)]
    pred, pk_note = _pk(drug, exposure, kb, mc, seed)
    numbers: dict[str, Any] = {}
    auc: AucRatio | None = None
    cutoff = kb.pharmacology.number("aucr-cutoff")
    pk_sources: list[str] = []
    if pred is not None and pred.point is not None and pred.low is not None and pred.high is not None:
        auc = AucRatio(point=pred.point, low=pred.low, high=pred.high)
        numbers |= pred.numbers
        pk_sources = [*pred.sources, *kb.pharmacology.constant("aucr-cutoff").sources]
        if pred.high >= cutoff:
            for enz in pred.enzymes:
                for r in rules:
                    if r.kind is RuleKind.PHARMACOKINETIC and enz in {e.value for e in r.enzymes}:
                        hits.append(r)
    hits = list(dict.fromkeys(hits))
    if not hits:
        severity = Severity.NONE_KNOWN
    else:
        severity = max((h.severity for h in hits), key=lambda s: s.rank)
        pk_hits = [h for h in hits if h.kind is RuleKind.PHARMACOKINETIC]
        if auc is not None and pk_hits and auc.point < cutoff:
            # Only the upper interval crosses the cutoff: report it, one step lower.
            severity = max(
                (h.severity for h in hits if h not in pk_hits), key=lambda s: s.rank, default=Severity.MINOR
            )
        if auc is not None and auc.point >= cutoff and drug.narrow_therapeutic_index:
            severity = max(severity, Severity.MAJOR, key=lambda s: s.rank)
    mechanisms = tuple(dict.fromkeys(h.mechanism for h in hits))
    worst = max(hits, key=lambda h: (h.severity.rank, -h.certainty.rank)) if hits else None
    evidence = (
        Evidence(certainty=worst.certainty, reason=worst.certainty_reason)
        if worst
        else Evidence(
            certainty=Certainty.VERY_LOW,
            reason="No reviewed rule matched this drug; absence of a rule is not evidence of safety.",
        )
    )
    message = " ".join(h.message for h in hits) or "No kratom interaction rule matched."
    if pk_note:
        message += f" ({pk_note}.)"
    management = (
        " ".join(dict.fromkeys(h.management for h in hits)) or "No specific action from speciosa's rules."
    )
    sources = tuple(dict.fromkeys([s for h in hits for s in h.sources] + pk_sources))
    return Finding(
        drug=drug.name,
        input_name=res.text,
        severity=severity,
        mechanisms=mechanisms,
        auc_ratio=auc,
        auc_ratio_note=pk_note,
        evidence=evidence,
        message=message,
        management=management,
        sources=sources,
        basis=Basis(
            rule="; ".join(f"{h.id}: {h.title}" for h in hits) or "no rule matched",
            inputs={
                "drug_id": drug.id,
                "matched_as": res.method,
                "pd_flags": sorted(n for n in type(drug.pd).model_fields if getattr(drug.pd, n) is True),
                "fm": {e.enzyme.value: e.fm for e in drug.fm},
                "fg": drug.fg,
                "narrow_therapeutic_index": drug.narrow_therapeutic_index,
                "perpetrator": [f"{p.enzyme.value}:{p.strength.value}" for p in drug.perpetrator],
                "aucr_cutoff": cutoff,
            },
            numbers=numbers,
            sources=sources,
            knowledge_version=kb.version_label,
        ),
    )


def screen(
    kratom: KratomUse | None,
    medications: Sequence[str | Medication],
    conditions: Sequence[str | Condition],
    kb: KnowledgeBase,
    *,
    mc_samples: int = 2000,
    seed: int = 20260425,
) -> ScreenResult:
    """Screen a patient's kratom use against their medications and conditions.

    Every medication text ends up in ``findings`` (one per recognised drug) or ``unrecognised``
    (with suggestions). Findings are sorted most severe first.
    """
    # A recorded use without an amount (EHR entries often lack one) is still kratom use: the
    # pharmacodynamic and condition findings stand, only the exposure and AUC ratios are unknown.
    exposure = (
        predict_exposure(kratom, kb.pharmacology, knowledge_version=kb.version_label)
        if kratom is not None and has_amount(kratom)
        else None
    )
    texts = [m.name if isinstance(m, Medication) else m for m in medications]
    resolved, unrecognised = resolve_many(texts, kb)
    seen: set[str] = set()
    findings: list[Finding] = []
    for res in resolved:
        if res.drug.id in seen:
            continue
        seen.add(res.drug.id)
        findings.append(_finding(res.drug, res, exposure, kb, mc_samples, seed))
    findings.sort(key=lambda f: -f.severity.rank)
    warnings: list[str] = []
    if kratom is not None and exposure is None:
        warnings.append(
            f"Kratom use ({kratom.product.value}) is recorded without an amount per dose: exposure and "
            "pharmacokinetic AUC ratios were not computed."
        )
    elif exposure is None:
        warnings.append("Kratom product and amount not given: pharmacokinetic AUC ratios were not computed.")
    return ScreenResult(
        kratom=exposure,
        findings=tuple(findings),
        conditions=screen_conditions(conditions, kb.interaction_rules),
        unrecognised=unrecognised,
        knowledge_version=kb.version_label,
        warnings=tuple(warnings),
    )
