"""Where Great Expectations runs beside a build: the validation process and the Data Docs writer.

Plain Python, no Dagster. Kept out of `models/` (pure analytics, no I/O) because it starts a
process, talks over pipes and writes the Data Docs site; the validation itself is
`models.quality.validate`, run unchanged in the worker.
"""
