"""Every test the hazard log cites as proof of a mitigation exists, so a renamed test cannot leave a
hazard silently unproven."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
CITATION = re.compile(r"`(tests/[^`:]+\.py)::(\w+)`|`::(\w+)`")


def cited_tests() -> list[tuple[str, str]]:
    cited: list[tuple[str, str]] = []
    current: str | None = None
    for match in CITATION.finditer(LOG.read_text(encoding="utf-8")):
        if match.group(1):
            current, name = match.group(1), match.group(2)
        else:
            name = match.group(3)
        assert current is not None, f"'::{name}' cited before any test file"
        cited.append((current, name))
    return cited


def test_the_log_cites_tests() -> None:
    assert len(cited_tests()) >= 60


def test_every_cited_test_exists() -> None:
    missing = [
        f"{path}::{name}"
        for path, name in cited_tests()
        if not (ROOT / path).is_file()
        or not re.search(rf"^\s*def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)
    ]
    assert missing == []
