"""Risk stratification: patient records -> features -> models -> scores -> at-risk registers.

Person-level tables live only in the restricted database (schema `restricted`); the
warehouse gets disclosure-controlled counts (`publish.register_summary`) and aggregate
metrics (`publish.risk_model_evaluation`). See docs/risk.md.
"""

import pickle
from datetime import datetime
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.quality.store import RESULT_SCHEMA, record_results, save_history
from assets.resources import PlaceHealthSettings
from assets.risk.chain import (
    GROUP,
    KINDS,
    OWNERS,
    PatientRecordsConfig,
    RegisterConfig,
    RiskModelConfig,
    fit_models,
    records_folder,
    register_of,
)
from models.publish.disclosure import is_disclosure_safe
from models.risk.registers import register_summary
from models.risk.workflow import evaluation_rows, feature_years, protected_card, score
from reporting.charts import save_figure
from reporting.model_card import reliability_figure, render_model_card
from sources.omop import OMOP_SCHEMA, PROFILE_COLUMNS, load_omop_folder, profile_gaps
from warehouse.tables import (
    connection,
    publish_table,
    read_table,
    replace_rows,
    replace_table,
    run_sql_file,
    table_exists,
)

PERSON_COLUMNS = {"person_id", "pseudonym", "nhs_number", "location_id", "care_site_id"}


def _key(schema: str, name: str) -> dg.AssetKey:
    return dg.AssetKey([schema, name])


def _replace_restricted(conn, table: str, frame: pl.DataFrame) -> None:
    """Replace the rows of `restricted.<table>` (typed by the OMOP DDL)."""
    replace_rows(conn, f"restricted.{table}", frame)


@dg.asset(key=_key("restricted", "patient_records"), group_name=GROUP, kinds=KINDS, owners=OWNERS)
def patient_records(
    context: dg.AssetExecutionContext,
    config: PatientRecordsConfig,
    settings: PlaceHealthSettings,
    restricted: DuckDBResource,
    warehouse: DuckDBResource,
) -> dg.MaterializeResult:
    """OMOP-subset patient records (real `<data_dir>/patients/` or synthetic) in the restricted DB;
    each column the English profile uses and the export lacks is reported in the IG summary."""
    found = records_folder(settings, settings.data_path / "patients", config)
    folder = Path(found["folder"])
    tables = load_omop_folder(folder)
    source = pl.DataFrame({"folder": [str(folder)], "synthetic": [found["synthetic"]]})
    with connection(restricted) as conn:
        run_sql_file(conn, "risk/omop_schema")
        for name, frame in tables.items():
            _replace_restricted(conn, name, frame)
        replace_table(conn, "restricted.patient_records_source", source)
    gaps = profile_gaps(folder)
    results = _profile_results(gaps, context.run.run_id)
    with connection(warehouse) as conn:  # column names only: no patient data leaves
        record_results(conn, results)
    save_history(settings.reports_path / "data_quality" / "history", results)
    rows = {f"rows_{name}": frame.height for name, frame in tables.items()}
    missing = [f"{t}.{c}" for t, c in gaps.select("table", "column").iter_rows()]
    return dg.MaterializeResult(
        metadata={**found, "profile_columns_missing": dg.MetadataValue.json(missing), **rows}
    )


def _profile_results(gaps: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """One WARN result per column of the English profile: passed when the export holds it."""
    missing = {(t, c): f for t, f, c in gaps.select("table", "file", "column").iter_rows()}
    now = datetime.now()
    rows = []
    for table, columns in PROFILE_COLUMNS.items():
        for column, use in columns.items():
            absent = (table, column) in missing
            where = missing.get((table, column)) or f"no {table} file"
            rows.append(
                ("omop_profile", "restricted.patient_records", f"profile_column({table}.{column})",
                 run_id, "WARN", not absent, False, f"absent from {where}" if absent else "present",
                 int(absent), f"{use}: {'missing, so left empty' if absent else 'in the export'}",
                 now)
            )  # fmt: skip
    return pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row")


@dg.asset(key=_key("restricted", "risk_features"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "patient_records")])  # fmt: skip
def risk_features(restricted: DuckDBResource) -> dg.MaterializeResult:
    """One row per adult per index date (train, validation, score) with features and outcomes."""
    with connection(restricted) as conn:
        tables = {name: read_table(conn, f"restricted.{name}") for name in OMOP_SCHEMA}
        frame = feature_years(tables)
        replace_table(conn, "restricted.risk_features", frame)
    counts = frame.group_by("split").len().sort("split")
    return dg.MaterializeResult(metadata={"rows": frame.height, **dict(counts.iter_rows())})


@dg.asset(key=_key("restricted", "risk_model"), group_name=GROUP, kinds=KINDS | {"sklearn"},
          owners=OWNERS, deps=[_key("restricted", "risk_features")])  # fmt: skip
