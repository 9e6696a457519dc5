"""QOF practice disease registers with list sizes and NHS geography; ODS practice lists."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.checked_csv import read_text_csv
from sources.checked_values import require_pattern, require_unique, require_values, to_numbers
from sources.codes import ICB_CODE, PCN_CODE, PRACTICE_CODE, SUB_ICB_CODE
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, check_data_dir, label_of

PATTERNS = tuple(
    f"qof/QOF_*_{kind}_*{ext}"
    for kind in ("PREVALENCE", "MAPPING_NHS_GEOGRAPHIES")
    for ext in (".csv", ".csv.gz")
)
PREVALENCE = ["PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE"]
MAPPING = {
    "PRACTICE_CODE": "practice_code",
    "PRACTICE_NAME": "practice_name",
    "PCN_ODS_CODE": "pcn_code",
    "PCN_NAME": "pcn_name",
    "SUB_ICB_ONS_CODE": "sub_icb_code",
    "SUB_ICB_ODS_CODE": "sub_icb_ods_code",
    "SUB_ICB_NAME": "sub_icb_name",
    "ICB_ONS_CODE": "icb_code",
    "ICB_ODS_CODE": "icb_ods_code",
    "ICB_NAME": "icb_name",
    "REGION_ONS_CODE": "region_code",
    "REGION_ODS_CODE": "region_ods_code",
    "REGION_NAME": "region_name",
}


def _financial_year(path: Path, label: str) -> str:
    match = re.search(r"QOF_(\d{4})-(\d{2})_", path.name)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise IngestError(label, "file name does not carry the financial year (QOF_2022-23_...)")
    return f"{match[1]}-{match[2]}"


def read_prevalence_file(path: Path, label: str) -> pl.DataFrame:
    """One QOF PREVALENCE file: practice x register with list size and prevalence (%)."""
    frame = read_text_csv(path, label, required=PREVALENCE)
    require_values(frame, label, PREVALENCE)
    require_pattern(frame, label, "PRACTICE_CODE", PRACTICE_CODE, "practice code")
    frame = to_numbers(frame, label, {"REGISTER": pl.Int64, "PRACTICE_LIST_SIZE": pl.Int64})
    require_unique(frame, label, ["PRACTICE_CODE", "GROUP_CODE"])
    return frame.select(
        pl.col("PRACTICE_CODE").alias("practice_code"),
        pl.col("GROUP_CODE").alias("group_code"),
        pl.col("REGISTER").alias("register"),
        pl.col("PATIENT_LIST_TYPE").alias("patient_list_type"),
        pl.col("PRACTICE_LIST_SIZE").alias("practice_list_size"),
        pl.lit(_financial_year(path, label)).alias("financial_year"),
        pl.when(pl.col("PRACTICE_LIST_SIZE") > 0)
        .then(pl.col("REGISTER") / pl.col("PRACTICE_LIST_SIZE") * 100)
        .alias("prevalence"),
    )


def read_mapping_file(path: Path, label: str) -> pl.DataFrame:
    """One QOF MAPPING_NHS_GEOGRAPHIES file: practice -> PCN -> sub-ICB -> ICB -> region."""
    frame = read_text_csv(path, label, required=list(MAPPING))
    require_values(frame, label, ["PRACTICE_CODE", "ICB_ONS_CODE"])
    require_pattern(frame, label, "PRACTICE_CODE", PRACTICE_CODE, "practice code")
    require_pattern(frame, label, "PCN_ODS_CODE", PCN_CODE, "PCN code", optional=True)
    require_pattern(frame, label, "SUB_ICB_ONS_CODE", SUB_ICB_CODE, "sub-ICB code", True)
    require_pattern(frame, label, "ICB_ONS_CODE", ICB_CODE, "ICB code")
    require_unique(frame, label, ["PRACTICE_CODE"])
    return (
        frame.select(list(MAPPING))
        .rename(MAPPING)
        .with_columns(financial_year=pl.lit(_financial_year(path, label)))
    )


def read_qof_prevalence(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """Every QOF year present, registers joined to that year's practice geography."""
    registers, mappings, reads = [], [], []
    for item in files:
        label = label_of(data_dir, item.path)
        is_mapping = "_MAPPING_NHS_GEOGRAPHIES_" in item.path.name
        frame = (read_mapping_file if is_mapping else read_prevalence_file)(item.path, label)
        (mappings if is_mapping else registers).append(frame)
        reads.append(FileRead(item.path, item.sha256, frame.height, frame.height, 0))
    if not registers:
        raise IngestError("qof", "a QOF mapping file is present without its PREVALENCE file")
    table = pl.concat(registers, how="vertical")
    geography = pl.concat(mappings, how="vertical") if mappings else None
    if geography is None:
        geography = pl.DataFrame(
            schema={**dict.fromkeys(MAPPING.values(), pl.String), "financial_year": pl.String}
        )
    table = table.join(geography, on=["financial_year", "practice_code"], how="left")
    unmapped = table.filter(pl.col("icb_code").is_null())["practice_code"].n_unique()
    if unmapped:
        for read in reads:
            if "_PREVALENCE_" in read.path.name:
                read.note = f"{unmapped} practices have no NHS geography mapping (columns null)"
    order = ["financial_year", "practice_code", "practice_name", "group_code", "register"]
    order += ["patient_list_type", "practice_list_size", "prevalence"]
    order += [c for c in MAPPING.values() if c not in order]
    return table.select(order).sort("financial_year", "practice_code", "group_code"), reads


