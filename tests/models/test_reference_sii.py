"""SII / RII / intercept against PHEindicatormethods' own test cases (tests/testthat/testSII.R).

Data and expected values: PHEindicatormethods tests/testthat/testdata_SII.xlsx, transcribed to
tests/fixtures/reference/pm_testdata_SII.csv (commit 093fd288d8f8949dbcfbed70049dbbf385b6141d).
Every expectation of testSII.R's "SII and confidence limits calculate correctly" block is here,
with its tolerance: testthat's expect_equal(tolerance = 0.05), i.e. per output column the mean
absolute difference divided by the mean absolute expected value is below 0.05.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from models.indicators import sii

DATA = pl.read_csv(
    Path(__file__).parents[1] / "fixtures" / "reference" / "pm_testdata_SII.csv",
    comment_prefix="#",
    infer_schema_length=None,
)
GROUPS = ["Area", "Grouping1", "Grouping2"]
TOL = 0.05
NO_REPS = 10_000
PLAIN = ["sii", "rii", "sii_lowercl_1", "sii_uppercl_1", "rii_lowercl_1", "rii_uppercl_1"]
TWO = [*PLAIN, "sii_lowercl_2", "sii_uppercl_2", "rii_lowercl_2", "rii_uppercl_2"]
SII_ONLY = ["sii", "sii_lowercl_1", "sii_uppercl_1"]


def _rows(first: int, last: int) -> pl.DataFrame:
    """R's SII_test_grouped[first:last, ] (1-based, inclusive)."""
    return DATA.slice(first - 1, last - first + 1)


def _ours(columns: list[str], levels: list[float]) -> dict[str, str]:
    """PM output column -> our column."""
    names = {"sii": "sii", "rii": "rii", "Intercept": "intercept"}
    for i, level in enumerate(levels, start=1):
        s = f"{level * 100:.4f}".rstrip("0").rstrip(".").replace(".", "_")
        for stat in ("sii", "rii"):
            names[f"{stat}_lowercl_{i}"] = f"{stat}_lower_{s}"
            names[f"{stat}_uppercl_{i}"] = f"{stat}_upper_{s}"
    return {c: names[c] for c in columns}


def _check(got: pl.DataFrame, expected_rows: list[int], columns: list[str], levels, seed: int):
    expected = DATA.filter(pl.col("RecordNo").is_in(expected_rows)).sort("RecordNo")
    if GROUPS[0] in got.columns:
        got = expected.select(GROUPS).join(got, on=GROUPS, how="left", maintain_order="left")
    for theirs, ours in _ours(columns, levels).items():
        want = expected.get_column(theirs).cast(pl.Float64).to_numpy()
        have = got.get_column(ours).to_numpy()
        rel = np.mean(np.abs(have - want)) / np.mean(np.abs(want))
        assert rel < TOL, f"{theirs}: ours {have} vs PM {want} (seed {seed})"


