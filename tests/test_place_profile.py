import polars as pl

from models.neighbourhoods.profile import spine_rows
from models.reports.place_profile import status_summary


def test_spine_ranges_come_from_peers_of_the_same_area_type():
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    baseline = pl.DataFrame(
        {
            "indicator_id": [1] * 6,
            "area_type": ["LA"] * 5 + ["ICB"],
            "sex": ["Persons"] * 6,
            "age": ["All"] * 6,
            "period": ["2023"] * 6,
            "period_sortable": [2023] * 6,
            "area_code": ["A", "B", "C", "D", "E", "X"],
            "indicator_name": ["i"] * 6,
            "value": [*values, 99.0],
            "england_value": [25.0] * 6,
            "compared_to_england": ["Better"] * 6,
        }
    )
    spine = spine_rows(baseline, "B")
    row = spine.row(0, named=True)
    # 5 LA peers 10..50: min 10, q1 20 (linear), q3 40, max 50; the ICB row is not a peer
    assert (row["lowest"], row["q1"], row["q3"], row["highest"]) == (10, 20, 40, 50)
    assert row["value"] == 20.0 and row["peers"] == 5


def test_status_summary_puts_off_track_first():
    trajectory = pl.DataFrame(
        {
            "target_id": ["a", "b", "c"],
            "status": ["achieved", "off_track", "not_yet_measurable"],
            "is_latest": [True, True, True],
        }
    )
    assert status_summary(trajectory)["status"].to_list() == [
        "off_track",
        "achieved",
        "not_yet_measurable",
    ]
