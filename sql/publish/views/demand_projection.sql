-- publish.demand_projection: emergency admissions, bed days and beds by place x scenario x year x
-- age band. Written by assets/demand/projection.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.demand_projection) may
-- change without breaking dashboards.
CREATE OR REPLACE VIEW publish.demand_projection AS
SELECT
    area_code,
    area_name,
    scenario,
    scenario_label,
    target_id,
    target_set_for_place,
    base_year,
    year,
    years_ahead,
    population,
    emergency_admissions,
    bed_days,
    beds,
    age_band,
    rate_source,
    growth_source,
    beds_vs_base_year,
    occupancy,
    length_of_stay_annual_change,
    admission_rate_annual_change
FROM publish_store.demand_projection;
