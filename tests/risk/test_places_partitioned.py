"""The place-partitioned risk chain: per-place restricted Parquet, one safe national summary."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.resources import DEFAULT_PLACES
from assets.risk import places as risk_places
from models.publish.disclosure import is_disclosure_safe

PLACES = ["E08000028", "E06000033"]  # Sandwell, Southend-on-Sea
CHAIN = risk_places.build_place_chain(PLACES)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.resources import build_resources

    root = tmp_path_factory.mktemp("places")
    resources = build_resources(
        data_dir=str(root / "extracts"), warehouse=str(root / "warehouse.duckdb"),
        restricted=str(root / "restricted_records.duckdb"), reports_dir=str(root / "reports"),
        places=PLACES,
    )  # fmt: skip
    config = {"ops": {"restricted__place_risk_features": {"config": {"persons": 3000, "seed": 7}}}}
    for place in PLACES:
        result = dg.materialize(CHAIN, partition_key=place, resources=resources, run_config=config)
        assert result.success
    assert dg.materialize([risk_places.place_register_summary], resources=resources).success
    return root


def test_each_place_writes_its_own_restricted_parquet_only(built: Path) -> None:
    folder = built / "restricted_places"
    for place in PLACES:
        names = {p.name for p in (folder / place).iterdir()}
        assert {"features.parquet", "scores.parquet", "register.parquet", "model.pkl"} <= names
        assert not any(n.endswith(".partial") for n in names)
    assert sorted(p.name for p in folder.iterdir()) == sorted(PLACES)
    assert not (built / "restricted_records.duckdb").exists()  # no shared database written
    with duckdb.connect(str(built / "warehouse.duckdb"), read_only=True) as conn:
        tables = conn.execute("SELECT table_schema FROM information_schema.tables").fetchall()
    assert "restricted" not in {schema for (schema,) in tables}


def test_national_summary_holds_both_places_disclosure_controlled(built: Path) -> None:
    with duckdb.connect(str(built / "warehouse.duckdb"), read_only=True) as conn:
        summary = conn.sql("SELECT * FROM publish.place_register_summary").pl()
        register = conn.sql(
            "SELECT place_code, count(*) AS n FROM read_parquet($f) GROUP BY place_code",
            params={"f": str(built / "restricted_places" / "*" / "register.parquet")},
        ).pl()
    assert sorted(summary["place_code"].unique()) == sorted(PLACES)
    assert not {"pseudonym", "person_id", "risk", "rank"} & set(summary.columns)
    assert is_disclosure_safe(summary, ["people"]) == {"people": 0}
    assert summary["people_suppressed"].any()  # small cells exist at this size and were hidden
    totals = (
        summary.filter(age_band="all")
        .group_by("place_code")
        .agg(people=pl.col("people").sum(), cells=pl.len())
    )
    for place, people, cells in totals.iter_rows():
        raw = register.filter(place_code=place)["n"].item()
        assert abs(people - raw) <= 7 * cells  # rounding and suppression only


def test_partitioned_assets_stay_out_of_the_default_build_and_full_refresh(tmp_path) -> None:
    from pipelines.build import unpartitioned
    from pipelines.definitions import build_definitions

    defs = build_definitions(data_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"),
                             restricted=str(tmp_path / "r.duckdb"))  # fmt: skip
    graph = defs.resolve_asset_graph()
    chain = {a.key for a in CHAIN}
    default = unpartitioned(graph, dg.AssetSelection.all().resolve(graph))
    assert not chain & default and risk_places.place_register_summary.key in default
    full = defs.resolve_job_def("full_refresh").asset_layer.selected_asset_keys
    assert not chain & set(full)
    national = defs.resolve_job_def("national_risk")
    assert national.partitions_def.get_partition_keys() == list(DEFAULT_PLACES)
    execution = national.get_run_config_for_partition_key(PLACES[0])["execution"]["config"]
    assert execution == {"in_process": {}}  # a place's chain in its run's process, by default
    assert national.executor_def.name == "multi_or_in_process_executor"


def test_places_come_from_the_settings_read_once(tmp_path) -> None:
    """PLACEHEALTH_PLACES reaches the partitions only through the settings resource."""
    from pipelines.definitions import build_definitions
    from pipelines.settings import read_environment

    env = read_environment({"PLACEHEALTH_PLACES": " E06000033, E08000028,E06000033 ,"})
    assert env.places == ("E06000033", "E08000028")  # stripped, repeats and blanks dropped
    defs = build_definitions(data_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"),
                             restricted=str(tmp_path / "r.duckdb"), environment=env)  # fmt: skip
    assert defs.resources["settings"].places == ["E06000033", "E08000028"]
    national = defs.resolve_job_def("national_risk")
    assert national.partitions_def.get_partition_keys() == ["E06000033", "E08000028"]
    assert read_environment({}).places == ()  # unset: the settings' default places apply
