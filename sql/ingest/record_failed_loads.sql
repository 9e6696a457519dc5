-- The failed loads of a run whose copy was discarded, kept in the published load log so the
-- analyst and the IG lead see why nothing changed (the tables themselves stay as they were).
INSERT INTO meta.load_log
SELECT f.*
FROM failed_run.meta.load_log AS f
WHERE f.status = 'failed'
  AND NOT EXISTS (
      SELECT 1 FROM meta.load_log AS m
      WHERE m.status = 'failed' AND m.run_id IS NOT DISTINCT FROM f.run_id
        AND m.source = f.source AND m.file IS NOT DISTINCT FROM f.file
  );
