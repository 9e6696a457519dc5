-- publish.segment_summary: people and hospital activity by Bridges-to-Health segment
-- (disclosure-controlled). Written by assets/segments/summary.py. Contract: the columns and order
-- documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.segment_summary) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.segment_summary AS
SELECT
    breakdown,
    breakdown_value,
    segment,
    segment_priority,
    segment_label,
    people,
    emergency_admissions,
    emergency_bed_days,
    ae_attendances,
    cost_gbp,
    people_share,
    emergency_admissions_share,
    cost_gbp_share,
    people_suppressed,
    emergency_admissions_suppressed,
    emergency_bed_days_suppressed,
    ae_attendances_suppressed,
    place_code
FROM publish_store.segment_summary;
