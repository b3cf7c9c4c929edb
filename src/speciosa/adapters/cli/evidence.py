"""CLI commands: ``speciosa evidence QUESTION`` summaries and the living-update review queue.

``speciosa evidence mood-depression`` shows one summary (``all`` shows every question);
``import``, ``queue``, ``accept`` and ``reject`` manage the review queue in ``--queue-dir`` (or
``$SPECIOSA_EVIDENCE_DIR``). Accepted records join the summaries and the knowledge version label.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from speciosa.adapters.cli.output import emit, fail, stdout
from speciosa.adapters.evidence_import.store import (
    evidence_with_overlay,
    queue_dir,
    read_import_file,
    read_queue,
    required_queue_dir,
    write_queue,
)
from speciosa.errors import InputError, SpeciosaError
from speciosa.grading import Certainty
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.evidence import Direction, Question, StudyDesign
from speciosa.learn.certainty import load_grade_rules
from speciosa.learn.evidence import SUMMARY_QUESTIONS, summarise_all, summarise_evidence
from speciosa.learn.review_queue import Status, accept, enqueue, find, knowledge_keys, reject

QueueDir = Annotated[
    Path | None, typer.Option("--queue-dir", help="Review-queue directory (default: $SPECIOSA_EVIDENCE_DIR).")
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print JSON.")]


class _QuestionOrCommand(TyperGroup):
    """`speciosa evidence QUESTION` runs `show QUESTION` when QUESTION is not a sub-command."""

    # Typer vendors its own click types; Any keeps this override valid for either.
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


evidence_app = typer.Typer(
    cls=_QuestionOrCommand,
    no_args_is_help=True,
    help="Evidence summaries with GRADE-style certainty, and the living-update review queue. "
    f"QUESTION: {', '.join(q.value for q in SUMMARY_QUESTIONS)} or all.",
)


def _enum(kind: type[Any], field: str, value: str) -> Any:
    try:
        return kind(value)
    except ValueError as exc:
        raise InputError(field, value, ", ".join(v.value for v in kind)) from exc


@evidence_app.command("show")
def show(
    question: Annotated[str, typer.Argument(help="A question, or 'all'.")],
    json_out: JsonOut = False,
    queue: QueueDir = None,
) -> None:
    """The evidence summary for QUESTION (studies, direction, certainty with reasons, sources)."""
    try:
        records, overlay_ids, version = evidence_with_overlay(queue_dir(queue, required=False))
        rules = load_grade_rules()
        if question == "all":
            summaries = summarise_all(records, rules, version, overlay_ids)
            if json_out:
                emit([s.to_dict() for s in summaries], json_out)
            else:
                stdout.print("\n\n".join(s.summary() for s in summaries), highlight=False, markup=False)
            return
        emit(summarise_evidence(question, records, rules, version, overlay_ids), json_out)
    except SpeciosaError as exc:
        fail(exc, json_out)


@evidence_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="PubMed efetch XML, RIS, or ClinicalTrials.gov API v2 JSON.")],
    fmt: Annotated[str, typer.Option("--format", help="pubmed, ris or ctgov.")],
    queue: QueueDir = None,
    json_out: JsonOut = False,
) -> None:
    """Queue new records for review; duplicates (PMID, DOI, NCT id, title) are skipped."""
    try:
        directory = required_queue_dir(queue)
        candidates = read_import_file(file, fmt)
        kb = load_knowledge()
        existing = read_queue(directory)
        report = enqueue(
            candidates, existing, knowledge_keys(kb.evidence, kb.sources), file.name, datetime.now(UTC)
        )
        write_queue(directory, (*existing, *report.added))
    except SpeciosaError as exc:
        fail(exc, json_out)
    emit(
        {
            "added": [{"id": e.id, "title": e.candidate.title} for e in report.added],
            "duplicates": [d.model_dump(mode="json") for d in report.duplicates],
        },
        json_out,
    )


@evidence_app.command("queue")
def show_queue(
    queue: QueueDir = None,
    all_entries: Annotated[
        bool, typer.Option("--all", help="Include accepted and rejected entries.")
    ] = False,
    json_out: JsonOut = False,
) -> None:
    """List queued records awaiting review (with --all, decided ones too)."""
    try:
        entries = read_queue(required_queue_dir(queue))
    except SpeciosaError as exc:
        fail(exc, json_out)
    shown = [e for e in entries if all_entries or e.status is Status.PENDING]
    emit(
        [
            {
                "id": e.id,
                "status": e.status.value,
                "title": e.candidate.title,
                "format": e.candidate.format.value,
                "pmid": e.candidate.pmid,
                "doi": e.candidate.doi,
                "nct_id": e.candidate.nct_id,
                "design_hint": e.candidate.design_hint,
                "reviewer": e.reviewer,
                "decided_at": e.decided_at.isoformat() if e.decided_at else None,
            }
            for e in shown
        ],
        json_out,
    )


@evidence_app.command("accept")
def accept_entry(
    entry: Annotated[str, typer.Argument(help="Queue id (imp-...).")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who accepts the record.")],
    question: Annotated[list[str], typer.Option("--question", help="Question(s) the record informs.")],
    certainty: Annotated[
        str, typer.Option("--certainty", help="very low, low, moderate, high.")
    ] = "very low",
    design: Annotated[
        str | None, typer.Option("--design", help="Study design (default: from the record).")
    ] = None,
    direction: Annotated[
        str, typer.Option("--direction", help="benefit, harm, no-effect, mixed, descriptive.")
    ] = "descriptive",
    finding: Annotated[
        str | None, typer.Option("--finding", help="Key finding in the reviewer's words.")
    ] = None,
    n: Annotated[int | None, typer.Option("--n", min=0, help="Participants or cases analysed.")] = None,
    queue: QueueDir = None,
    json_out: JsonOut = False,
) -> None:
    """Accept a queued record into the evidence overlay, recording reviewer and time."""
    try:
        directory = required_queue_dir(queue)
        entries = read_queue(directory)
        decided = accept(
            find(entries, entry),
            reviewer,
            datetime.now(UTC),
            tuple(_enum(Question, "question", q) for q in question),
            _enum(Certainty, "certainty", certainty),
            _enum(StudyDesign, "design", design) if design else None,
            _enum(Direction, "direction", direction),
            finding,
            n,
        )
        write_queue(directory, tuple(decided if e.id == entry else e for e in entries))
    except SpeciosaError as exc:
        fail(exc, json_out)
    emit(decided.model_dump(mode="json"), json_out)


@evidence_app.command("reject")
def reject_entry(
    entry: Annotated[str, typer.Argument(help="Queue id (imp-...).")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who rejects the record.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is rejected.")],
    queue: QueueDir = None,
    json_out: JsonOut = False,
) -> None:
    """Reject a queued record with a reason (kept, so a re-import is recognised)."""
    try:
        directory = required_queue_dir(queue)
        entries = read_queue(directory)
        decided = reject(find(entries, entry), reviewer, datetime.now(UTC), reason)
        write_queue(directory, tuple(decided if e.id == entry else e for e in entries))
    except SpeciosaError as exc:
        fail(exc, json_out)
    emit(decided.model_dump(mode="json"), json_out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(evidence_app, name="evidence")
