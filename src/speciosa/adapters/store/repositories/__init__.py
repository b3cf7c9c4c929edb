"""Repositories: plain functions over a Session. Callers own the transaction (db.transaction)."""

from speciosa.adapters.store.repositories import audit, patients, users

__all__ = ["audit", "patients", "users"]
