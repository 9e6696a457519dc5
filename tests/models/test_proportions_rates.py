"""Wilson proportions and Byar / exact crude rates against hand arithmetic and published values."""

import math

import polars as pl
import pytest

from models.indicators import proportion, rate

Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
Z998 = 3.090232306167813  # scipy.stats.norm.ppf(0.999)


def wilson_by_hand(x: float, n: float, z: float) -> tuple[float, float]:
    # (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))  -- Wilson (1927)
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (2 * x + z * z - root) / (2 * (n + z * z)), (2 * x + z * z + root) / (2 * (n + z * z))


def test_proportion_wilson_matches_hand_arithmetic_for_both_levels():
    df = pl.DataFrame({"x": [65, 1045, 0], "n": [100, 5000, 40]})
    out = proportion(df, "x", "n")
    for row, (x, n) in zip(
        out.iter_rows(named=True), [(65, 100), (1045, 5000), (0, 40)], strict=True
    ):
        lo95, hi95 = wilson_by_hand(x, n, Z95)
        lo998, hi998 = wilson_by_hand(x, n, Z998)
        assert row["value"] == pytest.approx(100 * x / n)
        assert row["lower_95"] == pytest.approx(100 * lo95, abs=1e-12)
        assert row["upper_95"] == pytest.approx(100 * hi95, rel=1e-12)
        assert row["lower_99_8"] == pytest.approx(100 * lo998, abs=1e-12)
        assert row["upper_99_8"] == pytest.approx(100 * hi998, rel=1e-12)
    assert out["lower_95"][2] == 0.0


def test_published_fingertips_proportion_row_is_reproduced():
    # Fingertips 93085 England 2018/19 smoking at time of delivery: 61,399 / 579,995 = 10.586%
    out = proportion(pl.DataFrame({"x": [61399], "n": [579995]}), "x", "n", confidence=95)
    assert out.columns[-3:] == ["lower_95", "upper_95", "method"]
    assert round(out["value"][0], 1) == 10.6
    assert out["method"][0] == "Wilson"


def test_proportion_groups_are_summed_and_na_propagates():
    df = pl.DataFrame({"area": ["a", "a", "b", "c"], "x": [1, 2, 5, None], "n": [10, 20, 50, 9]})
    out = proportion(df, "x", "n", group_by="area", multiplier=1)
    assert out["area"].to_list() == ["a", "b", "c"]
    assert out["x"].to_list()[:2] == [3.0, 5.0] and out["value"][0] == pytest.approx(0.1)
    assert out["value"][2] is None and out["lower_95"][2] is None


@pytest.mark.parametrize(
    ("x", "n", "column", "message"),
    [
        ([1, -1], [5, 5], "x", "row index 1"),
        ([1, 1], [5, 0], "n", "row index 1"),
        ([6, 1], [5, 5], "x", "row index 0"),
    ],
)
def test_proportion_bad_input_names_column_and_row(x, n, column, message):
    with pytest.raises(ValueError, match=rf"^{column}:.*{message}"):
        proportion(pl.DataFrame({"x": x, "n": n}), "x", "n")


@pytest.mark.parametrize("confidence", [0.7, 14, 125, (0.95, 0.99), (0.9, 0.95, 0.998)])
def test_bad_confidence_levels_raise(confidence):
    with pytest.raises(ValueError, match="confidence"):
        proportion(pl.DataFrame({"x": [1], "n": [2]}), "x", "n", confidence=confidence)


def test_rate_exact_below_ten_matches_poisson_tables():
    # Exact Poisson 95% limits for 5 events: 1.6235, 11.6683 (chi-square tables: chi2(0.025,10)/2,
    # chi2(0.975,12)/2); Fingertips publishes exactly these for indicator 93124 count 5.
    out = rate(pl.DataFrame({"x": [5, 0], "n": [100_000, 100_000]}), "x", "n", confidence=0.95)
    assert out["lower_95"][0] == pytest.approx(1.623486, abs=1e-6)
    assert out["upper_95"][0] == pytest.approx(11.668332, abs=1e-6)
    # zero events: lower 0, upper = -ln(0.025) = 3.688879 (exact Poisson)
    assert out["lower_95"][1] == 0.0
    assert out["upper_95"][1] == pytest.approx(-math.log(0.025), rel=1e-9)
    assert out["method"].to_list() == ["Exact", "Exact"]


def test_rate_byar_from_ten_matches_hand_arithmetic():
    x, n = 65.0, 10_000.0
    lo = x * (1 - 1 / (9 * x) - Z95 / (3 * math.sqrt(x))) ** 3  # Byar lower
    hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z95 / (3 * math.sqrt(x + 1))) ** 3  # Byar upper
    out = rate(pl.DataFrame({"x": [x], "n": [n]}), "x", "n", multiplier=1000)
    assert out["value"][0] == pytest.approx(6.5)
    assert out["lower_95"][0] == pytest.approx(lo / n * 1000, rel=1e-12)
    assert out["upper_95"][0] == pytest.approx(hi / n * 1000, rel=1e-12)
    assert out["method"][0] == "Byars"


def test_rate_allows_numerator_above_denominator_but_not_negative():
    out = rate(pl.DataFrame({"x": [30], "n": [10]}), "x", "n", multiplier=1)
    assert out["value"][0] == 3.0
    with pytest.raises(ValueError, match="x:.*row index 0"):
        rate(pl.DataFrame({"x": [-3], "n": [10]}), "x", "n")
    with pytest.raises(ValueError, match="n:.*row index 0"):
        rate(pl.DataFrame({"x": [3], "n": [None]}).with_columns(pl.col("n").fill_null(0)), "x", "n")
