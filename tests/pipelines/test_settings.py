"""The environment is read once (pipelines.settings) and reaches assets as settings fields."""

from __future__ import annotations

import dagster as dg
import pytest

from assets.resources import DEFAULT_PLACES, PlaceHealthSettings
from pipelines.resources import build_resources
from pipelines.settings import read_environment, shared_data_dir


def test_environment_values_are_parsed_once() -> None:
    env = read_environment({"PLACEHEALTH_GX_PROCESS": "No", "PLACEHEALTH_LIVE_FINGERTIPS": "YES",
                            "PLACEHEALTH_DATA_DIR": "", "PLACEHEALTH_SHARED_DATA": "/x/y"})  # fmt: skip
    assert env.gx_process is False and env.live_fingertips is True
    assert env.data_dir is None  # empty means unset: the default applies
    assert shared_data_dir({"PLACEHEALTH_SHARED_DATA": "/x/y"}).as_posix() == "/x/y"
    assert read_environment({}).gx_process is True


def test_pseudonym_key_reaches_assets_through_dagster_only(monkeypatch, tmp_path) -> None:
    """Set: an EnvVar Dagster resolves in the run (never a plain value in run config)."""
    monkeypatch.setenv("PLACEHEALTH_PSEUDONYM_KEY", "controller-key-123")
    settings = build_resources(data_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"),
                               restricted=str(tmp_path / "r.duckdb"))["settings"]  # fmt: skip
    assert isinstance(settings.pseudonym_key, dg.EnvVar)
    assert settings.places == list(DEFAULT_PLACES)
    seen: dict[str, str] = {}

    @dg.asset
    def probe(settings: PlaceHealthSettings) -> None:
        seen["key"] = settings.pseudonym_key

    assert dg.materialize([probe], resources={"settings": settings}).success
    assert seen["key"] == "controller-key-123"


@pytest.mark.parametrize("value", ["", None])
def test_unset_pseudonym_key_means_the_demo_key(monkeypatch, tmp_path, value) -> None:
    if value is None:
        monkeypatch.delenv("PLACEHEALTH_PSEUDONYM_KEY", raising=False)
    else:
        monkeypatch.setenv("PLACEHEALTH_PSEUDONYM_KEY", value)
    settings = build_resources(data_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"),
                               restricted=str(tmp_path / "r.duckdb"))["settings"]  # fmt: skip
    assert settings.pseudonym_key == ""
