-- The latest result of every expectation on every asset (the last run that checked it).
SELECT *
FROM publish.data_quality
-- quality_error / quality_warn were retired (one `quality` check per table since 2026-11):
-- their last results describe no current check.
WHERE NOT regexp_matches(check_name, '(^|_)quality_(error|warn)$')
QUALIFY checked_at = max(checked_at) OVER (PARTITION BY asset, check_name)
ORDER BY asset, severity, passed, expectation