# (rows, kwargs, expected rows, expected columns, confidence levels, grouped)
CASES = {
    "default with SE": ((1, 20), dict(se="StandardError"), [1, 11], PLAIN, [0.95]),
    "default with CLs": ((1, 20), dict(lower="LowerCL", upper="UpperCL"), [1, 11], PLAIN, [0.95]),
    "default with intercept": (
        (1, 20), dict(lower="LowerCL", upper="UpperCL"), [246, 256], [*PLAIN, "Intercept"], [0.95]
    ),
    "99% (decimal)": ((21, 40), dict(lower="LowerCL", upper="UpperCL", confidence=0.99), [21, 31], PLAIN, [0.99]),
    "99% (%)": ((21, 40), dict(se="StandardError", confidence=99), [21, 31], PLAIN, [0.99]),
    "95 and 99%": (
        (226, 245), dict(se="StandardError", confidence=(95, 99)), [226, 236], TWO, [0.95, 0.99]
    ),
    "100,000 repetitions": (
        (41, 60), dict(se="StandardError", repetitions=100_000), [41, 51], PLAIN, [0.95]
    ),
    "quintiles": ((61, 70), dict(se="StandardError"), [61, 66], ["sii"], [0.95]),
    "rate with SE": ((71, 90), dict(value_type=1, se="StandardError"), [71, 81], PLAIN, [0.95]),
    "rate with CLs": (
        (71, 90), dict(value_type=1, lower="LowerCL", upper="UpperCL"), [71, 81], PLAIN, [0.95]
    ),
    "rate with intercept": (
        (71, 90), dict(value_type=1, lower="LowerCL", upper="UpperCL"), [266, 276],
        [*PLAIN, "Intercept"], [0.95],
    ),
    "rate with transformation": (
        (306, 325), dict(value_type=1, transform=True, lower="LowerCL", upper="UpperCL"),
        [306, 316], [*PLAIN, "Intercept"], [0.95],
    ),
    "rate with transformation and negative multiplier": (
        (386, 405),
        dict(value_type=1, transform=True, lower="LowerCL", upper="UpperCL", multiplier=-1),
        [386, 396], [*PLAIN, "Intercept"], [0.95],
    ),
    "rate with transformation and 98%": (
        (406, 425),
        dict(value_type=1, transform=True, lower="LowerCL", upper="UpperCL", confidence=98),
        [406, 416], [*PLAIN, "Intercept"], [0.98],
    ),
    "rate with transformation, 95 and 98%": (
        (366, 385),
        dict(value_type=1, transform=True, lower="LowerCL", upper="UpperCL", confidence=(95, 98)),
        [366, 376], [*TWO, "Intercept"], [0.95, 0.98],
    ),
    "rate with transformation without RII": (
        (426, 445), dict(value_type=1, transform=True, lower="LowerCL", upper="UpperCL"),
        [426, 436], SII_ONLY, [0.95],
    ),
    "proportion with SE": ((91, 110), dict(value_type=2, se="StandardError"), [91, 101], PLAIN, [0.95]),
    "proportion with CLs": (
        (91, 110), dict(value_type=2, lower="LowerCL", upper="UpperCL"), [91, 101], PLAIN, [0.95]
    ),
    "proportion with count": (
        (91, 110), dict(value_type=2, x="Count", lower="LowerCL", upper="UpperCL"),
        [91, 101], PLAIN, [0.95],
    ),
    "proportion with intercept (value_type 1, as the PM test)": (
        (91, 110), dict(value_type=1, lower="LowerCL", upper="UpperCL"), [286, 296],
        [*PLAIN, "Intercept"], [0.95],
    ),
    "proportion with positive multiplier": (
        (111, 130), dict(value_type=2, lower="LowerCL", upper="UpperCL", multiplier=100),
        [111, 121], PLAIN, [0.95],
    ),
    "proportion with negative multiplier": (
        (131, 150), dict(value_type=2, lower="LowerCL", upper="UpperCL", multiplier=-100),
        [131, 141], PLAIN, [0.95],
    ),
    "proportion with transformation": (
        (326, 345), dict(value_type=2, transform=True, lower="LowerCL", upper="UpperCL"),
        [326, 336], [*PLAIN, "Intercept"], [0.95],
    ),
    "proportion with transformation and negative multiplier": (
        (346, 365),
        dict(value_type=2, transform=True, lower="LowerCL", upper="UpperCL", multiplier=-1),
        [346, 356], [*PLAIN, "Intercept"], [0.95],
    ),
    "proportion with transformation and 98%": (
        (466, 485),
        dict(value_type=2, transform=True, lower="LowerCL", upper="UpperCL", confidence=98),
        [466, 476], [*PLAIN, "Intercept"], [0.98],
    ),
    "proportion with transformation, 95 and 98%": (
        (486, 505),
        dict(value_type=2, transform=True, lower="LowerCL", upper="UpperCL", confidence=(95, 98)),
        [486, 496], [*TWO, "Intercept"], [0.95, 0.98],
    ),
    "proportion with transformation without RII": (
        (446, 465), dict(value_type=2, transform=True, lower="LowerCL", upper="UpperCL"),
        [446, 456], SII_ONLY, [0.95],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_sii_matches_pm_testsii(name: str) -> None:
    (first, last), kwargs, expected_rows, columns, levels = CASES[name]
    kwargs = {"repetitions": NO_REPS, **kwargs}
    if "x" not in kwargs:
        kwargs["value"] = "Value"
    got = sii(_rows(first, last), "Quantile", "Population", group_by=GROUPS, seed=5, **kwargs)
    _check(got, expected_rows, columns, levels, seed=5)


def test_sii_ungrouped_matches_pm():
    """testSII.R 'test on ungrouped data': rows 1-10 without groups."""
    got = sii(_rows(1, 10), "Quantile", "Population", "Value", lower="LowerCL", upper="UpperCL",
              repetitions=NO_REPS, seed=5)  # fmt: skip
    _check(got, [1], PLAIN, [0.95], seed=5)


def test_sii_same_seed_same_limits():
    """testSII.R: the same seed gives the same limits."""
    args = dict(se="StandardError", repetitions=1000, seed=5, group_by=GROUPS)
    one = sii(_rows(1, 20), "Quantile", "Population", "Value", **args)
    assert one.equals(sii(_rows(1, 20), "Quantile", "Population", "Value", **args))


@pytest.mark.parametrize(
    ("rows", "kwargs", "message"),
    [
        ((1, 20), dict(value="Value", lower="LowerCL", upper="UpperCL", transform=True),
         "value_type should be 1 or 2 when transform is true"),
        ((1, 20), dict(value="Value", se="StandardError", transform=True, value_type=1),
         "se to be missing when transform is true"),
        ((151, 160), dict(value="Value", se="StandardError"), "zero, negative or missing population"),
        ((161, 165), dict(value="Value", se="StandardError"), "negative or missing standard errors"),
        ((191, 200), dict(value="Value", se="StandardError"), "negative or missing standard errors"),
        ((166, 170), dict(x="Count", value_type=2, se="StandardError"), "zero or negative count x"),
        ((1, 20), dict(value="Value", value_type=2, se="StandardError"),
         "value proportions are not all between 0 and 1"),
        ((171, 175), dict(value="Value", value_type=2, lower="LowerCL", upper="UpperCL"),
         "confidence limit proportions are not all between 0 and 1"),
        ((176, 180), dict(value="Value", value_type=2, lower="LowerCL", upper="UpperCL"),
         "confidence limit proportions are not all between 0 and 1"),
        ((1, 3), dict(value="Value", lower="LowerCL", upper="UpperCL"),
         "number of quantiles must be between 5 and 100"),
        ((191, 200), dict(value="Value", lower="LowerCL", upper="UpperCL"),
         "missing lower or upper confidence limits"),
        ((1, 20), dict(value="Value", se="StandardError", confidence=0.35),
         "between 90 and 100 or between 0.9 and 1"),
        ((1, 20), dict(value="Value", se="StandardError", confidence=135),
         "between 90 and 100 or between 0.9 and 1"),
        ((1, 20), dict(value="Value", se="StandardError", repetitions=999),
         "repetitions must be 1000 or greater"),
    ],
)  # fmt: skip
def test_sii_errors_match_pm(rows, kwargs, message):
    """testSII.R 'errors are generated when input dataframe contains invalid data' and params."""
    with pytest.raises(ValueError, match=message):
        sii(_rows(*rows), "Quantile", "Population", group_by=GROUPS, **kwargs)


def test_sii_drops_groups_missing_a_quantile():
    """testSII.R warning case: rows 1-15 and 17-20 -> area with 9 of 10 deciles is removed."""
    data = pl.concat([_rows(1, 15), _rows(17, 20)])
    got = sii(data, "Quantile", "Population", "Value", group_by=GROUPS, lower="LowerCL",
              upper="UpperCL", repetitions=1000, seed=1)  # fmt: skip
    assert got.height == 1
