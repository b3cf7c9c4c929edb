"""Reviewed clinical knowledge: YAML data files under ``data/`` with a pydantic schema.

Every entry names its sources (ids into ``data/sources/*.yaml``); unknown values are the literal
string ``"unknown"``, never a guess. ``load_knowledge()`` returns one frozen, cached KnowledgeBase.
"""

from speciosa.knowledge.base import KnowledgeBase, load_knowledge

__all__ = ["KnowledgeBase", "load_knowledge"]
