"""DSR (Dobson), ESP2013 mapping, ISR/SMR and means against hand arithmetic and PM rules."""

import math

import polars as pl
import pytest
from scipy import stats

from models.indicators import ESP2013, ESP2013_BANDS, dsr, esp2013_for, isr, mean_ci, smr

Z95 = 1.959963984540054


def test_esp2013_constant_and_label_mapping():
    assert len(ESP2013) == 19 and sum(ESP2013) == 100_000
    labels = pl.Series(
        ["0-4", "00-04", "90+", "90 +", "85 – 89", "Aged 5-9 years", "10 to 14", "15"]
    )
    assert esp2013_for(labels).to_list() == [5000, 5000, 1000, 1000, 1500, 5500, 5500, 5500]
    with pytest.raises(ValueError, match="'3-7'"):
        esp2013_for(pl.Series(["0-4", "3-7"]))


def _area(counts, pops, area="A"):
    return pl.DataFrame({"area": area, "band": list(ESP2013_BANDS), "x": counts, "n": pops})


def test_dsr_matches_dobson_arithmetic():
    counts = [2 * (i + 1) for i in range(19)]  # 2, 4, ..., 38 -> total 380
    pops = [10_000 + 500 * i for i in range(19)]
    out = dsr(_area(counts, pops), "x", "n", "band", "area")
    w = ESP2013
    value = sum(wi * xi / ni for wi, xi, ni in zip(w, counts, pops, strict=True)) / sum(w)
    var = sum(wi**2 * xi / ni**2 for wi, xi, ni in zip(w, counts, pops, strict=True)) / sum(w) ** 2
    o = sum(counts)
    byar_lo = o * (1 - 1 / (9 * o) - Z95 / (3 * math.sqrt(o))) ** 3
    byar_hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z95 / (3 * math.sqrt(o + 1))) ** 3
    row = out.row(0, named=True)
    assert row["total_count"] == 380 and row["value"] == pytest.approx(value * 1e5, rel=1e-12)
    assert row["lower_95"] == pytest.approx((value + math.sqrt(var / o) * (byar_lo - o)) * 1e5)
    assert row["upper_95"] == pytest.approx((value + math.sqrt(var / o) * (byar_hi - o)) * 1e5)
    assert row["method"] == "Dobson"


def test_dsr_equal_band_rates_gives_that_rate_and_custom_standard_column():
    df = _area([10] * 19, [1000] * 19).with_columns(pl.lit(1.0).alias("flat"))
    assert dsr(df, "x", "n", "band", "area")["value"][0] == pytest.approx(1000.0)
    assert dsr(df, "x", "n", "band", "area", standard_population="flat")["value"][0] == (
        pytest.approx(1000.0)
    )


def test_dsr_total_below_ten_is_na_with_note():
    counts = [0] * 18 + [9]
    out = dsr(_area(counts, [1000] * 19), "x", "n", "band", "area")
    assert out["value"][0] is None and out["upper_99_8"][0] is None
    assert out["statistic"][0] == "dsr NA for total count < 10"


def test_dsr_non_independent_events_inflate_variance():
    # every person has exactly 2 events: events = 2 x persons and var = 2^2 x person variance
    persons = [5] * 19
    base = _area(persons, [1000] * 19)
    one = dsr(
        base.with_columns(pl.lit(1).alias("f")),
        "x",
        "n",
        "band",
        "area",
        independent_events=False,
        event_frequency="f",
    )
    ind = dsr(base, "x", "n", "band", "area")
    assert one["lower_95"][0] == pytest.approx(ind["lower_95"][0])  # f = 1 is the classic case
    two = dsr(
        base.with_columns(pl.lit(2).alias("f")),
        "x",
        "n",
        "band",
        "area",
        independent_events=False,
        event_frequency="f",
    )
    o = 190  # 2 events x 95 persons
    var_persons = sum(w**2 * 5 / 1000**2 for w in ESP2013) / 100_000**2
    value = 2 * 95 / 19_000
    lo = o * (1 - 1 / (9 * o) - Z95 / (3 * math.sqrt(o))) ** 3
    assert two["value"][0] == pytest.approx(value * 1e5)
    assert two["lower_95"][0] == pytest.approx(
        (value + math.sqrt(4 * var_persons / o) * (lo - o)) * 1e5
    )
    with pytest.raises(ValueError, match="event_frequency"):
        dsr(base, "x", "n", "band", "area", independent_events=False)


def test_dsr_bad_inputs():
    with pytest.raises(ValueError, match="x:.*row index 3"):
        dsr(_area([1, 1, 1, -1] + [1] * 15, [100] * 19), "x", "n", "band", "area")
    with pytest.raises(ValueError, match="n:.*row index 0"):
        dsr(_area([1] * 19, [0] + [100] * 18), "x", "n", "band", "area")
    bad = _area([1] * 19, [100] * 19).with_columns(pl.lit("95+").alias("band"))
    with pytest.raises(ValueError, match="unknown ESP2013 age band '95\\+'"):
        dsr(bad, "x", "n", "band", "area")


def _isr_frame():
    return pl.DataFrame(
        {
            "area": ["A"] * 3,
            "x": [4, 10, 30],
            "n": [1000, 2000, 1500],
            "rx": [100, 600, 2000],
            "rn": [100_000, 100_000, 50_000],
        }
    )


def test_isr_and_smr_hand_arithmetic():
    # E = 1000*100/1e5 + 2000*600/1e5 + 1500*2000/5e4 = 1 + 12 + 60 = 73; O = 44
    ratio = smr(_isr_frame(), "x", "n", "rx", "rn", "area", reference_value=100)
    assert ratio["expected"][0] == pytest.approx(73.0)
    assert ratio["value"][0] == pytest.approx(44 / 73 * 100)
    lo = 44 * (1 - 1 / (9 * 44) - Z95 / (3 * math.sqrt(44))) ** 3
    assert ratio["lower_95"][0] == pytest.approx(lo / 73 * 100)
    # crude reference rate = 2700 / 250,000
    rate = isr(_isr_frame(), "x", "n", "rx", "rn", "area")
    assert rate["value"][0] == pytest.approx(44 / 73 * 2700 / 250_000 * 1e5)
    small = smr(_isr_frame().with_columns(pl.lit(1).alias("x")), "x", "n", "rx", "rn", "area")
    assert small["lower_95"][0] == pytest.approx(stats.chi2.ppf(0.025, 6) / 2 / 73)  # exact, O=3


def test_mean_student_t_hand_arithmetic():
    out = mean_ci(pl.DataFrame({"v": [1.0, 2, 3, 4, 5]}), "v", confidence=0.95)
    half = 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5)  # t(0.975, 4) * sd / sqrt(n)
    assert out["value"][0] == 3.0
    assert out["lower_95"][0] == pytest.approx(3 - half) and out["upper_95"][0] == pytest.approx(
        3 + half
    )
