"""Planted defects in the real extracts are all caught; the clean extracts raise no ERROR."""

import pytest

from tests.quality.recall import evaluate, real_frames


@pytest.mark.real_data
def test_recall_is_total_and_clean_real_extracts_raise_no_error(real_data_dir):
    frames, context = real_frames(real_data_dir)
    assert {"staging.fingertips", "staging.imd"} <= set(frames)
    report = evaluate(frames, context, sample_rows=20_000)
    assert report.false_alarms == []
    assert report.missed == []
    assert report.planted >= 20 and report.recall == 1.0
