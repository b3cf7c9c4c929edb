"""Clinician PDF report (reportlab): the same content as the HTML report, laid out for print."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from speciosa.adapters.report.chart import has_chart, trajectory_chart
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.plan.handout import Handout
from speciosa.plan.model import CarePlan, PlanItem

_STYLES = getSampleStyleSheet()
_BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontSize=9, leading=12)
_SMALL = ParagraphStyle(
    "small", parent=_BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")
)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=8, leading=10)
_H1 = ParagraphStyle("h1", parent=_STYLES["Heading1"], fontSize=16, spaceAfter=2)
_H2 = ParagraphStyle(
    "h2",
    parent=_STYLES["Heading2"],
    fontSize=12,
    spaceBefore=10,
    spaceAfter=4,
    textColor=colors.HexColor("#1a237e"),
)
_H3 = ParagraphStyle("h3", parent=_BODY, fontName="Helvetica-Bold", fontSize=9.5, spaceBefore=4)
_BIG = ParagraphStyle("big", parent=_BODY, fontSize=12, leading=17)
_LEVEL_BG = {AlertLevel.URGENT: "#ffebee", AlertLevel.WARNING: "#fff8e1", AlertLevel.INFO: "#e3f2fd"}


def _p(text: object, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(rows: list[list[object]], widths: list[float], backgrounds: list[str] | None = None) -> Table:
    data = [[_p(c, _CELL) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, colour in enumerate(backgrounds or [], start=1):
        style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(colour)))
    table.setStyle(TableStyle(style))
    return table


def _item(item: PlanItem) -> KeepTogether:
    sources = ", ".join(item.basis.sources)
    return KeepTogether(
        [
            _p(f"[{item.section.value}] {item.title}", _H3),
            _p(item.text),
            _p(f"Basis: {item.basis.rule} Sources: {sources}", _SMALL),
        ]
    )


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    text = f"speciosa care plan - supports, does not replace, clinical judgement - page {doc.page}"
    canvas.drawString(15 * mm, 10 * mm, text)
    canvas.restoreState()


def render_pdf(plan: CarePlan, kb: KnowledgeBase) -> bytes:
    """The clinician report as PDF bytes."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"speciosa care plan {plan.patient_id}",
        author="speciosa",
    )
    width = A4[0] - 30 * mm
    story: list[object] = [
        _p(f"Care plan: {plan.patient_id}", _H1),
        _p(f"Made for {plan.generated_on.isoformat()} - knowledge {plan.knowledge_version}", _SMALL),
        Spacer(1, 4),
        _p(
            plan.disclaimer
            + " Options, not prescriptions. speciosa never recommends starting kratom and never "
            "proposes a kratom dose.",
            _SMALL,
        ),
        _p("Alerts", _H2),
    ]
    if plan.alerts:
        rows: list[list[object]] = [["Level", "Alert", "Suggested action"]]
        rows += [[a.level.value.upper(), a.message, a.action or ""] for a in plan.alerts]
        story.append(
            _table(
                rows,
                [18 * mm, width * 0.5, width - 18 * mm - width * 0.5],
                [_LEVEL_BG[a.level] for a in plan.alerts],
            )
        )
    else:
        story.append(_p("No alerts."))
    story += [_p("Severity and scores", _H2), _p(plan.severity_context)]
    if has_chart(plan):
        png = trajectory_chart(plan, kb, "png")
        image = Image(io.BytesIO(png))
        scale = width / image.imageWidth
        image.drawWidth, image.drawHeight = width, image.imageHeight * scale
        story.append(image)
    story.append(_p("Plan", _H2))
    story += [_item(i) for i in plan.items]
    if plan.kratom:
        story += [_p("Kratom", _H2), _p(plan.kratom.current_use), _p("Interaction findings", _H3)]
        if plan.kratom.interactions:
            rows = [["Medicine", "Severity", "Finding and management"]]
            rows += [
                [
                    f.drug,
                    f.severity + (f" (evidence {f.certainty})" if f.certainty else ""),
                    f.message + (f" Management: {f.management}" if f.management else ""),
                ]
                for f in plan.kratom.interactions
            ]
            story.append(_table(rows, [30 * mm, 26 * mm, width - 56 * mm]))
        else:
            story.append(_p("No interaction findings for the recorded medicines."))
        if plan.kratom.unrecognised:
            story.append(
                _p("Not screened (not in the drug catalogue): " + "; ".join(plan.kratom.unrecognised))
            )
        if plan.kratom.condition_findings:
            rows = [["Condition", "Severity", "Finding"]]
            rows += [[f.drug, f.severity, f.message] for f in plan.kratom.condition_findings]
            story.append(_table(rows, [30 * mm, 26 * mm, width - 56 * mm]))
        story += [_item(i) for i in plan.kratom.items]
        story.append(_p(plan.kratom.evidence_certainty, _SMALL))
    story.append(_p("Monitoring schedule", _H2))
    rows = [["Due", "What", "Rule applied"]]
    rows += [
        [e.due_on.isoformat() if e.due_on else "set by clinician", e.what, e.rule] for e in plan.schedule
    ]
    story.append(_table(rows, [24 * mm, 45 * mm, width - 69 * mm]))
    if plan.warnings:
        story += [_p("Limits of this plan", _H2)] + [_p("- " + w) for w in plan.warnings]
    story.append(_p("Sources", _H2))
    story += [_p(f"{s['id']}: {s['citation']} {s['link']}", _SMALL) for s in plan.sources]
    story += [Spacer(1, 6), _p(plan.disclaimer, _SMALL)]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def render_handout_pdf(handout: Handout) -> bytes:
    """The patient handout as a large-print PDF."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Your care plan",
        author="speciosa",
    )
    story: list[object] = [_p(handout.title, _H1)]
    for section in handout.sections:
        story.append(_p(section.title, _H2))
        story += [_p(text, _BIG) for text in section.paragraphs]
    story += [Spacer(1, 8), _p(handout.closing, _BIG)]
    doc.build(story)
    return buf.getvalue()
