-- The latest result of every expectation on every asset (the last run that checked it).
SELECT *
FROM publish.data_quality
QUALIFY checked_at = max(checked_at) OVER (PARTITION BY asset, check_name)
ORDER BY asset, severity, passed, expectation
