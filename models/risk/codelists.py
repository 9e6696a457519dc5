"""Bundled code lists: long-term conditions, eFI-style deficits, visits, measurements.

These are small illustrative subsets (SNOMED CT concept ids and ICD-10 three-character
prefixes), not the full NHS Digital Primary Care Domain refsets or the eFI code lists, which
are not published. Real deployments should swap in the PCD refset clusters (e.g. `DM_COD`).
"""

from __future__ import annotations

# QOF register code -> (label, SNOMED codes, ICD-10 3-character prefixes, QOF age base)
LTCS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], int]] = {
    "AF": ("Atrial fibrillation", ("49436004",), ("I48",), 0),
    "AST": ("Asthma", ("195967001",), ("J45", "J46"), 6),
    "CAN": ("Cancer", ("363346000",), tuple(f"C{i:02d}" for i in range(98)), 0),
    "CHD": (
        "Coronary heart disease",
        ("53741008", "22298006", "194828000"),
        ("I20", "I21", "I25"),
        0,
    ),
    "CKD": ("Chronic kidney disease 3-5", ("433144002", "431857002", "433146000"), ("N18",), 18),
    "COPD": ("COPD", ("13645005",), ("J44",), 0),
    "DEM": ("Dementia", ("52448006",), ("F00", "F01", "F02", "F03", "G30"), 0),
    "DEP": ("Depression", ("35489007",), ("F32", "F33"), 18),
    "DM": ("Diabetes", ("44054006", "46635009", "73211009"), ("E10", "E11", "E13", "E14"), 17),
    "HF": ("Heart failure", ("84114007", "42343007"), ("I50",), 0),
    "HYP": ("Hypertension", ("38341003", "59621000"), ("I10", "I15"), 0),
    "STIA": ("Stroke or TIA", ("230690007", "266257000"), ("I63", "I64", "G45"), 0),
}

# eFI (Clegg 2016) has 36 equally weighted deficits. Nine come from the LTC flags above,
# one is polypharmacy, three are recorded as observations and 23 as conditions.
EFI_FROM_LTC: dict[str, tuple[str, ...]] = {
    "atrial_fibrillation": ("AF",),
    "cerebrovascular_disease": ("STIA",),
    "chronic_kidney_disease": ("CKD",),
    "diabetes": ("DM",),
    "heart_failure": ("HF",),
    "hypertension": ("HYP",),
    "ischaemic_heart_disease": ("CHD",),
    "memory_and_cognitive_problems": ("DEM",),
    "respiratory_disease": ("AST", "COPD"),
}
EFI_CONDITIONS: dict[str, str] = {
    "activity_limitation": "300577008",
    "anaemia": "271737000",
    "arthritis": "3723001",
    "dizziness": "404640003",
    "dyspnoea": "267036007",
    "falls": "161898004",
    "foot_problems": "102542001",
    "fragility_fracture": "441899003",
    "hearing_impairment": "15188001",
    "heart_valve_disease": "368009",
    "hypotension_syncope": "45007003",
    "mobility_and_transfer_problems": "302042009",
    "osteoporosis": "64859006",
    "parkinsonism_and_tremor": "32798002",
    "peptic_ulcer": "13200003",
    "peripheral_vascular_disease": "400047006",
    "skin_ulcer": "95344007",
    "sleep_disturbance": "26677001",
    "thyroid_disease": "14304000",
    "urinary_incontinence": "165232002",
    "urinary_system_disease": "42399005",
    "visual_impairment": "397540003",
    "weight_loss_and_anorexia": "89362005",
}
EFI_OBSERVATIONS: dict[str, str] = {
    "housebound": "160689007",
    "requirement_for_care": "1064831000000106",
    "social_vulnerability": "422650009",
}
EFI_DEFICIT_COUNT = 36
POLYPHARMACY_MIN = 5

# OMOP visit concepts; emergency admissions are ERIP (262) or inpatient (9201) with a HES
# emergency admission method (21-28, 2A-2D) in visit_source_value.
VISIT_INPATIENT, VISIT_OUTPATIENT, VISIT_ER, VISIT_ER_INPATIENT = 9201, 9202, 9203, 262
EMERGENCY_ADMISSION_METHODS = ("21", "22", "23", "24", "25", "28", "2A", "2B", "2C", "2D")

# measurement key -> (OMOP concept id, SNOMED source code, unit)
MEASUREMENTS: dict[str, tuple[int, str, str]] = {
    "hba1c": (3004410, "999791000000106", "mmol/mol"),
    "sbp": (3004249, "72313002", "mm[Hg]"),
    "egfr": (3049187, "1011481000000105", "mL/min/1.73m2"),
    "bmi": (3038553, "60621009", "kg/m2"),
}
SMOKING_CODES: dict[str, str] = {"77176002": "current", "8517006": "ex", "266919005": "never"}

GENDER_MALE, GENDER_FEMALE = 8507, 8532

# NHS ethnic category (data dictionary 2001 codes) -> broad group used for fairness tables
NHS_ETHNIC_GROUPS: dict[str, str] = {
    **dict.fromkeys("ABC", "White"),
    **dict.fromkeys("DEFG", "Mixed"),
    **dict.fromkeys("HJKL", "Asian"),
    **dict.fromkeys("MNP", "Black"),
    **dict.fromkeys("RS", "Other"),
}


def condition_category_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(SNOMED code -> category, ICD-10 3-char prefix -> category); categories `ltc_XX`/`efi_x`."""
    snomed: dict[str, str] = {}
    icd: dict[str, str] = {}
    for ltc, (_, codes, prefixes, _) in LTCS.items():
        snomed.update(dict.fromkeys(codes, f"ltc_{ltc}"))
        icd.update(dict.fromkeys(prefixes, f"ltc_{ltc}"))
    snomed.update({code: f"efi_{name}" for name, code in EFI_CONDITIONS.items()})
    return snomed, icd
