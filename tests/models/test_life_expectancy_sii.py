"""Life expectancy against PHEindicatormethods testLifeExpectancy.R; SII by hand arithmetic."""

import numpy as np
import polars as pl
import pytest

from models.indicators import life_expectancy, sii

AGES = [0, 1, *range(5, 95, 5)]
POPS = [
    7060,
    35059,
    46974,
    48489,
    43219,
    38561,
    46009,
    57208,
    61435,
    55601,
    50209,
    56416,
    46411,
    39820,
    37978,
    37039,
    33288,
    23306,
    11936,
    11936,
]
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937]
# PM testLifeExpectancy.R answer1 (value, lowercl, uppercl), checked to 4 dp as PM does
ANSWER = {
    0: (80.16960813, 79.88268548, 80.45653078),
    5: (75.44193645, 75.17407307, 75.70979983),
    25: (55.78835987, 55.53801579, 56.03870395),
    65: (18.76856852, 18.57570352, 18.96143352),
    85: (6.163942934, 5.978358351, 6.349527517),
    90: (6.16210635, 5.887683386, 6.436529314),
}


def _frame(area="A", pops=POPS, deaths=DEATHS):
    return pl.DataFrame({"area": area, "age": AGES, "pops": pops, "deaths": deaths})


def test_life_expectancy_matches_pm_published_values():
    out = life_expectancy(_frame(), "deaths", "pops", "age", "area", confidence=95)
    assert out.height == 20
    by_age = {r["age"]: r for r in out.iter_rows(named=True)}
    for age, (value, lo, hi) in ANSWER.items():
        assert round(by_age[age]["value"], 4) == round(value, 4)
        assert round(by_age[age]["lower_95"], 4) == round(lo, 4)
        assert round(by_age[age]["upper_95"], 4) == round(hi, 4)


def test_life_expectancy_band_labels_in_any_order_and_le_age():
    labels = ["0", "1-4"] + [f"{a} – {a + 4}" for a in range(5, 90, 5)] + ["90 +"]
    df = _frame().with_columns(pl.Series("age", labels)).reverse()
    out = life_expectancy(df, "deaths", "pops", "age", "area", confidence=0.95, le_age=[5, 25])
    assert out["age"].to_list() == ["5 – 9", "25 – 29"]
    assert round(out["value"][1], 4) == round(ANSWER[25][0], 4)


@pytest.mark.parametrize(
    "change",
    [{"deaths": 3, "to": -5}, {"pops": 5, "to": 0}, {"pops": 18, "to": 119}, {"drop": 19}],
)
def test_life_expectancy_suppression_rules_give_na_and_sort_last(change):
    pops, deaths = list(POPS), list(DEATHS)
    if "deaths" in change:
        deaths[change["deaths"]] = change["to"]
    if "pops" in change:
        pops[change["pops"]] = change["to"]
    bad = _frame("bad", pops, deaths)
    if "drop" in change:
        bad = bad.head(change["drop"])
    out = life_expectancy(pl.concat([bad, _frame("good")]), "deaths", "pops", "age", "area")
    assert out["area"][0] == "good" and out["area"][-1] == "bad"
    suppressed = out.filter(pl.col("area") == "bad")
    assert suppressed.select("value", "lower_95", "upper_99_8").null_count().row(0) == (
        (suppressed.height,) * 3
    )


def test_life_expectancy_low_population_and_wide_ci():
    out = life_expectancy(_frame(pops=[250] * 20, deaths=[1] * 20), "deaths", "pops", "age", "area")
    assert out["value"].null_count() == 20  # total population 5,000 is not > 5,000
    wide = life_expectancy(
        _frame(pops=[300] * 20, deaths=[1] * 20), "deaths", "pops", "age", "area", confidence=0.95
    )
    ci_width = (wide["upper_95"] - wide["lower_95"]).to_numpy()
    assert np.all(ci_width > 20)  # 1 death per 300 people: CIs hundreds of years wide
    assert wide["value"].null_count() == 20 and wide["lower_95"].null_count() == 0


def test_sii_two_quantiles_hand_arithmetic():
    # equal pops: x = 0.25, 0.75; slope of (10 -> 20) over 0.5 = 20; se = 0 -> degenerate CI
    df = pl.DataFrame({"q": [1, 2], "pop": [100.0, 100.0], "v": [10.0, 20.0], "se": [0.0, 0.0]})
    out = sii(df, "q", "pop", "v", se="se", repetitions=50, seed=1)
    assert out["value"][0] == pytest.approx(20.0)
    assert out["lower_95"][0] == pytest.approx(20.0) and out["upper_99_8"][0] == pytest.approx(20.0)
    rii = sii(df, "q", "pop", "v", se="se", repetitions=50, seed=1, rii=True)
    assert rii["value"][0] == pytest.approx(20.0 / 15.0)  # SII / population-weighted mean
    flipped = sii(df, "q", "pop", "v", se="se", repetitions=50, seed=1, multiplier=-1)
    assert flipped["value"][0] == pytest.approx(-20.0)


def test_sii_weighted_regression_and_seeded_simulation():
    # pops 1,3 -> shares .25,.75 -> x = .125, .625; slope = (30-10)/(.625-.125) = 40
    df = pl.DataFrame(
        {
            "g": ["a", "a", "b", "b", "b"],
            "q": [1, 2, 1, 2, 3],
            "pop": [1.0, 3.0, 1.0, 1.0, 2.0],
            "v": [10.0, 30.0, 5.0, 5.0, 5.0],
            "lo": [8.0, 28.0, 4.0, 4.0, 4.0],
            "hi": [12.0, 32.0, 6.0, 6.0, 6.0],
        }
    )
    one = sii(df, "q", "pop", "v", "g", lower="lo", upper="hi", repetitions=2000, seed=7)
    two = sii(df, "q", "pop", "v", "g", lower="lo", upper="hi", repetitions=2000, seed=7)
    assert one["g"].to_list() == ["a", "b"]
    assert one["value"].to_list() == pytest.approx([40.0, 0.0])
    assert one["lower_95"].to_list() == two["lower_95"].to_list()
    assert one["lower_95"][0] < 40 < one["upper_95"][0]


def test_sii_bad_inputs():
    df = pl.DataFrame({"q": [1, 2], "pop": [-1.0, 1.0], "v": [1.0, 2.0], "se": [0.1, 0.1]})
    with pytest.raises(ValueError, match="pop"):
        sii(df, "q", "pop", "v", se="se", repetitions=10)
    with pytest.raises(ValueError, match="se="):
        sii(df.with_columns(pl.col("pop").abs()), "q", "pop", "v", repetitions=10)
