"""Stage 3, evaluate: the school year and its calendar, what each activity owed and held in a
report period, its status, per-fraction statistics and the district summary."""
