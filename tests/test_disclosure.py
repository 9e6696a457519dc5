import polars as pl

from models.publish.disclosure import apply_disclosure_control, is_disclosure_safe


def test_small_counts_suppressed_and_others_rounded_to_5():
    frame = pl.DataFrame({"n": [0, 1, 7, 8, 12, 13, None]})
    out = apply_disclosure_control(frame, ["n"])
    # 0 kept, 1 and 7 suppressed, 8 -> 10, 12 -> 10, 13 -> 15, null stays null
    assert out["n"].to_list() == [0, None, None, 10, 10, 15, None]
    assert out["n_suppressed"].to_list() == [False, True, True, False, False, False, False]


def test_safety_check_counts_breaches():
    assert is_disclosure_safe(pl.DataFrame({"n": [0, 3, 10, 11]}), ["n"]) == {"n": 2}
    assert is_disclosure_safe(pl.DataFrame({"n": [0, None, 10, 15]}), ["n"]) == {"n": 0}


def test_thresholds_are_configurable():
    out = apply_disclosure_control(
        pl.DataFrame({"n": [4, 5, 6]}), ["n"], suppress_below=5, round_to=1
    )
    assert out["n"].to_list() == [None, 5, 6]