def risk_model(config: RiskModelConfig, restricted: DuckDBResource) -> dg.MaterializeResult:
    """Logistic + calibrated GBM + Cox, temporal validation; pickled into the restricted DB."""
    with connection(restricted) as conn:
        features = read_table(conn, "restricted.risk_features")
        source = read_table(conn, "restricted.patient_records_source").row(0, named=True)
        models, card, overall = fit_models(features, source, config)
        blob = pickle.dumps({"models": models, "card": card})
        replace_table(
            conn,
            "restricted.risk_model",
            pl.DataFrame({"chosen": [models.chosen], "model": [blob]}),
        )
    meta = {
        k: float(overall[k])
        for k in ("auroc", "brier", "calibration_slope", "calibration_intercept")
    }
    return dg.MaterializeResult(metadata={"chosen": models.chosen, **meta,
                                          "cox_concordance": card["cox_concordance"],
                                          "auroc_ratio_to_oracle": card["auroc_ratio"] or float("nan")})  # fmt: skip


def _load_model(conn) -> dict:
    return pickle.loads(read_table(conn, "restricted.risk_model")["model"][0])


@dg.asset(key=_key("restricted", "risk_scores"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "risk_model")])  # fmt: skip
def risk_scores(restricted: DuckDBResource) -> dg.MaterializeResult:
    """Current 12-month risk and top contributing factors for every adult at the extract date."""
    with connection(restricted) as conn:
        features = read_table(conn, "restricted.risk_features")
        frame = score(_load_model(conn)["models"], features)
        replace_table(conn, "restricted.risk_scores", frame)
    return dg.MaterializeResult(
        metadata={"rows": frame.height, "mean_risk": float(frame["risk"].mean())}
    )


@dg.asset(key=_key("restricted", "at_risk_register"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "risk_scores")])  # fmt: skip
def at_risk_register(
    context: dg.AssetExecutionContext,
    config: RegisterConfig,
    settings: PlaceHealthSettings,
    restricted: DuckDBResource,
) -> dg.MaterializeResult:
    """Per-neighbourhood registers (top 0.5/2/5% and absolute cuts), keyed by HMAC pseudonym."""
    with connection(restricted) as conn:
        scores = read_table(conn, "restricted.risk_scores")
        register, metadata = register_of(scores, settings, config, context.log)
        replace_table(conn, "restricted.at_risk_register", register)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(key=_key("publish", "register_summary"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "at_risk_register"), _key("staging", "geography")])  # fmt: skip
def register_summary_table(
    settings: PlaceHealthSettings, restricted: DuckDBResource, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Register counts by neighbourhood, band, age band, IMD quintile (1-7 suppressed, rounded to 5)."""
    with connection(restricted) as conn:
        register = read_table(conn, "restricted.at_risk_register")
        wards = conn.sql("SELECT DISTINCT neighbourhood, ward_code FROM restricted.location").pl()
    with connection(warehouse) as conn:
        lookup = (
            conn.sql(
                "SELECT DISTINCT ward_code, lad_code AS place_code FROM staging.geography "
                "WHERE ward_code IS NOT NULL"
            ).pl()
            if table_exists(conn, "staging.geography")
            else None
        )
    places = (
        wards.join(lookup, on="ward_code").select("neighbourhood", "place_code")
        if lookup is not None
        else None
    )
    summary = register_summary(register, settings.suppress_below, settings.round_to, places)
    with connection(warehouse) as conn:
        publish_table(conn, "register_summary", summary)
    return dg.MaterializeResult(metadata={"rows": summary.height,
                                          "suppressed_cells": int(summary["people_suppressed"].sum())})  # fmt: skip


@dg.asset(key=_key("publish", "risk_model_evaluation"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "risk_model")])  # fmt: skip
def risk_model_evaluation(
    settings: PlaceHealthSettings, restricted: DuckDBResource, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Aggregate validation metrics (overall and by subgroup) plus the model card and plot."""
    with connection(restricted) as conn:
        card = _load_model(conn)["card"]
    rows = evaluation_rows(card, settings.suppress_below, settings.round_to)
    with connection(warehouse) as conn:
        publish_table(conn, "risk_model_evaluation", rows)
    folder = settings.reports_path / "risk"
    folder.mkdir(parents=True, exist_ok=True)
    safe = protected_card(card, settings.suppress_below, settings.round_to)
    (folder / "model_card.md").write_text(render_model_card(safe), encoding="utf-8")
    save_figure(reliability_figure(card["reliability"]), folder, "reliability", dpi=110)
    return dg.MaterializeResult(
        metadata={
            "rows": rows.height,
            "model_card": dg.MetadataValue.path(str(folder / "model_card.md")),
        }
    )


@dg.asset_check(asset=_key("publish", "register_summary"), blocking=True)
def register_summary_is_safe(
    settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.AssetCheckResult:
    """No person identifiers or pseudonyms, and every count suppressed or rounded."""
    with connection(warehouse) as conn:
        frame = read_table(conn, "publish.register_summary")
    leaks = sorted(PERSON_COLUMNS & set(frame.columns))
    breaches = is_disclosure_safe(frame, ["people"], settings.suppress_below, settings.round_to)[
        "people"
    ]
    return dg.AssetCheckResult(passed=not leaks and breaches == 0,
                               metadata={"identifier_columns": ", ".join(leaks), "breaches": breaches})  # fmt: skip
