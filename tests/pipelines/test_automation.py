from datetime import date

from pipelines.automation import changed_sources, fingerprint
from pipelines.calendar import first_working_day, is_first_working_day
from pipelines.source_docs import DOC, render_markdown
from sources.registry import SOURCES


def test_first_working_day_skips_weekends_and_new_year():
    assert first_working_day(2026, 11) == date(2026, 11, 2)  # 1 Nov 2026 is a Sunday
    assert first_working_day(2026, 12) == date(2026, 12, 1)  # Tuesday
    assert first_working_day(2022, 1) == date(2022, 1, 4)  # 1 Jan Sat -> holiday Mon 3rd
    assert first_working_day(2027, 1) == date(2027, 1, 4)  # 1 Jan Fri holiday, then weekend
    assert is_first_working_day(date(2026, 8, 3)) and not is_first_working_day(date(2026, 8, 4))


def test_changed_sources_maps_subfolders_to_sources(tmp_path):
    (tmp_path / "qof").mkdir()
    (tmp_path / "qof" / "QOF_2022-23_PREVALENCE_2223.csv").write_text("a\n")
    before = fingerprint(tmp_path)
    (tmp_path / "deprivation").mkdir()
    (tmp_path / "deprivation" / "IoD2019_File_1_IMD_LSOA11.csv").write_text("b\n")
    (tmp_path / "notes.txt").write_text("ignored")
    after = fingerprint(tmp_path)
    assert changed_sources(before, after) == ["imd"]
    assert changed_sources(after, after) == []


def test_every_registry_source_is_watched(tmp_path):
    """Each staging source's files re-ingest it: the reference and supplementary tables too."""
    examples = {
        "fingertips/metadata/indicator_metadata_all.json.gz": ["indicator_metadata"],
        "fingertips/metadata/areas_with_parents.json": ["fingertips_area_parents"],
        "fingertips/metadata/areas_hierarchy.csv": ["fingertips_areas"],
        "fingertips/indicators_93088.csv": ["fingertips"],
        "deprivation/IoD2025_LSOA21_subdomains_scores.csv": ["imd_subdomains"],
        "geography/LSOA11_to_LSOA21_to_LAD22_EW.csv": ["lsoa_changes"],
        "qof/epraccur.csv": ["practices"],
        "qof/ePCN.xlsx": ["pcn_details"],
        "population/european_standard_population_2013.csv": ["standard_population"],
    }
    for path, sources in examples.items():
        assert changed_sources({}, {path: [1.0, 1]}) == sources, path
    everything = {f"{s.folder}/x": [1.0, 1] for s in SOURCES.values()}
    assert changed_sources({}, everything) == []  # names outside every pattern: nothing


def test_every_source_has_a_folder_and_patterns_inside_it():
    for source in SOURCES.values():
        assert source.patterns and source.description, source.name
        assert all(p.startswith(f"{source.folder}/") for p in source.patterns), source.name


def test_the_sources_doc_is_generated_from_the_registry():
    """docs/sources.md lists every registry source and is current (regenerate if this fails)."""
    text = DOC.read_text(encoding="utf-8")
    assert text == render_markdown(), "run `python -m pipelines.source_docs`"
    assert all(f"`staging.{name}`" in text for name in SOURCES)
