"""Register cuts per neighbourhood, bands, HMAC pseudonyms and the published summary."""

from __future__ import annotations

import hashlib
import hmac
import math

import numpy as np
import polars as pl
import pytest

from models.risk.registers import RegisterCuts, build_register, pseudonymise, register_summary


def test_pseudonym_is_keyed_hmac_not_the_id() -> None:
    [value] = pseudonymise([123], "secret")
    assert value == hmac.new(b"secret", b"123", hashlib.sha256).hexdigest()
    assert value != "123" and len(value) == 64
    assert pseudonymise([123], "other") != [value]


@pytest.fixture
def scores() -> pl.DataFrame:
    rng = np.random.default_rng(0)
    sizes = {"Oldbury": 1000, "Tipton": 400}
    frame = pl.DataFrame({
        "person_id": np.arange(1400),
        "neighbourhood": np.repeat(list(sizes), list(sizes.values())),
        "risk": rng.beta(1, 12, 1400),
        "age": rng.integers(18, 95, 1400), "imd_decile": rng.integers(1, 11, 1400),
    })  # fmt: skip
    return frame.with_columns(
        risk=pl.when(pl.col("person_id") == 999).then(0.9).otherwise(pl.col("risk").clip(0, 0.45))
    )


@pytest.mark.parametrize(
    ("fraction", "label"), [(0.005, "top 0.5%"), (0.02, "top 2%"), (0.05, "top 5%")]
)
def test_percentile_cuts_sized_per_neighbourhood(
    scores: pl.DataFrame, fraction: float, label: str
) -> None:
    register = build_register(scores, "k")
    bands = ["top 0.5%", "top 2%", "top 5%"]
    included = bands[: bands.index(label) + 1]
    for name, size in (("Oldbury", 1000), ("Tipton", 400)):
        part = register.filter(
            (pl.col("neighbourhood") == name) & pl.col("risk_band").is_in(included)
        )
        assert part.height == math.ceil(fraction * size)
        threshold = scores.filter(pl.col("neighbourhood") == name)["risk"].sort(descending=True)[
            part.height - 1
        ]
        assert part["risk"].min() == threshold


def test_ranked_without_person_id_and_absolute_cut(scores: pl.DataFrame) -> None:
    register = build_register(scores, "k", RegisterCuts((0.005,), (0.4,)))
    assert "person_id" not in register.columns
    tipton = register.filter(pl.col("neighbourhood") == "Tipton")
    assert tipton["rank"].to_list() == list(range(1, tipton.height + 1))
    assert tipton["risk"].is_sorted(descending=True)
    extra = register.filter(pl.col("risk_band").str.starts_with("absolute"))
    assert (extra["risk"] >= 0.4).all() and (register["risk"] >= 0.4).sum() == register.filter(
        pl.col("absolute_cut").is_not_null()
    ).height


def test_summary_suppresses_small_counts_and_rounds(scores: pl.DataFrame) -> None:
    register = build_register(scores, "k", RegisterCuts((0.005, 0.02, 0.05, 0.2), ()))
    summary = register_summary(register)
    raw = register.group_by("neighbourhood").len()
    assert {"pseudonym", "person_id"}.isdisjoint(summary.columns)
    assert (
        summary.filter(pl.col("people_suppressed"))["people"].null_count()
        == summary["people_suppressed"].sum()
        > 0
    )
    assert (summary["people"].drop_nulls() % 5 == 0).all()
    assert (summary["people"].drop_nulls() >= 10).all() and raw.height == 2
