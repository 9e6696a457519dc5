-- publish.activity_concentration: 'x% of people account for y% of activity' curves (shares only).
-- Written by assets/segments/summary.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.activity_concentration) may
-- change without breaking dashboards.
CREATE OR REPLACE VIEW publish.activity_concentration AS
SELECT
    population_group,
    measure,
    people_share,
    activity_share,
    gini,
    people,
    place_code
FROM publish_store.activity_concentration;
