"""Time proportion / rate / dsr / funnels (models.indicators) against phstatsmethods.

Usage: python benchmarks/indicator_stats.py [--quick]

phstatsmethods works row by row (pandas apply), so it is timed on a subsample of groups and its
time is extrapolated linearly to the full size; agreement (max abs difference) is checked on the
subsample rows.  Funnels: significance of 1 M points (proportion, ratio, crude rate; labels
must be identical) and the 100-point limits of 10,000 funnels drawn over those 1 M points
(proportions; the peer is called once per funnel); limits must agree to 1e-9.
Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.indicators import (  # noqa: E402
    ESP2013_BANDS,
    dsr,
    funnel_limits,
    funnel_significance,
    proportion,
    rate,
)

LIMIT_COLUMNS = {"lower_95": "lower_2s_limit", "upper_95": "upper_2s_limit",
                 "lower_99_8": "lower_3s_limit", "upper_99_8": "upper_3s_limit"}  # fmt: skip

COLUMNS = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]
PEER_COLUMNS = ["Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci"]


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def _crude_frame(groups: int, rng: np.random.Generator) -> pl.DataFrame:
    n = rng.integers(50, 50_000, groups)
    x = np.minimum(rng.integers(1, 2_000, groups), n)  # >= 1: ph_rate crashes on zero counts
    return pl.DataFrame({"area": np.arange(groups), "x": x, "n": n})


def _dsr_frame(areas: int, rng: np.random.Generator) -> pl.DataFrame:
    rows = areas * 19
    return pl.DataFrame(
        {
            "area": np.repeat(np.arange(areas), 19),
            "band": np.tile(np.array(ESP2013_BANDS), areas),
            "x": rng.integers(0, 60, rows),
            "n": rng.integers(500, 20_000, rows),
        }
    )


def _max_diff(ours: pl.DataFrame, peer, key: str) -> float:
    peer = pl.from_pandas(peer[[key, *PEER_COLUMNS]]).with_columns(pl.col(key).cast(pl.Int64))
    joined = ours.with_columns(pl.col(key).cast(pl.Int64)).join(peer, on=key)
    diffs = [
        (joined[a] - joined[b]).abs().max() for a, b in zip(COLUMNS, PEER_COLUMNS, strict=True)
    ]
    return float(max(d for d in diffs if d is not None))


def _run(name: str, ours_fn, sample_fn, size: int, sample: int) -> dict:
    _, ours_s = _timed(ours_fn)
    ours_sample, peer_s = sample_fn()
    peer_full = peer_s * size / sample
    print(
        f"{name:<10} groups={size:>9,}  ours={ours_s:8.3f}s  phstatsmethods={peer_full:9.1f}s "
        f"(timed on {sample:,} groups, extrapolated)  speed-up={peer_full / ours_s:8.1f}x  "
        f"max|diff|={ours_sample:.2e}"
    )
    return {
        "ours_s": ours_s,
        "peer_s": peer_full,
        "speedup": peer_full / ours_s,
        "max_abs_diff": ours_sample,
    }


def _funnel_frame(points: int, rng: np.random.Generator) -> pl.DataFrame:
    n = rng.integers(500, 20_000, points).astype(float)
    expected = rng.uniform(5, 400, points)
    return pl.DataFrame(
        {
            "funnel": np.arange(points) % max(1, points // 100),
            "x": np.minimum(rng.binomial(n.astype(int), 0.12), n).astype(float),
            "n": n,
            "obs": rng.poisson(expected).astype(float),
            "expected": expected,
        }
    ).with_columns(
        (pl.col("obs") + 1).alias("events"),
        ((pl.col("obs") + 1) / pl.col("n") * 100_000).alias("crude"),
    )


def _funnels(points: int, sample: int, rng: np.random.Generator) -> dict[str, float]:
    """Funnel significance (three statistics) and grouped limits: ours vs phstatsmethods."""
    from PHStatsMethods import assign_funnel_significance, calculate_funnel_limits

    frame = _funnel_frame(points, rng)
    sub_pd = frame.head(sample).to_pandas()
    # The funnel's average pools every point, so labels are compared on a subsample taken as a
    # whole data set by both packages; the full frame is timed for ours only.
    sub = frame.head(sample)
    cases = {
        "proportion": (dict(numerator="x", denominator="n", statistic="proportion"),
                       dict(num_col="x", denom_col="n", statistic="proportion")),
        "ratio": (dict(numerator="obs", denominator="expected", statistic="ratio"),
                  dict(num_col="obs", denom_col="expected", statistic="ratio")),
        "rate": (dict(numerator="events", denominator="n", statistic="rate", rate="crude",
                      rate_type="crude", multiplier=100_000),
                 dict(num_col="events", denom_col="n", statistic="rate", rate="crude",
                      rate_type="crude", multiplier=100_000)),
    }  # fmt: skip
    figures: dict[str, float] = {}
    for name, (ours_kw, peer_kw) in cases.items():
        _, ours_s = _timed(lambda kw=ours_kw: funnel_significance(frame, **kw))
        mine = funnel_significance(sub, **ours_kw)["significance"].cast(pl.String).to_list()
        peer, peer_s = _timed(lambda kw=peer_kw: assign_funnel_significance(sub_pd.copy(), **kw))
        peer_full = peer_s * points / sample
        mismatches = sum(a != b for a, b in zip(mine, peer["significance"].tolist(), strict=True))
        print(f"funnel significance {name:<10} points={points:>9,}  ours={ours_s:7.3f}s  "
              f"phstatsmethods={peer_full:8.1f}s (timed on {sample:,})  "
              f"speed-up={peer_full / ours_s:8.1f}x  label mismatches={mismatches}")  # fmt: skip
        figures[f"funnel_significance_{name}_speedup"] = round(peer_full / ours_s, 1)
        figures[f"funnel_significance_{name}_seconds"] = round(ours_s, 4)
        figures[f"funnel_significance_{name}_mismatches"] = mismatches
    funnels = frame["funnel"].n_unique()
    _, ours_s = _timed(lambda: funnel_limits(frame, "x", "n", "funnel", statistic="proportion",
                                             multiplier=100))  # fmt: skip
    few = min(funnels, max(1, sample // 100))
    part = frame.filter(pl.col("funnel") < few)
    mine = funnel_limits(part, "x", "n", "funnel", statistic="proportion", multiplier=100)
    start = time.perf_counter()
    theirs = [calculate_funnel_limits(g.to_pandas(), "x", "proportion", 100, denom_col="n",
                                      metadata=False) for _, g in part.group_by("funnel",
                                                                                maintain_order=True)]  # fmt: skip
    peer_full = (time.perf_counter() - start) * funnels / few
    diff = max(
        float(np.max(np.abs(mine.filter(pl.col("funnel") == i)[ours].to_numpy()
                            - theirs[i][peer].to_numpy())))
        for i in range(few) for ours, peer in LIMIT_COLUMNS.items()
    )  # fmt: skip
    print(f"funnel limits (proportion) funnels={funnels:,} over {points:,} points  "
          f"ours={ours_s:7.3f}s  phstatsmethods={peer_full:8.1f}s (timed on {few} funnels)  "
          f"speed-up={peer_full / ours_s:8.1f}x  max|diff|={diff:.2e}")  # fmt: skip
    figures["funnel_limits_speedup"] = round(peer_full / ours_s, 1)
    figures["funnel_limits_seconds"] = round(ours_s, 4)
    figures["funnel_limits_max_abs_diff"] = diff
    figures["funnel_points"] = points
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    args = parser.parse_args()
    from PHStatsMethods import ph_dsr, ph_proportion, ph_rate

    sizes = [2_000, 20_000] if args.quick else [100_000, 1_000_000]
    crude_sample, dsr_sample = (1_000, 200) if args.quick else (20_000, 2_000)
    rng = np.random.default_rng(2024)
    conf = [0.95, 0.998]
    figures: dict[str, float] = {}
    for size in sizes:
        crude = _crude_frame(size, rng)
        sub = crude.head(min(size, crude_sample))
        sub_pd = sub.to_pandas()

        def peer_prop(sub=sub, sub_pd=sub_pd):
            peer, secs = _timed(
                lambda: ph_proportion(
                    sub_pd, "x", "n", group_cols="area", confidence=conf, multiplier=100
                )
            )
            return _max_diff(proportion(sub, "x", "n", "area"), peer, "area"), secs

        def peer_rate(sub=sub, sub_pd=sub_pd):
            peer, secs = _timed(
                lambda: ph_rate(
                    sub_pd, "x", "n", group_cols="area", confidence=conf, multiplier=100_000
                )
            )
            return _max_diff(rate(sub, "x", "n", "area"), peer, "area"), secs

        p = _run(
            "proportion", lambda c=crude: proportion(c, "x", "n", "area"), peer_prop, size, len(sub)
        )
        r = _run("rate", lambda c=crude: rate(c, "x", "n", "area"), peer_rate, size, len(sub))
        areas = size
        frame = _dsr_frame(areas, rng)
        dsub = frame.filter(pl.col("area") < min(areas, dsr_sample))

        def peer_dsr(dsub=dsub):
            with contextlib.redirect_stdout(io.StringIO()):
                peer, secs = _timed(
                    lambda: ph_dsr(
                        dsub.to_pandas(), "x", "n", "band", group_cols="area", confidence=conf
                    )
                )
            return _max_diff(dsr(dsub, "x", "n", "band", "area"), peer, "area"), secs

        d = _run(
            "dsr",
            lambda f=frame: dsr(f, "x", "n", "band", "area"),
            peer_dsr,
            areas,
            dsub["area"].n_unique(),
        )
        tag = f"{size // 1000}k"
        for name, fig in (("proportion", p), ("rate", r), ("dsr", d)):
            figures[f"{name}_speedup_vs_phstatsmethods_{tag}"] = round(fig["speedup"], 1)
            figures[f"{name}_seconds_{tag}"] = round(fig["ours_s"], 4)
            figures[f"{name}_max_abs_diff_{tag}"] = fig["max_abs_diff"]
    for name in ("proportion", "rate", "dsr"):
        figures[f"{name}_speedup_vs_phstatsmethods"] = figures[
            f"{name}_speedup_vs_phstatsmethods_{sizes[-1] // 1000}k"
        ]
    figures |= _funnels(sizes[-1], crude_sample, rng)
    assert all(v == 0 for k, v in figures.items() if k.endswith("_mismatches")), "labels differ"
    figures["groups"] = sizes[-1]
    figures["peer_timing"] = "subsample, linear extrapolation"
    assert all(v <= 1e-9 for k, v in figures.items() if "max_abs_diff" in k), "results disagree"
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
