"""Bridges-to-Health population segmentation: one segment per person by priority rules.

Reference: Lynn J et al., "The Bridges to Health model", Milbank Q 2007;85:185; NHS England's
national segmentation dataset adapts it; as in SNEE ICS's published rules, a priority order
resolves overlap: the first rule (lowest priority number) a person meets is their segment.
Conditions come from the bundled code lists in `models.risk.codelists` (illustrative subsets).
"""

from __future__ import annotations

import polars as pl

from models.risk.codelists import EFI_CONDITIONS, EFI_OBSERVATIONS, condition_category_maps

FRAIL_DEFICITS = 9  # eFI ≥ 9/36 = 0.25: moderate or severe frailty (Clegg 2016 cut 0.24)
FRAIL_AGE = 65
DISABILITY_DEFICITS = ("activity_limitation", "mobility_and_transfer_problems",
                       "requirement_for_care", "visual_impairment")  # fmt: skip
PREGNANCY_CODES = ("77386006",)  # SNOMED "Pregnancy"; synthetic records hold none
OTHER_LTCS = ("AF", "AST", "CAN", "CHD", "CKD", "DEP", "DM", "HYP", "STIA")

# (segment, Bridges to Health name, rule in words); the list order is the priority order.
SEGMENTS: list[tuple[str, str, str]] = [
    ("end_of_life", "Short period of decline before dying", "died during the year"),
    ("frailty_dementia", "Long period of decline (frailty, dementia)",
     f"dementia; or aged {FRAIL_AGE}+ with ≥{FRAIL_DEFICITS} of 36 eFI deficits; or housebound"),
    ("organ_failure", "Limited reserve and serious exacerbations", "heart failure or COPD"),
    ("stable_disability", "Stable but serious disability",
     "activity limitation, mobility/transfer problems, needs care, or visual impairment"),
    ("chronic_conditions", "Chronic conditions, normal function",
     "any other QOF long-term condition: " + ", ".join(OTHER_LTCS)),
    ("maternal_infant", "Maternal and infant health", "aged under 1, or pregnancy recorded"),
    ("acutely_ill", "Acutely ill, likely to recover",
     "an emergency admission or A&E attendance during the year"),
    ("healthy", "Healthy", "none of the above"),
]  # fmt: skip
SEGMENT_ORDER = [code for code, _, _ in SEGMENTS]


def segment_table() -> pl.DataFrame:
    """The segments as data: code, priority (1 = first), label and the rule in words."""
    return pl.DataFrame(
        [(code, i + 1, label, rule) for i, (code, label, rule) in enumerate(SEGMENTS)],
        schema=["segment", "segment_priority", "segment_label", "segment_rule"],
        orient="row",
    )


def code_categories(codes: pl.DataFrame) -> pl.DataFrame:
    """person_id, code, in_year → person_id, category (`ltc_XX`, `efi_x`, `pregnancy`), in_year.

    SNOMED codes match exactly; ICD-10 codes by their first three characters. `in_year` says
    whether any code of the category was recorded during the segmentation year.
    """
    snomed, icd = condition_category_maps()
    snomed.update({code: f"efi_{name}" for name, code in EFI_OBSERVATIONS.items()})
    snomed.update(dict.fromkeys(PREGNANCY_CODES, "pregnancy"))
    code = pl.col("code").str.strip_chars()
    category = pl.coalesce(
        code.replace_strict(snomed, default=None),
        code.str.slice(0, 3).replace_strict(icd, default=None),
    )
    if "in_year" not in codes.columns:
        codes = codes.with_columns(in_year=pl.lit(True))
    return (
        codes.select("person_id", category.alias("category"), "in_year")
        .drop_nulls("category")
        .group_by("person_id", "category")
        .agg(pl.col("in_year").any())
    )


