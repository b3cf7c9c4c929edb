"""Regenerates docs/validation/ddi.md and prints each fold error against the 2-fold target."""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(
        str(Path(__file__).resolve().parent.parent / "scripts" / "validate_ddi.py"), run_name="__main__"
    )
