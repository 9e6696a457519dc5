-- publish.maturity_scores: ICS maturity self-assessment scores per criterion and capability.
-- Written by assets/maturity/scores.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.maturity_scores) may change
-- without breaking dashboards.
CREATE OR REPLACE VIEW publish.maturity_scores AS
SELECT
    place_code,
    assessment_date,
    level,
    capability_id,
    capability,
    capability_short,
    criterion_id,
    criterion,
    score,
    status,
    evidence,
    pipeline_evidence,
    illustrative,
    criteria_scored,
    change_since_previous
FROM publish_store.maturity_scores;
