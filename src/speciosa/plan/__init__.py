"""Stage 3, plan: the personalised care plan (``speciosa.plan.care_plan.build_care_plan``),
its handout and the kratom dose guard."""
