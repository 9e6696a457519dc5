"""Unit tests of `validate`: a clean frame passes, each planted defect fails the right rule."""

import polars as pl
import pytest

from expectations import load_suite, suite_names
from models.quality import validate
from models.quality.suites import parse_suite
from models.quality.validate import CUSTOM_RULES
from tests.quality.corrupt import caught, corrupt_copy, kinds_for

SCALES = {1: 100.0}


def fingertips_frame(rows: int = 40) -> pl.DataFrame:
    """A small, clean frame with the staging.fingertips columns."""
    ids = [1 + i % 2 for i in range(rows)]
    value = [10.0 + i % 7 for i in range(rows)]
    return pl.DataFrame(
        {
            "indicator_id": ids,
            "indicator_name": ["x"] * rows,
            "area_code": [f"E0{6 + i % 3}0000{i % 10:02d}" for i in range(rows)],
            "area_name": ["a"] * rows,
            "area_type": ["LA"] * rows,
            "sex": ["Persons"] * rows,
            "age": ["All ages"] * rows,
            "category_type": [None] * rows,
            "category": [None] * rows,
            "time_period": [str(2015 + i // 20) for i in range(rows)],
            "value": value,
            "lower_ci_95": [v - 1 for v in value],
            "upper_ci_95": [v + 1 for v in value],
            "lower_ci_99_8": [v - 2 for v in value],
            "upper_ci_99_8": [v + 2 for v in value],
            "count": [float(10 + i) for i in range(rows)],
            "denominator": [100.0 + i for i in range(rows)],
            "value_note": [None] * rows,
            "compared_to_england": ["Similar"] * rows,
            "time_period_sortable": [(2015 + i // 20) * 10000 for i in range(rows)],
            "source_file": ["f.csv"] * rows,
        },
        schema_overrides={
            "category_type": pl.String,
            "category": pl.String,
            "value_note": pl.String,
        },
    )


def test_every_suite_loads_and_names_known_expectations():
    import great_expectations as gx

    for name in suite_names():
        for spec in load_suite(name).expectations:
            assert (
                spec.is_gx
                and hasattr(gx.expectations, spec.expectation)
                or (spec.expectation in CUSTOM_RULES)
            ), (name, spec.expectation)


def test_clean_frame_passes_every_error_expectation():
    outcome = validate(
        fingertips_frame(), load_suite("staging.fingertips"), {"proportion_scales": SCALES}
    )
    assert outcome.passed("ERROR"), outcome.summary()
    assert not any(r.skipped for r in outcome.results if r.severity == "ERROR")


@pytest.mark.parametrize("kind", kinds_for("staging.fingertips"))
def test_each_defect_kind_fails_its_expectation(kind):
    clean = fingertips_frame()
    bad, defect = corrupt_copy(
        clean, "staging.fingertips", kind, seed=1, n=2, percent_rows=clean["indicator_id"] == 1
    )
    outcome = validate(
        bad, load_suite("staging.fingertips"), {"proportion_scales": SCALES}, "ERROR"
    )
    failed = [r.name for r in outcome.failures("ERROR")]
    assert caught(failed, defect), (kind, failed)


def test_missing_reference_is_reported_as_skipped_not_passed_silently():
    outcome = validate(fingertips_frame(), load_suite("staging.fingertips"), {}, "ERROR")
    units = [r for r in outcome.results if r.expectation == "proportions_in_range"]
    assert units[0].skipped and units[0].message.startswith("skipped")


def test_row_count_change_against_the_last_load():
    suite = parse_suite(
        "staging.x",
        {
            "expectations": [
                {
                    "expectation": "row_count_change",
                    "kwargs": {"previous_row_count": "$previous_row_count", "tolerance": 0.2},
                }
            ]
        },
    )
    frame = pl.DataFrame({"a": range(100)})
    assert validate(frame, suite, {"previous_row_count": 90}).success
    assert not validate(frame, suite, {"previous_row_count": 200}).success
    assert validate(frame, suite, {}).success


def test_period_continuity_and_completeness_rules():
    suite = parse_suite(
        "staging.x",
        {
            "expectations": [
                {"expectation": "period_continuity", "kwargs": {"group_by": ["a"], "period": "p"}},
                {
                    "expectation": "completeness_by_period",
                    "kwargs": {
                        "group_by": ["a"],
                        "period": "p",
                        "area": "code",
                        "min_fraction": 0.8,
                    },
                },
            ]
        },
    )
    whole = pl.DataFrame(
        {
            "a": [1] * 6,
            "p": [20150000, 20150000, 20160000, 20160000, 20170000, 20170000],
            "code": ["x", "y"] * 3,
        }
    )
    assert validate(whole, suite).success
    gappy = whole.filter(pl.col("p") != 20160000)
    assert validate(gappy, suite).failures()[0].expectation == "period_continuity"
    thin = whole.filter(~((pl.col("p") == 20170000) & (pl.col("code") == "y")))
    assert validate(thin, suite).failures()[0].expectation == "completeness_by_period"
