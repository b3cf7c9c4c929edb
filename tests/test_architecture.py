"""The domain core stays pure: no clock reads, printing, logging or file I/O outside adapters/.

import-linter (run by `make test`) forbids the core from importing adapters and I/O frameworks;
this test catches what an import contract cannot see. knowledge/loader.py is the one allowed reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "speciosa"
CORE = sorted(p for p in SRC.rglob("*.py") if "adapters" not in p.parts and p.name != "__main__.py")
ALLOWED_IO = {SRC / "knowledge" / "loader.py"}

FORBIDDEN_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("builtins", "print"),
    ("builtins", "open"),
    ("builtins", "input"),
}
FORBIDDEN_IMPORTS = {"logging", "requests", "httpx", "socket", "subprocess", "sqlite3"}


def _calls(tree: ast.AST) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"print", "open", "input"}:
            found.add(("builtins", func.id))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            found.add((func.value.id, func.attr))
    return found


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_there_is_a_core_to_check() -> None:
    assert len(CORE) > 30


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path not in ALLOWED_IO:
        bad_calls = _calls(tree) & FORBIDDEN_CALLS
        assert not bad_calls, (
            f"{path.name} calls {sorted(bad_calls)}: take `today: date` / return values instead"
        )
    bad_imports = _imports(tree) & FORBIDDEN_IMPORTS
    assert not bad_imports, f"{path.name} imports {sorted(bad_imports)}: I/O belongs in adapters/"
