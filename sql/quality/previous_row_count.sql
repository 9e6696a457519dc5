-- Row count observed by the last row_count_change expectation on an asset in an earlier run.
SELECT TRY_CAST(observed_value AS BIGINT) AS previous_row_count
FROM publish.data_quality
WHERE asset = $asset
  AND expectation = 'row_count_change'
  AND run_id IS DISTINCT FROM $run_id
  AND NOT skipped
ORDER BY checked_at DESC
LIMIT 1
