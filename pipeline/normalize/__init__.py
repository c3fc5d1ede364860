"""Stage 2, normalize: raw tables into activity rows (dates, frequency, audience, partners,
evidence), validated by the `schemas` models; data-quality problems become notes."""
