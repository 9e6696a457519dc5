"""Every staging and publish asset of the pipeline is guarded by an expectation suite."""

from expectations import load_suite, suite_names

NOT_TABLES = {"publish.data_quality_report"}  # the report itself, not a dashboard table


def test_every_staging_and_publish_asset_has_a_suite():
    from pipelines.catalogue import all_assets

    assets = {".".join(k.path) for a in all_assets() for k in a.keys}
    guarded = {load_suite(n).asset_name for n in suite_names()}
    layered = {a for a in assets if a.split(".")[0] in ("staging", "publish")} - NOT_TABLES
    assert sorted(layered - guarded) == []
