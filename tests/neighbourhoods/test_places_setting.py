"""The places setting: CLI --place, 'all' spelled out for the risk partitions."""

from __future__ import annotations

import re

from assets.resources import DEMO_DATA_DIR, PlaceHealthSettings
from pipelines.cli import parser
from pipelines.definitions import partition_places
from pipelines.resources import build_resources


def test_place_option_and_setting():
    args = parser().parse_args(["build", "--place", "E06000001,E08000028"])
    assert args.place == "E06000001,E08000028"
    settings = build_resources(places=["E06000001"])["settings"]
    assert settings.places == ["E06000001"]


def test_all_means_every_english_local_authority_of_the_lookup():
    everyone = partition_places(PlaceHealthSettings(places=["all"], data_dir=str(DEMO_DATA_DIR)))
    assert len(everyone) >= 4 and all(re.fullmatch(r"E0[6-9]\d{6}", c) for c in everyone)
    assert set(PlaceHealthSettings().places) <= set(everyone)
    listed = partition_places(PlaceHealthSettings(places=["E06000001"]))
    assert listed == ["E06000001"]
