"""Published maturity scores: criterion and capability scores over time, with pipeline evidence."""

from __future__ import annotations

import polars as pl

from models.maturity.framework import Framework, framework_table

EVIDENCE_KINDS = ("population_health_analytics", "data_quality", "outcome_tracking",
                  "demand_modelling")  # fmt: skip


def status_of(framework: Framework) -> dict[int, str]:
    """Score → status label (5 = Mature … 1 = Not a priority)."""
    return {level.score: level.status for level in framework.scale}


def maturity_scores(
    scores: pl.DataFrame, framework: Framework, evidence: dict[str, str]
) -> pl.DataFrame:
    """Criterion rows and capability rows (mean of criteria) per place × date.

    `evidence` maps an evidence kind to what the pipeline shows for it; each criterion lists
    the kinds it can use, so its `pipeline_evidence` sits next to the self-score. Evidence
    describes the warehouse now, so it is shown on each place's latest assessment only.
    """
    table = framework_table(framework)
    labels = status_of(framework)
    keys = ["place_code", "assessment_date"]
    criteria = scores.join(table, on="criterion_id", how="left").with_columns(
        level=pl.lit("criterion"),
        score=pl.col("score").cast(pl.Float64),
        pipeline_evidence=pl.col("pipeline_evidence_kinds").list.eval(
            pl.element().replace_strict(evidence, default=None, return_dtype=pl.String)
        ).list.drop_nulls().list.join("; ").replace("", None),
    )  # fmt: skip
    capabilities = (
        criteria.group_by(*keys, "capability_id", "capability", "capability_short")
        .agg(
            pl.col("score").mean(),
            pl.len().alias("criteria_scored"),
            pl.col("illustrative").any(),
            pl.col("pipeline_evidence")
            .drop_nulls()
            .unique()
            .sort()
            .str.join("; ")
            .replace("", None),
        )
        .with_columns(level=pl.lit("capability"))
    )
    columns = [*keys, "level", "capability_id", "capability", "capability_short", "criterion_id",
               "criterion", "score", "status", "evidence", "pipeline_evidence", "illustrative",
               "criteria_scored"]  # fmt: skip
    frame = pl.concat([criteria.with_columns(criteria_scored=pl.lit(1, pl.UInt32)), capabilities],
                      how="diagonal_relaxed").with_columns(
        status=pl.col("score").round(0).cast(pl.Int64).replace_strict(labels, default=None)
    )  # fmt: skip
    return (
        frame.select(columns)
        .sort(*keys, "capability_id", "level", "criterion_id", nulls_last=False)
        .with_columns(
            pipeline_evidence=pl.when(
                pl.col("assessment_date") == pl.col("assessment_date").max().over("place_code")
            ).then("pipeline_evidence"),
            change_since_previous=pl.col("score")
            - pl.col("score").shift(1).over("place_code", "level", "capability_id", "criterion_id",
                                            order_by="assessment_date")
        )
        .with_columns(pl.col("score", "change_since_previous").round(2))
    )  # fmt: skip
