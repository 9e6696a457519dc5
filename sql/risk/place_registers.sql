-- Every place's at-risk register (restricted Parquet, one file per place), the columns the
-- disclosure-controlled summary needs, for the places in the partition set. Restricted: the
-- result goes to register_summary, never as rows to the warehouse.
SELECT place_code, neighbourhood, risk_band, age, imd_decile
FROM read_parquet($files, union_by_name = true)
WHERE list_contains($places, place_code)
