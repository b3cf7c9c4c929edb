"""The review queue file (adapters/evidence_import/store.py): round trip, env var, bad files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from speciosa.adapters.evidence_import.store import (
    QueueFileError,
    evidence_with_overlay,
    queue_dir,
    read_import_file,
    read_queue,
    write_queue,
)
from speciosa.errors import InputError
from speciosa.knowledge.evidence import Question
from speciosa.learn.review_queue import accept, enqueue

DATA = Path(__file__).parents[2] / "data" / "evidence"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_queue_round_trips_through_json_lines(tmp_path: Path) -> None:
    entries = enqueue(read_import_file(DATA / "pubmed-sample.xml", "pubmed"), (), {}, "f", NOW).added
    decided = accept(entries[0], "Dr Test", NOW, [Question.MOOD_DEPRESSION])
    write_queue(tmp_path, (decided, entries[1]))
    assert read_queue(tmp_path) == (decided, entries[1])
    assert len((tmp_path / "queue.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_overlay_joins_kb_records_and_names_the_version(tmp_path: Path) -> None:
    entries = enqueue(read_import_file(DATA / "pubmed-sample.xml", "pubmed"), (), {}, "f", NOW).added
    write_queue(tmp_path, (accept(entries[0], "Dr Test", NOW, [Question.MOOD_DEPRESSION]), entries[1]))
    records, ids, version = evidence_with_overlay(tmp_path)
    assert len(ids) == 1
    assert next(iter(ids)) in {r.id for r in records}
    assert version.endswith("+evidence.1")


def test_queue_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SPECIOSA_EVIDENCE_DIR", str(tmp_path))
    assert queue_dir(None) == tmp_path
    monkeypatch.delenv("SPECIOSA_EVIDENCE_DIR")
    assert queue_dir(None, required=False) is None
    with pytest.raises(InputError, match="queue-dir"):
        queue_dir(None)


def test_corrupt_queue_file_is_a_run_failure(tmp_path: Path) -> None:
    (tmp_path / "queue.jsonl").write_text("{not json}\n", encoding="utf-8")
    with pytest.raises(QueueFileError, match="line 1"):
        read_queue(tmp_path)


def test_missing_import_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="FILE"):
        read_import_file(tmp_path / "absent.xml", "pubmed")