EPRACCUR = ["practice_code", "practice_name", "nhs_region_ods_code", "icb_ods_code"]
EPRACCUR += [f"address_{i}" for i in range(1, 6)] + ["postcode", "open_date", "close_date"]
EPRACCUR += ["status_code", "organisation_sub_type", "commissioner_ods_code", "join_date"]
EPRACCUR += ["left_date", "phone", "_n19", "_n20", "_n21", "amended_record", "_n23"]
EPRACCUR += ["provider_purchaser", "_n25", "prescribing_setting", "_n27"]


def read_practices(data_dir: Path) -> pl.DataFrame | None:
    """ODS epraccur GP practices (prescribing setting 4) with their current PCN from ePCN."""
    folder = check_data_dir(data_dir) / "qof"
    path = next(iter(sorted(folder.glob("epraccur.csv*"))), None) if folder.is_dir() else None
    if path is None:
        return None
    label = label_of(data_dir, path)
    frame = read_text_csv(path, label, column_names=EPRACCUR)
    require_values(frame, label, ["practice_code"])
    require_unique(frame, label, ["practice_code"])
    frame = to_numbers(frame, label, {"prescribing_setting": pl.Int64})
    dates = ["open_date", "close_date", "join_date", "left_date"]
    practices = (
        frame.filter(pl.col("prescribing_setting") == 4)
        .select([c for c in EPRACCUR if not c.startswith("_")])
        .with_columns(pl.col(dates).str.to_date("%Y%m%d", strict=False))
    )
    partners = next(iter(sorted(folder.glob("ePCN_core_partner_details.csv*"))), None)
    if partners is None:
        return practices
    plabel = label_of(data_dir, partners)
    cols = ["Partner Organisation Code", "PCN Code", "PCN Name"]
    cols += ["Practice to PCN Relationship End Date"]
    pcn = read_text_csv(partners, plabel, required=cols)
    require_pattern(pcn, plabel, "PCN Code", PCN_CODE, "PCN code")
    current = (
        pcn.filter(pl.col("Practice to PCN Relationship End Date").is_null())
        .select(
            pl.col("Partner Organisation Code").alias("practice_code"),
            pl.col("PCN Code").alias("pcn_code"),
            pl.col("PCN Name").alias("pcn_name"),
        )
        .unique("practice_code", keep="first")
    )
    return practices.join(current, on="practice_code", how="left")


PATIENTS_BY_LSOA = ("qof/gp-reg-pat-prac-lsoa*.csv", "qof/gp-reg-pat-prac-lsoa*.csv.gz")
PATIENTS_COLUMNS = ["PRACTICE_CODE", "LSOA_CODE", "NUMBER_OF_PATIENTS"]


def read_gp_patients_by_lsoa(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """NHS Digital "Patients registered at a GP practice" by LSOA, as published
    (`PUBLICATION, EXTRACT_DATE, PRACTICE_CODE, PRACTICE_NAME, LSOA_CODE, SEX,
    NUMBER_OF_PATIENTS`): practice_code, lsoa_code, patients (all sexes), one row per pair.

    Rows with the 'NO2011' / unknown LSOA placeholder are dropped and counted as rejected.
    """
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        frame = read_text_csv(item.path, label, required=PATIENTS_COLUMNS)
        frame = frame.with_row_index("source_row", offset=1)
        require_values(frame, label, PATIENTS_COLUMNS)
        require_pattern(frame, label, "PRACTICE_CODE", PRACTICE_CODE, "practice code")
        frame = to_numbers(frame, label, {"NUMBER_OF_PATIENTS": pl.Int64})
        if "SEX" in frame.columns:  # the 'ALL' rows, or the sum of the sexes where absent
            alls = frame.filter(pl.col("SEX").str.to_uppercase() == "ALL")
            frame = alls if alls.height else frame
        known = frame.filter(pl.col("LSOA_CODE").str.contains(r"^[EW]01\d{6}$"))
        table = known.group_by(
            pl.col("PRACTICE_CODE").alias("practice_code"), pl.col("LSOA_CODE").alias("lsoa_code")
        ).agg(pl.col("NUMBER_OF_PATIENTS").sum().alias("patients"))
        tables.append(table)
        reads.append(FileRead(item.path, item.sha256, frame.height, known.height,
                              frame.height - known.height, "rows with no LSOA dropped"))  # fmt: skip
    table = pl.concat(tables).group_by("practice_code", "lsoa_code").agg(pl.col("patients").sum())
    return table.sort("practice_code", "lsoa_code"), reads
