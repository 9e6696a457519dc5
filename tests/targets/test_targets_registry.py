"""The targets schema: clear errors naming file and field, and the transcribed registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from models.targets.registry import TargetRegistryError, load_targets, registry_frame
from sources.targets import TargetFileError, read_target_files
from tests.targets.conftest import target_doc

REGISTRY_DIR = Path(__file__).resolve().parents[2] / "data" / "targets"


def _load(*docs: dict, name: str = "plan.yaml") -> list:
    return load_targets([(name, {"targets": list(docs)})])


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (target_doc(baseline={"value": "about ten"}), "field baseline.value"),
        (target_doc(polarity="down"), "field polarity"),
        (target_doc(title=None), "field title"),
        (target_doc(area_codes=["Sandwell"]), "field area_codes.0"),
        (target_doc(target={"date": "31 March 2025"}), "field target.date"),
        (target_doc(baseline={"period": "last year"}), "field baseline"),
        (target_doc(colour="red"), "field colour"),
        (
            target_doc(indicator={"name": "x", "fingertips_id": 1, "local_metric": "y"}),
            "field indicator",
        ),
    ],
)
def test_invalid_target_names_file_target_and_field(doc: dict, field: str) -> None:
    with pytest.raises(TargetRegistryError) as error:
        _load(target_doc(id="fine"), doc, name="sandwell.yaml")
    message = str(error.value)
    assert message.startswith("sandwell.yaml: targets[1] (id=t-lower): ")
    assert field in message


def test_missing_targets_list_and_duplicate_ids() -> None:
    with pytest.raises(TargetRegistryError, match=r"^empty.yaml: field targets"):
        load_targets([("empty.yaml", None)])
    with pytest.raises(TargetRegistryError, match=r"b.yaml: targets\[0\].*duplicate of one in a"):
        load_targets(
            [("a.yaml", {"targets": [target_doc()]}), ("b.yaml", {"targets": [target_doc()]})]
        )


def test_bad_yaml_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("targets: []\n")
    (tmp_path / "broken.yaml").write_text("targets: [\n  - id: x\n")
    with pytest.raises(TargetFileError, match=r"^broken.yaml: not valid YAML"):
        read_target_files(tmp_path)


def test_defaults_merge_and_relative_change_derives_target() -> None:
    doc = {
        "defaults": {"owner": "Board", "source": {"document": "plan", "date": "2019-08-21"}},
        "targets": [
            {k: v for k, v in target_doc().items() if k != "owner"}
            | {
                "source": {"section": "2.2"},
                "baseline": {"value": 100.0},
                "target": {"value": None, "relative_change": -0.17, "date": "2021-03-31"},
            }
        ],
    }
    spec = load_targets([("x.yaml", doc)])[0]
    assert spec.owner == "Board" and spec.source.document == "plan"
    row = registry_frame([spec]).row(0, named=True)
    assert row["target_value"] == pytest.approx(83.0)
    assert row["target_value_basis"] == "derived from relative change"
    assert row["baseline_date"] == dt.date(2019, 8, 21)
    assert row["baseline_date_basis"] == "document date"
    assert row["complete"]


def test_transcribed_registry_loads_with_the_seed_figures() -> None:
    specs = load_targets(read_target_files(REGISTRY_DIR))
    frame = registry_frame(specs)
    assert len(specs) >= 40
    by_id = {s.id: s for s in specs}
    expected = {
        "sandwell-smoking-at-delivery": (9.8, 3.3),
        "sandwell-low-birth-weight": (3.7, 3.1),
        "sandwell-school-readiness": (66.4, 91.4),
        "sandwell-deaths-at-home": (25.5, 31.2),
        "sandwell-deaths-in-care-homes": (16.9, 20.3),
        "sandwell-overweight-adults": (71.0, 61.2),
        "sandwell-physically-inactive-adults": (29.6, 25.492),
        "sandwell-alcohol-specific-admissions": (670.3, 527.75),
        "sandwell-pm25": (11.2, 9.1),
        "bsol-acs-admissions": (940.8, 632.1),
        "bsol-deaths-in-hospital": (53.8, 42.0),
        "bsol-delayed-transfers": (17.39, 5.0),
        "bsol-ltc-feeling-supported": (63.3, 72.5),
        "bsol-ld-health-checks": (28.6, 75.0),
        "bsol-inactivity-birmingham": (36.2, 35.0),
        "bsol-inactivity-solihull": (27.1, 26.0),
    }
    for target_id, (baseline, target) in expected.items():
        assert (by_id[target_id].baseline.value, by_id[target_id].target.value) == (
            baseline,
            target,
        ), target_id
    sandwell = frame.filter(pl.col("target_id").str.starts_with("sandwell"))
    assert set(sandwell["area_code"]) == {"E08000028"}
    assert sandwell.filter(pl.col("complete"))["target_date"].unique().to_list() == [
        dt.date(2025, 3, 31)
    ]
    x_to_y = [
        "sandwell-admissions-last-months-of-life",
        "sandwell-diabetes-prevalence",
        "sandwell-social-isolation",
    ]
    assert not frame.filter(pl.col("target_id").is_in(x_to_y))["complete"].any()
    assert by_id["bsol-smoking-in-pregnancy"].target.value == 8.0
