from datetime import date

from pipelines.automation import changed_sources, fingerprint
from pipelines.calendar import first_working_day, is_first_working_day


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
