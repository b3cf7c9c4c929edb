"""Reads the package's YAML data files: the only I/O the domain core is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from speciosa.errors import KnowledgeError

M = TypeVar("M", bound=BaseModel)


def data_root() -> Traversable:
    return resources.files("speciosa.knowledge") / "data"


def _walk_yaml(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = f"{prefix}/{child.name}" if prefix else child.name
        if child.is_dir():
            yield from _walk_yaml(child, name)
        elif child.name.endswith((".yaml", ".yml")):
            yield name, child


def yaml_files(folder: str) -> list[tuple[str, Traversable]]:
    """All YAML files below ``data/<folder>`` (recursively), sorted by path."""
    node = data_root().joinpath(*folder.split("/"))
    if not node.is_dir():
        raise KnowledgeError(f"knowledge folder data/{folder} is missing")
    return list(_walk_yaml(node, folder))


def read_yaml(path: str) -> Any:
    """Parse one YAML file below ``data/`` (``path`` relative to it)."""
    node = data_root().joinpath(*path.split("/"))
    try:
        return yaml.safe_load(node.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"data/{path}: cannot read YAML: {exc}") from exc


def parse_entries(model: type[M], raw: Any, where: str) -> tuple[M, ...]:
    """Validate a YAML list of entries against ``model``; errors name the file, entry and field."""
    if not isinstance(raw, list):
        raise KnowledgeError(f"data/{where}: expected a list of entries, got {type(raw).__name__}")
    out: list[M] = []
    for index, item in enumerate(raw):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            entry = item.get("id", index) if isinstance(item, dict) else index
            raise KnowledgeError(f"data/{where}: entry {entry!r}: {exc}") from exc
    return tuple(out)


def load_section(model: type[M], folder: str) -> tuple[M, ...]:
    """Every entry of every YAML file below ``data/<folder>``, validated."""
    entries: list[M] = []
    for name, node in yaml_files(folder):
        try:
            raw = yaml.safe_load(node.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"data/{name}: cannot parse YAML: {exc}") from exc
        entries.extend(parse_entries(model, raw, name))
    return tuple(entries)


def load_one(model: type[M], path: str) -> M:
    """A YAML file below ``data/`` that holds one mapping, validated against ``model``."""
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(f"data/{path}: {exc}") from exc
