"""The restricted OMOP suites catch every defect type the synthetic generator plants."""

from tests.quality.recall import evaluate_synthetic


def test_every_planted_defect_type_is_caught_with_its_row_count_and_no_false_alarm():
    found = evaluate_synthetic(persons=2_000, seed=5)
    assert found["false_alarms"] == []
    assert found["missed"] == [] and len(found["caught"]) == 7
    for kind, n in found["counts"].items():
        expected = 2 * n["planted"] if kind == "duplicate_record" else n["planted"]
        assert n["flagged_rows"] == expected, kind
