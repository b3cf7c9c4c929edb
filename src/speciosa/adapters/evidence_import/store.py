"""The review queue on disk: one JSON object per line in ``<queue dir>/queue.jsonl``.

The directory comes from ``--queue-dir`` or the ``SPECIOSA_EVIDENCE_DIR`` environment variable.
Writes go to a temporary file that replaces the queue, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from speciosa.errors import InputError, SpeciosaError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.evidence import EvidenceRecord
from speciosa.learn.citation_import import Candidate, ImportFormat, parse
from speciosa.learn.review_queue import QueueEntry, overlay, overlay_label

ENV_VAR = "SPECIOSA_EVIDENCE_DIR"
QUEUE_FILE = "queue.jsonl"


class QueueFileError(SpeciosaError):
    """The queue file exists but cannot be read or written."""


def queue_dir(option: Path | None, required: bool = True) -> Path | None:
    """The queue directory from the option or the environment; InputError when required and unset."""
    chosen = option or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if chosen is None and required:
        raise InputError("--queue-dir", None, f"a directory (or set {ENV_VAR})")
    return chosen


def required_queue_dir(option: Path | None) -> Path:
    """The queue directory for commands that need one; InputError naming --queue-dir when unset."""
    chosen = queue_dir(option, required=True)
    if chosen is None:  # queue_dir raises first; this keeps the type exact
        raise InputError("--queue-dir", None, f"a directory (or set {ENV_VAR})")
    return chosen


def read_queue(directory: Path | None) -> tuple[QueueEntry, ...]:
    if directory is None:
        return ()
    path = directory / QUEUE_FILE
    if not path.exists():
        return ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QueueFileError(f"{path}: cannot read the review queue: {exc}") from exc
    entries: list[QueueEntry] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(QueueEntry.model_validate_json(line))
        except ValidationError as exc:
            raise QueueFileError(f"{path}: line {number} is not a queue entry: {exc}") from exc
    return tuple(entries)


def write_queue(directory: Path, entries: Sequence[QueueEntry]) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / (QUEUE_FILE + ".tmp")
        tmp.write_text("".join(e.model_dump_json() + "\n" for e in entries), encoding="utf-8")
        tmp.replace(directory / QUEUE_FILE)
    except OSError as exc:
        raise QueueFileError(f"{directory}: cannot write the review queue: {exc}") from exc


def read_import_file(path: Path, fmt: ImportFormat | str) -> tuple[Candidate, ...]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError("FILE", str(path), "a readable file") from exc
    except UnicodeDecodeError as exc:
        raise InputError("FILE", str(path), "a UTF-8 text file") from exc
    return parse(text, fmt)


def evidence_with_overlay(directory: Path | None) -> tuple[tuple[EvidenceRecord, ...], frozenset[str], str]:
    """Knowledge-base records plus accepted overlay records, overlay ids, and the version label."""
    kb = load_knowledge()
    queue = read_queue(directory)
    extra = overlay(queue)
    known = {r.id for r in kb.evidence}
    added = tuple(r for r in extra if r.id not in known)
    return kb.evidence + added, frozenset(r.id for r in added), overlay_label(kb.version_label, queue)
