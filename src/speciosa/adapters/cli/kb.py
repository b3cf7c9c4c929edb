"""CLI commands: ``speciosa kb show|drugs|sources|evidence|version`` (the reviewed knowledge base)."""

from __future__ import annotations

from typing import Annotated

import typer

from speciosa.adapters.cli.output import emit, fail, stderr, stdout
from speciosa.errors import SpeciosaError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.views import (
    bibliography,
    drug_view,
    entry_text,
    entry_view,
    evidence_view,
    search_drugs,
    version_view,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def _say(text: str) -> None:
    stdout.print(text, highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    kb_app = typer.Typer(
        name="kb",
        help="Browse the reviewed knowledge base: drugs, evidence, sources and its version.",
        no_args_is_help=True,
    )
    app.add_typer(kb_app, name="kb")

    @kb_app.command("show")
    def show(
        name: Annotated[str, typer.Argument(help="An entry id (any section) or a drug name/brand.")],
        json_out: JsonOpt = False,
    ) -> None:
        """Show one entry (drug, evidence record, source, instrument, guideline ...) with its sources."""
        try:
            kb = load_knowledge()
            view = entry_view(kb, kb.entry(name))
        except SpeciosaError as exc:
            fail(exc, json_out)
        if json_out:
            emit(view, True)
        else:
            _say(entry_text(view))

    @kb_app.command("drugs")
    def drugs(
        search: Annotated[
            str | None, typer.Option("--search", help="Text in a generic, brand or synonym; misspellings ok.")
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """List the drug catalogue (JSON: objects with name, rxnorm, atc, sources)."""
        try:
            kb = load_knowledge()
            matches, suggestions = search_drugs(kb, search)
        except SpeciosaError as exc:
            fail(exc, json_out)
        if suggestions or (search and not matches):
            hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
            stderr.print(f"no drug matches {search!r}{hint}", highlight=False, markup=False)
        if json_out:
            emit([drug_view(d) for d in matches], True)
            return
        for drug in matches:
            atc = ", ".join(drug.atc) if isinstance(drug.atc, tuple) else drug.atc
            _say(f"{drug.name}  rxnorm={drug.rxnorm}  atc={atc}  sources={', '.join(drug.sources)}")
        _say(f"{len(matches)} drug(s); knowledge version {kb.version_label}")

    @kb_app.command("sources")
    def sources(json_out: JsonOpt = False) -> None:
        """The bibliography: every source with what was read and a link to check it."""
        try:
            kb = load_knowledge()
        except SpeciosaError as exc:
            fail(exc, json_out)
        entries = bibliography(kb)
        if json_out:
            emit(entries, True)
            return
        for src in entries:
            _say(f"[{src['id']}] {src['citation']} {src['link']}")
        _say(f"{len(entries)} source(s); knowledge version {kb.version_label}")

    @kb_app.command("evidence")
    def evidence(
        question: Annotated[
            str | None,
            typer.Option("--question", help="mood-depression, dependence-withdrawal, liver-injury, ..."),
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """List evidence records (optionally for one question), highest certainty first."""
        try:
            kb = load_knowledge()
            records = kb.evidence_for(question) if question else kb.evidence
        except SpeciosaError as exc:
            fail(exc, json_out)
        if json_out:
            emit([evidence_view(r) for r in records], True)
            return
        for r in records:
            _say(f"{r.id}  [{r.design.value}, n={r.n}, certainty {r.certainty.value}]  {r.citation}")
        _say(f"{len(records)} record(s); knowledge version {kb.version_label}")

    @kb_app.command("version")
    def version(json_out: JsonOpt = False) -> None:
        """The knowledge version (semantic version, date, content hash) printed on every report."""
        try:
            view = version_view(load_knowledge())
        except SpeciosaError as exc:
            fail(exc, json_out)
        if json_out:
            emit(view, True)
        else:
            _say(f"knowledge {view['label']}")
