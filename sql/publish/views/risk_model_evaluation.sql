-- publish.risk_model_evaluation: validation metrics of the risk model, overall and by subgroup.
-- Written by assets/risk/register.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.risk_model_evaluation) may
-- change without breaking dashboards.
CREATE OR REPLACE VIEW publish.risk_model_evaluation AS
SELECT
    model,
    subgroup_type,
    subgroup,
    metric,
    value,
    validation_index
FROM publish_store.risk_model_evaluation;
