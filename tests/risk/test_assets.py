"""Risk assets end to end on a small synthetic population: governance and outputs."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.risk import register as risk
from models.publish.disclosure import is_disclosure_safe

ASSETS = [
    risk.patient_records, risk.risk_features, risk.risk_model, risk.risk_scores,
    risk.at_risk_register, risk.register_summary_table, risk.risk_model_evaluation,
]  # fmt: skip
IDENTIFIERS = {"person_id", "pseudonym", "nhs_number", "location_id", "care_site_id"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.resources import build_resources

    root = tmp_path_factory.mktemp("risk")
    resources = build_resources(
        data_dir=str(root / "extracts"), warehouse=str(root / "warehouse.duckdb"),
        restricted=str(root / "restricted_records.duckdb"), reports_dir=str(root / "reports"),
    )  # fmt: skip
    config = {"ops": {"restricted__patient_records": {"config": {
        "persons": 6000, "seed": 3, "synthetic_dir": str(root / "synthetic")}}}}  # fmt: skip
    result = dg.materialize(
        [*ASSETS, risk.register_summary_is_safe], resources=resources, run_config=config
    )
    assert result.success
    return root


def _tables(path: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns"
        ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def test_registers_only_in_restricted_database(built: Path) -> None:
    restricted, warehouse = (
        _tables(built / "restricted_records.duckdb"),
        _tables(built / "warehouse.duckdb"),
    )
    assert "restricted.at_risk_register" in restricted
    assert "restricted.person" in restricted
    assert not any(t.startswith("restricted.") for t in warehouse)
    assert "publish.register_summary" in warehouse and "publish.risk_model_evaluation" in warehouse
    register_columns = set(restricted["restricted.at_risk_register"])
    assert "pseudonym" in register_columns and "person_id" not in register_columns


def test_no_identifier_or_pseudonym_column_in_any_publish_table(built: Path) -> None:
    publish = {
        t: c for t, c in _tables(built / "warehouse.duckdb").items() if t.startswith("publish.")
    }
    assert publish
    for table, columns in publish.items():
        assert not IDENTIFIERS & set(columns), table


def test_register_summary_is_disclosure_controlled(built: Path) -> None:
    with duckdb.connect(str(built / "warehouse.duckdb"), read_only=True) as conn:
        summary = conn.sql("SELECT * FROM publish.register_summary").pl()
        register = duckdb.connect(str(built / "restricted_records.duckdb"), read_only=True).sql(
            "SELECT count(*) FROM restricted.at_risk_register").fetchall()[0][0]  # fmt: skip
    assert is_disclosure_safe(summary, ["people"]) == {"people": 0}
    assert summary["people_suppressed"].any()  # small cells exist at this size and were hidden
    assert summary["people"].drop_nulls().sum() <= register + 5 * summary.height


def test_model_card_and_plot_written(built: Path) -> None:
    card = (built / "reports" / "risk" / "model_card.md").read_text()
    assert "Oracle AUROC" in card and "Calibration by decile" in card
    assert (built / "reports" / "risk" / "reliability.png").stat().st_size > 1000
