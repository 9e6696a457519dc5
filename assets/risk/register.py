"""Risk stratification: patient records -> features -> models -> scores -> at-risk registers.

Person-level tables live only in the restricted database (schema `restricted`); the
warehouse gets disclosure-controlled counts (`publish.register_summary`) and aggregate
metrics (`publish.risk_model_evaluation`). See docs/risk.md.
"""

import json
import os
import pickle
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PROJECT_ROOT, PlaceHealthSettings
from models.publish.disclosure import is_disclosure_safe
from models.risk.registers import DEMO_PSEUDONYM_KEY, RegisterCuts, build_register, register_summary
from models.risk.workflow import (
    evaluation_rows,
    feature_years,
    fit_and_evaluate,
    protected_card,
    score,
)
from reporting.model_card import reliability_figure, render_model_card
from sources.omop import OMOP_SCHEMA, load_omop_folder
from synthetic.population.files import write_synthetic_population
from warehouse.tables import (
    connection,
    publish_table,
    read_table,
    replace_rows,
    replace_table,
    run_sql_file,
    table_exists,
)

GROUP, OWNERS, KINDS = "risk", ["team:placehealth"], {"duckdb", "polars"}
PERSON_COLUMNS = {"person_id", "pseudonym", "nhs_number", "location_id", "care_site_id"}


def _key(schema: str, name: str) -> dg.AssetKey:
    return dg.AssetKey([schema, name])


class PatientRecordsConfig(dg.Config):
    """Synthetic population used when `<data_dir>/patients/` (a real OMOP folder) is absent."""

    persons: int = 20_000
    place: str = "E08000028"
    seed: int = 42
    synthetic_dir: str = ""  # default data/synthetic/<place>
    plant_defects: bool = False


class RiskModelConfig(dg.Config):
    """Threads for BLAS/OpenMP (1 is fastest on a shared 2-core machine) and the seed."""

    threads: int = 1
    seed: int = 0


class RegisterConfig(dg.Config):
    """Percentile cuts per neighbourhood (fractions) and absolute-risk cuts (probabilities)."""

    percentiles: list[float] = [0.005, 0.02, 0.05]
    absolute: list[float] = [0.5]


def synthetic_folder(config: PatientRecordsConfig) -> Path:
    """Generate the demo population unless the same one (persons, seed, place) is on disk."""
    folder = Path(config.synthetic_dir or PROJECT_ROOT / "data" / "synthetic" / config.place)
    marker = folder / "answers" / "generating_model.json"
    wanted = {"persons": config.persons, "seed": config.seed, "place": config.place,
              "defects": config.plant_defects}  # fmt: skip
    found = json.loads(marker.read_text()) if marker.is_file() else {}
    if any(found.get(k) != v for k, v in wanted.items()):
        write_synthetic_population(
            folder, config.persons, config.place, config.seed, config.plant_defects
        )
    return folder


def _replace_restricted(conn, table: str, frame: pl.DataFrame) -> None:
    """Replace the rows of `restricted.<table>` (typed by the OMOP DDL)."""
    replace_rows(conn, f"restricted.{table}", frame)


@dg.asset(key=_key("restricted", "patient_records"), group_name=GROUP, kinds=KINDS, owners=OWNERS)
def patient_records(
    config: PatientRecordsConfig, settings: PlaceHealthSettings, restricted: DuckDBResource
) -> dg.MaterializeResult:
    """OMOP-subset patient records (real `<data_dir>/patients/` or synthetic) in the restricted DB."""
    real = settings.data_path / "patients"
    folder = real if real.is_dir() else synthetic_folder(config)
    tables = load_omop_folder(folder)
    source = pl.DataFrame({"folder": [str(folder)], "synthetic": [not real.is_dir()]})
    with connection(restricted) as conn:
        run_sql_file(conn, "risk/omop_schema")
        for name, frame in tables.items():
            _replace_restricted(conn, name, frame)
        replace_table(conn, "restricted.patient_records_source", source)
    rows = {f"rows_{name}": frame.height for name, frame in tables.items()}
    return dg.MaterializeResult(
        metadata={"folder": str(folder), "synthetic": not real.is_dir(), **rows}
    )


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
        answers = Path(source["folder"]) / "answers" / "true_risk.parquet"
        truth = pl.read_parquet(answers) if source["synthetic"] and answers.is_file() else None
        models, card = fit_and_evaluate(features, truth, config.threads, config.seed)
        card["data_source"] = ("Synthetic population (known generating model)" if truth is not None
                               else f"OMOP extract {source['folder']}")  # fmt: skip
        blob = pickle.dumps({"models": models, "card": card})
        replace_table(
            conn,
            "restricted.risk_model",
            pl.DataFrame({"chosen": [models.chosen], "model": [blob]}),
        )
    overall = card["overall"].filter(pl.col("model") == models.chosen).row(0, named=True)
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


def pseudonym_key(log: dg.DagsterLogManager) -> str:
    """The controller's register key (PLACEHEALTH_PSEUDONYM_KEY), else the demo key, warned."""
    key = os.environ.get("PLACEHEALTH_PSEUDONYM_KEY") or DEMO_PSEUDONYM_KEY
    if key == DEMO_PSEUDONYM_KEY:
        log.warning("PLACEHEALTH_PSEUDONYM_KEY not set: using the DEMO key (not for real data)")
    return key


@dg.asset(key=_key("restricted", "at_risk_register"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          deps=[_key("restricted", "risk_scores")])  # fmt: skip
def at_risk_register(
    context: dg.AssetExecutionContext, config: RegisterConfig, restricted: DuckDBResource
) -> dg.MaterializeResult:
    """Per-neighbourhood registers (top 0.5/2/5% and absolute cuts), keyed by HMAC pseudonym."""
    key = pseudonym_key(context.log)
    cuts = RegisterCuts(tuple(config.percentiles), tuple(config.absolute))
    with connection(restricted) as conn:
        register = build_register(read_table(conn, "restricted.risk_scores"), key, cuts)
        replace_table(conn, "restricted.at_risk_register", register)
    bands = dict(register.group_by("risk_band").len().sort("risk_band").iter_rows())
    return dg.MaterializeResult(
        metadata={"rows": register.height, "demo_key": key == DEMO_PSEUDONYM_KEY, **bands}
    )


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
    reliability_figure(card["reliability"]).savefig(folder / "reliability.png", dpi=110)
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