def person_flags(people: pl.DataFrame, categories: pl.DataFrame) -> pl.DataFrame:
    """`people` plus the boolean/count flags the rules read, from their code categories."""

    def has(*cats: str) -> pl.Expr:
        return pl.col("category").is_in(list(cats)).any()

    deficits = [f"efi_{name}" for name in (*EFI_CONDITIONS, *EFI_OBSERVATIONS)]
    flags = categories.group_by("person_id").agg(
        has("ltc_DEM").alias("dementia"),
        has("ltc_HF", "ltc_COPD").alias("organ_failure"),
        has(*[f"efi_{d}" for d in DISABILITY_DEFICITS]).alias("disability"),
        has(*[f"ltc_{k}" for k in OTHER_LTCS]).alias("long_term_condition"),
        has("efi_housebound").alias("housebound"),
        (pl.col("category").eq("pregnancy") & pl.col("in_year")).any().alias("pregnant"),
        pl.col("category").is_in(deficits).sum().cast(pl.Int64).alias("efi_coded_deficits"),
    )
    bools = ["dementia", "organ_failure", "disability", "long_term_condition", "housebound",
             "pregnant"]  # fmt: skip
    return people.join(flags, on="person_id", how="left").with_columns(
        pl.col(bools).fill_null(False), pl.col("efi_coded_deficits").fill_null(0)
    )


def assign_segments(flags: pl.DataFrame) -> pl.DataFrame:
    """Add `segment` and `segment_priority`: the first rule in SEGMENTS that the person meets.

    Needs: died_in_year, age, dementia, efi_coded_deficits, housebound, organ_failure,
    disability, long_term_condition, pregnant, emergency_admissions, ae_attendances.
    """
    rules = [
        pl.col("died_in_year"),
        pl.col("dementia")
        | ((pl.col("age") >= FRAIL_AGE) & (pl.col("efi_coded_deficits") >= FRAIL_DEFICITS))
        | pl.col("housebound"),
        pl.col("organ_failure"),
        pl.col("disability"),
        pl.col("long_term_condition"),
        (pl.col("age") < 1) | pl.col("pregnant"),
        (pl.col("emergency_admissions") > 0) | (pl.col("ae_attendances") > 0),
    ]
    expr = pl.lit(SEGMENT_ORDER[-1])
    for code, rule in reversed(list(zip(SEGMENT_ORDER, rules, strict=False))):
        expr = pl.when(rule.fill_null(False)).then(pl.lit(code)).otherwise(expr)
    priority = {code: i + 1 for i, code in enumerate(SEGMENT_ORDER)}
    return flags.with_columns(segment=expr).with_columns(
        segment_priority=pl.col("segment").replace_strict(priority, return_dtype=pl.Int64)
    )


def activity_cost(people: pl.DataFrame, unit_costs: dict[str, float]) -> pl.DataFrame:
    """Add `cost_gbp`: each activity count × its unit cost (keys are column names)."""
    missing = set(unit_costs) - set(people.columns)
    if missing:
        raise ValueError(f"unit costs for activities not in the data: {sorted(missing)}")
    terms = [pl.col(c).fill_null(0).cast(pl.Float64) * cost for c, cost in unit_costs.items()]
    return people.with_columns(cost_gbp=pl.sum_horizontal(terms) if terms else pl.lit(0.0))


PEOPLE_SCHEMA = {
    "person_id": pl.Int64, "age": pl.Int64, "neighbourhood": pl.String,
    "died_in_year": pl.Boolean, "emergency_admissions": pl.Int64,
    "emergency_bed_days": pl.Int64, "elective_admissions": pl.Int64,
    "ae_attendances": pl.Int64, "outpatient_attendances": pl.Int64,
}  # fmt: skip
CODES_SCHEMA = {"person_id": pl.Int64, "code": pl.String, "in_year": pl.Boolean}


def person_segments(
    people: pl.DataFrame, codes: pl.DataFrame, unit_costs: dict[str, float]
) -> pl.DataFrame:
    """People (PEOPLE_SCHEMA) and their codes (CODES_SCHEMA) → one segmented row per person."""
    people = people.cast({k: v for k, v in PEOPLE_SCHEMA.items() if k in people.columns})
    flags = person_flags(people, code_categories(codes.cast(CODES_SCHEMA)))
    return activity_cost(assign_segments(flags), unit_costs)
