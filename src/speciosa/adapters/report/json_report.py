"""The plan as JSON: the CarePlan itself, with the disclaimer and knowledge version inside."""

from __future__ import annotations

import json

from speciosa.plan.model import CarePlan


def render_json(plan: CarePlan) -> str:
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
