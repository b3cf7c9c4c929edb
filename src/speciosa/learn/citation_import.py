"""Parse new study records for the living evidence base: PubMed XML, RIS, ClinicalTrials.gov JSON.

Pure functions over text (the adapter reads the files). Each returns :class:`Candidate` records
with the identifiers used to deduplicate (PMID, DOI, NCT id) and a normalised title.

Formats
-------
* PubMed ``efetch`` XML (``PubmedArticleSet/PubmedArticle``): PMID, ArticleTitle, AbstractText,
  Journal Title, PubDate Year, authors, PublicationType, ArticleId[@IdType="doi"].
* RIS (``TY  - `` ... ``ER  - ``): TI/T1, AU/A1, PY/Y1/DA, JO/JF/T2, DO, AB/N2.
* ClinicalTrials.gov API v2 study JSON (one study, or ``{"studies": [...]}``):
  ``protocolSection.identificationModule.nctId`` / ``briefTitle``, ``designModule``, ``statusModule``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from enum import StrEnum
from typing import Any
from xml.etree.ElementTree import Element  # only the type; parsing goes through defusedxml

from defusedxml import ElementTree as SafeET
from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import InputError


class ImportFormat(StrEnum):
    PUBMED = "pubmed"
    RIS = "ris"
    CTGOV = "ctgov"


class Candidate(Frozen):
    """A bibliographic record proposed for the evidence base, before review."""

    format: ImportFormat
    title: str = Field(min_length=1)
    pmid: str | None = None
    doi: str | None = None
    nct_id: str | None = None
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    abstract: str | None = None
    publication_types: tuple[str, ...] = ()
    design_hint: str | None = None  # a StudyDesign value suggested by the record's metadata
    enrollment: int | None = None

    @property
    def title_key(self) -> str:
        return normalise_title(self.title)

    def dedup_keys(self) -> tuple[str, ...]:
        """Deduplication keys: identifiers first, then the normalised title."""
        out = [
            f"pmid:{self.pmid}" if self.pmid else "",
            f"doi:{self.doi.lower()}" if self.doi else "",
            f"nct:{self.nct_id.upper()}" if self.nct_id else "",
            f"title:{self.title_key}",
        ]
        return tuple(k for k in out if k)


def normalise_title(title: str) -> str:
    """Lower case, accents removed, punctuation and repeated spaces dropped.

    >>> normalise_title("Kratom: A Survey!  ")
    'kratom a survey'
    """
    decomposed = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    # Punctuation (including dashes) becomes a space before non-ASCII letters are dropped.
    text = re.sub(r"[\W_]+", " ", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def parse(text: str, fmt: ImportFormat | str) -> tuple[Candidate, ...]:
    try:
        chosen = ImportFormat(fmt)
    except ValueError as exc:
        raise InputError("format", fmt, ", ".join(f.value for f in ImportFormat)) from exc
    parser = {
        ImportFormat.PUBMED: parse_pubmed_xml,
        ImportFormat.RIS: parse_ris,
        ImportFormat.CTGOV: parse_ctgov_json,
    }
    return parser[chosen](text)


# ------------------------------------------------------------------------------------------ PubMed
_PUBMED_DESIGNS = {
    "randomized controlled trial": "rct",
    "meta-analysis": "meta-analysis",
    "systematic review": "systematic-review",
    "case reports": "case-report",
    "review": "narrative-review",
    "observational study": "cohort",
}


def _text(node: Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def parse_pubmed_xml(text: str) -> tuple[Candidate, ...]:
    """Candidates from a PubMed efetch XML document (``retmode=xml``)."""
    try:
        root = SafeET.fromstring(text)
    except SafeET.ParseError as exc:
        raise InputError("file", "PubMed XML", f"well-formed PubMed efetch XML ({exc})") from exc
    if root.tag != "PubmedArticleSet":
        raise InputError("file", root.tag, "a PubmedArticleSet document (PubMed efetch XML)")
    out: list[Candidate] = []
    for number, article in enumerate(root.iter("PubmedArticle"), start=1):
        citation = article.find("MedlineCitation")
        title = _text(article.find("MedlineCitation/Article/ArticleTitle"))
        if citation is None or not title:
            raise InputError(f"record {number}, ArticleTitle", None, "a PubmedArticle with a title")
        pmid = _text(citation.find("PMID")) or None
        year_text = _text(citation.find("Article/Journal/JournalIssue/PubDate/Year"))
        types = tuple(_text(t) for t in citation.iterfind("Article/PublicationTypeList/PublicationType"))
        doi = next(
            (
                _text(i)
                for i in article.iterfind("PubmedData/ArticleIdList/ArticleId")
                if i.get("IdType") == "doi"
            ),
            None,
        )
        authors = tuple(
            f"{_text(a.find('LastName'))} {_text(a.find('Initials'))}".strip()
            for a in citation.iterfind("Article/AuthorList/Author")
            if a.find("LastName") is not None
        )
        abstract = " ".join(_text(p) for p in citation.iterfind("Article/Abstract/AbstractText")) or None
        hint = next((_PUBMED_DESIGNS[t.lower()] for t in types if t.lower() in _PUBMED_DESIGNS), None)
        out.append(
            Candidate(
                format=ImportFormat.PUBMED,
                title=title,
                pmid=pmid,
                doi=doi,
                authors=authors,
                journal=_text(citation.find("Article/Journal/Title")) or None,
                year=int(year_text) if year_text.isdigit() else None,
                abstract=abstract,
                publication_types=types,
                design_hint=hint,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------- RIS
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -( (.*))?$")


def parse_ris(text: str) -> tuple[Candidate, ...]:
    """Candidates from an RIS file; each record ends with ``ER  -``."""
    out: list[Candidate] = []
    fields: dict[str, list[str]] = {}
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = _RIS_LINE.match(line)
        if match is None:
            raise InputError(f"line {line_number}", line[:40], "an RIS line 'XX  - value'")
        tag, value = match.group(1), (match.group(3) or "").strip()
        if tag == "ER":
            out.append(_ris_candidate(fields, len(out) + 1))
            fields = {}
        else:
            fields.setdefault(tag, []).append(value)
    if fields:
        raise InputError(f"record {len(out) + 1}", "no ER line", "each RIS record to end with 'ER  -'")
    return tuple(out)


def _ris_candidate(fields: dict[str, list[str]], number: int) -> Candidate:
    def first(*tags: str) -> str | None:
        return next((fields[t][0] for t in tags if fields.get(t)), None)

    title = first("TI", "T1")
    if not title:
        raise InputError(f"record {number}, TI", None, "a title (TI or T1)")
    year_text = (first("PY", "Y1", "DA") or "")[:4]
    doi = first("DO")
    return Candidate(
        format=ImportFormat.RIS,
        title=title,
        doi=doi.removeprefix("https://doi.org/") if doi else None,
        authors=tuple(fields.get("AU", []) + fields.get("A1", [])),
        journal=first("JO", "JF", "T2"),
        year=int(year_text) if year_text.isdigit() else None,
        abstract=first("AB", "N2"),
    )


# ----------------------------------------------------------------------------- ClinicalTrials.gov
def parse_ctgov_json(text: str) -> tuple[Candidate, ...]:
    """Candidates from a ClinicalTrials.gov API v2 study (or ``{"studies": [...]}``) export."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "file", "JSON", f"ClinicalTrials.gov API v2 JSON ({exc.msg} at line {exc.lineno})"
        ) from exc
    studies: list[Any] = data.get("studies", [data]) if isinstance(data, dict) else data
    if not isinstance(studies, list):
        raise InputError("file", type(studies).__name__, "a study object or a list of studies")
    out: list[Candidate] = []
    for number, study in enumerate(studies, start=1):
        protocol = study.get("protocolSection") if isinstance(study, dict) else None
        if not isinstance(protocol, dict):
            raise InputError(f"study {number}, protocolSection", None, "an API v2 study with protocolSection")
        ident = protocol.get("identificationModule", {})
        nct = ident.get("nctId")
        title = ident.get("officialTitle") or ident.get("briefTitle")
        if not nct or not title:
            raise InputError(f"study {number}, identificationModule", nct, "an nctId and a title")
        design = protocol.get("designModule", {})
        start = str(protocol.get("statusModule", {}).get("startDateStruct", {}).get("date", ""))[:4]
        enrollment = design.get("enrollmentInfo", {}).get("count")
        randomised = design.get("designInfo", {}).get("allocation") == "RANDOMIZED"
        out.append(
            Candidate(
                format=ImportFormat.CTGOV,
                title=title,
                nct_id=nct,
                journal="ClinicalTrials.gov",
                year=int(start) if start.isdigit() else None,
                abstract=protocol.get("descriptionModule", {}).get("briefSummary"),
                design_hint="rct" if randomised and study.get("hasResults") else "registered-trial",
                enrollment=enrollment if isinstance(enrollment, int) else None,
                authors=tuple(
                    filter(
                        None,
                        [protocol.get("sponsorCollaboratorsModule", {}).get("leadSponsor", {}).get("name")],
                    )
                ),
            )
        )
    return tuple(out)
