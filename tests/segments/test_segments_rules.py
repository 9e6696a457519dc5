"""Segment priority rules on constructed people; summaries and the concentration curve."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from models.publish.disclosure import is_disclosure_safe
from models.segments.rules import (
    SEGMENT_ORDER,
    activity_cost,
    assign_segments,
    code_categories,
    person_flags,
    segment_table,
)
from models.segments.summary import (
    activity_concentration,
    concentration_curve,
    gini,
    segment_summary,
)

DEMENTIA, HEART_FAILURE, DIABETES, ASTHMA_ICD = "52448006", "84114007", "44054006", "J459"
HOUSEBOUND, MOBILITY, PREGNANCY, FALLS = "160689007", "302042009", "77386006", "161898004"
EFI_TEN = ["300577008", "271737000", "3723001", "404640003", "267036007", "161898004",
           "102542001", "441899003", "15188001", "368009"]  # fmt: skip


def _people(rows: list[tuple]) -> pl.DataFrame:
    """(person_id, age, died, emergency admissions, A&E attendances, [codes], codes in year)."""
    people = pl.DataFrame(
        [r[:5] for r in rows], orient="row",
        schema=["person_id", "age", "died_in_year", "emergency_admissions", "ae_attendances"],
    )  # fmt: skip
    codes = pl.DataFrame(
        [(r[0], c, r[6] if len(r) > 6 else True) for r in rows for c in r[5]],
        schema={"person_id": pl.Int64, "code": pl.String, "in_year": pl.Boolean}, orient="row",
    )  # fmt: skip
    return assign_segments(person_flags(people, code_categories(codes)))


def _segment_of(frame: pl.DataFrame, person: int) -> str:
    return frame.filter(pl.col("person_id") == person)["segment"].item()


def test_each_rule_and_priority_order() -> None:
    frame = _people([
        (1, 80, True, 2, 0, [DEMENTIA, HEART_FAILURE]),   # died beats everything
        (2, 80, False, 1, 0, [DEMENTIA, HEART_FAILURE]),  # dementia beats organ failure
        (3, 70, False, 0, 0, EFI_TEN),                    # 10 deficits, 65+: frail
        (4, 50, False, 0, 0, EFI_TEN),                    # same deficits under 65: not frail
        (5, 40, False, 0, 0, [HOUSEBOUND]),               # housebound at any age: frailty
        (6, 60, False, 0, 0, [HEART_FAILURE, DIABETES]),  # organ failure beats chronic
        (7, 30, False, 0, 0, [MOBILITY, DIABETES]),       # disability beats chronic
        (8, 30, False, 3, 2, [ASTHMA_ICD, PREGNANCY]),    # ICD-10 asthma: chronic beats maternal
        (9, 0, False, 1, 0, []),                          # infant beats acutely ill
        (10, 28, False, 0, 0, [PREGNANCY]),               # pregnant this year
        (11, 28, False, 0, 0, [PREGNANCY], False),        # pregnancy recorded years ago
        (12, 45, False, 0, 1, [FALLS]),                   # one deficit + A&E: acutely ill
        (13, 45, False, 0, 0, []),                        # healthy
    ])  # fmt: skip
    expected = {1: "end_of_life", 2: "frailty_dementia", 3: "frailty_dementia",
                4: "stable_disability", 5: "frailty_dementia", 6: "organ_failure",
                7: "stable_disability", 8: "chronic_conditions", 9: "maternal_infant",
                10: "maternal_infant", 11: "healthy", 12: "acutely_ill", 13: "healthy"}  # fmt: skip
    assert {p: _segment_of(frame, p) for p in expected} == expected
    assert frame.filter(pl.col("person_id") == 3)["efi_coded_deficits"].item() == 10
    priorities = dict(zip(frame["segment"], frame["segment_priority"], strict=True))
    assert priorities["end_of_life"] == 1 and priorities["healthy"] == len(SEGMENT_ORDER)


def test_every_person_gets_exactly_one_segment() -> None:
    frame = _people(
        [(i, i % 95, i % 17 == 0, i % 3, i % 2, [DIABETES] * (i % 2)) for i in range(200)]
    )
    assert frame.height == 200 and frame["segment"].null_count() == 0
    assert set(frame["segment"]) <= set(segment_table()["segment"])


def test_activity_cost() -> None:
    frame = pl.DataFrame({"emergency_admissions": [2, 0], "ae_attendances": [1, None]})
    cost = activity_cost(frame, {"emergency_admissions": 800, "ae_attendances": 160})
    assert cost["cost_gbp"].to_list() == [1760.0, 0.0]
    with pytest.raises(ValueError, match="not in the data"):
        activity_cost(frame, {"outpatient_attendances": 140})


def test_concentration_curve_by_hand() -> None:
    people, share = concentration_curve(np.array([0, 0, 0, 10, 30, 60]), points=6)
    # Sorted down: 60, 30, 10, 0, 0, 0. Top 1 of 6 holds 60%, top 2 90%, top 3 all.
    assert share[:4].tolist() == pytest.approx([0, 0.6, 0.9, 1.0])
    assert people[1] == pytest.approx(1 / 6)
    assert gini(np.array([1, 1, 1, 1])) == pytest.approx(0)
    assert gini(np.array([0, 0, 0, 4])) == pytest.approx(0.75)  # (n-1)/n


def _population(n: int = 400) -> pl.DataFrame:
    rng = np.random.default_rng(1)
    return pl.DataFrame({
        "person_id": np.arange(n), "age": rng.integers(0, 95, n),
        "neighbourhood": rng.choice(["North", "South", "Tiny"], n, p=[0.5, 0.49, 0.01]),
        "segment": rng.choice(SEGMENT_ORDER, n),
        "emergency_admissions": rng.poisson(0.2, n), "emergency_bed_days": rng.poisson(0.8, n),
        "ae_attendances": rng.poisson(0.4, n), "cost_gbp": rng.exponential(500, n),
    })  # fmt: skip


def test_summary_is_disclosure_controlled() -> None:
    summary = segment_summary(_population())
    counts = ["people", "emergency_admissions", "emergency_bed_days", "ae_attendances"]
    assert all(v == 0 for v in is_disclosure_safe(summary, counts).values())
    tiny = summary.filter(pl.col("breakdown_value") == "Tiny")
    assert (
        tiny["people"].null_count() == tiny.height and tiny["cost_gbp"].null_count() == tiny.height
    )
    overall = summary.filter(pl.col("breakdown") == "all")
    assert overall["people_share"].sum() == pytest.approx(1.0)
    assert set(summary["breakdown"]) == {"all", "age_band", "neighbourhood"}


def test_concentration_hides_small_groups() -> None:
    curve = activity_concentration(_population(400))
    cost = curve.filter(
        (pl.col("population_group") == "all ages") & (pl.col("measure") == "cost_gbp")
    )
    # 1% of 400 = 4 people (< 8): blanked; 2% = 8 people: shown.
    assert cost.filter(pl.col("people_share") == 0.01)["activity_share"].item() is None
    assert cost.filter(pl.col("people_share") == 0.02)["activity_share"].item() > 0.02
    assert cost["people"][0] % 5 == 0
    small = activity_concentration(_population(50))
    assert small["activity_share"].null_count() == small.height
