"""IG rules: identifiers kept out of publish, disclosure control, small denominators, registers."""

import polars as pl

from models.quality import validate
from models.quality.ig_rules import identifier_columns, restricted_only_violations
from models.quality.suites import parse_suite


def _suite(expectation: str, **kwargs) -> object:
    return parse_suite(
        "publish.x", {"expectations": [{"expectation": expectation, "kwargs": kwargs}]}
    )


def test_identifier_like_columns_are_found_and_ordinary_names_are_not():
    found = identifier_columns(
        [
            "nhs_number",
            "person_id",
            "pseudonym",
            "patient_id",
            "postcode",
            "date_of_birth",
            "surname",
            "name",
            "area_name",
            "indicator_name",
            "patient_list_type",
            "practice_code",
            "count",
            "title",
        ]
    )
    assert found == [
        "nhs_number",
        "person_id",
        "pseudonym",
        "patient_id",
        "postcode",
        "date_of_birth",
        "surname",
        "name",
    ]


def test_publish_table_with_a_pseudonym_fails():
    suite = _suite("no_identifier_columns")
    assert validate(pl.DataFrame({"area_code": ["E1"], "n": [5]}), suite).success
    assert not validate(pl.DataFrame({"pseudo_nhs": ["x"], "n": [5]}), suite).success


def test_disclosure_control_is_configurable():
    suite = _suite("disclosure_control", columns_like="^n$", suppress_below="$s", round_to="$r")
    safe = pl.DataFrame({"n": [0, None, 10, 15]})
    assert validate(safe, suite, {"s": 8, "r": 5}).success
    outcome = validate(pl.DataFrame({"n": [0, 3, 10, 11]}), suite, {"s": 8, "r": 5})
    assert outcome.results[0].unexpected_count == 2
    assert validate(pl.DataFrame({"n": [5, 6, 11]}), suite, {"s": 5, "r": 1}).success


def test_small_denominators_are_flagged():
    suite = _suite("small_denominators", column="denominator", below=30)
    outcome = validate(pl.DataFrame({"denominator": [0.0, 12.0, 29.0, 30.0, 5000.0]}), suite)
    assert outcome.results[0].unexpected_count == 2 and not outcome.success


def test_register_tables_in_the_warehouse_are_violations():
    found = restricted_only_violations(
        {
            "publish.register_summary": ["area_code", "register", "n"],
            "marts.at_risk_register": ["practice_code", "score"],
            "staging.cohort_extract": ["person_id", "age"],
            "publish.indicator_baseline": ["area_code", "value"],
            "staging.practices": ["practice_code", "postcode", "phone", "address_1"],
        }
    )
    assert [f.split(":")[0] for f in found] == ["marts.at_risk_register", "staging.cohort_extract"]


def test_registers_restricted_check_fails_when_a_register_sits_in_the_warehouse(tmp_path):
    import dagster as dg
    from dagster_duckdb import DuckDBResource

    from assets.quality.ig import registers_restricted_check
    from assets.resources import PlaceHealthSettings
    from warehouse.tables import replace_table

    warehouse = DuckDBResource(database=str(tmp_path / "w.duckdb"))
    resources = {"warehouse": warehouse, "settings": PlaceHealthSettings(
        data_dir=str(tmp_path), reports_dir=str(tmp_path / "r"))}  # fmt: skip

    @dg.asset(key=["publish", "register_summary"])
    def register_summary() -> None:
        with warehouse.get_connection() as conn:
            replace_table(conn, "publish.register_summary", pl.DataFrame({"people": [10]}))

    def run() -> bool:
        result = dg.materialize([register_summary, registers_restricted_check],
                                resources=resources, raise_on_error=False)  # fmt: skip
        return result.get_asset_check_evaluations()[0].passed

    assert run()
    with warehouse.get_connection() as conn:
        replace_table(conn, "marts.at_risk_register", pl.DataFrame({"person_id": [1]}))
    assert not run()
