-- Whole-area Fingertips values for every target × area in staging.targets.
-- Indicator and area must match; sex and age match where both the target and the row give
-- them (some extracts leave age blank). One row per target × area × period, preferring an
-- exact sex/age match, then a value, then a 95% CI, then the latest source file.
SELECT
    t.target_id,
    f.area_code,
    f.area_name,
    f.time_period,
    f.value,
    f.lower_ci_95,
    f.upper_ci_95,
    f.count,
    f.denominator,
    f.source_file
FROM staging.targets AS t
JOIN staging.fingertips AS f
    ON f.indicator_id = t.indicator_id
    AND f.area_code = t.area_code
WHERE coalesce(f.category_type, '') = ''
    AND (t.sex IS NULL OR f.sex IS NULL OR f.sex = t.sex)
    AND (t.age IS NULL OR f.age IS NULL OR f.age = t.age)
QUALIFY row_number() OVER (
    PARTITION BY t.target_id, f.area_code, f.time_period
    ORDER BY
        (f.sex IS NOT DISTINCT FROM t.sex AND f.age IS NOT DISTINCT FROM t.age) DESC,
        (f.value IS NOT NULL) DESC,
        (f.lower_ci_95 IS NOT NULL AND f.upper_ci_95 IS NOT NULL) DESC,
        f.source_file DESC NULLS LAST
) = 1
ORDER BY t.target_id, f.area_code, f.time_period
